"""The demo's guides: one built from the default bank for every accepted interview.

Guides are built before the calls are booked, so each booking lasts as long as
its guide plans. The program owner prepares them one after another on the
working day after accepting the candidates.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import InterviewStatus, Outcome
from interviewer.models import Deal, Interview
from interviewer.scheduling.availability import zone
from question_bank.builder import GuideInfeasible
from question_bank.guide import Window
from question_bank.guides import build_for, save_guide, subject_for_interview
from question_bank.store import ensure_default_bank
from winloss.demo.schedule import owner_name
from winloss.demo.workdays import OFFICE_ZONE, DemoClock, workdays_before

PREPARED_WORKDAYS_AGO = 9
"""Guides were prepared the working day after the candidates were accepted, before any invitation went out."""


def guide_demo_interviews(database: Database, today: date) -> int:
    """Build and save a 15–20 minute guide for every interview still to contact; returns how many."""
    dice = random.Random(today.toordinal() * 7)
    day = workdays_before(today, PREPARED_WORKDAYS_AGO)
    saved = 0
    with database.sessions() as session, session.begin():
        clock = DemoClock(datetime.combine(day, time(9, 30), tzinfo=zone(OFFICE_ZONE)), session)
        ensure_default_bank(session, actor="demo")
        actor = owner_name(session)
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
            save_guide(session, subject, built.lines, Window(), actor=actor,
                       clock=clock.move_to(clock.now() + timedelta(seconds=dice.randint(240, 900))))
            saved += 1
    return saved
