"""The guide builder through the window: build for a lost deal, drag, re-time past the window, save, print."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from window_steps import become, open_window

from interviewer.enums import InterviewStatus, Outcome, Role
from question_bank.draft import BudgetState
from question_bank.guide import clock_text
from ui.guides.builder import GuideBuilderDialog, SecondsSpinBox, open_guide_builder
from ui.guides.model import PLANNED, QUESTION
from ui.guides.picker import QuestionPicker
from ui.main_window import MainWindow
from winloss.demo.build import build_demo

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database):
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    with sqlite_database.sessions() as session, session.begin():
        from question_bank.store import ensure_default_bank

        ensure_default_bank(session)  # already there when the demo loads the bank itself
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    yield window
    window.tasks.wait()


# -- steps ---------------------------------------------------------------------------------------------


def open_guide(qtbot, window: MainWindow, *, outcome: str = "lost",
               statuses: tuple[InterviewStatus, ...] = (InterviewStatus.SCHEDULED, InterviewStatus.INVITED,
                                                        InterviewStatus.TO_CONTACT)) -> GuideBuilderDialog:
    """Select an interview of that outcome and state in the Schedule area and click Guide…."""
    assert window.show_area("schedule")
    area = window.schedule
    row = next(i for i, r in enumerate(area._rows) if r.outcome == outcome and r.status in statuses)
    area.table.selectRow(row)
    assert area.guide_button.isEnabled()
    qtbot.mouseClick(area.guide_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(GuideBuilderDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    return dialog


def texts(dialog: GuideBuilderDialog) -> list[str]:
    return [line.text for line in dialog.model.draft.lines]


def drag_row(qtbot, dialog: GuideBuilderDialog, source: int, before: int) -> None:
    """Drag line ``source`` and drop it on the upper edge of line ``before``: Qt's drop path, event by event."""
    view, model = dialog.view, dialog.model
    view.selectRow(source)
    data = model.mimeData([model.index(source, column) for column in range(model.columnCount())])
    rect = view.visualRect(model.index(before, QUESTION))
    point = QPoint(rect.center().x(), rect.top() + 1)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, data, buttons, modifiers)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, Qt.DropAction.MoveAction, data, buttons, modifiers)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted(), "the view refuses the drop"
    drop = QDropEvent(point.toPointF(), Qt.DropAction.MoveAction, data, buttons, modifiers, QEvent.Type.Drop)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()


def edit_planned(qtbot, dialog: GuideBuilderDialog, row: int, typed: str) -> None:
    """Double-click-style editing of the Planned cell: type m:ss into the spin box and press Enter."""
    index = dialog.model.index(row, PLANNED)
    dialog.view.setCurrentIndex(index)
    assert dialog.view.edit(index, dialog.view.EditTrigger.EditKeyPressed, None)
    editor = next(e for e in dialog.view.findChildren(SecondsSpinBox) if e.isVisible())
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not any(e.isVisible() for e in dialog.view.findChildren(SecondsSpinBox)))


def required_keys(window: MainWindow, dialog: GuideBuilderDialog) -> set[str]:
    from question_bank.builder import BuildRequest, eligible
    from question_bank.store import bank_specs, ensure_default_bank

    with window.opened.database.sessions() as session:
        specs = bank_specs(session, ensure_default_bank(session))
    kept, _ = eligible(specs, BuildRequest(dialog.subject.outcome, dialog.subject.fill))
    return {spec.key for spec in kept if spec.required}


