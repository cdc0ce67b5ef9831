"""A small picker over the bank's questions that fit the guide and are not in it yet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from question_bank.guide import GuideLine, clock_text
from ui.area import filter_box

COLUMNS = ("Phase", "Question", "Planned", "Priority")
NUMBERS = 2
"""The first column holding a number (right-aligned, as in the guide's own table)."""


class QuestionPicker(QDialog):
    """Choose one question (already filled for the deal); ``chosen()`` returns it once accepted."""

    def __init__(self, lines: Sequence[GuideLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionPicker")
        self.setWindowTitle("Add a question from the bank")
        self.resize(760, 440)
        self.lines = list(lines)
        self.filter = filter_box("pickerFilter", "Filter by words of the question or its phase…", "Filter questions")
        self.table = QTableWidget(len(self.lines), len(COLUMNS))
        self.table.setObjectName("pickerTable")
        self.table.setAccessibleName("Questions not yet in the guide")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped to the width shown, not the first
        rows.setMinimumSectionSize(self.fontMetrics().lineSpacing() * 2 + 10)  # two lines with room around them
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, line in enumerate(self.lines):
            cells = (line.phase.label, line.text, clock_text(line.planned_seconds), str(line.priority))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= NUMBERS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 1 and line.purpose:
                    item.setToolTip(f"{line.text}\nWhy we ask: {line.purpose}")
                self.table.setItem(row, column, item)
        empty = QLabel("Every question of the bank that fits this deal is already in the guide.")
        empty.setVisible(not self.lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("pickerAdd")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.apply_filter)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        if self.lines:
            self.table.selectRow(0)
        self._enable()

    def apply_filter(self, text: str) -> None:
        """Show only the questions whose text or phase holds every word typed; select the first shown."""
        words = text.lower().split()
        first = None
        for row, line in enumerate(self.lines):
            haystack = f"{line.text} {line.phase.label}".lower()
            hidden = not all(word in haystack for word in words)
            self.table.setRowHidden(row, hidden)
            if not hidden and first is None:
                first = row
        if first is None:
            self.table.clearSelection()
        elif self.chosen() is None:
            self.table.selectRow(first)
        self._enable()

    def chosen(self) -> GuideLine | None:
        """The selected (visible) question, or None."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.table.isRowHidden(rows[0].row()):
            return None
        return self.lines[rows[0].row()]

    def _enable(self) -> None:
        self.add_button.setEnabled(self.chosen() is not None)

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()

