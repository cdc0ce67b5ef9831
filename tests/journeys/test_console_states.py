"""The console says where the call stands, and only what is true: the interviewer opens a booked call from
Schedule → Start call…, sees no "consent withdrawn" before consent was ever asked, types notes in the
introduction (they reach the database), pauses and resumes (the button names what it does next), runs past
the limit on a fake clock (the overrun reads as a positive amount over), presses Ctrl+E (asked once, the
unanswered questions named; Enter confirms), and closes with Ctrl+W: the call is offered to resume. A call
whose wrap-up is saved shows no Pause/Resume, End or Add; "Reopen for edits" lets its notes change and is logged.
"""

from __future__ import annotations

import re

from call_setup import INTERVIEWER, Ticks, her_call, ticks, window  # noqa: F401 - the fixtures
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import Phase, RepReason
from interviewer.models import Answer, AuditEntry, Interview
from person import activate, become, button, click, is_closed, labels_text, live_dialog, rows_shown, shortcut, words
from steps_console import (
    choose_primary_reason,
    complete_interview,
    end_call,
    give_consent,
    notes,
    start_call,
    wrap_up_window,
    write_notes,
)
from steps_schedule import interviews_table, select_interview

INTRO = "Runs digital services; agreed to twenty minutes"


def intro_notes(database: Database, interview_id: int) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(Answer.notes).where(Answer.interview_id == interview_id,
                                                               Answer.phase == Phase.OPENING)))


def test_the_console_says_where_the_call_stands_and_asks_before_ending(qtbot, window, sqlite_database,  # noqa: ANN001
                                                                       ticks: Ticks) -> None:
    interview_id, buyer = her_call(sqlite_database)
    become(qtbot, window, INTERVIEWER)
    console = start_call(qtbot, window, buyer)
    screen = console.screen().availableGeometry()
    assert screen.contains(console.frameGeometry()), "the console opens fully visible"

    # before consent: nothing is paused and nothing was withdrawn
    shown = labels_text(console)
    assert "withdrawn" not in shown and "Paused" not in shown
    give_consent(qtbot, console)
    assert "withdrawn" not in labels_text(console)

    # notes of the introduction are kept
    ticks.now += 40
    write_notes(qtbot, console, INTRO)
    qtbot.waitUntil(lambda: intro_notes(sqlite_database, interview_id) == [INTRO], timeout=3000)

    # Pause names what it does next, and so does Resume after it
    click(qtbot, "Pause", console)
    assert button(console, "Resume") and "Paused" in labels_text(console)
    click(qtbot, "Resume", console)
    assert button(console, "Pause") and "Paused" not in labels_text(console)

    # far past the hard limit: the overrun is a positive amount over, never a negative one
    ticks.now += 45 * 60
    qtbot.waitUntil(lambda: "over the limit" in labels_text(console), timeout=3000)
    pace = next(line for line in labels_text(console).splitlines() if "over the limit" in line)
    assert re.fullmatch(r"over the limit \(\+\d+:\d\d over\)", pace), pace

    # Ctrl+E asks once, says what is unanswered; Enter confirms and the wrap-up opens
    activate(qtbot, console)
    shortcut(qtbot, console, "Ctrl+E")
    question = live_dialog(qtbot, "End the call")
    assert re.search(r"\d+ questions unanswered: Q1 ", labels_text(question)), labels_text(question)
    shortcut(qtbot, console, "Ctrl+E")
    assert len([w for w in console.findChildren(type(question)) if w.isVisible()]) == 1, "asked once"
    qtbot.keyClick(question.focusWidget() or question, Qt.Key.Key_Return)
    wrapup = live_dialog(qtbot, "Wrap-up")
    assert "Call ended" in labels_text(console)
    wrapup.close()
    qtbot.waitUntil(lambda: is_closed(wrapup), timeout=3000)

    # Ctrl+W closes the console like its close button; the call waits to be resumed
    activate(qtbot, console)
    shortcut(qtbot, console, "Ctrl+W")
    qtbot.waitUntil(lambda: is_closed(console), timeout=5000)
    with sqlite_database.sessions() as session:
        call = session.get(Interview, interview_id)
        assert call.started_at is not None and call.wrapped_up_at is None
    shortcut(qtbot, window, "F5")
    other = next(row for row in rows_shown(interviews_table(window)) if row != buyer)
    select_interview(qtbot, window, other)
    select_interview(qtbot, window, buyer)
    qtbot.waitUntil(lambda: bool(button(window, "Resume call…")), timeout=3000)


def visible_buttons(console: QWidget) -> set[str]:
    return {words(b.text()) for b in console.findChildren(QAbstractButton) if b.isVisible() and b.text()}


def test_after_the_wrap_up_the_call_is_read_only_and_reopening_it_is_logged(qtbot, window, sqlite_database,  # noqa: ANN001
                                                                            ticks: Ticks) -> None:
    interview_id, buyer = her_call(sqlite_database)
    become(qtbot, window, INTERVIEWER)
    console = start_call(qtbot, window, buyer)
    give_consent(qtbot, console)
    ticks.now += 60
    shortcut(qtbot, console, "Ctrl+Right")
    write_notes(qtbot, console, "Price was fine")
    ticks.now += 90
    end_call(qtbot, console)
    wrapup = wrap_up_window(qtbot)
    choose_primary_reason(qtbot, wrapup, RepReason.POOR_ONBOARDING.label)
    complete_interview(qtbot, wrapup)

    activate(qtbot, console)
    qtbot.waitUntil(lambda: "Wrapped up" in labels_text(console), timeout=5000)
    shown = visible_buttons(console)
    assert "Reopen for edits" in shown and not shown & {"Resume", "Pause", "End call", "Add question"}, shown
    assert notes(console).isReadOnly()

    click(qtbot, "Reopen for edits", console)
    assert "Reopened for edits" in labels_text(console) and not notes(console).isReadOnly()
    write_notes(qtbot, console, " after all")
    click(qtbot, "Done editing", console)
    qtbot.waitUntil(lambda: "Wrapped up" in labels_text(console), timeout=3000)

    def logged() -> list[str]:
        with sqlite_database.sessions() as session:
            return list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "interview",
                                                                        AuditEntry.entity_id == interview_id)))

    qtbot.waitUntil(lambda: "call.edits_closed" in logged(), timeout=3000)
    assert "call.reopened" in logged()
    with sqlite_database.sessions() as session:
        assert "Price was fine after all" in session.scalars(select(Answer.notes)
                                                             .where(Answer.interview_id == interview_id)).all()
        assert session.get(Interview, interview_id).wrapped_up_at is not None
