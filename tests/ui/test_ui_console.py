"""The live console driven by keyboard, as an interviewer runs a call: consent, tags, notes, quotes, skip,
an added question, pace and drops, pause, resume after closing, a conflicting edit, and the wrap-up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from window_steps import become, open_window

from interviewer.clock import FixedClock
from interviewer.console import calls
from interviewer.console.calls import load_call
from interviewer.db import open_database
from interviewer.enums import GuideItemState, InterviewStatus, RepReason, Role
from interviewer.models import Answer, Deal, Guide, Interview, Quote, ReasonTag
from ui.console.window import RESUMED, ConsoleWindow
from winloss.demo.build import build_demo

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 23, 18, tzinfo=UTC)
CTRL = Qt.KeyboardModifier.ControlModifier


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def demo(sqlite_database):
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    return sqlite_database


@pytest.fixture
def interview_id(demo) -> int:
    """A booked interview with a saved guide whose call has not started."""
    with demo.sessions() as session:
        return session.scalars(select(Interview.id).join(Guide, Guide.interview_id == Interview.id)
                               .where(Interview.status == InterviewStatus.SCHEDULED,
                                      Interview.started_at.is_(None)).order_by(Interview.id)).first()


def open_console(qtbot, database, interview_id: int, ticks: Ticks) -> ConsoleWindow:
    window = ConsoleWindow(database, interview_id, actor="Ines Vallory", clock=FixedClock(NOW), monotonic=ticks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts act in the active window
    return window


def consent(qtbot, window: ConsoleWindow) -> None:
    """Space on the consent checkbox, which has the focus when the console opens."""
    assert window.focusWidget() is window.consent
    qtbot.keyClick(window.consent, Qt.Key.Key_Space)
    assert window.consent.isChecked() and window.flush()


def rows(database, model, interview_id: int) -> list:
    with database.sessions() as session:
        return list(session.scalars(select(model).where(model.interview_id == interview_id)))


def items(database, interview_id: int) -> list[calls.CallItem]:
    with database.sessions() as session:
        return list(load_call(session, interview_id).items)


def select_in_notes(window: ConsoleWindow, words: str) -> None:
    text = window.notes.toPlainText()
    start = text.index(words)
    cursor = window.notes.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    window.notes.setTextCursor(cursor)


# -- a whole call -------------------------------------------------------------------------------------


def test_a_call_by_keyboard_tags_notes_quotes_skip_add_drop_pause(qtbot, demo, interview_id) -> None:
    ticks = Ticks()
    window = open_console(qtbot, demo, interview_id, ticks)
    guide = items(demo, interview_id)
    assert not window.notes.isEnabled() or window.notes.isReadOnly()
    assert window.consent_hint.isVisible() and "consent" in window.consent_hint.text().lower()
    assert window.guide.objectName() == "guideList" and window.guide.topLevelItem(0).text(0).endswith("Introduction")
    qtbot.keyClick(window.consent, Qt.Key.Key_1)  # no tag before consent
    consent(qtbot, window)
    assert rows(demo, ReasonTag, interview_id) == []
    with demo.sessions() as session:
        started = session.get(Interview, interview_id)
        assert started.consent and started.started_at is not None

    ticks.now += 80  # the introduction
    qtbot.keyClick(window.consent, Qt.Key.Key_Right, CTRL)
    first = guide[0].id
    assert window.current_item_id() == first and window.number.text() == f"Q 1/{len(guide)}"
    for key in range(1, len(RepReason) + 1):  # outside a text field, keys 1–7 tag the question
        qtbot.keyClick(window.consent, getattr(Qt.Key, f"Key_{key}"))
    qtbot.keyClick(window.consent, Qt.Key.Key_3)  # again: the tag comes off
    assert window.flush()
    tags = rows(demo, ReasonTag, interview_id)
    assert sorted(t.reason for t in tags) == sorted(r for r in RepReason if r is not RepReason.CHAMPION_LEFT)
    assert {t.guide_item_id for t in tags} == {first} and {t.offset_seconds for t in tags} == {80}
    assert "Price advantage" in window.tags.text() and "Champion left" not in window.tags.text()

    qtbot.keyClick(window.consent, Qt.Key.Key_F2)  # F2: into the notes
    assert window.focusWidget() is window.notes
    ticks.now += 25
    qtbot.keyClicks(window.notes, "Runs ops for 40 depots. We never had time to test the rollout.")
    assert window.notes.toPlainText().startswith("Runs ops for 40 depots")  # digits typed, not tags
    assert window.flush()
    [answer] = rows(demo, Answer, interview_id)
    assert answer.guide_item_id == first
    assert answer.notes == "Runs ops for 40 depots. We never had time to test the rollout."
    qtbot.keyClick(window.notes, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2 tags while typing
    assert window.notes.toPlainText().endswith("rollout.")

    ticks.now += 10
    select_in_notes(window, "We never had time to test the rollout.")
    qtbot.keyClick(window.notes, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # Alt+Q quotes the selection
    qtbot.keyClick(window.notes, Qt.Key.Key_F3)  # F3: the quote field
    assert window.focusWidget() is window.quote_field
    ticks.now += 5
    qtbot.keyClicks(window.quote_field, "\"Your price was fine; the plan was not.\"")
    qtbot.keyClick(window.quote_field, Qt.Key.Key_Return)
    assert window.quote_field.text() == "" and window.flush()
    quotes = sorted(rows(demo, Quote, interview_id), key=lambda q: q.offset_seconds)
    assert [(q.text, q.offset_seconds, q.guide_item_id) for q in quotes] == [
        ("We never had time to test the rollout.", 115, first), ("Your price was fine; the plan was not.", 120, first)]
    assert window.quotes.count() == 2 and "01:55" in window.quotes.item(0).text()
    assert RepReason.PRODUCT_FIT not in {t.reason for t in rows(demo, ReasonTag, interview_id)}  # Alt+2 took it off

    # Ctrl+→ asks the next (the first counts as asked), Ctrl+K skips it
    qtbot.keyClick(window.notes, Qt.Key.Key_Right, CTRL)
    assert window.current_item_id() == guide[1].id and window.notes.toPlainText() == ""
    ticks.now += 30
    qtbot.keyClick(window.notes, Qt.Key.Key_K, CTRL)
    assert window.current_item_id() == guide[2].id and window.flush()
    states = {i.id: i.state for i in items(demo, interview_id)}
    assert states[guide[0].id] is GuideItemState.ASKED and states[guide[1].id] is GuideItemState.SKIPPED
    assert window.guide.topLevelItem(2).text(0).startswith("↷")

    # Ctrl+Shift+A: a question of our own, after the current one
    qtbot.keyClick(window.notes, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.ad_hoc.isVisible() and window.focusWidget() is window.ad_hoc
    qtbot.keyClicks(window.ad_hoc, "How did the rollout plan compare?")
    qtbot.keyClick(window.ad_hoc, Qt.Key.Key_Return)
    assert window.flush() and not window.ad_hoc.isVisible()
    saved = items(demo, interview_id)
    added = saved[3]
    assert (added.text, added.ad_hoc, added.position) == ("How did the rollout plan compare?", True, 3)
    assert [i.position for i in saved] == list(range(len(guide) + 1))
    assert "How did the rollout plan compare?" in window.guide.topLevelItem(4).text(0)

    # far behind the plan: amber, and the lowest-priority pending optional questions to drop
    ticks.now += 150
    window.tick()
    pace = window.live.pace()
    assert window.pace_text.text().startswith("behind (+") and window.pace_text.text().endswith(" over plan)")
    assert "#b26a00" in window.pace_text.styleSheet()
    pending = [i for i in saved
               if i.state is GuideItemState.PENDING and not i.required and i.id != window.current_item_id()]
    lowest = min(i.priority for i in pending)
    assert pace.drop and all(saved_item.priority == lowest for saved_item in saved if saved_item.id in pace.drop[:1])
    numbers = [f"Q{[i.id for i in window.live.items].index(d) + 1}" for d in sorted(pace.drop, key=window.live.number)]
    assert window.drop_text.isVisible() and window.drop_text.text().startswith(f"Drop {', '.join(numbers)} to land")
    qtbot.keyClick(window.notes, Qt.Key.Key_X, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.flush() and not window.drop_text.isVisible()
    states = {i.id: i.state for i in items(demo, interview_id)}
    assert {states[d] for d in pace.drop} == {GuideItemState.DROPPED}

    # pause: time passing changes nothing
    qtbot.keyClick(window.notes, Qt.Key.Key_P, CTRL)
    shown = (window.overall.text(), window.item_timer.text())
    ticks.now += 300
    window.tick()
    assert (window.overall.text(), window.item_timer.text()) == shown and window.paused.text().startswith("Paused")
    assert window.pause_button.text() == "Resume"
    qtbot.keyClick(window.notes, Qt.Key.Key_P, CTRL)
    ticks.now += 2
    window.tick()
    assert window.overall.text() != shown[0] and window.paused.text() == ""
    assert window.pause_button.text() == "Pause"

    # the help overlay, by F1, and Esc closes it
    qtbot.keyClick(window.notes, Qt.Key.Key_F1)
    assert window.help.isVisible() and "Ctrl+K" in window.help.findChildren(type(window.number))[1].text()
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    assert not window.help.isVisible()

    # Ctrl+E asks first, naming what has no answer; Enter confirms: everything saved, the timers stop
    qtbot.keyClick(window.notes, Qt.Key.Key_E, CTRL)
    box = window.end_box
    assert box is not None and box.isVisible() and "unanswered: Q" in box.text()
    qtbot.keyClick(window.notes, Qt.Key.Key_E, CTRL)
    assert window.end_box is box  # asked once
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.end_box is None
    with demo.sessions() as session:
        assert session.get(Interview, interview_id).elapsed_seconds == int(window.live.elapsed())
    assert not window.live.running
    assert window.wrapup is not None and window.wrapup.isVisible()
    window.wrapup.close()


def test_notes_are_saved_within_half_a_second_of_typing_without_waiting(qtbot, demo, interview_id) -> None:
    ticks = Ticks()
    window = open_console(qtbot, demo, interview_id, ticks)
    consent(qtbot, window)
    window.next_question()
    window.notes.setFocus()
    qtbot.keyClicks(window.notes, "Budget froze in March")
    assert window._throttle.isActive()
    qtbot.waitUntil(lambda: [a.notes for a in rows(demo, Answer, interview_id)] == ["Budget froze in March"],
                    timeout=3000)
    with demo.sessions() as session:  # progress goes with the note
        assert session.get(Interview, interview_id).current_position == 0
    assert max(window.saver.timings) < 1.0


def test_closing_and_reopening_resumes_notes_quotes_tags_timers_and_position(qtbot, demo, interview_id) -> None:
    ticks = Ticks()
    window = open_console(qtbot, demo, interview_id, ticks)
    consent(qtbot, window)
    ticks.now += 60
    window.next_question()
    ticks.now += 70.6
    qtbot.keyClicks(window.notes, "Ops lead; six depots")
    window.next_question()
    ticks.now += 40.2
    qtbot.keyClicks(window.notes, "Procurement had a veto")
    window.add_quote("Procurement had the last word.")
    qtbot.keyClick(window.consent, Qt.Key.Key_4)  # 4: No decision / timing
    window.tick()
    elapsed, second = window.live.elapsed(), window.current_item_id()
    window.close()
    assert rows(demo, Answer, interview_id)

    again = open_console(qtbot, demo, interview_id, ticks)
    assert again.current_item_id() == second and again.notes.toPlainText() == "Procurement had a veto"
    assert not again.live.running and again.paused.text() == RESUMED and again.consent.isChecked()
    assert abs(again.live.elapsed() - elapsed) <= 1.0
    assert abs(again.live.current_watch().elapsed() - 40.2) <= 1.0
    assert again.quotes.count() == 1 and "Procurement had the last word." in again.quotes.item(0).text()
    assert "No decision / timing" in again.tags.text()
    ticks.now += 100
    again.tick()
    assert abs(again.live.elapsed() - elapsed) <= 1.0  # paused until Ctrl+P
    qtbot.keyClick(again.consent, Qt.Key.Key_P, CTRL)
    ticks.now += 10
    assert abs(again.live.elapsed() - elapsed - 10) <= 1.0
    qtbot.keyClick(again.consent, Qt.Key.Key_Left, CTRL)
    assert again.notes.toPlainText() == "Ops lead; six depots"


def test_someone_elses_save_shows_both_texts_and_merge_keeps_both(qtbot, demo, interview_id) -> None:
    ticks = Ticks()
    window = open_console(qtbot, demo, interview_id, ticks)
    consent(qtbot, window)
    window.next_question()
    item_id = window.current_item_id()
    qtbot.keyClicks(window.notes, "Mine: price")
    assert window.flush()
    with demo.sessions() as session, session.begin():  # a colleague's console saves over version 1
        calls.save_note(session, interview_id, item_id, "Theirs: rollout", 1, FixedClock(NOW))
    qtbot.keyClicks(window.notes, " and rollout")
    assert window.flush()
    panel = window.conflict
    assert panel.isVisible() and panel.objectName() == "noteConflict"
    assert (panel.theirs.toPlainText(), panel.mine.toPlainText()) == ("Theirs: rollout", "Mine: price and rollout")
    qtbot.keyClicks(window.notes, "!")  # typing goes on; nothing is written over theirs meanwhile
    assert window.flush() and [a.notes for a in rows(demo, Answer, interview_id)] == ["Theirs: rollout"]
    qtbot.mouseClick(panel.merge, Qt.MouseButton.LeftButton)
    assert window.flush() and not panel.isVisible()
    [answer] = rows(demo, Answer, interview_id)
    assert "Theirs: rollout" in answer.notes and "Mine: price and rollout!" in answer.notes and answer.version == 3
    assert window.notes.toPlainText() == answer.notes


def test_a_database_error_shows_a_red_line_and_the_save_is_retried(qtbot, demo, interview_id, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    ticks = Ticks()
    window = open_console(qtbot, demo, interview_id, ticks)
    consent(qtbot, window)
    window.next_question()
    real, failures = calls.save_note, [2]

    def flaky(*args, **kwargs):
        if failures[0]:
            failures[0] -= 1
            raise OperationalError("UPDATE answers", {}, Exception("database is locked"))
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, "save_note", flaky)
    qtbot.keyClicks(window.notes, "Said the demo was late")
    window._save_note_now()
    qtbot.waitUntil(lambda: window.save_error.isVisible(), timeout=3000)
    assert window.save_error.text() == "Not saved — retrying"
    assert window.notes.toPlainText() == "Said the demo was late"
    assert window.flush(10)
    qtbot.waitUntil(lambda: not window.save_error.isVisible(), timeout=3000)
    assert [a.notes for a in rows(demo, Answer, interview_id)] == ["Said the demo was late"]


def test_without_a_guide_the_console_says_so(qtbot, demo) -> None:
    with demo.sessions() as session, session.begin():
        taken = select(Interview.deal_id)
        deal = session.scalars(select(Deal.id).where(~Deal.id.in_(taken)).order_by(Deal.id)).first()
        interview = Interview(deal_id=deal, status=InterviewStatus.SCHEDULED)
        session.add(interview)
        session.flush()
        bare = interview.id
    window = open_console(qtbot, demo, bare, Ticks())
    assert window.live is None and "no guide" in window.refused.text() and window.refused.isVisible()
    assert window.current_item_id() is None and window.flush()


# -- from the main window -------------------------------------------------------------------------------


@pytest.fixture
def main_window(qtbot, tmp_path: Path, demo):
    window = open_window(qtbot, tmp_path, demo, NOW)
    yield window
    for console in list(window.consoles.values()):
        console.close()
    window.tasks.wait()


def test_the_interviewer_starts_a_call_from_the_schedule_and_is_offered_to_resume_it(qtbot, main_window, demo) -> None:
    window = main_window
    become(qtbot, window, Role.INTERVIEWER)
    area = window.schedule
    row = next(i for i, r in enumerate(area._rows) if r.status is InterviewStatus.SCHEDULED)
    area.table.selectRow(row)
    button = area.call_button
    assert button.objectName() == "startCall" and button.isEnabled() and button.text() == "Start call…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    interview = area._rows[row].id
    console = window.consoles[interview]
    assert console.isVisible() and console.isWindow()
    qtbot.keyClick(console.consent, Qt.Key.Key_Space)
    console.next_question()
    assert console.flush()
    console.close()
    qtbot.waitUntil(lambda: interview not in window.consoles)
    area.reload(select_id=interview)
    assert area.call_button.text() == "Resume call…"

    window.interactive = True  # a person is there: the window asks (without blocking)
    become(qtbot, window, Role.PROGRAM_OWNER)
    box = window.resume_box
    assert box is not None and box.isVisible() and "was interrupted at 0:0" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert interview in window.consoles and window.consoles[interview].paused.text() == RESUMED


# -- quitting ------------------------------------------------------------------------------------------------

QUITTER = """
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from interviewer.secrets import SecretStore
from ui.main_window import MainWindow
from ui.settings import WindowSettings

