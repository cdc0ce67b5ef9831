"""The demo's reports: last month's program review, the product team's digest, an interview report.

Made through the same ``make_report`` as the Reports area on the demo day's
morning, a few minutes apart, so the area opens with reports to read, save and
deliver; the digest went out as .eml drafts to
its team, so the delivery log has lines too (the files are written to a
temporary folder and removed: the report itself stays in the database).
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from exports.delivery import deliver
from exports.reports.make import (
    DigestRequest,
    InterviewRequest,
    ReviewRequest,
    make_report,
)
from interviewer.db import Database
from interviewer.enums import Channel, Team
from interviewer.models import Interview
from interviewer.reporting.periods import month
from interviewer.scheduling.availability import zone
from winloss.demo.workdays import OFFICE_ZONE, DemoClock, dated_sessions


def make_demo_reports(database: Database, today: date, actor: str = "Maren Oduya") -> int:
    """Make the three reports late this morning, a few minutes apart, and deliver the digest as .eml drafts; returns how
    many reports were made."""
    clock = DemoClock(datetime.combine(today, time(11, 20), tzinfo=zone(OFFICE_ZONE)))  # after a review held today
    last = month(f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}")
    with database.sessions() as session:
        latest = session.scalar(select(Interview.id).where(Interview.wrapped_up_at.is_not(None))
                                .order_by(Interview.wrapped_up_at.desc()).limit(1))
    requests = [ReviewRequest(last), DigestRequest(Team.PRODUCT, last)]
    if latest is not None:
        requests.append(InterviewRequest(latest))
    made = []
    with dated_sessions(database, clock), tempfile.TemporaryDirectory() as folder:
        for request in requests:
            clock.move_to(clock.now() + timedelta(minutes=4, seconds=13))
            made.append(make_report(database, request, actor=actor, clock=clock, today=today))
        clock.move_to(clock.now() + timedelta(minutes=6, seconds=2))  # the digest is read through, then sent
        deliver(database, made[1].report_id, channel=Channel.EML, settings=None, password=None, out_dir=Path(folder),
                clock=clock)
    return len(made)
