"""Coverage, the guard against cherry-picking: closed deals vs eligible vs selected, per outcome, segment,
competitor and owner rep.

The closed deals are those in the definition's window; eligible ones pass
every rule and keep a contact who may be interviewed; selected ones are the
given deal ids among the closed deals. Within each dimension the rows add up
to the totals (a missing value is its own row, "(none)").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from interviewer.criteria.definition import CriteriaDefinition
from interviewer.enums import Outcome
from interviewer.models import Account, Deal
from interviewer.selection.pool import read_pool
from interviewer.selection.rules import population

NONE_SHOWN = "(none)"
DIMENSIONS = ("outcome", "segment", "competitor", "owner rep")


@dataclass(frozen=True)
class CoverageRow:
    dimension: str
    value: str
    closed: int
    eligible: int
    selected: int


def coverage(
    session: Session, definition: CriteriaDefinition, today: date, selected_deal_ids: Collection[int]
) -> list[CoverageRow]:
    """Per dimension (in DIMENSIONS order), one row per value, most closed deals first (then by value)."""
    connection = session.connection()
    eligible = set(read_pool(session, definition, today)[0].best)
    selected = set(selected_deal_ids)
    query = (
        select(Deal.id, type_coerce(Deal.outcome, String), Account.segment, Deal.competitor, Deal.owner_rep)
        .outerjoin(Account, Account.id == Deal.account_id)
        .where(population(definition, today))
    )
    tallies: list[dict[str, list[int]]] = [{} for _ in DIMENSIONS]
    labels = {o.value: o.label for o in Outcome}
    for deal_id, outcome, segment, competitor, owner in connection.execute(query):
        is_eligible = deal_id in eligible
        is_selected = deal_id in selected
        for tally, value in zip(tallies, (labels.get(outcome, outcome), segment, competitor, owner), strict=True):
            counts = tally.get(value or NONE_SHOWN)
            if counts is None:
                counts = tally[value or NONE_SHOWN] = [0, 0, 0]
            counts[0] += 1
            counts[1] += is_eligible
            counts[2] += is_selected
    rows = []
    for dimension, tally in zip(DIMENSIONS, tallies, strict=True):
        for value, (closed, qualified, chosen) in sorted(tally.items(), key=lambda kv: (-kv[1][0], kv[0])):
            rows.append(CoverageRow(dimension, value, closed, qualified, chosen))
    return rows
