"""Interview lists per viewer (an interviewer sees only their own), a week per interviewer and its grid layout."""

from __future__ import annotations

from dataclasses import dataclass
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


DAY_HOURS = (8, 18)
"""The hours a week grid shows at least (local to the interviewer); calls outside them widen it."""


@dataclass(frozen=True)
class WeekBlock:
    """One call placed on a week grid: its day column, its span in minutes after local midnight, and its words."""

    interview_id: int
    day: int
    """0 for Monday … 6 for Sunday."""
    start_minute: int
    end_minute: int
    status: S
    time: str
    """From and to in the zone, e.g. "15:00–15:20"."""
    who: str
    """The company and the buyer, e.g. "Acme Logistics · Jane Doe"."""

    @property
    def label(self) -> str:
        """When and who, e.g. "15:00–15:20 Acme Logistics · Jane Doe"."""
        return f"{self.time} {self.who}"


@dataclass(frozen=True)
class WeekLayout:
    """The calls of one week in an interviewer's zone and the hours the grid must show to hold them."""

    first_hour: int
    last_hour: int
    """Exclusive: the grid ends at ``last_hour``:00."""
    blocks: tuple[WeekBlock, ...]


def week_layout(rows: list[InterviewRow], week_start: date, zone_name: str | None) -> WeekLayout:
    """Place ``rows`` (a ``week``) on a Monday-to-Sunday grid in ``zone_name``; a call crossing midnight is cut there.

    A completed call sits where it really ran (``InterviewRow.when``).
    """
    tz = zone(zone_name or "UTC")
    first, last = DAY_HOURS
    blocks = []
    for row in rows:
        when = row.when
        if when is None:
            continue
        start, end = (moment.astimezone(tz) for moment in when)
        day = (start.date() - week_start).days
        if not 0 <= day < 7:
            continue
        begin = start.hour * 60 + start.minute
        finish = min(24 * 60, begin + max(1, round((end - start).total_seconds() / 60)))
        first, last = min(first, begin // 60), max(last, -(-finish // 60))
        who = " · ".join(part for part in (row.account, row.contact_name) if part) or "Interview"
        blocks.append(WeekBlock(row.id, day, begin, finish, row.status, f"{start:%H:%M}–{end:%H:%M}", who))
    return WeekLayout(first, last, tuple(blocks))
