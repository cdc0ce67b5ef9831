"""A candidate's score (0–100) and the reasons it was picked, in words.

score = 100 × (w_f·freshness + w_s·size + w_a·authority + w_c·competitor) / Σw, where
freshness = 1 − days since close / freshness limit (at least 0), size = the
amount's percentile among the eligible deals (ties share the middle rank;
amounts are compared as stored, whatever their currency), authority = 1 for a
decision maker, 0.7 influencer, 0.4 procurement, 0.3 user, 0.1 unknown, and
competitor = 1 when the deal met a competitor of interest.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date

from interviewer.criteria.definition import CriteriaDefinition
from interviewer.enums import Authority, Outcome
from interviewer.selection.rules import NOT_A_RIVAL, money

AUTHORITY_VALUE: dict[Authority, float] = {
    Authority.DECISION_MAKER: 1.0,
    Authority.INFLUENCER: 0.7,
    Authority.PROCUREMENT: 0.4,
    Authority.USER: 0.3,
    Authority.UNKNOWN: 0.1,
}


class Scorer:
    """Scores deals of one eligible pool under one definition."""

    def __init__(self, definition: CriteriaDefinition, today: date, amounts: Iterable[float | None]) -> None:
        w = definition.weights
        total = w.freshness + w.deal_size + w.authority + w.competitor
        self._weights = (w.freshness / total, w.deal_size / total, w.authority / total, w.competitor / total)
        self._today = today.toordinal()
        self._freshness_days = definition.freshness_days
        self._amounts = sorted(a if a is not None else 0.0 for a in amounts)
        self._interest = frozenset(c.casefold() for c in definition.competitors_of_interest)
        self._freshness: dict[date, float] = {}
        self._interesting: dict[str | None, bool] = {}
        self._sizes: dict[float | None, float] = {}

    def of_interest(self, competitor: str | None) -> bool:
        try:
            return self._interesting[competitor]
        except KeyError:
            found = self._interesting[competitor] = competitor is not None and competitor.casefold() in self._interest
            return found

    def size(self, amount: float | None) -> float:
        """The amount's percentile among the pool, 0–1 (a missing amount counts as 0)."""
        try:
            return self._sizes[amount]
        except KeyError:
            size = self._sizes[amount] = self._size(amount)
            return size

    def _size(self, amount: float | None) -> float:
        amounts = self._amounts
        if not amounts:
            return 0.0
        value = amount if amount is not None else 0.0
        return (bisect_left(amounts, value) + bisect_right(amounts, value)) / (2 * len(amounts))

    def score(self, close_date: date, amount: float | None, authority: Authority, competitor: str | None) -> float:
        """0–100, one decimal."""
        wf, ws, wa, wc = self._weights
        freshness = self._freshness.get(close_date)
        if freshness is None:
            days = max(0, self._today - close_date.toordinal())
            freshness = self._freshness[close_date] = max(0.0, 1.0 - days / self._freshness_days)
        size = self._sizes.get(amount)
        if size is None:
            size = self.size(amount)
        value = wf * freshness + ws * size + wa * AUTHORITY_VALUE[authority]
        if wc and self.of_interest(competitor):
            value += wc
        return round(100 * value, 1)


def ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def reasons(
    *,
    outcome: Outcome,
    days: int,
    competitor: str | None,
    amount: float | None,
    currency: str,
    title: str | None,
    authority: Authority,
    segment: str | None,
    of_interest: bool,
) -> list[str]:
    """["Lost to Brightfold 12 days ago", "$48,000", "VP Operations, decision maker", "Mid-Market", "competitor of interest"]."""
    rival = competitor if competitor not in NOT_A_RIVAL else None
    when = ago(days)
    if outcome is Outcome.LOST:
        first = f"Lost to {rival} {when}" if rival else f"Lost {when}"
    elif outcome is Outcome.WON:
        first = f"Won against {rival} {when}" if rival else f"Won {when}"
    else:
        first = f"No decision {when}" + (f", {rival} in the running" if rival else "")
    found = [first]
    if amount is not None:
        found.append(money(amount, currency))
    role = authority.label.lower()
    found.append(f"{title.strip()}, {role}" if title and title.strip() else f"no job title, {role}")
    if segment:
        found.append(segment)
    if of_interest:
        found.append("competitor of interest")
    return found
