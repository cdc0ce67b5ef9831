"""A lazy table model over deal ids: rows are read a page at a time, only when shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from interviewer.records import DealRow
from ui.format import format_amount, format_date, outcome_icon

PAGE_SIZE = 200
CACHE_LIMIT = 5_000

COLUMNS: tuple[tuple[str, str], ...] = (
    ("account", "Account"),
    ("outcome", "Outcome"),
    ("amount", "Amount"),
    ("close_date", "Closed"),
    ("segment", "Segment"),
    ("competitor", "Competitor"),
    ("rep_reason", "Rep's reason"),
)
"""(sort key, header) for each column, in display order."""

ACCOUNT, OUTCOME, AMOUNT, CLOSE_DATE, SEGMENT, COMPETITOR, REP_REASON = range(len(COLUMNS))

DealId = int
RowFetcher = Callable[[Sequence[DealId]], dict[DealId, DealRow]]

_Index = QModelIndex | QPersistentModelIndex


def page_of(ids: Sequence[DealId], position: int) -> list[DealId]:
    """The ids of the page of PAGE_SIZE rows that holds ``position``."""
    start = (position // PAGE_SIZE) * PAGE_SIZE
    return list(ids[start : start + PAGE_SIZE])


class DealsTableModel(QAbstractTableModel):
    """Shows the deals whose ids it holds; sorting asks the owner for a new id order."""

    sortRequested = Signal(str, bool)
    """(sort key, descending): the view asked for another order."""

    def __init__(self, fetch_rows: RowFetcher | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: list[DealId] = []
        self._rows: dict[DealId, DealRow] = {}

    def set_fetcher(self, fetch_rows: RowFetcher | None) -> None:
        """Read rows through ``fetch_rows`` from now on (a new database was opened)."""
        self._fetch_rows = fetch_rows
        self.set_ids([])

    def set_ids(self, ids: Sequence[DealId], rows: dict[DealId, DealRow] | None = None) -> None:
        """Show these deals in this order; ``rows`` may pre-fill the first page."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = dict(rows or {})
        self.endResetModel()

    def deal_id(self, row: int) -> DealId | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, deal_id: DealId) -> int | None:
        try:
            return self._ids.index(deal_id)
        except ValueError:
            return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        row = self._row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == OUTCOME:
            return outcome_icon(row.outcome)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _display(row: DealRow, column: int) -> str:
        if column == ACCOUNT:
            return row.account
        if column == OUTCOME:
            return row.outcome.label
        if column == AMOUNT:
            return format_amount(row.amount, row.currency)
        if column == CLOSE_DATE:
            return format_date(row.close_date)
        if column == SEGMENT:
            return row.segment or ""
        if column == COMPETITOR:
            return row.competitor or ""
        if column == REP_REASON:
            return row.rep_reason.label if row.rep_reason else ""
        return ""

    def _row_at(self, position: int) -> DealRow | None:
        deal_id = self._ids[position]
        row = self._rows.get(deal_id)
        if row is None and self._fetch_rows is not None:
            self._load_page(position)
            row = self._rows.get(deal_id)
        return row

    def _load_page(self, position: int) -> None:
        """Read the page of rows holding ``position`` (one query for PAGE_SIZE rows)."""
        if len(self._rows) > CACHE_LIMIT:
            self._rows.clear()
        wanted = [i for i in page_of(self._ids, position) if i not in self._rows]
        assert self._fetch_rows is not None
        self._rows.update(self._fetch_rows(wanted))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sortRequested.emit(COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
