"""The pool: closed deals in the window, how far each gets through the rules, and each deal's best contact.

Three reads, each one query: (1) per outcome, how many window deals pass
each deal rule in turn, and (2) how many distinct contacts those deals have,
both counted inside the database with one nested CASE giving how many rules
in a row a deal passes; (3) the deals passing every deal rule, with their
contacts, reading only the columns the contact rules need. Names, accounts
and currencies are read later, for the few deals proposed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, String, and_, case, func, literal, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from interviewer.criteria.authority import AuthorityReader
from interviewer.criteria.definition import CriteriaDefinition
from interviewer.enums import Authority, Outcome
from interviewer.models import Account, Contact, Deal, DealContact
from interviewer.selection.rules import (
    AUTHORITY_RANK,
    ContactChecker,
    ContactRule,
    DealRule,
    contact_rules,
    deal_rules,
    population,
)

_OUTCOMES = {o.value: o for o in Outcome}


@dataclass(frozen=True, slots=True)
class PoolDeal:
    """A deal passing every deal rule, with what scoring and quotas need."""

    id: int
    outcome: Outcome
    close_date: date
    amount: float | None
    competitor: str | None
    segment: str | None


@dataclass(frozen=True, slots=True)
class BestContact:
    contact_id: int
    authority: Authority
    title: str | None


@dataclass
class Pool:
    """Everything the funnel, the shortfall report and the selection are computed from."""

    deal_rules: list[DealRule]
    contact_rules: list[ContactRule]
    deal_counts: dict[Outcome, list[int]]
    """Per outcome: window deals, then deals left after each deal rule (len = deal rules + 1)."""
    contact_counts: list[int]
    """Distinct contacts of the deals counted in ``deal_counts`` at each of those steps."""
    deals: dict[int, PoolDeal]
    """Deals passing every deal rule, by id."""
    deal_reach: dict[int, int]
    """Per deal of ``deals``: how many contact rules in a row its best-faring contact passes (-1: no contact)."""
    contact_reach: dict[int, int]
    """Per contact of ``deals``: how many contact rules in a row it passes."""
    best: dict[int, BestContact] = field(default_factory=dict)
    """Per deal keeping an eligible contact: the best-fitting one."""

    @property
    def eligible_ids(self) -> list[int]:
        return sorted(self.best)


def reach_expression(conditions: Sequence[ColumnElement[Any]]) -> ColumnElement[Any]:
    """How many of ``conditions`` in a row hold (a NULL condition fails), as one nested CASE."""
    expression: ColumnElement[Any] = literal(len(conditions), Integer)
    for index in range(len(conditions) - 1, -1, -1):
        expression = case((conditions[index], expression), else_=literal(index, Integer))
    return expression


def _from_deals(query: Any, rules: Sequence[DealRule], *, account: bool) -> Any:
    if account or any(r.uses_account for r in rules):
        return query.outerjoin(Account, Account.id == Deal.account_id)
    return query


def read_pool(connection: Connection, definition: CriteriaDefinition, today: date, *, counts: bool = True) -> Pool:
    """Read the pool for ``definition`` as of ``today`` (``counts=False`` skips the funnel's counting queries)."""
    rules = deal_rules(definition, today)
    dialect = connection.dialect.name
    checker = ContactChecker(definition, today, AuthorityReader(definition.authority_rules), dialect)
    window = population(definition, today)
    deal_counts: dict[Outcome, list[int]] = {}
    contact_counts: list[int] = []
    if counts:
        deal_counts, contact_counts = _count_deal_steps(connection, rules, window)
    pool = Pool(rules, contact_rules(definition, today, dialect), deal_counts, contact_counts, {}, {}, {})
    passing = and_(window, *(r.condition for r in rules))
    with no_cycle_collection():
        _read_links(connection, pool, passing, checker, segment=definition.quotas.max_per_segment is not None)
    return pool


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Tens of thousands of acyclic rows at once: cycle collection would only slow reading them down."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _count_deal_steps(
    connection: Connection, rules: Sequence[DealRule], window: ColumnElement[Any]
) -> tuple[dict[Outcome, list[int]], list[int]]:
    steps = len(rules) + 1
    reach = reach_expression([r.condition for r in rules]).label("reach")
    inner = _from_deals(select(Deal.outcome.label("outcome"), reach), rules, account=False).where(window).subquery()
    query = select(type_coerce(inner.c.outcome, String), inner.c.reach, func.count()).group_by(inner.c.outcome, inner.c.reach)
    deal_counts: dict[Outcome, list[int]] = {}
    for outcome, passed, count in connection.execute(query).fetchall():
        cumulative = deal_counts.setdefault(_OUTCOMES[outcome], [0] * steps)
        for step in range(int(passed) + 1):
            cumulative[step] += count
    links = _from_deals(
        select(DealContact.contact_id.label("contact_id"), reach).select_from(Deal).join(DealContact, DealContact.deal_id == Deal.id),
        rules,
        account=False,
    ).where(window)
    per_contact = links.subquery()
    furthest = select(func.max(per_contact.c.reach).label("reach")).group_by(per_contact.c.contact_id).subquery()
    contact_counts = [0] * steps
    for passed, count in connection.execute(select(furthest.c.reach, func.count()).group_by(furthest.c.reach)).fetchall():
        for step in range(int(passed) + 1):
            contact_counts[step] += count
    return deal_counts, contact_counts


