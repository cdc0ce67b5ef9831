"""The demo's past: interviews held over the last months, and the reviews that agreed actions on them.

So every report and figure has content on first launch, the demo holds about
a dozen earlier interviews (mostly losses, as programs start with losses, then
wins and no-decisions). Each goes the way a real one does, over a couple of
weeks of working days: the owner invites the buyer after the close, the
interviewer prepares a guide from the bank, the owner books the slot the buyer
picked (``schedule``, so it has a calendar UID), and the call is taken through
the console's functions and wrapped up. Some invited buyers declined and some
never answered the invitation nor its reminder, as in any program. Two monthly reviews follow, opened in
the review workspace, where the team types its notes but no pattern (the
review computes the patterns from the month's interviews, so the demo states
none its data could contradict), with actions whose baselines were measured
when they were agreed (one from the earlier review, already past its 60 days).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.actions import Metric, add_action, follow_up, set_status
from interviewer.analytics.review_workspace import open_workspace, save_workspace
from interviewer.console.calls import load_call
from interviewer.db import Database
from interviewer.enums import ActionStatus, InterviewerKind, InterviewStatus, Outcome, Team
from interviewer.models import (
    Contact,
    Deal,
    DealContact,
    Interview,
    Interviewer,
    Recipient,
    ReviewMeeting,
    TeamRecord,
)
from interviewer.reporting.periods import month
from interviewer.scheduling.availability import zone
from interviewer.scheduling.pipeline import move
from interviewer.scheduling.slots import default_minutes, free_slots, schedule
from question_bank.builder import GuideInfeasible
from question_bank.guide import Window
from question_bank.guides import build_for, save_guide, subject_for_interview
from question_bank.store import ensure_default_bank
from winloss.demo.calls import record_call, story_for
from winloss.demo.schedule import INVITED, owner_name
from winloss.demo.stories import Story
from winloss.demo.workdays import OFFICE_ZONE, DemoClock, at_work, buyer_friendly, workdays_after, workdays_before

PAST_CALLS = {Outcome.LOST: 7, Outcome.WON: 4, Outcome.NO_DECISION: 3}
TURNED_DOWN = {Outcome.LOST: (3, 2), Outcome.WON: (2, 1), Outcome.NO_DECISION: (1, 0)}
"""Past invitations per outcome that were declined, and that had no answer after the reminder (lost buyers say no
most): so participation is completed ÷ those who answered, not everyone who was asked."""
EARLIEST_DAYS, LATEST_DAYS = 130, 25
"""Past interviews are about deals closed between 130 and 25 days before the demo's day."""


def hold_past_interviews(database: Database, today: date, seed: int) -> int:
    """Invite, guide, book, take and wrap up the demo's earlier calls; returns how many were held."""
    dice = random.Random(seed * 31 + 1)
    held = 0
    with database.sessions() as session, session.begin():
        clock = DemoClock(at_work(workdays_before(today - timedelta(days=EARLIEST_DAYS), 1), OFFICE_ZONE, dice), session)
        ensure_default_bank(session, actor="demo")  # the program's first day
        crew = session.execute(select(Interviewer.id, Interviewer.name, Interviewer.time_zone, Interviewer.kind)
                               .where(Interviewer.active.is_(True)).order_by(Interviewer.id)).all()
        if not crew:
            return 0
        owner = owner_name(session)
        for outcome, count in PAST_CALLS.items():
            for deal_id, contact_id, close_date in _deals(session, outcome, today, count):
                person = crew[held % len(crew)] if held % 3 else next(
                    (c for c in crew if c.kind == InterviewerKind.EXTERNAL), crew[0])
                if _hold(session, clock, owner, deal_id, contact_id, close_date, person, dice, story_for(outcome, held)):
                    held += 1
        for outcome, (declined, silent) in TURNED_DOWN.items():
            for number, (deal_id, contact_id, close_date) in enumerate(_deals(session, outcome, today,
                                                                              declined + silent)):
                _turned_down(session, clock, owner, deal_id, contact_id, close_date, dice, declined=number < declined)
    return held


