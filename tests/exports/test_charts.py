"""The chart module: valid PNGs of the right size, no pyplot, and a "no data" chart instead of a crash."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image

from exports import charts
from interviewer.analytics.figures import Group, ParetoBar, Rate

SEGMENTS = (Group("Mid-Market", Rate(23, 82)), Group("SMB", Rate(31, 80)),
            Group("Public Sector", Rate(2, 20), flagged=True), Group("New segment", Rate(3, 7)))
SHARES = (Group("Quillmark", Rate(14, 38), flagged=True), Group("Brightfold", Rate(4, 38)))
BARS = (ParetoBar("Lost to competitor", 13, 0.5), ParetoBar("Product fit", 10, 0.88), ParetoBar("Other", 3, 1.0))
MONTHS = (Group("2026-09", Rate(10, 30)), Group("2026-10", Rate(4, 12)), Group("2026-11", Rate(9, 25)))


def _image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("draw", [
    lambda: charts.pareto_chart(BARS, "Loss reasons"),
    lambda: charts.win_rate_bars(SEGMENTS, "Win rate by segment"),
    lambda: charts.share_bars(SHARES, "Share of losses"),
    lambda: charts.trend_line(MONTHS, "Win rate by month"),
])
def test_charts_are_pngs_15_cm_wide_at_200_dpi(draw) -> None:  # type: ignore[no-untyped-def]
    image = _image(draw())
    assert abs(image.width - round(15 / 2.54 * 200)) <= 2
    assert 200 < image.height < 2000


@pytest.mark.parametrize("draw", [charts.pareto_chart, charts.win_rate_bars, charts.share_bars, charts.trend_line])
def test_empty_input_draws_a_no_data_chart(draw) -> None:  # type: ignore[no-untyped-def]
    image = _image(draw([], "Nothing yet"))
    assert image.width > 1000
    figure = {charts.pareto_chart: charts.pareto_figure, charts.win_rate_bars: charts.win_rate_figure,
              charts.share_bars: charts.share_figure, charts.trend_line: charts.trend_figure}[draw]([], "x")
    assert charts.NO_DATA in [text.get_text() for text in figure.axes[0].texts]


def test_flags_and_early_signals_are_written_not_only_coloured() -> None:
    figure = charts.win_rate_figure(SEGMENTS, "Segments")
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert labels == ["28% (n=82)", "39% (n=80)", "10% (n=20) · candidate to stop targeting", "43% (n=7)"]
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert charts.EARLY_LEGEND in legend
    plain = charts.win_rate_figure(SEGMENTS, "Segments", highlight_flagged=False)
    assert "candidate" not in " ".join(text.get_text() for text in plain.axes[0].texts)
    shares = charts.share_figure(SHARES, "Shares")
    assert shares.axes[0].texts[0].get_text() == "37% (14 of 38 losses) · needs positioning work"
    assert "30% of losses: needs positioning work" in [t.get_text() for t in shares.legends[0].get_texts()]


def test_hostile_labels_still_draw() -> None:
    groups = [Group("\x00" + "وكيل " * 30 + "👍", Rate(1, 2)), Group("$x^2$ {bad}", Rate(0, 0))]
    _image(charts.win_rate_bars(groups, "Odd labels $"))
    ticks = [t.get_text() for t in charts.win_rate_figure(groups, "x").axes[0].get_yticklabels()]
    assert ticks[1] == r"\$x^2\$ {bad}" and "\x00" not in ticks[0]


def test_importing_charts_loads_neither_matplotlib_nor_pyplot() -> None:
    code = ("import sys, exports.charts as c; assert 'matplotlib' not in sys.modules; "
            "c.share_bars([], 'x'); assert 'matplotlib.pyplot' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(charts.__file__).rsplit("/exports/", 1)[0])


def _texts_overlapping(figure) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Pairs of texts drawn inside the plot (values, counts, shares) whose boxes overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    (axes,) = figure.axes
    drawn = [(text.get_text(), text.get_window_extent(renderer)) for text in axes.texts]
    return [(a, b) for i, (a, box) in enumerate(drawn) for b, other in drawn[i + 1:] if box.overlaps(other)]


def _bars(*counts: int) -> list[ParetoBar]:
    total, running, bars = sum(counts), 0, []
    for number, count in enumerate(counts):
        running += count
        bars.append(ParetoBar(f"Reason {number}", count, running / total))
    return bars


@pytest.mark.parametrize("counts", [(41, 28, 13, 10, 3), (26, 25, 17, 6), (5, 5, 5, 5, 5, 5, 4, 4, 1, 1), (1,),
                                    (90, 2, 2, 2, 2, 1, 1)])
def test_pareto_labels_cover_neither_each_other_nor_the_line(counts: tuple[int, ...]) -> None:
    """The review's November 2026 loss reasons (41, 28, …) once had the cumulative line over the "28"."""
    figure = charts.pareto_figure(_bars(*counts), "Why we lost")
    assert _texts_overlapping(figure) == []
    axes = figure.axes[0]
    (line,) = axes.lines
    samples = charts._samples(line)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    for text in axes.texts:
        if "%" not in text.get_text():  # a bar's count: no line or marker crosses it
            box = text.get_window_extent(renderer)
            assert not any(box.contains(x, y) for x, y in samples), text.get_text()
    shown = {text.get_text() for text in axes.texts}
    assert "100%" in shown and str(counts[0]) in shown  # the total and the largest reason are always labelled


def test_trend_labels_never_overlap_even_over_two_years() -> None:
    months = [Group(f"{2025 + m // 12}-{m % 12 + 1:02d}", Rate(10 + m % 3, 30 + m % 5)) for m in range(24)]
    figure = charts.trend_figure(months, "Win rate by month")
    assert _texts_overlapping(figure) == []
    assert len(figure.axes[0].texts) >= 8  # labels left out only where they would collide
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    ticks = [label.get_window_extent(renderer) for label in figure.axes[0].get_xticklabels() if label.get_text()]
    assert 6 <= len(ticks) <= charts.MONTH_TICKS
    assert not any(box.overlaps(other) for i, box in enumerate(ticks) for other in ticks[i + 1:])
