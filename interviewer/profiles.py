"""Local profiles: who is using the app, and what their role lets them do.

Every change is audit-logged in the caller's transaction; services flush but
never commit (the caller wraps them in ``with session.begin()``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.enums import Role
from interviewer.models import Profile

NAME_MAX = 255
EMAIL_MAX = 320
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


class ProfileError(ValueError):
    """A profile that cannot be saved; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class ProfileRow:
    """A profile as the window shows it."""

    id: int
    name: str
    email: str | None
    role: Role

    @property
    def label(self) -> str:
        """Name and role, as the profile menu shows them: "Ana Ruiz · Manager"."""
        return f"{self.name} · {self.role.label}"


def can_review(role: Role) -> bool:
    """Whether ``role`` may approve or reject criteria sets."""
    return role == Role.MANAGER


def can_edit_criteria(role: Role) -> bool:
    """Whether ``role`` may draft, edit, submit and version criteria sets."""
    return role in (Role.PROGRAM_OWNER, Role.MANAGER)


def sees_criteria(role: Role) -> bool:
    """Whether ``role`` may open the criteria area at all (interviewers may not)."""
    return role != Role.INTERVIEWER


def list_profiles(session: Session) -> list[ProfileRow]:
    """Every profile, by name (then id)."""
    profiles = session.scalars(select(Profile)).all()
    return sorted((_row(p) for p in profiles), key=lambda r: (r.name.casefold(), r.id))


def get_profile(session: Session, profile_id: int) -> ProfileRow | None:
    profile = session.get(Profile, profile_id)
    return _row(profile) if profile is not None else None


def create_profile(
    session: Session, name: str, email: str | None, role: Role, *, actor: str = "local user"
) -> ProfileRow:
    """Add a profile; the very first profile is recorded as created by itself."""
    clean_name, clean_email, clean_role = _validated(session, name, email, role, profile_id=None)
    first = session.scalar(select(func.count(Profile.id))) == 0
    profile = Profile(name=clean_name, email=clean_email, role=clean_role)
    session.add(profile)
    session.flush()
    audit.record(
        session, clean_name if first else actor, "profile.created", "profile", profile.id,
        name=clean_name, email=clean_email, role=clean_role.value,
    )  # fmt: skip
    return _row(profile)


def update_profile(
    session: Session, profile_id: int, *, name: str, email: str | None, role: Role, actor: str = "local user"
) -> ProfileRow:
    """Change a profile's name, email and role; the audit entry lists what changed, before and after."""
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise ProfileError("This profile no longer exists.")
    clean_name, clean_email, clean_role = _validated(session, name, email, role, profile_id=profile_id)
    before = {"name": profile.name, "email": profile.email, "role": profile.role.value}
    after = {"name": clean_name, "email": clean_email, "role": clean_role.value}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        profile.name, profile.email, profile.role = clean_name, clean_email, clean_role
        session.flush()
        audit.record(session, actor, "profile.updated", "profile", profile.id, changes=changes)
    return _row(profile)


def _validated(
    session: Session, name: str, email: str | None, role: Role | str, *, profile_id: int | None
) -> tuple[str, str | None, Role]:
    clean_name = " ".join((name or "").split())
    if not clean_name:
        raise ProfileError("Give the profile a name.")
    if len(clean_name) > NAME_MAX:
        raise ProfileError(f"A name can be at most {NAME_MAX} characters long.")
    clean_email = (email or "").strip() or None
    if clean_email is not None:
        if len(clean_email) > EMAIL_MAX or not _EMAIL.match(clean_email):
            raise ProfileError(f"“{clean_email}” does not look like an email address.")
        query = select(Profile.id).where(func.lower(Profile.email) == clean_email.lower())
        if profile_id is not None:
            query = query.where(Profile.id != profile_id)
        if session.scalar(query.limit(1)) is not None:
            raise ProfileError(f"Another profile already uses {clean_email}.")
    try:
        clean_role = role if isinstance(role, Role) else Role.parse(str(role))
    except ValueError:
        raise ProfileError(f"“{role}” is not a role: choose program owner, manager or interviewer.") from None
    return clean_name, clean_email, clean_role


def _row(profile: Profile) -> ProfileRow:
    return ProfileRow(profile.id, profile.name, profile.email, profile.role)