url, interview_id, ini = sys.argv[1], int(sys.argv[2]), sys.argv[3]
window = MainWindow(WindowSettings(QSettings(ini, QSettings.Format.IniFormat)), SecretStore())
window.interactive = False
window.show()


def call():
    console = window.open_console(interview_id)
    console.consent.setChecked(True)
    console.next_question()
    console.notes.setPlainText("Budget froze in March")  # still being saved when Ctrl+Q comes
    QTimer.singleShot(200, quit_)


def quit_():
    window.activateWindow()  # as a click on the main window does; its Ctrl+Q then quits
    if not window.isActiveWindow():
        QTimer.singleShot(50, quit_)
        return
    print("quitting", flush=True)
    QTest.keySequence(window, QKeySequence("Ctrl+Q"))


window.deals.loaded.connect(lambda _rows: QTimer.singleShot(100, call))
window.open_database(url)
sys.exit(app.exec())
"""


def test_ctrl_q_after_a_call_quits_within_two_seconds_with_the_console_open(demo, interview_id, tmp_path: Path,
                                                                          subprocess_env) -> None:
    import subprocess
    import sys
    import time

    script = tmp_path / "quitter.py"
    script.write_text(QUITTER, encoding="utf-8")
    url = demo.url.render_as_string(hide_password=False)
    demo.close()
    child = subprocess.Popen([sys.executable, str(script), url, str(interview_id), str(tmp_path / "settings.ini")],
                             env={**subprocess_env, "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "quitting"
        pressed = time.monotonic()
        assert child.wait(timeout=20) == 0
        assert time.monotonic() - pressed <= 2.0
    finally:
        child.kill()
    with open_database(url).sessions() as session:  # what was typed was written before the window went
        assert [a.notes for a in session.scalars(select(Answer).where(Answer.interview_id == interview_id))] == [
            "Budget froze in March"]


# -- after the wrap-up, and the window's place ----------------------------------------------------------------


def test_a_wrapped_up_call_is_read_only_until_reopened_for_edits_which_the_audit_log_records(
        qtbot, demo, interview_id) -> None:
    from interviewer.console.wrapup import WrapUp, complete_call
    from interviewer.enums import Outcome
    from interviewer.models import AuditEntry

    clock = FixedClock(NOW)
    with demo.sessions() as session, session.begin():
        calls.start_call(session, interview_id, clock, actor="Ines Vallory")
        calls.set_consent(session, interview_id, True, clock, actor="Ines Vallory")
        first = load_call(session, interview_id).items[0].id
        calls.save_note(session, interview_id, first, "Price was fine", None, clock)
        calls.save_progress(session, interview_id, elapsed_seconds=300, current_position=0, items={})
        complete_call(session, interview_id, WrapUp(Outcome.LOST, RepReason.PRODUCT_FIT), [], actor="Ines Vallory",
                      clock=clock)
    window = open_console(qtbot, demo, interview_id, Ticks())
    assert window.paused.text() == "Wrapped up" and window.notes.isReadOnly()
    for name in ("pause", "end", "add", "skip"):
        assert not window.command_buttons[name].isVisible() and not window.actions_by_name[name].isEnabled()
    assert window.reopen_button.isVisible() and not window.done_button.isVisible()
    qtbot.keyClick(window.consent, Qt.Key.Key_E, CTRL)
    assert window.end_box is None  # nothing to end

    qtbot.mouseClick(window.reopen_button, Qt.MouseButton.LeftButton)
    assert window.paused.text() == "Reopened for edits" and not window.notes.isReadOnly()
    assert not window.command_buttons["pause"].isVisible() and window.done_button.isVisible()
    window.notes.setFocus()
    qtbot.keyClicks(window.notes, " after all")
    assert window.flush()
    assert [a.notes for a in rows(demo, Answer, interview_id)] == ["Price was fine after all"]
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert window.flush() and window.notes.isReadOnly() and window.reopen_button.isVisible()
    with demo.sessions() as session:
        assert session.get(Interview, interview_id).wrapped_up_at is not None
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "interview",
                                                                  AuditEntry.entity_id == interview_id)).all()
    assert actions.count("call.reopened") == 1 and actions.count("call.edits_closed") == 1


def test_the_console_opens_fully_visible_and_remembers_its_place_and_splitter_per_screen(
        qtbot, demo, interview_id, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from ui.settings import WindowSettings

    settings = WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))

    def shown() -> ConsoleWindow:
        window = ConsoleWindow(demo, interview_id, actor="Ines Vallory", clock=FixedClock(NOW), monotonic=Ticks(),
                               settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    window = shown()
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry())
    window.resize(780, 520)
    window.move(area.left() + 30, area.top() + 20)
    window.splitter.setSizes([150, 550])
    sizes = window.splitter.sizes()
    window.close()
    again = shown()
    assert (again.width(), again.height()) == (780, 520) and again.splitter.sizes() == sizes
    again.resize(area.width() + 400, area.height() + 300)  # bigger than the screen, e.g. left on a larger one
    again.move(area.right() - 50, area.top())
    again.close()
    third = shown()
    assert area.contains(third.frameGeometry())


def test_notes_of_the_introduction_and_the_wrap_up_are_saved_and_come_back(qtbot, demo, interview_id) -> None:
    from interviewer.enums import Phase

    ticks = Ticks()
    window = open_console(qtbot, demo, interview_id, ticks)
    consent(qtbot, window)
    qtbot.keyClick(window.consent, Qt.Key.Key_F2)
    qtbot.keyClicks(window.notes, "Ops lead; agreed to 20 minutes")
    for _ in items(demo, interview_id):
        ticks.now += 30
        qtbot.keyClick(window.notes, Qt.Key.Key_Right, CTRL)
    ticks.now += 30
    qtbot.keyClick(window.notes, Qt.Key.Key_Right, CTRL)  # past the last question: the wrap-up
    assert window.live.closing and window.number.text().startswith("Wrap-up") and window.notes.toPlainText() == ""
    assert window.guide.currentItem().text(0).endswith("Wrap-up")
    ticks.now += 20
    qtbot.keyClicks(window.notes, "Happy to talk again")
    window.tick()
    assert window.flush()
    saved = {a.phase: a.notes for a in rows(demo, Answer, interview_id) if a.phase is not None}
    assert saved == {Phase.OPENING: "Ops lead; agreed to 20 minutes", Phase.CLOSING: "Happy to talk again"}
    left = window.live.call.wrap_seconds - 20  # what the wrap-up has left counts, not all of it
    assert abs(window.live.pace().projected_end - (window.live.elapsed() + left)) <= 1
    window.close()

    again = open_console(qtbot, demo, interview_id, ticks)
    assert again.live.closing and again.notes.toPlainText() == "Happy to talk again"
    qtbot.keyClick(again.consent, Qt.Key.Key_Left, CTRL)
    assert again.current_item_id() == items(demo, interview_id)[-1].id
