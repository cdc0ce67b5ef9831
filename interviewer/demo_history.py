"""The demo's past: interviews held over the last months, and the reviews that agreed actions on them.

So every report and figure has content on first launch, the demo holds about
a dozen earlier interviews (mostly losses, as programs start with losses, then
wins and no-decisions), each with a guide from the bank, a call taken through
the console's functions and a wrap-up; and last month's review with its win
and loss patterns and actions whose baselines were measured when they were
agreed (one from an earlier review, already past its 60 days).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.actions import Metric, add_action, follow_up, set_status
from interviewer.clock import FixedClock
from interviewer.console.calls import load_call
from interviewer.db import Database
from interviewer.demo_calls import record_call, story_for
from interviewer.demo_stories import Story
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
from question_bank.builder import GuideInfeasible
from question_bank.guide import Window
from question_bank.guides import build_for, save_guide, subject_for_interview
from question_bank.store import ensure_default_bank

PAST_CALLS = {Outcome.LOST: 7, Outcome.WON: 4, Outcome.NO_DECISION: 3}
EARLIEST_DAYS, LATEST_DAYS = 130, 25
"""Past interviews are about deals closed between 130 and 25 days before the demo's day."""


def hold_past_interviews(database: Database, today: date, seed: int) -> int:
    """Interview, record and wrap up the demo's earlier calls; returns how many were held."""
    dice = random.Random(seed * 31 + 1)
    held = 0
    with database.sessions() as session, session.begin():
        ensure_default_bank(session, actor="demo")
        crew = session.execute(select(Interviewer.id, Interviewer.name, Interviewer.time_zone, Interviewer.kind)
                               .where(Interviewer.active.is_(True)).order_by(Interviewer.id)).all()
        if not crew:
            return 0
        for outcome, count in PAST_CALLS.items():
            for deal_id, contact_id, close_date in _deals(session, outcome, today, count):
                person = crew[held % len(crew)] if held % 3 else next(
                    (c for c in crew if c.kind == InterviewerKind.EXTERNAL), crew[0])
                if _hold(session, deal_id, contact_id, close_date, person, dice, story_for(outcome, held)):
                    held += 1
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


def _hold(session: Session, deal_id: int, contact_id: int, closed: date, person: Any, dice: random.Random,
          story: Story) -> bool:
    """Book, guide, take and wrap up one past call; False when the bank cannot fill a guide."""
    day = closed + timedelta(days=dice.randint(8, 18))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    start = datetime.combine(day, time(15, 0), tzinfo=UTC)
    contact = session.get(Contact, contact_id)
    interview = Interview(
        deal_id=deal_id, contact_id=contact_id, interviewer_id=person.id, status=InterviewStatus.SCHEDULED,
        scheduled_start=start, buyer_time_zone=(contact.time_zone if contact else None) or "UTC",
        interviewer_time_zone=person.time_zone, planned_minutes=25,
    )
    session.add(interview)
    session.flush()
    subject = subject_for_interview(session, interview.id)
    try:
        built = build_for(session, subject, Window())
    except GuideInfeasible:
        session.delete(interview)
        return False
    save_guide(session, subject, built.lines, Window(), actor=person.name, clock=FixedClock(start - timedelta(days=3)))
    record_call(session, load_call(session, interview.id), start + timedelta(minutes=2), person.name, dice, story)
    return True


def hold_demo_reviews(database: Database, today: date) -> int:
    """Last month's review, with its patterns and actions, and an earlier review's action now due; returns actions."""
    last_month = _month_before(today.replace(day=1))
    # the first review was held so that its actions fell due a few days before last month ended
    first_held = _weekday_on_or_before(today.replace(day=1) - timedelta(days=5 + 60))
    earlier = _month_before(first_held.replace(day=1))
    with database.sessions() as session, session.begin():
        owners = {team: name for team, name in session.execute(
            select(TeamRecord.key, Recipient.name).join(Recipient, Recipient.team_id == TeamRecord.id)
            .order_by(Recipient.id))}  # fmt: skip
        if session.scalar(select(ReviewMeeting.id).limit(1)) is not None:
            return 0
        first = ReviewMeeting(month=earlier, held_on=first_held, notes="First review of the program.",
                              loss_pattern="Security review answers come too late (raised in 2 interviews)",
                              win_pattern="Reporting depth wins pilots (raised in 2 interviews)")
        second = ReviewMeeting(month=last_month, held_on=min(_first_weekday(today.replace(day=1)), today),
                               loss_pattern="Rollout risk outweighs price (raised in 3 interviews)",
                               win_pattern="Out-of-the-box integrations shorten time to value",
                               notes="Finance keeps asking for one all-in price; check with sales leadership.")
        session.add_all([first, second])
        session.flush()
        plans = [
            (first, "Publish the security pack on a public trust page", Team.MARKETING,
             Metric(competitor="Brightfold")),
            (second, "Offer a phased rollout plan with a named onboarding lead in every proposal", Team.CS,
             Metric(segment="Mid-Market")),
            (second, "Stop outbound campaigns to Public Sector until the offer changes", Team.LEADERSHIP,
             Metric(segment="Public Sector")),
            (second, "Quote one all-in price for three years in proposals under $50k", Team.SALES, Metric()),
        ]
        for review, text, team, metric in plans:
            agreed = FixedClock(datetime.combine(review.held_on or today, time(11, 0), tzinfo=UTC))
            action_id = add_action(session, text=text, owner=owners.get(team, "Maren Oduya"), team=team,
                                   metric=metric, clock=agreed, review_id=review.id, actor="Maren Oduya")
            if review is first:
                set_status(session, action_id, ActionStatus.IN_PROGRESS, actor="Maren Oduya")
        follow_up(session, FixedClock(datetime.combine(today, time(7, 0), tzinfo=UTC)))  # the first one is due
        return len(plans)


def _month_before(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _first_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
