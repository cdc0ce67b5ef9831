"""Help → Keyboard shortcuts: every key of the window (read from its actions) and of the live console, searchable."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

CONSOLE = "Live console"


@dataclass(frozen=True)
class Shortcut:
    """One line of the list: where the keys work, the keys as a person reads them, and what they do."""

    where: str
    keys: str
    text: str

    def matches(self, search: str) -> bool:
        """Whether every word of ``search`` appears in the line (any case; "ctrl+z" finds Ctrl+Z)."""
        line = f"{self.where} {self.keys} {self.text}".lower()
        return all(word in line for word in search.lower().split())


def _keys(action: QAction) -> str:
    return " · ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def _words(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def action_shortcuts(where: str, actions: Iterable[QAction]) -> list[Shortcut]:
    """The actions that have keys, as lines of the list (visible ones only: what this profile may do)."""
    return [Shortcut(where, _keys(a), _words(a.text())) for a in actions
            if a.shortcuts() and a.isVisible() and not a.isSeparator()]


def window_shortcuts(window: QMainWindow, areas: Iterable[tuple[str, QWidget]]) -> list[Shortcut]:
    """The keys of the menus, then of each area given as (title, area), read from their actions."""
    rows: list[Shortcut] = []
    for top in window.menuBar().actions():
        if top.isVisible() and top.menu() is not None:
            rows += action_shortcuts(f"{_words(top.text())} menu", top.menu().actions())
    for title, area in areas:
        rows += action_shortcuts(f"{title} area", area.findChildren(QAction))
    return rows


def console_shortcuts() -> list[Shortcut]:
    """The live console's keys, from its keys table."""
    from ui.console.keys import help_rows

    return [Shortcut(CONSOLE, keys, text) for keys, text in help_rows()]


class ShortcutsDialog(QDialog):
    """A table of every shortcut with a search field above it; non-modal, so it can stay open beside the window."""

    def __init__(self, shortcuts: Sequence[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(720, 560)
        self._shortcuts = list(shortcuts)
        self.search = QLineEdit()
        self.search.setObjectName("shortcutSearch")
        self.search.setAccessibleName("Search shortcuts")
        self.search.setPlaceholderText("Search: a key (ctrl+z) or what it does (undo)")
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(len(self._shortcuts), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName("Shortcuts")
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "What it does"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, shortcut in enumerate(self._shortcuts):
            for column, text in enumerate((shortcut.where, shortcut.keys, shortcut.text)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.nothing = QLabel()
        self.nothing.setObjectName("noShortcut")
        self.nothing.hide()
        self.search.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("No key means two things: the console's keys work only in the console."))
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.nothing)
        layout.addWidget(buttons)
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        shown = 0
        for row, shortcut in enumerate(self._shortcuts):
            hidden = not shortcut.matches(text)
            self.table.setRowHidden(row, hidden)
            shown += not hidden
        self.nothing.setText(f"No shortcut matches “{text.strip()}”." if not shown else "")
        self.nothing.setVisible(not shown)
