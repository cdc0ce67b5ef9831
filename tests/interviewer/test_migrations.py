"""Migrations: empty to head on both engines, schema equals models, every step keeps the data, backups."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection, make_url

from interviewer import db as dbmod
from interviewer import migrate, schema
from interviewer.db import open_database
from interviewer.models import Base
from paths import REPO

REVISIONS = migrate.script_revisions()


def _engine(url: str) -> sa.Engine:
    return dbmod.make_engine(make_url(url))


def _revision(connection: Connection) -> str | None:
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


# -- scripts and constants --------------------------------------------------------------------------


def test_known_revisions_match_the_scripts() -> None:
    assert list(schema.KNOWN_REVISIONS) == REVISIONS
    assert schema.HEAD_REVISION == REVISIONS[-1]


def test_the_scripts_form_one_line_without_branches() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())  # type: ignore[arg-type]
    assert script.get_heads() == [schema.HEAD_REVISION]
    assert list(script.get_bases()) == [REVISIONS[0]]
    for older, newer in zip(REVISIONS, REVISIONS[1:]):
        assert script.get_revision(newer).down_revision == older
    for revision in REVISIONS:  # the file is named after its revision, so the newest sorts last
        assert Path(script.get_revision(revision).path).stem == revision


# -- empty database to head ---------------------------------------------------------------------------


def test_an_empty_database_is_migrated_to_head(db_url: str) -> None:
    database = open_database(db_url)
    try:
        assert database.migrated_from is None
        with database.engine.connect() as connection:
            assert _revision(connection) == schema.HEAD_REVISION
            tables = set(sa.inspect(connection).get_table_names())
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        database.close()


def _schema_differences(connection: Connection, metadata: sa.MetaData) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"},
    )
    return list(compare_metadata(context, metadata))


def test_the_migrated_schema_is_exactly_the_models(database) -> None:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        assert _schema_differences(connection, Base.metadata) == []


def test_the_schema_comparison_would_notice_a_difference(database) -> None:  # type: ignore[no-untyped-def]
    """The comparison above is not blind: a model change it has not been migrated for shows up."""
    changed = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["deals"].append_column(sa.Column("forgotten", sa.String(20)))
    changed.tables["accounts"].c.region.type = sa.String(999)
    with database.engine.connect() as connection:
        differences = _schema_differences(connection, changed)
    kinds = {(d[0] if isinstance(d, tuple) else d[0][0]) for d in differences}
    assert "add_column" in kinds
    assert "modify_type" in kinds


# -- every step keeps the data -------------------------------------------------------------------------
#
# After each revision the test writes one row into every table that exists at that
# revision, filling every column (so a column added by a later migration gets data
# too), and then checks that every row written at an earlier step reads back the
# same. A migration that renames or transforms a column says how the earlier rows
# are expected to look afterwards in EXPECTED_CHANGES.

Row = dict[str, Any]
Seeded = dict[str, list[Row]]  # table name -> rows written, in order
EXPECTED_CHANGES: dict[str, Callable[[Seeded], Seeded]] = {}
"""revision -> how that migration changes the rows written before it (none so far)."""

UTC = timezone.utc
SAMPLE_OVERRIDES: dict[tuple[str, str], Callable[[int], Any]] = {
    ("questions", "priority"): lambda step: 1 + step % 5,  # CHECK priority BETWEEN 1 AND 5
    ("takeaways", "importance"): lambda step: 1 + step % 3,  # CHECK importance BETWEEN 1 AND 3
}
"""Columns whose CHECK constraint the default sample value (10 + step for integers) would break."""


def _head_column(table: str, column: str) -> sa.Column[Any] | None:
    head = Base.metadata.tables.get(table)
    return head.c.get(column) if head is not None else None


def _value(table: sa.Table, column: sa.Column[Any], step: int) -> Any:
    if (table.name, column.name) in SAMPLE_OVERRIDES:
        return SAMPLE_OVERRIDES[(table.name, column.name)](step)
    head = _head_column(table.name, column.name)
    if head is not None and isinstance(head.type, sa.Enum):
        values = list(head.type.enums)
        return values[step % len(values)]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return step % 2 == 0
    if isinstance(kind, sa.Integer):
        return 10 + step  # inside every range the CHECK constraints allow (seconds, minutes, versions)
    if isinstance(kind, sa.Float):
        return 0.75 + step
    if isinstance(kind, sa.Numeric):
        return Decimal("1234.50") + step
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 1, 15, 9, 30, 15, 250000, tzinfo=UTC) + timedelta(days=step)
    if isinstance(kind, sa.Date):
        return date(2026, 1, 1) + timedelta(days=31 * step)
    if isinstance(kind, sa.LargeBinary):
        return bytes(range(256)) * (step + 1)
    if isinstance(kind, sa.JSON):
        return {"step": step, "words": ["ünïcode", "it's"], "nested": {"ok": True, "n": None}}
    if isinstance(kind, sa.String):
        text = f"{step}·{table.name}.{column.name} ‘ünï’ it's"
        return text[: kind.length] if kind.length else text
    raise AssertionError(f"no sample value for {table.name}.{column.name} of type {kind!r}: add one to _value")


def _seed(connection: Connection, step: int) -> Seeded:
    """Write one row into every table of the current schema; return what was written."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    written: Seeded = {}
    reused: set[str] = set()
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        row: Row = {}
        for column in table.columns:
            foreign = next(iter(column.foreign_keys), None)
            if foreign is not None:
                parent = written.get(foreign.column.table.name)
                row[column.name] = parent[0][foreign.column.name] if parent else None
            elif column.primary_key and isinstance(column.type, sa.Integer):
                row[column.name] = 1000 + step
            else:
                row[column.name] = _value(table, column, step)
        earlier = _row_with_a_used_unique_value(connection, table, row)
        if earlier is not None:  # an enum column with unique values has none left (teams.key)
            written[table.name] = [earlier]
            reused.add(table.name)
            continue
        connection.execute(table.insert().values(row))
        written[table.name] = [row]
    return {name: rows for name, rows in written.items() if name not in reused}