def _read_links(
    connection: Connection, pool: Pool, passing: ColumnElement[Any], checker: ContactChecker, *, segment: bool
) -> None:
    """One row per contact of each deal passing the deal rules: fill the pool's deals, reaches and best contacts.

    Deals without any contact are not read here: the funnel knows their number
    from the counting query, and they can never be proposed.
    """
    query = _from_deals(
        select(
            Deal.id,
            type_coerce(Deal.outcome, String),
            type_coerce(Deal.close_date, String),
            type_coerce(Deal.amount, Float),
            Deal.competitor,
            Account.segment if segment else literal(None, String),
            type_coerce(DealContact.is_primary, Integer),
            DealContact.contact_id,
            checker.failed_mask(),
            Contact.title,
        )
        .select_from(Deal)
        .join(DealContact, DealContact.deal_id == Deal.id)
        .join(Contact, Contact.id == DealContact.contact_id),
        pool.deal_rules,
        account=segment,
    ).where(passing)
    everything = checker.rules
    first_failed = checker.first_failed
    authority_at = checker.authority_at
    allowed = checker.allowed
    authority_of = checker.authority
    deals = pool.deals
    contact_reach = pool.contact_reach
    deal_reach = pool.deal_reach
    rank = AUTHORITY_RANK
    outcomes, days = _OUTCOMES, _DateCache()
    best: dict[int, tuple[tuple[int, int, int], int, str | None]] = {}
    rows = connection.execute(query).fetchall()
    for deal_id, outcome, closed, amount, competitor, seg, primary, contact_id, mask, title in rows:
        if deal_id not in deals:
            deals[deal_id] = PoolDeal(
                deal_id, outcomes[outcome], days(closed), None if amount is None else float(amount), competitor, seg
            )
        reach = contact_reach.get(contact_id)
        if reach is None:
            reach = first_failed[mask]
            if reach == everything and authority_at is not None and authority_of(title) not in allowed:
                reach = authority_at
            contact_reach[contact_id] = reach
        if reach > deal_reach.get(deal_id, -1):
            deal_reach[deal_id] = reach
        if reach == everything:
            key = (rank[authority_of(title)], primary or 0, -contact_id)
            current = best.get(deal_id)
            if current is None or key > current[0]:
                best[deal_id] = (key, contact_id, title)
    pool.best = {
        deal_id: BestContact(contact_id, authority_of(title), title) for deal_id, (_key, contact_id, title) in best.items()
    }


class _DateCache(dict):  # type: ignore[type-arg]
    """ISO text (SQLite) or date (PostgreSQL) → date, converting each distinct value once."""

    def __call__(self, value: Any) -> Any:
        try:
            return self[value]
        except KeyError:
            converted = self[value] = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
            return converted
