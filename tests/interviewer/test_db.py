"""Opening databases: connection settings, refusals that touch nothing, passwords, constraints."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from interviewer import db as dbmod
from interviewer.db import (
    Database,
    DatabaseError,
    DatabaseUnreachable,
    NotADatabase,
    PasswordRequired,
    SchemaTooNew,
    database_key,
    describe,
    open_database,
)
from interviewer.enums import InterviewStatus, Outcome
from interviewer.models import Deal, DealContact, Interview
from interviewer.schema import HEAD_REVISION
from interviewer.secrets import SecretStore
from pg_server import PgServer, free_port


# -- SQLite connection settings ---------------------------------------------------------------------


def test_every_sqlite_connection_gets_wal_foreign_keys_and_busy_timeout(sqlite_database: Database) -> None:
    engine = sqlite_database.engine
    first = engine.connect()
    second = engine.connect()  # a second pooled connection runs the listener too
    try:
        for connection in (first, second):
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == dbmod.BUSY_TIMEOUT_MS
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        first.close()
        second.close()


def test_sqlite_refuses_a_row_that_points_nowhere(sqlite_database: Database) -> None:
    with pytest.raises(IntegrityError):
        with sqlite_database.sessions.begin() as session:
            session.add(DealContact(deal_id=4242, contact_id=4343))


def test_opening_a_new_file_creates_its_folder_and_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "program.sqlite"
    database = open_database(f"sqlite:///{path}")
    try:
        assert path.is_file()
        assert database.label == str(path)
        assert database.migrated_from is None
        assert database.backup_path is None
        assert _sqlite_revision(path) == HEAD_REVISION
    finally:
        database.close()


def test_migrated_says_whether_opening_ran_the_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'program.sqlite'}"
    created = open_database(url)
    created.close()
    reopened = open_database(url)
    reopened.close()
    assert (created.migrated, created.migrated_from) == (True, None)
    assert (reopened.migrated, reopened.migrated_from, reopened.backup_path) == (False, None, None)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("mysql://ana:hunter2@db.example.com/winloss", "mysql databases are not supported"),
        ("postgresql://ana:hunter2@db.example.com:notaport/winloss", "That is not a database address"),
        ("not a url at all://", "That is not a database address"),
    ],
)
def test_an_address_this_app_cannot_use_is_refused_without_repeating_it(address: str, message: str) -> None:
    with pytest.raises(DatabaseError) as raised:
        open_database(address)
    assert message in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_create_false_refuses_a_missing_file_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "program.sqlite"
    with pytest.raises(DatabaseError, match=r"There is no database at .*program\.sqlite"):
        open_database(f"sqlite:///{path}", create=False)
    assert not path.parent.exists()


# -- refusals that leave the file as it was ----------------------------------------------------------


def _snapshot(path: Path) -> tuple[str, int, list[str]]:
    """The file's content hash, its mtime and what its folder holds."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def _text_file(path: Path) -> None:
    path.write_text("Account,Outcome\nAcme,won\n", encoding="utf-8")


