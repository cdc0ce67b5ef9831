"""What the Dashboard reads and draws, called on a worker thread: the snapshot, the figures, the chart images.

Domain modules and matplotlib are imported inside the functions: building the main window must load neither.
Charts are drawn here to RGBA images (about half a second for the seven, too long for the UI thread), with the
rectangle of every bar, so the window shows a picture and maps a click to a bar without matplotlib.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewer.analytics.dashboard import Dashboard, Filters
    from interviewer.analytics.money import RateTable
    from interviewer.analytics.snapshot import Snapshot
    from interviewer.db import Database
    from interviewer.records import DealRow

Box = tuple[float, float, float, float]
"""x, y, width, height in image pixels, from the top left."""

_drawing = threading.Lock()
"""matplotlib's font and text caches are not meant for two threads at once: one drawing at a time."""


@dataclass(frozen=True)
class Chart:
    """A chart of the dashboard: its key for ``deals_behind`` (None when bars have no deals list) and title."""

    key: str
    title: str


CHARTS = (
    Chart("months", "Win rate by month"),
    Chart("segments", "Win rate by segment, last 90 days of the period"),
    Chart("competitors", "Win rate by competitor"),
    Chart("teams", "Win rate by rep's team"),
    Chart("loss_reasons", "Loss reasons (rep's), most frequent first"),
    Chart("win_reasons", "Win reasons (rep's), most frequent first"),
    Chart("no_decision_reasons", "No-decision reasons (rep's), most frequent first"),
    Chart("loss_share", "Competitor share of losses"),
)


@dataclass(frozen=True)
class Hit:
    """One bar (or month point): its label, where it is drawn, and the band a click on it may land in."""

    label: str
    bar: Box
    region: Box


@dataclass(frozen=True)
class ChartImage:
    key: str
    rgba: bytes
    width: int
    height: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Figures:
    """A recomputed dashboard, the weekly summary, and how long the figures took."""

    dashboard: Dashboard
    weekly: tuple[str, str, str]
    seconds: float


def read(database: Database) -> Snapshot:
    from interviewer.analytics.snapshot import read_snapshot

    with database.sessions() as session:
        return read_snapshot(session)


def read_if_changed(database: Database, known: tuple[object, ...] | None) -> Snapshot | None:
    """A fresh snapshot when deals or interviews changed since ``known`` (a fingerprint), else None."""
    from interviewer.analytics.snapshot import fingerprint, read_snapshot

    with database.sessions() as session:
        return read_snapshot(session) if fingerprint(session) != known else None


def compute(database: Database, snapshot: Snapshot, filters: Filters, today: date, week_end: date,
            rates: RateTable) -> Figures:
    from interviewer.analytics.dashboard import dashboard, weekly_summary

    began = time.perf_counter()
    with database.sessions() as session:
        figures = dashboard(session, snapshot, filters, today=today, rates=rates)
    return Figures(figures, weekly_summary(snapshot, week_end), time.perf_counter() - began)


def deals_behind(snapshot: Snapshot, filters: Filters, chart: str, label: str) -> list[int]:
    """The deals behind a bar, the latest closed first."""
    import numpy as np

    from interviewer.analytics.dashboard import deals_behind as behind

    ids = np.asarray(behind(snapshot, filters, chart, label), dtype=np.int64)
    days = snapshot.day[np.searchsorted(snapshot.ids, ids)]
    return [int(i) for i in ids[np.lexsort((-ids, -days))]]


def row_reader(database: Database) -> Callable[[Sequence[int]], dict[int, DealRow]]:
    """Reads table rows of deals by id (a page at a time, for the lazy deals table)."""
    from interviewer.services.deals import deal_rows

    def rows(ids: Sequence[int]) -> dict[int, DealRow]:
        with database.sessions() as session:
            return deal_rows(session, ids)

    return rows


