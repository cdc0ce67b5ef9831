"""The `winloss` command: opens the window, or does headless work with a subcommand.

Qt is loaded only when a window is wanted, so `winloss demo` and `winloss db
upgrade` run on machines without a display or Qt's system libraries.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from interviewer import APP_NAME, __version__
from interviewer.config import ENV_VAR, demo_db_url, resolve_db_url

if TYPE_CHECKING:
    from interviewer.db import Database

log = logging.getLogger("interviewer")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


COMMANDS = frozenset({"demo", "import", "candidates", "schedule", "ics", "guide", "report", "export", "deliver", "db"})


def build_parser(*, subcommands: bool = True) -> argparse.ArgumentParser:
    """The command line; ``--db`` is accepted before or after a subcommand.

    Without ``subcommands`` only the window's options are known: opening the
    window then skips loading every subcommand's module (start-up counts).
    """
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
    if not subcommands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[db_option], help="build the demo program into a database")
    demo.add_argument("--seed", type=int, default=7, help="random seed (the same seed builds the same program)")
    demo.add_argument("--deals", type=int, default=2400, help="number of closed deals to create")
    demo.add_argument("--force", action="store_true", help="replace the data of a database that is not empty")

    importing = commands.add_parser(
        "import",
        parents=[db_option],
        help="import closed deals, accounts or contacts from CRM exports (CSV or XLSX)",
        description=(
            "Import CRM exports: accounts files first, then contacts, then deals, each file in one transaction. "
            "With --json, one JSON object on stdout: for one file {rows, imported, updated, unchanged, rejected, "
            "batch}; for several, the same keys summed, batch the last batch id, and files: the per-file objects "
            "(each also naming its file and kind). Rejected rows do not fail the command; an unreadable file does."
        ),
    )
    importing.add_argument("files", nargs="+", metavar="FILE", help="CSV or XLSX export")
    importing.add_argument("--profile", metavar="NAME", help="a saved column-mapping profile to use")
    importing.add_argument("--sheet", metavar="NAME", help="the XLSX sheet to read (default: the first)")
    importing.add_argument("--json", action="store_true", help="print one JSON object with the counts")

    candidates = commands.add_parser(
        "candidates",
        parents=[db_option],
        help="list the candidates an approved criteria set proposes, with scores and reasons",
        description=(
            "List the selection of an approved criteria set (nothing is stored): rank, outcome, account, contact, "
            "title, score and reasons, then what stopped a quota from being met. With --json, one object: "
            "{criteria: {id, name, version}, candidates: [{deal_id, contact_id, outcome, score, reasons, account, "
            "contact, title}], shortfall: [sentence, ...]}."
        ),
    )
    candidates.add_argument("--criteria", required=True, metavar="NAME_OR_ID", help="the criteria set's name or number")
    candidates.add_argument("--today", metavar="YYYY-MM-DD", help="select as of this day (default: today)")
    candidates.add_argument("--json", action="store_true", help="print one JSON object")

    schedule = commands.add_parser(
        "schedule",
        parents=[db_option],
        help="list interviews with their slots, in UTC and in the interviewer's time zone",
        description=(
            "List interviews (booked ones first, by start): id, status, interviewer, account, contact, start in UTC "
            "and in the interviewer's zone, the buyer's zone and the planned minutes. With --json, one object: "
            "{interviews: [{id, status, interviewer, account, contact, start_utc, start_interviewer, "
            "interviewer_time_zone, buyer_time_zone, minutes}]}, the starts null when not scheduled."
        ),
    )
    schedule.add_argument("--list", action="store_true", required=True, help="list the interviews")
    schedule.add_argument("--interviewer", metavar="EMAIL", help="only this interviewer's interviews")
    schedule.add_argument("--json", action="store_true", help="print one JSON object")

    ics = commands.add_parser(
        "ics",
        parents=[db_option],
        help="write calendar invites (.ics) for an interview or an interviewer's upcoming ones",
        description=(
            "Write an RFC 5545 calendar file: the invite of one interview (a cancellation when it was cancelled), "
            "or every upcoming scheduled interview of one interviewer. The file is replaced in one step."
        ),
    )
    which = ics.add_mutually_exclusive_group(required=True)
    which.add_argument("--interview", type=int, metavar="ID", help="the interview's number")
    which.add_argument("--interviewer", metavar="EMAIL", help="all upcoming interviews of this interviewer")
    ics.add_argument("--out", required=True, metavar="FILE", help="the .ics file to write")
    ics.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="with --interviewer: upcoming from this UTC time (default: now)")

    from interviewer import cli_deliver, cli_guide, cli_report

    cli_guide.add_parser(commands, db_option)
    cli_report.add_parser(commands, db_option)
    cli_deliver.add_parser(commands, db_option)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", parents=[db_option], help="migrate the schema to this version")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `winloss` and `python -m interviewer`; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    window_only = not any(word in COMMANDS or word in ("-h", "--help") for word in words)
    args = build_parser(subcommands=not window_only).parse_args(words)
    _configure_logging()
    if args.command is None:
        return _run_window(args)
    from interviewer.db import DatabaseError

    commands = {"demo": _run_demo, "db": _run_upgrade, "import": _run_import, "candidates": _run_candidates,
                "schedule": _run_schedule, "ics": _run_ics, "guide": _module_command("cli_guide"),
                "report": _module_command("cli_report"), "export": _module_command("cli_report"),
                "deliver": _module_command("cli_deliver")}  # fmt: skip
    try:
        return commands[args.command](args)
    except DatabaseError as exc:  # a database that cannot be opened: one sentence, never a traceback
        return _fail(str(exc))


def _database_url(args: argparse.Namespace) -> str:
    return resolve_db_url(getattr(args, "db", None))


def _fail(message: str) -> int:
    print(f"winloss: {message}", file=sys.stderr)
    return EXIT_FAILED


def _run_upgrade(args: argparse.Namespace) -> int:
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    url = _database_url(args)
    try:
        database = open_database(url, SecretStore(), create=False)
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        # a migration that fails half-way: the detail goes to the log file, one line to the user
        log.exception("upgrading the database failed")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"upgrading the database failed: {first_line} (details in the log file)")
    try:
        from question_bank.store import load_into_new_database

        load_into_new_database(database, actor="cli")
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
    from interviewer.db import open_database
    from interviewer.demo import DemoRefused, build_demo
    from interviewer.secrets import SecretStore

    database = open_database(_database_url(args), SecretStore())
    try:
        summary = build_demo(database, seed=args.seed, deals=args.deals, replace=args.force)
    except DemoRefused as exc:
        return _fail(str(exc))
    finally:
        database.close()
    print(f"Demo program built in {database.label}: {summary}")
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from interviewer.db import open_database
    from interviewer.importing.importer import import_paths
    from interviewer.importing.mapping import UnknownProfile
    from interviewer.importing.reading import UnreadableFile
    from interviewer.secrets import SecretStore

    from question_bank.store import load_into_new_database

    database = open_database(_database_url(args), SecretStore())
    load_into_new_database(database, actor="cli")
    progress = _terminal_progress() if sys.stderr.isatty() else None
    try:
        kwargs = {"progress": progress} if progress else {}
        results = import_paths(database, args.files, profile=args.profile, sheet=args.sheet, **kwargs)
    except (UnreadableFile, UnknownProfile) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("import interrupted: the file being imported was not changed.")
    except (SQLAlchemyError, OSError) as exc:
        log.exception("import failed")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"the import failed: {first_line}; the file being imported was not changed (details in the log file).")
    finally:
        if progress:
            print(file=sys.stderr)
        database.close()
    if args.json:
        print(json.dumps(_import_json(results)))
    else:
        for result in results:
            print(
                f"{result.file} ({result.source} {result.kind}): {result.rows:,} rows: {result.imported:,} imported, "
                f"{result.updated:,} updated, {result.unchanged:,} unchanged, {result.rejected:,} rejected "
                f"(batch {result.batch})."
            )
    return EXIT_OK


def _import_json(results: Sequence[object]) -> dict[str, object]:
    """One file: its counts; several: the counts summed, the last batch, and the per-file objects."""
    objects = [result.to_json() for result in results]  # type: ignore[attr-defined]
    if len(objects) == 1:
        return objects[0]
    summed: dict[str, object] = {key: sum(o[key] for o in objects) for key in ("rows", "imported", "updated", "unchanged", "rejected")}
    summed["batch"] = objects[-1]["batch"] if objects else None
    summed["files"] = [{"file": r.file, "kind": r.kind, **o} for r, o in zip(results, objects, strict=True)]  # type: ignore[attr-defined]
    return summed


def _terminal_progress():  # type: ignore[no-untyped-def]
    """A progress callback that rewrites one line of stderr."""

    def report(done: int, total: int, message: str) -> None:
        share = f" ({done * 100 // total}%)" if total else ""
        print(f"\r\x1b[K{message}{share}", end="", file=sys.stderr, flush=True)

    return report


def _run_candidates(args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from sqlalchemy.exc import SQLAlchemyError

    from interviewer.criteria.review import ReviewError, find_set
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore
    from interviewer.selection.candidates import SelectionError, approved_set
    from interviewer.selection.proposals import select

    try:
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        return _fail(f"--today {args.today!r} is not a date like 2026-05-31.")
    database = open_database(_database_url(args), SecretStore(), create=False)
    try:
        with database.sessions() as session:
            criteria = approved_set(session, find_set(session, args.criteria).id)
            selection = select(session, criteria.definition, today)
    except (ReviewError, SelectionError) as exc:
        return _fail(str(exc))
    except SQLAlchemyError as exc:
        log.exception("listing candidates failed")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"listing candidates failed: {first_line} (details in the log file).")
    finally:
        database.close()
    if args.json:
        print(json.dumps({
            "criteria": {"id": criteria.id, "name": criteria.name, "version": criteria.version},
            "candidates": [
                {"deal_id": p.deal_id, "contact_id": p.contact_id, "outcome": p.outcome.value, "score": p.score,
                 "reasons": p.reasons, "account": p.account, "contact": p.contact_name, "title": p.title}
                for p in selection.proposals
            ],
            "shortfall": [line.text for line in selection.shortfall],
        }))  # fmt: skip
        return EXIT_OK
    print(f"Candidates of “{criteria.name}” v{criteria.version} as of {today.isoformat()}:")
    print(_candidates_table(selection.proposals) if selection.proposals else "No deal qualifies.")
    for line in selection.shortfall:
        print(f"Shortfall: {line.text}")
    return EXIT_OK


def _candidates_table(proposals: Sequence[object]) -> str:
    """Rank, outcome, account, contact, title and score in columns; the reasons on an indented line below."""
    header = ("#", "Outcome", "Account", "Contact", "Title", "Score")
    rows = [
        (str(rank), p.outcome.label, p.account, p.contact_name, p.title or "", f"{p.score:.1f}")  # type: ignore[attr-defined]
        for rank, p in enumerate(proposals, start=1)
    ]
    widths = [min(40, max(len(r[i]) for r in [header, *rows])) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        fitted = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
        return "  ".join(c.rjust(w) if i in (0, 5) else c.ljust(w) for i, (c, w) in enumerate(zip(fitted, widths, strict=True))).rstrip()

    out = [line(header)]
    for row, proposal in zip(rows, proposals, strict=True):
        out.append(line(row))
        out.append(" " * (widths[0] + 2) + " · ".join(proposal.reasons))  # type: ignore[attr-defined]
    return "\n".join(out)


def _find_interviewer(session, email: str):  # type: ignore[no-untyped-def]
    """The interviewer with this email (case-insensitive), or None."""
    from sqlalchemy import func, select

    from interviewer.models import Interviewer

    wanted = email.strip().lower()
    return session.scalars(select(Interviewer).where(func.lower(Interviewer.email) == wanted)).first()


def _run_schedule(args: argparse.Namespace) -> int:
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    database = open_database(_database_url(args), SecretStore(), create=False)
    try:
        with database.sessions() as session:
            interviewer_id = None
            if args.interviewer:
                interviewer = _find_interviewer(session, args.interviewer)
                if interviewer is None:
                    return _fail(f"There is no interviewer with the email {args.interviewer}.")
                interviewer_id = interviewer.id
            rows = _schedule_rows(session, interviewer_id)
    except SQLAlchemyError as exc:
        log.exception("listing interviews failed")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"listing interviews failed: {first_line} (details in the log file).")
    finally:
        database.close()
    if args.json:
        print(json.dumps({"interviews": rows}))
        return EXIT_OK
    print(_schedule_table(rows) if rows else "No interviews.")
    return EXIT_OK


def _schedule_rows(session, interviewer_id: int | None) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Every interview (or one interviewer's) as a JSON-ready dict, booked ones first by start, then by id."""
    from datetime import timezone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from interviewer.models import Account, Contact, Deal, Interview, Interviewer

    person = aliased(Interviewer)
    query = (
        select(Interview, person, Account.name, Contact)
        .join(Deal, Deal.id == Interview.deal_id)
        .outerjoin(Account, Account.id == Deal.account_id)
        .outerjoin(Contact, Contact.id == Interview.contact_id)
        .outerjoin(person, person.id == Interview.interviewer_id)
    )
    if interviewer_id is not None:
        query = query.where(Interview.interviewer_id == interviewer_id)
    rows = []
    for interview, interviewer, account, contact in session.execute(query).all():
        start = interview.scheduled_start.astimezone(timezone.utc) if interview.scheduled_start else None
        interviewer_zone = interview.interviewer_time_zone or (interviewer.time_zone if interviewer else None)
        buyer_zone = interview.buyer_time_zone or (contact.time_zone if contact else None)
        local = None
        if start is not None and interviewer_zone:
            try:
                local = start.astimezone(ZoneInfo(interviewer_zone)).isoformat()
            except (ZoneInfoNotFoundError, ValueError):
                local = None
        rows.append({
            "id": interview.id,
            "status": interview.status.value,
            "interviewer": interviewer.name if interviewer else None,
            "account": account,
            "contact": contact.full_name if contact else None,
            "start_utc": start.isoformat().replace("+00:00", "Z") if start else None,
            "start_interviewer": local,
            "interviewer_time_zone": interviewer_zone,
            "buyer_time_zone": buyer_zone,
            "minutes": interview.planned_minutes,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["start_utc"] is None, r["start_utc"] or "", r["id"]))
    return rows


