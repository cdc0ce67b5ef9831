"""The demo's outreach, as a program owner would have left it a few days in.

Of the interviews the demo's criteria review accepted (all still to contact),
three are booked in the coming days, one was held last week and one waits for
an answer to its invitation. The independent interviewer (the one with the
demo's interviewer profile) takes most of them, so that profile has something
to see. Slots come from the real ``free_slots`` and ``schedule`` with a clock
fixed at today 08:00 UTC, so the same ``today`` always gives the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import InterviewerKind, Role
from interviewer.enums import InterviewStatus as S
from interviewer.models import Contact, Interview, Interviewer, Profile
from interviewer.scheduling.availability import AvailabilityError, zone
from interviewer.scheduling.invitations import ensure_default_templates
from interviewer.scheduling.pipeline import move
from interviewer.scheduling.slots import default_minutes, free_slots, schedule

BOOKED = 3
"""How many accepted interviews the demo books in the coming days."""


@dataclass(frozen=True)
class DemoSchedule:
    """Where the demo's accepted interviews ended up (each counted once, by its final state)."""

    invited: int
    scheduled: int
    completed: int


def schedule_demo_interviews(database: Database, today: date) -> DemoSchedule:
    """Assign, invite, book and complete the demo's accepted interviews; add the default message templates."""
    clock = FixedClock(datetime.combine(today, time(8, 0), tzinfo=UTC))
    with database.sessions() as session, session.begin():
        ensure_default_templates(session)
        waiting = list(session.scalars(select(Interview.id).where(Interview.status == S.TO_CONTACT).order_by(Interview.id)))
        external, internal = _interviewers(session)
        if not waiting or external is None:
            return DemoSchedule(0, 0, 0)
        actor = _owner(session)
        crew = [external, *internal] if internal else [external]
        # the external interviewer takes the booked calls in turn with our own people, and the invited one
        plan = [crew[i % len(crew)] if i % 2 else external for i in range(len(waiting))]
        booked = completed = invited = 0
        held = waiting[BOOKED] if len(waiting) > BOOKED else None
        asked = waiting[BOOKED + 1] if len(waiting) > BOOKED + 1 else None
        for interview_id, interviewer_id in zip(waiting[:BOOKED], plan, strict=False):
            minutes = default_minutes(session, interview_id)
            start_after = clock.now() + timedelta(days=1 + booked)
            slots = free_slots(session, interviewer_id, start_after=start_after, minutes=minutes, count=40)
            if not slots:
                continue
            start = _buyer_friendly(session, interview_id, slots)
            schedule(session, interview_id, interviewer_id=interviewer_id, start=start, minutes=minutes,
                     actor=actor, clock=clock, note="Booked after the buyer picked a proposed time.")  # fmt: skip
            booked += 1
        if held is not None:
            completed = _hold(session, held, crew[-1], today, actor)
        if asked is not None:
            interview = session.get(Interview, asked)
            assert interview is not None
            interview.interviewer_id = plan[BOOKED + 1]
            session.flush()
            entry = audit.record(session, actor, "interview.assigned", "interview", asked, interviewer_id=plan[BOOKED + 1])
            entry.at = clock.now()
            move(session, asked, S.INVITED, actor=actor, clock=clock, note="Invitation sent by email.")
            invited = 1
        return DemoSchedule(invited=invited, scheduled=booked, completed=completed)


def _hold(session: Session, interview_id: int, interviewer_id: int, today: date, actor: str) -> int:
    """Book a call on a weekday three or more days ago (arranged a week before it): the call that was held."""
    day = today - timedelta(days=3)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    start = datetime.combine(day, time(15, 0), tzinfo=UTC)
    minutes = default_minutes(session, interview_id)
    booking_clock = FixedClock(start - timedelta(days=7))
    schedule(session, interview_id, interviewer_id=interviewer_id, start=start, minutes=minutes, actor=actor,
             clock=booking_clock, allow_outside_availability=True, note="Booked by phone.")  # fmt: skip
    return 1  # the call itself is recorded, and completed by its wrap-up, in demo_calls


def _buyer_friendly(session: Session, interview_id: int, slots: list[datetime]) -> datetime:
    """The first slot inside the buyer's working day (09:00-17:00 their time), else the first slot."""
    interview = session.get(Interview, interview_id)
    contact = session.get(Contact, interview.contact_id) if interview and interview.contact_id else None
    try:
        tz = zone(contact.time_zone if contact is not None else None)
    except AvailabilityError:
        return slots[0]
    for slot in slots:
        local = slot.astimezone(tz)
        if local.weekday() < 5 and 9 <= local.hour < 17:
            return slot
    return slots[0]


def _interviewers(session: Session) -> tuple[int | None, list[int]]:
    """The external interviewer with the interviewer profile (else any active external one) and our own people."""
    rows = list(session.execute(
        select(Interviewer.id, Interviewer.kind, Profile.role)
        .outerjoin(Profile, Interviewer.profile_id == Profile.id)
        .where(Interviewer.active.is_(True)).order_by(Interviewer.id)
    ))  # fmt: skip
    externals = [i for i, kind, _ in rows if kind == InterviewerKind.EXTERNAL]
    profiled = [i for i, kind, role in rows if kind == InterviewerKind.EXTERNAL and role == Role.INTERVIEWER]
    internal = [i for i, kind, _ in rows if kind == InterviewerKind.INTERNAL]
    return (profiled or externals or [None])[0], internal


def _owner(session: Session) -> str:
    name = session.scalar(select(Profile.name).where(Profile.role == Role.PROGRAM_OWNER).order_by(Profile.id).limit(1))
    return name or "demo"