def _deals(session: Session, outcome: Outcome, today: date, count: int) -> list[tuple[int, int, date]]:
    """Deals of ``outcome`` closed in the window, without an interview, with a contact who may be asked."""
    rows = session.execute(
        select(Deal.id, Contact.id, Deal.close_date)
        .join(DealContact, (DealContact.deal_id == Deal.id) & DealContact.is_primary.is_(True))
        .join(Contact, Contact.id == DealContact.contact_id)
        .where(Deal.outcome == outcome, Contact.do_not_contact.is_(False), Contact.email.is_not(None),
               Deal.close_date.between(today - timedelta(days=EARLIEST_DAYS), today - timedelta(days=LATEST_DAYS)),
               ~select(Interview.id).where(Interview.deal_id == Deal.id).exists())
        .order_by(Deal.id)
    ).all()  # fmt: skip
    step = max(1, len(rows) // max(count, 1))
    return [tuple(row) for row in rows[::step][:count]]  # type: ignore[misc]


def _hold(session: Session, clock: DemoClock, owner: str, deal_id: int, contact_id: int, closed: date, person: Any,
          dice: random.Random, story: Story) -> bool:
    """Invite, guide, book, take and wrap up one past call; False when the bank cannot fill a guide or no slot is free."""
    picked = workdays_after(closed, dice.randint(1, 3))
    clock.move_to(at_work(picked, OFFICE_ZONE, dice, end=time(11, 0)))
    interview = Interview(deal_id=deal_id, contact_id=contact_id, status=InterviewStatus.TO_CONTACT)
    session.add(interview)
    session.flush()
    try:
        built = build_for(session, subject_for_interview(session, interview.id), Window())
    except GuideInfeasible:
        session.delete(interview)
        return False
    _invite(session, clock, owner, interview.id, picked, dice)
    save_guide(session, subject_for_interview(session, interview.id), built.lines, Window(), actor=person.name,
               clock=clock.move_to(at_work(workdays_after(picked, 1), person.time_zone, dice)))
    clock.move_to(at_work(workdays_after(picked, dice.randint(2, 4)), OFFICE_ZONE, dice))
    minutes = default_minutes(session, interview.id)
    slots = free_slots(session, person.id, start_after=clock.now() + timedelta(days=2), minutes=minutes, count=40)
    contact = session.get(Contact, contact_id)
    assert contact is not None
    if not slots:
        return False  # nobody found a time: the interview stays invited
    start = buyer_friendly(slots, contact.time_zone or "UTC", person.time_zone)
    schedule(session, interview.id, interviewer_id=person.id, start=start, minutes=minutes, actor=owner, clock=clock,
             note="Booked after the buyer picked a proposed time.")  # fmt: skip
    clock.move_to(start + timedelta(seconds=dice.randint(40, 200)))
    record_call(session, load_call(session, interview.id), clock, person.name, dice, story)
    return True


def _invite(session: Session, clock: DemoClock, owner: str, interview_id: int, day: date, dice: random.Random) -> None:
    """The owner's invitation to a buyer, sent late in the morning of ``day``."""
    move(session, interview_id, InterviewStatus.INVITED, actor=owner, note=INVITED,
         clock=clock.move_to(at_work(day, OFFICE_ZONE, dice, start=time(11, 30))))


def _turned_down(session: Session, clock: DemoClock, owner: str, deal_id: int, contact_id: int, closed: date,
                 dice: random.Random, *, declined: bool) -> None:
    """Invite a buyer after the close, who declines a few days later or never answers the invitation nor its reminder."""
    picked = workdays_after(closed, dice.randint(1, 3))
    interview = Interview(deal_id=deal_id, contact_id=contact_id, status=InterviewStatus.TO_CONTACT)
    session.add(interview)
    session.flush()
    _invite(session, clock, owner, interview.id, picked, dice)
    if declined:
        answered = workdays_after(picked, dice.randint(1, 4))
        move(session, interview.id, InterviewStatus.DECLINED, actor=owner, clock=clock.move_to(
            at_work(answered, OFFICE_ZONE, dice)), note=dice.choice(DECLINES))
    else:
        move(session, interview.id, InterviewStatus.NO_RESPONSE, actor=owner, clock=clock.move_to(
            at_work(workdays_after(picked, 10), OFFICE_ZONE, dice)), note="No answer to the invitation or the reminder.")


DECLINES = ("Replied that they have no time this quarter.", "Declined: company policy on vendor interviews.",
            "Declined; asked not to be contacted about the evaluation.", "Replied that the decision was not theirs.")


def hold_demo_reviews(database: Database, today: date) -> int:
    """Last month's review, with its patterns and actions, and an earlier review's action now due; returns actions."""
    last_month = _month_before(today.replace(day=1))
    # the first review was held so that its actions fell due a few days before last month ended
    first_held = workdays_before(today.replace(day=1) - timedelta(days=5 + 60), 0)
    earlier = _month_before(first_held.replace(day=1))
    with database.sessions() as session, session.begin():
        if session.scalar(select(ReviewMeeting.id).limit(1)) is not None:
            return 0
        owners = {team: name for team, name in session.execute(
            select(TeamRecord.key, Recipient.name).join(Recipient, Recipient.team_id == TeamRecord.id)
            .order_by(Recipient.id))}  # fmt: skip
        actor = owner_name(session)
        clock = DemoClock(datetime.combine(first_held, time(10, 0), tzinfo=zone(OFFICE_ZONE)), session)
        first = _review(session, clock, earlier, "First review of the program.", actor)
        first_action = _agree(session, clock, first, actor, owners,
                              ("Publish the security pack on a public trust page", Team.MARKETING,
                               Metric(competitor="Brightfold")))  # fmt: skip
        started = workdays_after(first_held, 3)  # marketing picked it up the same week
        set_status(session, first_action, ActionStatus.IN_PROGRESS, actor=actor,
                   clock=clock.move_to(datetime.combine(started, time(14, 10), tzinfo=zone(OFFICE_ZONE))))
        held = min(workdays_after(today.replace(day=1), 0), workdays_before(today, 0))  # a weekday, by today
        # opening the month's review measures the action that fell due, as the review window does
        follow_up(session, clock.move_to(datetime.combine(held, time(10, 0), tzinfo=zone(OFFICE_ZONE))))
        second = _review(session, clock, last_month, "Finance keeps asking for one all-in price; check with sales "
                         "leadership.", actor)  # fmt: skip
        plans = [
            ("Offer a phased rollout plan with a named onboarding lead in every proposal", Team.CS,
             Metric(segment="Mid-Market")),
            ("Stop outbound campaigns to Public Sector until the offer changes", Team.LEADERSHIP,
             Metric(segment="Public Sector")),
            ("Quote one all-in price for three years in proposals under $50k", Team.SALES, Metric()),
        ]
        for plan in plans:
            _agree(session, clock, second, actor, owners, plan)
        return 1 + len(plans)


def _review(session: Session, clock: DemoClock, first_day: date, notes: str, actor: str) -> int:
    """Open the month's review in the workspace and save the meeting's notes (the patterns stay computed)."""
    workspace = open_workspace(session, month(f"{first_day:%Y-%m}"), clock=clock, actor=actor)
    clock.move_to(clock.now() + timedelta(minutes=12, seconds=37))  # ten minutes of data, then the patterns
    save_workspace(session, workspace.review_id, win_pattern="", loss_pattern="", notes=notes, clock=clock,
                   actor=actor)
    return workspace.review_id


def _agree(session: Session, clock: DemoClock, review_id: int, actor: str, owners: dict[Team, str],
           plan: tuple[str, Team, Metric]) -> int:
    """Agree one action at the review, a few minutes after the one before."""
    text, team, metric = plan
    clock.move_to(clock.now() + timedelta(minutes=3, seconds=41))
    return add_action(session, text=text, owner=owners.get(team, actor), team=team, metric=metric, clock=clock,
                      review_id=review_id, actor=actor)


def _month_before(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)
