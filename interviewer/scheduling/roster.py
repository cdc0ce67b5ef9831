"""The interviewer roster: who runs calls, from where (time zone) and when (weekly hours)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.enums import InterviewerKind
from interviewer.models import Interviewer, Profile
from interviewer.scheduling.availability import AvailabilityError, normalised, zone

NAME_MAX = 255
EMAIL_MAX = 320
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


class RosterError(ValueError):
    """An interviewer that cannot be saved; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class InterviewerRow:
    """An interviewer as the roster shows it."""

    id: int
    name: str
    email: str
    organisation: str | None
    kind: InterviewerKind
    time_zone: str
    availability: dict[str, list[str]] = field(default_factory=dict)
    active: bool = True
    profile_id: int | None = None

    @property
    def independent(self) -> bool:
        """Whether this interviewer works for a third-party firm."""
        return self.kind == InterviewerKind.EXTERNAL


def list_interviewers(session: Session, active_only: bool = False) -> list[InterviewerRow]:
    """Every interviewer (or only the active ones), by name then id."""
    query = select(Interviewer)
    if active_only:
        query = query.where(Interviewer.active.is_(True))
    rows = [_row(i) for i in session.scalars(query)]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def get_interviewer(session: Session, interviewer_id: int) -> InterviewerRow | None:
    interviewer = session.get(Interviewer, interviewer_id)
    return _row(interviewer) if interviewer is not None else None


def create_interviewer(
    session: Session, *, name: str, email: str, organisation: str | None, kind: InterviewerKind | str,
    time_zone: str, availability: dict[str, Any] | None, actor: str, profile_id: int | None = None,
) -> InterviewerRow:
    """Add an interviewer after checking every field; audit-logged."""
    values = _validated(session, None, name, email, organisation, kind, time_zone, availability, profile_id)
    interviewer = Interviewer(active=True, **values)
    session.add(interviewer)
    session.flush()
    audit.record(session, actor, "interviewer.created", "interviewer", interviewer.id, **_jsonable(values))
    return _row(interviewer)


def update_interviewer(
    session: Session, interviewer_id: int, *, name: str, email: str, organisation: str | None,
    kind: InterviewerKind | str, time_zone: str, availability: dict[str, Any] | None, actor: str,
    active: bool | None = None, profile_id: int | None = None,
) -> InterviewerRow:
    """Replace an interviewer's details (``active`` None keeps the flag); the audit entry lists the changes."""
    interviewer = session.get(Interviewer, interviewer_id)
    if interviewer is None:
        raise RosterError("This interviewer no longer exists.")
    values = _validated(session, interviewer_id, name, email, organisation, kind, time_zone, availability, profile_id)
    if active is not None:
        values["active"] = bool(active)
    changes = {}
    for key, value in values.items():
        before = getattr(interviewer, key)
        if before != value:
            changes[key] = _jsonable({"b": before, "a": value})
            setattr(interviewer, key, value)
    if changes:
        session.flush()
        audit.record(session, actor, "interviewer.updated", "interviewer", interviewer.id,
                     changes={key: [pair["b"], pair["a"]] for key, pair in changes.items()})
    return _row(interviewer)


def set_active(session: Session, interviewer_id: int, active: bool, *, actor: str) -> InterviewerRow:
    """Retire or bring back an interviewer (interviews keep them either way)."""
    interviewer = session.get(Interviewer, interviewer_id)
    if interviewer is None:
        raise RosterError("This interviewer no longer exists.")
    if interviewer.active != active:
        interviewer.active = active
        session.flush()
        audit.record(session, actor, "interviewer.activated" if active else "interviewer.deactivated",
                     "interviewer", interviewer.id)
    return _row(interviewer)


def _validated(
    session: Session, interviewer_id: int | None, name: str, email: str, organisation: str | None,
    kind: InterviewerKind | str, time_zone: str, availability: dict[str, Any] | None, profile_id: int | None,
) -> dict[str, Any]:
    clean_name = " ".join((name or "").split())
    if not clean_name:
        raise RosterError("Give the interviewer a name.")
    if len(clean_name) > NAME_MAX:
        raise RosterError(f"A name can be at most {NAME_MAX} characters long.")
    clean_email = (email or "").strip()
    if not clean_email:
        raise RosterError("Give the interviewer an email address; invitations go to it.")
    if len(clean_email) > EMAIL_MAX or not _EMAIL.match(clean_email):
        raise RosterError(f"“{clean_email}” does not look like an email address.")
    query = select(Interviewer.name).where(func.lower(Interviewer.email) == clean_email.lower())
    if interviewer_id is not None:
        query = query.where(Interviewer.id != interviewer_id)
    other = session.scalar(query.limit(1))
    if other is not None:
        raise RosterError(f"{other} already uses {clean_email}.")
    try:
        clean_kind = InterviewerKind(kind)
    except ValueError:
        raise RosterError(f"“{kind}” is neither internal nor external.") from None
    try:
        clean_zone = zone(time_zone).key
        clean_availability = normalised(availability or {})
    except AvailabilityError as exc:
        raise RosterError(str(exc)) from None
    if profile_id is not None and session.get(Profile, profile_id) is None:
        raise RosterError("The linked profile no longer exists.")
    return {
        "name": clean_name, "email": clean_email, "organisation": " ".join((organisation or "").split()) or None,
        "kind": clean_kind, "time_zone": clean_zone, "availability": clean_availability, "profile_id": profile_id,
    }  # fmt: skip


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value.value if isinstance(value, InterviewerKind) else value for key, value in values.items()}


def _row(interviewer: Interviewer) -> InterviewerRow:
    return InterviewerRow(
        id=interviewer.id, name=interviewer.name, email=interviewer.email, organisation=interviewer.organisation,
        kind=interviewer.kind, time_zone=interviewer.time_zone, availability=dict(interviewer.availability or {}),
        active=interviewer.active, profile_id=interviewer.profile_id,
    )  # fmt: skip
