"""Dashboard refresh over 100,000 deals and 5,000 interviews (goal ≤ 300 ms, off the UI thread).

The program: the 100,000-deal demo (benchmarks/common.py), copied and given
5,000 interviews on its closed deals (a fifth of them completed with the
buyer's reason). Measured, median of 9 after one warm-up:

- **refresh**: what F5 or a changed filter costs once the dashboard is open —
  the fingerprint check (has anything changed?) and every figure for the last
  12 months (``dashboard``), with a different segment each time;
- **cold**: opening the dashboard — reading the closed deals into the columnar
  snapshot, then every figure.

Every figure includes the funnel's "Eligible": the approved criteria's deal
rules applied over the snapshot (the benchmark program has an approved set).

The floor, in the same run: the standard library's sqlite3 fetching the same
deal rows (outcome, close date, segment, competitor, team, reason) with no
processing at all, which any dashboard must at least read once.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from common import OUT, large_program, median, report

RUNS = 9
INTERVIEWS = 5_000


def with_interviews(source: Path) -> Path:
    """A copy of the program with 5,000 interviews on its closed deals (built once, kept in benchmarks/out/)."""
    target = OUT / f"{source.stem}-{INTERVIEWS // 1000}k-interviews.sqlite"
    if target.exists():
        return target
    from interviewer.db import open_database

    partial = target.with_suffix(".partial")
    shutil.copyfile(source, partial)
    open_database(f"sqlite:///{partial}").close()  # at this version's schema
    connection = sqlite3.connect(partial)
    dice = random.Random(5)
    deals = [row[0] for row in connection.execute(
        "SELECT id FROM deals WHERE outcome != 'open' ORDER BY id")]
    chosen = dice.sample(deals, INTERVIEWS)
    statuses = ["completed"] * 20 + ["scheduled"] * 10 + ["invited"] * 30 + ["declined"] * 20 + ["to_contact"] * 20
    reasons = ["price_advantage", "product_fit", "lost_to_competitor", "champion_left", "no_decision_timing"]
    with connection:
        connection.executemany(
            "INSERT INTO interviews (deal_id, status, planned_minutes, consent, elapsed_seconds, ics_sequence, "
            "version, secondary_reasons, buyer_reason, created_at, updated_at) "
            "VALUES (?, ?, 20, 0, 0, 0, 1, '[]', ?, '2026-10-01 10:00:00', '2026-10-01 10:00:00')",
            [(deal, status, dice.choice(reasons) if status == "completed" else None)
             for deal, status in ((deal, dice.choice(statuses)) for deal in chosen)],
        )
    connection.close()
    partial.rename(target)
    return target


def floor_ms(path: Path) -> float:
    connection = sqlite3.connect(path)
    query = ("SELECT d.id, d.outcome, d.close_date, a.segment, d.competitor, d.rep_team, d.rep_reason "
             "FROM deals d LEFT JOIN accounts a ON a.id = d.account_id "
             "WHERE d.outcome IN ('won', 'lost', 'no_decision') ORDER BY d.id")
    timings = []
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        connection.execute(query).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    connection.close()
    return median(timings[1:])


def timed(work: Callable[[int], object]) -> float:
    work(0)
    timings = []
    for run in range(1, RUNS + 1):
        started = time.perf_counter()
        work(run)
        timings.append((time.perf_counter() - started) * 1000)
    return median(timings)


def main() -> bool:
    from interviewer.analytics.dashboard import Filters, dashboard
    from interviewer.analytics.snapshot import fingerprint, read_snapshot
    from interviewer.db import open_database

    path = with_interviews(Path(large_program().removeprefix("sqlite:///")))
    database = open_database(f"sqlite:///{path}")
    with database.sessions() as session:
        last = session.connection().exec_driver_sql("SELECT max(close_date) FROM deals").scalar()
        end = date.fromisoformat(str(last)[:10])
        snapshot = read_snapshot(session)
        segments = (None, *snapshot.segment.labels)
        print(f"Dashboard over {len(snapshot):,} closed deals and {INTERVIEWS:,} interviews:")

        def refresh(run: int) -> object:
            stamp = fingerprint(session)
            assert stamp == snapshot.fingerprint
            filters = Filters(end - timedelta(days=364), end, segment=segments[run % len(segments)])
            return dashboard(session, snapshot, filters, today=end)

        def cold(run: int) -> object:
            fresh = read_snapshot(session)
            return dashboard(session, fresh, Filters(end - timedelta(days=364), end), today=end)

        floor = floor_ms(path)
        met = report("  refresh (fingerprint + every figure, new filter)", timed(refresh), floor, goal_ms=300)
        report("  cold (read the snapshot + every figure)", timed(cold), floor)
    database.close()
    return met


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
