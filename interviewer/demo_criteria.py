"""The demo's criteria set, reviewed as a team would: drafted by the owner, sent back once, approved, applied.

The result is what a newcomer should find on first launch: a set with a
rejected first version in its history, an approved second version, candidates
with their reasons, some accepted (interviews waiting to be scheduled) and one
skipped with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.criteria.definition import CriteriaDefinition, Quotas
from interviewer.criteria.review import approve, create_draft, new_version, reject, submit, update_draft
from interviewer.db import Database
from interviewer.demo_vocabulary import DOMINANT_COMPETITOR, MID_MARKET_RIVAL
from interviewer.enums import Role
from interviewer.models import Profile
from interviewer.selection.candidates import accept, propose, skip

NAME = "Recent decisions, losses first"
QUALIFIED_BUYER = (
    "Someone who took part in the buying decision (a decision maker or a close influencer) at a company that "
    "closed with us in the last two months, reachable at work, and not interviewed in the past year."
)
ACCEPTED = 5


@dataclass(frozen=True)
class DemoCriteria:
    """What the demo's review produced."""

    set_id: int
    candidates: int
    accepted: int


def review_demo_criteria(database: Database, today: date) -> DemoCriteria:
    """Draft, reject, revise, approve and apply the demo's criteria set; accept the best few candidates."""
    with database.sessions() as session, session.begin():
        owner, manager = _person(session, Role.PROGRAM_OWNER), _person(session, Role.MANAGER)
        first = CriteriaDefinition(
            window_days=90, freshness_days=60, quotas=Quotas(lost=6, won=4, no_decision=0),
            competitors_of_interest=(DOMINANT_COMPETITOR, MID_MARKET_RIVAL),
        )  # fmt: skip
        draft = create_draft(session, owner, NAME, first, QUALIFIED_BUYER)
        submit(session, owner, draft.id)
        reject(session, manager, draft.id, "No-decision deals are missing: they are the ones we understand least.")
        revised = first.with_changes(quotas=Quotas(lost=6, won=4, no_decision=2, max_per_segment=3))
        update_draft(session, owner, draft.id, definition=revised)
        submit(session, owner, draft.id)
        approved = approve(session, manager, draft.id, "Good balance; keep the cap per segment.")
        next_draft = new_version(session, owner, approved.id)
        update_draft(session, owner, next_draft.id, definition=revised.with_changes(window_days=120))
        rows = propose(session, approved.id, session.get(Profile, owner).name, today)  # type: ignore[union-attr]
        for row in rows[:ACCEPTED]:
            accept(session, row.id, owner)
        if len(rows) > ACCEPTED:
            skip(session, rows[ACCEPTED].id, owner, "Their champion left last week; ask again next quarter.")
        return DemoCriteria(approved.id, len(rows), min(ACCEPTED, len(rows)))


def _person(session: Session, role: Role) -> int:
    return session.scalars(select(Profile.id).where(Profile.role == role).order_by(Profile.id)).first()  # type: ignore[return-value]
