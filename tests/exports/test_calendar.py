"""Calendar invites: RFC 5545 files that parse, carry UTC times, keep their UID and say nothing internal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from exports.calendar import (
    CalendarError,
    InviteData,
    calendar_bytes,
    invite_data,
    write_invite,
    write_upcoming,
)
from interviewer.enums import InterviewerKind, InterviewStatus, Outcome, RepReason
from interviewer.models import Account, Contact, Deal, Interview, Interviewer

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
REP_NOTE = "Champion left; they said our pricing was a joke"
COMPETITOR = "Brightfold"


@dataclass
class Program:
    interviewer_id: int
    interview_id: int


def build(database, *, start: datetime | None, status: InterviewStatus = InterviewStatus.SCHEDULED,  # type: ignore[no-untyped-def]
          uid: str | None = "interview-1@winloss.test", minutes: int = 30, account: str = "Acme Logistics",
          contact_email: str | None = "ana.ruiz@acme.test") -> Program:  # fmt: skip
    """A lost deal, its buyer in New York, an interviewer in Berlin and one interview between them."""
    with database.sessions() as session, session.begin():
        acme = Account(name=account)
        ana = Contact(account=acme, first_name="Ana", last_name="Ruiz", title="VP Operations", email=contact_email,
                      time_zone="America/New_York")  # fmt: skip
        deal = Deal(source_system="test", external_id="D-1", account=acme, outcome=Outcome.LOST,
                    amount=Decimal("48250.00"), competitor=COMPETITOR, rep_reason=RepReason.PRICE_ADVANTAGE, rep_note=REP_NOTE)  # fmt: skip
        ida = Interviewer(name="Ida Berg", email="ida@insight.test", organisation="Insight Partners",
                          kind=InterviewerKind.EXTERNAL, time_zone="Europe/Berlin")  # fmt: skip
        session.add_all([ana, deal, ida])
        session.flush()
        interview = Interview(deal_id=deal.id, contact_id=ana.id, interviewer=ida, status=status, scheduled_start=start,
                              buyer_time_zone="America/New_York", interviewer_time_zone="Europe/Berlin",
                              planned_minutes=minutes, ics_uid=uid, buyer_reason=RepReason.PRICE_ADVANTAGE,
                              buyer_competitor=COMPETITOR)  # fmt: skip
        session.add(interview)
        session.flush()
        return Program(ida.id, interview.id)


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> list:  # type: ignore[type-arg]
    return [c for c in calendar.walk() if c.name == "VEVENT"]


# -- the DST gap: New York has switched to summer time, Berlin has not ---------------------------------


def test_times_are_utc_when_only_new_york_has_switched(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """10:00 in New York on 16 March 2026 (EDT, UTC-4) is 14:00 UTC and 15:00 in Berlin (still CET, UTC+1)."""
    start = datetime(2026, 3, 16, 10, 0, tzinfo=NEW_YORK)
    assert start.utcoffset() == timedelta(hours=-4) and start.astimezone(BERLIN).utcoffset() == timedelta(hours=1)
    program = build(database, start=start)
    out = tmp_path / "invite.ics"
    with database.sessions() as session:
        assert write_invite(session, program.interview_id, out, stamp=STAMP) == 1
    raw = out.read_text()
    assert "DTSTART:20260316T140000Z" in raw and "DTEND:20260316T143000Z" in raw
    calendar = read(out)
    assert str(calendar["METHOD"]) == "REQUEST" and str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    [event] = events(calendar)
    assert event.decoded("DTSTART") == datetime(2026, 3, 16, 14, 0, tzinfo=UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert str(event["STATUS"]) == "CONFIRMED" and str(event["UID"]) == "interview-1@winloss.test"
    description = str(event["DESCRIPTION"])
    assert "Monday 16 March 2026, 10:00 (America/New_York)" in description
    assert "Start for Ana Ruiz: Monday 16 March 2026, 10:00 (America/New_York)" in description
    assert "Start for Ida Berg: Monday 16 March 2026, 15:00 (Europe/Berlin)" in description
    assert "Start in UTC: Monday 16 March 2026, 14:00" in description


def test_the_other_gap_in_autumn_berlin_back_new_york_not_yet(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    """On 30 October 2026 Berlin is back on CET (UTC+1), New York still on EDT: 5 hours apart, not 6."""
    start = datetime(2026, 10, 30, 15, 0, tzinfo=BERLIN)
    program = build(sqlite_database, start=start)
    with sqlite_database.sessions() as session:
        invite = invite_data(session, program.interview_id)
    assert invite.start == datetime(2026, 10, 30, 14, 0, tzinfo=UTC)
    assert "Friday 30 October 2026, 10:00 (America/New_York)" in invite.description
    assert "Friday 30 October 2026, 15:00 (Europe/Berlin)" in invite.description


# -- people, and what the buyer may read ---------------------------------------------------------------


def test_interviewer_organises_and_attends_as_chair_and_buyer_is_invited(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    out = tmp_path / "invite.ics"
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, out, stamp=STAMP)
    [event] = events(read(out))
    organiser = event["ORGANIZER"]
    assert str(organiser) == "mailto:ida@insight.test" and organiser.params["CN"] == "Ida Berg"
    buyer, interviewer = event["ATTENDEE"]
    assert str(buyer) == "mailto:ana.ruiz@acme.test" and buyer.params["CN"] == "Ana Ruiz"
    assert (buyer.params["ROLE"], buyer.params["PARTSTAT"], buyer.params["RSVP"]) == (
        "REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE")  # fmt: skip
    assert str(interviewer) == "mailto:ida@insight.test" and interviewer.params["CN"] == "Ida Berg"
    assert (interviewer.params["ROLE"], interviewer.params["PARTSTAT"], interviewer.params["RSVP"]) == (
        "CHAIR", "ACCEPTED", "FALSE")  # fmt: skip
    assert event.decoded("DTSTAMP") == STAMP and int(event["SEQUENCE"]) == 0


def test_location_is_the_online_call_with_the_interviewer_unless_one_is_given(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    out = tmp_path / "invite.ics"
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, out, stamp=STAMP)
        given = invite_data(session, program.interview_id, location="https://meet.example/abc\nxyz")
    [event] = events(read(out))
    assert str(event["LOCATION"]) == "Online call with Ida Berg (ida@insight.test)"
    assert given.location == "https://meet.example/abc\nxyz"


def test_a_program_owner_can_organise_and_the_interviewer_is_invited(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    with sqlite_database.sessions() as session:
        invite = invite_data(session, program.interview_id, organiser_name="Olive Owner", organiser_email="olive@vendor.test")
    assert invite.organiser == ("Olive Owner", "olive@vendor.test")
    assert invite.attendees == (("Ana Ruiz", "ana.ruiz@acme.test"), ("Ida Berg", "ida@insight.test"))


def test_description_says_what_the_call_is_about_and_nothing_internal(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    out = tmp_path / "invite.ics"
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, out, stamp=STAMP)
    [event] = events(read(out))
    description = str(event["DESCRIPTION"])
    assert "Ana Ruiz (Acme Logistics)" in description and "Ida Berg of Insight Partners" in description
    assert "30-minute" in description and "confidential conversation" in description
    assert "Acme Logistics" in str(event["SUMMARY"])
    unfolded = out.read_text().replace("\r\n ", "")
    for secret in (REP_NOTE, "pricing", "joke", COMPETITOR, "48250", "48,250", "price", "competitor", "lost", "Lost", "champion"):
        assert secret not in unfolded, secret


def test_control_characters_are_removed_and_text_is_escaped_and_folded(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC),
                    account="Acme\x07 Logistics; North, \"East\"\x1b[31m and a name long enough to be folded")  # fmt: skip
    out = tmp_path / "invite.ics"
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, out, stamp=STAMP)
    data = out.read_bytes()
    assert b"\x07" not in data and b"\x1b" not in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"Acme Logistics\\; North\\," in data.replace(b"\r\n ", b"")
    [event] = events(read(out))
    assert str(event["SUMMARY"]).startswith('Feedback conversation: Acme Logistics; North, "East"[31m and a name')


def test_a_buyer_without_email_is_left_out_of_the_attendees(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC), contact_email=None)
    with sqlite_database.sessions() as session:
        invite = invite_data(session, program.interview_id)
    assert invite.attendees == (("Ida Berg", "ida@insight.test"),) and invite.organiser == ("Ida Berg", "ida@insight.test")


# -- updates and cancellations -------------------------------------------------------------------------


def test_a_reschedule_keeps_the_uid_with_a_higher_sequence(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    program = build(database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    with database.sessions() as session:
        write_invite(session, program.interview_id, first, stamp=STAMP)
    with database.sessions() as session, session.begin():
        interview = session.get(Interview, program.interview_id)
        interview.scheduled_start = datetime(2026, 3, 18, 16, 30, tzinfo=UTC)
        interview.ics_sequence += 1
    with database.sessions() as session:
        write_invite(session, program.interview_id, second, stamp=STAMP + timedelta(days=1))
    [before], [after] = events(read(first)), events(read(second))
    assert str(after["UID"]) == str(before["UID"]) == "interview-1@winloss.test"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(read(second)["METHOD"]) == "REQUEST"
    assert after.decoded("DTSTART") == datetime(2026, 3, 18, 16, 30, tzinfo=UTC)


def test_a_cancellation_is_method_cancel_status_cancelled(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    with sqlite_database.sessions() as session, session.begin():
        interview = session.get(Interview, program.interview_id)
        interview.status = InterviewStatus.CANCELLED
        interview.ics_sequence += 1
    out = tmp_path / "cancel.ics"
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, out, stamp=STAMP)
    calendar = read(out)
    [event] = events(calendar)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == "interview-1@winloss.test" and int(event["SEQUENCE"]) == 1


def test_calendar_bytes_cancel_marks_every_event_cancelled() -> None:
    invite = InviteData(uid="u@x", sequence=3, start=datetime(2026, 3, 16, 14, tzinfo=UTC), minutes=20, summary="S",
                        description="D", location="Video call", organiser=("Ida", "ida@x.test"),
                        attendees=[("Ana", "ana@y.test")], status="CONFIRMED", buyer_time_zone=None,
                        interviewer_time_zone=None, created=STAMP)  # fmt: skip
    [event] = events(Calendar.from_ical(calendar_bytes([invite], method="CANCEL", stamp=STAMP)))
    assert str(event["STATUS"]) == "CANCELLED" and str(event["LOCATION"]) == "Video call"
    with pytest.raises(ValueError):
        calendar_bytes([invite], method="PUBLISH")
    with pytest.raises(ValueError):
        InviteData(uid="u", sequence=0, start=datetime(2026, 3, 16, 14), minutes=20, summary="S", description="D",
                   location=None, organiser=("I", "i@x.test"))  # fmt: skip


# -- refusals --------------------------------------------------------------------------------------------


def test_no_slot_no_uid_or_no_interview_is_a_plain_sentence(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unscheduled = build(sqlite_database, start=None, status=InterviewStatus.INVITED, uid=None)
    out = tmp_path / "out" / "invite.ics"
    out.parent.mkdir()
    with sqlite_database.sessions() as session:
        with pytest.raises(CalendarError, match="has no time slot yet"):
            write_invite(session, unscheduled.interview_id, out)
        with pytest.raises(CalendarError, match="There is no interview 999"):
            invite_data(session, 999)
        interview = session.get(Interview, unscheduled.interview_id)
        interview.scheduled_start = datetime(2026, 3, 16, 14, tzinfo=UTC)
        with pytest.raises(CalendarError, match="no calendar identifier"):
            invite_data(session, unscheduled.interview_id)
        session.rollback()
    assert list(out.parent.iterdir()) == []


# -- all of an interviewer's upcoming interviews ---------------------------------------------------------


def test_write_upcoming_has_only_future_scheduled_interviews(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    with sqlite_database.sessions() as session, session.begin():
        first = session.get(Interview, program.interview_id)
        extra = [
            ("later@x", datetime(2026, 3, 12, 9, 0, tzinfo=UTC), InterviewStatus.SCHEDULED),
            ("past@x", datetime(2026, 3, 9, 9, 0, tzinfo=UTC), InterviewStatus.COMPLETED),
            ("running@x", now - timedelta(minutes=10), InterviewStatus.SCHEDULED),
            ("gone@x", datetime(2026, 3, 20, 9, 0, tzinfo=UTC), InterviewStatus.CANCELLED),
        ]
        for uid, start, status in extra:
            session.add(Interview(deal_id=first.deal_id, contact_id=first.contact_id, interviewer_id=program.interviewer_id,
                                  status=status, scheduled_start=start, planned_minutes=30, ics_uid=uid))  # fmt: skip
    out = tmp_path / "upcoming.ics"
    with sqlite_database.sessions() as session:
        assert write_upcoming(session, program.interviewer_id, out, now=now) == 3
    found = [(str(e["UID"]), e.decoded("DTSTART")) for e in events(read(out))]
    assert [uid for uid, _ in found] == ["running@x", "later@x", "interview-1@winloss.test"]
    assert str(read(out)["METHOD"]) == "REQUEST"
    with sqlite_database.sessions() as session:
        assert write_upcoming(session, program.interviewer_id, tmp_path / "none.ics", now=datetime(2027, 1, 1, tzinfo=UTC)) == 0
        with pytest.raises(CalendarError):
            write_upcoming(session, 999, tmp_path / "x.ics", now=now)
    assert not (tmp_path / "none.ics").exists()


def test_files_are_replaced_atomically(sqlite_database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import interviewer.files as module

    program = build(sqlite_database, start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    out = tmp_path / "out" / "invite.ics"
    out.parent.mkdir()
    out.write_text("previous")

    def broken(*_args, **_kwargs) -> bytes:  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    with sqlite_database.sessions() as session:
        monkeypatch.setattr(module.os, "fsync", broken)
        with pytest.raises(OSError):
            write_invite(session, program.interview_id, out)
        monkeypatch.undo()
        assert out.read_text() == "previous"
        assert [p.name for p in out.parent.iterdir()] == ["invite.ics"]
        write_invite(session, program.interview_id, out)
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert out.stat().st_mode & 0o777 == 0o644  # not the private mode of a temporary file


# -- through the scheduling service: book, reschedule, cancel --------------------------------------------


def test_invites_follow_the_scheduling_service(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewer.clock import FixedClock
    from interviewer.scheduling.slots import cancel, schedule

    clock = FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    program = build(sqlite_database, start=None, status=InterviewStatus.TO_CONTACT, uid=None)
    files = [tmp_path / f"{name}.ics" for name in ("booked", "moved", "cancelled")]
    with sqlite_database.sessions() as session, session.begin():
        schedule(session, program.interview_id, interviewer_id=program.interviewer_id,
                 start=datetime(2026, 3, 16, 10, 0, tzinfo=NEW_YORK), minutes=30, actor="Olive", clock=clock,
                 allow_outside_availability=True)  # fmt: skip
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, files[0], stamp=STAMP)
    with sqlite_database.sessions() as session, session.begin():
        schedule(session, program.interview_id, interviewer_id=program.interviewer_id,
                 start=datetime(2026, 3, 17, 16, 0, tzinfo=BERLIN), minutes=30, actor="Olive", clock=clock,
                 allow_outside_availability=True)  # fmt: skip
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, files[1], stamp=STAMP)
    with sqlite_database.sessions() as session, session.begin():
        cancel(session, program.interview_id, actor="Olive", clock=clock)
    with sqlite_database.sessions() as session:
        write_invite(session, program.interview_id, files[2], stamp=STAMP)
    calendars = [read(path) for path in files]
    booked, moved, cancelled = (events(calendar)[0] for calendar in calendars)
    assert [str(c["METHOD"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert str(booked["UID"]) == str(moved["UID"]) == str(cancelled["UID"])
    assert int(booked["SEQUENCE"]) < int(moved["SEQUENCE"]) < int(cancelled["SEQUENCE"])
    assert booked.decoded("DTSTART") == datetime(2026, 3, 16, 14, 0, tzinfo=UTC)
    assert moved.decoded("DTSTART") == datetime(2026, 3, 17, 15, 0, tzinfo=UTC)
    assert str(cancelled["STATUS"]) == "CANCELLED"