def docx_rows(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


# -- the scenario --------------------------------------------------------------------------------


def test_build_drag_overrun_save_and_print_a_lost_deals_guide(qtbot, window, tmp_path) -> None:
    become(qtbot, window, Role.PROGRAM_OWNER)
    dialog = open_guide(qtbot, window)
    assert dialog.subject.outcome is Outcome.LOST and dialog.subject.interview_id == window.schedule.selected().id
    assert "Buyer:" in dialog.facts.text()
    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)  # the demo saved one: choose again
    assert not dialog.error.isVisible()
    draft = dialog.model.draft
    assert required_keys(window, dialog) <= draft.keys()
    assert draft.window.min_seconds <= draft.total_seconds <= draft.window.max_seconds
    assert dialog.budget_bar.state is not BudgetState.OUTSIDE
    assert dialog.budget_bar.accessibleDescription() == dialog.budget_bar.text()

    before = texts(dialog)
    drag_row(qtbot, dialog, 1, 4)  # the second question, dropped above the fifth
    expected = before[:1] + before[2:4] + [before[1]] + before[4:]
    assert texts(dialog) == expected
    view = dialog.view
    on_screen = [view.indexAt(QPoint(view.columnViewportPosition(QUESTION) + 5, view.rowViewportPosition(r) + 5))
                 .data() for r in range(len(expected))]
    assert on_screen == expected
    assert dialog.model.index(3, 0).data() == "4" and dialog.dirty

    row = 3
    original = dialog.model.line(row).planned_seconds
    edit_planned(qtbot, dialog, row, "12:00")
    assert dialog.model.line(row).planned_seconds == 720
    assert dialog.model.draft.total_seconds > 20 * 60
    assert dialog.budget_bar.state is BudgetState.OUTSIDE
    assert "Does not fit" in dialog.budget_bar.text() and "over the 15–20 min window" in dialog.budget_bar.text()
    edit_planned(qtbot, dialog, row, clock_text(original))
    assert dialog.budget_bar.state in (BudgetState.INSIDE, BudgetState.NEAR_EDGE)
    assert "inside the 15–20 min window" in dialog.budget_bar.text()
    edit_planned(qtbot, dialog, row, "150")  # plain seconds are understood too
    assert dialog.model.line(row).planned_seconds == 150

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Saved" in dialog.status.text() and not dialog.error.isVisible() and not dialog.dirty
    from sqlalchemy import select

    from interviewer.models import Guide, GuideItem

    with window.opened.database.sessions() as session:
        items = session.execute(
            select(GuideItem.text, GuideItem.planned_seconds).join(Guide)
            .where(Guide.interview_id == dialog.subject.interview_id).order_by(GuideItem.position)
        ).all()  # fmt: skip
    assert [(text, seconds) for text, seconds in items] == [(line.text, line.planned_seconds)
                                                            for line in dialog.model.draft.lines]
    dialog.move_selected(1)
    assert dialog.save(), "a second save uses the interview's new version"

    target = dialog.print_to_word(tmp_path / "guide.docx")
    assert target is not None and target.exists()
    rows = docx_rows(target)
    for line in dialog.model.draft.lines:
        row_cells = next(cells for cells in rows if len(cells) == 4 and cells[1].startswith(line.text))
        assert row_cells[2].startswith(clock_text(line.planned_seconds))
    assert dialog.default_file_name().endswith(".docx") and "/" not in dialog.default_file_name()


# -- editing by keyboard and from the bank ---------------------------------------------------------------------


