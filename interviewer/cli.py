"""The `winloss` command: opens the window, or does headless work with a subcommand.

Qt is loaded only when a window is wanted, so `winloss demo` and `winloss db
upgrade` run on machines without a display or Qt's system libraries.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from interviewer import APP_NAME, __version__
from interviewer.config import ENV_VAR, demo_db_url, resolve_db_url

if TYPE_CHECKING:
    from interviewer.db import Database

log = logging.getLogger("interviewer")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The command line; ``--db`` is accepted before or after a subcommand."""
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=f"database URL or SQLite file (default: ${ENV_VAR}, else the user data folder)",
    )
    parser = argparse.ArgumentParser(prog="winloss", description=f"{APP_NAME}: run a win-loss interview program.")
    parser.add_argument("--db", metavar="URL", default=None, help=f"database URL or SQLite file (default: ${ENV_VAR}, else the user data folder)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo program (built on first use)")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window offscreen, save a PNG and exit")
    parser.add_argument("--area", metavar="NAME", help="the area to show first (e.g. deals)")
    parser.add_argument(
        "--report-startup",
        action="store_true",
        help="print when the window is shown and when its deals are, then quit (used by the benchmarks)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[db_option], help="build the demo program into a database")
    demo.add_argument("--seed", type=int, default=7, help="random seed (the same seed builds the same program)")
    demo.add_argument("--deals", type=int, default=2400, help="number of closed deals to create")
    demo.add_argument("--force", action="store_true", help="replace the data of a database that is not empty")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", parents=[db_option], help="migrate the schema to this version")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `winloss` and `python -m interviewer`; returns the exit status."""
    args = build_parser().parse_args(argv)
    _configure_logging()
    if args.command == "demo":
        return _run_demo(args)
    if args.command == "db":
        return _run_upgrade(args)
    return _run_window(args)


def _database_url(args: argparse.Namespace) -> str:
    return resolve_db_url(getattr(args, "db", None))


def _fail(message: str) -> int:
    print(f"winloss: {message}", file=sys.stderr)
    return EXIT_FAILED


def _run_upgrade(args: argparse.Namespace) -> int:
    from interviewer.db import DatabaseError, open_database
    from interviewer.secrets import SecretStore

    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    url = _database_url(args)
    try:
        database = open_database(url, SecretStore(), create=False)
    except DatabaseError as exc:
        return _fail(str(exc))
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        # a migration that fails half-way: the detail goes to the log file, one line to the user
        log.exception("upgrading the database failed")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"upgrading the database failed: {first_line} (details in the log file)")
    try:
        print(_upgrade_summary(database))
    finally:
        database.close()
    return EXIT_OK


def _upgrade_summary(database: "Database") -> str:
    from interviewer.schema import HEAD_REVISION

    if not database.migrated:
        return f"{database.label} is up to date (schema {HEAD_REVISION})."
    if database.migrated_from is None:
        return f"Created the Win-Loss Studio schema (schema {HEAD_REVISION}) in {database.label}."
    kept = f"; the previous version is kept in {database.backup_path}" if database.backup_path else ""
    return f"{database.label} upgraded from schema {database.migrated_from} to {HEAD_REVISION}{kept}."


def _run_demo(args: argparse.Namespace) -> int:
    from interviewer.db import DatabaseError, open_database
    from interviewer.demo import DemoRefused, build_demo
    from interviewer.secrets import SecretStore

    try:
        database = open_database(_database_url(args), SecretStore())
    except DatabaseError as exc:
        return _fail(str(exc))
    try:
        summary = build_demo(database, seed=args.seed, deals=args.deals, replace=args.force)
    except DemoRefused as exc:
        return _fail(str(exc))
    finally:
        database.close()
    print(f"Demo program built in {database.label}: {summary}")
    return EXIT_OK


def _run_window(args: argparse.Namespace) -> int:
    if args.screenshot or args.report_startup:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not _display_available():
        return _fail(
            "no display found. Run it on a desktop, or under a virtual screen: "
            "xvfb-run -a winloss (or use --screenshot FILE.png)."
        )
    from ui.app import run

    url = demo_db_url() if args.demo else (_database_url(args) if args.db or os.environ.get(ENV_VAR) else None)
    return run(url, demo=args.demo, screenshot=args.screenshot, area=args.area, report_startup=args.report_startup)


def _display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _configure_logging() -> None:
    from interviewer.logfile import configure

    configure()
