"""Steps in the Questions area and the guide builder, taken as a person takes them (see person.py)."""

from __future__ import annotations

from html import unescape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QMainWindow, QWidget

from person import choose, click, click_row, field, find, live_dialog, type_into


def question_table(window: QMainWindow) -> QAbstractItemView:
    """The Questions area's table of the bank."""
    return field(window, "Questions")  # type: ignore[return-value]


def column_headed(view: QAbstractItemView, header: str) -> int:
    """The column of a table whose header reads ``header``."""
    model = view.model()
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)


def write_question(qtbot: Any, editor: QDialog, *, text: str, phase: str, purpose: str, teams: list[str]) -> None:
    """In the open question editor: type the question, choose its phase, say why we ask it and tick its teams."""
    type_into(qtbot, field(editor, "Question text"), text)
    choose(qtbot, field(editor, "Phase"), phase)  # type: ignore[arg-type]
    type_into(qtbot, field(editor, "Why we ask"), purpose)
    for team in teams:
        click(qtbot, team, editor)


def wording_check(editor: QDialog) -> str:
    """What the editor's wording check says now ("" when it is hidden)."""
    panel = next(w for w in editor.findChildren(QWidget) if w.accessibleName() == "Wording check")
    if not panel.isVisible():
        return ""
    return "\n".join(unescape(label.text()) for label in panel.findChildren(QLabel)
                     if not label.visibleRegion().isEmpty())


def count_shown(window: QMainWindow) -> str:
    """The area's count line, e.g. "67 of 68 questions · 1 retired hidden"."""
    return field(window, "Questions shown").text()  # type: ignore[attr-defined]


def open_guide_of(qtbot: Any, window: QMainWindow, buyer: str) -> QDialog:
    """Schedule → click the interview with ``buyer`` → Guide…; the builder once its lines show."""
    click_row(qtbot, field(window, "Interviews"), buyer)  # type: ignore[arg-type]
    click(qtbot, "Guide", window)
    builder = live_dialog(qtbot, "Interview guide")
    lines = guide_lines(builder)
    qtbot.waitUntil(lambda: lines.model().rowCount() > 0, timeout=5000)
    return builder


def guide_lines(builder: QWidget) -> QAbstractItemView:
    """The builder's table of the guide's questions."""
    return field(builder, "Questions of the guide, in interview order")  # type: ignore[return-value]


def click_line(qtbot: Any, builder: QWidget, question: str) -> None:
    """Click the guide's line showing ``question``, on its number (a question's words may hold an "&")."""
    row = next(r for r, text in enumerate(guide_texts(builder)) if question in text)
    view = guide_lines(builder)
    click_row(qtbot, view, str(row + 1), column=column_headed(view, "#"))


def guide_texts(builder: QWidget) -> list[str]:
    """The guide's questions as its table shows them, top to bottom."""
    view = guide_lines(builder)
    column = column_headed(view, "Question")
    return [str(view.model().index(row, column).data()) for row in range(view.model().rowCount())]


def budget_words(builder: QWidget) -> str:
    """What the time-budget bar says under the bar (its state and sentence)."""
    return find(builder, QWidget, "Time budget").accessibleDescription()


def set_planned(qtbot: Any, builder: QWidget, question: str, typed: str) -> None:
    """Double-click the planned time of the line showing ``question``, type m:ss and press Enter."""
    view = guide_lines(builder)
    model = view.model()
    column = column_headed(view, "Planned")
    row = next(r for r, text in enumerate(guide_texts(builder)) if question in text)
    index = model.index(row, column)
    view.scrollTo(index)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor_name = "Planned time, minutes and seconds"

    def editors() -> list[QWidget]:
        return [w for w in builder.findChildren(QWidget) if w.isVisible() and w.accessibleName() == editor_name]

    qtbot.waitUntil(lambda: len(editors()) == 1, timeout=3000)
    editor = editors()[0]
    line = editor.lineEdit()  # type: ignore[attr-defined]
    type_into(qtbot, line, typed)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editors(), timeout=3000)
