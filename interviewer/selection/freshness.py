"""One program snapshot per engine, reused while the data it was read from is unchanged.

Two checks tell whether a cached snapshot is still the data:

- Writes made through SQLAlchemy in this process. Every statement that is
  not a read and names a table the snapshot reads marks its connection; when
  that connection commits, a process-wide generation moves on (so every
  engine's snapshot is dropped, even an engine opened on the same file). A
  connection holding such uncommitted writes reads its own snapshot, never
  cached: it sees its writes, and nobody else sees them if they roll back.
- Writes by other processes (another window, the command line, an import):
  ``fingerprint`` — counts and top ids of deals, contacts, links and
  accounts, and the latest deal change (tens of milliseconds on 100,000
  deals). It sees added and removed rows and changed deals; a contact or
  account edited in place by another process is not seen until this process
  writes or restarts. On SQLite it is read only when ``PRAGMA data_version``
  says another connection committed since this connection last checked, so
  the usual check costs well under a millisecond.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool

from interviewer.models import Account, Contact, Deal, DealContact
from interviewer.selection.snapshot import ProgramSnapshot, load_snapshot

_WATCHED = ("deals", "contacts", "deal_contacts", "accounts")
_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "BEGIN", "SHOW", "SET", "WITH")
_DIRTY = "selection_snapshot_dirty"
_CONFIRMED = "selection_snapshot_confirmed"

_lock = threading.Lock()
_generation = 0
_cache: WeakKeyDictionary[Engine, _Cached] = WeakKeyDictionary()
_tokens = itertools.count(1)
_loading: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()


def generation() -> int:
    """How many committed transactions in this process have written to the tables the snapshot reads."""
    return _generation


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    head = statement.lstrip()[:10].upper()
    if not head.startswith(_READS):
        lowered = statement.lower()
        if any(table in lowered for table in _WATCHED):
            conn.info[_DIRTY] = True


@event.listens_for(Engine, "commit")
def _committed(conn: Connection) -> None:
    global _generation
    if conn.info.pop(_DIRTY, False):
        with _lock:
            _generation += 1


@event.listens_for(Engine, "rollback")
def _rolled_back(conn: Connection) -> None:
    conn.info.pop(_DIRTY, None)


@event.listens_for(Pool, "reset")
def _reset(dbapi_connection: Any, record: Any, reset_state: Any) -> None:
    record.info.pop(_DIRTY, None)


def fingerprint(connection: Connection) -> tuple[Any, ...]:
    """What changes when another process adds, removes or edits deals, or adds or removes contacts and links."""
    query = select(
        select(func.count()).select_from(Deal).scalar_subquery(),
        select(func.max(Deal.id)).scalar_subquery(),
        select(func.max(Deal.updated_at)).scalar_subquery(),
        select(func.count()).select_from(Contact).scalar_subquery(),
        select(func.max(Contact.id)).scalar_subquery(),
        select(func.count()).select_from(DealContact).scalar_subquery(),
        select(func.count()).select_from(Account).scalar_subquery(),
        select(func.max(Account.id)).scalar_subquery(),
    )
    return tuple(connection.execute(query).one())


@dataclass(frozen=True)
class _Cached:
    generation: int
    marks: tuple[Any, ...]
    snapshot: ProgramSnapshot
    token: int


def program_snapshot(connection: Connection, load: Callable[[Connection], ProgramSnapshot] | None = None) -> ProgramSnapshot:
    """The snapshot of the program ``connection`` reads: the cached one if still current, else read now (``load``)."""
    load = load or load_snapshot
    if connection.info.get(_DIRTY):
        return load(connection)  # this transaction's own writes: read them, keep them to itself
    engine = connection.engine
    with _lock:
        loading = _loading.setdefault(engine, threading.Lock())
    with loading:  # one load per engine at a time; the other threads wait and reuse it
        seen = _generation
        version = _data_version(connection)
        with _lock:
            cached = _cache.get(engine)
        if cached is not None and cached.generation == seen:
            if version is not None and connection.info.get(_CONFIRMED) == (cached.token, version):
                return cached.snapshot  # nobody else committed anything since this connection last checked
            marks = fingerprint(connection)
            if marks == cached.marks:
                connection.info[_CONFIRMED] = (cached.token, version)
                return cached.snapshot
        else:
            marks = fingerprint(connection)
        cached = _Cached(seen, marks, load(connection), next(_tokens))
        connection.info[_CONFIRMED] = (cached.token, version)
        with _lock:
            _cache[engine] = cached
        return cached.snapshot


def _data_version(connection: Connection) -> int | None:
    """SQLite's count of commits by other connections, as this connection sees it (None on other databases)."""
    if connection.dialect.name != "sqlite":
        return None
    return int(connection.exec_driver_sql("PRAGMA data_version").scalar_one())


def forget(engine: Engine | None = None) -> None:
    """Drop the cached snapshot of ``engine`` (of every engine when None)."""
    with _lock:
        if engine is None:
            _cache.clear()
        else:
            _cache.pop(engine, None)
