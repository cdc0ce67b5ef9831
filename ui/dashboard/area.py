"""The Dashboard area: the program's figures for a period, segment and competitor, each with its n; the charts of
the reports with click-through to the deals behind a bar; warnings, actions due, the funnel and the weekly summary.

The closed deals are read once into a snapshot off the UI thread (``reload``; ``refresh`` re-reads only when the
database's fingerprint changed). A filter change recomputes the figures from the snapshot (milliseconds, on a
worker) and draws the charts (about half a second, on a worker too), so the window never waits.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interviewer.analytics.adequacy import ASSUMPTION
from interviewer.analytics.dashboard import NO_DECISION_RULE
from interviewer.clock import Clock
from interviewer.enums import Outcome
from ui.area import Area, table_or_message
from interviewer.analytics import periods
from ui.dashboard.chart_view import ChartView
from ui.dashboard.deals_panel import DealsBehind
from ui.dashboard.panels import (
    HeadlineRow,
    SummaryBox,
    Tile,
    amount_html,
    closes_html,
    fill_actions,
    fill_funnel,
    small_table,
)
from ui.dashboard.reading import CHARTS, ChartImage, Figures
from ui.format import format_date
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from interviewer.analytics.dashboard import Dashboard, Filters
    from interviewer.analytics.money import RateTable, Total
    from interviewer.analytics.snapshot import Snapshot
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from ui.settings import WindowSettings

log = logging.getLogger(__name__)

ALL = "All"
CHART_DPI = 100.0
NO_DATABASE = ("Open a database (File → Open database…) or the demo program (File → Open demo program) "
               "to see its figures.")
NO_DEALS = ("No closed deals yet. Import deals (File → Import deals…, Ctrl+I) or open the demo program "
            "(File → Open demo program); the figures appear here once deals have closed.")
AMOUNT_TIP = ("The {kind} deals' amounts added up in the reporting currency at the rates set in Edit → Preferences; "
              "a currency without a rate is shown on a line of its own, never added in")
TILES = (
    ("closes", "Closes", "Deals closed in the period, by outcome"),
    ("winRate", "Win rate", NO_DECISION_RULE),
    ("topWin", "Top win reason", "The rep's reason given most often for won deals"),
    ("topLoss", "Top loss reason", "The rep's reason given most often for lost deals"),
    ("topCompetitor", "Top competitor", "The competitor named in the most losses"),
    ("wonAmount", "Won amount", AMOUNT_TIP.format(kind="won")),
    ("lostAmount", "Lost amount", AMOUNT_TIP.format(kind="lost")),
    ("participation", "Participation", "Interviews completed ÷ (completed + declined + no answer after the last "
                                       "reminder); calls booked ahead and invitations awaiting an answer are apart"),
    ("daysToInterview", "Days close → interview", "Median days from the close date to the interview"),
    ("mismatch", "Reason mismatch", "Interviews where the buyer's main reason differs from the rep's"),
)


class DashboardArea(Area):
    """Figures, charts and warnings of the win-loss program, filtered by period, segment and competitor."""

    title = "Dashboard"
    loaded = Signal()
    """A refresh (or filter change) is on screen: figures and charts."""
    deals_shown = Signal(str, str, int)
    """The deals behind a bar are listed: (chart key, bar label, how many)."""

    def __init__(self, tasks: TaskRunner, clock: Clock, settings: WindowSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.clock = clock
        self.settings = settings
        """Where the reporting currency and the rates to it are read, at every recompute."""
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self.snapshot: Snapshot | None = None
        self.figures: Dashboard | None = None
        self.filters: Filters | None = None
        self._filling = False
        self._opened_from: QWidget | None = None
        self._rates: RateTable | None = None
        """The rate table the figures on screen were converted with."""
        self.timings: dict[str, float] = {}
        """Seconds the last refresh took: snapshot (when read), figures, charts."""

        self.period_box = self._combo("dashboardPeriod", "Period", "Which closed deals: by close date")
        self.period_box.addItems(list(periods.PERIODS))
        self.period_box.setCurrentText(periods.DEFAULT)
        self.from_box = self._combo("dashboardFromMonth", "From month", "First month of the period")
        self.to_box = self._combo("dashboardToMonth", "To month", "Last month of the period")
        self.segment_box = self._combo("dashboardSegment", "Segment", "Only deals of this segment")
        self.competitor_box = self._combo("dashboardCompetitor", "Competitor", "Only deals against this competitor")
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        self.status.setAccessibleName("Dashboard status")
        bar = QHBoxLayout()
        for text, box in (("&Period", self.period_box), ("from", self.from_box), ("to", self.to_box),
                          ("&Segment", self.segment_box), ("C&ompetitor", self.competitor_box)):
            label = QLabel(text)
            label.setBuddy(box)
            bar.addWidget(label)
            bar.addWidget(box)
            if box in (self.from_box, self.to_box):
                box.setProperty("partner", label)
        bar.addStretch(1)
        bar.addWidget(self.status)
        self._show_month_range(False)

        self.tiles = {name: Tile(f"tile_{name}", title, tip) for name, title, tip in TILES}
        self.no_decision_rule = QLabel(NO_DECISION_RULE)
        self.no_decision_rule.setObjectName("dashboardNoDecisionRule")
        self.no_decision_rule.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("dashboardWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.summary = SummaryBox()
        self.actions = small_table("dashboardActions", "Actions overdue or due soon",
                                   ["State", "Due", "Action", "Owner"], wrap=2)
        self.actions_empty = QLabel("No action is overdue or due in the next 14 days.")
        self.actions_empty.setObjectName("dashboardActionsEmpty")
        actions_box = _box("Actions overdue or due within 14 days", self.actions, self.actions_empty)
        self.charts = {chart.key: ChartView(chart.key, chart.title) for chart in CHARTS}
        for view in self.charts.values():
            view.chosen.connect(self.show_deals_behind)
        self.funnel = small_table("dashboardFunnel", "Program funnel", ["Step", "Count", "Of the step before"])
        self.funnel_note = QLabel()
        self.funnel_note.setObjectName("dashboardFunnelNote")
        self.funnel_note.setWordWrap(True)
        self.adequacy = QLabel()
        self.adequacy.setObjectName("dashboardAdequacy")
        self.adequacy.setWordWrap(True)
        self.adequacy.setToolTip(ASSUMPTION)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(HeadlineRow(list(self.tiles.values())))
        column.addWidget(self.no_decision_rule)
        column.addWidget(self.warnings)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(actions_box, 1)
        column.addLayout(row)
        charts_box = _box("Charts — click a bar, or press Enter on a row of its list, for the deals behind it",
                          *self.charts.values())
        column.addWidget(charts_box)
        self.funnel.setMaximumWidth(420)
        self.funnel_note.setMaximumWidth(420)
        self.adequacy.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        program = QGroupBox("Program: funnel and sample adequacy")
        program_row = QHBoxLayout(program)
        funnel_column = QVBoxLayout()
        funnel_column.addWidget(self.funnel)
        funnel_column.addWidget(self.funnel_note)
        funnel_column.addStretch(1)
        program_row.addLayout(funnel_column)
        program_row.addWidget(self.adequacy, 1)
        column.addWidget(program)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("dashboardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        self.deals = DealsBehind()
        self.deals.hide()  # until a bar is chosen; then below the page, as wide as the area, for its seven columns
        self.deals.closed.connect(self._hide_deals)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("dashboardSplitter")
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.deals)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.pages, self.empty_label = table_or_message(self.splitter, "dashboardEmpty")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

        self.period_box.currentTextChanged.connect(self._period_changed)
        for box in (self.from_box, self.to_box, self.segment_box, self.competitor_box):
            box.currentIndexChanged.connect(lambda _index: self.recompute())
        QApplication.instance().focusChanged.connect(self._follow_focus)
        self._show_empty(NO_DATABASE)

    def _combo(self, name: str, accessible: str, tip: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setToolTip(tip)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    # -- state -----------------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self.snapshot = None
        self.figures = None
        self.deals.clear()
        self.reload()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile

    @property
    def database(self) -> Database | None:
        return self._database

    def reload(self) -> None:
        """Read the closed deals again (off the UI thread), then recompute; ``loaded`` says when it is on screen."""
        self._read(known=None)

    def refresh(self) -> None:
        """F5: read the deals again only if they (or the interviews) changed; recompute either way (actions)."""
        self._read(known=self.snapshot.fingerprint if self.snapshot is not None else None)

    def _read(self, known: tuple[object, ...] | None) -> None:
        from ui.dashboard import reading

        database = self._database
        self.tasks.forget((self, "figures"))  # figures of the deals as they were are no longer wanted
        if database is None:
            self.tasks.forget((self, "read"))
            self._show_empty(NO_DATABASE)
            self.loaded.emit()
            return
        self.status.setText("Reading closed deals…")
        began = time.perf_counter()

        def done(snapshot: Snapshot | None) -> None:
            if snapshot is not None:
                self.timings["snapshot"] = time.perf_counter() - began
                self.snapshot = snapshot
                self._fill_choices(snapshot)
            self.recompute()

        def failed(error: BaseException) -> None:
            log.error("reading the dashboard's deals failed: %r", error)
            self.status.setText("The deals could not be read (details in the log file). Try View → Refresh.")
            self.loaded.emit()

        self.tasks.submit(lambda _control: reading.read_if_changed(database, known), done, failed,
                          title="Reading closed deals for the dashboard", latest=(self, "read"))

    def current_filters(self) -> Filters | None:
        """The filters the boxes show (None before the deals were read)."""
        from interviewer.analytics.dashboard import Filters

        if self.snapshot is None:
            return None
        period = self.period_box.currentText()
        if period == periods.MONTHS and self.from_box.count():
            start, end = periods.month_range(self.from_box.currentData(), self.to_box.currentData())
        else:
            start, end = periods.period_dates(period, self.clock.today())
        segment, competitor = self.segment_box.currentData(), self.competitor_box.currentData()
        return Filters(start, end, segment, competitor)

    def recompute(self) -> None:
        """The figures for the filters (off the UI thread), then the charts; stale results are dropped."""
        from ui.dashboard import reading

        if self._filling or self.snapshot is None or self._database is None:
            return
        if not len(self.snapshot):
            self._show_empty(NO_DEALS)
            self.loaded.emit()
            return
        database, snapshot = self._database, self.snapshot
        filters, today, rates = self.current_filters(), self.clock.today(), self.rate_table()
        self._rates = rates
        assert filters is not None
        self.status.setText("Updating…")

        def done(figures: Figures) -> None:
            self.timings["figures"] = figures.seconds
            self._show_figures(filters, figures, today)
            self._draw()

        week_end = today - timedelta(days=1)
        self.tasks.submit(lambda _control: reading.compute(database, snapshot, filters, today, week_end, rates),
                          done, self._figures_failed, latest=(self, "figures"))

    def rate_table(self) -> RateTable:
        """The reporting currency and the rates to it, as the settings hold them now."""
        from interviewer.analytics.money import RateTable

        return RateTable(self.settings.reporting_currency, self.settings.currency_rates)

    def _draw(self) -> None:
        """The charts of the figures on screen; a newer recompute drops them (they share the key "figures")."""
        from ui.dashboard import reading

        figures, ratio = self.figures, self.devicePixelRatioF() or 1.0
        assert figures is not None
        began = time.perf_counter()

        def done(images: tuple[ChartImage, ...]) -> None:
            for image in images:
                self.charts[image.key].set_image(image, ratio)
            self.timings["charts"] = time.perf_counter() - began
            log.debug("dashboard refreshed: %s", self.timings)
            self.status.setToolTip(", ".join(f"{k} {v * 1000:.0f} ms" for k, v in self.timings.items()))
            self._say_period()
            self.loaded.emit()

        self.tasks.submit(lambda _control: reading.draw(figures, CHART_DPI * ratio), done, self._figures_failed,
                          latest=(self, "figures"))

    def _figures_failed(self, error: BaseException) -> None:
        log.error("the dashboard's figures failed: %r", error)
        self.status.setText("The figures could not be computed (details in the log file).")
        self.loaded.emit()

    # -- filters ---------------------------------------------------------------------------------------

    def _fill_choices(self, snapshot: Snapshot) -> None:
        """Segments, competitors and months from the deals, keeping what was chosen when it still exists."""
        self._filling = True
        try:
            for box, labels in ((self.segment_box, snapshot.segment.labels),
                                (self.competitor_box, snapshot.competitor.labels)):
                keep = box.currentData()
                box.clear()
                box.addItem(ALL, None)
                for label in sorted(labels, key=str.casefold):
                    box.addItem(label, label)
                box.setCurrentIndex(max(box.findData(keep), 0) if keep is not None else 0)
            days = snapshot.day[snapshot.day > 0]
            today = self.clock.today()
            first = date.fromordinal(int(days.min())) if days.size else today
            last = max(today, date.fromordinal(int(days.max()))) if days.size else today
            months = periods.months_between(min(first, today), last)
            for box, default in ((self.from_box, min(2, len(months) - 1)), (self.to_box, 0)):
                keep = box.currentData()
                box.clear()
                for key in months:
                    box.addItem(periods.month_label(key), key)
                box.setCurrentIndex(box.findData(keep) if keep in months else default)
        finally:
            self._filling = False

    def _period_changed(self, period: str) -> None:
        self._show_month_range(period == periods.MONTHS)
        self.recompute()

    def _show_month_range(self, shown: bool) -> None:
        for box in (self.from_box, self.to_box):
            box.setVisible(shown)
            box.property("partner").setVisible(shown)

    def _say_period(self) -> None:
        if self.filters is None or self.figures is None:
            return
        scope = " · ".join(x for x in (self.filters.segment, self.filters.competitor and
                                       f"against {self.filters.competitor}") if x)
        self.status.setText(f"{format_date(self.filters.start)} – {format_date(self.filters.end)}"
                            + (f" · {scope}" if scope else "") + f" · {self.figures.win_rate.n:,} closed deals")

    # -- showing ---------------------------------------------------------------------------------------

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.pages.setCurrentWidget(self.empty_label)
        self.status.setText("")

    def _show_figures(self, filters: Filters, result: Figures, today: date) -> None:
        figures = result.dashboard
        self.filters, self.figures = filters, figures
        self.pages.setCurrentWidget(self.splitter)
        self._show_tiles(figures)
        self.warnings.setText(_warnings_html(figures.warnings))
        self.summary.show_summary(result.weekly, today - timedelta(days=1))
        fill_actions(self.actions, figures.actions, today)
        self.actions.setVisible(bool(figures.actions))
        self.actions_empty.setVisible(not figures.actions)
        fill_funnel(self.funnel, figures.funnel)
        self.funnel_note.setText(f"Eligible: the period's closed deals meeting the deal rules of {figures.eligible_by}."
                                 if figures.eligible_by else
                                 "No criteria are approved yet, so the funnel has no Eligible step.")
        self.adequacy.setText("<b>Sample adequacy</b><br>" + "<br>".join(a.text for a in figures.adequacy)
                              + f"<br><i>{ASSUMPTION}</i>")
        for key, rows in _chart_rows(figures).items():
            self.charts[key].set_rows(rows)
        for key, note in _chart_notes(figures).items():
            self.charts[key].set_note(note)

    def _show_tiles(self, d: Dashboard) -> None:
        t, rate = self.tiles, d.win_rate
        t["closes"].show_figure(closes_html(d.closes), f"n={rate.n:,} closed deals", rate.n, rich=True)
        t["winRate"].show_figure(_percent(rate.value), f"{rate.part:,} won of n={rate.n:,} deals", rate.n)
        for name, bars, kind in (("topWin", d.win_reasons, "won"), ("topLoss", d.loss_reasons, "lost")):
            total = sum(bar.count for bar in bars)
            top = bars[0] if bars else None
            t[name].show_figure(top.label if top else "None recorded",
                                f"{top.count if top else 0:,} of n={total:,} {kind} deals giving a reason", total)
        rival = d.loss_share[0] if d.loss_share else None
        losses = d.closes.get(Outcome.LOST, 0)
        t["topCompetitor"].show_figure(rival.label if rival else "None named",
                                       f"in {rival.rate.part:,} of n={losses:,} losses" if rival else
                                       f"of n={losses:,} losses", losses)
        p = d.participation.rate
        apart = d.participation.apart_text
        t["participation"].show_figure(_percent(p.value), f"{p.part:,} completed of n={p.n:,} buyers who answered"
                                       + (f" · {apart}" if apart else ""), p.n)
        days = d.median_days_to_interview
        t["daysToInterview"].show_figure(f"{days:g} days" if days is not None else "No interviews",
                                         f"median of n={d.days_n:,} completed interviews", d.days_n)
        m = d.mismatch
        t["mismatch"].show_figure(_percent(m.value), f"{m.part:,} differ of n={m.n:,} interviews with both", m.n)
        for name, amount, kind in (("wonAmount", d.won_amount, "won"), ("lostAmount", d.lost_amount, "lost")):
            self._show_amount(t[name], amount, kind)

    def _show_amount(self, tile: Tile, amount: Total, kind: str) -> None:
        """A sum with the deals it rests on and the rates behind it (the whole rate table in the tooltip)."""
        tile.show_figure(amount_html(amount), f"n={amount.deals:,} {kind} deals with an amount · {amount.rates_text()}",
                         None, rich=True)
        hint = "" if not amount.apart else " Set the missing rates in Edit → Preferences to add them in."
        tile.setToolTip(f"{AMOUNT_TIP.format(kind=kind)}. This figure: {amount.rates_text()}.{hint}")

    # -- click-through ---------------------------------------------------------------------------------

    def show_deals_behind(self, chart: str, label: str) -> None:
        """List the deals behind ``label``'s bar of ``chart`` beside the charts (rows read off the UI thread)."""
        from ui.dashboard import reading
        from ui.deals.model import PAGE_SIZE

        if self.snapshot is None or self.filters is None or self._database is None:
            return
        ids = reading.deals_behind(self.snapshot, self.filters, chart, label)
        fetch = reading.row_reader(self._database)
        view = self.charts[chart]
        shown = periods.month_label(label) if chart == "months" else label
        heading = f"{view.title}: {shown} — {len(ids):,} deal{'s' if len(ids) != 1 else ''}, latest closed first"
        self.deals.heading.setText(f"{heading} (reading…)")
        self._opened_from = view.groups if view.groups.hasFocus() else None

        def done(rows: dict[int, Any]) -> None:
            self.deals.show_deals(heading, ids, fetch, rows)
            if self.deals.isHidden():
                self.deals.show()
                height = max(self.splitter.height(), 400)
                self.splitter.setSizes([height * 3 // 5, height * 2 // 5])
            self.deals.table.setFocus()
            self.deals_shown.emit(chart, label, len(ids))

        self.tasks.submit(lambda _control: fetch(ids[:PAGE_SIZE]), done,
                          lambda error: self.deals.heading.setText("The deals could not be read (details in the log)."))

    def _hide_deals(self) -> None:
        """Close the deals list (Esc), giving the keyboard back to the chart list it was opened from."""
        self.deals.hide()
        if self._opened_from is not None:
            self._opened_from.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._follow_rates()

    def event(self, event: QEvent) -> bool:
        """Back from Edit → Preferences (the window active again): new rates convert the amounts at once."""
        if event.type() == QEvent.Type.WindowActivate and self.isVisible():
            self._follow_rates()
        return super().event(event)

    def _follow_rates(self) -> None:
        if self._rates is not None and self._rates != self.rate_table():
            self.recompute()

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Tabbing through the page scrolls to the focused list or button."""
        if new is not None and self.scroll.widget().isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 20, 20)


def _box(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return box


def _percent(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def _warnings_html(warnings: tuple[str, ...]) -> str:
    if not warnings:
        return "No warnings: no segment under 15% over 90 days, no competitor in 30% or more of losses."
    from html import escape

    return "<b>Warnings</b><br>" + "<br>".join(f"⚠ Warning: {escape(text)}" for text in warnings)


def _chart_rows(d: Dashboard) -> dict[str, list[tuple[str, str, str]]]:
    """The list beside each chart: (label, shown label, figure in words with its n)."""
    def rate(group: Any, flag: str = "") -> str:
        early = " · early signal" if group.rate.early_signal else ""
        return group.rate.text() + early + (f" · {flag}" if flag and group.flagged else "")

    def pareto(bar: Any) -> str:
        return f"{bar.count:,} deals · {bar.cumulative:.0%} cumulative"

    return {
        "months": [(g.label, periods.month_label(g.label) + (f" ({d.partial_months[g.label].text})"
                                                             if g.label in d.partial_months else ""), rate(g))
                   for g in d.trend if g.rate.n],
        "segments": [(g.label, g.label, rate(g, "candidate to stop targeting")) for g in d.segments],
        "competitors": [(g.label, g.label, rate(g)) for g in d.competitors],
        "teams": [(g.label, g.label, rate(g)) for g in d.teams],
        "loss_reasons": [(b.label, b.label, pareto(b)) for b in d.loss_reasons],
        "win_reasons": [(b.label, b.label, pareto(b)) for b in d.win_reasons],
        "no_decision_reasons": [(b.label, b.label, pareto(b)) for b in d.no_decision_reasons],
        "loss_share": [(g.label, g.label, f"{g.rate.value or 0:.0%} of losses ({g.rate.part:,} of n={g.rate.n:,})"
                        + (" · needs positioning work" if g.flagged else "")) for g in d.loss_share],
    }


def _chart_notes(d: Dashboard) -> dict[str, str]:
    """Under each chart: the deals of the period it leaves out and why, and (the trend) its partial months."""
    notes = {chart.key: d.left_out[chart.key].text if chart.key in d.left_out else "" for chart in CHARTS}
    partial = [f"{periods.month_label(m.label)} is partial ({m.first.day} {m.first:%b} – {m.last.day} {m.last:%b %Y})"
               for m in d.partial_months.values()]
    if partial:
        notes["months"] = " ".join(filter(None, [notes["months"], "; ".join(partial) + ": the period covers only "
                                                 "part of that month."]))
    return notes
