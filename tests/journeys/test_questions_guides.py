"""The program owner's week in the question bank and the guide builder, done with the mouse and keys only.

Setup builds the demo program and reads which booked call to prepare; after that every step is a click, a key
or a typed word, and the checks read the database, the files written and what the screen shows.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from interviewer.db import Database
from interviewer.enums import InterviewStatus, Phase, Team
from winloss.demo.build import build_demo
from person import (
    become,
    choose,
    click,
    click_row,
    close_window,
    field,
    go_to,
    key,
    labels_text,
    live_dialog,
    pick_files,
    rows_shown,
    save_as,
    shortcut,
    type_into,
    when_modal,
)
from question_bank.spec import QuestionSpec
from steps_questions import (
    budget_words,
    click_line,
    column_headed,
    count_shown,
    guide_lines,
    guide_texts,
    open_guide_of,
    question_table,
    set_planned,
    wording_check,
    write_question,
)
from window_steps import open_window

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
LEADING = "Don't you agree our price was fair?"


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database: Database):  # noqa: ANN001, ANN201
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    window.resize(1280, 800)
    yield window
    window.tasks.wait()


def bank(database: Database) -> dict[str, QuestionSpec]:
    """The stored bank by key."""
    from question_bank.store import ensure_default_bank, list_questions

    with database.sessions() as session, session.begin():
        return {row.spec.key: row.spec for row in list_questions(session, ensure_default_bank(session))}


def booked_call(database: Database) -> tuple[int, str]:
    """A call booked after today, with a guide and not started: its interview and the buyer's name."""
    from sqlalchemy import select

    from interviewer.models import Contact, Guide, Interview

    with database.sessions() as session:
        interview_id, first, last = session.execute(
            select(Interview.id, Contact.first_name, Contact.last_name)
            .join(Guide, Guide.interview_id == Interview.id).join(Contact, Contact.id == Interview.contact_id)
            .where(Interview.status == InterviewStatus.SCHEDULED, Interview.scheduled_start > NOW)
            .order_by(Interview.scheduled_start)
        ).first()  # fmt: skip
    return interview_id, f"{first} {last}"


def saved_guide(database: Database, interview_id: int) -> list[tuple[str, int]]:
    """The interview's stored guide: each question and its planned seconds, in order."""
    from sqlalchemy import select

    from interviewer.models import Guide, GuideItem

    with database.sessions() as session:
        return [tuple(row) for row in session.execute(
            select(GuideItem.text, GuideItem.planned_seconds).join(Guide)
            .where(Guide.interview_id == interview_id).order_by(GuideItem.position))]  # fmt: skip


