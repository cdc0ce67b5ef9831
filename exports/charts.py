"""The program's charts, drawn once for the Word reports and the dashboard: Pareto, win rates, loss shares, trend.

Each chart comes two ways: ``*_figure`` returns a matplotlib ``Figure`` (for the
dashboard to embed in a canvas of its own) and the plain name returns PNG bytes
(for a report). Figures are built with the object API on an Agg canvas — no
pyplot and no change to matplotlib's global settings — and matplotlib is imported
only when a chart is drawn, so importing this module costs nothing.

The look: DejaVu Sans, sized to be read at 15 cm wide (200 dpi), colours from
the Okabe–Ito palette (safe for colour-blind readers), and never colour alone:
early signals are hatched and lighter and say so in a legend, flagged bars carry
a word. With nothing to show, a chart says "No data" instead of failing.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from interviewer.analytics.figures import EARLY_SIGNAL_N, POSITIONING_SHARE, Group, ParetoBar

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    Placement = tuple[dict[str, object], Bbox]  # how a label may be drawn (annotate's arguments), the box it keeps in

FONT = "DejaVu Sans"
WIDTH_CM = 15.0
DPI = 200
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
INK = "#222222"
GREY = "#6B6B6B"
GRID = "#E3E3E3"
TITLE_PT, LABEL_PT, SMALL_PT = 10.5, 8.5, 7.5
EARLY_LEGEND = f"fewer than {EARLY_SIGNAL_N} deals: early signal"
NO_DATA = "No data for this period"
LABEL_CHARS = 26
CHAR_CM = 0.2
"""The width of a character of a label at LABEL_PT, a little generous, to size the left margin."""
MONTH_TICKS = 12
"""The most month names the trend's axis holds side by side."""
PLOT_CM = WIDTH_CM - 2.1
"""The width of the Pareto chart's plot, between its margins."""


def png(figure: Figure, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # attaches itself to the figure: no backend switching, no pyplot
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 2})
    return buffer.getvalue()


# -- the charts --------------------------------------------------------------------------------------


def pareto_figure(bars: Sequence[ParetoBar], title: str) -> Figure:
    """Reasons as bars from the most to the least frequent, and their cumulative share as a labelled line."""
    if not bars:
        return _no_data(title)
    figure, axes = _frame(title, 6.2)
    positions = range(len(bars))
    counts = [bar.count for bar in bars]
    drawn = axes.bar(positions, counts, color=BLUE, width=0.62, zorder=2, label="deals giving the reason")
    slot = max(6, min(14, int(PLOT_CM / len(bars) / CHAR_CM)))  # characters a reason's slot holds on a line
    axes.set_xticks(list(positions), [_wrap(bar.label, slot) for bar in bars], fontsize=SMALL_PT, family=FONT)
    axes.set_ylabel("deals", fontsize=LABEL_PT, family=FONT, color=GREY)
    axes.set_ylim(0, max(counts) * 1.15 * 1.12)
    axes.yaxis.get_major_locator().set_params(integer=True)
    top = max(counts) * 1.15
    cumulative = [bar.cumulative for bar in bars]
    # the cumulative share on the same axes, scaled so 100% meets the top, each point labelled: no second axis
    heights = [share * top / 1.05 for share in cumulative]
    (line,) = axes.plot(list(positions), heights, color=ORANGE, marker="o", markersize=4, linewidth=1.6, zorder=3,
                        label="cumulative share")
    _finish(figure, left_cm=1.5, right_cm=0.6, bottom_cm=1.9)
    renderer = _renderer(figure)
    frame = axes.get_window_extent(renderer).expanded(1.0, 1.12)
    above = {"xytext": (0, 2), "va": "bottom", "color": INK, "fontsize": SMALL_PT}
    inside = {"xytext": (0, -2), "va": "top", "color": "white", "fontsize": SMALL_PT}
    # a bar's count above it, or inside its top (in white) where the line would cross it, else left out
    counts_drawn = _place_clear(figure, axes, [
        (str(count), (x, count), [(above, frame), (inside, bar.get_window_extent(renderer))])
        for x, count, bar in zip(positions, counts, drawn)], avoid=_samples(line))
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": ORANGE, "linewidth": 0.6}
    share_look = [({"xytext": (0, 5), "va": "bottom", "bbox": box}, frame),
                  ({"xytext": (0, -6), "va": "top", "bbox": box}, frame)]
    _place_clear(figure, axes, [(f"{share:.0%}", (x, y), share_look) for x, share, y in
                                zip(positions, cumulative, heights)], fixed=counts_drawn)
    _legend(figure, axes.get_legend_handles_labels()[0])
    return figure


