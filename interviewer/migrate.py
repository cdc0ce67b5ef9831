"""Bring a database's schema to the revision this app knows (Alembic, loaded only when needed)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: object | None = None) -> "object":
    """An Alembic Config pointing at the packaged scripts, bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def script_revisions() -> list[str]:
    """Every revision in the migration scripts, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations up to ``target`` in one transaction."""
    from alembic import command

    with schema_transaction(engine) as connection:
        command.upgrade(alembic_config(connection), target)
    log.info("database %s migrated to %s", engine.url.render_as_string(hide_password=True), target)


@contextmanager
def schema_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that also covers schema changes, committed or rolled back whole.

    Python's sqlite3 driver only opens a transaction before data changes, so
    without an explicit BEGIN each CREATE or ALTER of a migration would stand
    on its own and a failure half-way would leave a half-migrated file.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        # Rebuilding a table (how SQLite alters one) must not fire ON DELETE CASCADE on the rows
        # pointing at it: foreign keys are off for the migration, which is possible only outside a
        # transaction, and every reference is checked before the commit instead.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # ends SQLAlchemy's implicit transaction; SQLite itself had none open
        try:
            with connection.begin():
                connection.exec_driver_sql("BEGIN")
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration would leave {len(broken)} rows pointing at nothing")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy a SQLite file beside itself, the revision in the name, before it is migrated."""
    target = path.with_name(f"{path.stem}.before-upgrade-from-{revision}{path.suffix}")
    source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)  # quoted: a path may hold ? or #
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    log.info("backed up %s to %s", path, target)
    return target