def test_the_owner_writes_copies_retires_restores_exports_and_imports_questions(
        qtbot, window: QMainWindow, tmp_path: Path, sqlite_database: Database) -> None:  # fmt: skip
    become(qtbot, window, "Program owner")
    go_to(qtbot, window, "Questions")
    table = question_table(window)
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=5000)
    total = len(bank(sqlite_database))
    assert count_shown(window) == f"{total} of {total} questions"

    # New question: a leading wording is flagged, and the suggestion fixes it.
    click(qtbot, "New question", window)
    editor = live_dialog(qtbot, "New question")
    write_question(qtbot, editor, text=LEADING, phase="Evaluation and criteria",
                   purpose="Whether the price felt fair for the value the buyer saw.", teams=["Marketing", "Sales"])
    assert "tells the buyer which answer you expect" in wording_check(editor)
    click(qtbot, "Use suggestion", editor)
    assert wording_check(editor) == ""
    open_form = field(editor, "Question text").toPlainText()
    assert open_form and open_form != LEADING
    click(qtbot, "Save", editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    written = next(spec for spec in bank(sqlite_database).values() if spec.text == open_form)
    assert written.phase is Phase.EVALUATION and written.teams == (Team.MARKETING, Team.SALES)
    assert written.purpose == "Whether the price felt fair for the value the buyer saw."
    assert count_shown(window) == f"{total + 1} of {total + 1} questions"
    assert table.currentIndex().data() == open_form, "the new question is selected"

    # Edit: tag it.
    click(qtbot, "Edit", window)
    editor = live_dialog(qtbot, "Edit question")
    type_into(qtbot, field(editor, "Tags, separated by commas"), "price, value")
    click(qtbot, "Save", editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert bank(sqlite_database)[written.key].tags == ("price", "value")
    assert "price, value" in field(window, "Details of the selected question").toPlainText()

    # Duplicate, then retire the copy: it leaves the table until Show retired is ticked; Restore or Undo brings it back.
    click(qtbot, "Duplicate", window)
    copy_key = f"{written.key}-copy"
    qtbot.waitUntil(lambda: copy_key in bank(sqlite_database), timeout=5000)
    assert rows_shown(table).count(open_form) == 2
    click(qtbot, "Retire", window)
    assert not bank(sqlite_database)[copy_key].active and bank(sqlite_database)[written.key].active
    assert "Retired" in labels_text(window)
    assert rows_shown(table).count(open_form) == 1
    assert count_shown(window) == f"{total + 1} of {total + 2} questions · 1 retired hidden"
    click(qtbot, "Show retired", window)
    assert rows_shown(table).count(open_form) == 2
    assert count_shown(window) == f"{total + 2} of {total + 2} questions"
    click_row(qtbot, table, "retired", column=column_headed(table, "Flags"))
    click(qtbot, "Restore", window)
    assert bank(sqlite_database)[copy_key].active and "Restored" in labels_text(window)
    assert not any("retired" in flags for flags in rows_shown(table, column_headed(table, "Flags")))
    click(qtbot, "Retire", window)
    assert not bank(sqlite_database)[copy_key].active
    shortcut(qtbot, window, "Ctrl+Z")  # Edit → Undo takes the retiring back
    qtbot.waitUntil(lambda: bank(sqlite_database)[copy_key].active, timeout=5000)
    assert not any("retired" in flags for flags in rows_shown(table, column_headed(table, "Flags")))

    # Export the bank through the save dialog; the file holds every question.
    exported = tmp_path / "bank-export.yaml"
    handled = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, exported), title="Export")
    click(qtbot, "Export bank", window)
    handled.check()
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert {q["key"] for q in data["questions"]} == set(bank(sqlite_database))
    assert f"Exported {total + 2} questions" in labels_text(window)

    # Someone changes the file in an editor (one question re-prioritised, one added); import merges it.
    data["questions"][0]["priority"] = 1 if data["questions"][0]["priority"] != 1 else 2
    added = {**deepcopy(data["questions"][1]), "key": "closing.what-should-we-ask-next-time",
             "text": "What should we ask the next buyer that we did not ask you?"}
    data["questions"].append(added)
    exported.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handled = when_modal(qtbot, lambda dialog: pick_files(qtbot, dialog, [exported]), title="Import")
    click(qtbot, "Import bank", window)
    handled.check()
    qtbot.waitUntil(lambda: "Imported" in labels_text(window), timeout=5000)
    assert f"1 added, 1 updated, {total + 1} unchanged" in labels_text(window)
    assert bank(sqlite_database)[added["key"]].text == added["text"]
    assert added["text"] in rows_shown(table)

    # Build a guide by hand: the builder opens on a lost deal's guide, and builds again for another outcome.
    click(qtbot, "Build a guide", window)
    builder = live_dialog(qtbot, "Interview guide")
    qtbot.waitUntil(lambda: guide_lines(builder).model().rowCount() > 0, timeout=5000)
    assert "lost deals" in builder.windowTitle()
    choose(qtbot, field(builder, "Outcome of the deals"), "No decision")
    qtbot.waitUntil(lambda: "no decision deals" in labels_text(builder), timeout=5000)
    assert "Built:" in labels_text(builder) and "Not saved yet" not in labels_text(builder)  # by hand: printed only
    click(qtbot, "Close", builder)
    qtbot.waitUntil(lambda: not builder.isVisible(), timeout=5000)


