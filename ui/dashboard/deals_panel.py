"""The deals behind a bar: which bar, how many, and the deals themselves (outcome word and icon, account, amount,
close date, segment, competitor, rep's reason) in the lazy table the Deals area uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.records import DealRow
from ui.area import table_or_message
from ui.deals.model import DealsTableModel

HINT = ("Click a bar of a chart — or press Enter on a row of the list beside it — to see the deals behind it here.")


class DealsBehind(QWidget):
    """A heading ("Segment SMB: 237 deals") and the deals, newest first; Esc or Close hides it."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dealsBehind")
        self.heading = QLabel("Deals behind a bar")
        self.heading.setObjectName("dealsBehindHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        self.model = DealsTableModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("dealsBehindTable")
        self.table.setAccessibleName("Deals behind the chosen bar")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.stack, self.message = table_or_message(self.table, "dealsBehindEmpty")
        self.message.setText(HINT)
        self.stack.setCurrentWidget(self.message)
        self.close_button = QToolButton()
        self.close_button.setObjectName("closeDealsBehind")
        self.close_button.setText("Close")
        self.close_button.setAccessibleName("Close the deals behind the bar")
        self.close_button.setToolTip("Close this list (Esc)")
        self.close_button.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the list (the table leaves the key to its parent)."""
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
        else:
            super().keyPressEvent(event)

    def clear(self) -> None:
        self.heading.setText("Deals behind a bar")
        self.model.set_fetcher(None)
        self.message.setText(HINT)
        self.stack.setCurrentWidget(self.message)

    def show_deals(self, heading: str, ids: Sequence[int], fetch: Callable[[Sequence[int]], dict[int, DealRow]],
                   first_page: dict[int, DealRow]) -> None:
        """List ``ids`` (rows read a page at a time through ``fetch``; the first page is already read)."""
        self.heading.setText(heading)
        self.model.set_fetcher(fetch)
        self.model.set_ids(ids, first_page)
        if ids:
            self.stack.setCurrentWidget(self.table)
            self.table.resizeColumnsToContents()  # whole names and competitors, from the rows in view
            self.table.selectRow(0)
        else:
            self.message.setText("No deals behind this bar.")
            self.stack.setCurrentWidget(self.message)

    def ids(self) -> list[int]:
        return [self.model.deal_id(row) for row in range(self.model.rowCount())]  # type: ignore[misc]