def test_keyboard_reorder_delete_and_add_from_the_bank(qtbot, window) -> None:
    become(qtbot, window, Role.PROGRAM_OWNER)
    dialog = open_guide(qtbot, window)
    before = texts(dialog)
    dialog.view.setFocus()
    dialog.select_row(0)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert texts(dialog) == [before[1], before[0], *before[2:]]
    assert dialog.selected_row() == 1
    qtbot.keyClick(dialog.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert texts(dialog) == before

    required = next(r for r, line in enumerate(dialog.model.draft.lines) if line.required)
    total = dialog.model.draft.total_seconds
    dialog.select_row(required)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert len(texts(dialog)) == len(before) - 1 and before[required] not in texts(dialog)
    assert "Removed a required question" in dialog.status.text()
    assert dialog.budget_bar.budget.total_seconds < total

    picker = dialog.add_question()
    assert isinstance(picker, QuestionPicker) and picker.isVisible()
    offered = [line.text for line in picker.lines]
    assert before[required] in offered and not set(offered) & set(texts(dialog))
    qtbot.keyClicks(picker.filter, before[required].split()[2])
    assert picker.chosen() is not None
    wanted = picker.chosen()
    dialog.select_row(0)
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert texts(dialog)[1] == wanted.text and dialog.selected_row() == 1
    assert "{" not in wanted.text


def test_the_window_spin_boxes_change_the_budget_and_an_infeasible_window_is_explained(qtbot, window) -> None:
    become(qtbot, window, Role.MANAGER)
    dialog = open_guide(qtbot, window)
    assert dialog.budget_bar.state is not BudgetState.OUTSIDE
    dialog.min_minutes.setValue(30)
    assert dialog.max_minutes.value() == 30, "the longest call follows the shortest"
    assert dialog.budget_bar.state is BudgetState.OUTSIDE
    assert "short of the 30–30 min window" in dialog.budget_bar.text()
    dialog.min_minutes.setValue(15)
    dialog.max_minutes.setValue(10)
    assert dialog.min_minutes.value() == 10
    dialog.max_minutes.setValue(20)
    dialog.min_minutes.setValue(15)
    assert dialog.budget_bar.state is not BudgetState.OUTSIDE

    kept = texts(dialog)
    dialog.min_minutes.setValue(3)
    dialog.max_minutes.setValue(3)
    assert not dialog.rebuild()
    assert dialog.error.isVisible() and dialog.error.text().endswith(".") and len(dialog.error.text()) > 20
    assert texts(dialog) == kept, "the lines stay when no guide fits"
    dialog.max_minutes.setValue(45)
    dialog.min_minutes.setValue(44)
    dialog.rebuild()
    dialog.min_minutes.setValue(15)
    dialog.max_minutes.setValue(20)
    assert dialog.rebuild() and not dialog.error.isVisible()


def test_a_concurrent_change_refuses_the_save_and_keeps_the_edits(qtbot, window) -> None:
    become(qtbot, window, Role.PROGRAM_OWNER)
    dialog = open_guide(qtbot, window)
    dialog.select_row(0)
    dialog.move_selected(1)
    edited = texts(dialog)
    from interviewer.models import Interview

    with window.opened.database.sessions() as session, session.begin():
        interview = session.get(Interview, dialog.subject.interview_id)
        interview.updated_at = NOW + timedelta(minutes=5)  # someone else's change bumps the version
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "Someone else changed this interview" in dialog.error.text()
    assert texts(dialog) == edited and dialog.dirty

    dialog.reject()  # unsaved edits: asked once, without blocking
    assert dialog.isVisible() and dialog.discard_box is not None and dialog.discard_box.isVisible()
    qtbot.mouseClick(dialog.discard_box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_guide_built_on_opening_says_it_is_not_saved_and_closing_offers_to_save_it(qtbot, window) -> None:
    from sqlalchemy import select

    from interviewer.models import Guide
    from question_bank.guides import saved_guide

    become(qtbot, window, Role.PROGRAM_OWNER)
    dialog = open_guide(qtbot, window)
    interview_id = dialog.subject.interview_id
    dialog.reject()
    assert not dialog.isVisible(), "the saved guide, unchanged: closes at once"
    with window.opened.database.sessions() as session, session.begin():  # this interview has no guide yet
        session.delete(session.scalars(select(Guide).where(Guide.interview_id == interview_id)).one())

    dialog = open_guide(qtbot, window)
    assert dialog.subject.interview_id == interview_id and "Built:" in dialog.status.text()
    assert dialog.unsaved.isVisible() and "Not saved yet" in dialog.unsaved.text()
    built = texts(dialog)
    dialog.reject()
    assert dialog.isVisible() and dialog.discard_box is not None and dialog.discard_box.isVisible()
    qtbot.mouseClick(dialog.discard_box.button(QMessageBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with window.opened.database.sessions() as session:
        saved = saved_guide(session, interview_id)
    assert saved is not None and [line.text for line in saved.lines] == built


# -- by hand, locked, and the interviewer's view -----------------------------------------------------------------


def test_a_guide_by_hand_fills_the_competitor_and_only_prints(qtbot, window, tmp_path) -> None:
    become(qtbot, window, Role.PROGRAM_OWNER)
    dialog = open_guide_builder(window, window.opened.database, profile=window.profile, clock=window.clock)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    assert dialog.by_hand.isVisible() and dialog.subject.interview_id is None
    assert not dialog.save_button.isVisible()  # nowhere to save it: the row above says it is printed
    assert any("printed, not saved" in label.text() for label in dialog.by_hand.findChildren(QLabel))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.LOST))
    assert dialog.competitor.count() > 1, "known competitors come from the deals"
    assert dialog.competitor.findText("None") < 0 and dialog.competitor.findText("Unknown") < 0
    dialog.competitor.setFocus()
    dialog.competitor.lineEdit().selectAll()
    qtbot.keyClicks(dialog.competitor.lineEdit(), "Northwind Analytics")
    qtbot.keyClick(dialog.competitor.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Northwind Analytics" in dialog.title.text())
    assert any("Northwind Analytics" in text for text in texts(dialog))
    assert not any("{competitor}" in text for text in texts(dialog))
    assert not dialog.save()
    target = dialog.print_to_word(tmp_path / "by-hand.docx")
    assert target is not None
    assert any("Northwind Analytics" in cells[1] for cells in docx_rows(target) if len(cells) == 4)


def test_a_completed_interviews_guide_is_read_only_but_prints(qtbot, window, tmp_path) -> None:
    become(qtbot, window, Role.PROGRAM_OWNER)
    area = window.schedule
    completed = [r for r in area._rows if r.status is InterviewStatus.COMPLETED]
    assert completed, "the demo holds a completed interview"
    dialog = open_guide(qtbot, window, outcome=completed[0].outcome, statuses=(InterviewStatus.COMPLETED,))
    assert dialog.subject.locked and dialog.subject.locked in dialog.read_only_note.text()
    assert dialog.read_only_note.isVisible()
    assert dialog.model.read_only and not dialog.save_button.isEnabled()
    assert not dialog.add_button.isEnabled() and not dialog.min_minutes.isEnabled()
    before = texts(dialog)
    dialog.select_row(0)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert texts(dialog) == before
    assert not dialog.model.setData(dialog.model.index(0, PLANNED), 300)
    assert dialog.print_to_word(tmp_path / "held.docx") is not None
    dialog.reject()
    assert not dialog.isVisible(), "nothing to discard: closes at once"


def test_an_interviewer_reads_and_prints_their_own_guide(qtbot, window, tmp_path) -> None:
    become(qtbot, window, Role.INTERVIEWER)
    area = window.schedule
    row = next(i for i, r in enumerate(area._rows) if r.status is not InterviewStatus.COMPLETED)
    area.table.selectRow(row)
    assert area.guide_button.isEnabled()
    dialog = area.open_guide()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    assert not dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert dialog.model.read_only and "print" in dialog.read_only_note.text()
    assert dialog.print_to_word(tmp_path / "mine.docx") is not None
