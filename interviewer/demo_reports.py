"""The demo's reports: last month's program review, the product team's digest, an interview report.

Made through the same ``make_report`` as the Reports area, so the area opens
with reports to read, save and deliver; the digest went out as .eml drafts to
its team, so the delivery log has lines too (the files are written to a
temporary folder and removed: the report itself stays in the database).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from exports.delivery import deliver
from exports.reports.make import (
    DigestRequest,
    InterviewRequest,
    ReviewRequest,
    make_report,
)
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Channel, Team
from interviewer.models import Interview
from interviewer.reporting.periods import month


def make_demo_reports(database: Database, today: date, actor: str = "Maren Oduya") -> int:
    """Make the three reports and deliver the digest as .eml drafts; returns how many reports were made."""
    clock = FixedClock(datetime.combine(today, time(8, 15), tzinfo=UTC))
    last = month(f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}")
    with database.sessions() as session:
        latest = session.scalar(select(Interview.id).where(Interview.wrapped_up_at.is_not(None))
                                .order_by(Interview.wrapped_up_at.desc()).limit(1))
    requests = [ReviewRequest(last), DigestRequest(Team.PRODUCT, last)]
    if latest is not None:
        requests.append(InterviewRequest(latest))
    made = [make_report(database, request, actor=actor, clock=clock, today=today) for request in requests]
    with tempfile.TemporaryDirectory() as folder:
        deliver(database, made[1].report_id, channel=Channel.EML, settings=None, password=None, out_dir=Path(folder),
                clock=clock)
    return len(made)
