"""What a person can do to the window, and only that: find by what shows, then click and type.

Journey tests act through these helpers alone (no area methods, slots or
services in the acting part). Widgets are found by their visible text, their
accessible name or their tooltip; menus are opened by clicking the menu bar;
dialogs are the ones that really open, found while they are live.

Every control pressed is written down in ``PRESSED`` (see ``control_key``), so
``test_every_control.py`` can name the buttons and menu items no journey
presses.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

W = TypeVar("W", bound=QWidget)

PRESSED: set[str] = set()
"""The controls some journey pressed in this test session (``control_key`` of each)."""


def words(text: str) -> str:
    """A control's text as a person reads it: no mnemonic ampersand, no trailing ellipsis, no tab and shortcut."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def control_key(control: QAction | QAbstractButton) -> str:
    """How a control is named in ``PRESSED``: its object name when it has one, else its words.

    A tool button showing an action is that action, whether the person clicks it or presses its shortcut.
    """
    if isinstance(control, QToolButton) and control.defaultAction() is not None:
        control = control.defaultAction()
    name = control.objectName()
    return name if name and not name.startswith("qt_") else words(control.text())


def _press(control: QAction | QAbstractButton) -> None:
    PRESSED.add(control_key(control))


# -- finding ------------------------------------------------------------------------------------


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.window().isVisible()


def _names(widget: QWidget) -> set[str]:
    names = {widget.accessibleName(), widget.toolTip().split(" (")[0]}
    if isinstance(widget, QAbstractButton):
        names.add(words(widget.text()))
    return {words(n) for n in names if n}


def find(root: QWidget, kind: type[W], name: str) -> W:
    """The one visible ``kind`` under ``root`` whose text, accessible name or tooltip reads ``name``."""
    wanted = words(name)
    found = [w for w in root.findChildren(kind) if _shown(w) and wanted in _names(w)]
    if root.isVisible() and isinstance(root, kind) and wanted in _names(root):
        found.append(root)
    assert found, f"no visible {kind.__name__} called “{name}” in {root.windowTitle() or root.objectName()}"
    assert len(found) == 1, f"{len(found)} visible {kind.__name__}s called “{name}”"
    return found[0]


def button(root: QWidget, name: str) -> QAbstractButton:
    return find(root, QAbstractButton, name)


def field(root: QWidget, name: str) -> QWidget:
    """A text field, combo or list by its accessible name (or placeholder text)."""
    wanted = words(name)
    found = [w for w in root.findChildren(QWidget) if _shown(w) and (
        words(w.accessibleName()) == wanted
        or (isinstance(w, QLineEdit) and words(w.placeholderText()) == wanted))]
    assert len(found) == 1, f"{len(found)} visible fields called “{name}”"
    return found[0]


def labels_text(root: QWidget) -> str:
    """Everything the visible labels under ``root`` say, one per line (what a person reads)."""
    from PySide6.QtWidgets import QLabel

    from html import unescape
    import re

    texts = []
    for label in root.findChildren(QLabel):
        if _shown(label) and label.text():
            texts.append(unescape(re.sub(r"<[^>]+>", " ", label.text())))
    return "\n".join(texts)


# -- acting -------------------------------------------------------------------------------------


def click(qtbot: Any, control: QAbstractButton | str, root: QWidget | None = None) -> None:
    """Click a button (or the one called ``control`` under ``root``) with the mouse, as a person does."""
    if isinstance(control, str):
        assert root is not None, "a button found by name needs the window to look in"
        control = button(root, control)
    assert control.isEnabled(), f"“{words(control.text()) or control.accessibleName()}” is disabled"
    _press(control)
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def menu(qtbot: Any, window: QMainWindow, *path: str) -> None:
    """Open a menu of the menu bar with the mouse and click the item at the end of ``path``."""
    bar = window.menuBar()
    actions = bar.actions()
    top = next((a for a in actions if a.isVisible() and words(a.text()) == words(path[0])), None)
    assert top is not None, f"no menu “{path[0]}” in the menu bar: {[words(a.text()) for a in actions if a.isVisible()]}"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    current: QMenu = top.menu()
    qtbot.waitUntil(current.isVisible, timeout=3000)
    for step in path[1:]:
        item = next((a for a in current.actions() if a.isVisible() and words(a.text()) == words(step)), None)
        shown = [words(a.text()) for a in current.actions() if a.isVisible() and a.text()]
        assert item is not None, f"no item “{step}” in the menu; it shows {shown}"
        assert item.isEnabled(), f"“{step}” is disabled in the menu"
        if item.menu() is not None:
            qtbot.mouseClick(current, Qt.MouseButton.LeftButton, pos=current.actionGeometry(item).center())
            current = item.menu()
            qtbot.waitUntil(current.isVisible, timeout=3000)
            continue
        _press(item)
        qtbot.mouseClick(current, Qt.MouseButton.LeftButton, pos=current.actionGeometry(item).center())


