"""What an interviewer does in the live console and the wrap-up, as steps journeys reuse.

Each step acts only through ``person`` (what shows, mouse and keys) and returns what a later step or assertion
needs; none calls the console's methods. The console is found as the window whose title starts "Interview ·".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow, QPlainTextEdit, QWidget

from person import (
    _names,
    _shown,
    activate,
    button,
    choose,
    click,
    click_row,
    field,
    go_to,
    is_closed,
    labels_text,
    live_dialog,
    rows_shown,
    shortcut,
    tick,
    type_into,
    when_modal,
    words,
)
from steps_schedule import select_interview

CONSOLE_TITLE = "Interview ·"
NOTES = "Notes for this question"
QUOTES = "Quotes of this question"


def live_console(qtbot: Any, timeout: int = 10_000) -> QMainWindow:
    """The console window now on screen (there is one per call)."""
    found: list[QMainWindow] = []

    def look() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()
                    and w.windowTitle().startswith(CONSOLE_TITLE)]
        return bool(found)

    qtbot.waitUntil(look, timeout=timeout)
    return found[-1]


def button_starting(root: QWidget, prefix: str) -> QAbstractButton:
    """The one visible button under ``root`` whose words start with ``prefix`` (a long label, e.g. consent's)."""
    found = [b for b in root.findChildren(QAbstractButton) if _shown(b)
             and any(name.startswith(words(prefix)) for name in _names(b))]
    assert len(found) == 1, f"{len(found)} visible buttons start with “{prefix}”"
    return found[0]


def start_call(qtbot: Any, window: QMainWindow, buyer: str) -> QMainWindow:
    """Schedule → the buyer's interview → Start call…; the console that opens."""
    go_to(qtbot, window, "Schedule")
    select_interview(qtbot, window, buyer)
    click(qtbot, "Start call…", window)
    console = live_console(qtbot)
    activate(qtbot, console)
    return console


def give_consent(qtbot: Any, console: QMainWindow) -> None:
    """Tick the consent box on its mark (its label reads "Consent: the buyer agreed…")."""
    box = button_starting(console, "Consent")
    tick(qtbot, console, words(box.text()))
    qtbot.waitUntil(box.isChecked, timeout=3000)


def notes(console: QMainWindow) -> QPlainTextEdit:
    return field(console, NOTES)  # type: ignore[return-value]


def write_notes(qtbot: Any, console: QMainWindow, text: str) -> None:
    """Click into the notes, go to their end (Ctrl+End) and type ``text``, pressing Enter between lines."""
    editor = notes(console)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for index, line in enumerate(text.split("\n")):
        if index:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def quote_last_words(qtbot: Any, console: QMainWindow, said: str) -> None:
    """Select the last ``len(said)`` characters of the notes with Shift+← and keep them as a quote (Alt+Q)."""
    editor = notes(console)
    assert editor.toPlainText().endswith(said), f"the notes end with {editor.toPlainText()[-40:]!r}"
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for _ in said:
        qtbot.keyClick(editor, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    shortcut(qtbot, console, "Alt+Q")


def quote_typed(qtbot: Any, console: QMainWindow, said: str) -> None:
    """F3 (the quote field), type the buyer's words, Enter keeps them."""
    shortcut(qtbot, console, "F3")
    quote = field(console, "The buyer's exact words")
    qtbot.waitUntil(quote.hasFocus, timeout=3000)
    qtbot.keyClicks(quote, said)
    qtbot.keyClick(quote, Qt.Key.Key_Return)


def tag(qtbot: Any, console: QMainWindow, number: int) -> None:
    """Esc leaves the text field, then the one key ``number`` tags the question with that reason."""
    focused = console.focusWidget() or console
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    qtbot.keyClick(console.focusWidget() or console, getattr(Qt.Key, f"Key_{number}"))


def quotes_shown(console: QMainWindow) -> list[str]:
    return rows_shown(field(console, QUOTES))  # type: ignore[arg-type]


def end_call(qtbot: Any, console: QMainWindow) -> str:
    """Ctrl+E; a question asked first is confirmed with Enter. What the question said ("" when none was asked);
    the wrap-up is open after."""
    asked: list[str] = []

    def confirm(dialog: QWidget) -> None:
        asked.append(f"{dialog.windowTitle()}\n{labels_text(dialog)}")
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    handled = when_modal(qtbot, confirm, timeout_ms=5000)
    activate(qtbot, console)
    shortcut(qtbot, console, "Ctrl+E")
    qtbot.waitUntil(lambda: handled.done or handled.error is not None or _wrap_up_open(), timeout=6000)
    if handled.done or handled.error is not None:
        handled.check()
    qtbot.waitUntil(_wrap_up_open, timeout=6000)
    return asked[0] if asked else ""


def _wrap_up_open() -> bool:
    return any(w.isVisible() and w.windowTitle().startswith("Wrap-up") for w in QApplication.topLevelWidgets())


def wrap_up_window(qtbot: Any) -> QWidget:
    """The wrap-up window now open, brought to the front (it opens over the console)."""
    wrapup = live_dialog(qtbot, "Wrap-up")
    activate(qtbot, wrapup)
    return wrapup


def choose_primary_reason(qtbot: Any, wrapup: QWidget, reason: str) -> str:
    """Pick the buyer's primary reason; what the line under it says (the rep's reason, and a mismatch mark)."""
    choose(qtbot, field(wrapup, "The buyer's primary reason"), reason)  # type: ignore[arg-type]
    return labels_text(wrapup)


def add_takeaway(qtbot: Any, wrapup: QWidget, text: str, teams: set[str], quote: str) -> None:
    """Add, type the takeaway, tick the quote that backs it (click its row, Space) and route it to ``teams``."""
    click(qtbot, "Add", wrapup)
    type_into(qtbot, field(wrapup, "Takeaway"), text)
    quotes = field(wrapup, "Quotes that back the takeaway")
    click_row(qtbot, quotes, quote)  # type: ignore[arg-type]
    qtbot.keyClick(quotes, Qt.Key.Key_Space)
    boxes = [b for b in wrapup.findChildren(QAbstractButton) if _shown(b) and b.accessibleName().startswith("Route to ")]
    for box in boxes:
        if box.isChecked() != (words(box.text()) in teams):
            click(qtbot, box)
    qtbot.waitUntil(lambda: all((words(b.text()) in teams) == b.isChecked() for b in boxes), timeout=3000)


def complete_interview(qtbot: Any, wrapup: QWidget) -> None:
    click(qtbot, "Complete interview", wrapup)
    qtbot.waitUntil(lambda: is_closed(wrapup), timeout=10_000)


__all__ = ["add_takeaway", "button", "button_starting", "choose_primary_reason", "complete_interview", "end_call",
           "give_consent", "live_console", "notes", "quote_last_words", "quote_typed", "quotes_shown", "start_call",
           "tag", "wrap_up_window", "write_notes"]