def win_rate_figure(groups: Sequence[Group], title: str, *, highlight_flagged: bool = True,
                    flag_word: str = "candidate to stop targeting") -> Figure:
    """Horizontal bars of win rates labelled "42% (n=118)"; early signals hatched, flagged groups named."""
    if not groups:
        return _no_data(title)
    values = [group.rate.value or 0.0 for group in groups]
    labels = [group.rate.text() + (f" · {flag_word}" if highlight_flagged and group.flagged else "")
              for group in groups]
    flagged = [highlight_flagged and group.flagged for group in groups]
    return _horizontal(title, groups, values, labels, flagged)


def share_figure(groups: Sequence[Group], title: str, *, threshold: float = POSITIONING_SHARE,
                 flag_word: str = "needs positioning work") -> Figure:
    """Each competitor's share of losses as horizontal bars, with the threshold line; flagged bars named."""
    if not groups:
        return _no_data(title)
    values = [group.rate.value or 0.0 for group in groups]
    labels = [f"{group.rate.value or 0:.0%} ({group.rate.part} of {group.rate.n} losses)"
              + (f" · {flag_word}" if group.flagged else "") for group in groups]
    return _horizontal(title, groups, values, labels, [group.flagged for group in groups], early=False,
                       line=(threshold, f"{threshold:.0%} of losses: {flag_word}"))


