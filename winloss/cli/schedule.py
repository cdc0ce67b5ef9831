"""`winloss schedule --list`: interviews with their slots, in UTC and in the interviewer's time zone."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from winloss.cli.outcome import OK, failed, logged

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from interviewer.models import Interviewer


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register `winloss schedule`."""
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


def run(args: argparse.Namespace, url: str) -> tuple[int, str]:
    """Print the interviews (or one interviewer's), booked ones first."""
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    database = open_database(url, SecretStore(), create=False)
    try:
        with database.sessions() as session:
            interviewer_id = None
            if args.interviewer:
                interviewer = find_interviewer(session, args.interviewer)
                if interviewer is None:
                    return failed(f"There is no interviewer with the email {args.interviewer}.")
                interviewer_id = interviewer.id
            rows = _schedule_rows(session, interviewer_id)
    except SQLAlchemyError as exc:
        return logged("listing interviews", exc)
    finally:
        database.close()
    if args.json:
        print(json.dumps({"interviews": rows}))
        return OK
    print(_schedule_table(rows) if rows else "No interviews.")
    return OK


def find_interviewer(session: Session, email: str) -> Interviewer | None:
    """The interviewer with this email (case-insensitive), or None."""
    from sqlalchemy import func, select

    from interviewer.models import Interviewer

    wanted = email.strip().lower()
    return session.scalars(select(Interviewer).where(func.lower(Interviewer.email) == wanted)).first()


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
