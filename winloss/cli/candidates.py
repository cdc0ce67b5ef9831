"""`winloss candidates`: what an approved criteria set selects today (nothing is stored)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from winloss.cli.outcome import OK, failed, logged


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register `winloss candidates`."""
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


def run(args: argparse.Namespace, url: str) -> tuple[int, str]:
    """Print what the approved criteria set selects as of --today (nothing is stored)."""
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
        return failed(f"--today {args.today!r} is not a date like 2026-05-31.")
    database = open_database(url, SecretStore(), create=False)
    try:
        with database.sessions() as session:
            criteria = approved_set(session, find_set(session, args.criteria).id)
            selection = select(session, criteria.definition, today)
    except (ReviewError, SelectionError) as exc:
        return failed(str(exc))
    except SQLAlchemyError as exc:
        return logged("listing candidates", exc)
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
        return OK
    print(f"Candidates of “{criteria.name}” v{criteria.version} as of {today.isoformat()}:")
    print(_candidates_table(selection.proposals) if selection.proposals else "No deal qualifies.")
    for line in selection.shortfall:
        print(f"Shortfall: {line.text}")
    return OK


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