def _schedule_table(rows: Sequence[dict[str, object]]) -> str:
    header = ("#", "Status", "Interviewer", "Account", "Contact", "Start (UTC)", "Start (interviewer)", "Buyer zone", "Min")
    cells = [
        (
            str(r["id"]), str(r["status"]).replace("_", " "), str(r["interviewer"] or "—"), str(r["account"] or "—"),
            str(r["contact"] or "—"), _short_time(r["start_utc"]), _short_time(r["start_interviewer"], r["interviewer_time_zone"]),
            str(r["buyer_time_zone"] or "—"), str(r["minutes"]),
        )
        for r in rows
    ]  # fmt: skip
    widths = [min(32, max(len(row[i]) for row in [header, *cells])) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        fitted = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(row, widths, strict=True)]
        return "  ".join(c.rjust(w) if i in (0, 8) else c.ljust(w) for i, (c, w) in enumerate(zip(fitted, widths, strict=True))).rstrip()

    return "\n".join([line(header), *(line(row) for row in cells)])


def _short_time(value: object, zone: object = None) -> str:
    """An ISO time as 2026-03-16 14:00Z, or 2026-03-16 15:00 Berlin with a zone; a dash without one."""
    if not value:
        return "—"
    text = str(value)
    day, clock = text[:10], text[11:16]
    if zone is None:
        return f"{day} {clock}Z"
    return f"{day} {clock} {str(zone).rsplit('/', 1)[-1].replace('_', ' ')}"


