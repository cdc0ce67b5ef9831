"""The program in memory: every closed deal's and every contact's values that selection rules read.

Reading 100,000 deals and 300,000 contacts per call costs more than the whole
selection budget on SQLite, so ``ProgramSnapshot`` reads them once, into
parallel lists (one per column, deals sorted by close date so the window is a
slice), and every later ``select`` / ``funnel`` / ``coverage`` evaluates its
rules over them in Python. The database still computes what it computed
before: a contact's email domain and whether it has no email nor phone.

The cache (one snapshot per engine) is kept fresh by ``version``: see
``freshness.py``.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, String, and_, func, select, type_coerce
from sqlalchemy.engine import Connection

from interviewer.enums import Outcome
from interviewer.models import Account, Contact, Deal, DealContact
from interviewer.selection.rules import email_domain_sql

_OPEN = Outcome.OPEN.value
REACHES_KEPT = 8
_memo_lock = threading.Lock()
UNKNOWN_REACH = 255


@dataclass(frozen=True, slots=True)
class ProgramSnapshot:
    """Closed deals (dated ones sorted by close date, then id) and contacts, column by column.

    Position i of every deal list is one deal; position j of every contact list
    is one contact. Links are flat arrays, so the snapshot is a few dozen
    objects for the garbage collector, not hundreds of thousands.
    """

    deal_id: list[int]
    outcome: list[str]
    closed: list[int]
    """Close date as an ordinal (the sort key of the deal lists)."""
    amount: list[float | None]
    competitor: list[str | None]
    segment: list[str | None]
    industry: list[str | None]
    region: list[str | None]
    employees: list[int | None]
    link_start: array[int]
    """Deal i's links are positions link_start[i] to link_start[i + 1] of the two lists below."""
    link_contact: array[int]
    """The linked contact's position."""
    link_primary: array[int]
    contact_id: list[int]
    title: list[str | None]
    domain: list[str | None]
    blank: list[bool]
    """No email and no phone (both empty once trimmed)."""
    do_not_contact: list[bool]
    interviewed: list[int | None]
    """Last interviewed on, as an ordinal."""
    closed_by_outcome: Counter[str]
    """Every closed deal per outcome value, undated ones included (for "outside the window" counts)."""
    reaches: dict[tuple[Any, ...], bytearray] = field(default_factory=dict, compare=False, repr=False)
    """Per list of contact rules (their keys): each contact's reach, filled as contacts are checked (255: not yet).

    Two threads may fill the same entry at once: both write the same value.
    """

    def reach_memo(self, key: tuple[Any, ...]) -> bytearray:
        """The remembered contact reaches for the contact rules ``key`` (a few lists are kept)."""
        with _memo_lock:
            found = self.reaches.get(key)
            if found is None:
                while len(self.reaches) >= REACHES_KEPT:
                    self.reaches.pop(next(iter(self.reaches)))
                found = self.reaches[key] = bytearray(b"\xff") * len(self.contact_id)
            return found

    def window(self, start: date, end: date) -> range:
        """Positions of the deals closed from ``start`` to ``end`` inclusive."""
        return range(bisect_left(self.closed, start.toordinal()), bisect_right(self.closed, end.toordinal()))

    def deal_column(self, name: str) -> list[Any]:
        return getattr(self, name)  # type: ignore[no-any-return]

    def contact_column(self, name: str) -> list[Any]:
        return getattr(self, name)  # type: ignore[no-any-return]


def load_snapshot(connection: Connection) -> ProgramSnapshot:
    """Read the snapshot in three queries (deals with their account, contacts, links)."""
    days = _Ordinals()
    strings: dict[Any, Any] = {}
    intern = strings.setdefault
    deal_rows = connection.execute(
        select(
            Deal.id, type_coerce(Deal.outcome, String), type_coerce(Deal.close_date, String), type_coerce(Deal.amount, Float),
            Deal.competitor, Account.segment, Account.industry, Account.region, Account.employee_count,
        )
        .outerjoin(Account, Account.id == Deal.account_id)
        .where(type_coerce(Deal.outcome, String) != _OPEN)
    ).all()
    closed_by_outcome = Counter(row[1] for row in deal_rows)
    dated = sorted(((days(row[2]), row) for row in deal_rows if row[2] is not None), key=lambda pair: (pair[0], pair[1][0]))
    position_of = {row[0]: index for index, (_, row) in enumerate(dated)}
    dialect = connection.dialect.name
    blank = and_(func.trim(func.coalesce(Contact.email, "")) == "", func.trim(func.coalesce(Contact.phone, "")) == "")
    contact_rows = connection.execute(
        select(
            Contact.id, Contact.title, email_domain_sql(dialect), type_coerce(blank, Integer),
            type_coerce(Contact.do_not_contact, Integer), type_coerce(Contact.last_interviewed_on, String),
        ).order_by(Contact.id)
    ).all()
    contact_at = {row[0]: index for index, row in enumerate(contact_rows)}
    links: list[list[tuple[int, int]]] = [[] for _ in dated]
    for deal_id, contact_id, primary in connection.execute(
        select(DealContact.deal_id, DealContact.contact_id, type_coerce(DealContact.is_primary, Integer))
    ):
        deal_at, contact = position_of.get(deal_id), contact_at.get(contact_id)
        if deal_at is not None and contact is not None:
            links[deal_at].append((contact, 1 if primary else 0))
    starts = [0]
    for pairs in links:
        starts.append(starts[-1] + len(pairs))
    return ProgramSnapshot(
        deal_id=[row[0] for _, row in dated],
        outcome=[intern(row[1], row[1]) for _, row in dated],
        closed=[ordinal for ordinal, _ in dated],
        amount=[row[3] for _, row in dated],
        competitor=[intern(row[4], row[4]) for _, row in dated],
        segment=[intern(row[5], row[5]) for _, row in dated],
        industry=[intern(row[6], row[6]) for _, row in dated],
        region=[intern(row[7], row[7]) for _, row in dated],
        employees=[row[8] for _, row in dated],
        link_start=array("l", starts),
        link_contact=array("l", (contact for pairs in links for contact, _ in pairs)),
        link_primary=array("b", (primary for pairs in links for _, primary in pairs)),
        contact_id=[row[0] for row in contact_rows],
        title=[intern(row[1], row[1]) for row in contact_rows],
        domain=[intern(row[2], row[2]) for row in contact_rows],
        blank=[bool(row[3]) for row in contact_rows],
        do_not_contact=[bool(row[4]) for row in contact_rows],
        interviewed=[None if row[5] is None else days(row[5]) for row in contact_rows],
        closed_by_outcome=closed_by_outcome,
    )


class _Ordinals(dict):  # type: ignore[type-arg]
    """ISO text (SQLite) or date text (PostgreSQL, read as String) → date ordinal, each distinct value once."""

    def __call__(self, value: Any) -> int:
        try:
            return self[value]  # type: ignore[no-any-return]
        except KeyError:
            text = value.isoformat() if isinstance(value, date) else str(value)
            ordinal = self[value] = date.fromisoformat(text[:10]).toordinal()
            return ordinal
