"""The Deals area: filter box and filters on top, the lazy table, the details pane beside it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import Outcome
from interviewer.records import DealFilter, DealRow
from ui.area import WORDS_TIP, Area, filter_box, table_or_message, text_width
from ui.deals.detail import DealDetailPane
from ui.deals.model import ACCOUNT, AMOUNT, CLOSE_DATE, COLUMNS, COMPETITOR, OUTCOME, SEGMENT, DealsTableModel, page_of
from ui.format import format_date
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the reader module loads SQLAlchemy; the window only needs its type here
    from interviewer.services.deal_reader import DealReader

log = logging.getLogger(__name__)

CLOSED, ALL = "closed", "all"
"""Outcome filter choices besides a single outcome."""

@dataclass
class _Result:
    """A finished query: the ids in order, and the rows of the pages shown first."""

    reader: DealReader
    shown: DealFilter
    ids: list[int]
    total: int
    rows: dict[int, DealRow]
    selected_row: int | None


def _query(reader: DealReader, wanted: DealFilter, selected: int | None) -> _Result:
    """Everything the table needs to show a filter's result, the rows of its first pages included."""
    ids = reader.ids(wanted)
    try:
        selected_row: int | None = ids.index(selected) if selected is not None else None
    except ValueError:
        selected_row = None
    pages = page_of(ids, 0) + (page_of(ids, selected_row) if selected_row else [])
    return _Result(reader, wanted, ids, reader.total(), reader.rows(pages), selected_row)


PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Any close date", None),
    ("Closed in the last 30 days", 30),
    ("Closed in the last 90 days", 90),
    ("Closed in the last 12 months", 365),
)


