"""The demo's guides: one built from the default bank for every accepted interview.

Guides are built before the calls are booked, so each booking lasts as long as
its guide plans.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import InterviewStatus, Outcome, Role
from interviewer.models import Deal, Interview, Profile
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
