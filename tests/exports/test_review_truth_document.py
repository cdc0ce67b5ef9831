"""The review document says only what its figures say: every number in it comes from the ``Review`` it was made
from, typed text is shown as its writer's, buyers' reasons lead, no-decision has its own reasons and chart, and
the win-rate rule and the adequacy assumption are stated."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime

import docx
import pytest

from builders import DealSpec, HeldSpec, add_deals, add_held
from exports.reports.review_document import WIN_RATE_RULE, review_bytes
from interviewer.analytics.actions import DEFAULT_DAYS, ActionLine
from interviewer.analytics.adequacy import ADEQUACY_SHARES, ASSUMPTION
from interviewer.analytics.figures import EARLY_SIGNAL_N, POSITIONING_SHARE, STOP_TARGETING_RATE, ParetoBar, Rate
from interviewer.analytics.proportions import MIN_PER_SIDE, SIGNIFICANCE
from interviewer.analytics.review_workspace import open_workspace, save_workspace
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Outcome, RepReason
from interviewer.reporting.periods import month
from interviewer.reporting.review import SEGMENT_WINDOW_DAYS, Review, monthly_review
from winloss.demo.build import build_demo

NOVEMBER = month("2026-11")
TODAY = date(2026, 11, 20)
WORDING = {EARLY_SIGNAL_N, SEGMENT_WINDOW_DAYS, DEFAULT_DAYS, round(STOP_TARGETING_RATE * 100),
           round(POSITIONING_SHARE * 100), *(round(share * 100) for share in ADEQUACY_SHARES), 1, 2, 3, 10, 30,
           MIN_PER_SIDE, f"{SIGNIFICANCE:.2f}".split(".")[1]}
"""Numbers of the document's fixed wording: the rules' thresholds (the test's 0.05 is read as "05"), the agenda
(1 · 2 · 3, 10 of 30 minutes)."""
NUMBER = re.compile(r"\d+(?:,\d{3})*")


@pytest.fixture(scope="module")
def demo_review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    from interviewer.db import open_database

    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('truth') / 'demo.sqlite'}")
    build_demo(database, deals=900, today=TODAY)
    with database.sessions() as session:
        review = monthly_review(session, NOVEMBER.start, NOVEMBER.end, NOVEMBER.label, today=TODAY)
    database.close()
    return review


def figures_of(value: object) -> set[str]:
    """Every number a review holds, as the document may write it: counts (and each reason chart's total), shares
    in whole percent, days and years of its dates, and the digits of the text it keeps (labels, quotes, notes,
    action lines). Sentences are properties, not fields: their numbers must come from the fields."""
    found: set[str] = set()
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, int):
        found.add(str(value))
    elif isinstance(value, float):
        found.add(f"{value:.0%}".rstrip("%"))
    elif isinstance(value, date):
        found |= {str(value.day), str(value.year)}
    elif isinstance(value, str):
        found |= {number.replace(",", "") for number in NUMBER.findall(value)}
    elif isinstance(value, Rate):
        found |= figures_of(value.part) | figures_of(value.n) | figures_of(value.value)
    elif isinstance(value, ActionLine):  # its change is a figure of the action: points and the test's p-value
        found |= figures_of(dataclasses.astuple(value))
        if value.change:
            found |= {str(abs(round(value.change.points)))} | figures_of(value.change.test_text())
    elif isinstance(value, Mapping):
        for item in value.values():
            found |= figures_of(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            found |= figures_of(item)
        if value and all(isinstance(item, ParetoBar) for item in value):
            found.add(str(sum(bar.count for bar in value)))  # the deals giving a reason: the chart's total
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            found |= figures_of(getattr(value, field.name))
    return found


def document_numbers(data: bytes) -> set[str]:
    """Every number written in the document's paragraphs and table cells (grouping commas dropped)."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return {number.replace(",", "") for text in texts for number in NUMBER.findall(text)}


def unexplained(review: Review, data: bytes) -> set[str]:
    """The numbers the document writes that neither the review's figures nor the fixed wording hold."""
    return document_numbers(data) - figures_of(review) - {str(number) for number in WORDING}


def test_every_number_in_the_review_comes_from_its_figures(demo_review: Review) -> None:
    assert len(document_numbers(review_bytes(demo_review))) > 40  # the check has numbers to look at
    assert unexplained(demo_review, review_bytes(demo_review)) == set()


def test_the_number_check_fails_on_a_figure_the_review_does_not_hold(demo_review: Review) -> None:
    """A document made from altered figures, checked against the true ones, is caught."""
    lost = demo_review.pattern(Outcome.LOST)
    altered = dataclasses.replace(demo_review, interviews=demo_review.interviews + 4321, patterns=tuple(
        dataclasses.replace(p, count=p.count + 7654, interviews=p.interviews + 7654) if p is lost else p
        for p in demo_review.patterns))  # fmt: skip
    caught = unexplained(demo_review, review_bytes(altered))
    assert {str(demo_review.interviews + 4321), str(lost.interviews + 7654)} <= caught


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts).replace("\xa0", " ")


def test_typed_text_is_its_writers_and_the_computed_text_stays(database: Database) -> None:
    deals = add_deals(database, [DealSpec("Alder", Outcome.LOST, closed=date(2026, 11, 4),
                                          reason=RepReason.PRICE_ADVANTAGE),
                                 DealSpec("Birch", Outcome.LOST, closed=date(2026, 11, 12)),
                                 DealSpec("Cedar", Outcome.NO_DECISION, closed=date(2026, 11, 20),
                                          reason=RepReason.NO_DECISION_TIMING),
                                 DealSpec("Dogwood", Outcome.NO_DECISION, closed=date(2026, 11, 21))])
    add_held(database, deals, [
        HeldSpec(0, datetime(2026, 11, 18, tzinfo=UTC), RepReason.PRODUCT_FIT, themes=("Rollout risk", "Price"),
                 quotes=("A slide is not a plan.",)),
        HeldSpec(1, datetime(2026, 11, 25, tzinfo=UTC), themes=("Price", "Rollout risk"))])  # fmt: skip
    clock = FixedClock(datetime(2026, 12, 2, 10, tzinfo=UTC))
    with database.sessions() as session, session.begin():
        workspace = open_workspace(session, NOVEMBER, clock=clock, actor="Maren Oduya")
        save_workspace(session, workspace.review_id, win_pattern="", loss_pattern="Rollout risk, not price",
                       notes="", clock=clock, actor="Tobias Kerrane")
    with database.sessions() as session:
        review = monthly_review(session, NOVEMBER.start, NOVEMBER.end, NOVEMBER.label, today=clock.today())
    data = review_bytes(review)
    text = _text(data)
    assert ("Why buyers went elsewhere (computed): Two themes tie, each raised in 2 of 2 lost interviews wrapped "
            "up in November 2026: Price; Rollout risk.") in text
    assert "Noted by Tobias Kerrane in the review meeting on 2 December 2026: Rollout risk, not price" in text
    assert "Why buyers chose us (computed): No interview of a won deal was wrapped up in November 2026." in text
    assert "No notes yet" in text
    # buyers first, then reps: 2 interviews about the 2 lost deals; one buyer gave no primary reason
    assert ("What buyers said, in 2 wrapped-up interviews about the 2 lost deals closed in November 2026: their "
            "primary reason most given was Product fit (1 of 1).") in text
    assert "“A slide is not a plan.”" in text
    assert "Left out: 1 interview with no primary reason from the buyer; 1 lost deal with no rep reason recorded." \
        in text
    assert "Left out: 1 no-decision deal with no rep reason recorded." in text
    assert "the buyer's differs from the rep's in 1: 100%." in text
    assert WIN_RATE_RULE in text and ASSUMPTION in text
    assert "With 2 lost interviews" in text and "No interview of a no-decision deal was wrapped up" in text
    document = docx.Document(io.BytesIO(data))
    headers = [[cell.text.replace("\xa0", " ") for cell in table.rows[0].cells] for table in document.tables]
    assert headers.count(["Reason", "Buyers: primary", "Buyers: also named", "Reps at close"]) == 2  # lost, no dec.
    assert len(document.inline_shapes) == 3  # segments, and the reps' Pareto charts of lost and no-decision deals
    assert unexplained(review, data) == set()
