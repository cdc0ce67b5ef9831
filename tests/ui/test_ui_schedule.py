"""The Schedule area through the window: invite, book with suggested slots, refuse a clash, export the invite."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QPoint, Qt

from interviewer.enums import InterviewStatus, Role
from ui.main_window import MainWindow
from ui.schedule.dialog import ScheduleDialog
from winloss.demo.build import build_demo
from window_steps import become, open_window

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database):  # noqa: ANN001, ANN201
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    yield window
    window.tasks.wait()


def unbooked(window: MainWindow) -> list[int]:
    area = window.schedule
    return [i for i, r in enumerate(area._rows) if r.status in (InterviewStatus.TO_CONTACT, InterviewStatus.INVITED)]


def open_dialog(qtbot, window: MainWindow) -> ScheduleDialog:  # noqa: ANN001
    qtbot.mouseClick(window.schedule.schedule_button, Qt.MouseButton.LeftButton)
    return next(d for d in window.findChildren(ScheduleDialog) if d.isVisible())


def test_book_an_accepted_candidate_refuse_a_clash_and_export_the_invite(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    become(qtbot, window, Role.PROGRAM_OWNER)
    assert window.show_area("schedule")
    area = window.schedule
    assert "Participation" in area.health.text()
    first = unbooked(window)[0]
    area.table.selectRow(first)
    interview_id = area.selected().id
    if area.selected().status is InterviewStatus.TO_CONTACT:
        qtbot.mouseClick(area.move_buttons[InterviewStatus.INVITED], Qt.MouseButton.LeftButton)
        assert area.selected().status is InterviewStatus.INVITED
    assert not area.move_buttons[InterviewStatus.COMPLETED].isEnabled()  # completing before booking is not offered
    assert not area.move_selected(InterviewStatus.COMPLETED)  # and refused if asked all the same
    assert "before it is scheduled" in area.message.text()

    dialog = open_dialog(qtbot, window)
    assert dialog.slots.count() >= 1
    booked_text = dialog.slots.item(0).text()
    assert "buyer:" in booked_text and "(" in booked_text
    interviewer = dialog.interviewer.currentData()
    start = dialog.chosen_start()
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: area.selected() is not None and area.selected().status is InterviewStatus.SCHEDULED, timeout=5000)
    row = area.selected()
    assert row.id == interview_id and row.scheduled_start == start
    assert area.table.item(area.table.currentRow(), 4).text() and area.table.item(area.table.currentRow(), 5).text()

    other = next(i for i, r in enumerate(area._rows) if r.id != interview_id and r.status is InterviewStatus.SCHEDULED)
    area.table.selectRow(other)  # moving another booked call onto the same slot
    clash = open_dialog(qtbot, window)
    clash.interviewer.setCurrentIndex(clash.interviewer.findData(interviewer))
    clash.start.setDateTime(clash.start.dateTime().fromSecsSinceEpoch(int(start.timestamp()), clash.start.timeZone()))
    clash.accept()
    assert clash.isVisible() and clash.error.isVisible()
    assert "already has an interview" in clash.error.text()
    clash.reject()

    assert area.select_interview(interview_id)
    target = tmp_path / "invite.ics"
    assert area.export_invite(target)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1 and events[0].decoded("dtstart") == start and str(events[0]["uid"]).endswith("@winloss-studio")


def test_an_interviewer_sees_only_their_own_interviews(qtbot, window) -> None:  # noqa: ANN001
    become(qtbot, window, Role.INTERVIEWER)
    assert window.stack.currentWidget() is window.schedule
    with window.opened.database.sessions() as session:
        from interviewer.models import Interview, Interviewer

        own = {i.id for i in session.query(Interviewer).filter(Interviewer.profile_id == window.profile.id)}
        mine = session.query(Interview).filter(Interview.interviewer_id.in_(own)).count()
    assert mine >= 1 and len(window.schedule._rows) == mine
    assert {r.interviewer_id for r in window.schedule._rows} <= own
    assert not window.show_area("deals")


def test_the_roster_adds_an_interviewer_and_explains_bad_hours(qtbot, window) -> None:  # noqa: ANN001
    become(qtbot, window, Role.PROGRAM_OWNER)
    window.show_area("schedule")
    qtbot.mouseClick(window.schedule.roster_button, Qt.MouseButton.LeftButton)
    from ui.schedule.roster import RosterDialog

    roster = next(d for d in window.findChildren(RosterDialog) if d.isVisible())
    before = roster.people.count()
    roster._new()
    qtbot.keyClicks(roster.name, "Noor Haddad")
    qtbot.keyClicks(roster.email, "noor@fieldnotes.example")
    roster.kind.setCurrentIndex(1)
    roster.organisation.setText("Fieldnotes Research")
    roster.zone.setText("Asia/Atlantis")
    assert not roster.save()
    assert roster.error.isVisible() and "Asia/Atlantis" in roster.error.text()
    roster.zone.setText("Asia/Dubai")
    roster.hours.setPlainText("mon 09:00-12:00, 11:00-13:00")
    assert not roster.save() and roster.error.isVisible()
    roster.hours.setPlainText("mon 09:00-12:00\nwed 14:00-18:00")
    assert roster.save()
    assert roster.people.count() == before + 1
    roster.reject()
    with window.opened.database.sessions() as session:
        from interviewer.scheduling.roster import list_interviewers

        noor = next(p for p in list_interviewers(session) if p.name == "Noor Haddad")
    assert noor.time_zone == "Asia/Dubai" and noor.independent and noor.availability["wed"] == ["14:00-18:00"]


def test_an_invitation_is_drafted_from_the_template_and_saved_as_eml(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    import email
    from email import policy

    from ui.schedule.invitation import InvitationDialog

    become(qtbot, window, Role.PROGRAM_OWNER)
    window.show_area("schedule")
    area = window.schedule
    area.table.selectRow(unbooked(window)[0])
    row = area.selected()
    qtbot.mouseClick(area.invitation_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(InvitationDialog) if d.isVisible())
    text = dialog.preview.toPlainText()
    assert row.contact_name.split()[0] in text and (row.account or "") in text
    assert "{" not in text and "gift card" in text

    dialog.body.setPlainText(dialog.body.toPlainText() + "\n{compnay}")
    assert not dialog.save_template()
    assert "compnay" in dialog.error.text()
    dialog.body.setPlainText(dialog.body.toPlainText().replace("\n{compnay}", "\nSee you soon, {first_name}."))
    assert dialog.save_template()
    assert "See you soon" in dialog.preview.toPlainText()

    target = tmp_path / "invite.eml"
    assert dialog.save_eml(target)
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["Subject"].strip() == dialog.invitation.subject  # a long subject is folded after "Subject:"
    assert "See you soon" in message.get_content()


def test_the_week_view_and_an_interviewers_upcoming_invites(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    become(qtbot, window, Role.PROGRAM_OWNER)
    area = window.schedule
    booked = [r for r in area._rows if r.status is InterviewStatus.SCHEDULED]
    person = booked[0].interviewer_id
    area.week_interviewer.setCurrentIndex(area.week_interviewer.findData(person))
    area.week_start = area._monday(booked[0].scheduled_start.date())
    area.show_week()
    assert any(booked[0].account in text and "(scheduled)" in text for text in area.week_grid.block_texts())
    target = tmp_path / "upcoming.ics"
    count = area.export_upcoming(target)
    expected = sum(1 for r in booked if r.interviewer_id == person and r.scheduled_start > NOW)
    assert count == expected >= 1
    events = [c for c in icalendar.Calendar.from_ical(target.read_bytes()).walk() if c.name == "VEVENT"]
    assert len(events) == expected


def test_the_week_grid_paints_blocks_with_their_status_word_and_a_click_opens_the_call(qtbot) -> None:  # noqa: ANN001
    from interviewer.scheduling.views import WeekBlock, WeekLayout
    from ui.schedule.week import WeekGrid

    grid = WeekGrid()
    qtbot.addWidget(grid)
    grid.resize(900, 600)
    held = WeekBlock(7, 2, 9 * 60, 9 * 60 + 20, InterviewStatus.COMPLETED, "09:00–09:20", "Acme Logistics · Jane Doe")
    booked = WeekBlock(8, 4, 14 * 60, 14 * 60 + 15, InterviewStatus.SCHEDULED, "14:00–14:15", "Birch plc · Lee Park")
    grid.show_week(date(2026, 11, 16), WeekLayout(8, 18, (held, booked)))
    grid.show()
    assert grid.block_texts() == ["09:00–09:20 Acme Logistics · Jane Doe (completed)",
                                  "14:00–14:15 Birch plc · Lee Park (scheduled)"]  # fmt: skip
    assert "Birch plc" in grid.accessibleDescription()
    assert not grid.grab().isNull()
    first, second = grid.block_rect(held), grid.block_rect(booked)
    assert first.left() < second.left() and first.top() < second.top()
    assert first.height() >= 2 * grid.fontMetrics().height()  # a short call still shows its two lines
    with qtbot.waitSignal(grid.chosen, timeout=2000) as chosen:
        qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=second.center().toPoint())
    assert chosen.args == [8]
    with qtbot.assertNotEmitted(grid.chosen):
        qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=first.bottomLeft().toPoint() + QPoint(0, 80))
