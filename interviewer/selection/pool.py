"""The pool: closed deals in the window, how far each gets through the rules, and each deal's best contact.

Computed from the program snapshot (snapshot.py), in memory: the window is a
slice of the deals sorted by close date; each deal rule keeps the deals that
pass it (so a deal's reach is how many rules in a row it passes); each contact
of a deal passing every deal rule is checked once against the contact rules.
Names, accounts and currencies are read later, for the few deals proposed.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy.orm import Session

from interviewer.criteria.authority import AuthorityReader
from interviewer.criteria.definition import AuthorityRule, CriteriaDefinition
from interviewer.enums import Authority, Outcome
from interviewer.selection.freshness import program_snapshot
from interviewer.selection.rules import (
    AUTHORITY_RANK,
    ContactRule,
    DealRule,
    contact_rules,
    deal_rules,
    window_start,
)
from interviewer.selection.snapshot import UNKNOWN_REACH, ProgramSnapshot

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


@lru_cache(maxsize=16)
def authority_reader(rules: tuple[AuthorityRule, ...]) -> AuthorityReader:
    """One reader per set of authority rules, its per-title cache kept across calls."""
    return AuthorityReader(rules)


def read_pool(session: Session, definition: CriteriaDefinition, today: date) -> tuple[Pool, ProgramSnapshot]:
    """The pool for ``definition`` as of ``today``, and the snapshot it was computed from."""
    snapshot = program_snapshot(session.connection())
    return pool_of(snapshot, definition, today), snapshot


def pool_of(snapshot: ProgramSnapshot, definition: CriteriaDefinition, today: date) -> Pool:
    """The pool computed over ``snapshot`` (the cycle collector paused: only acyclic objects are made)."""
    authority_of = authority_reader(tuple(definition.authority_rules))
    rules = deal_rules(definition, today)
    checks = contact_rules(definition, today, authority_of)
    window = snapshot.window(window_start(definition, today), today)
    with no_cycle_collection():
        deal_counts, contact_counts, passing = _deal_steps(snapshot, rules, window)
        pool = Pool(rules, checks, deal_counts, contact_counts, {}, {}, {})
        _read_contacts(snapshot, pool, passing, authority_of)
    return pool


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Tens of thousands of acyclic objects at once: cycle collection would only slow making them down."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _deal_steps(
    snapshot: ProgramSnapshot, rules: list[DealRule], window: range
) -> tuple[dict[Outcome, list[int]], list[int], list[int]]:
    """Deals per outcome and distinct contacts left after each deal rule, and the positions passing them all."""
    outcome, start, linked = snapshot.outcome, snapshot.link_start, snapshot.link_contact
    survivors: list[int] = list(window)
    tallies = [Counter([outcome[i] for i in survivors])]
    reach_of_contact: dict[int, int] = {}
    for step, rule in enumerate(rules):
        column, passes = snapshot.deal_column(rule.column), rule.passes
        kept = []
        removed = []
        for i in survivors:
            (kept if passes(column[i]) else removed).append(i)
        for i in removed:
            for contact in linked[start[i] : start[i + 1]]:
                if reach_of_contact.get(contact, -1) < step:
                    reach_of_contact[contact] = step
        survivors = kept
        tallies.append(Counter([outcome[i] for i in survivors]))
    every = len(rules)
    for i in survivors:
        for contact in linked[start[i] : start[i + 1]]:
            reach_of_contact[contact] = every
    deal_counts = {_OUTCOMES[value]: [tally.get(value, 0) for tally in tallies] for value in tallies[0]}
    histogram = Counter(reach_of_contact.values())
    contact_counts = []
    remaining = len(reach_of_contact)
    for step in range(every + 1):
        contact_counts.append(remaining)
        remaining -= histogram.get(step, 0)
    return deal_counts, contact_counts, survivors


def _read_contacts(snapshot: ProgramSnapshot, pool: Pool, passing: list[int], authority_of: AuthorityReader) -> None:
    """Fill the pool's deals, reaches and best contacts from the deals passing every deal rule that have contacts."""
    s = snapshot
    checks = [(s.contact_column(rule.column), rule.fails) for rule in pool.contact_rules]
    everything = len(checks)
    contact_ids, titles, start, linked, primaries = s.contact_id, s.title, s.link_start, s.link_contact, s.link_primary
    reach_at = s.reach_memo(tuple(rule.key for rule in pool.contact_rules))
    seen: set[int] = set()
    deals, deal_reach = pool.deals, pool.deal_reach
    rank = AUTHORITY_RANK
    best: dict[int, int] = {}
    for i in passing:
        first, last = start[i], start[i + 1]
        if first == last:
            continue
        deal_id = s.deal_id[i]
        deals[deal_id] = PoolDeal(
            deal_id, _OUTCOMES[s.outcome[i]], date.fromordinal(s.closed[i]), s.amount[i], s.competitor[i], s.segment[i]
        )
        furthest = -1
        chosen, chosen_key = -1, (0, 0, 0)
        for link in range(first, last):
            contact = linked[link]
            seen.add(contact)
            reach = reach_at[contact]
            if reach == UNKNOWN_REACH:
                reach = everything
                for index, (column, fails) in enumerate(checks):
                    if fails(column[contact]):
                        reach = index
                        break
                reach_at[contact] = reach
            if reach > furthest:
                furthest = reach
            if reach == everything:
                key = (rank[authority_of(titles[contact])], primaries[link], -contact_ids[contact])
                if chosen < 0 or key > chosen_key:
                    chosen, chosen_key = contact, key
        deal_reach[deal_id] = furthest
        if chosen >= 0:
            best[deal_id] = chosen
    pool.contact_reach = {contact_ids[contact]: reach_at[contact] for contact in seen}
    pool.best = {
        deal_id: BestContact(contact_ids[contact], authority_of(titles[contact]), titles[contact])
        for deal_id, contact in best.items()
    }
