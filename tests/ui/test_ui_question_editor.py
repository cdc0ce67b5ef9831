"""The question editor as a person types into it: quiet when empty, the wording check shown whole as they type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QLabel, QPushButton

from interviewer.db import Database
from question_bank.store import ensure_default_bank
from ui.questions.editor import QuestionEditor


@pytest.fixture
def qt_warnings() -> Iterator[list[str]]:
    """What Qt logs as a warning (or worse) while the test runs."""
    logged: list[str] = []
    previous = qInstallMessageHandler(
        lambda kind, _context, text: logged.append(text) if kind is not QtMsgType.QtDebugMsg else None)
    yield logged
    qInstallMessageHandler(previous)


@pytest.fixture
def editor(qtbot, sqlite_database: Database) -> QuestionEditor:
    with sqlite_database.sessions() as session, session.begin():
        bank_id = ensure_default_bank(session)
    dialog = QuestionEditor(sqlite_database, bank_id, "Maren")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown_whole(dialog: QuestionEditor) -> bool:
    panel = dialog.quality
    labels = [label for label in panel.findChildren(QLabel) if label.isVisible()]
    return panel.isVisible() and panel.height() > 0 and bool(labels) and all(
        label.visibleRegion().boundingRect().height() >= label.heightForWidth(label.width()) for label in labels)


def test_an_empty_editor_says_nothing_wrong_before_anything_is_typed(qtbot, editor: QuestionEditor) -> None:
    assert not editor.problems.isVisible() and not editor.quality.isVisible()
    assert not editor.save_button.isEnabled() and editor.save_button.toolTip() == "Write the question first"
    qtbot.keyClicks(editor.text, "W")
    qtbot.keyClick(editor.text, "\b")
    assert editor.problems.isVisible() and "no text" in editor.problems.text()  # typed, then emptied: now said


def test_the_wording_check_shows_whole_at_every_keystroke_without_a_qt_warning(
        qtbot, editor: QuestionEditor, qt_warnings: list[str]) -> None:
    typed = "Did you choose them because of price, right? Would you buy again"
    for number, char in enumerate(typed, start=1):
        qtbot.keyClicks(editor.text, char)
        if editor.issues():
            assert shown_whole(editor), typed[:number]
    assert not [text for text in qt_warnings if "propagateSizeHints" not in text]  # the offscreen plugin's own note
    suggestions = {issue.suggestion for issue in editor.issues()}
    assert "What led you to choose them? Would you buy again" in suggestions
    button = next(b for b in editor.quality.findChildren(QPushButton) if b.isVisible())
    assert button.accessibleName().startswith("Use suggestion 1: ")
