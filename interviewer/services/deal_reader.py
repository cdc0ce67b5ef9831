"""The Deals area's access to one database, each call in its own short session.

The window builds a ``DealReader`` off the UI thread (where SQLAlchemy is
first imported) and then calls it from any thread: it holds no session.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from interviewer.records import DealDetail, DealFilter, DealRow
from interviewer.services import deals


class DealReader:
    """Reads deals for display; safe to share between threads."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def ids(self, deal_filter: DealFilter) -> list[int]:
        with self._sessions() as session:
            return deals.matching_deal_ids(session, deal_filter)

    def total(self) -> int:
        with self._sessions() as session:
            return deals.count_deals(session)

    def rows(self, ids: Sequence[int]) -> dict[int, DealRow]:
        with self._sessions() as session:
            return deals.deal_rows(session, ids)

    def detail(self, deal_id: int) -> DealDetail | None:
        with self._sessions() as session:
            return deals.deal_detail(session, deal_id)
