"""The monthly review over 1,000 interviews with 5,000 takeaways (goal ≤ 5 s and ≤ 1.5× a bare script).

The database: the demo program (2,400 deals) plus 1,000 interviews wrapped up in
October 2026, each on a closed deal, with 5,000 takeaways over 40 themes and
five actions agreed at the month's review. Measured, after one warm-up of each
side (matplotlib's import and font cache are not counted), both sides alternately, median of 9:

- the document: ``review_bytes`` from the gathered ``Review`` — six charts drawn,
  styled paragraphs, tables, banners, footer fields;
- end to end: ``monthly_review`` (figures from the deals, the patterns from the
  5,000 takeaways, the actions) and then the document.

The floor, in the same run: a bare script with python-docx's plain calls
(``add_heading``, ``add_paragraph``, ``add_table`` + ``cell.text``,
``add_picture``) writing the same headings, paragraphs and table cells as the
report, in the same order, and its five pictures drawn as plain matplotlib bar
charts of the same data, size and resolution. For end to end, the floor also
gathers with ``monthly_review``: a bare script needs the same figures.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import median, report

RUNS = 9
INTERVIEWS = 1_000
TAKEAWAYS = 5_000
MONTH = "2026-10"
TODAY = date(2026, 11, 20)


def build(url: str) -> None:
    """The demo program plus 1,000 wrapped-up interviews and 5,000 takeaways in the month."""
    from sqlalchemy import select

    from interviewer.db import open_database
    from winloss.demo.build import build_demo
    from interviewer.enums import ActionStatus, InterviewStatus, Outcome, Team
    from interviewer.models import Action, Deal, Interview, ReviewMeeting, Takeaway
    from interviewer.reporting.periods import month

    database = open_database(url)
    build_demo(database, today=TODAY)
    period = month(MONTH)
    dice = random.Random(8)
    themes = [f"Theme {number:02d}: {word}" for number, word in enumerate(
        ["onboarding", "pricing clarity", "integrations", "reporting", "support", "security review", "roadmap",
         "proof of delivery", "mobile app", "implementation time"] * 4)]
    with database.sessions() as session, session.begin():
        deals = session.scalars(select(Deal.id).where(Deal.outcome.in_((Outcome.WON, Outcome.LOST,
                                                                        Outcome.NO_DECISION)))).all()
        first = datetime.combine(period.start, datetime.min.time(), tzinfo=UTC)
        interviews = [Interview(deal_id=dice.choice(deals), status=InterviewStatus.COMPLETED,
                                wrapped_up_at=first + timedelta(minutes=dice.randrange(30 * 24 * 60)))
                      for _ in range(INTERVIEWS)]
        session.add_all(interviews)
        session.flush()
        session.add_all(Takeaway(interview_id=interviews[i % INTERVIEWS].id, theme=dice.choice(themes), position=i,
                                 text=f"What the buyer said about {dice.choice(themes).lower()}, in a sentence.")
                        for i in range(TAKEAWAYS))
        meeting = session.scalar(select(ReviewMeeting).where(ReviewMeeting.month == period.start))
        if meeting is None:  # the demo may already hold the month's meeting
            meeting = ReviewMeeting(month=period.start)
            session.add(meeting)
            session.flush()
        session.add_all(Action(review_id=meeting.id, text=f"Action {n}: positioning page against the top rival",
                               owner="Ana Ruiz", team=list(Team)[n % len(Team)], due_on=period.end + timedelta(60),
                               metric={"label": "Win rate vs Quillmark"}, baseline_value=0.2, baseline_n=40,
                               status=ActionStatus.OPEN) for n in range(5))
    database.close()


def content(data: bytes) -> list[tuple[str, object]]:
    """The report's blocks in order: ("heading", (level, text)), ("paragraph", text), ("table", rows), ("picture", w)."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[tuple[str, object]] = []
    for element in document.element.body:
        if element.tag == qn("w:tbl"):
            table = Table(element, document)
            blocks.append(("table", [[cell.text for cell in row.cells] for row in table.rows]))
        elif element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            style = paragraph.style.name
            if element.findall(".//" + qn("w:drawing")):
                blocks.append(("picture", None))
            elif style.startswith("Heading") or style == "Title":
                blocks.append(("heading", (0 if style == "Title" else int(style[-1]), paragraph.text)))
            else:
                blocks.append(("paragraph", paragraph.text))
    return blocks


def bare_chart(labels: list[str], values: list[float]) -> bytes:
    """A plain bar chart of the same size and resolution as the report's charts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(15 / 2.54, 6 / 2.54))
    FigureCanvasAgg(figure)
    figure.add_subplot().barh(labels, values)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200)
    return buffer.getvalue()


def bare(review, blocks: list[tuple[str, object]]) -> bytes:  # type: ignore[no-untyped-def]
    """The floor: the same blocks with python-docx's plain calls, the pictures as plain charts of the same data."""
    import docx
    from docx.shared import Cm

    series = [[(g.label, g.rate.value or 0.0) for g in review.segments],
              [(g.label, g.rate.value or 0.0) for g in review.competitors],
              [(g.label, g.rate.value or 0.0) for g in review.loss_share],
              [(b.label, float(b.count)) for b in review.loss_reasons],
              [(b.label, float(b.count)) for b in review.win_reasons],
              [(b.label, float(b.count)) for b in review.no_decision_reasons]]
    pictures = iter([pairs for pairs in series if pairs])
    document = docx.Document()
    for kind, value in blocks:
        if kind == "heading":
            level, text = value  # type: ignore[misc]
            document.add_heading(text, level)
        elif kind == "paragraph":
            document.add_paragraph(value)  # type: ignore[arg-type]
        elif kind == "table":
            rows = value  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, texts in zip(table.rows, rows):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
        else:
            pairs = next(pictures)
            png = bare_chart([label for label, _ in pairs], [number for _, number in pairs])
            document.add_picture(io.BytesIO(png), width=Cm(15))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paired(value: Callable[[], object], floor: Callable[[], object]) -> tuple[float, float]:
    """Median times of both, run alternately so a busy machine slows both sides alike (one warm-up each)."""
    value(), floor()
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(RUNS):
        for work, times in ((value, timings[0]), (floor, timings[1])):
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
    return median(timings[0]), median(timings[1])


def main() -> bool:
    from exports.reports.review_document import review_bytes
    from interviewer.db import open_database
    from interviewer.reporting.periods import month
    from interviewer.reporting.review import monthly_review

    period = month(MONTH)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'review.sqlite'}"
        build(url)
        database = open_database(url)
        with database.sessions() as session:
            def gather():  # type: ignore[no-untyped-def]
                return monthly_review(session, period.start, period.end, period.label, today=TODAY)

            review = gather()
            blocks = content(review_bytes(review))
            print(f"Monthly review, {INTERVIEWS:,} interviews and {TAKEAWAYS:,} takeaways in {period.label} "
                  f"({review.figures.closed} closed deals, {len(review.actions)} actions, "
                  f"{sum(kind == 'picture' for kind, _ in blocks)} charts, {len(blocks)} blocks):")
            value, floor = paired(lambda: review_bytes(review), lambda: bare(review, blocks))
            met = report("  document from the gathered review", value, floor, goal_ratio=1.5, goal_ms=5000)
            value, floor = paired(lambda: review_bytes(gather()), lambda: bare(gather(), blocks))
            met &= report("  end to end: gather + document", value, floor, goal_ratio=1.5, goal_ms=5000)
        database.close()
    return met


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
