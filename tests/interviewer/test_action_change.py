"""An action's change tested for chance, its overdue mark, and a month's review showing actions as of its end."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from builders import DealSpec, add_deals
from interviewer.analytics.actions import ActionLine, Metric, add_action, follow_up, review_actions, review_as_of, set_status
from interviewer.analytics.figures import Rate
from interviewer.analytics.proportions import MIN_PER_SIDE, change
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import ActionStatus, Outcome, Team
from interviewer.models import ReviewMeeting


def test_a_large_move_on_enough_deals_is_unlikely_to_be_chance() -> None:
    moved = change(Rate(20, 100), Rate(40, 100))  # pooled 30%: z = 0.2 / √(0.21 · 0.02) = 3.086
    assert moved.z == pytest.approx(3.0861, abs=1e-4) and moved.p_value == pytest.approx(0.00203, abs=1e-5)
    assert moved.significant and moved.text() == "+20 points (p = 0.002, unlikely to be chance)"
    assert change(Rate(20, 200), Rate(80, 200)).test_text() == "p < 0.001, unlikely to be chance"


def test_a_small_move_could_be_chance_and_thin_sides_are_not_tested() -> None:
    small = change(Rate(30, 100), Rate(20, 80))  # −5 points: pooled 50 of 180, z = −0.744
    assert not small.significant and small.p_value == pytest.approx(0.457, abs=1e-3)
    assert small.text() == "−5 points (p = 0.46, could be chance)"
    thin = change(Rate(2, MIN_PER_SIDE - 1), Rate(10, 50))
    assert thin.p_value is None and thin.points == pytest.approx(20 - 2 / 19 * 100)
    assert thin.test_text() == f"not enough data to test (fewer than {MIN_PER_SIDE} deals a side)"
    assert change(Rate(0, 30), Rate(0, 25)).text() == "no change (p = 1, could be chance)"
    assert change(Rate(1, 100), Rate(1, 100)).points_text() == "no change"
    assert change(Rate(10, 100), Rate(11, 100)).points_text() == "+1 point"


JANUARY_2020 = (date(2020, 1, 1), date(2020, 1, 31))
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def listed(session: Session, start: date, end: date, meeting: ReviewMeeting | None, today: date) -> list[ActionLine]:
    return review_actions(session, start, end, meeting, as_of=review_as_of(end, meeting, today))


def at(day: date, hour: int = 10) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


def test_a_months_review_shows_the_actions_as_they_stood_at_its_end(database: Database) -> None:
    add_deals(database, [DealSpec(f"Before {i}", Outcome.WON if i < 6 else Outcome.LOST, closed=date(2026, 9, 10))
                         for i in range(30)])
    with database.sessions() as session, session.begin():
        meeting = ReviewMeeting(month=date(2026, 10, 1), held_on=date(2026, 10, 3))
        session.add(meeting)
        session.flush()
        agreed = add_action(session, text="One all-in price", owner="Ana Ruiz", team=Team.SALES, metric=Metric(),
                            clock=at(date(2026, 10, 3)), review_id=meeting.id, due_on=date(2026, 11, 20), actor="t")
        set_status(session, agreed, ActionStatus.IN_PROGRESS, clock=at(date(2026, 10, 20)), actor="t")
        set_status(session, agreed, ActionStatus.DONE, clock=at(date(2026, 12, 1)), actor="t")
        later = add_action(session, text="Trust page", owner="Ana Ruiz", team=Team.MARKETING, metric=Metric(),
                           clock=at(date(2026, 11, 5)), due_on=date(2027, 1, 4), actor="t")
    add_deals(database, [DealSpec(f"After {i}", Outcome.WON if i < 15 else Outcome.LOST, closed=date(2026, 11, 1))
                         for i in range(30)])
    with database.sessions() as session, session.begin():
        assert follow_up(session, at(date(2026, 11, 21), 8)) == [agreed]

    with database.sessions() as session:
        assert listed(session, *JANUARY_2020, None, date(2026, 12, 3)) == []  # agreed years later
        [october] = listed(session, *OCTOBER, None, date(2026, 12, 3))
        november = listed(session, *NOVEMBER, None, date(2026, 12, 3))
        on_the_day = listed(session, *NOVEMBER, None, date(2026, 11, 20))
        after_due = listed(session, *NOVEMBER, None, date(2026, 11, 25))
    assert (october.text, october.status, october.before, october.after) == \
        ("One all-in price", ActionStatus.IN_PROGRESS, Rate(6, 30), None)  # done in December, measured in November
    assert not october.overdue
    assert [(line.text, line.status) for line in november] == \
        [("One all-in price", ActionStatus.IN_PROGRESS), ("Trust page", ActionStatus.OPEN)]
    assert november[0].after == Rate(15, 30) and november[0].overdue  # still in progress on 30 November
    assert november[0].change is not None and november[0].change.points == pytest.approx(30)
    assert november[0].change.significant
    assert not on_the_day[0].overdue and after_due[0].overdue and on_the_day[0].after is None
    assert not november[1].overdue and later

    with database.sessions() as session, session.begin():  # November's review meeting, held on 1 December
        meeting = ReviewMeeting(month=date(2026, 11, 1), held_on=date(2026, 12, 1))
        session.add(meeting)
        session.flush()
        add_action(session, text="Named onboarding lead", owner="Ana Ruiz", team=Team.CS, metric=Metric(),
                   clock=at(date(2026, 12, 1), 11), review_id=meeting.id, actor="t")
        assert review_as_of(NOVEMBER[1], meeting, date(2026, 12, 3)) == date(2026, 12, 1)
        at_meeting = listed(session, *NOVEMBER, meeting, date(2026, 12, 3))
    assert [(line.text, line.status) for line in at_meeting] == [
        ("One all-in price", ActionStatus.DONE), ("Trust page", ActionStatus.OPEN),
        ("Named onboarding lead", ActionStatus.OPEN)]  # done on the meeting's day; agreed at it


def test_an_action_done_in_the_month_it_was_agreed_is_not_followed_in_later_months(database: Database) -> None:
    with database.sessions() as session, session.begin():
        done = add_action(session, text="Done early", owner="Ana Ruiz", team=Team.SALES, metric=Metric(),
                          clock=at(date(2026, 9, 1)), due_on=date(2026, 10, 15), actor="t")
        set_status(session, done, ActionStatus.DONE, clock=at(date(2026, 9, 20)), actor="t")
    with database.sessions() as session:
        september = listed(session, date(2026, 9, 1), date(2026, 9, 30), None, date(2026, 12, 3))
        november = listed(session, *NOVEMBER, None, date(2026, 12, 3))
    assert [line.status for line in september] == [ActionStatus.DONE] and november == []
