"""Slots and bookings across daylight-saving changes, clashes, durations and calendar counters."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.enums import GuideItemState, InterviewerKind, InterviewStatus, Outcome, Phase
from interviewer.models import Account, AuditEntry, Contact, Deal, Guide, GuideItem, Interview, Interviewer
from interviewer.scheduling.pipeline import move
from interviewer.scheduling.slots import (
    SchedulingError, cancel, default_minutes, free_slots, offered_slots, schedule, working_day_slots,
)  # fmt: skip

S = InterviewStatus
UTC = timezone.utc
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
CLOCK_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WEEKDAYS = {day: ["09:00-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def add_program(session: Any, buyers: int = 3, availability: dict[str, list[str]] | None = None) -> tuple[int, list[int]]:
    """Ana Ruiz in Berlin and ``buyers`` interviews still to contact with buyers in New York."""
    ana = Interviewer(name="Ana Ruiz", email="ana@example.com", kind=InterviewerKind.EXTERNAL,
                      time_zone="Europe/Berlin", availability=availability or WEEKDAYS)
    account = Account(name="Harbor Freight Co")
    session.add_all([ana, account])
    session.flush()
    ids = []
    for number in range(buyers):
        deal = Deal(external_id=f"D-{number}", account=account, outcome=Outcome.LOST, amount=Decimal("42000"),
                    close_date=date(2026, 2, 20))
        contact = Contact(account=account, first_name=f"Buyer{number}", time_zone="America/New_York")
        session.add_all([deal, contact])
        session.flush()
        interview = Interview(deal_id=deal.id, contact_id=contact.id)
        session.add(interview)
        session.flush()
        ids.append(interview.id)
    return ana.id, ids


def add_program_interview(session: Any) -> int:
    """One more interview still to contact, for the deal and contact of the first one."""
    first = session.scalars(select(Interview).order_by(Interview.id)).first()
    interview = Interview(deal_id=first.deal_id, contact_id=first.contact_id)
    session.add(interview)
    session.flush()
    return interview.id


def book(session: Any, interview_id: int, ana: int, start: datetime, minutes: int | None = 30, **extra: Any):  # type: ignore[no-untyped-def]
    return schedule(session, interview_id, interviewer_id=ana, start=start, minutes=minutes, buyer_time_zone=None,
                    actor="Maren", clock=FixedClock(CLOCK_AT), **extra)


@pytest.mark.parametrize(("day", "utc_hour", "new_york_hour"), [
    (date(2026, 3, 3), 8, 3),    # both on winter time: 6 hours apart
    (date(2026, 3, 10), 8, 4),   # New York switched on 8 March, Berlin not yet: 5 hours apart
    (date(2026, 3, 27), 8, 4),
    (date(2026, 3, 31), 7, 3),   # both on summer time
    (date(2026, 10, 20), 7, 3),
    (date(2026, 10, 27), 8, 4),  # Berlin back on 25 October, New York not until 1 November
    (date(2026, 11, 3), 8, 3),
])  # fmt: skip
def test_berlin_morning_hours_land_on_the_right_utc_and_new_york_times(sqlite_database, day: date, utc_hour: int,
                                                                       new_york_hour: int) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ana, _ = add_program(session, 0, {"mon": ["09:00-12:00"], "tue": ["09:00-12:00"], "fri": ["09:00-12:00"]})
        slots = free_slots(session, ana, start_after=datetime.combine(day, datetime.min.time(), UTC), minutes=30, count=6)
    assert slots[0] == utc(day.year, day.month, day.day, utc_hour)
    assert [s.astimezone(BERLIN).strftime("%H:%M") for s in slots] == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert slots[0].astimezone(NEW_YORK).hour == new_york_hour


@pytest.mark.parametrize("start", [utc(2026, 3, 10, 8, 0), utc(2026, 10, 27, 8, 0), utc(2026, 3, 31, 7, 0)])
def test_a_booking_round_trips_in_utc_and_reads_right_in_both_zones(database, start: datetime) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ana, (interview_id, *_) = add_program(session)
        row = book(session, interview_id, ana, start.astimezone(NEW_YORK))  # any aware time is accepted
    assert row.scheduled_start == start
    with database.sessions() as session:
        stored = session.get(Interview, interview_id)
        assert stored.scheduled_start == start and stored.scheduled_start.utcoffset() == timedelta(0)
        assert (stored.buyer_time_zone, stored.interviewer_time_zone) == ("America/New_York", "Europe/Berlin")
        assert stored.scheduled_start.astimezone(ZoneInfo(stored.interviewer_time_zone)).strftime("%H:%M") == "09:00"
        new_york = stored.scheduled_start.astimezone(ZoneInfo(stored.buyer_time_zone)).strftime("%H:%M")
        assert new_york == ("03:00" if start.month == 3 and start.day == 31 else "04:00")


def test_slots_skip_busy_times_and_follow_step_count_and_horizon(database) -> None:  # type: ignore[no-untyped-def]
    monday = utc(2026, 3, 9)
    with database.sessions() as session, session.begin():
        ana, (first, second, third) = add_program(session, 3, {"mon": ["09:00-12:00"]})
        book(session, first, ana, utc(2026, 3, 9, 8, 30))  # 09:30-10:00 Berlin
        book(session, second, ana, utc(2026, 3, 9, 10, 0), allow_outside_availability=False)  # 11:00-11:30
        # A cancelled booking frees its time.
        book(session, third, ana, utc(2026, 3, 9, 9, 0))
        cancel(session, third, actor="Maren", clock=FixedClock(CLOCK_AT))

        def local(slots: list[datetime]) -> list[str]:
            return [s.astimezone(BERLIN).strftime("%a %H:%M") for s in slots]

        assert local(free_slots(session, ana, start_after=monday, minutes=30, count=4)) == [
            "Mon 09:00", "Mon 10:00", "Mon 10:30", "Mon 11:30"]
        assert free_slots(session, ana, start_after=monday, minutes=45, count=2) == [
            utc(2026, 3, 9, 9, 0), utc(2026, 3, 16, 8, 0)]
        assert local(free_slots(session, ana, start_after=monday, minutes=30, count=5, step_minutes=15)) == [
            "Mon 09:00", "Mon 10:00", "Mon 10:15", "Mon 10:30", "Mon 11:30"]
        # Starting mid-morning, only later starts count.
        assert local(free_slots(session, ana, start_after=utc(2026, 3, 9, 9, 10), minutes=30, count=2)) == [
            "Mon 10:30", "Mon 11:30"]
        tuesday = utc(2026, 3, 10)
        assert free_slots(session, ana, start_after=tuesday, minutes=30, horizon_days=5) == []
        assert free_slots(session, ana, start_after=tuesday, minutes=30, count=1, horizon_days=7) == [utc(2026, 3, 16, 8)]
        # The interview being rescheduled does not block its own time.
        assert utc(2026, 3, 9, 8, 30) in free_slots(session, ana, start_after=monday, minutes=30, count=6,
                                                    exclude_interview_id=first)


def test_double_booking_is_refused_with_a_sentence(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ana, (first, second, _) = add_program(session)
        book(session, first, ana, utc(2026, 3, 10, 14, 0))  # Tue 15:00-15:30 Berlin
        for start, minutes in ((utc(2026, 3, 10, 14, 15), 30), (utc(2026, 3, 10, 13, 45), 30), (utc(2026, 3, 10, 13, 30), 60)):
            with pytest.raises(SchedulingError) as refused:
                book(session, second, ana, start, minutes)
            assert str(refused.value) == "Ana Ruiz already has an interview from 15:00 to 15:30 (Berlin time) that day."
        assert session.get(Interview, second).status == S.TO_CONTACT
        # Back to back is fine.
        assert book(session, second, ana, utc(2026, 3, 10, 14, 30)).status == S.SCHEDULED


def test_a_start_outside_availability_is_refused_unless_allowed(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ana, (first, _, _) = add_program(session)
        for start in (utc(2026, 3, 10, 7, 0), utc(2026, 3, 10, 10, 45), utc(2026, 3, 14, 9, 0)):  # early, over lunch, Saturday
            with pytest.raises(SchedulingError, match="outside Ana Ruiz's available hours"):
                book(session, first, ana, start)
        assert book(session, first, ana, utc(2026, 3, 14, 9, 0), allow_outside_availability=True).status == S.SCHEDULED


def test_scheduling_directly_logs_both_moves_and_a_reschedule_bumps_the_sequence(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ana, (interview_id, _, _) = add_program(session)
        book(session, interview_id, ana, utc(2026, 3, 10, 8, 0))
        interview = session.get(Interview, interview_id)
        uid, sequence = interview.ics_uid, interview.ics_sequence
        assert uid.endswith("@winloss-studio") and sequence == 0
        book(session, interview_id, ana, utc(2026, 3, 11, 8, 0), 45)
        assert (interview.ics_uid, interview.ics_sequence, interview.planned_minutes) == (uid, 1, 45)
        cancel(session, interview_id, actor="Maren", clock=FixedClock(CLOCK_AT))
        assert (interview.status, interview.ics_uid, interview.ics_sequence) == (S.CANCELLED, uid, 2)
        with pytest.raises(SchedulingError, match="cancelled"):
            book(session, interview_id, ana, utc(2026, 3, 12, 8, 0))
        # Cancelling through the pipeline supersedes the invite the same way.
        other = add_program_interview(session)
        book(session, other, ana, utc(2026, 3, 12, 8, 0))
        move(session, other, S.CANCELLED, actor="Maren", clock=FixedClock(CLOCK_AT))
        assert session.get(Interview, other).ics_sequence == 1
    with database.sessions() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries][:4] == [
            "interview.invited", "interview.scheduled", "interview.rescheduled", "interview.cancelled"]
        assert all(e.actor == "Maren" and e.at == CLOCK_AT for e in entries)
        assert entries[1].details["start"] == "2026-03-10T08:00:00+00:00"
        assert entries[2].details["before"]["start"] == "2026-03-10T08:00:00+00:00"
        assert entries[2].details["sequence"] == 1


def test_a_no_show_is_rebooked_under_the_same_uid(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ana, (interview_id, _, _) = add_program(session)
        book(session, interview_id, ana, utc(2026, 3, 10, 8, 0))
        move(session, interview_id, S.NO_SHOW, actor="Ines", clock=FixedClock(CLOCK_AT))
        row = book(session, interview_id, ana, utc(2026, 3, 17, 8, 0))
        assert row.status == S.SCHEDULED and session.get(Interview, interview_id).ics_sequence == 1


def test_duration_defaults_to_the_guides_length_else_the_programs_window(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ana, (plain, guided, long) = add_program(session)
        empty = add_program_interview(session)
        assert default_minutes(session, plain) == 20  # the top of the program's 15–20 minute window
        guide = Guide(interview_id=guided, outcome=Outcome.LOST, intro_seconds=90, wrap_seconds=60)
        guide.items = [GuideItem(position=n, text="Why?", phase=Phase.DECISION_PROCESS, planned_seconds=180)
                       for n in range(5)]
        guide.items.append(GuideItem(position=9, text="Dropped", phase=Phase.CLOSING, planned_seconds=600,
                                     state=GuideItemState.DROPPED))
        session.add(guide)
        huge = Guide(interview_id=long, outcome=Outcome.LOST)
        huge.items = [GuideItem(position=n, text="?", phase=Phase.CLOSING, planned_seconds=900) for n in range(6)]
        session.add_all([huge, Guide(interview_id=empty, outcome=Outcome.LOST, window_min_minutes=12, window_max_minutes=16)])
        session.flush()
        assert default_minutes(session, guided) == 18  # 90 + 5 × 180 + 60 s = 17.5 min, rounded up
        assert default_minutes(session, long) == 60
        assert default_minutes(session, empty) == 16  # a guide without questions yet: the top of its window
        assert book(session, guided, ana, utc(2026, 3, 10, 8, 0), None).planned_minutes == 18
        with pytest.raises(SchedulingError, match="between 5 and 60 minutes"):
            book(session, plain, ana, utc(2026, 3, 10, 9, 0), 90)


def test_offered_slots_spread_over_the_next_working_days(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    every_day = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    thursday = utc(2026, 3, 12, 6)
    with sqlite_database.sessions() as session, session.begin():
        ana, (first, *_) = add_program(session, 3, every_day)
        book(session, first, ana, utc(2026, 3, 12, 8, 0))  # Thu 09:00 Berlin is taken
        offered = offered_slots(session, ana, start_after=thursday, minutes=20, days=4, per_day=2)
        tokyo = offered_slots(session, ana, start_after=thursday, minutes=20, days=2, per_day=1,
                              buyer_time_zone="Asia/Tokyo")  # fmt: skip
        unknown = offered_slots(session, ana, start_after=thursday, minutes=20, days=1, per_day=1,
                                buyer_time_zone="Mars/Olympus")  # fmt: skip
    assert [s.astimezone(BERLIN).strftime("%a %H:%M") for s in offered] == [
        "Thu 09:30", "Thu 10:00", "Fri 09:00", "Fri 09:30", "Mon 09:00", "Mon 09:30", "Tue 09:00", "Tue 09:30"]
    assert [s.astimezone(BERLIN).strftime("%a %H:%M") for s in tokyo] == ["Thu 09:30", "Fri 09:00"]
    assert unknown == [utc(2026, 3, 12, 8, 30)]  # a zone that is not one is left out of the weekend check


def test_a_start_on_the_buyers_weekend_is_not_offered() -> None:
    friday_evening_berlin = datetime(2026, 3, 13, 17, 30, tzinfo=BERLIN)  # already Saturday in Tokyo
    monday = datetime(2026, 3, 16, 9, 0, tzinfo=BERLIN)
    starts = [friday_evening_berlin, monday]
    assert working_day_slots(starts, (BERLIN,), days=5, per_day=3) == starts
    assert working_day_slots(starts, (BERLIN, ZoneInfo("Asia/Tokyo")), days=5, per_day=3) == [monday]
    assert working_day_slots(starts, (BERLIN,), days=1, per_day=3) == [friday_evening_berlin]


def test_the_buyer_zone_comes_from_the_contact_or_the_caller(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        ana, (first, second, third) = add_program(session)
        session.get(Contact, session.get(Interview, third).contact_id).time_zone = None
        assert book(session, first, ana, utc(2026, 3, 10, 8, 0)).buyer_time_zone == "America/New_York"
        row = schedule(session, second, interviewer_id=ana, start=utc(2026, 3, 10, 9, 0), minutes=30,
                       buyer_time_zone="Asia/Tokyo", actor="Maren", clock=FixedClock(CLOCK_AT))
        assert row.buyer_time_zone == "Asia/Tokyo"
        assert book(session, third, ana, utc(2026, 3, 10, 12, 0)).buyer_time_zone == "UTC"
        with pytest.raises(SchedulingError, match="not a time zone"):
            schedule(session, third, interviewer_id=ana, start=utc(2026, 3, 10, 12, 0), minutes=30,
                     buyer_time_zone="Mars/Olympus", actor="Maren", clock=FixedClock(CLOCK_AT))
        with pytest.raises(SchedulingError, match="not a whole time zone name yet"):
            schedule(session, third, interviewer_id=ana, start=utc(2026, 3, 10, 12, 0), minutes=30,
                     buyer_time_zone="Europe/", actor="Maren", clock=FixedClock(CLOCK_AT))
        with pytest.raises(SchedulingError, match="time zone"):
            book(session, third, ana, datetime(2026, 3, 10, 12, 0))
