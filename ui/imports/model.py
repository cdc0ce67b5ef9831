"""Table models of the Imports area: the batches, and the rows one batch rejected."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from interviewer.records import BatchRow, RejectionRow
from ui.format import format_datetime

_Index = QModelIndex | QPersistentModelIndex

SOURCE_NAMES = {"salesforce": "Salesforce", "hubspot": "HubSpot", "pipedrive": "Pipedrive", "maven": "Maven-style CSV",
                "generic": "Generic CSV", "demo": "Demo program"}


def source_name(source: str) -> str:
    """How a detected source is named in the window."""
    return SOURCE_NAMES.get(source, source)

BATCH_HEADERS = ("Started", "File", "Source", "Status", "Rows", "Imported", "Updated", "Unchanged", "Rejected")
STARTED, FILE, SOURCE, STATUS, ROWS, IMPORTED, UPDATED, UNCHANGED, REJECTED = range(len(BATCH_HEADERS))


class BatchesModel(QAbstractTableModel):
    """Import batches, newest first, as plain rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BatchRow] = []

    def set_rows(self, rows: Sequence[BatchRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def batch(self, row: int) -> BatchRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(BATCH_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(BATCH_HEADERS):
            return BATCH_HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        batch = self.batch(index.row()) if index.isValid() else None
        if batch is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                format_datetime(batch.started_at), batch.file_name, source_name(batch.source), batch.status.capitalize(),
                f"{batch.rows:,}", f"{batch.imported:,}", f"{batch.updated:,}", f"{batch.unchanged:,}", f"{batch.rejected:,}",
            )
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= ROWS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == FILE and batch.sha256:
            return f"SHA-256 {batch.sha256}"
        return None


REJECTION_HEADERS = ("Row", "Why it was rejected", "As read")


def raw_words(raw: Mapping[str, str]) -> str:
    """A rejected row's values as read, in one text that wraps: "Record ID: 8810005 · Amount: twelve thousand"
    (empty values left out; the exported CSV keeps a column each)."""
    return " · ".join(f"{name}: {value}" for name, value in raw.items() if value)


class RejectionsModel(QAbstractTableModel):
    """The rows one batch rejected: row number, reason, then the values as read."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RejectionRow] = []

    def set_rows(self, rows: Sequence[RejectionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[RejectionRow]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(REJECTION_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return REJECTION_HEADERS[section] if 0 <= section < len(REJECTION_HEADERS) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return str(row.row_number)
            if column == 1:
                return row.reason
            if column == 2:
                return raw_words(row.raw)
        return None


def fit_columns(view: QTableView, widest: int = 420) -> None:
    """Size a table's columns to their contents, none wider than ``widest`` pixels (the tooltip has the rest)."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        view.setColumnWidth(column, min(view.columnWidth(column), widest))
