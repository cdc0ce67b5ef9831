"""Selecting candidates: one contact per deal, quotas per outcome, scores and reasons in words.

``select`` reads the pool (see pool.py), scores every deal keeping an
eligible contact, fills each outcome's quota (quotas.py: top N, or an exact
min-cost flow when there are caps per segment or competitor), and reports a
shortfall naming the rules that removed deals of each outcome short of its
quota. The same data and definition always give the same selection.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple
from datetime import date
from decimal import Decimal

from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from interviewer.criteria.definition import CriteriaDefinition
from interviewer.enums import Authority, Outcome
from interviewer.models import Account, Contact, Deal
from interviewer.selection.funnel import FunnelStep, removals, steps_of
from interviewer.selection.pool import Pool, PoolDeal, read_pool
from interviewer.selection.quotas import Item, choose
from interviewer.selection.rules import NOT_A_RIVAL, population_text
from interviewer.selection.scoring import Scorer, reasons
from interviewer.selection.snapshot import ProgramSnapshot


@dataclass(frozen=True)
class Proposal:
    """A proposed candidate: a deal and its best-fitting contact, with score and reasons."""

    deal_id: int
    contact_id: int
    outcome: Outcome
    score: float
    reasons: list[str]
    account: str
    contact_name: str
    title: str | None
    authority: Authority
    segment: str | None
    competitor: str | None
    amount: Decimal | float | None
    currency: str
    close_date: date
    owner_rep: str | None


@dataclass(frozen=True)
class ShortfallLine:
    """An outcome whose quota could not be met, and which rules removed how many of its deals."""

    outcome: Outcome
    wanted: int
    found: int
    removed_by: list[tuple[str, int]]

    @property
    def text(self) -> str:
        """"Won: 4 wanted, 1 found. 'closed at most 60 days ago' removed 37 won deals, '…' removed 12."."""
        head = f"{self.outcome.label}: {self.wanted} wanted, {self.found} found."
        kind = deals_of(self.outcome)
        if not self.removed_by:
            return f"{head} There are no other {kind} on record."
        parts = [f"'{rule}' removed {count:,}" for rule, count in self.removed_by]
        parts[0] += f" {kind}"
        return f"{head} {', '.join(parts)}."


def deals_of(outcome: Outcome) -> str:
    return {Outcome.NO_DECISION: "no-decision deals"}.get(outcome, f"{outcome.label.lower()} deals")


@dataclass(frozen=True)
class Selection:
    proposals: list[Proposal]
    shortfall: list[ShortfallLine]
    funnel: list[FunnelStep]


def caps_text(definition: CriteriaDefinition) -> str:
    caps = []
    if definition.quotas.max_per_segment is not None:
        caps.append(f"{definition.quotas.max_per_segment} per segment")
    if definition.quotas.max_per_competitor is not None:
        caps.append(f"{definition.quotas.max_per_competitor} per competitor")
    return f"at most {' and '.join(caps)}"


SKIPPED_TEXT = "skipped earlier"
ONE_BUYER_TEXT = "one interview per buyer"


class Gap(NamedTuple):
    """Why an outcome's quota was not filled: what was wanted and found, and the deals left out on the way."""

    wanted: int
    found: int
    skipped: int
    """Deals declined earlier."""
    repeated: int
    """Deals whose buyer is proposed already, for this or another deal."""


def select(session: Session, definition: CriteriaDefinition, today: date, *, leave_out: Collection[int] = ()) -> Selection:
    """The candidates ``definition`` proposes as of ``today``; ``leave_out``: deal ids already skipped."""
    pool, snapshot = read_pool(session, definition, today)
    left_out = set(leave_out)
    eligible = [pool.deals[deal_id] for deal_id in pool.eligible_ids if deal_id not in left_out]
    scorer = Scorer(definition, today, (deal.amount for deal in eligible))
    quotas = definition.quotas
    chosen: list[tuple[Item, Outcome]] = []
    gaps: dict[Outcome, Gap] = {}
    taken: set[int] = set()  # buyers proposed for an outcome filled earlier (losses first when the set says so)
    order = sorted(definition.outcomes, key=lambda o: o is not Outcome.LOST) if quotas.losses_first else definition.outcomes
    for outcome in order:
        wanted = quotas.for_outcome(outcome)
        if wanted <= 0:
            continue
        score, best = scorer.score, pool.best
        of_outcome = [deal for deal in eligible if deal.outcome is outcome]
        once = one_deal_per_buyer([deal for deal in of_outcome if best[deal.id].contact_id not in taken], pool, scorer)
        items = [
            Item(
                deal.id,
                round(10 * score(deal.close_date, deal.amount, best[deal.id].authority, deal.competitor)),
                deal.segment if quotas.max_per_segment is not None else None,
                None if deal.competitor in NOT_A_RIVAL else deal.competitor,
            )
            for deal in once
        ]
        picked = choose(items, wanted, quotas.max_per_segment, quotas.max_per_competitor)
        chosen.extend((item, outcome) for item in picked)
        taken.update(best[item.deal_id].contact_id for item in picked)
        if len(picked) < wanted:
            skipped = sum(1 for d in left_out if d in pool.best and pool.deals[d].outcome is outcome)
            gaps[outcome] = Gap(wanted, len(picked), skipped, len(of_outcome) - len(once))
    proposals = _proposals(session, pool, chosen, scorer, today)
    if quotas.losses_first:
        proposals.sort(key=lambda p: (p.outcome is not Outcome.LOST, -p.score, p.deal_id))
    else:
        proposals.sort(key=lambda p: (-p.score, p.deal_id))
    shortfall = _shortfall(pool, snapshot, definition, gaps)
    return Selection(proposals, shortfall, steps_of(pool, definition))