def _binary_file(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _foreign_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    connection.execute("INSERT INTO recipes (title) VALUES ('bread')")
    connection.commit()
    connection.close()


def _truncated_sqlite(path: Path) -> None:
    """A SQLite header followed by garbage: passes the magic check, fails when read."""
    _foreign_sqlite(path)
    data = path.read_bytes()
    path.write_bytes(data[:100] + os.urandom(len(data) - 100))


def _newer_schema(path: Path) -> None:
    open_database(f"sqlite:///{path}").close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


REFUSED_FILES = [
    pytest.param(_text_file, NotADatabase, "is not a Win-Loss Studio database (it is not a SQLite file)", id="text-file"),
    pytest.param(_binary_file, NotADatabase, "is not a Win-Loss Studio database (it is not a SQLite file)", id="binary-file"),
    pytest.param(_foreign_sqlite, NotADatabase, "holds tables that are not Win-Loss Studio's", id="someone-elses-sqlite"),
    pytest.param(_truncated_sqlite, NotADatabase, "cannot be read as a database", id="damaged-sqlite"),
    pytest.param(_newer_schema, SchemaTooNew, "written by a newer version of Win-Loss Studio (schema 9999_from_the_future)", id="newer-schema"),
]


@pytest.mark.parametrize(("make", "error", "message"), REFUSED_FILES)
@pytest.mark.parametrize("upgrade", [True, False], ids=["upgrade", "no-upgrade"])
def test_a_file_that_cannot_be_opened_is_refused_and_left_unchanged(
    tmp_path: Path, make, error: type[DatabaseError], message: str, upgrade: bool  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "program.sqlite"
    make(path)
    before = _snapshot(path)
    time.sleep(0.01)  # an accidental write would move the mtime

    with pytest.raises(error) as raised:
        open_database(f"sqlite:///{path}", upgrade=upgrade)

    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert _snapshot(path) == before


def test_the_message_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    _text_file(path)
    with pytest.raises(NotADatabase) as raised:
        open_database(f"sqlite:///{path}")
    assert str(raised.value).startswith(f"{path} is not")
    assert str(raised.value).endswith("It was not changed.")


def test_a_revision_still_in_the_write_ahead_log_is_seen(tmp_path: Path) -> None:
    """Another process has the file open: the inspection reads through its -wal, not the stale main file."""
    path = tmp_path / "program.sqlite"
    other = open_database(f"sqlite:///{path}")
    try:
        with other.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        assert (tmp_path / "program.sqlite-wal").stat().st_size > 0
        assert _main_file_revision(path) != "9999_from_the_future"  # not yet checkpointed
        with pytest.raises(SchemaTooNew, match="9999_from_the_future"):
            open_database(f"sqlite:///{path}")
    finally:
        other.close()


def _main_file_revision(path: Path) -> str | None:
    """The revision the main file alone holds, ignoring the -wal (None when not even the table is there)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.sqlite"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    with pytest.raises(NotADatabase, match="is a folder, not a database file"):
        open_database(f"sqlite:///{folder}")
    assert sorted(os.listdir(folder)) == ["inside.txt"]


def test_a_newer_schema_is_refused_on_both_engines(db_url: str) -> None:
    open_database(db_url).close()
    _set_revision(db_url, "9999_from_the_future")

    with pytest.raises(SchemaTooNew, match="newer version of Win-Loss Studio .schema 9999_from_the_future.") as raised:
        open_database(db_url)
    assert "the database was not changed" in str(raised.value)
    assert _read_revision(db_url) == "9999_from_the_future"


def test_an_old_schema_is_not_migrated_when_upgrading_is_not_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "program.sqlite"
    open_database(f"sqlite:///{path}").close()
    # pretend this app knows a newer head than the file
    monkeypatch.setattr(dbmod, "HEAD_REVISION", "0099_later")
    monkeypatch.setattr(dbmod, "KNOWN_REVISIONS", (HEAD_REVISION, "0099_later"))
    before = _snapshot(path)
    with pytest.raises(DatabaseError, match="needs upgrading: run `winloss db upgrade"):
        open_database(f"sqlite:///{path}", upgrade=False)
    assert _snapshot(path) == before


def _set_revision(url: str, revision: str) -> None:
    engine = dbmod.make_engine(make_url(url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def _read_revision(url: str) -> str:
    engine = dbmod.make_engine(make_url(url))
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    return str(revision)


def _sqlite_revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


# -- PostgreSQL: reachability and passwords -----------------------------------------------------------


def test_a_closed_port_is_unreachable_quickly() -> None:
    port = free_port()
    started = time.monotonic()
    with pytest.raises(DatabaseUnreachable) as raised:
        open_database(f"postgresql+psycopg://someone:pw@127.0.0.1:{port}/winloss")
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert f"Cannot reach the database server at 127.0.0.1:{port}" in message
    assert "Check that it is running" in message
    assert "pw" not in message.replace("port", "")


@pytest.mark.postgres
def test_a_missing_server_database_is_reported(pg_server: PgServer) -> None:
    url = pg_server.url("no_such_database_here").render_as_string(hide_password=False)
    with pytest.raises(DatabaseUnreachable, match='database "no_such_database_here" does not exist'):
        open_database(url)


@pytest.fixture
def password_database(pg_server: PgServer) -> tuple[str, str]:
    """A server database owned by a role that must log in with a password: (URL without it, password)."""
    if not pg_server.supports_password_role:
        pytest.skip(
            "the server from WINLOSS_TEST_PG_URL may trust every role, so password checks cannot be tested on it"
        )
    password = "correct-horse-7f3a"
    role = pg_server.create_password_role(password)
    url = pg_server.create_database(owner=role)
    return pg_server.url(url.database or "", username=role).render_as_string(hide_password=False), password


@pytest.mark.postgres
def test_the_server_really_asks_this_role_for_a_password(password_database: tuple[str, str]) -> None:
    url, _password = password_database
    with pytest.raises(PasswordRequired, match="The server refused the password for"):
        open_database(url, SecretStore())
    with pytest.raises(PasswordRequired):
        open_database(url, SecretStore(), password="wrong-password")


@pytest.mark.postgres
def test_the_keyring_password_is_used_to_connect_and_never_shown(
    password_database: tuple[str, str], caplog: pytest.LogCaptureFixture, memory_keyring  # type: ignore[no-untyped-def]
) -> None:
    url, password = password_database
    secrets = SecretStore()
    key = database_key(make_url(url))
    assert password not in key
    secrets.set(key, password)
    assert memory_keyring.secrets  # it went to the keyring, not only to this store's memory

    with caplog.at_level(logging.DEBUG):
        database = open_database(url, SecretStore())  # a new store: the password comes from the keyring
    try:
        assert database.migrated_from is None  # an empty server database: the schema was created
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT current_user")).scalar() == make_url(url).username
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        assert password not in database.label
        assert database.label.startswith(f"{make_url(url).username}@127.0.0.1:")
        assert password not in str(database.url)
        assert password not in repr(database)
        assert password not in caplog.text
    finally:
        database.close()


@pytest.mark.postgres
def test_an_explicit_password_wins_over_the_keyring(password_database: tuple[str, str]) -> None:
    url, password = password_database
    secrets = SecretStore()
    secrets.set(database_key(make_url(url)), "stale-password")
    with pytest.raises(PasswordRequired) as raised:
        open_database(url, secrets)
    assert "stale-password" not in str(raised.value)
    open_database(url, secrets, password=password).close()


def test_label_and_key_never_hold_the_password() -> None:
    url = "postgresql+psycopg://ana:hunter2@db.example.com:6543/winloss"
    assert describe(url) == "ana@db.example.com:6543/winloss"
    assert database_key(make_url(url)) == "db:ana@db.example.com:6543/winloss"
    assert database_key(make_url("postgresql+psycopg://ana@db.example.com/winloss")) == "db:ana@db.example.com:5432/winloss"
    assert describe("postgresql+psycopg://ana@db.example.com/winloss?password=hunter2&sslmode=require") == (
        "ana@db.example.com/winloss?sslmode=require"
    )
    assert describe("postgresql+psycopg://db.example.com/winloss") == "db.example.com/winloss"
    assert describe("sqlite:////data/program.sqlite") == "/data/program.sqlite"
    assert describe("sqlite://") == "in-memory database"


def test_a_password_from_the_keyring_reaches_the_connection_url(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    url = make_url("postgresql+psycopg://ana@db.example.com/winloss")
    secrets = SecretStore()
    secrets.set(database_key(url), "from-keyring")
    assert dbmod._with_password(url, secrets, None).password == "from-keyring"
    assert dbmod._with_password(url, secrets, "typed").password == "typed"
    assert dbmod._with_password(url, SecretStore(service="empty"), None).password is None


# -- constraints, on both engines -------------------------------------------------------------------


def _deal(external_id: str, source: str = "salesforce", outcome: Outcome = Outcome.WON) -> Deal:
    return Deal(
        source_system=source,
        external_id=external_id,
        outcome=outcome,
        amount=Decimal("1200.00"),
        close_date=date(2026, 3, 1),
    )


def test_check_constraint_refuses_an_unknown_outcome_written_with_raw_sql(database: Database) -> None:
    insert = text(
        "INSERT INTO deals (source_system, external_id, outcome, currency, created_at, updated_at) "
        "VALUES ('csv', :ext, :outcome, 'USD', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    with database.engine.begin() as connection:
        connection.execute(insert, {"ext": "ok-1", "outcome": "won"})
    with pytest.raises(IntegrityError, match="(?i)check"):
        with database.engine.begin() as connection:
            connection.execute(insert, {"ext": "bad-1", "outcome": "maybe"})
    with pytest.raises(IntegrityError, match="(?i)check"):
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE deals SET outcome = 'Won' WHERE external_id = 'ok-1'"))
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT external_id, outcome FROM deals")).all()
    assert [tuple(row) for row in rows] == [("ok-1", "won")]


def test_deals_are_unique_per_source_system_and_external_id(database: Database) -> None:
    with database.sessions.begin() as session:
        session.add_all([_deal("D-1", "salesforce"), _deal("D-1", "hubspot")])  # same id, other CRM: fine
    with pytest.raises(IntegrityError):
        with database.sessions.begin() as session:
            session.add(_deal("D-1", "salesforce", Outcome.LOST))
    with database.sessions() as session:
        stored = session.execute(select(Deal.source_system, Deal.outcome).order_by(Deal.source_system)).all()
    assert [tuple(row) for row in stored] == [("hubspot", Outcome.WON), ("salesforce", Outcome.WON)]


def test_a_stale_interview_writer_is_refused(database: Database) -> None:
    with database.sessions.begin() as session:
        deal = _deal("D-9")
        session.add(deal)
        session.flush()
        interview = Interview(deal_id=deal.id)
        session.add(interview)
        session.flush()
        interview_id = interview.id

    first = database.sessions()
    second = database.sessions()
    try:
        mine = first.get(Interview, interview_id)
        theirs = second.get(Interview, interview_id)
        assert mine is not None and theirs is not None
        assert mine.version == theirs.version == 1

        mine.status = InterviewStatus.INVITED
        first.commit()
        assert mine.version == 2

        theirs.status = InterviewStatus.DECLINED
        with pytest.raises(StaleDataError):
            second.commit()
        second.rollback()
    finally:
        first.close()
        second.close()

    with database.sessions() as session:
        kept = session.get(Interview, interview_id)
        assert kept is not None
        assert (kept.status, kept.version) == (InterviewStatus.INVITED, 2)


def test_a_path_with_url_characters_opens_the_right_file(tmp_path: Path) -> None:
    """'?', '#', '%' and non-ASCII in a folder name: the file is found, inspected and backed up where it is."""
    from interviewer import migrate
    from interviewer.config import normalise_url

    folder = tmp_path / "Team #2? 100% é"
    folder.mkdir()
    path = folder / "program.sqlite"
    url = normalise_url(str(path))

    first = open_database(url)
    first.close()
    assert first.label == str(path)
    assert sorted(os.listdir(folder)) == ["program.sqlite"]
    assert sorted(os.listdir(tmp_path)) == [folder.name]  # no stray file made from a cut-short path

    again = open_database(url)  # inspected read-only: found at head, nothing to migrate
    again.close()
    assert again.migrated_from is None and again.backup_path is None
    assert _sqlite_revision(path) == HEAD_REVISION

    backup = migrate.backup_sqlite(path, HEAD_REVISION)
    assert backup.parent == folder
    assert _sqlite_revision(backup) == HEAD_REVISION
    assert sorted(os.listdir(tmp_path)) == [folder.name]


# -- the test server machinery itself ---------------------------------------------------------------


def test_no_server_binaries_gives_a_skip_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    import pg_server

    monkeypatch.setattr(pg_server.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg_server.glob, "glob", lambda pattern: [])
    with pytest.raises(pg_server.NoServerBinaries, match="PostgreSQL tests skipped: no initdb/pg_ctl"):
        pg_server.start_server(getenv=lambda name: None)


def test_the_newest_installed_server_is_preferred(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pg_server

    for version in ("9.6", "15", "13"):
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        (folder / "initdb").touch()
        (folder / "pg_ctl").touch()
    monkeypatch.setattr(pg_server.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg_server.glob, "glob", lambda pattern: [str(p) for p in tmp_path.glob("*/bin")])
    assert pg_server.find_binaries() == tmp_path / "15" / "bin"


def test_a_failed_schema_change_on_sqlite_is_rolled_back_whole(tmp_path) -> None:  # noqa: ANN001
    """Schema changes run inside the transaction, so a migration failing half-way leaves nothing."""
    from sqlalchemy import inspect as inspect_schema
    from sqlalchemy import text as sql

    from interviewer.db import make_engine
    from interviewer.migrate import schema_transaction

    engine = make_engine(make_url(f"sqlite:///{tmp_path / 'atomic.sqlite'}"))
    with pytest.raises(RuntimeError):
        with schema_transaction(engine) as connection:
            connection.execute(sql("CREATE TABLE first_step (id INTEGER PRIMARY KEY)"))
            connection.execute(sql("INSERT INTO first_step (id) VALUES (1)"))
            raise RuntimeError("the second step failed")
    assert "first_step" not in inspect_schema(engine).get_table_names()
    engine.dispose()
