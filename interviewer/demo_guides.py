"""The demo's guides: one built from the default bank for every accepted interview, and the held call's timings.

Guides are built before the calls are booked, so each booking lasts as long as
its guide plans. The call the demo holds then has its questions marked asked
(one skipped) with the seconds each really took, so the bank view shows
observed durations and the builder plans with them from the first launch.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import GuideItemState, InterviewStatus, Outcome, Role
from interviewer.models import Deal, Guide, GuideItem, Interview, Profile
from question_bank.builder import GuideInfeasible
from question_bank.guide import Window
from question_bank.guides import build_for, save_guide, subject_for_interview
from question_bank.store import ensure_default_bank

PREPARED_DAYS_AGO = 12
"""Guides were prepared when the candidates were accepted, before any call was booked."""


def guide_demo_interviews(database: Database, today: date) -> int:
    """Build and save a 15–20 minute guide for every interview still to contact; returns how many."""
    clock = FixedClock(datetime.combine(today - timedelta(days=PREPARED_DAYS_AGO), time(7, 30), tzinfo=UTC))
    saved = 0
    with database.sessions() as session, session.begin():
        ensure_default_bank(session, actor="demo")
        actor = session.scalar(select(Profile.name).where(Profile.role == Role.PROGRAM_OWNER).limit(1)) or "demo"
        waiting = session.scalars(
            select(Interview.id).join(Deal, Deal.id == Interview.deal_id)
            .where(Interview.status == InterviewStatus.TO_CONTACT, Deal.outcome != Outcome.OPEN)
            .order_by(Interview.id)
        ).all()  # fmt: skip
        for interview_id in waiting:
            subject = subject_for_interview(session, interview_id)
            try:
                built = build_for(session, subject, Window())
            except GuideInfeasible:
                continue
            save_guide(session, subject, built.lines, Window(), actor=actor, clock=clock)
            saved += 1
    return saved


def time_demo_calls(database: Database, seed: int) -> int:
    """Give each completed interview's guide what the call took: questions asked, one skipped, real seconds."""
    dice = random.Random(seed)
    held = 0
    with database.sessions() as session, session.begin():
        interviews = session.scalars(
            select(Interview).where(Interview.status == InterviewStatus.COMPLETED, Interview.started_at.is_(None))
            .order_by(Interview.id)
        ).all()  # fmt: skip
        for interview in interviews:
            items = session.scalars(
                select(GuideItem).join(Guide).where(Guide.interview_id == interview.id).order_by(GuideItem.position)
            ).all()  # fmt: skip
            if not items or interview.scheduled_start is None:
                continue
            skipped = min((item for item in items if not item.required), key=lambda item: item.priority, default=None)
            elapsed = 90
            for item in items:
                if item is skipped:
                    item.state = GuideItemState.SKIPPED
                    continue
                item.state = GuideItemState.ASKED
                item.spent_seconds = max(20, round(item.planned_seconds * dice.uniform(0.75, 1.45)))
                elapsed += item.spent_seconds
            elapsed += 75
            interview.started_at = interview.scheduled_start + timedelta(minutes=2)
            interview.ended_at = interview.started_at + timedelta(seconds=elapsed)
            interview.elapsed_seconds = elapsed
            interview.consent, interview.consent_at = True, interview.started_at
            held += 1
    return held
