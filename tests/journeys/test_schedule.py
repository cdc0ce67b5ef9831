"""The owner's Schedule week on the demo program, only through the window: a wrong and a partial time zone are
answered in the dialog, Europe/Berlin is picked from the completions, a slot and an interviewer are chosen and the
call is booked; the list shows it in both zones, the .ics is written through the save dialog, each status button's
change is taken back with Ctrl+Z, and the Week tab shows the call as a block that opens it."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import icalendar
import pytest
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import InterviewStatus
from interviewer.models import Contact, Interview, Interviewer
from winloss.demo.build import build_demo
from person import become, button, click, field, labels_text, open_tab, rows_shown
from steps_schedule import (
    add_interviewer,
    click_block,
    export_upcoming,
    interviews_table,
    mark,
    open_schedule,
    open_scheduler,
    pick_interviewer,
    pick_slot,
    pick_zone,
    row_text,
    save_invitation,
    show_week_of,
    type_zone,
    undo,
    write_ics,
)
from window_steps import open_window

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
OWNER = "Maren Oduya"
INTERVIEWER = "Sunniva Halloran"
ZONE = "Europe/Berlin"


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database: Database):  # noqa: ANN001, ANN201
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    window.resize(1280, 800)
    yield window
    window.tasks.wait()


def waiting_buyer(database: Database) -> tuple[int, str, str]:
    """(interview, buyer's name, email) of the demo's first interview not booked yet whose buyer has an email."""
    with database.sessions() as session:
        return next(
            (i, f"{first} {last}", email) for i, first, last, email in session.execute(
                select(Interview.id, Contact.first_name, Contact.last_name, Contact.email)
                .join(Contact, Interview.contact_id == Contact.id)
                .where(Interview.status.in_((InterviewStatus.TO_CONTACT, InterviewStatus.INVITED)),
                       Contact.email.is_not(None))
                .order_by(Interview.id)))  # fmt: skip


def stored(database: Database, interview_id: int) -> Interview:
    with database.sessions() as session:
        found = session.get(Interview, interview_id)
        session.expunge(found)
        return found


def test_the_owner_books_a_call_in_berlin_writes_its_invite_and_takes_back_status_changes(
    qtbot: Any, window: Any, sqlite_database: Database, tmp_path: Path,
) -> None:
    interview_id, buyer, email = waiting_buyer(sqlite_database)
    become(qtbot, window, OWNER)
    open_schedule(qtbot, window)
    waiting = stored(sqlite_database, interview_id).status
    if waiting is InterviewStatus.TO_CONTACT:
        mark(qtbot, window, buyer, "Invited")
    mark(qtbot, window, buyer, "No response")
    mark(qtbot, window, buyer, "Invited")  # they answered after all
    assert stored(sqlite_database, interview_id).status is InterviewStatus.INVITED
    undo(qtbot, window)
    assert stored(sqlite_database, interview_id).status is InterviewStatus.NO_RESPONSE
    undo(qtbot, window)
    assert stored(sqlite_database, interview_id).status is InterviewStatus.INVITED
    assert "invited again" in labels_text(window)

    dialog = open_scheduler(qtbot, window, buyer)
    assert dialog.width() <= 1280 and dialog.height() <= 800
    width = dialog.width()
    said = type_zone(qtbot, dialog, "Mars/Olympus")
    assert "“Mars/Olympus” is not a time zone name such as Europe/Berlin." in said
    assert not button(dialog, "Schedule").isEnabled()
    said = type_zone(qtbot, dialog, "Europe/")  # a folder of zones, not a zone: a sentence, no traceback
    assert "“Europe/” is not a whole time zone name yet" in said
    pick_zone(qtbot, dialog, ZONE)
    assert "time zone name" not in labels_text(dialog) and button(dialog, "Schedule").isEnabled()
    entry = pick_interviewer(qtbot, dialog, INTERVIEWER)
    offered = rows_shown(field(dialog, "Free slots"))  # type: ignore[arg-type]
    assert len({text[:10] for text in offered}) >= 3  # several working days, not one
    assert not any(text.startswith(("Sat", "Sun")) for text in offered)
    slot = pick_slot(qtbot, dialog, 4)
    assert "buyer:" in slot and f"({ZONE})" in slot
    assert dialog.width() == width  # the dialog kept its width while its texts changed
    click(qtbot, button(dialog, "Schedule"))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)

    booked = stored(sqlite_database, interview_id)
    with sqlite_database.sessions() as session:
        sunniva = session.scalars(select(Interviewer).where(Interviewer.name == INTERVIEWER)).one()
    assert (booked.status, booked.buyer_time_zone, booked.interviewer_id) == (InterviewStatus.SCHEDULED, ZONE, sunniva.id)
    assert 15 <= booked.planned_minutes <= 20  # the guide's length, not 30
    shown = row_text(interviews_table(window), buyer)
    assert f"({ZONE})" in shown and "(Europe/London)" in shown and INTERVIEWER in shown

    invite = tmp_path / "call.ics"
    write_ics(qtbot, window, buyer, invite)
    [event] = [c for c in icalendar.Calendar.from_ical(invite.read_bytes()).walk() if c.name == "VEVENT"]
    attendees = {str(a).removeprefix("mailto:") for a in event["ATTENDEE"]}
    assert attendees == {email, sunniva.email} and str(event["LOCATION"]).startswith(f"Online call with {INTERVIEWER}")
    assert str(event["ORGANIZER"]) == "mailto:maren.oduya@example.com"
    assert event.decoded("DTSTART") == booked.scheduled_start

    for status, word in (("No-show", InterviewStatus.NO_SHOW), ("Declined", InterviewStatus.DECLINED),
                         ("Cancel", InterviewStatus.CANCELLED), ("Completed", InterviewStatus.COMPLETED)):  # fmt: skip
        mark(qtbot, window, buyer, status)
        assert stored(sqlite_database, interview_id).status is word
        undo(qtbot, window)
        assert stored(sqlite_database, interview_id).status is InterviewStatus.SCHEDULED
        assert "Scheduled" in row_text(interviews_table(window), buyer)

    block = show_week_of(qtbot, window, entry, buyer)
    assert "(scheduled)" in block and buyer in block
    click_block(qtbot, window, buyer)
    qtbot.waitUntil(lambda: interviews_table(window).isVisible(), timeout=3000)
    assert buyer in labels_text(window)  # the details of the call the block stands for
    open_tab(qtbot, window, "Week")
    click(qtbot, "◀ Previous week", window)


def test_the_owner_adds_an_interviewer_drafts_an_invitation_and_exports_a_week_of_invites(
    qtbot: Any, window: Any, sqlite_database: Database, tmp_path: Path,
) -> None:
    _, buyer, _ = waiting_buyer(sqlite_database)
    with sqlite_database.sessions() as session:
        held_buyer = session.execute(
            select(Contact.first_name, Contact.last_name).join(Interview, Interview.contact_id == Contact.id)
            .where(Interview.status == InterviewStatus.COMPLETED, Interview.started_at.is_not(None))
            .order_by(Interview.started_at.desc()).limit(1)).one()  # fmt: skip
    become(qtbot, window, OWNER)
    table = open_schedule(qtbot, window)
    held = row_text(table, " ".join(held_buyer))
    assert "held " in held and "Completed" in held  # when the call ran, not a time still to come

    refused = add_interviewer(qtbot, window, "Noor Haddad", "noor@fieldnotes.example", "Fieldnotes Research",
                              "Asia/Dubai", "mon 09:00-12:00\nwed 14:00-18:00")  # fmt: skip
    assert "“Asia/Dubaix” is not a time zone name" in refused
    with sqlite_database.sessions() as session:
        noor = session.scalars(select(Interviewer).where(Interviewer.name == "Noor Haddad")).one()
    assert (noor.time_zone, noor.organisation, noor.availability["wed"]) == ("Asia/Dubai", "Fieldnotes Research",
                                                                              ["14:00-18:00"])  # fmt: skip

    eml = tmp_path / "invitation.eml"
    preview = save_invitation(qtbot, window, buyer, eml)
    assert buyer.split()[0] in preview and eml.exists()

    upcoming = tmp_path / "upcoming.ics"
    export_upcoming(qtbot, window, "Ines Vallory (America/New_York)", upcoming)
    events = [c for c in icalendar.Calendar.from_ical(upcoming.read_bytes()).walk() if c.name == "VEVENT"]
    assert events and all(event.decoded("DTSTART") > NOW for event in events)
