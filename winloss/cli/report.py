"""`winloss report …` makes and stores a Word report; `winloss export` writes interviews, answers, quotes or takeaways.

Both are registered by ``add_parser`` and run by ``run`` (the caller maps the commands ``report`` and ``export``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from winloss.cli.outcome import OK, failed

if TYPE_CHECKING:
    from exports.reports.make import ReportRequest

ACTOR = "cli"
TABLE_CHOICES = ("interviews", "answers", "quotes", "takeaways", "all")

REPORT_DESCRIPTION = (
    "Make a Word report, store it in the database (so it can be delivered later) and write it to --out "
    "(a file, or a folder to write it under its own name; replaced in one step). Reports describe buyers by role, "
    "segment and industry unless --identities; an anonymous report is leak-checked first and refused, naming what "
    "it found, when it still names a buyer, company or rep. Prints one line with the report's number and the "
    "file; with --json, one object: {report_id, kind, title, file, leak_check} (leak_check: \"passed\", or "
    "\"not run: …\" with --identities)."
)
EXPORT_DESCRIPTION = (
    "Export interviews, answers, quotes or takeaways as CSV (UTF-8 with BOM, formula-like cells prefixed with an "
    "apostrophe) or JSON (an array of objects). One table writes the file --out; --what all writes one file per "
    "table into the folder --out. Anonymous unless --identities: no buyer name, email, company or rep (each file is "
    "leak-checked, and nothing is written when one still names someone)."
)


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register the `report` and `export` subcommands."""
    report = commands.add_parser("report", parents=[db_option], help="make a Word report and store it",
                                 description=REPORT_DESCRIPTION)
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    interview = kinds.add_parser("interview", parents=[db_option], help="the report of one wrapped-up interview")
    interview.add_argument("interview_id", type=int, metavar="ID", help="the interview's number")
    digest = kinds.add_parser("digest", parents=[db_option], help="one team's digest of a month's takeaways")
    digest.add_argument("--team", required=True, metavar="NAME",
                        help="product, cs (customer success), marketing, sales or leadership")
    digest.add_argument("--period", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-10")
    review = kinds.add_parser("review", parents=[db_option], help="the monthly program review")
    review.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-10")
    for parser in (interview, digest, review):
        parser.add_argument("--out", required=True, metavar="FILE", help="the .docx to write (or a folder)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
    for parser in (interview, digest):
        parser.add_argument("--identities", action="store_true", help="name the buyers and their companies")

    export = commands.add_parser("export", parents=[db_option], help="export interview data as CSV or JSON",
                                 description=EXPORT_DESCRIPTION)
    export.add_argument("--what", required=True, choices=TABLE_CHOICES, help="the table to export")
    export.add_argument("--format", required=True, choices=("csv", "json"), dest="export_format")
    export.add_argument("--out", required=True, metavar="PATH", help="the file (a folder with --what all)")
    export.add_argument("--identities", action="store_true", help="include buyer names, emails, companies and reps")


def run(args: argparse.Namespace, database_url: str) -> tuple[int, str]:
    """Run `report` or `export`; returns the exit status and, on failure, the sentence for the user."""
    if args.command == "export":
        return _export(args, database_url)
    try:
        request = _request(args)
    except ValueError as exc:
        return 2, str(exc)
    from interviewer.files import write_atomically
    from exports.reports.make import make_report
    from interviewer.clock import SystemClock
    from interviewer.db import open_database
    from interviewer.reporting.interview_report import ReportError
    from interviewer.secrets import SecretStore

    out = Path(args.out)
    database = open_database(database_url, SecretStore(), create=False)
    try:
        made = make_report(database, request, actor=ACTOR, clock=SystemClock())
    except ReportError as exc:
        return failed(str(exc))
    finally:
        database.close()
    target = out / made.file_name if out.is_dir() else out
    try:
        write_atomically(target, made.content)
    except OSError as exc:
        return failed(f"report {made.report_id} is stored, but {target} could not be written "
                      f"({exc.strerror or exc}); choose another --out.")
    summary = {"report_id": made.report_id, "kind": made.kind.value, "title": made.title, "file": str(target),
               "leak_check": made.leak_check}
    print(json.dumps(summary, ensure_ascii=False) if args.json
          else f"Report {made.report_id} · {made.title} → {target}")
    return OK


def _request(args: argparse.Namespace) -> ReportRequest:
    """The report the arguments ask for; ValueError with a sentence when a name or month is wrong."""
    from exports.reports.make import DigestRequest, InterviewRequest, ReviewRequest
    from interviewer.enums import Team
    from interviewer.reporting.periods import month

    if args.report_kind == "interview":
        return InterviewRequest(args.interview_id, identities=args.identities)
    if args.report_kind == "digest":
        try:
            team = Team.parse(args.team)
        except ValueError:
            names = ", ".join(team.value for team in Team)
            raise ValueError(f"--team {args.team!r} is not a team: choose one of {names}.") from None
        return DigestRequest(team, month(args.period), identities=args.identities)  # type: ignore[arg-type]
    return ReviewRequest(month(args.month))


def _export(args: argparse.Namespace, database_url: str) -> tuple[int, str]:
    from interviewer.files import write_atomically
    from exports.leaks import LeakError
    from exports.tables import TABLES, export_tables, table_bytes
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    out = Path(args.out)
    database = open_database(database_url, SecretStore(), create=False)
    try:
        with database.sessions() as session:
            if args.what == "all":
                written = export_tables(session, TABLES, args.export_format, out, identities=args.identities)
            else:
                target = out / f"{args.what}.{args.export_format}" if out.is_dir() else out
                write_atomically(target, table_bytes(session, args.what, args.export_format,
                                                     identities=args.identities))
                written = [target]
    except OSError as exc:
        return failed(f"{out} could not be written ({exc.strerror or exc}); choose another --out.")
    except LeakError as exc:
        return failed(str(exc))
    finally:
        database.close()
    print("\n".join(f"Wrote {path}" for path in written))
    return OK
