"""The owner's dashboard and monthly review, only through the window, on the demo program: filter the figures,
open the deals behind a bar, copy the weekly summary, read amounts that say their currency and rates (and
convert once rates are set in Preferences), then run October's review — a pattern, an action with an owner
picked from the names offered, a metric and a due date — and make its report (once cancelled on the way)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import Outcome, ReportKind, Team
from interviewer.models import Account, Action, Deal, Report, ReviewMeeting
from winloss.demo.build import build_demo
from person import click, labels_text, save_as, when_modal
from steps_review import (
    actions_listed,
    add_action,
    close_deals_behind,
    copy_weekly_summary,
    deals_behind,
    filter_dashboard,
    open_dashboard,
    open_review,
    pick_month,
    set_rates,
    step_month,
    tile_text,
    write_pattern,
)
from ui.format import format_date
from window_steps import open_window

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
TODAY = NOW.date()
YEAR_START = date(2025, 11, 21)
"""The first day of "Last 12 months", the dashboard's default period."""
ACTION = "Send the phased rollout plan with every Mid-Market proposal"
PATTERN = "Rollout risk, not price, loses Mid-Market"


@pytest.fixture
def demo(sqlite_database: Database) -> Database:
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    return sqlite_database


def closed(database: Database, start: date, end: date, *, segment: str | None = None,
           competitor: str | None = None, outcome: Outcome | None = None) -> list[tuple[str, Decimal | None, str]]:
    """(account, amount, currency) of the deals closed from ``start`` to ``end``."""
    query = (select(Account.name, Deal.amount, Deal.currency).join(Account, Account.id == Deal.account_id)
             .where(Deal.outcome.in_([Outcome.WON, Outcome.LOST, Outcome.NO_DECISION]),
                    Deal.close_date >= start, Deal.close_date <= end))  # fmt: skip
    if segment is not None:
        query = query.where(Account.segment == segment)
    if competitor is not None:
        query = query.where(Deal.competitor == competitor)
    if outcome is not None:
        query = query.where(Deal.outcome == outcome)
    with database.sessions() as session:
        return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def test_the_owner_reads_the_dashboard_and_runs_octobers_review(qtbot, tmp_path: Path, demo: Database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, demo, NOW)
    window.resize(1280, 800)

    status = open_dashboard(qtbot, window)
    assert f"{len(closed(demo, YEAR_START, TODAY)):,} closed deals" in status
    status = filter_dashboard(qtbot, window, "Segment", "Mid-Market")
    mid_market = closed(demo, YEAR_START, TODAY, segment="Mid-Market")
    assert f"Mid-Market · {len(mid_market):,} closed deals" in status

    heading, accounts = deals_behind(qtbot, window, "Win rate by competitor", "Brightfold")
    behind = closed(demo, YEAR_START, TODAY, segment="Mid-Market", competitor="Brightfold")
    assert f"Brightfold — {len(behind)} deals" in heading
    assert sorted(accounts) == sorted(name for name, _amount, _currency in behind)
    close_deals_behind(qtbot, window)

    copied, shown = copy_weekly_summary(qtbot, window)
    assert copied == shown.strip() and len(copied.splitlines()) == 3
    week = closed(demo, TODAY - timedelta(days=7), TODAY - timedelta(days=1))
    assert copied.startswith("• Week of 13 Nov – 19 Nov 2026: " f"{len(week)} deals closed")

    won = defaultdict(Decimal)
    for _name, amount, currency in closed(demo, YEAR_START, TODAY, segment="Mid-Market", outcome=Outcome.WON):
        if amount is not None:
            won[currency] += amount
    assert set(won) == {"USD", "EUR", "GBP"}
    tile = tile_text(window, "Won amount")
    assert f"${won['USD']:,.0f}" in tile and f"€{won['EUR']:,.0f} · no rate" in tile  # per currency, not added
    assert "in USD; no rate for EUR, GBP to USD (shown apart)" in tile

    set_rates(qtbot, window, {"EUR": "1.08", "GBP": "1.27"})
    total = (won["USD"] + won["EUR"] * Decimal("1.08") + won["GBP"] * Decimal("1.27")).quantize(Decimal("0.01"))
    qtbot.waitUntil(lambda: "no rate" not in tile_text(window, "Won amount"), timeout=30_000)
    tile = tile_text(window, "Won amount")
    assert f"${total.quantize(Decimal(1)):,}" in tile and "in USD at 1 EUR = 1.08 USD, 1 GBP = 1.27 USD" in tile

    assert open_review(qtbot, window) == "October 2026"  # a review looks back on last month
    pick_month(qtbot, window, "September 2026")
    assert step_month(qtbot, window, "Previous") == "August 2026"
    assert step_month(qtbot, window, "Next") == "September 2026"
    assert step_month(qtbot, window, "Next") == "October 2026"
    write_pattern(qtbot, window, "Loss pattern", PATTERN)
    with demo.sessions() as session:
        meeting = session.scalars(select(ReviewMeeting).where(ReviewMeeting.month == date(2026, 10, 1))).one()
        assert meeting.loss_pattern == PATTERN
        review_id = meeting.id

    baseline = add_action(qtbot, window, ACTION, ("gwen", "Gwendolyn Oyelaran"), segment="Mid-Market",
                          due_on=date(2027, 1, 15))
    with demo.sessions() as session:
        action = session.scalars(select(Action).where(Action.text == ACTION)).one()
        session.expunge(action)
    assert (action.review_id, action.owner, action.team, action.due_on) == (
        review_id, "Gwendolyn Oyelaran", Team.CS, date(2027, 1, 15))  # the recipient's name brought the team
    assert action.metric["label"] == "Win rate in Mid-Market" and action.baseline_n and action.baseline_value is not None
    assert f"{action.baseline_value:.0%} (n={action.baseline_n})" in baseline  # as the dialog measured it
    row = actions_listed(window)[ACTION]
    assert row[1:5] == ("Gwendolyn Oyelaran", "Customer success", format_date(date(2027, 1, 15)), "Open")
    assert row[5] == "Win rate in Mid-Market" and row[6].startswith(f"Baseline {action.baseline_value:.0%} (n=")
    assert f"Added “{ACTION}” for Gwendolyn Oyelaran." in labels_text(window)

    click(qtbot, "Make review report", window)
    click(qtbot, "Cancel", window)  # the progress row's, while the report is being made
    qtbot.waitUntil(lambda: "was cancelled; nothing was stored" in labels_text(window), timeout=60_000)
    with demo.sessions() as session:
        assert session.scalars(select(Report.id).where(Report.kind == ReportKind.MONTHLY_REVIEW)).first() is None
    click(qtbot, "Make review report", window)
    qtbot.waitUntil(lambda: "Made report" in labels_text(window), timeout=60_000)
    with demo.sessions() as session:
        assert session.scalars(select(Report.kind).order_by(Report.id.desc())).first() is ReportKind.MONTHLY_REVIEW
    saved = tmp_path / "october-review.docx"
    answered = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, saved), title="Save report as")
    click(qtbot, "Save report as", window)
    qtbot.waitUntil(lambda: saved.exists(), timeout=10_000)
    answered.check()
    assert saved.stat().st_size > 0 and f"as {saved}" in labels_text(window)
    window.tasks.wait()