def trend_figure(groups_by_month: Sequence[Group], title: str) -> Figure:
    """Win rate by month as a line, each point labelled with its n; early-signal months drawn hollow."""
    months = [group for group in groups_by_month if group.rate.n]
    if not months:
        return _no_data(title)
    figure, axes = _frame(title, 6.5)
    positions = list(range(len(months)))
    values = [group.rate.value or 0.0 for group in months]
    (line,) = axes.plot(positions, values, color=BLUE, linewidth=1.6, zorder=2)
    solid = [i for i, group in enumerate(months) if not group.rate.early_signal]
    hollow = [i for i, group in enumerate(months) if group.rate.early_signal]
    axes.scatter(solid, [values[i] for i in solid], color=BLUE, s=22, zorder=3, label=f"{EARLY_SIGNAL_N}+ deals")
    if hollow:
        axes.scatter(hollow, [values[i] for i in hollow], facecolor="white", edgecolor=BLUE, s=22, zorder=3,
                     linewidths=1.2, label=EARLY_LEGEND)
    step = -(-len(months) // MONTH_TICKS)  # every month named up to MONTH_TICKS of them, else every step-th
    axes.set_xticks(positions, [_month(group.label) if i % step == 0 else "" for i, group in enumerate(months)],
                    fontsize=SMALL_PT, family=FONT)
    axes.set_ylim(0, min(1.0, max(values) + 0.2) + 0.05)
    axes.yaxis.set_major_formatter(_percent())
    axes.set_ylabel("win rate", fontsize=LABEL_PT, family=FONT, color=GREY)
    _legend(figure, axes.get_legend_handles_labels()[0])
    _finish(figure, left_cm=1.6, bottom_cm=1.9)
    frame = axes.get_window_extent(_renderer(figure)).expanded(1.0, 1.12)
    looks = [({"xytext": (0, 5), "va": "bottom"}, frame), ({"xytext": (0, -6), "va": "top"}, frame)]
    _place_clear(figure, axes, [(f"{value:.0%}\nn={group.rate.n}", (x, value), looks)
                                for x, value, group in zip(positions, values, months)], avoid=_samples(line))
    return figure


def pareto_chart(bars: Sequence[ParetoBar], title: str) -> bytes:
    """:func:`pareto_figure` as PNG bytes."""
    return png(pareto_figure(bars, title))


def win_rate_bars(groups: Sequence[Group], title: str, *, highlight_flagged: bool = True,
                  flag_word: str = "candidate to stop targeting") -> bytes:
    """:func:`win_rate_figure` as PNG bytes."""
    return png(win_rate_figure(groups, title, highlight_flagged=highlight_flagged, flag_word=flag_word))


def share_bars(groups: Sequence[Group], title: str, *, threshold: float = POSITIONING_SHARE) -> bytes:
    """:func:`share_figure` as PNG bytes."""
    return png(share_figure(groups, title, threshold=threshold))


def trend_line(groups_by_month: Sequence[Group], title: str) -> bytes:
    """:func:`trend_figure` as PNG bytes."""
    return png(trend_figure(groups_by_month, title))


# -- shared parts ------------------------------------------------------------------------------------


def _horizontal(title: str, groups: Sequence[Group], values: list[float], labels: list[str], flagged: list[bool],
                *, early: bool = True, line: tuple[float, str] | None = None) -> Figure:
    """Horizontal bars, the largest group on top, each labelled at its end; ``line`` is a labelled threshold."""
    figure, axes = _frame(title, 1.9 + 0.72 * len(groups))
    positions = list(range(len(groups)))[::-1]
    from matplotlib.colors import to_rgba

    thin = [early and group.rate.early_signal for group in groups]
    colours = [to_rgba(VERMILLION if is_flagged else BLUE, 0.45 if is_thin else 1.0)
               for is_flagged, is_thin in zip(flagged, thin)]
    bars = axes.barh(positions, values, height=0.62, zorder=2, color=colours, edgecolor="white", linewidth=0)
    for bar, is_thin in zip(bars, thin):  # one call draws every bar; only the early signals get a hatch
        if is_thin:
            bar.set_hatch("////")
    for y, value, text in zip(positions, values, labels):
        axes.annotate(text, (value, y), xytext=(4, 0), textcoords="offset points", va="center", ha="left",
                      fontsize=SMALL_PT, color=INK, family=FONT, zorder=4,
                      bbox=None if line is None else {"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    axes.set_yticks(positions, [_wrap(group.label, LABEL_CHARS, lines=1) for group in groups],
                    fontsize=LABEL_PT, family=FONT)
    longest = max(len(text) for text in labels)
    axes.set_xlim(0, max(max(values), 0.05) + 0.0125 * longest + 0.04)
    axes.set_xticks([tick / 100 for tick in range(0, 101, 20) if tick / 100 <= axes.get_xlim()[1]])
    axes.xaxis.set_major_formatter(_percent())
    axes.grid(axis="x", color=GRID, linewidth=0.8, zorder=0)
    axes.grid(axis="y", visible=False)
    axes.set_ylim(-0.6, len(groups) - 0.4)
    handles = _legend_handles(groups, flagged, early)
    if line is not None:
        handles.append(axes.axvline(line[0], color=GREY, linestyle=(0, (4, 3)), linewidth=1, zorder=3, label=line[1]))
    _legend(figure, handles)
    left = 0.4 + CHAR_CM * max(len(line) for group in groups for line in _wrap(group.label, LABEL_CHARS, lines=1)
                               .splitlines())
    return _finish(figure, left_cm=left, bottom_cm=1.5 if handles else 0.9)


def _place_clear(figure: Figure, axes: Axes, labels: Sequence[tuple[str, tuple[float, float], Sequence[Placement]]],
                 *, fixed: Sequence[Text] = (), avoid: Sequence[tuple[float, float]] = ()) -> list[Text]:
    """Label points so that no label covers another: each label takes the first of its placements that stays
    within its box, overlaps no text of ``fixed`` nor a label placed before, and covers none of the ``avoid``
    points (a line's, in pixels); with none left it is left out, its point still drawn. Returns the labels drawn.
    Call once the figure's margins are set: placement is measured as the figure is drawn."""
    renderer = _renderer(figure)
    taken = [text.get_window_extent(renderer).expanded(1.02, 1.08) for text in fixed]
    placed: list[Text] = []
    for text, point, placements in labels:
        for look, within in placements:
            label = axes.annotate(text, point, **{"textcoords": "offset points", "ha": "center", "family": FONT,
                                                 "fontsize": SMALL_PT - 0.5, "color": INK, "zorder": 4,
                                                 "linespacing": 1.0, **look})  # type: ignore[arg-type]
            extent = label.get_window_extent(renderer)
            fits = (within.x0 - 0.5 <= extent.x0 and extent.x1 <= within.x1 + 0.5
                    and within.y0 - 0.5 <= extent.y0 and extent.y1 <= within.y1 + 0.5)
            clear = not any(extent.overlaps(other) for other in taken) and not any(
                extent.contains(x, y) for x, y in avoid)
            if fits and clear:
                taken.append(extent)
                placed.append(label)
                break
            label.remove()
    return placed


def _samples(line: Line2D, per_pixel: float = 0.5) -> list[tuple[float, float]]:
    """Points along a drawn line, in pixels, every 2 pixels or so (and its markers' edges)."""
    import numpy as np

    points = line.get_transform().transform(line.get_xydata())
    samples: list[tuple[float, float]] = []
    radius = line.get_markersize() * line.figure.dpi / 72 / 2  # type: ignore[union-attr]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        steps = max(2, int(np.hypot(x1 - x0, y1 - y0) * per_pixel))
        samples += [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in np.linspace(0, 1, steps)]
    for x, y in points:
        samples += [(x, y + radius), (x, y - radius), (x + radius, y), (x - radius, y)]
    return samples


def _renderer(figure: Figure):  # type: ignore[no-untyped-def]
    """The figure's Agg renderer, to measure texts as they will be drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    return canvas.get_renderer()


def _legend_handles(groups: Sequence[Group], flagged: list[bool], early: bool) -> list[object]:
    from matplotlib.patches import Patch

    handles: list[object] = []
    if early and any(group.rate.early_signal for group in groups):
        handles.append(Patch(facecolor=BLUE, alpha=0.45, hatch="////", edgecolor="white", label=EARLY_LEGEND))
    if any(flagged):
        handles.append(Patch(facecolor=VERMILLION, label="flagged (named beside the bar)"))
    return handles


def _legend(figure: Figure, handles: list[object]) -> None:
    """One row of legend below the plot (nothing when there is nothing to explain)."""
    if handles:
        figure.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles), frameon=False,
                      prop={"family": FONT, "size": SMALL_PT})


def _frame(title: str, height_cm: float) -> tuple[Figure, Axes]:
    """A figure 15 cm wide with one axes in the house style."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI, facecolor="white")
    axes = figure.add_subplot()
    figure.suptitle(_wrap(title, 80, lines=1), x=0.01, y=1 - 0.15 / height_cm, ha="left", va="top",
                    fontsize=TITLE_PT, family=FONT, color=INK, fontweight="bold")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color("#BBBBBB")
    axes.tick_params(labelsize=SMALL_PT, colors=GREY, length=0, pad=4)
    axes.tick_params(axis="both", labelcolor=INK)
    axes.grid(axis="y", color=GRID, linewidth=0.8, zorder=0)
    axes.set_axisbelow(True)
    return figure, axes


def _finish(figure: Figure, *, left_cm: float = 0.4, right_cm: float = 0.5, bottom_cm: float = 0.4,
            top_cm: float = 1.0) -> Figure:
    """Fixed margins in centimetres (measured once for these fonts): faster than a layout engine at every draw."""
    width, height = (size * 2.54 for size in figure.get_size_inches())
    figure.subplots_adjust(left=min(left_cm, width / 2) / width, right=1 - right_cm / width,
                           bottom=bottom_cm / height, top=1 - top_cm / height)
    return figure


def _no_data(title: str) -> Figure:
    figure, axes = _frame(title, 3.0)
    axes.set_axis_off()
    axes.text(0.5, 0.45, NO_DATA, ha="center", va="center", fontsize=LABEL_PT, color=GREY, family=FONT,
              transform=axes.transAxes)
    return _finish(figure)


def _percent():  # type: ignore[no-untyped-def]
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=0)


def _wrap(text: str, width: int, *, lines: int = 2) -> str:
    """At most ``lines`` lines of ``width`` characters, an ellipsis when cut; no control characters, and a ``$``
    stays a dollar sign (matplotlib would read text between two of them as a formula)."""
    text = " ".join("".join(ch for ch in str(text) if ch.isprintable() or ch.isspace()).split()) or "—"
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…")).replace("$", r"\$")


def _month(label: str) -> str:
    """``2026-10`` as ``Oct 2026``; anything else unchanged."""
    import calendar

    year, _, number = label.partition("-")
    if year.isdigit() and number.isdigit() and 1 <= int(number) <= 12:
        return f"{calendar.month_abbr[int(number)]}\n{year}"
    return label


__all__ = [
    "EARLY_LEGEND", "NO_DATA", "pareto_chart", "pareto_figure", "png", "share_bars", "share_figure", "trend_figure",
    "trend_line", "win_rate_bars", "win_rate_figure",
]
