"""The values a program actually holds (segments, industries, regions, competitors), for choosers in forms."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.models import Account, Deal


@dataclass(frozen=True)
class ProgramValues:
    """Distinct, sorted, non-empty values of the columns criteria filter on."""

    segments: tuple[str, ...]
    industries: tuple[str, ...]
    regions: tuple[str, ...]
    competitors: tuple[str, ...]


def program_values(session: Session) -> ProgramValues:
    """Read the distinct values once (a few small indexed scans)."""

    def distinct(column: object) -> tuple[str, ...]:
        values = session.scalars(select(column).where(column.is_not(None)).distinct())  # type: ignore[attr-defined]
        return tuple(sorted((v for v in values if v and v.strip()), key=str.casefold))

    return ProgramValues(distinct(Account.segment), distinct(Account.industry), distinct(Account.region),
                         distinct(Deal.competitor))  # fmt: skip
