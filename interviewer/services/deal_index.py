"""Filtering and sorting deals in memory, so every keystroke in the filter box is answered at once.

A ``DealIndex`` reads, in one query, what the filter and the sort orders need
for every deal: a lower-cased search text and the sort keys. Filtering 100,000
deals is then a pass over strings (tens of milliseconds) where the equivalent
SQL ``LIKE`` over joined columns takes several hundred on SQLite. Row contents
are still read from the database, a page at a time, by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Float, String, select, type_coerce
from sqlalchemy.orm import Session

from interviewer.enums import Outcome, RepReason
from interviewer.models import Account, Deal
from interviewer.records import DealFilter

SEPARATOR = "\x1f"
"""Between fields of the search text: no typed word contains it, so a word never spans two fields."""

BASES_KEPT = 8
"""How many text-less filters (outcome, period, order) keep their result for instant reuse."""

SORT_KEYS = ("account", "outcome", "amount", "close_date", "segment", "competitor", "rep_reason")
"""The orders the Deals table offers (its column keys)."""


class DealIndex:
    """Every deal's search text and sort keys, column by column; answers ``DealFilter`` without SQL.

    Typing usually extends the previous filter text; the index then narrows the
    previous result instead of scanning every deal again.
    """

    def __init__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        entries = [_entry(*row) for row in rows]
        self._ids = [e[0] for e in entries]
        self._texts = [e[1] for e in entries]
        self._outcomes = [e[2] for e in entries]
        self._closed = [e[3] for e in entries]
        self._keys = [[e[4][column] for e in entries] for column in range(len(SORT_KEYS))]
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._bases: dict[DealFilter, tuple[list[int], list[int]]] = {}
        self._last: tuple[DealFilter, list[int]] | None = None

    @classmethod
    def load(cls, session: Session) -> DealIndex:
        """Read what the index needs for every deal in one Core query, without per-value conversions."""
        raw = {"outcome": String, "close_date": String, "rep_reason": String, "amount": Float}
        columns = [
            type_coerce(column, raw[column.key]) if column.key in raw and column.table is Deal.__table__ else column
            for column in (
                Deal.id, Deal.outcome, Deal.close_date, Deal.amount, Deal.competitor, Deal.rep_reason,
                Deal.owner_rep, Deal.name, Account.name, Account.segment, Account.industry, Account.region,
            )
        ]
        query = select(*columns).outerjoin(Account, Deal.account_id == Account.id)
        return cls(session.connection().execute(query).all())

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self, deal_filter: DealFilter) -> list[int]:
        """The ids of the deals passing ``deal_filter``, in its order (empty values last, ties by id)."""
        if deal_filter.sort not in SORT_KEYS:
            raise ValueError(f"cannot sort deals by {deal_filter.sort!r}")
        words = deal_filter.text.casefold().split()
        if not words:
            return list(self._base(deal_filter)[1])
        positions = self._narrowable(deal_filter)
        if positions is None:
            positions = self._base(deal_filter)[0]
        texts = self._texts
        for word in words:
            positions = [i for i in positions if word in texts[i]]
        self._last = (deal_filter, positions)
        ids = self._ids
        return [ids[i] for i in positions]

    def _base(self, deal_filter: DealFilter) -> tuple[list[int], list[int]]:
        """Positions and ids passing everything but the text, in order; kept for the last few filters."""
        key = replace(deal_filter, text="")
        if key not in self._bases:
            positions = self._order(deal_filter.sort, deal_filter.descending)
            outcomes = self._outcomes
            if deal_filter.outcome is not None:
                wanted = deal_filter.outcome.value
                positions = [i for i in positions if outcomes[i] == wanted]
            if not deal_filter.include_open:
                positions = [i for i in positions if outcomes[i] != Outcome.OPEN.value]
            if deal_filter.closed_since is not None:
                closed, since = self._closed, deal_filter.closed_since.isoformat()
                positions = [i for i in positions if closed[i] is not None and closed[i] >= since]
            if len(self._bases) >= BASES_KEPT:
                self._bases.pop(next(iter(self._bases)))
            ids = self._ids
            self._bases[key] = (positions, [ids[i] for i in positions])
        return self._bases[key]

    def _narrowable(self, deal_filter: DealFilter) -> list[int] | None:
        """The previous result, if ``deal_filter`` only extends its text (so can only remove deals)."""
        if self._last is None:
            return None
        previous, positions = self._last
        same_rest = replace(previous, text="") == replace(deal_filter, text="")
        return positions if same_rest and deal_filter.text.casefold().startswith(previous.text.casefold()) else None

    def _order(self, sort: str, descending: bool) -> list[int]:
        """Positions in sort order, computed once per key and direction."""
        if (sort, descending) not in self._orders:
            keys, ids = self._keys[SORT_KEYS.index(sort)], self._ids
            present = sorted((i for i, key in enumerate(keys) if key is not None), key=lambda i: (keys[i], ids[i]))
            missing = sorted((i for i, key in enumerate(keys) if key is None), key=ids.__getitem__)
            if descending:
                present.reverse()
                missing.reverse()
            self._orders[(sort, descending)] = present + missing
        return self._orders[(sort, descending)]


_OUTCOME_LABELS = {outcome.value: outcome.label.casefold() for outcome in Outcome}
_REASON_LABELS = {reason.value: reason.label.casefold() for reason in RepReason}


def _entry(
    deal_id: int,
    outcome: str,
    close_date: object,
    amount: float | None,
    competitor: str | None,
    reason: str | None,
    owner: str | None,
    deal_name: str | None,
    account: str | None,
    segment: str | None,
    industry: str | None,
    region: str | None,
) -> tuple[int, str, str, str | None, tuple[Any, ...]]:
    """(id, search text, outcome value, ISO close date, sort keys) of one deal, from raw column values."""
    closed = str(close_date)[:10] if close_date is not None else None
    account_key = account.casefold() if account else None
    segment_key = segment.casefold() if segment else None
    competitor_key = competitor.casefold() if competitor else None
    text = SEPARATOR.join(
        (
            account_key or "",
            segment_key or "",
            (industry or "").casefold(),
            (region or "").casefold(),
            competitor_key or "",
            (owner or "").casefold(),
            (deal_name or "").casefold(),
            _OUTCOME_LABELS[outcome],
            _REASON_LABELS[reason] if reason else "",
        )
    )
    return deal_id, text, outcome, closed, (account_key, outcome, amount, closed, segment_key, competitor_key, reason)
