"""Program health on a hand-built program, freshness, what each viewer sees, and the week view."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from interviewer.clock import FixedClock
from interviewer.enums import InterviewerKind, InterviewStatus, Outcome, RepReason, Role
from interviewer.models import Account, Contact, Deal, Interview, Interviewer
from interviewer.profiles import create_profile
from interviewer.analytics.figures import Rate
from interviewer.analytics.participation import Participation
from interviewer.scheduling.health import program_health
from interviewer.scheduling.pipeline import move
from interviewer.scheduling.rows import amount_band
from interviewer.scheduling.views import WeekLayout, list_interviews, week, week_layout

S = InterviewStatus
UTC = timezone.utc
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
_NUMBERS = count(1)


def at(month: int, day: int, hour: int = 15, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def add(session: Any, status: S, closed: date, start: datetime | None = None, interviewer: Interviewer | None = None,
        amount: str = "42000") -> int:
    account = Account(name=f"Account {closed:%m%d}{status.value}")
    deal = Deal(external_id=f"D-{next(_NUMBERS)}", account=account, outcome=Outcome.LOST, amount=Decimal(amount),
                close_date=closed, competitor="Acme", rep_reason=RepReason.PRICE_ADVANTAGE)
    contact = Contact(account=account, first_name="Lee", last_name="Park", title="CFO")
    session.add_all([deal, contact])
    session.flush()
    interview = Interview(deal_id=deal.id, contact_id=contact.id, status=status, scheduled_start=start,
                          interviewer_id=interviewer.id if interviewer else None)
    session.add(interview)
    session.flush()
    return interview.id


def build(session: Any) -> dict[str, int]:
    """Twelve interviews whose health figures are worked out by hand in the test."""
    clock = FixedClock(at(10, 1))
    ids = {
        "old to contact": add(session, S.TO_CONTACT, date(2026, 10, 1)),
        "fresh to contact": add(session, S.TO_CONTACT, date(2026, 11, 10)),
        "invited": add(session, S.INVITED, date(2026, 10, 10)),
        "scheduled": add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 25)),
        "completed 10 days": add(session, S.COMPLETED, date(2026, 10, 26), at(11, 5)),
        "completed 19 days": add(session, S.COMPLETED, date(2026, 10, 1), at(10, 20)),
        "completed 30 days": add(session, S.COMPLETED, date(2026, 10, 13), at(11, 12)),
        "declined": add(session, S.DECLINED, date(2026, 9, 1)),
        "no response": add(session, S.NO_RESPONSE, date(2026, 10, 1)),
        "cancelled before outreach": add(session, S.TO_CONTACT, date(2026, 10, 1)),
        "cancelled after invitation": add(session, S.TO_CONTACT, date(2026, 10, 1)),
        "no-show": add(session, S.NO_SHOW, date(2026, 10, 25), at(11, 3)),
    }
    move(session, ids["cancelled before outreach"], S.CANCELLED, actor="Maren", clock=clock)
    move(session, ids["cancelled after invitation"], S.INVITED, actor="Maren", clock=clock)
    move(session, ids["cancelled after invitation"], S.CANCELLED, actor="Maren", clock=clock)
    return ids


def test_health_figures_on_a_known_program(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        build(session)
    with database.sessions() as session:
        health = program_health(session, clock=FixedClock(NOW), planned_per_month=6)
    # Answered: 3 completed, 1 declined, 1 no response; the booked call (25 Nov), the invitation awaiting an
    # answer and the no-show are listed apart, the dashboard's definition (not 3 of 9 "invited").
    assert health.participation == Participation(Rate(3, 5), booked_ahead=1, awaiting_answer=1, not_yet_marked=0,
                                                 no_shows=1)
    assert health.participation.apart_text == (
        "1 call booked ahead, 1 invitation awaiting an answer and 1 no-show are not counted.")
    assert health.median_days_close_to_interview == 19.0
    assert (health.interviews_this_month, health.planned_this_month) == (3, 6)  # 5 and 12 Nov held, 25 Nov booked


def test_health_of_an_empty_program(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session:
        health = program_health(session, clock=FixedClock(NOW))
    assert (health.participation.rate, health.median_days_close_to_interview) == (Rate(0, 0), None)
    assert health.participation.apart_text == ""
    assert health.planned_this_month == 8


def test_freshness_marks_open_candidates_closed_too_long_ago(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ids = build(session)
    with sqlite_database.sessions() as session:
        rows = {row.id: row for row in list_interviews(session, clock=FixedClock(NOW), viewer=None)}
        stale = {name for name, interview_id in ids.items() if rows[interview_id].stale}
        assert stale == {"old to contact", "invited", "no response"}
        assert rows[ids["old to contact"]].days_since_close == 50
        tighter = list_interviews(session, clock=FixedClock(NOW), viewer=None, freshness_days=5)
    assert ids["fresh to contact"] in {row.id for row in tighter if row.stale}
    # Booked interviews come first, by start.
    ordered = list(rows.values())
    starts = [row.scheduled_start for row in ordered if row.scheduled_start is not None]
    assert starts == sorted(starts) and ordered[len(starts)].scheduled_start is None


def test_an_interviewer_sees_only_their_own_interviews_and_no_exact_amount(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        owner = create_profile(session, "Maren Oduya", "maren@example.com", Role.PROGRAM_OWNER)
        ines_profile = create_profile(session, "Ines Vallory", "ines@example.com", Role.INTERVIEWER)
        lone_profile = create_profile(session, "Sam Roe", "sam@example.com", Role.INTERVIEWER)
        ines = Interviewer(name="Ines Vallory", email="ines@example.com", kind=InterviewerKind.EXTERNAL,
                           time_zone="America/New_York", profile_id=ines_profile.id)
        dana = Interviewer(name="Dana Whit", email="dana@example.com", kind=InterviewerKind.INTERNAL, time_zone="UTC")
        session.add_all([ines, dana])
        session.flush()
        mine = add(session, S.SCHEDULED, date(2026, 11, 1), at(11, 24), ines, amount="42000")
        add(session, S.SCHEDULED, date(2026, 11, 1), at(11, 25), dana)
        add(session, S.TO_CONTACT, date(2026, 11, 1))
    clock = FixedClock(NOW)
    with database.sessions() as session:
        assert [row.id for row in list_interviews(session, clock=clock, viewer=ines_profile)] == [mine]
        assert list_interviews(session, clock=clock, viewer=lone_profile) == []
        assert len(list_interviews(session, clock=clock, viewer=owner)) == 3
        assert len(list_interviews(session, clock=clock, viewer=None)) == 3
        row = list_interviews(session, clock=clock, viewer=ines_profile)[0]
    assert (row.interviewer_name, row.contact_name, row.title, row.outcome, row.competitor) == (
        "Ines Vallory", "Lee Park", "CFO", "lost", "Acme")
    assert (row.amount_band, row.rep_reason, row.close_date) == ("$20k–50k", "price_advantage", date(2026, 11, 1))
    assert "42000" not in repr(row) and "42,000" not in repr(row)


def test_amount_bands() -> None:
    assert [amount_band(Decimal(v)) for v in ("0", "9999.99", "10000", "49999", "50000", "250000", "2000000")] == [
        "<$10k", "<$10k", "$10k–20k", "$20k–50k", "$50k–100k", "$250k–1M", "$1M+"]
    assert amount_band(Decimal("30000"), "EUR") == "€20k–50k"
    assert amount_band(Decimal("30000"), "CHF") == "CHF 20k–50k"
    assert amount_band(None) is None


def test_the_week_view_uses_the_interviewers_own_week(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ines = Interviewer(name="Ines Vallory", email="ines@example.com", kind=InterviewerKind.EXTERNAL,
                           time_zone="America/New_York")
        other = Interviewer(name="Dana Whit", email="dana@example.com", kind=InterviewerKind.INTERNAL, time_zone="UTC")
        session.add_all([ines, other])
        session.flush()
        sunday_night = add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 2, 3), ines)  # Sun 1 Nov 22:00 in New York
        monday = add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 2, 14), ines)
        held = add(session, S.COMPLETED, date(2026, 10, 1), at(11, 4, 14), ines)
        late_sunday = add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 9, 4, 30), ines)  # Sun 8 Nov 23:30 there
        add(session, S.CANCELLED, date(2026, 10, 1), at(11, 3, 14), ines)
        add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 3, 15), other)
        ines_id = ines.id
    clock = FixedClock(NOW)
    with database.sessions() as session:
        assert [r.id for r in week(session, ines_id, date(2026, 11, 2), clock)] == [monday, held, late_sunday]
        assert [r.id for r in week(session, ines_id, date(2026, 10, 26), clock)] == [sunday_night]
        assert week(session, 999, date(2026, 11, 2), clock) == []
        with pytest.raises(ValueError, match="Monday"):
            week(session, ines_id, date(2026, 11, 3), clock)


def test_a_held_call_shows_when_it_ran_and_the_week_grid_places_each_call(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ines = Interviewer(name="Ines Vallory", email="ines@example.com", kind=InterviewerKind.EXTERNAL,
                           time_zone="America/New_York")
        session.add(ines)
        session.flush()
        booked = add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 3, 14), ines)  # Tue 09:00 in New York
        held = add(session, S.COMPLETED, date(2026, 10, 1), at(11, 4, 14), ines)
        late = add(session, S.SCHEDULED, date(2026, 10, 1), at(11, 6, 4, 50), ines)  # Thu 23:50 there
        interview = session.get(Interview, held)
        interview.started_at, interview.ended_at = at(11, 4, 14, 7), at(11, 4, 14, 25)
        ines_id = ines.id
    with sqlite_database.sessions() as session:
        rows = {r.id: r for r in week(session, ines_id, date(2026, 11, 2), FixedClock(NOW))}
    assert rows[booked].when == (at(11, 3, 14), at(11, 3, 14, 20)) and not rows[booked].held
    assert rows[held].held and rows[held].when == (at(11, 4, 14, 7), at(11, 4, 14, 25))

    layout = week_layout(list(rows.values()), date(2026, 11, 2), "America/New_York")
    blocks = {b.interview_id: b for b in layout.blocks}
    assert (blocks[booked].day, blocks[booked].start_minute, blocks[booked].end_minute) == (1, 9 * 60, 9 * 60 + 20)
    assert blocks[booked].label == "09:00–09:20 Account 1001scheduled · Lee Park"
    assert (blocks[held].day, blocks[held].start_minute, blocks[held].status) == (2, 9 * 60 + 7, S.COMPLETED)
    assert blocks[held].label.startswith("09:07–09:25 ")
    assert (blocks[late].day, blocks[late].start_minute, blocks[late].end_minute) == (3, 23 * 60 + 50, 24 * 60)
    assert (layout.first_hour, layout.last_hour) == (8, 24)  # widened to hold the late call
    assert week_layout([], date(2026, 11, 2), "UTC") == WeekLayout(8, 18, ())


def test_an_interviewers_health_counts_only_their_own_interviews(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ines = Interviewer(name="Ines Vallory", email="ines@example.com", kind=InterviewerKind.EXTERNAL,
                           time_zone="America/New_York")
        dana = Interviewer(name="Dana Whit", email="dana@example.com", kind=InterviewerKind.INTERNAL, time_zone="UTC")
        session.add_all([ines, dana])
        session.flush()
        add(session, S.COMPLETED, date(2026, 11, 1), at(11, 5), ines)  # 4 days from close
        add(session, S.SCHEDULED, date(2026, 11, 1), at(11, 24), ines)
        add(session, S.DECLINED, date(2026, 11, 1), None, ines)
        add(session, S.COMPLETED, date(2026, 10, 1), at(11, 10), dana)  # 40 days
        add(session, S.SCHEDULED, date(2026, 11, 1), at(11, 26), dana)
        add(session, S.INVITED, date(2026, 11, 1))
        ines_id, dana_id = ines.id, dana.id
    clock = FixedClock(NOW)
    with database.sessions() as session:
        hers = program_health(session, clock=clock, interviewer_ids=[ines_id])
        everyone = program_health(session, clock=clock)
        nobody = program_health(session, clock=clock, interviewer_ids=[])
        both = program_health(session, clock=clock, interviewer_ids=[ines_id, dana_id])
    assert (hers.participation.rate, hers.participation.booked_ahead, hers.interviews_this_month) == (Rate(1, 2), 1, 2)
    assert hers.median_days_close_to_interview == 4.0
    assert (everyone.participation.rate, everyone.participation.awaiting_answer) == (Rate(2, 3), 1)
    assert everyone.interviews_this_month == 4
    assert (both.participation.rate, both.participation.awaiting_answer) == (Rate(2, 3), 0)
    assert both.median_days_close_to_interview == 22.0
    assert nobody.participation.rate == Rate(0, 0)