class DealsArea(Area):
    """Every deal in the open database; typing filters, clicking a header sorts."""

    loaded = Signal(int)
    """The table shows a fresh result (the number of rows it holds)."""
    failed = Signal(str)
    """A query failed; the sentence is for the status bar."""

    title = "Deals"

    def __init__(self, tasks: TaskRunner, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._today = today
        self._reader: DealReader | None = None
        self._sort = ("close_date", True)
        self._wanted: DealFilter | None = None
        self._in_flight = False
        self._first_result_shown = False
        self._detail_id: int | None = None

        self.filter_box = filter_box("dealsFilter", "Filter deals: account, competitor, segment, reason…",
                                     "Filter deals", WORDS_TIP)
        self.outcome_box = QComboBox()
        self.outcome_box.setObjectName("dealsOutcome")
        self.outcome_box.setAccessibleName("Outcome filter")
        self.outcome_box.addItem("Closed deals", CLOSED)
        for outcome in (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION, Outcome.OPEN):
            self.outcome_box.addItem(outcome.label, outcome.value)
        self.outcome_box.addItem("All deals, open ones too", ALL)
        self.period_box = QComboBox()
        self.period_box.setObjectName("dealsPeriod")
        self.period_box.setAccessibleName("Close date filter")
        for label, days in PERIODS:
            self.period_box.addItem(label, days)
        self.count_label = QLabel()
        self.count_label.setObjectName("dealsCount")

        self.model = DealsTableModel()
        self.table = QTableView()
        self.columns = self.table
        self.table.setObjectName("dealsTable")
        self.table.setAccessibleName("Deals")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(CLOSE_DATE, Qt.SortOrder.DescendingOrder)
        self._fit_columns()
        self.table.setSortingEnabled(True)

        self.stack, self.empty_label = table_or_message(self.table, "dealsEmpty")

        self.detail = DealDetailPane()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_box, 1)
        bar.addWidget(self.outcome_box)
        bar.addWidget(self.period_box)
        bar.addWidget(self.count_label)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.stack, 1)
        self.split("dealsSplitter", left, self.detail, (900, 340), stretch=(3, 1))

        self.filter_box.textChanged.connect(self.show_filtered)
        self.outcome_box.currentIndexChanged.connect(self.show_filtered)
        self.period_box.currentIndexChanged.connect(self.show_filtered)
        self.model.sortRequested.connect(self._sort_by)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_box, self.filter_box.clear)
        self._show_message("Opening the database…")

    def _fit_columns(self) -> None:
        """Widths from what the columns hold, so all seven show beside the details pane at 1280×800;
        the rep's reason, last, takes the width left."""
        table = self.table
        widths = {
            ACCOUNT: text_width(table, "Copperpath Pharmacy"),
            OUTCOME: text_width(table, *(outcome.label for outcome in Outcome), extra=20),
            AMOUNT: text_width(table, "$1,000,000", "Amount", extra=8),
            CLOSE_DATE: text_width(table, format_date(date(2026, 12, 31)), "Closed", extra=8),
            SEGMENT: text_width(table, "Public Sector", "Mid-Market"),
            COMPETITOR: text_width(table, "Brightfold"),
        }
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    # -- database -------------------------------------------------------------

    def set_reader(self, reader: DealReader | None) -> None:
        """Show the deals of another database (None: no database is open)."""
        self._reader = reader
        self.model.set_fetcher(reader.rows if reader else None)
        self._first_result_shown = False
        self._detail_id = None
        self.detail.show_detail(None)
        if reader is None:
            self._show_message("No database is open. Use File → Open database… or File → Open demo program.")
            return
        self.show_filtered()

    def current_filter(self) -> DealFilter:
        days = self.period_box.currentData()
        choice = self.outcome_box.currentData()
        return DealFilter(
            text=self.filter_box.text(),
            outcome=None if choice in (CLOSED, ALL) else Outcome(choice),
            include_open=choice != CLOSED,
            closed_since=self._today() - timedelta(days=days) if days else None,
            sort=self._sort[0],
            descending=self._sort[1],
        )

    def show_filtered(self) -> None:
        """Show the current filter's result: at once when the index is in memory, else after it is read."""
        reader = self._reader
        if reader is None:
            return
        self._wanted = self.current_filter()
        if reader.index_ready and not self._in_flight:
            self._on_result(_query(reader, self._wanted, self.selected_deal_id()))
        elif not self._in_flight:
            self._in_flight = True
            wanted, selected = self._wanted, self.selected_deal_id()
            self._tasks.submit(lambda _control: _query(reader, wanted, selected), self._on_result, self._on_error)

    def _on_result(self, result: _Result) -> None:
        self._in_flight = False
        if result.reader is not self._reader or result.shown != self._wanted:
            self.show_filtered()  # the database or the filter changed while the index was being read
            return
        self.model.set_ids(result.ids, result.rows)
        self._show_result(result.shown, len(result.ids), result.total)
        if result.selected_row is not None:
            self._select_row(result.selected_row)
        elif result.ids and not self._first_result_shown:
            self._select_row(0)
        else:
            self.detail.show_detail(None)
            self._detail_id = None
        self._first_result_shown = True
        self.loaded.emit(len(result.ids))

    def _on_error(self, error: BaseException) -> None:
        self._in_flight = False
        log.error("deal query failed: %s", error)
        self._show_message("The deals could not be read. The details are in the log file (Help → About).")
        self.failed.emit("Reading deals failed.")

    # -- display ----------------------------------------------------------------

    def _show_result(self, shown: DealFilter, matching: int, total: int) -> None:
        if total == 0:
            self._show_message(
                "No deals in this database yet.\n\nFile → Open demo program shows a complete example program."
            )
        elif matching == 0:
            self._show_message(f"No deals match these filters.\n\nPress Esc in the filter box to clear “{shown.text}”."
                               if shown.text else "No deals match these filters.")
        else:
            self.stack.setCurrentWidget(self.table)
        self.count_label.setText(f"{total:,} deals" if matching == total else f"{matching:,} of {total:,} deals")

    def _show_message(self, text: str) -> None:
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)
        self.count_label.setText("")

    def _sort_by(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.show_filtered()

    # -- selection --------------------------------------------------------------

    def selected_deal_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.deal_id(rows[0].row()) if rows else None

    def select_deal(self, deal_id: int) -> bool:
        """Select and show the deal, if the table holds it."""
        row = self.model.row_of(deal_id)
        if row is not None:
            self._select_row(row)
        return row is not None

    def _select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        deal_id = self.selected_deal_id()
        if deal_id is None or deal_id == self._detail_id:
            return  # a new result keeping the same deal selected needs no new read
        self._detail_id = deal_id
        self.detail.show_detail(self._reader.detail(deal_id) if self._reader else None)

    def reload(self) -> None:
        """Read every deal again, the selected one's details too."""
        if self._reader is not None:
            self._reader.reload()
            self._detail_id = None
            self.show_filtered()

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    # -- persistence --------------------------------------------------------------

    def restore_state(self, state: dict[str, Any]) -> None:
        super().restore_state(state)
        if isinstance(state.get("header"), QByteArray):  # the column restored carries the sort to read with
            header = self.table.horizontalHeader()
            self._sort = (COLUMNS[header.sortIndicatorSection()][0], header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
