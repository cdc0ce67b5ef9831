"""Local profiles on both engines: validation, uniqueness, audit entries, role checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.enums import Role
from interviewer.models import AuditEntry
from interviewer.profiles import (
    ProfileError,
    ProfileRow,
    can_edit_criteria,
    can_review,
    create_profile,
    get_profile,
    list_profiles,
    sees_criteria,
    update_profile,
)


@pytest.fixture
def session(database) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with database.sessions() as opened, opened.begin():
        yield opened


def _audit(session: Session) -> list[tuple[str, str, dict[str, object]]]:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "profile").order_by(AuditEntry.id))
    return [(e.actor, e.action, e.details) for e in entries]


def test_create_list_get(session: Session) -> None:
    ana = create_profile(session, "  Ana   Ruiz ", " Ana@Example.com ", Role.MANAGER)
    assert ana == ProfileRow(ana.id, "Ana Ruiz", "Ana@Example.com", Role.MANAGER)
    assert ana.label == "Ana Ruiz · Manager"
    bo = create_profile(session, "bo Chen", None, Role.PROGRAM_OWNER, actor="Ana Ruiz")
    assert bo.label == "bo Chen · Program owner"
    assert [p.name for p in list_profiles(session)] == ["Ana Ruiz", "bo Chen"]
    assert get_profile(session, bo.id) == bo and get_profile(session, 999_999) is None
    assert _audit(session) == [
        ("Ana Ruiz", "profile.created", {"name": "Ana Ruiz", "email": "Ana@Example.com", "role": "manager"}),
        ("Ana Ruiz", "profile.created", {"name": "bo Chen", "email": None, "role": "program_owner"}),
    ]


def test_default_actor_after_the_first(session: Session) -> None:
    create_profile(session, "First", None, Role.MANAGER)
    create_profile(session, "Second", "", Role.INTERVIEWER)
    assert [actor for actor, _, _ in _audit(session)] == ["First", "local user"]


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        ("   ", None, "Give the profile a name."),
        ("x" * 256, None, "at most 255 characters"),
        ("Ana", "ana", "does not look like an email address"),
        ("Ana", "ana@localhost", "does not look like an email address"),
        ("Ana", "ana @example.com", "does not look like an email address"),
        ("Ana", "ANA@EXAMPLE.COM", "Another profile already uses ANA@EXAMPLE.COM."),
    ],
)
def test_refused(session: Session, name: str, email: str | None, message: str) -> None:
    create_profile(session, "Existing", "ana@example.com", Role.MANAGER)
    with pytest.raises(ProfileError, match=message):
        create_profile(session, name, email, Role.PROGRAM_OWNER)


def test_update(session: Session) -> None:
    ana = create_profile(session, "Ana", "ana@example.com", Role.PROGRAM_OWNER)
    bo = create_profile(session, "Bo", "bo@example.com", Role.INTERVIEWER)
    with pytest.raises(ProfileError, match="Another profile already uses"):
        update_profile(session, bo.id, name="Bo", email="Ana@example.com", role=Role.INTERVIEWER)
    same_mail = update_profile(session, ana.id, name="Ana", email="ANA@example.com", role=Role.MANAGER, actor="Bo")
    assert same_mail.role == Role.MANAGER and same_mail.email == "ANA@example.com"
    assert update_profile(session, ana.id, name="Ana", email="ANA@example.com", role=Role.MANAGER) == same_mail
    with pytest.raises(ProfileError, match="no longer exists"):
        update_profile(session, 999_999, name="X", email=None, role=Role.MANAGER)
    assert _audit(session)[2:] == [
        ("Bo", "profile.updated", {"changes": {"email": ["ana@example.com", "ANA@example.com"],
                                               "role": ["program_owner", "manager"]}}),
    ]  # fmt: skip


def test_role_given_as_text(session: Session) -> None:
    assert create_profile(session, "Ana", None, "Program owner").role == Role.PROGRAM_OWNER  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match="is not a role"):
        create_profile(session, "Bo", None, "boss")  # type: ignore[arg-type]


def test_role_checks() -> None:
    assert [can_review(r) for r in Role] == [False, True, False]
    assert [can_edit_criteria(r) for r in Role] == [True, True, False]
    assert [sees_criteria(r) for r in Role] == [True, True, False]
