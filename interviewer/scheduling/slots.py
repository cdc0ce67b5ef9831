"""Free slots inside an interviewer's weekly hours, and scheduling, rescheduling and cancelling.

All instants are aware UTC; availability is wall time in the interviewer's own
zone, so a "09:00-12:00" Berlin window moves in UTC when Berlin changes its
clocks, whatever the buyer's zone does.
"""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import Clock
from interviewer.enums import GuideItemState
from interviewer.enums import InterviewStatus as S
from interviewer.models import Contact, Guide, GuideItem, Interview, Interviewer
from interviewer.scheduling.availability import (
    AvailabilityError, Window, parse, windows_on, within, zone, zone_label, zone_problem,
)  # fmt: skip
from interviewer.scheduling.pipeline import PipelineError, refusal, transition
from interviewer.scheduling.rows import InterviewRow, interview_row

PROGRAM_WINDOW_MINUTES = (15, 20)
"""The program's interview window: plan 15–20 minutes (a new guide's window too)."""
OFFERED_DAYS, SLOTS_PER_DAY = 5, 3
"""What the schedule dialog offers: a few starts on each of the next working days."""
MIN_MINUTES, MAX_MINUTES = 5, 60  # the interviews table's CHECK
UID_DOMAIN = "@winloss-studio"


class SchedulingError(PipelineError):
    """A time that cannot be booked; ``str()`` is a sentence for the user."""


def busy(session: Session, interviewer_id: int, start: datetime, end: datetime,
         exclude_interview_id: int | None = None) -> list[tuple[datetime, datetime, int]]:
    """The interviewer's scheduled interviews overlapping start..end, as (start, end, id), by start."""
    query = select(Interview).where(
        Interview.interviewer_id == interviewer_id,
        Interview.status == S.SCHEDULED,
        Interview.scheduled_start.is_not(None),
        Interview.scheduled_start < end,
        Interview.scheduled_start > start - timedelta(minutes=MAX_MINUTES),
    )
    if exclude_interview_id is not None:
        query = query.where(Interview.id != exclude_interview_id)
    found = []
    for other in session.scalars(query):
        assert other.scheduled_start is not None
        other_end = other.scheduled_start + timedelta(minutes=other.planned_minutes)
        if other.scheduled_start < end and start < other_end:
            found.append((other.scheduled_start, other_end, other.id))
    return sorted(found)


def free_slots(
    session: Session, interviewer_id: int, *, start_after: datetime, minutes: int, count: int = 5,
    step_minutes: int = 30, horizon_days: int = 21, exclude_interview_id: int | None = None,
) -> list[datetime]:
    """The next ``count`` UTC starts at or after ``start_after`` that fit ``minutes`` inside availability.

    Starts lie on a ``step_minutes`` grid from each window's start (in the
    interviewer's wall time), never overlap their scheduled interviews, and
    fall within ``horizon_days`` of ``start_after``.
    """
    if start_after.tzinfo is None:
        raise ValueError("start_after must be timezone-aware")
    if minutes <= 0 or step_minutes <= 0:
        raise ValueError("minutes and step_minutes must be positive")
    interviewer = session.get(Interviewer, interviewer_id)
    if interviewer is None:
        raise SchedulingError("This interviewer no longer exists.")
    tz = zone(interviewer.time_zone)
    start_after = start_after.astimezone(timezone.utc)
    limit = start_after + timedelta(days=horizon_days)
    taken = busy(session, interviewer_id, start_after, limit + timedelta(minutes=minutes), exclude_interview_id)
    return slot_starts(parse(interviewer.availability), tz, start_after=start_after, minutes=minutes, count=count,
                       step_minutes=step_minutes, horizon_days=horizon_days, taken=[(s, e) for s, e, _ in taken])