def _row_with_a_used_unique_value(connection: Connection, table: sa.Table, row: Row) -> Row | None:
    """The row already holding one of ``row``'s values in a single-column unique constraint, if any."""
    inspector = sa.inspect(connection)
    unique = [c["column_names"] for c in inspector.get_unique_constraints(table.name)]
    unique += [i["column_names"] for i in inspector.get_indexes(table.name) if i["unique"]]
    for columns in unique:
        if len(columns) == 1 and row.get(columns[0]) is not None:
            found = connection.execute(sa.select(table).where(table.c[columns[0]] == row[columns[0]]))
            earlier = found.mappings().first()
            if earlier is not None:
                return dict(earlier)
    return None


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _check(connection: Connection, expected: Seeded) -> None:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    for table_name, rows in expected.items():
        table = metadata.tables[table_name]
        for row in rows:
            key = [table.c[c.name] == row[c.name] for c in table.primary_key.columns]
            found = connection.execute(sa.select(table).where(*key)).mappings().all()
            assert len(found) == 1, f"row {row} of {table_name} is gone"
            actual = {name: _normalise(found[0][name]) for name in row}
            assert actual == {name: _normalise(value) for name, value in row.items()}, table_name


def test_each_step_from_the_first_revision_to_head_keeps_the_data(db_url: str) -> None:
    engine = _engine(db_url)
    expected: Seeded = {}
    try:
        for step, revision in enumerate(REVISIONS):
            migrate.upgrade(engine, revision)
            with engine.begin() as connection:
                assert _revision(connection) == revision
                if revision in EXPECTED_CHANGES:
                    expected = EXPECTED_CHANGES[revision](expected)
                _check(connection, expected)
                for table, rows in _seed(connection, step).items():
                    expected.setdefault(table, []).extend(rows)
                _check(connection, expected)
        assert set(expected) == set(Base.metadata.tables), "every table at head got rows"

        # the rows written with raw SQL are valid for the models too (enum values, JSON, UTC times)
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            for mapper in Base.registry.mappers:
                loaded = session.scalars(sa.select(mapper.class_)).all()
                assert len(loaded) == len(expected[mapper.local_table.name]), mapper.class_.__name__
            from interviewer.models import Deal

            deal = session.scalars(sa.select(Deal).order_by(Deal.id)).first()
            assert deal is not None and deal.created_at.tzinfo is not None
            assert deal.created_at == datetime(2026, 1, 15, 9, 30, 15, 250000, tzinfo=UTC)
    finally:
        engine.dispose()


# -- backups of an older SQLite file -------------------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file_at(path: Path, revision: str) -> None:
    """A SQLite file migrated exactly to ``revision``, holding one deal."""
    engine = _engine(f"sqlite:///{path}")
    try:
        migrate.upgrade(engine, revision)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO deals (source_system, external_id, outcome, currency, created_at, updated_at) "
                    "VALUES ('csv', 'D-1', 'lost', 'EUR', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
    finally:
        engine.dispose()