def test_the_owner_prepares_a_booked_calls_guide_prints_it_and_starts_the_call(
        qtbot, window: QMainWindow, tmp_path: Path, sqlite_database: Database) -> None:  # fmt: skip
    interview_id, buyer = booked_call(sqlite_database)
    become(qtbot, window, "Program owner")
    go_to(qtbot, window, "Schedule")
    builder = open_guide_of(qtbot, window, buyer)
    assert buyer in labels_text(builder).replace("\xa0", " ")  # the facts keep each value on one line
    assert "Opened the guide saved on this interview" in labels_text(builder)
    assert "Not saved yet" not in labels_text(builder)
    view = guide_lines(builder)
    first, second, *rest = guide_texts(builder)

    # Reorder by keyboard and by the buttons.
    click_line(qtbot, builder, first)
    key(qtbot, view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert guide_texts(builder)[:2] == [second, first] and "Not saved yet" in labels_text(builder)
    key(qtbot, view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert guide_texts(builder)[:2] == [first, second]
    click(qtbot, "Move down", builder)
    assert guide_texts(builder)[:2] == [second, first]
    click(qtbot, "Move up", builder)
    assert guide_texts(builder)[:2] == [first, second]

    # Remove one, add another from the bank.
    dropped = rest[-2]
    click_line(qtbot, builder, dropped)
    click(qtbot, "Remove", builder)
    assert dropped not in guide_texts(builder) and "Removed" in labels_text(builder)
    click_line(qtbot, builder, second)
    click(qtbot, "Add question", builder)
    picker = live_dialog(qtbot, "Add a question from the bank")
    offered = field(picker, "Questions not yet in the guide")
    chosen = next(text for text in rows_shown(offered, 1) if "&" not in text)  # click_row reads "&" as a mnemonic
    assert dropped in rows_shown(offered, 1) and not set(rows_shown(offered, 1)) & set(guide_texts(builder))
    click_row(qtbot, offered, chosen)
    click(qtbot, "Add", picker)
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=3000)
    assert guide_texts(builder)[2] == chosen, "added after the selected question"

    # Plan one question far longer: the budget bar's words say the call no longer fits.
    assert "inside the 15–20 min window" in budget_words(builder) or "Tight" in budget_words(builder)
    set_planned(qtbot, builder, chosen, "9:00")
    assert "Does not fit" in budget_words(builder) and "over the 15–20 min window" in budget_words(builder)
    set_planned(qtbot, builder, chosen, "1:30")
    assert "Does not fit" not in budget_words(builder)

    click(qtbot, "Save", builder)
    assert "Saved" in labels_text(builder) and "Not saved yet" not in labels_text(builder)
    stored = saved_guide(sqlite_database, interview_id)
    assert [text for text, _ in stored] == guide_texts(builder)
    assert dict(stored)[chosen] == 90

    # Rebuild chooses afresh; printing writes what the builder shows.
    click(qtbot, "Rebuild", builder)
    assert "Built:" in labels_text(builder)
    printed = tmp_path / "guide.docx"
    handled = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, printed), title="Print")
    click(qtbot, "Print to Word", builder)
    handled.check()
    cells = [cell.text for table in docx.Document(str(printed)).tables for row in table.rows for cell in row.cells]
    for text in guide_texts(builder):
        assert any(cell.startswith(text) for cell in cells), f"“{text}” is not in the document"
    assert "Printed to" in labels_text(builder)

    # Rebuilt but not saved: closing asks once; discard keeps the saved guide.
    click(qtbot, "Close", builder)
    ask = live_dialog(qtbot, "Unsaved changes")
    click(qtbot, "Discard", ask)
    qtbot.waitUntil(lambda: not builder.isVisible(), timeout=5000)
    assert saved_guide(sqlite_database, interview_id) == stored

    # The call has a guide: Start call… opens the console on it.
    click_row(qtbot, field(window, "Interviews"), buyer)
    click(qtbot, "Start call", window)
    console = live_dialog(qtbot, "Interview ·", QMainWindow)
    assert "Introduction" in labels_text(console)
    shown = field(console, "The guide: asked, skipped, dropped and remaining questions")
    assert rows_shown(shown, 1)[1:-1] == [f"{seconds // 60:02d}:{seconds % 60:02d}" for _, seconds in stored]  # between the introduction and the wrap-up
    assert all(text[:30] in row for (text, _), row in zip(stored, rows_shown(shown)[1:-1], strict=True))
    close_window(qtbot, console)
    qtbot.waitUntil(lambda: not console.isVisible(), timeout=5000)
    assert window.isVisible()
