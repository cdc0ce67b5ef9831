"""Reading the closed deals the figures are computed from, in one query."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.figures import CLOSED, DealFact
from interviewer.enums import Outcome, RepReason
from interviewer.models import Account, Deal


def deal_facts(session: Session, start: date | None = None, end: date | None = None) -> list[DealFact]:
    """Closed deals (with their account's segment and industry), closed from ``start`` to ``end`` when given."""
    query = (
        select(Deal.outcome, Deal.close_date, Account.segment, Deal.competitor, Deal.rep_team, Deal.rep_reason,
               Account.industry)
        .outerjoin(Account, Account.id == Deal.account_id)
        .where(Deal.outcome.in_(CLOSED))
    )  # fmt: skip
    if start is not None:
        query = query.where(Deal.close_date >= start)
    if end is not None:
        query = query.where(Deal.close_date <= end)
    return [
        DealFact(Outcome(outcome), closed, segment, competitor, team, RepReason(reason) if reason else None, industry)
        for outcome, closed, segment, competitor, team, reason, industry in session.execute(query)
    ]
