"""`winloss import`: import CRM exports (accounts, contacts, then deals)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from winloss.cli.outcome import OK, failed, logged


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register `winloss import`."""
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


def run(args: argparse.Namespace, url: str) -> tuple[int, str]:
    """Import the files into the database at ``url``, accounts and contacts before deals."""
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from interviewer.db import open_database
    from interviewer.importing.importer import import_paths
    from interviewer.importing.mapping import UnknownProfile
    from interviewer.importing.reading import UnreadableFile
    from interviewer.secrets import SecretStore

    from question_bank.store import load_into_new_database

    database = open_database(url, SecretStore())
    load_into_new_database(database, actor="cli")
    progress = _terminal_progress() if sys.stderr.isatty() else None
    try:
        kwargs = {"progress": progress} if progress else {}
        results = import_paths(database, args.files, profile=args.profile, sheet=args.sheet, **kwargs)
    except (UnreadableFile, UnknownProfile) as exc:
        return failed(str(exc))
    except KeyboardInterrupt:
        return failed("import interrupted: the file being imported was not changed.")
    except (SQLAlchemyError, OSError) as exc:
        return logged("the import", exc, kept="; the file being imported was not changed")
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
    return OK


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
