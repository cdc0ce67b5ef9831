"""The Deals table model on its own: lazy paging, display, sorting requests, Qt's model checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QLocale, Qt

from interviewer.enums import Outcome, RepReason
from interviewer.records import DealRow
from ui.deals.model import AMOUNT, COLUMNS, OUTCOME, PAGE_SIZE, REP_REASON, DealsTableModel


def make_rows(count: int) -> dict[int, DealRow]:
    return {
        i: DealRow(i, f"Account {i}", list(Outcome)[i % 4], Decimal(1000 + i), "USD", date(2026, 1, 1 + i % 28),
                   "SMB" if i % 2 else None, "Rivalry" if i % 3 else None, RepReason.PRODUCT_FIT if i % 5 else None)
        for i in range(1, count + 1)
    }


class CountingFetcher:
    def __init__(self, rows: dict[int, DealRow]) -> None:
        self.rows = rows
        self.calls: list[list[int]] = []

    def __call__(self, ids):  # noqa: ANN001 - the model's RowFetcher signature
        self.calls.append(list(ids))
        return {i: self.rows[i] for i in ids if i in self.rows}


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = DealsTableModel(CountingFetcher(make_rows(50)))
    model.set_ids(list(range(1, 51)))
    qtmodeltester.check(model)


def test_rows_are_read_a_page_at_a_time_and_only_when_shown() -> None:
    fetcher = CountingFetcher(make_rows(1000))
    model = DealsTableModel(fetcher)
    model.set_ids(list(range(1000, 0, -1)))
    assert model.rowCount() == 1000
    assert fetcher.calls == []
    assert model.data(model.index(0, 0)) == "Account 1000"
    assert model.data(model.index(PAGE_SIZE - 1, 0)) == f"Account {1000 - PAGE_SIZE + 1}"
    assert len(fetcher.calls) == 1 and len(fetcher.calls[0]) == PAGE_SIZE
    model.data(model.index(999, 0))
    assert len(fetcher.calls) == 2
    assert fetcher.calls[1] == list(range(PAGE_SIZE, 0, -1))  # the last page: ids 200 … 1


def test_display_uses_words_for_outcomes_and_locale_for_amounts(qapp) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    rows = make_rows(12)
    model = DealsTableModel(CountingFetcher(rows))
    model.set_ids([2, 5, 10])
    assert model.data(model.index(0, OUTCOME)) == "No decision"
    assert model.data(model.index(0, OUTCOME), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(2, AMOUNT)) == "$1,010"
    assert model.data(model.index(1, REP_REASON)) == ""
    assert model.data(model.index(0, REP_REASON)) == "Product fit"
    assert model.headerData(REP_REASON, Qt.Orientation.Horizontal) == "Rep's reason"


def test_a_deleted_deal_shows_an_empty_row_instead_of_failing() -> None:
    model = DealsTableModel(CountingFetcher(make_rows(3)))
    model.set_ids([1, 99, 2])
    assert model.data(model.index(1, 0)) is None
    assert model.data(model.index(2, 0)) == "Account 2"


def test_sorting_asks_the_owner_for_a_new_order(qtbot) -> None:
    model = DealsTableModel(CountingFetcher(make_rows(3)))
    with qtbot.waitSignal(model.sortRequested) as blocker:
        model.sort(AMOUNT, Qt.SortOrder.DescendingOrder)
    assert blocker.args == [COLUMNS[AMOUNT][0], True]