def shortcut(qtbot: Any, window: QWidget, keys: str) -> None:
    """Press a key sequence in ``window`` (the action bound to it is counted as pressed)."""
    sequence = QKeySequence(keys)
    for action in window.findChildren(QAction):
        if sequence in action.shortcuts() and action.isEnabled():
            _press(action)
    window.activateWindow()
    QTest.keySequence(window.focusWidget() or window, sequence)


def type_into(qtbot: Any, widget: QWidget, text: str, *, replace: bool = True) -> None:
    """Click into a field, select what is there (unless ``replace`` is off) and type ``text``."""
    qtbot.mouseClick(widget.viewport() if isinstance(widget, (QTextEdit, QPlainTextEdit)) else widget,
                     Qt.MouseButton.LeftButton)
    if replace:
        QTest.keySequence(widget, QKeySequence.StandardKey.SelectAll)
        if text == "":
            qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def key(qtbot: Any, widget: QWidget, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, which, modifier)


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Open a drop-down with the mouse, walk to the entry that reads ``text`` with the arrow keys, press Enter.

    (A click on the entry would be ignored: a combo drops the release that comes right after opening it.)
    """
    position = next((i for i in range(combo.count()) if words(combo.itemText(i)) == words(text)), None)
    assert position is not None, f"“{text}” is not among {[combo.itemText(i) for i in range(combo.count())]}"
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=3000)
    steps = position - view.currentIndex().row()
    for _ in range(abs(steps)):
        qtbot.keyClick(view, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=3000)
    assert combo.currentIndex() == position, f"the drop-down shows “{combo.currentText()}”, not “{text}”"


def _index_reading(view: QAbstractItemView, text: str, column: int | None) -> QModelIndex:
    model = view.model()
    wanted = text.strip()  # rows show data, not controls: an “&” in a company's name is part of it
    width = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    for row in range(model.rowCount()):
        columns = [column] if column is not None else range(width)
        for col in columns:
            index = model.index(row, col)
            shown = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if wanted and wanted in shown:
                return index
    raise AssertionError(f"no row reading “{text}” in {view.accessibleName() or view.objectName()}")


def click_row(qtbot: Any, view: QAbstractItemView, text: str, *, column: int | None = None, double: bool = False) -> QModelIndex:
    """Click (or double-click) the first row of a table or list showing ``text``."""
    index = _index_reading(view, text, column)
    view.scrollTo(index)
    qtbot.waitUntil(lambda: view.visualRect(index).isValid(), timeout=3000)
    point: QPoint = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    return index


def rows_shown(view: QAbstractItemView, column: int = 0) -> list[str]:
    """What the rows of a table or list show in ``column``, top to bottom."""
    model = view.model()
    return [str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole) or "") for row in range(model.rowCount())]


# -- dialogs ------------------------------------------------------------------------------------


def live_dialog(qtbot: Any, title: str | None = None, kind: type[W] = QDialog, timeout: int = 5000) -> W:  # type: ignore[assignment]
    """The dialog now open (window-modal or application-modal), optionally by its title."""
    found: list[QWidget] = []

    def look() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
                    and (title is None or words(title) in words(w.windowTitle()))]
        return bool(found)

    qtbot.waitUntil(look, timeout=timeout)
    return found[-1]  # type: ignore[return-value]


class WhenModal:
    """Answer a dialog that runs its own event loop (``exec()``, ``QFileDialog.getOpenFileName``…).

    Set up before the click that opens it: ``handled = when_modal(qtbot, answer)``; the click returns once
    ``answer(dialog)`` has closed it. ``handled.done`` says whether it ran; an exception in ``answer`` is
    raised again by ``check()``.
    """

    def __init__(self, qtbot: Any, answer: Callable[[QWidget], None], title: str | None, timeout_ms: int) -> None:
        self.done = False
        self.error: BaseException | None = None
        self._answer = answer
        self._title = title
        self._until = time.monotonic() + timeout_ms / 1000
        self._timer = QTimer()
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and (self._title is None or words(self._title) in words(dialog.windowTitle())):
            self._timer.stop()
            try:
                self._answer(dialog)
                self.done = True
            except BaseException as exc:  # noqa: BLE001 - raised again in check()
                self.error = exc
                dialog.close()
        elif time.monotonic() > self._until:
            self._timer.stop()

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        assert self.done, f"no dialog{f' “{self._title}”' if self._title else ''} opened"


def when_modal(qtbot: Any, answer: Callable[[QWidget], None], title: str | None = None, timeout_ms: int = 30_000) -> WhenModal:
    return WhenModal(qtbot, answer, title, timeout_ms)


def pick_files(qtbot: Any, dialog: QWidget, paths: Iterable[Path]) -> None:
    """In a live Qt file dialog, type the files' names (all in one folder) and press Open."""
    assert isinstance(dialog, QFileDialog), f"expected a file dialog, found {type(dialog).__name__}"
    chosen = list(paths)
    folder = chosen[0].parent
    assert all(p.parent == folder for p in chosen), "one pick is from one folder"
    names = chosen[0].name if len(chosen) == 1 else " ".join(f'"{p.name}"' for p in chosen)
    _type_file_name(qtbot, dialog, folder, names)


