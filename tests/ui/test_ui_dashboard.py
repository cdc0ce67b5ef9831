"""The Dashboard area as a user meets it: filter it, see each figure with its n, click a bar (or press Enter on
its row) for the deals behind it, copy the weekly summary, refresh after a colleague adds a deal."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from builders import DealSpec, add_deals
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from interviewer.analytics import periods
from interviewer.analytics.adequacy import ASSUMPTION
from interviewer.analytics.dashboard import (
    Filters,
    actions_due,
    dashboard,
    deals_behind,
    weekly_summary,
)
from interviewer.analytics.snapshot import read_snapshot
from interviewer.clock import FixedClock
from interviewer.enums import Outcome
from ui.dashboard.area import DashboardArea
from ui.settings import WindowSettings
from ui.tasks import TaskRunner
from winloss.demo.build import build_demo

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
SLOW = 30_000


@pytest.fixture
def demo(sqlite_database):
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    return sqlite_database


def settings_in(folder: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))


def open_area(qtbot, database, settings: WindowSettings) -> DashboardArea:
    """The area as the main window builds it, given the database, once its figures and charts are on screen."""
    tasks = TaskRunner()
    area = DashboardArea(tasks, FixedClock(NOW), settings)
    qtbot.addWidget(area)
    area.resize(1250, 900)
    area.show()
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.set_database(database)
    area.set_profile(None)
    return area


@pytest.fixture
def area(qtbot, demo, tmp_path):
    area = open_area(qtbot, demo, settings_in(tmp_path))
    yield area
    area.tasks.wait()


def expected(database, filters: Filters):
    with database.sessions() as session:
        snapshot = read_snapshot(session)
        return snapshot, dashboard(session, snapshot, filters, today=TODAY)


def choose(qtbot, area: DashboardArea, box, text: str) -> None:
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        box.setCurrentIndex(box.findText(text))


def test_headline_figures_are_the_dashboards_with_their_n_and_follow_the_segment(qtbot, area, demo) -> None:
    start, end = periods.period_dates(periods.LAST_12_MONTHS, TODAY)
    _, figures = expected(demo, Filters(start, end))
    rate = figures.win_rate
    assert area.tiles["winRate"].value.text() == f"{rate.value:.0%}"
    assert f"n={rate.n:,}" in area.tiles["winRate"].n.text()
    closes = area.tiles["closes"].value.text()
    for outcome, word in ((Outcome.WON, "won"), (Outcome.LOST, "lost"), (Outcome.NO_DECISION, "no decision")):
        assert f"{figures.closes[outcome]:,}&nbsp;{word}" in closes  # words, not colour alone
    assert area.tiles["topWin"].value.text() == figures.top_win_reason
    assert area.tiles["topLoss"].value.text() == figures.top_loss_reason
    assert area.tiles["topCompetitor"].value.text() == figures.top_competitor
    assert f"n={figures.participation.rate.n}" in area.tiles["participation"].n.text()
    assert f"n={figures.mismatch.n}" in area.tiles["mismatch"].n.text()
    assert all("n=" in tile.n.text() for tile in area.tiles.values())  # every figure shows its n
    assert not area.tiles["winRate"].early
    assert "candidate to stop targeting" in area.warnings.text()

    choose(qtbot, area, area.segment_box, "Mid-Market")
    _, mid = expected(demo, Filters(start, end, segment="Mid-Market"))
    assert mid.win_rate != rate
    assert area.tiles["winRate"].value.text() == f"{mid.win_rate.value:.0%}"
    assert f"n={mid.win_rate.n:,}" in area.tiles["winRate"].n.text()
    assert area.figures == mid


def test_a_month_and_a_segment_leave_an_early_signal(qtbot, area, demo) -> None:
    choose(qtbot, area, area.period_box, periods.MONTHS)
    assert area.from_box.isVisible() and area.to_box.isVisible()
    choose(qtbot, area, area.from_box, "Oct 2026")
    choose(qtbot, area, area.to_box, "Oct 2026")
    choose(qtbot, area, area.segment_box, "Public Sector")
    filters = Filters(date(2026, 10, 1), date(2026, 10, 31), segment="Public Sector")
    assert area.filters == filters
    _, figures = expected(demo, filters)
    assert 0 < figures.win_rate.n < 20
    tile = area.tiles["winRate"]
    assert tile.early and tile.badge.text() == "⚠ Early signal"  # a word, not a colour only
    assert "early signal" in tile.accessibleName()


def test_clicking_a_segment_bar_lists_exactly_its_deals(qtbot, area, demo) -> None:
    snapshot, _ = expected(demo, area.filters)
    picture = area.charts["segments"].picture
    centre = picture.bar_centre("SMB")
    assert centre is not None
    with qtbot.waitSignal(area.deals_shown, timeout=SLOW) as shown:
        qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=centre)
    assert shown.args[:2] == ["segments", "SMB"]
    behind = deals_behind(snapshot, area.filters, "segments", "SMB")
    assert sorted(area.deals.ids()) == sorted(behind) and len(behind) == shown.args[2] > 0
    assert area.deals.isVisible() and "SMB" in area.deals.heading.text()
    model = area.deals.model
    assert model.index(0, 1).data() in {"Won", "Lost", "No decision"}  # outcome word beside its icon
    days = [int(snapshot.day[list(snapshot.ids).index(i)]) for i in area.deals.ids()]
    assert days == sorted(days, reverse=True)  # the latest closed first


def test_no_decision_has_its_own_clickable_reasons_chart_and_its_rule_is_written_out(qtbot, area, demo) -> None:
    snapshot, figures = expected(demo, area.filters)
    assert figures.no_decision_reasons
    top = figures.no_decision_reasons[0].label
    picture = area.charts["no_decision_reasons"].picture
    with qtbot.waitSignal(area.deals_shown, timeout=SLOW) as shown:
        qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=picture.bar_centre(top))
    assert shown.args[:2] == ["no_decision_reasons", top]
    assert sorted(area.deals.ids()) == sorted(deals_behind(snapshot, area.filters, "no_decision_reasons", top))
    assert area.no_decision_rule.isVisible() and "No decision counts as not won" in area.no_decision_rule.text()


def test_charts_say_what_they_leave_out_and_the_trend_marks_partial_months(area, demo) -> None:
    _, figures = expected(demo, area.filters)
    teams = figures.left_out["teams"]
    assert teams.count > 0
    note = area.charts["teams"].note
    assert note.isVisible() and note.text() == f"{teams.count:,} deals with no rep team are not shown."
    assert figures.partial_months  # the last 12 months start and end inside a month
    months = area.charts["months"]
    shown = [months.groups.topLevelItem(i).text(0) for i in range(months.groups.topLevelItemCount())]
    for month in figures.partial_months.values():
        assert any(month.text in row for row in shown)
    assert "is partial" in months.note.text()
    assert ASSUMPTION in area.adequacy.text() and area.adequacy.toolTip() == ASSUMPTION
    assert figures.eligible_by and figures.eligible_by in area.funnel_note.text()
    p = figures.participation
    assert p.apart_text and p.apart_text in area.tiles["participation"].n.text()


def test_enter_on_a_row_of_the_list_does_what_a_click_does(qtbot, area, demo) -> None:
    snapshot, figures = expected(demo, area.filters)
    groups = area.charts["competitors"].groups
    groups.setFocus()
    qtbot.keyClick(groups, Qt.Key.Key_Home)
    label = groups.currentItem().data(0, Qt.ItemDataRole.UserRole)
    assert label == figures.competitors[0].label
    with qtbot.waitSignal(area.deals_shown, timeout=SLOW):
        qtbot.keyClick(groups, Qt.Key.Key_Return)
    assert sorted(area.deals.ids()) == sorted(deals_behind(snapshot, area.filters, "competitors", label))
    qtbot.keyClick(area.deals.table, Qt.Key.Key_Escape)  # closes the list, back to the chart's list
    assert not area.deals.isVisible()


def test_copy_puts_the_weekly_summary_on_the_clipboard(qtbot, area, demo) -> None:
    snapshot, _ = expected(demo, area.filters)
    bullets = weekly_summary(snapshot, TODAY - timedelta(days=1))
    qtbot.mouseClick(area.summary.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "\n".join(f"• {line}" for line in bullets)
    assert "week ending" in area.summary.title()


def test_the_amount_tiles_add_up_only_what_a_rate_converts_and_say_at_which_rates(qtbot, area, demo) -> None:
    tile = area.tiles["wonAmount"]
    won = area.figures.won_amount
    assert won.reporting == "USD" and {code for code, _sum in won.apart} == {"EUR", "GBP"}  # no rates set yet
    assert f"n={won.deals:,} won deals with an amount" in tile.n.text()
    assert "no rate for EUR, GBP to USD (shown apart)" in tile.n.text()
    assert "€" in tile.value.text() and "· no rate" in tile.value.text()  # euros on a line of their own
    assert "Edit → Preferences" in tile.toolTip()
    assert not tile.early and not area.tiles["lostAmount"].early  # a sum is not a pattern

    area.settings.currency_rates = {"EUR": Decimal("1.10"), "GBP": Decimal("1.25")}  # as Preferences saves them
    area.hide()
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.show()  # coming back to the area converts at the new rates
    won = area.figures.won_amount
    assert won.apart == () and won.rates_used == (("EUR", Decimal("1.10")), ("GBP", Decimal("1.25")))
    assert tile.value.text() == f"${won.converted.quantize(Decimal(1)):,}"
    assert "in USD at 1 EUR = 1.1 USD, 1 GBP = 1.25 USD" in tile.n.text() and "no rate" not in tile.n.text()
    assert "1 EUR = 1.1 USD" in tile.accessibleName()


def test_the_rate_table_is_kept_in_the_settings(tmp_path) -> None:
    settings = settings_in(tmp_path)
    assert settings.currency_rates == {} and settings.reporting_currency == "USD"
    settings.currency_rates = {"eur": Decimal("1.08"), "GBP": Decimal("1.27")}
    settings.reporting_currency = "chf"
    settings.sync()
    again = settings_in(tmp_path)
    assert again.currency_rates == {"EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
    assert again.reporting_currency == "CHF"
    again.currency_rates = {"GBP": Decimal("1.3")}
    assert again.currency_rates == {"GBP": Decimal("1.3")}  # the whole table is replaced
    with pytest.raises(ValueError, match="positive"):
        again.currency_rates = {"JPY": Decimal(0)}


def test_overdue_actions_are_listed_in_words(area, demo) -> None:
    with demo.sessions() as session:
        due = actions_due(session, TODAY)
    assert any(action.overdue for action in due)
    rows = [area.actions.topLevelItem(i) for i in range(area.actions.topLevelItemCount())]
    assert [row.text(2) for row in rows] == [action.text for action in due]
    overdue = next(row for row, action in zip(rows, due) if action.overdue)
    assert overdue.text(0).startswith("Overdue by")


def test_refresh_reads_again_only_when_the_deals_changed(qtbot, area, demo) -> None:
    before = area.snapshot
    closed = area.figures.win_rate.n
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.refresh()
    assert area.snapshot is before  # nothing changed: the snapshot is kept

    add_deals(demo, [DealSpec("Newco Refresh Ltd", Outcome.WON, closed=TODAY, segment="SMB")])  # another session
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.refresh()
    assert area.snapshot is not before and len(area.snapshot) == len(before) + 1
    assert area.figures.win_rate.n == closed + 1
    assert f"n={closed + 1:,}" in area.tiles["winRate"].n.text()


def test_an_empty_database_says_what_to_do(qtbot, sqlite_database, tmp_path) -> None:
    area = open_area(qtbot, sqlite_database, settings_in(tmp_path))
    assert area.pages.currentWidget() is area.empty_label
    assert "Import deals" in area.empty_label.text() and "demo program" in area.empty_label.text()
    area.tasks.wait()


def test_filters_are_named_for_the_keyboard(area) -> None:
    for box in (area.period_box, area.segment_box, area.competitor_box):
        assert box.accessibleName() and box.toolTip() and box.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert area.segment_box.itemText(0) == "All"
    assert replace(area.filters, segment=None) == area.filters
