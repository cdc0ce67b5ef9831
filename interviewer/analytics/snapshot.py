"""The closed deals as columns of small integers, read once, so every dashboard figure is a numpy count.

A dashboard over 100,000 deals must refresh within a few hundred milliseconds.
Reading the rows through the ORM costs about a second; here the deals are read
with the driver's cursor into arrays (outcome, close day, segment, competitor,
rep team, reason, and the account's industry and region as codes into label
lists; the amount in cents and its currency; the account's employees, for the
approved criteria's deal rules), and a fingerprint (how many deals and interviews, the latest change
to each) says whether a kept snapshot still holds. Figures are then ``numpy.bincount`` over a mask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewer.analytics.figures import DealFact
from interviewer.enums import Outcome, RepReason, named_competitor
from interviewer.models import Deal, Interview

OUTCOMES = (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)
WON, LOST, NO_DECISION = 0, 1, 2
REASONS = tuple(RepReason)
NONE = -1
"""The code of a missing value (no segment, no named competitor, no reason, no close date)."""


@dataclass(frozen=True)
class Codes:
    """One categorical column: a code per deal, and the label of each code."""

    codes: np.ndarray
    labels: tuple[str, ...]

    def code_of(self, label: str) -> int:
        return self.labels.index(label) if label in self.labels else NONE


@dataclass(frozen=True)
class Snapshot:
    """The closed deals as arrays, in deal-id order."""

    ids: np.ndarray
    outcome: np.ndarray
    """0 won, 1 lost, 2 no decision."""
    day: np.ndarray
    """The close date as a proleptic ordinal (``date.toordinal()``); NONE when missing."""
    segment: Codes
    competitor: Codes
    """Named competitors only: no competitor and unknown ones are NONE."""
    team: Codes
    reason: np.ndarray
    """Index into REASONS, or NONE."""
    cents: np.ndarray
    """The amount in hundredths of its currency (integers, so sums are exact); NONE when the deal has none."""
    currency: Codes
    industry: Codes
    region: Codes
    employees: np.ndarray
    """The account's employee count; NONE when missing."""
    fingerprint: tuple[object, ...] = ()

    def __len__(self) -> int:
        return int(self.ids.size)

    def mask(self, start: date | None = None, end: date | None = None, segment: str | None = None,
             competitor: str | None = None) -> np.ndarray:
        """The deals closed from ``start`` to ``end`` (inclusive), of a segment and against a competitor if given."""
        keep = np.ones(len(self), dtype=bool)
        if start is not None:
            keep &= self.day >= start.toordinal()
        if end is not None:
            keep &= (self.day <= end.toordinal()) & (self.day != NONE)
        if segment is not None:
            keep &= self.segment.codes == self.segment.code_of(segment)
        if competitor is not None:
            keep &= self.competitor.codes == self.competitor.code_of(competitor)
        return keep

    def facts(self, keep: np.ndarray) -> list[DealFact]:
        """The kept deals as ``DealFact`` rows (for the figure functions that take rows)."""
        rows = []
        for index in np.flatnonzero(keep):
            rows.append(DealFact(
                OUTCOMES[self.outcome[index]],
                date.fromordinal(int(self.day[index])) if self.day[index] != NONE else None,
                _label(self.segment, index), _label(self.competitor, index), _label(self.team, index),
                REASONS[self.reason[index]] if self.reason[index] != NONE else None,
            ))  # fmt: skip
        return rows

    def amounts(self, keep: np.ndarray) -> tuple[dict[str, Decimal], int]:
        """The kept deals' amounts summed per currency (exactly), and how many kept deals have an amount."""
        priced = keep & (self.cents != NONE)
        sums: dict[str, Decimal] = {}
        for code, label in enumerate(self.currency.labels):
            chosen = priced & (self.currency.codes == code)
            if chosen.any():
                sums[label] = Decimal(int(self.cents[chosen].sum())).scaleb(-2)
        return sums, int(np.count_nonzero(priced))


def fingerprint(session: Session) -> tuple[object, ...]:
    """What changes when deals or interviews change: their counts and latest updates."""
    deals = session.execute(select(func.count(Deal.id), func.max(Deal.updated_at))).one()
    interviews = session.execute(select(func.count(Interview.id), func.max(Interview.updated_at))).one()
    return (*deals, *interviews)


def read_snapshot(session: Session) -> Snapshot:
    """Every closed deal, read with the driver's cursor into arrays."""
    stamp = fingerprint(session)
    cursor = session.connection().exec_driver_sql(
        "SELECT d.id, d.outcome, d.close_date, a.segment, d.competitor, d.rep_team, d.rep_reason, d.amount, "
        "d.currency, a.industry, a.region, a.employee_count "
        "FROM deals d LEFT JOIN accounts a ON a.id = d.account_id "
        "WHERE d.outcome IN ('won', 'lost', 'no_decision') ORDER BY d.id"
    )
    rows = cursor.fetchall()
    count = len(rows)
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
    outcome_code = {o.value: i for i, o in enumerate(OUTCOMES)}
    outcome = np.fromiter((outcome_code[row[1]] for row in rows), dtype=np.int8, count=count)
    day = np.fromiter((_ordinal(row[2]) for row in rows), dtype=np.int32, count=count)
    reason_code = {r.value: i for i, r in enumerate(REASONS)}
    reason = np.fromiter((reason_code.get(row[6], NONE) for row in rows), dtype=np.int16, count=count)
    return Snapshot(
        ids=ids, outcome=outcome, day=day,
        segment=_encode((row[3] for row in rows), count),
        competitor=_encode((named_competitor(row[4]) for row in rows), count),
        team=_encode((row[5] for row in rows), count),
        reason=reason, fingerprint=stamp,
        cents=np.fromiter((_cents(row[7]) for row in rows), dtype=np.int64, count=count),
        currency=_encode(((row[8] or "").upper() for row in rows), count),
        industry=_encode((row[9] for row in rows), count), region=_encode((row[10] for row in rows), count),
        employees=np.fromiter((NONE if row[11] is None else row[11] for row in rows), dtype=np.int64, count=count),
    )  # fmt: skip


def _encode(values, count: int) -> Codes:  # type: ignore[no-untyped-def]
    """Codes for a column of optional labels (empty text counts as missing), labels in order of first sight."""
    index: dict[str, int] = {}
    codes = np.empty(count, dtype=np.int32)
    for position, value in enumerate(values):
        text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
        if not text:
            codes[position] = NONE
            continue
        code = index.get(text)
        if code is None:
            code = index[text] = len(index)
        codes[position] = code
    return Codes(codes, tuple(index))


def _ordinal(value: object) -> int:
    if value is None:
        return NONE
    if isinstance(value, date):
        return value.toordinal()
    text = str(value)
    return date(int(text[:4]), int(text[5:7]), int(text[8:10])).toordinal()


def _cents(value: object) -> int:
    """An amount (Decimal from PostgreSQL, a number from SQLite) in hundredths; NONE when missing.

    Through a float, which is exact to the cent far beyond any deal's size and several times faster than Decimal
    arithmetic over 100,000 rows."""
    return NONE if value is None else round(float(value) * 100)  # type: ignore[arg-type]


def _label(column: Codes, index: int) -> str | None:
    code = int(column.codes[index])
    return column.labels[code] if code != NONE else None
