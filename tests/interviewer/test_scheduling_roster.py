"""The interviewer roster: validation with sentences, normalised availability, audit entries."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from interviewer.enums import InterviewerKind, Role
from interviewer.models import AuditEntry
from interviewer.profiles import create_profile
from interviewer.scheduling.availability import normalised, parse, zone_label
from interviewer.scheduling.roster import (
    RosterError, create_interviewer, list_interviewers, set_active, update_interviewer,
)  # fmt: skip

ANA: dict[str, Any] = {
    "name": " Ana  Ruiz ", "email": "ana@fairlight.example", "organisation": "Fairlight Research",
    "kind": "external", "time_zone": "Europe/Berlin",
    "availability": {"tue": ["14:00-17:00", "09:00-12:00"], "Monday": "09:00-12:30"},
}  # fmt: skip


def test_create_list_update_and_retire_on_each_engine(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ana = create_interviewer(session, **ANA, actor="Maren")
        bo = create_interviewer(session, name="Bo Lind", email="bo@example.com", organisation=None, kind=InterviewerKind.INTERNAL,
                                time_zone="America/New_York", availability=None, actor="Maren")
    assert (ana.name, ana.kind, ana.independent, ana.active) == ("Ana Ruiz", InterviewerKind.EXTERNAL, True, True)
    assert ana.availability == {"mon": ["09:00-12:30"], "tue": ["09:00-12:00", "14:00-17:00"]}
    with database.sessions() as session, session.begin():
        updated = update_interviewer(session, ana.id, **{**ANA, "time_zone": "Europe/Lisbon"}, actor="Maren")
        set_active(session, bo.id, False, actor="Maren")
    assert updated.time_zone == "Europe/Lisbon"
    with database.sessions() as session:
        assert [r.name for r in list_interviewers(session)] == ["Ana Ruiz", "Bo Lind"]
        assert [r.name for r in list_interviewers(session, active_only=True)] == ["Ana Ruiz"]
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.actor) for e in entries] == [
            ("interviewer.created", "Maren"), ("interviewer.created", "Maren"),
            ("interviewer.updated", "Maren"), ("interviewer.deactivated", "Maren")]
        assert entries[2].details == {"changes": {"time_zone": ["Europe/Berlin", "Europe/Lisbon"]}}


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "  "}, "Give the interviewer a name."),
    ({"email": ""}, "Give the interviewer an email address; invitations go to it."),
    ({"email": "ana@"}, "“ana@” does not look like an email address."),
    ({"email": "BO@example.com"}, "Bo Lind already uses BO@example.com."),
    ({"kind": "freelance"}, "“freelance” is neither internal nor external."),
    ({"time_zone": "Berlin"}, "“Berlin” is not a time zone name such as Europe/Berlin."),
    ({"time_zone": "../etc/passwd"}, "“../etc/passwd” is not a time zone name such as Europe/Berlin."),
    ({"availability": {"mon": ["12:00-09:00"]}}, "“12:00-09:00” on Monday ends before it starts."),
    ({"availability": {"mon": ["09:00-12:00", "11:00-13:00"]}}, "The hours on Monday overlap; list each stretch once."),
    ({"availability": {"mon": ["09:00-12:00"], "Monday": ["11:00-13:00"]}}, "The hours on Monday overlap; list each stretch once."),
    ({"availability": {"funday": ["09:00-12:00"]}}, "“funday” is not a weekday (use mon, tue, … sun)."),
    ({"availability": {"fri": ["9-12"]}}, "“9-12” on Friday is not a range such as 09:00-12:00."),
    ({"availability": {"fri": ["09:00-25:00"]}}, "“09:00-25:00” on Friday is not a time of day."),
    ({"availability": ["mon"]}, "Availability is a list of hours per weekday."),
])  # fmt: skip
def test_invalid_interviewers_are_refused_with_a_sentence(sqlite_database, change: dict[str, Any], message: str) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        create_interviewer(session, name="Bo Lind", email="bo@example.com", organisation=None, kind="internal",
                           time_zone="UTC", availability={}, actor="Maren")
        with pytest.raises(RosterError) as refused:
            create_interviewer(session, **{**ANA, **change}, actor="Maren")
        assert str(refused.value) == message


def test_an_interviewer_keeps_their_own_email_and_may_link_a_profile(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        profile = create_profile(session, "Ana Ruiz", "ana@fairlight.example", Role.INTERVIEWER)
        ana = create_interviewer(session, **ANA, actor="Maren")
        linked = update_interviewer(session, ana.id, **ANA, profile_id=profile.id, actor="Maren")
        assert linked.profile_id == profile.id
        with pytest.raises(RosterError, match="profile no longer exists"):
            update_interviewer(session, ana.id, **ANA, profile_id=999, actor="Maren")
        with pytest.raises(RosterError, match="no longer exists"):
            set_active(session, 999, True, actor="Maren")


def test_availability_helpers() -> None:
    assert normalised({"sun": ["18:00-24:00"], "mon": ["8:00-9:30"]}) == {"mon": ["08:00-09:30"], "sun": ["18:00-24:00"]}
    assert parse({"wed": ["09:00-12:00", "12:00-13:00"]}) == {"wed": [(540, 720), (720, 780)]}  # touching is fine
    assert zone_label("America/New_York") == "New York" and zone_label("UTC") == "UTC"
