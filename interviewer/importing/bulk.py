"""Bulk inserts that cost little more than the driver's own ``executemany``.

SQLAlchemy's typed ``insert(table)`` runs every bound value of every row
through its type's processor (dates to text and decimals to floats on SQLite,
enumerations to their values, UTC checks on timestamps). Imports repeat the
same few values thousands of times, so :class:`BulkInsert` asks the column
types for the very same processors but memoises their results per value,
then hands plain tuples to the DBAPI cursor in one ``executemany``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

_MEMO_LIMIT = 50_000


class BulkInsert:
    """``INSERT INTO table (columns…) VALUES (…)`` for many rows given as tuples in ``columns`` order."""

    def __init__(self, table: Table, columns: Sequence[str], dialect: Dialect) -> None:
        self.columns = tuple(columns)
        quote = dialect.identifier_preparer.quote
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self.sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in self.columns)}) "
            f"VALUES ({', '.join(marker for _ in self.columns)})"
        )
        self._processors: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
        for position, name in enumerate(self.columns):
            process = table.c[name].type._cached_bind_processor(dialect)  # what a typed insert would apply
            if process is not None:
                self._processors.append((position, process, {}))

    def execute(self, connection: Connection, rows: Sequence[Sequence[Any]]) -> int:
        """Insert ``rows`` (each a sequence of values in ``columns`` order); returns how many."""
        if not rows:
            return 0
        if not self._processors:
            connection.exec_driver_sql(self.sql, [tuple(row) for row in rows])
            return len(rows)
        prepared = [list(row) for row in rows]
        for position, process, memo in self._processors:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            for values in prepared:
                value = values[position]
                if value is not None:
                    try:
                        values[position] = memo[value]
                    except KeyError:
                        values[position] = memo[value] = process(value)
        connection.exec_driver_sql(self.sql, [tuple(values) for values in prepared])
        return len(prepared)


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int] | None:
    """``count`` primary keys for new rows of ``table``, so they can go in with one plain ``executemany``.

    SQLite gives a new row the largest id plus one, and the caller's open
    write transaction keeps anyone else from inserting meanwhile; PostgreSQL
    hands out values of the column's sequence. None on other engines (insert
    with RETURNING there).
    """
    if count <= 0:
        return []
    name = connection.dialect.name
    if name == "sqlite":
        quote = connection.dialect.identifier_preparer.quote
        top = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {quote(table.name)}").scalar() or 0
        return list(range(top + 1, top + 1 + count))
    if name == "postgresql":
        rows = connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", (table.name, count)
        )
        return [row[0] for row in rows]
    return None


class SqliteBulkLoad:
    """Loading many rows into a SQLite table inside the caller's transaction, as SQLite loads fastest.

    The table's secondary indexes are dropped and rebuilt once at the end
    (sorting 100,000 keys beats 100,000 scattered B-tree inserts), and CHECK
    constraints are not re-evaluated for each inserted row: the importer
    writes only values it has validated (outcomes and reasons from their
    enumerations, amounts refused when negative). Everything happens in the
    transaction, so a rollback brings the indexes back untouched; the unique
    constraint the import relies on is an automatic index and is never dropped.
    """

    MIN_ROWS = 20_000
    """Below this many new rows the rebuild costs more than it saves."""

    def __init__(self, connection: Connection, table: str) -> None:
        self.connection = connection
        self.indexes: list[tuple[str, str]] = [
            (name, sql)
            for name, sql in connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (table,),
            )
        ]
        quote = connection.dialect.identifier_preparer.quote
        for name, _ in self.indexes:
            connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
        connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        self._checks_off = True

    def restore(self) -> None:
        """Rebuild the indexes and check constraints again (before the transaction commits)."""
        self.close()
        for _, sql in self.indexes:
            self.connection.exec_driver_sql(sql)
        self.indexes = []

    def close(self) -> None:
        """Evaluate CHECK constraints again on this connection; safe to call more than once, and after an error."""
        if self._checks_off:
            self._checks_off = False
            with suppress(Exception):  # a broken connection is discarded anyway
                self.connection.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")