def draw(figures: Dashboard, dpi: float) -> tuple[ChartImage, ...]:
    """Every chart of the dashboard as an image at ``dpi`` with its bars located (the charts the reports use)."""
    from exports import charts

    made = {
        "months": lambda: charts.trend_figure(figures.trend, CHARTS[0].title),
        "segments": lambda: charts.win_rate_figure(figures.segments, CHARTS[1].title),
        "competitors": lambda: charts.win_rate_figure(figures.competitors, CHARTS[2].title, highlight_flagged=False),
        "teams": lambda: charts.win_rate_figure(figures.teams, CHARTS[3].title, highlight_flagged=False),
        "loss_reasons": lambda: charts.pareto_figure(figures.loss_reasons, CHARTS[4].title),
        "win_reasons": lambda: charts.pareto_figure(figures.win_reasons, CHARTS[5].title),
        "no_decision_reasons": lambda: charts.pareto_figure(figures.no_decision_reasons, CHARTS[6].title),
        "loss_share": lambda: charts.share_figure(figures.loss_share, CHARTS[7].title),
    }
    labels = {
        "months": [g.label for g in figures.trend if g.rate.n], "segments": [g.label for g in figures.segments],
        "competitors": [g.label for g in figures.competitors], "teams": [g.label for g in figures.teams],
        "loss_reasons": [b.label for b in figures.loss_reasons], "win_reasons": [b.label for b in figures.win_reasons],
        "no_decision_reasons": [b.label for b in figures.no_decision_reasons],
        "loss_share": [g.label for g in figures.loss_share],
    }
    with _drawing:
        drawn = {chart.key: made[chart.key]() for chart in CHARTS}
        _mark_partial(drawn["months"], labels["months"], figures)
        return tuple(_image(chart.key, drawn[chart.key], labels[chart.key], dpi) for chart in CHARTS)


def _mark_partial(figure: Any, months: list[str], figures: Dashboard) -> None:
    """Each month the period covers only in part is named on the trend's axis with "(partial)" under it (also where
    the axis names only every other month)."""
    if not months or not figures.partial_months:
        return
    axes = figure.axes[0]
    ticks = axes.get_xticklabels()

    def text(tick: Any, month: str) -> str:
        if month not in figures.partial_months:
            return str(tick.get_text())
        first = figures.partial_months[month].first
        return (tick.get_text() or f"{first:%b}\n{first.year}") + "\n(partial)"

    axes.set_xticks(axes.get_xticks(), [text(tick, month) for tick, month in zip(ticks, months)],
                    fontsize=ticks[0].get_fontsize(), family=ticks[0].get_fontfamily())


def _image(key: str, figure: Any, labels: list[str], dpi: float) -> ChartImage:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    width, height = (int(v) for v in canvas.get_width_height())
    hits = _hits(figure, labels, key, height) if labels else ()
    return ChartImage(key, bytes(canvas.buffer_rgba()), width, height, hits)


def _hits(figure: Any, labels: list[str], key: str, height: int) -> tuple[Hit, ...]:
    """Where each label's bar is, from the drawn figure (display pixels, flipped to a top-left origin)."""
    axes = figure.axes[0]
    frame = axes.get_window_extent()

    def box(x0: float, y0: float, x1: float, y1: float) -> Box:
        return (x0, height - y1, x1 - x0, y1 - y0)

    if key == "months":  # a line: each month owns the column half-way to its neighbours
        xs = [axes.transData.transform((i, 0))[0] for i in range(len(labels))]
        ys = [axes.transData.transform(point)[1] for point in axes.lines[0].get_xydata()]
        edges = [frame.x0] + [(a + b) / 2 for a, b in pairwise(xs)] + [frame.x1]
        return tuple(Hit(label, box(x - 5, y - 5, x + 5, y + 5), box(edges[i], frame.y0, edges[i + 1], frame.y1))
                     for i, (label, x, y) in enumerate(zip(labels, xs, ys)))
    hits = []
    for label, patch in zip(labels, axes.containers[0].patches):
        bar = patch.get_window_extent()
        if key in ("loss_reasons", "win_reasons", "no_decision_reasons"):  # vertical bars: the whole column
            region = box(bar.x0, frame.y0, bar.x1, frame.y1)
        else:  # horizontal bars: the whole row, label and figure text included
            region = box(frame.x0, bar.y0, frame.x1, bar.y1)
        hits.append(Hit(label, box(bar.x0, bar.y0, bar.x1, bar.y1), region))
    return tuple(hits)