def one_deal_per_buyer(deals: list[PoolDeal], pool: Pool, scorer: Scorer) -> list[PoolDeal]:
    """Each buyer once: a contact who is the best fit on several deals keeps only their best-scoring one.

    One conversation covers what a buyer can say, and asking the same person about four deals would
    spend the quota on one voice. Ties go to the most recent close, then the lowest deal id.
    """
    kept: dict[int, tuple[tuple[float, date, int], PoolDeal]] = {}
    for deal in deals:
        best = pool.best[deal.id]
        rank = (scorer.score(deal.close_date, deal.amount, best.authority, deal.competitor), deal.close_date, -deal.id)
        held = kept.get(best.contact_id)
        if held is None or rank > held[0]:
            kept[best.contact_id] = (rank, deal)
    ids = {deal.id for _, deal in kept.values()}
    return [deal for deal in deals if deal.id in ids]


def _proposals(session: Session, pool: Pool, chosen: list[tuple[Item, Outcome]], scorer: Scorer, today: date) -> list[Proposal]:
    if not chosen:
        return []
    deal_ids = [item.deal_id for item, _ in chosen]
    contact_ids = [pool.best[d].contact_id for d in deal_ids]
    connection = session.connection()
    details = {
        row[0]: row[1:]
        for row in connection.execute(
            sql_select(Deal.id, Account.name, Account.segment, Deal.currency, Deal.owner_rep, Deal.amount)
            .outerjoin(Account, Account.id == Deal.account_id)
            .where(Deal.id.in_(deal_ids))
        )
    }
    names = {
        row[0]: " ".join(p for p in (row[1], row[2]) if p) or "(no name)"
        for row in connection.execute(
            sql_select(Contact.id, Contact.first_name, Contact.last_name).where(Contact.id.in_(contact_ids))
        )
    }
    found = []
    for item, outcome in chosen:
        deal = pool.deals[item.deal_id]
        best = pool.best[item.deal_id]
        account, segment, currency, owner, amount = details[item.deal_id]
        currency = currency or "USD"
        found.append(Proposal(
            deal_id=deal.id, contact_id=best.contact_id, outcome=outcome, score=item.units / 10,
            reasons=reasons(
                outcome=outcome, days=(today - deal.close_date).days, competitor=deal.competitor, amount=deal.amount,
                currency=currency, title=best.title, authority=best.authority, segment=segment,
                of_interest=scorer.of_interest(deal.competitor),
            ),
            account=account or "(no account)", contact_name=names.get(best.contact_id, "(no name)"), title=best.title,
            authority=best.authority, segment=segment, competitor=deal.competitor, amount=amount, currency=currency,
            close_date=deal.close_date, owner_rep=owner,
        ))  # fmt: skip
    return found


def _shortfall(
    pool: Pool,
    snapshot: ProgramSnapshot,
    definition: CriteriaDefinition,
    gaps: dict[Outcome, Gap],
) -> list[ShortfallLine]:
    if not gaps:
        return []
    by_rule = removals(pool, definition)
    lines = []
    for outcome, (wanted, found, skipped, repeated) in gaps.items():
        removed: list[tuple[str, int]] = []
        window = pool.deal_counts.get(outcome, [0])[0]
        outside = snapshot.closed_by_outcome.get(outcome.value, 0) - window
        if outside:
            removed.append((population_text(definition), outside))
        removed += [(r.rule, r.removed.get(outcome, 0)) for r in by_rule if r.removed.get(outcome, 0) > 0]
        if skipped:
            removed.append((SKIPPED_TEXT, skipped))
        if repeated:
            removed.append((ONE_BUYER_TEXT, repeated))
        eligible = sum(1 for d in pool.best if pool.deals[d].outcome is outcome) - skipped - repeated
        if eligible > found:
            removed.append((caps_text(definition), eligible - found))
        lines.append(ShortfallLine(outcome, wanted, found, removed))
    return lines