def save_as(qtbot: Any, dialog: QWidget, path: Path) -> None:
    """In a live Qt save dialog, type the file's name in its folder and press Save."""
    assert isinstance(dialog, QFileDialog), f"expected a file dialog, found {type(dialog).__name__}"
    _type_file_name(qtbot, dialog, path.parent, path.name)


def _type_file_name(qtbot: Any, dialog: QFileDialog, folder: Path, names: str) -> None:
    """Go to ``folder``, type ``names`` into the file name field, close the completions it offers (Esc), press Enter.

    The folder's listing and the completions it feeds arrive late on a slow machine, and an Enter they swallow does
    not reach the dialog, so, as a person would, this looks again and presses Enter again until the dialog closes.
    Fails, closing the dialog, if it is still open five seconds later (a refusal a person would read), so a test
    never waits on a dialog nobody answers.
    """
    dialog.setDirectory(str(folder))
    name_field = dialog.findChild(QLineEdit, "fileNameEdit")
    type_into(qtbot, name_field, names)
    deadline = time.monotonic() + 5
    while dialog.isVisible() and time.monotonic() < deadline:
        if name_field.text() != names:
            type_into(qtbot, name_field, names)
        completer = name_field.completer()
        if completer is not None and completer.popup().isVisible():
            qtbot.keyClick(completer.popup(), Qt.Key.Key_Escape)
        qtbot.keyClick(name_field, Qt.Key.Key_Return)
        qtbot.wait(250)
    refusal = QApplication.activeModalWidget()
    said = f": “{refusal.windowTitle()}” is open" if refusal not in (None, dialog) else ""
    assert not dialog.isVisible(), f"the file dialog did not take “{names}” in {folder}{said}"


def answer_text(qtbot: Any, text: str, ok: str = "OK") -> Callable[[QWidget], None]:
    """An answer for a live input dialog: type ``text`` into its field and press ``ok``."""

    def answer(dialog: QWidget) -> None:
        editors = [w for w in dialog.findChildren(QWidget) if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)) and w.isVisible()]
        assert editors, f"the dialog “{dialog.windowTitle()}” has no field to type into"
        type_into(qtbot, editors[0], text)
        click(qtbot, button(dialog, ok))

    return answer


def press_in(qtbot: Any, name: str) -> Callable[[QWidget], None]:
    """An answer for a live message box: press the button called ``name``."""

    def answer(dialog: QWidget) -> None:
        click(qtbot, button(dialog, name))

    return answer


