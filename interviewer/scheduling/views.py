"""Interview lists per viewer (an interviewer sees only their own) and a week per interviewer."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.clock import Clock
from interviewer.enums import InterviewStatus as S
from interviewer.enums import Role
from interviewer.models import Interview, Interviewer
from interviewer.profiles import ProfileRow
from interviewer.scheduling.availability import local_instant, zone
from interviewer.scheduling.rows import FRESHNESS_DAYS, InterviewRow, interview_row

WEEK_STATES = (S.SCHEDULED, S.COMPLETED, S.NO_SHOW)
"""What a week view shows: booked, held and missed calls (not cancelled ones)."""

_FAR = datetime.max.replace(tzinfo=timezone.utc)


def list_interviews(
    session: Session, *, clock: Clock, viewer: ProfileRow | None, freshness_days: int = FRESHNESS_DAYS
) -> list[InterviewRow]:
    """Every interview (booked ones first, by start), or for an interviewer profile only their own."""
    query = select(Interview)
    if viewer is not None and viewer.role == Role.INTERVIEWER:
        mine = select(Interviewer.id).where(Interviewer.profile_id == viewer.id)
        query = query.where(Interview.interviewer_id.in_(mine))
    rows = [interview_row(session, i, clock, freshness_days) for i in session.scalars(query)]
    return sorted(rows, key=lambda r: (r.scheduled_start is None, r.scheduled_start or _FAR, r.id))


def week(session: Session, interviewer_id: int, week_start: date, clock: Clock) -> list[InterviewRow]:
    """An interviewer's booked, held and missed interviews in the week starting on Monday ``week_start``,
    the week being their own local Monday 00:00 to the next Monday 00:00, by start."""
    if week_start.weekday() != 0:
        raise ValueError("week_start must be a Monday")
    interviewer = session.get(Interviewer, interviewer_id)
    if interviewer is None:
        return []
    tz = zone(interviewer.time_zone)
    start = local_instant(week_start, 0, tz)
    end = local_instant(week_start + timedelta(days=7), 0, tz)
    query = select(Interview).where(
        Interview.interviewer_id == interviewer_id, Interview.status.in_(WEEK_STATES),
        Interview.scheduled_start >= start, Interview.scheduled_start < end,
    ).order_by(Interview.scheduled_start, Interview.id)  # fmt: skip
    return [interview_row(session, i, clock) for i in session.scalars(query)]
