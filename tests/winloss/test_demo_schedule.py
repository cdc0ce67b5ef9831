"""The demo's outreach: accepted interviews invited, booked inside availability (with calendar UIDs) and one held."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from interviewer.db import Database, open_database
from interviewer.enums import InterviewerKind, Outcome, Role
from interviewer.enums import InterviewStatus as S
from interviewer.models import (
    AuditEntry,
    Contact,
    Interview,
    Interviewer,
    MessageTemplate,
    Profile,
)
from interviewer.scheduling.availability import parse, within, zone
from winloss.demo.build import build_demo
from winloss.demo.schedule import DemoSchedule, schedule_demo_interviews

TODAY = date(2026, 3, 16)  # a Monday; New York has switched to summer time, London and Berlin have not
EIGHT = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)


def _scheduled_once(database: Database) -> DemoSchedule | None:
    """Run the demo's outreach unless ``build_demo`` already did (then None)."""
    with database.sessions() as session:
        waiting = session.scalars(select(Interview.id).where(Interview.status == S.TO_CONTACT)).all()
    return schedule_demo_interviews(database, TODAY) if waiting else None


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSchedule | None]]:
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo_schedule') / 'demo.sqlite'}")
    build_demo(database, deals=300, today=TODAY)
    result = _scheduled_once(database)
    yield database, result
    database.close()


def _interviews(database: Database) -> list[Interview]:
    """The interviews of the accepted candidates (the demo's past interviews are another module's)."""
    with database.sessions() as session:
        rows = list(session.scalars(select(Interview).where(Interview.candidate_id.is_not(None)).order_by(Interview.id)))
        session.expunge_all()
        return rows


def test_the_counts_and_final_states(demo) -> None:  # type: ignore[no-untyped-def]
    database, result = demo
    if result is not None:
        assert result == DemoSchedule(invited=1, scheduled=3, completed=1)
    states = Counter(i.status for i in _interviews(database))
    assert states == Counter({S.SCHEDULED: 3, S.COMPLETED: 1, S.INVITED: 1})


def test_the_external_interviewer_with_the_profile_has_interviews(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session:
        external = session.scalars(
            select(Interviewer).join(Profile, Interviewer.profile_id == Profile.id)
            .where(Profile.role == Role.INTERVIEWER, Interviewer.kind == InterviewerKind.EXTERNAL)
        ).one()  # fmt: skip
        theirs = Counter(session.scalars(select(Interview.status).where(Interview.interviewer_id == external.id)))
        # an interviewer is assigned when the call is booked, so invitations never booked have none
        assigned = session.scalars(select(Interview.interviewer_id).where(
            Interview.status.not_in((S.INVITED, S.DECLINED, S.NO_RESPONSE)))).all()
    assert theirs[S.SCHEDULED] >= 2 and theirs[S.COMPLETED] >= 1
    assert None not in assigned and len(set(assigned)) >= 2


def test_booked_calls_lie_ahead_inside_availability_without_clashes(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session:
        for interview in session.scalars(select(Interview).where(Interview.status == S.SCHEDULED)):
            interviewer = session.get(Interviewer, interview.interviewer_id)
            contact = session.get(Contact, interview.contact_id)
            assert interviewer is not None and contact is not None and interview.scheduled_start is not None
            start = interview.scheduled_start.replace(tzinfo=UTC) if interview.scheduled_start.tzinfo is None \
                else interview.scheduled_start  # fmt: skip
            assert EIGHT + timedelta(days=1) <= start <= EIGHT + timedelta(days=21)
            assert within(parse(interviewer.availability), zone(interviewer.time_zone), start, interview.planned_minutes)
            assert interview.interviewer_time_zone == interviewer.time_zone and interview.ics_uid
            assert interview.buyer_time_zone == zone(contact.time_zone).key
        starts = [(i.interviewer_id, i.scheduled_start) for i in session.scalars(select(Interview)) if i.scheduled_start]
    assert len(starts) == len(set(starts))


def test_the_held_call_is_in_the_past_and_its_history_reads_in_order(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session:
        held = session.scalars(select(Interview).where(Interview.status == S.COMPLETED,
                                                       Interview.candidate_id.is_not(None))).one()
        start = held.scheduled_start.replace(tzinfo=UTC) if held.scheduled_start.tzinfo is None else held.scheduled_start  # type: ignore[union-attr]
        contact = session.get(Contact, held.contact_id)
        moves = session.execute(select(AuditEntry.action, AuditEntry.at).where(
            AuditEntry.entity_type == "interview", AuditEntry.entity_id == held.id).order_by(AuditEntry.id)).all()
    assert start < EIGHT and start.weekday() < 5
    assert contact is not None and contact.last_interviewed_on == start.date()
    assert [action for action, _ in moves] == [
        "guide.saved", "interview.invited", "interview.scheduled", "call.started", "call.consent",
        "interview.completed", "call.wrapped_up"]
    at = [moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment for _, moment in moves]
    assert at == sorted(at) and at[-1] > start
    assert at[1] < at[2] < start < at[3]  # invited, then booked on another day, then the call began after its time
    assert held.started_at == at[3] and held.ended_at == held.wrapped_up_at == at[-1]


def test_default_templates_exist_and_a_second_run_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    before = [(i.id, i.status, i.scheduled_start) for i in _interviews(database)]
    assert schedule_demo_interviews(database, TODAY) == DemoSchedule(0, 0, 0)
    assert [(i.id, i.status, i.scheduled_start) for i in _interviews(database)] == before
    with database.sessions() as session:
        outcomes = sorted(t.value for t in session.scalars(select(MessageTemplate.outcome).where(MessageTemplate.name == "Default")))
    assert outcomes == sorted(o.value for o in (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION))


def test_the_same_today_gives_the_same_bookings(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    try:
        build_demo(again, deals=300, today=TODAY)
        _scheduled_once(again)
        first = [(i.status, i.interviewer_id, i.scheduled_start) for i in _interviews(database)]
        assert [(i.status, i.interviewer_id, i.scheduled_start) for i in _interviews(again)] == first
    finally:
        again.close()


def test_every_interview_has_a_guide_and_the_held_call_taught_the_bank(demo) -> None:  # type: ignore[no-untyped-def]
    from interviewer.enums import GuideItemState
    from interviewer.models import Guide, GuideItem
    from question_bank.durations import observed_durations
    from question_bank.guides import subject_for_interview

    database, _ = demo
    with database.sessions() as session:
        interviews = session.scalars(select(Interview).where(Interview.candidate_id.is_not(None))).all()
        guides = {guide.interview_id: guide for guide in session.scalars(select(Guide))}
        assert set(guides) >= {interview.id for interview in interviews}
        for interview in interviews:
            planned = sum(item.planned_seconds for item in guides[interview.id].items)
            assert 15 * 60 <= planned + guides[interview.id].intro_seconds + guides[interview.id].wrap_seconds <= 20 * 60
            assert interview.planned_minutes * 60 >= planned  # booked as long as the guide plans
        held = next(interview for interview in interviews if interview.status is S.COMPLETED)
        states = Counter(item.state for item in guides[held.id].items)
        assert states[GuideItemState.SKIPPED] == 1 and states[GuideItemState.ASKED] == len(guides[held.id].items) - 1
        assert held.started_at is not None and held.elapsed_seconds > 0
        assert subject_for_interview(session, held.id).locked
        observed = observed_durations(session)
        asked = [item.question_id for item in guides[held.id].items if item.state is GuideItemState.ASKED]
        assert all(observed[question].count >= 1 for question in asked)
        assert session.scalar(select(GuideItem.id).where(GuideItem.text.contains("{"))) is None
