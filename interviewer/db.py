"""Opening a database: SQLite (WAL) or PostgreSQL, checked before anything is written.

``open_database`` refuses a file that is not a SQLite database, a database
written by a newer version of the app, and a server it cannot reach, each
with a message a user can act on, and touches nothing in those cases.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from interviewer import migrate
from interviewer.schema import HEAD_REVISION, KNOWN_REVISIONS
from interviewer.secrets import SecretStore

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """A database cannot be opened; ``str()`` is a sentence for the user."""


class NotADatabase(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    pass


class DatabaseUnreachable(DatabaseError):
    pass


class PasswordRequired(DatabaseError):
    pass


@dataclass
class Database:
    """An open database: its engine, a session factory and a label safe to show."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    migrated_from: str | None = None
    """The revision the schema was migrated from (None if it was created, or not migrated at all)."""
    backup_path: Path | None = None
    migrated: bool = False
    """Whether opening ran the migrations (to create the schema or to upgrade it)."""

    @property
    def label(self) -> str:
        return describe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def describe(url: URL | str) -> str:
    """A short description of a database for the status bar, never with a password."""
    parsed = make_url(str(url)) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "in-memory database"
    query = {key: value for key, value in parsed.query.items() if key.lower() != "password"}
    shown = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, query)
    return shown.render_as_string(hide_password=False).split("://", 1)[1]


def database_key(url: URL) -> str:
    """The keyring entry for a server database: user, host, port and name, never the password."""
    return f"db:{url.username or ''}@{url.host or ''}:{url.port or 5432}/{url.database or ''}"


def make_engine(url: URL) -> Engine:
    """An engine with the app's connection settings (WAL, foreign keys, busy timeout on SQLite)."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def open_database(
    url_text: str,
    secrets: SecretStore | None = None,
    *,
    password: str | None = None,
    create: bool = True,
    upgrade: bool = True,
) -> Database:
    """Open (and, if allowed, create or migrate) the database at ``url_text``.

    Raises a ``DatabaseError`` subclass with a user-facing message when the
    database cannot be used; in that case nothing has been written.
    """
    url = _parse(url_text)
    if url.get_backend_name() == "sqlite":
        revision = _inspect_sqlite(url, create)
    else:
        url = _with_password(url, secrets, password)
        revision = _inspect_server(url)

    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaTooNew(
            f"{describe(url)} was written by a newer version of Win-Loss Studio (schema {revision}). "
            "Update the app to open it; the database was not changed."
        )
    if revision != HEAD_REVISION and not upgrade:
        raise DatabaseError(f"{describe(url)} needs upgrading: run `winloss db upgrade --db URL`.")

    engine = make_engine(url)
    database = Database(url, engine, sessionmaker(engine, expire_on_commit=False))
    if revision != HEAD_REVISION:
        if revision is not None and database.is_sqlite and url.database:
            database.backup_path = migrate.backup_sqlite(Path(url.database), revision)
        migrate.upgrade(engine)
        database.migrated_from = revision
        database.migrated = True
    return database


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def _parse(url_text: str) -> URL:
    """The URL, if it names a database this app can use (SQLite or PostgreSQL)."""
    try:
        url = make_url(url_text)
    except (ArgumentError, ValueError) as exc:
        # the text is not repeated: it may hold a password
        raise DatabaseError("That is not a database address: give a SQLite file or a postgresql:// URL.") from exc
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseError(
            f"{url.get_backend_name()} databases are not supported: give a SQLite file or a postgresql:// URL."
        )
    return url


def _inspect_sqlite(url: URL, create: bool) -> str | None:
    """The schema revision of a SQLite file, read without writing to it (None for a new file)."""
    if not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    if path.is_dir():
        raise NotADatabase(f"{path} is a folder, not a database file.")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise DatabaseError(f"There is no database at {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        return None
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADatabase(f"{path} is not a Win-Loss Studio database (it is not a SQLite file). It was not changed.")
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?{_read_only_mode(path)}", uri=True)
        try:
            tables = {row[0] for row in connection.execute(_SQLITE_TABLES)}
            return _revision(tables, lambda: connection.execute(_VERSION).fetchall())
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"{path} cannot be read as a database ({exc}). It was not changed.") from exc


def _read_only_mode(path: Path) -> str:
    """How to open ``path`` for a look that leaves no trace.

    A read-only connection to a WAL database creates ``-wal`` and ``-shm``
    files beside it and, unable to checkpoint, leaves them there. When no
    companion file exists the main file holds every committed change, so it
    is read as immutable, which creates nothing; otherwise the companions
    already exist and a plain read-only connection sees their content.
    """
    companions = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
    return "mode=ro" if any(companion.exists() for companion in companions) else "mode=ro&immutable=1"


def _inspect_server(url: URL) -> str | None:
    """The schema revision of a server database (None when it holds no tables yet)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            return _revision(tables, lambda: connection.execute(text(_VERSION)).fetchall())
    except OperationalError as exc:
        message = str(exc.orig or exc).lower()
        if "password" in message and ("failed" in message or "no password" in message):
            raise PasswordRequired(f"The server refused the password for {describe(url)}.") from exc
        raise DatabaseUnreachable(
            f"Cannot reach the database server at {url.host or 'localhost'}:{url.port or 5432} "
            f"({_first_line(exc.orig or exc)}). Check that it is running and the address is right."
        ) from exc
    except SQLAlchemyError as exc:
        raise DatabaseUnreachable(f"Cannot open {describe(url)}: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
_VERSION = "SELECT version_num FROM alembic_version"


def _revision(tables: set[str], read_version: Callable[[], Sequence[Any]]) -> str | None:
    """The Alembic revision; None for an empty database, an error for someone else's tables."""
    if not tables:
        return None
    if "alembic_version" not in tables:
        raise NotADatabase("This database holds tables that are not Win-Loss Studio's. It was not changed.")
    rows = read_version()
    return rows[0][0] if rows else None


def _with_password(url: URL, secrets: SecretStore | None, password: str | None) -> URL:
    """Put the password from the argument or the keyring into the URL used to connect."""
    if password is not None:
        return url.set(password=password)
    if url.password is None and secrets is not None:
        stored = secrets.get(database_key(url))
        if stored is not None:
            return url.set(password=stored)
    return url


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

