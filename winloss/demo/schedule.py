"""The demo's outreach, as a program owner would have left it a couple of weeks in.

Of the interviews the demo's criteria review accepted (all still to contact),
one was invited, booked and held last week, three were invited and then
booked in the coming days once the buyers picked a time, and one invitation
still waits for an answer. The independent interviewer (the one with the
demo's interviewer profile) takes most calls, so that profile has something
to see. Every move goes through the pipeline's ``move`` and the slots'
``free_slots`` and ``schedule``, on the owner's working days (``DemoClock``),
so each booking has its calendar UID and the same ``today`` gives the same
bookings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.db import Database
from interviewer.enums import InterviewerKind, Role
from interviewer.enums import InterviewStatus as S
from interviewer.models import Contact, Interview, Interviewer, Profile
from interviewer.scheduling.invitations import ensure_default_templates
from interviewer.scheduling.pipeline import move
from interviewer.scheduling.slots import default_minutes, free_slots, schedule
from winloss.demo.workdays import OFFICE_ZONE, DemoClock, at_work, buyer_friendly, workdays_before

BOOKED = 3
"""How many accepted interviews the demo books in the coming days."""
HELD_INVITED, HELD_BOOKED = 8, 7
"""Working days before today on which the held call's invitation went out and its booking was made."""
INVITED = "Invitation sent by email."


@dataclass(frozen=True)
class DemoSchedule:
    """Where the demo's accepted interviews ended up (each counted once, by its final state)."""

    invited: int
    scheduled: int
    completed: int


def schedule_demo_interviews(database: Database, today: date) -> DemoSchedule:
    """Invite, book and hold the demo's accepted interviews; add the default message templates."""
    dice = random.Random(today.toordinal())
    morning = datetime.combine(today, time(8, 0), tzinfo=UTC)
    with database.sessions() as session, session.begin():
        waiting = list(session.scalars(select(Interview.id).where(Interview.status == S.TO_CONTACT).order_by(Interview.id)))
        external, internal = _interviewers(session)
        if not waiting or external is None:
            return DemoSchedule(0, 0, 0)
        clock = DemoClock(at_work(workdays_before(today, HELD_INVITED + 1), OFFICE_ZONE, dice), session)
        ensure_default_templates(session)
        actor = owner_name(session)
        crew = [external, *internal] if internal else [external]
        # the external interviewer takes the booked calls in turn with our own people
        plan = [crew[i % len(crew)] if i % 2 else external for i in range(len(waiting))]
        booked = completed = invited = 0
        if len(waiting) > BOOKED:
            completed = _hold(session, clock, waiting[BOOKED], crew[-1], today, actor, dice)
        for number, (interview_id, interviewer_id) in enumerate(zip(waiting[:BOOKED], plan, strict=False)):
            move(session, interview_id, S.INVITED, actor=actor, note=INVITED,
                 clock=clock.move_to(at_work(workdays_before(today, 2 * BOOKED - number), OFFICE_ZONE, dice)))
            minutes = default_minutes(session, interview_id)
            slots = free_slots(session, interviewer_id, start_after=morning + timedelta(days=1 + number),
                               minutes=minutes, count=40)  # fmt: skip
            if not slots:
                continue
            clock.move_to(at_work(workdays_before(today, BOOKED - number), OFFICE_ZONE, dice))
            schedule(session, interview_id, interviewer_id=interviewer_id, start=_pick(session, interview_id,
                     interviewer_id, slots), minutes=minutes, actor=actor, clock=clock,
                     note="Booked after the buyer picked a proposed time.")  # fmt: skip
            booked += 1
        if len(waiting) > BOOKED + 1:
            move(session, waiting[BOOKED + 1], S.INVITED, actor=actor, note=INVITED,
                 clock=clock.move_to(at_work(workdays_before(today, 1), OFFICE_ZONE, dice)))
            invited = 1
        return DemoSchedule(invited=invited, scheduled=booked, completed=completed)


def _hold(session: Session, clock: DemoClock, interview_id: int, interviewer_id: int, today: date, actor: str,
          dice: random.Random) -> int:
    """Invite, then book a call that took place two or more working days ago: the call that was held."""
    move(session, interview_id, S.INVITED, actor=actor, note=INVITED,
         clock=clock.move_to(at_work(workdays_before(today, HELD_INVITED), OFFICE_ZONE, dice)))
    clock.move_to(at_work(workdays_before(today, HELD_BOOKED), OFFICE_ZONE, dice))
    minutes = default_minutes(session, interview_id)
    before = datetime.combine(workdays_before(today, 2), time(0), tzinfo=UTC)
    slots = [slot for slot in free_slots(session, interviewer_id, start_after=clock.now() + timedelta(days=1),
                                         minutes=minutes, count=40) if slot < before]  # fmt: skip
    if not slots:
        return 0
    schedule(session, interview_id, interviewer_id=interviewer_id, start=_pick(session, interview_id, interviewer_id, slots),
             minutes=minutes, actor=actor, clock=clock, note="Booked by phone.")  # fmt: skip
    return 1  # the call itself is recorded, and completed by its wrap-up, in demo_calls


def _pick(session: Session, interview_id: int, interviewer_id: int, slots: list[datetime]) -> datetime:
    """``buyer_friendly`` between the interview's contact and its interviewer."""
    interview = session.get(Interview, interview_id)
    contact = session.get(Contact, interview.contact_id) if interview and interview.contact_id else None
    interviewer = session.get(Interviewer, interviewer_id)
    assert interviewer is not None
    return buyer_friendly(slots, (contact.time_zone if contact else None) or "UTC", interviewer.time_zone)


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


def owner_name(session: Session) -> str:
    """The program owner's name, the actor of the demo's outreach (``demo`` when there is none)."""
    name = session.scalar(select(Profile.name).where(Profile.role == Role.PROGRAM_OWNER).order_by(Profile.id).limit(1))
    return name or "demo"
