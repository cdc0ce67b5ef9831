"""The demo's criteria set, reviewed as a team would: drafted by the owner, sent back once, approved, applied.

The result is what a newcomer should find on first launch: a set with a
rejected first version in its history, an approved second version, candidates
with their reasons, some accepted (interviews waiting to be scheduled) and one
skipped with a reason. Each step happens on its own working day or hour, in
the office's time zone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.criteria.definition import CriteriaDefinition, Quotas
from interviewer.criteria.review import approve, create_draft, new_version, reject, submit, update_draft
from interviewer.db import Database
from interviewer.enums import Role
from interviewer.models import Candidate, CriteriaSet, Profile
from interviewer.selection.candidates import accept, propose, skip
from winloss.demo.vocabulary import DOMINANT_COMPETITOR, MID_MARKET_RIVAL
from winloss.demo.workdays import OFFICE_ZONE, DemoClock, at_work, workdays_before

NAME = "Recent decisions, losses first"
QUALIFIED_BUYER = (
    "Someone who took part in the buying decision (a decision maker or a close influencer) at a company that "
    "closed with us in the last two months, reachable at work, and not interviewed in the past year."
)
ACCEPTED = 5
DRAFTED = 14
"""Working days before today on which the owner drafted the set (the review and the decisions took four more)."""


@dataclass(frozen=True)
class DemoCriteria:
    """What the demo's review produced."""

    set_id: int
    candidates: int
    accepted: int


def review_demo_criteria(database: Database, today: date) -> DemoCriteria:
    """Draft, reject, revise, approve and apply the demo's criteria set over a week of the owner's and the
    manager's working days; accept the best few candidates."""
    dice = random.Random(today.toordinal() * 3)
    with database.sessions() as session, session.begin():
        clock = DemoClock(datetime.combine(today, time(0), tzinfo=UTC), session)

        def at(workdays_ago: int, start: int, end: int) -> None:
            """Move the clock into the hours ``start`` to ``end`` of the office day ``workdays_ago`` before today."""
            day = workdays_before(today, workdays_ago)
            clock.move_to(at_work(day, OFFICE_ZONE, dice, time(start), time(end)))

        def stamp(model: type[CriteriaSet] | type[Candidate], row_id: int, column: str) -> None:
            """Date what the step just stamped by the wall clock (the review services take no clock) by the demo's."""
            setattr(session.get(model, row_id), column, clock.now())

        owner, manager = _person(session, Role.PROGRAM_OWNER), _person(session, Role.MANAGER)
        first = CriteriaDefinition(
            window_days=90, freshness_days=60, quotas=Quotas(lost=6, won=4, no_decision=0),
            competitors_of_interest=(DOMINANT_COMPETITOR, MID_MARKET_RIVAL),
        )  # fmt: skip
        at(DRAFTED, 9, 12)
        draft = create_draft(session, owner, NAME, first, QUALIFIED_BUYER)
        stamp(CriteriaSet, draft.id, "created_at")
        at(DRAFTED, 14, 17)
        submit(session, owner, draft.id)
        stamp(CriteriaSet, draft.id, "submitted_at")
        at(DRAFTED - 1, 10, 12)
        reject(session, manager, draft.id, "No-decision deals are missing: they are the ones we understand least.")
        stamp(CriteriaSet, draft.id, "reviewed_at")
        revised = first.with_changes(quotas=Quotas(lost=6, won=4, no_decision=2, max_per_segment=3))
        at(DRAFTED - 2, 9, 11)
        update_draft(session, owner, draft.id, definition=revised)
        at(DRAFTED - 2, 11, 12)
        submit(session, owner, draft.id)
        stamp(CriteriaSet, draft.id, "submitted_at")
        at(DRAFTED - 3, 14, 15)
        approved = approve(session, manager, draft.id, "Good balance; keep the cap per segment.")
        stamp(CriteriaSet, approved.id, "reviewed_at")
        at(DRAFTED - 3, 15, 16)
        next_draft = new_version(session, owner, approved.id)
        stamp(CriteriaSet, next_draft.id, "created_at")
        at(DRAFTED - 3, 16, 17)
        update_draft(session, owner, next_draft.id, definition=revised.with_changes(window_days=120))
        at(DRAFTED - 4, 9, 10)
        rows = propose(session, approved.id, session.get(Profile, owner).name, clock.today())  # type: ignore[union-attr]
        decided = rows[:ACCEPTED + 1]
        for number, row in enumerate(decided):
            clock.move_to(clock.now() + timedelta(minutes=dice.randint(3, 9), seconds=dice.randint(0, 59)))
            if number < ACCEPTED:
                accept(session, row.id, owner)
            else:
                skip(session, row.id, owner, "Their champion left last week; ask again next quarter.")
            stamp(Candidate, row.id, "decided_at")
        return DemoCriteria(approved.id, len(rows), min(ACCEPTED, len(rows)))


def _person(session: Session, role: Role) -> int:
    return session.scalars(select(Profile.id).where(Profile.role == role).order_by(Profile.id)).first()  # type: ignore[return-value]