def _run_ics(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone
    from pathlib import Path

    from sqlalchemy.exc import SQLAlchemyError

    from exports.calendar import CalendarError, write_invite, write_upcoming
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    try:
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(timezone.utc)
    except ValueError:
        return _fail(f"--now {args.now!r} is not a time like 2026-03-16T09:00.")
    now = now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)
    out = Path(args.out)
    if not out.parent.is_dir():
        return _fail(f"cannot write {out}: the folder {out.parent} does not exist.")
    database = open_database(_database_url(args), SecretStore(), create=False)
    try:
        with database.sessions() as session:
            if args.interview is not None:
                count = write_invite(session, args.interview, out)
                who = None
            else:
                interviewer = _find_interviewer(session, args.interviewer)
                if interviewer is None:
                    return _fail(f"There is no interviewer with the email {args.interviewer}.")
                who = interviewer.name
                count = write_upcoming(session, interviewer.id, out, now=now)
    except CalendarError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}.")
    except SQLAlchemyError as exc:
        log.exception("writing the calendar file failed")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"writing the calendar file failed: {first_line} (details in the log file).")
    finally:
        database.close()
    if count == 0:
        print(f"{who} has no upcoming interviews; {out} was not written.")
    else:
        print(f"Wrote {count} event{'s' if count != 1 else ''} to {out}")
    return EXIT_OK


def _module_command(module: str) -> Callable[[argparse.Namespace], int]:
    """Run a subcommand kept in a module of its own (``run(args, url) -> (status, message)``)."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return _outcome(importlib.import_module(f"interviewer.{module}").run(args, _database_url(args)))

    return run


def _outcome(result: tuple[int, str]) -> int:
    """A subcommand module's (status, message): the message goes to stderr as one line when it failed."""
    status, message = result
    if status:
        print(f"winloss: {message}", file=sys.stderr)
    return status


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