# -- steps every role takes ---------------------------------------------------------------------


def become(qtbot: Any, window: QMainWindow, who: str) -> None:
    """File → Switch profile…, click the profile whose label shows ``who`` (a name or a role), press OK."""
    menu(qtbot, window, "File", "Switch profile…")
    dialog = live_dialog(qtbot, "Who is using")
    click_row(qtbot, field(dialog, "Existing profiles"), who)  # type: ignore[arg-type]
    click(qtbot, "OK", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    label = window.statusBar().findChild(QWidget, "profileLabel")
    assert label is not None and who in label.text(), f"the status bar shows {label.text() if label else None!r}"


def new_profile(qtbot: Any, window: QMainWindow, name: str, email: str, role: str) -> None:
    """In the profile dialog now open (first run, or File → Switch profile…): type a new person and press OK."""
    dialog = live_dialog(qtbot, "Who is using")
    type_into(qtbot, field(dialog, "Your name"), name)
    type_into(qtbot, field(dialog, "Your email"), email)
    choose(qtbot, field(dialog, "Your role"), role)  # type: ignore[arg-type]
    click(qtbot, "OK", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def go_to(qtbot: Any, window: QMainWindow, area: str) -> None:
    """Click the area called ``area`` in the navigation list on the left."""
    click_row(qtbot, field(window, "Areas"), area)  # type: ignore[arg-type]


def open_tab(qtbot: Any, root: QWidget, name: str) -> None:
    """Click the tab that reads ``name`` on the one visible tab bar under ``root`` that has it."""
    from PySide6.QtWidgets import QTabBar

    bars = [b for b in root.findChildren(QTabBar) if _shown(b)
            and any(words(b.tabText(i)) == words(name) for i in range(b.count()))]
    assert len(bars) == 1, f"{len(bars)} visible tab bars have a tab “{name}”"
    bar = bars[0]
    index = next(i for i in range(bar.count()) if words(bar.tabText(i)) == words(name))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: bar.currentIndex() == index, timeout=3000)


def close_window(qtbot: Any, window: QWidget) -> None:
    """Close a top-level window as the × of its title bar does (the window manager asks it to close)."""
    assert window.isWindow(), "only a window has a title bar to close it with"
    window.close()


def complete(qtbot: Any, widget: QLineEdit, typed: str, choice: str) -> None:
    """Type ``typed`` into a field with a completer, go down its list of completions to ``choice`` and press Enter.

    The field's window is brought to the front first: a field takes completions only while it has the focus.
    """
    activate(qtbot, widget.window())
    type_into(qtbot, widget, typed)
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
    completer = widget.completer()
    assert completer is not None, f"“{widget.accessibleName()}” offers no completions"
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    index = _index_reading(popup, choice, None)
    for _ in range(index.row() + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    assert widget.text() == choice, f"the field reads {widget.text()!r} after picking {choice!r}"


def click_at(qtbot: Any, widget: QWidget, point: QPoint) -> None:
    """Click with the mouse at ``point`` of a widget that paints what it shows (a calendar grid, a chart)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)


def activate(qtbot: Any, window: QWidget) -> None:
    """Bring a window to the front as a click on its title bar does, so that its shortcuts take the keys pressed."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def tick(qtbot: Any, root: QWidget, name: str) -> None:
    """Click a radio button or check box called ``name`` on its mark, where a person clicks one that stretches
    wider than its words (a click past the words does nothing)."""
    from PySide6.QtWidgets import QRadioButton, QStyle, QStyleOptionButton

    control = button(root, name)
    assert control.isEnabled(), f"“{name}” is disabled"
    option = QStyleOptionButton()
    option.initFrom(control)
    kind = (QStyle.SubElement.SE_RadioButtonIndicator if isinstance(control, QRadioButton)
            else QStyle.SubElement.SE_CheckBoxIndicator)
    mark = control.style().subElementRect(kind, option, control)
    _press(control)
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton, pos=mark.center())


def is_closed(widget: QWidget) -> bool:
    """True once a window or dialog is no longer on screen (also when it deleted itself on closing)."""
    from shiboken6 import isValid

    return not isValid(widget) or not widget.isVisible()
