"""`winloss db upgrade`: migrate a database's schema to this version."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from winloss.cli.outcome import OK, logged

if TYPE_CHECKING:
    from interviewer.db import Database


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register `winloss db`."""
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", parents=[db_option], help="migrate the schema to this version")


def run(args: argparse.Namespace, url: str) -> tuple[int, str]:
    """Migrate the database at ``url`` to this version's schema and say what changed."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    try:
        database = open_database(url, SecretStore(), create=False)
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        # a migration that fails half-way: the detail goes to the log file, one line to the user
        return logged("upgrading the database", exc)
    try:
        from question_bank.store import load_into_new_database

        load_into_new_database(database, actor="cli")
        print(_upgrade_summary(database))
    finally:
        database.close()
    return OK


def _upgrade_summary(database: Database) -> str:
    from interviewer.schema import HEAD_REVISION

    if not database.migrated:
        return f"{database.label} is up to date (schema {HEAD_REVISION})."
    if database.migrated_from is None:
        return f"Created the Win-Loss Studio schema (schema {HEAD_REVISION}) in {database.label}."
    kept = f"; the previous version is kept in {database.backup_path}" if database.backup_path else ""
    return f"{database.label} upgraded from schema {database.migrated_from} to {HEAD_REVISION}{kept}."
