"""The Deals area's access to one database, each call in its own short session.

The window builds a ``DealReader`` off the UI thread (where SQLAlchemy is
first imported) and then calls it from any thread: it holds no session.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from interviewer.records import DealDetail, DealFilter, DealRow
from interviewer.services import deals
from interviewer.services.deal_index import DealIndex


class DealReader:
    """Reads deals for display; safe to share between threads.

    Filtering uses an in-memory ``DealIndex``, read on first use and again
    after ``reload()`` (when deals were imported or changed elsewhere).
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._index: DealIndex | None = None
        self._lock = threading.Lock()

    @property
    def index_ready(self) -> bool:
        """Whether filtering is now a matter of milliseconds (the index is in memory)."""
        return self._index is not None

    def _loaded(self) -> DealIndex:
        if self._index is None:
            with self._sessions() as session:
                self._index = DealIndex.load(session)
        return self._index

    def ids(self, deal_filter: DealFilter) -> list[int]:
        """The matching deal ids in order; the first call reads the index (seconds on 100,000 deals)."""
        with self._lock:
            return self._loaded().ids(deal_filter)

    def total(self) -> int:
        """How many deals the database holds, open ones included."""
        with self._lock:
            return len(self._loaded())

    def reload(self) -> None:
        """Forget the index; the next query reads every deal again."""
        with self._lock:
            self._index = None

    def rows(self, ids: Sequence[int]) -> dict[int, DealRow]:
        with self._sessions() as session:
            return deals.deal_rows(session, ids)

    def detail(self, deal_id: int) -> DealDetail | None:
        with self._sessions() as session:
            return deals.deal_detail(session, deal_id)