def slot_starts(
    parsed: dict[str, list[Window]], tz: ZoneInfo, *, start_after: datetime, minutes: int, count: int,
    step_minutes: int, horizon_days: int, taken: list[tuple[datetime, datetime]],
) -> list[datetime]:
    """``free_slots`` without the database: grid starts in ``parsed`` windows that avoid ``taken``."""
    limit = start_after + timedelta(days=horizon_days)
    length, step = timedelta(minutes=minutes), timedelta(minutes=step_minutes)
    found: list[datetime] = []
    day = start_after.astimezone(tz).date() - timedelta(days=1)
    while len(found) < count and day <= limit.astimezone(tz).date():
        for window_start, window_end in windows_on(parsed, day, tz):
            slot = window_start
            while slot + length <= window_end and len(found) < count:
                end = slot + length
                if start_after <= slot <= limit and not any(s < end and slot < e for s, e in taken):
                    found.append(slot)
                slot += step
        day += timedelta(days=1)
    return found


def default_minutes(session: Session, interview_id: int) -> int:
    """How long to book the call for: the saved guide's planned total (intro, kept questions, wrap-up),
    else the top of its window (a guide without questions yet), else the program's 15–20 minute window."""
    guide = session.scalar(select(Guide).where(Guide.interview_id == interview_id))
    if guide is None:
        planned = PROGRAM_WINDOW_MINUTES[1]
    else:
        items = list(session.scalars(select(GuideItem.planned_seconds).where(
            GuideItem.guide_id == guide.id, GuideItem.state != GuideItemState.DROPPED)))
        planned = (math.ceil((guide.intro_seconds + sum(items) + guide.wrap_seconds) / 60) if items
                   else guide.window_max_minutes)  # fmt: skip
    return max(MIN_MINUTES, min(MAX_MINUTES, planned))


def working_day_slots(
    starts: list[datetime], zones: tuple[ZoneInfo, ...], *, days: int = OFFERED_DAYS, per_day: int = SLOTS_PER_DAY,
) -> list[datetime]:
    """From ``starts`` (by time), at most ``per_day`` on each of the first ``days`` working days.

    A start counts for the day it falls on in the first of ``zones`` (the
    interviewer's); it is left out when it falls on a Saturday or Sunday in any
    of them (the buyer's weekend too), so what is offered spreads over the next
    working days instead of filling the first one.
    """
    taken: dict[date, int] = {}
    offered = []
    for start in starts:
        if any(start.astimezone(tz).weekday() >= 5 for tz in zones):
            continue
        day = start.astimezone(zones[0]).date()
        if day not in taken and len(taken) == days:
            break
        if taken.get(day, 0) < per_day:
            taken[day] = taken.get(day, 0) + 1
            offered.append(start)
    return offered


def offered_slots(
    session: Session, interviewer_id: int, *, start_after: datetime, minutes: int, buyer_time_zone: str | None = None,
    days: int = OFFERED_DAYS, per_day: int = SLOTS_PER_DAY, step_minutes: int = 30, exclude_interview_id: int | None = None,
) -> list[datetime]:
    """Free starts to offer for a call: ``per_day`` on each of the next ``days`` working days (see
    ``working_day_slots``); a buyer zone that is not a zone name is left out of the weekend check."""
    interviewer = session.get(Interviewer, interviewer_id)
    if interviewer is None:
        raise SchedulingError("This interviewer no longer exists.")
    zones = [zone(interviewer.time_zone)]
    if buyer_time_zone and zone_problem(buyer_time_zone) is None:
        zones.append(zone(buyer_time_zone))
    starts = free_slots(session, interviewer_id, start_after=start_after, minutes=minutes, count=days * 7 * 24,
                        step_minutes=step_minutes, exclude_interview_id=exclude_interview_id)  # fmt: skip
    return working_day_slots(starts, tuple(zones), days=days, per_day=per_day)


