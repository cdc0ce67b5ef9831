"""Learned durations: only answered questions with a plausible time teach the plan."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from builders import booked_interview
from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import GuideItemState, InterviewStatus, Outcome
from interviewer.models import Guide, GuideItem, Interview
from question_bank.durations import Observed, observed_durations, plausible

CLOCK = FixedClock(datetime(2026, 11, 20, 15, tzinfo=UTC))


@pytest.mark.parametrize(
    ("spent", "planned", "counts"),
    [(2, 120, False), (29, 120, False), (30, 120, True), (360, 120, True), (361, 120, False),
     (19, 40, False), (20, 40, True), (120, 40, True), (121, 40, False)],
)
def test_a_time_is_plausible_between_the_floor_and_the_cap(spent: int, planned: int, counts: bool) -> None:
    assert plausible(spent, planned) is counts


def _held(database: Database, booked: int, spent: int, state: GuideItemState = GuideItemState.ASKED) -> int:
    """Another completed call with the buyer of ``booked``, whose one question, the first of that interview's
    guide, was planned at 2:00 and took ``spent`` seconds; returns the question's id."""
    with database.sessions() as session, session.begin():
        first = session.scalars(select(GuideItem).join(Guide).where(Guide.interview_id == booked)
                                .order_by(GuideItem.position)).first()
        model = session.get(Interview, booked)
        held = Interview(deal_id=model.deal_id, contact_id=model.contact_id, status=InterviewStatus.COMPLETED)
        session.add(held)
        session.flush()
        session.add(Guide(interview_id=held.id, outcome=Outcome.LOST, items=[GuideItem(
            question_id=first.question_id, position=0, text=first.text, phase=first.phase, planned_seconds=120,
            spent_seconds=spent, state=state)]))
        return first.question_id


def test_a_two_second_visit_does_not_move_the_plan(sqlite_database: Database) -> None:
    booked = booked_interview(sqlite_database, CLOCK.now())  # not completed: its guide teaches nothing
    question = _held(sqlite_database, booked, 2)
    _held(sqlite_database, booked, 900)  # a timer left running
    _held(sqlite_database, booked, 0)  # answered in notes only, the timer never ran
    _held(sqlite_database, booked, 150, GuideItemState.SKIPPED)
    with sqlite_database.sessions() as session:
        assert question not in observed_durations(session)
    _held(sqlite_database, booked, 140)
    _held(sqlite_database, booked, 100)
    with sqlite_database.sessions() as session:
        assert observed_durations(session)[question] == Observed(120, 2)
