"""Why deals ended as they did, as buyers told it in the wrap-up and as reps recorded it at close.

The period is the deals closed in it. Buyer reasons come from the wrapped-up
interviews about those deals (the primary reason and the secondary ones), rep
reasons from every closed deal's CRM record. The mismatch is the share of
wrapped-up interviews whose buyer's primary reason differs from the rep's, of
those that have both, by rep team and by segment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from interviewer.analytics.figures import CLOSED, ParetoBar, Rate, pareto_from_counts
from interviewer.enums import Outcome, RepReason
from interviewer.models import Account, Deal, Interview, Quote

QUOTES_SHOWN = 2
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class OutcomeReasons:
    """The reasons behind one outcome's deals of the period: buyers' first, then reps'."""

    outcome: Outcome
    deals: int
    """Deals of this outcome closed in the period."""
    interviews: int
    """Wrapped-up interviews about those deals."""
    buyer_primary: tuple[ParetoBar, ...]
    buyer_secondary: tuple[ParetoBar, ...]
    buyer_missing: int
    """Wrapped-up interviews with no primary reason from the buyer (left out of ``buyer_primary``)."""
    quotes: tuple[str, ...]
    """Up to two of the buyers' exact words from those interviews, the first said first."""
    rep: tuple[ParetoBar, ...]
    rep_missing: int
    """Deals with no rep reason recorded (left out of ``rep``)."""

    def buyer_count(self, label: str) -> int:
        return next((bar.count for bar in self.buyer_primary if bar.label == label), 0)

    def secondary_count(self, label: str) -> int:
        return next((bar.count for bar in self.buyer_secondary if bar.label == label), 0)

    def rep_count(self, label: str) -> int:
        return next((bar.count for bar in self.rep if bar.label == label), 0)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every reason named by a buyer or a rep: the buyers' order first, then the reps' remaining ones."""
        return tuple(dict.fromkeys(bar.label for bars in (self.buyer_primary, self.buyer_secondary, self.rep)
                                   for bar in bars))


@dataclass(frozen=True)
class MismatchGroup:
    """Of one group's interviews with both reasons, those where buyer and rep differ."""

    label: str
    rate: Rate


@dataclass(frozen=True)
class Reasons:
    """Buyer and rep reasons per outcome, and where the two disagree."""

    outcomes: tuple[OutcomeReasons, ...]
    mismatch: Rate
    by_team: tuple[MismatchGroup, ...]
    by_segment: tuple[MismatchGroup, ...]
    mismatch_missing: int
    """Wrapped-up interviews left out of the mismatch because the buyer's or the rep's reason is missing."""

    def of(self, outcome: Outcome) -> OutcomeReasons:
        return next(reasons for reasons in self.outcomes if reasons.outcome is outcome)


def reasons(session: Session, start: date, end: date) -> Reasons:
    """The reasons of the deals closed from ``start`` to ``end`` (both included)."""
    deals = session.execute(
        select(Deal.id, Deal.outcome, Deal.rep_reason, Deal.rep_team, Account.segment)
        .outerjoin(Account, Account.id == Deal.account_id)
        .where(Deal.outcome.in_(CLOSED), Deal.close_date >= start, Deal.close_date <= end)
    ).all()  # fmt: skip
    by_deal = {row.id: row for row in deals}
    interviews = [row for row in session.execute(
        select(Interview.id, Interview.deal_id, Interview.buyer_reason, Interview.secondary_reasons)
        .join(Deal, Deal.id == Interview.deal_id)
        .where(Interview.wrapped_up_at.is_not(None), Deal.outcome.in_(CLOSED), Deal.close_date >= start,
               Deal.close_date <= end).order_by(Interview.id)
    ).all()]  # fmt: skip
    quotes = session.execute(select(Quote.interview_id, Quote.text)
                             .where(Quote.interview_id.in_([i.id for i in interviews]))
                             .order_by(Quote.interview_id, Quote.offset_seconds, Quote.id)).all()
    outcomes = []
    for outcome in CLOSED:
        mine = [i for i in interviews if by_deal[i.deal_id].outcome == outcome]
        ids = {i.id for i in mine}
        primary = Counter(RepReason(i.buyer_reason) for i in mine if i.buyer_reason)
        secondary = Counter(reason for i in mine for reason in _known(i.secondary_reasons)
                            if reason != i.buyer_reason)
        rep = Counter(RepReason(d.rep_reason) for d in deals if d.outcome == outcome and d.rep_reason)
        outcomes.append(OutcomeReasons(
            outcome=outcome, deals=sum(d.outcome == outcome for d in deals), interviews=len(mine),
            buyer_primary=tuple(pareto_from_counts(primary)), buyer_secondary=tuple(pareto_from_counts(secondary)),
            buyer_missing=sum(not i.buyer_reason for i in mine),
            quotes=tuple(text for iid, text in quotes if iid in ids)[:QUOTES_SHOWN],
            rep=tuple(pareto_from_counts(rep)),
            rep_missing=sum(d.outcome == outcome and not d.rep_reason for d in deals),
        ))  # fmt: skip
    both = [(i, by_deal[i.deal_id]) for i in interviews if i.buyer_reason and by_deal[i.deal_id].rep_reason]
    differ = [(i, d) for i, d in both if RepReason(i.buyer_reason) != RepReason(d.rep_reason)]
    return Reasons(
        outcomes=tuple(outcomes), mismatch=Rate(len(differ), len(both)),
        by_team=_groups(both, differ, lambda deal: deal.rep_team),
        by_segment=_groups(both, differ, lambda deal: deal.segment),
        mismatch_missing=len(interviews) - len(both),
    )


def _known(values: list[str] | None) -> list[RepReason]:
    """The secondary reasons that are still on the closed list (older values the list no longer has are skipped)."""
    known = {reason.value: reason for reason in RepReason}
    return [known[value] for value in values or () if value in known]


def _groups(both: list[tuple[Row, Row]], differ: list[tuple[Row, Row]], key: Callable[[Row], str | None]
            ) -> tuple[MismatchGroup, ...]:
    """Mismatch per group (``key`` of the deal, ``Not recorded`` when empty), the largest first."""
    total = Counter(key(deal) or NOT_RECORDED for _, deal in both)
    apart = Counter(key(deal) or NOT_RECORDED for _, deal in differ)
    rows = [MismatchGroup(label, Rate(apart[label], n)) for label, n in total.items()]
    return tuple(sorted(rows, key=lambda group: (-group.rate.n, group.label)))