def schedule(
    session: Session, interview_id: int, *, interviewer_id: int, start: datetime, minutes: int | None = None,
    buyer_time_zone: str | None = None, actor: str, clock: Clock, allow_outside_availability: bool = False,
    note: str | None = None,
) -> InterviewRow:
    """Book (or rebook) an interview: UTC start, both zones, duration; refuses clashes and odd hours.

    From to contact (or no response) the moves to invited and scheduled are both logged; a
    scheduled interview is rescheduled (``ics_sequence`` increases); a no-show
    is rebooked. The first booking gets a stable ``ics_uid``.
    """
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise SchedulingError("This interview no longer exists.")
    if start.tzinfo is None:
        raise SchedulingError("A start time needs its time zone.")
    start = start.astimezone(timezone.utc)
    interviewer = session.get(Interviewer, interviewer_id)
    if interviewer is None:
        raise SchedulingError("This interviewer no longer exists.")
    if not interviewer.active:
        raise SchedulingError(f"{interviewer.name} is no longer active; pick another interviewer.")
    current = interview.status
    if current not in (S.TO_CONTACT, S.NO_RESPONSE):
        reason = refusal(current, S.SCHEDULED)
        if reason is not None:
            raise SchedulingError(reason)
    length = default_minutes(session, interview_id) if minutes is None else int(minutes)
    if not MIN_MINUTES <= length <= MAX_MINUTES:
        raise SchedulingError(f"An interview lasts between {MIN_MINUTES} and {MAX_MINUTES} minutes.")
    try:
        tz = zone(interviewer.time_zone)
        buyer_zone = zone(buyer_time_zone).key if buyer_time_zone else _contact_zone(session, interview)
        parsed = parse(interviewer.availability)
    except AvailabilityError as exc:
        raise SchedulingError(str(exc)) from None
    end = start + timedelta(minutes=length)
    clashes = busy(session, interviewer.id, start, end, exclude_interview_id=interview.id)
    if clashes:
        other_start, other_end, _ = clashes[0]
        local = other_start.astimezone(tz)
        when = "that day" if local.date() == start.astimezone(tz).date() else f"on {local:%a %d %b}"
        raise SchedulingError(
            f"{interviewer.name} already has an interview from {local:%H:%M} to "
            f"{other_end.astimezone(tz):%H:%M} ({zone_label(tz.key)} time) {when}."
        )
    if not allow_outside_availability and not within(parsed, tz, start, length):
        local = start.astimezone(tz)
        raise SchedulingError(
            f"{local:%a %d %b %H:%M}–{end.astimezone(tz):%H:%M} ({zone_label(tz.key)} time) is outside "
            f"{interviewer.name}'s available hours."
        )
    before = {"start": _iso(interview.scheduled_start), "interviewer_id": interview.interviewer_id,
              "minutes": interview.planned_minutes}
    rescheduled = current == S.SCHEDULED
    interview.interviewer_id = interviewer.id
    interview.scheduled_start = start
    interview.planned_minutes = length
    interview.buyer_time_zone = buyer_zone
    interview.interviewer_time_zone = tz.key
    if interview.ics_uid is None:
        interview.ics_uid = f"{uuid.uuid4()}{UID_DOMAIN}"
    elif rescheduled or current == S.NO_SHOW:
        interview.ics_sequence += 1
    booking = {"start": _iso(start), "minutes": length, "interviewer_id": interviewer.id,
               "buyer_time_zone": buyer_zone, "interviewer_time_zone": tz.key}
    if rescheduled:
        session.flush()
        entry = audit.record(session, actor, "interview.rescheduled", "interview", interview.id,
                             **{"from": S.SCHEDULED.value, "to": S.SCHEDULED.value, "note": note},
                             before=before, sequence=interview.ics_sequence, **booking)
        entry.at = clock.now()
    else:
        if current in (S.TO_CONTACT, S.NO_RESPONSE):
            transition(session, interview, S.INVITED, actor=actor, clock=clock, note="Scheduled directly.")
        transition(session, interview, S.SCHEDULED, actor=actor, clock=clock, note=note, **booking)
    session.flush()
    return interview_row(session, interview, clock)


def cancel(session: Session, interview_id: int, *, actor: str, clock: Clock, note: str | None = None) -> InterviewRow:
    """Cancel an interview; the next calendar file is a cancellation (``ics_sequence`` increases)."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise SchedulingError("This interview no longer exists.")
    reason = refusal(interview.status, S.CANCELLED)
    if reason is not None:
        raise SchedulingError(reason)
    transition(session, interview, S.CANCELLED, actor=actor, clock=clock, note=note, sequence=interview.ics_sequence + 1)
    return interview_row(session, interview, clock)


def _contact_zone(session: Session, interview: Interview) -> str:
    """The buyer's zone from their contact record; UTC when it is missing or not a zone name."""
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    try:
        return zone(contact.time_zone).key if contact is not None and contact.time_zone else "UTC"
    except AvailabilityError:
        return "UTC"


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment is not None else None