def _read(path: Path, query: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # closed files: leave no -wal
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_backup_sqlite_copies_the_file_beside_itself_with_the_revision_in_its_name(tmp_path: Path) -> None:
    path = tmp_path / "winloss.sqlite"
    _file_at(path, REVISIONS[0])
    before = _sha(path)

    backup = migrate.backup_sqlite(path, REVISIONS[0])

    assert backup == tmp_path / f"winloss.before-upgrade-from-{REVISIONS[0]}.sqlite"
    assert backup.is_file()
    assert _read(backup, "SELECT version_num FROM alembic_version") == [(REVISIONS[0],)]
    assert _read(backup, "SELECT external_id, outcome, currency FROM deals") == [("D-1", "lost", "EUR")]
    assert _sha(path) == before


def test_an_older_sqlite_file_is_backed_up_before_it_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: the app is told its head is a newer revision, and the migration itself is recorded.

    With a single real revision there is no honest older schema to upgrade from;
    this checks open_database's order of work (back up, then migrate) and what it
    reports. The test below does it for real once an older revision exists.
    """
    path = tmp_path / "winloss.sqlite"
    _file_at(path, REVISIONS[-1])
    monkeypatch.setattr(dbmod, "HEAD_REVISION", "9000_simulated_newer")
    monkeypatch.setattr(dbmod, "KNOWN_REVISIONS", (*REVISIONS, "9000_simulated_newer"))
    expected_backup = tmp_path / f"winloss.before-upgrade-from-{REVISIONS[-1]}.sqlite"
    calls: list[tuple[str, bool]] = []

    def record_upgrade(engine: sa.Engine, target: str = "head") -> None:
        calls.append((target, expected_backup.exists()))

    monkeypatch.setattr(migrate, "upgrade", record_upgrade)
    database = open_database(f"sqlite:///{path}")
    database.close()

    assert calls == [("head", True)]  # migrated once, after the copy was made
    assert database.migrated_from == REVISIONS[-1]
    assert database.backup_path == expected_backup
    assert _read(expected_backup, "SELECT external_id FROM deals") == [("D-1",)]


OLDER = [pytest.param(r, id=r) for r in REVISIONS[:-1]] or [
    pytest.param(None, marks=pytest.mark.skip(reason="only one migration exists: no older schema to upgrade from yet"))
]


@pytest.mark.parametrize("revision", OLDER)
def test_a_real_older_sqlite_file_is_backed_up_and_upgraded(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "winloss.sqlite"
    _file_at(path, revision)
    database = open_database(f"sqlite:///{path}")
    database.close()
    assert database.migrated_from == revision
    assert database.backup_path == tmp_path / f"winloss.before-upgrade-from-{revision}.sqlite"
    assert _read(database.backup_path, "SELECT version_num FROM alembic_version") == [(revision,)]
    assert _read(path, "SELECT version_num FROM alembic_version") == [(schema.HEAD_REVISION,)]
    assert _read(path, "SELECT external_id FROM deals") == [("D-1",)]


def test_an_empty_sqlite_file_gets_the_schema_and_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "winloss.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 1").connection.close()  # a valid, empty SQLite file
    assert path.stat().st_size > 0
    database = open_database(f"sqlite:///{path}")
    database.close()
    assert database.backup_path is None
    assert _read(path, "SELECT version_num FROM alembic_version") == [(schema.HEAD_REVISION,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["winloss.sqlite"]


def test_opening_an_up_to_date_file_makes_no_backup_and_does_not_load_alembic(tmp_path: Path) -> None:
    path = tmp_path / "winloss.sqlite"
    open_database(f"sqlite:///{path}").close()
    before = sorted(p.name for p in tmp_path.iterdir()), _sha(path)
    code = textwrap.dedent(
        f"""
        import json, sys
        from interviewer.db import open_database
        database = open_database({f"sqlite:///{path}"!r})
        with database.engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM deals").scalar()
        database.close()
        print(json.dumps({{
            "alembic": sorted(m for m in sys.modules if m == "alembic" or m.startswith("alembic.")),
            "backup": str(database.backup_path) if database.backup_path else None,
            "migrated_from": database.migrated_from,
        }}))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"alembic": [], "backup": None, "migrated_from": None}
    assert (sorted(p.name for p in tmp_path.iterdir()), _sha(path)) == before


def test_the_subprocess_check_would_see_alembic(tmp_path: Path) -> None:
    """The same probe, on a file that needs migrating, does report alembic: the check above can fail."""
    code = textwrap.dedent(
        f"""
        import sys
        from interviewer.db import open_database
        open_database({f"sqlite:///{tmp_path / 'new.sqlite'}"!r}).close()
        print("alembic" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == "True", result.stderr
