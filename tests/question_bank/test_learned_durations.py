"""Learned durations: only answered questions with a plausible time teach the plan."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from builders import booked_interview, held_call

from interviewer.clock import FixedClock
from interviewer.db import Database
from question_bank.durations import Observed, blend, observed_durations, plausible

CLOCK = FixedClock(datetime(2026, 11, 20, 15, tzinfo=UTC))


@pytest.mark.parametrize(
    ("spent", "planned", "counts"),
    [(2, 120, False), (29, 120, False), (30, 120, True), (360, 120, True), (361, 120, False),
     (19, 40, False), (20, 40, True), (120, 40, True), (121, 40, False)],
)
def test_a_time_is_plausible_between_the_floor_and_the_cap(spent: int, planned: int, counts: bool) -> None:
    assert plausible(spent, planned) is counts


def test_a_two_second_visit_does_not_move_the_plan(sqlite_database: Database) -> None:
    booked = booked_interview(sqlite_database, CLOCK.now())  # not completed: its guide teaches nothing
    question = held_call(sqlite_database, booked, 2)
    held_call(sqlite_database, booked, 900)  # a timer left running
    held_call(sqlite_database, booked, 0)  # answered in notes only, the timer never ran
    held_call(sqlite_database, booked, 150, "skipped")
    with sqlite_database.sessions() as session:
        observed = observed_durations(session)
    assert question not in observed and blend(120, observed.get(question)) == 120  # 2:00 stays 2:00
    held_call(sqlite_database, booked, 140)
    held_call(sqlite_database, booked, 100)
    with sqlite_database.sessions() as session:
        assert observed_durations(session)[question] == Observed(120, 2)
