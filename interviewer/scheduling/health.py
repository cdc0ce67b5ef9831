"""Program health: participation, speed from close to interview, and this month against the plan."""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.participation import Participation, participation
from interviewer.clock import Clock
from interviewer.enums import InterviewStatus as S
from interviewer.models import Deal, Interview


@dataclass(frozen=True)
class ProgramHealth:
    """The figures the scheduling view shows above the pipeline."""

    participation: Participation
    median_days_close_to_interview: float | None
    interviews_this_month: int
    planned_this_month: int


def program_health(session: Session, *, clock: Clock, planned_per_month: int = 8,
                   interviewer_ids: Collection[int] | None = None) -> ProgramHealth:
    """Health figures as of ``clock``, over the whole program or, given ``interviewer_ids``, over the
    interviews assigned to those interviewers only (an interviewer's own figures).

    - ``participation``: completed ÷ the buyers who answered (completed, declined,
      no answer after the last reminder), with calls booked ahead, invitations
      awaiting an answer, past calls not yet marked and no-shows listed apart: the
      dashboard's and the review's definition (``analytics.participation``).
    - ``median_days_close_to_interview``: over completed interviews with a
      close date and a start, days from the deal's close to the start (UTC date).
    - ``interviews_this_month``: completed or scheduled interviews starting in
      the clock's calendar month (UTC), held or booked, against ``planned_per_month``.
    """
    query = select(Interview.status, Interview.scheduled_start, Deal.close_date).join(
        Deal, Deal.id == Interview.deal_id)
    if interviewer_ids is not None:
        query = query.where(Interview.interviewer_id.in_(list(interviewer_ids)))
    rows = session.execute(query).all()
    now = clock.now().astimezone(timezone.utc)
    this_month = 0
    days: list[int] = []
    for status, start, close_date in rows:
        if status == S.COMPLETED and start is not None and close_date is not None:
            days.append((start.astimezone(timezone.utc).date() - close_date).days)
        if status in (S.COMPLETED, S.SCHEDULED) and start is not None and _same_month(start, now):
            this_month += 1
    return ProgramHealth(
        participation=participation(
            [(status, start.astimezone(timezone.utc).date() if start else None) for status, start, _ in rows],
            now.date()),
        median_days_close_to_interview=float(statistics.median(days)) if days else None,
        interviews_this_month=this_month,
        planned_this_month=planned_per_month,
    )


def _same_month(moment: datetime, now: datetime) -> bool:
    moment = moment.astimezone(timezone.utc)
    return (moment.year, moment.month) == (now.year, now.month)
