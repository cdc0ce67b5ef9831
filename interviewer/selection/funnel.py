"""The funnel: how many closed deals and contacts remain after each rule, so the owner sees what each costs.

Deal rules come first (the window, outcomes, freshness, amount, segments,
industries, regions, company size), then "has a contact on record", then the
contact rules (do-not-contact, interviewed recently, personal and excluded
email domains, missing contact details, authority). After a contact rule a
deal counts while at least one of its contacts remains. The last step is the
deals keeping at least one contact who may be interviewed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from interviewer.criteria.definition import CriteriaDefinition
from interviewer.enums import Outcome
from interviewer.selection.pool import Pool, read_pool
from interviewer.selection.rules import ELIGIBLE_TEXT, HAS_CONTACT_TEXT, population_text


@dataclass(frozen=True)
class FunnelStep:
    """After the rule ``rule`` (plain words), ``deals`` closed deals and ``contacts`` of their contacts remain."""

    rule: str
    deals: int
    contacts: int


@dataclass(frozen=True)
class _Removal:
    """Deals of each outcome one step removed."""

    rule: str
    removed: dict[Outcome, int]


def funnel(session: Session, definition: CriteriaDefinition, today: date) -> list[FunnelStep]:
    """The funnel of ``definition`` over the closed deals as of ``today`` (read-only; safe on a worker's session)."""
    return steps_of(read_pool(session, definition, today)[0], definition)


def steps_of(pool: Pool, definition: CriteriaDefinition) -> list[FunnelStep]:
    texts = [population_text(definition), *(r.text for r in pool.deal_rules)]
    steps = [
        FunnelStep(text, sum(counts[index] for counts in pool.deal_counts.values()), pool.contact_counts[index])
        for index, text in enumerate(texts)
    ]
    every = len(pool.contact_rules)
    deals_at = _at_least(pool.deal_reach.values(), every)
    contacts_at = _at_least(pool.contact_reach.values(), every)
    steps.append(FunnelStep(HAS_CONTACT_TEXT, len(pool.deal_reach), len(pool.contact_reach)))
    for index, rule in enumerate(pool.contact_rules, start=1):
        steps.append(FunnelStep(rule.text, deals_at[index], contacts_at[index]))
    steps.append(FunnelStep(ELIGIBLE_TEXT, len(pool.best), contacts_at[every]))
    return steps


def _at_least(reaches: Iterable[int], top: int) -> list[int]:
    """For each n in 0..top, how many of ``reaches`` are at least n."""
    histogram = Counter(reaches)
    found = [0] * (top + 2)
    for n in range(top, -1, -1):
        found[n] = found[n + 1] + histogram.get(n, 0)
    return found[: top + 1]


def removals(pool: Pool, definition: CriteriaDefinition) -> list[_Removal]:
    """Per rule after the window, how many deals of each outcome it removed (the shortfall report's source)."""
    found: list[_Removal] = []
    for index, rule in enumerate(pool.deal_rules, start=1):
        removed = {o: counts[index - 1] - counts[index] for o, counts in pool.deal_counts.items()}
        found.append(_Removal(rule.text, removed))
    by_reach: dict[tuple[Outcome, int], int] = {}
    with_contacts: dict[Outcome, int] = {}
    for deal_id, reach in pool.deal_reach.items():
        outcome = pool.deals[deal_id].outcome
        by_reach[outcome, reach] = by_reach.get((outcome, reach), 0) + 1
        with_contacts[outcome] = with_contacts.get(outcome, 0) + 1
    outcomes = set(pool.deal_counts)
    found.append(_Removal(HAS_CONTACT_TEXT, {o: pool.deal_counts[o][-1] - with_contacts.get(o, 0) for o in outcomes}))
    for index, rule in enumerate(pool.contact_rules):
        found.append(_Removal(rule.text, {o: by_reach.get((o, index), 0) for o in outcomes}))
    return found
