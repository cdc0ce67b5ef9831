"""CSV and JSON export of interviews, answers, quotes and takeaways, one file per table.

- One table per file: ``interviews``, ``answers``, ``quotes`` or ``takeaways``; ``export_tables`` writes
  several (or all) into a folder as ``<table>.csv`` / ``<table>.json``.
- CSV is UTF-8 with a byte-order mark, so Excel opens it with the right characters, and comma-separated with
  every cell quoted where needed. Lists (teams, reasons, quote ids) are joined with ``"; "``.
- JSON is a UTF-8 array of objects with the same keys as the CSV header; lists stay lists, numbers numbers.
- Dates and times are ISO 8601 (``2026-11-17``, ``2026-11-17T15:28:24+00:00``, in UTC).
- Spreadsheet formula injection is neutralised in CSV only: a cell starting with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return gets a leading apostrophe. JSON keeps the text as typed.
- Anonymous by default: buyers are described by role, segment and industry; names, emails, companies and the
  rep appear only with ``identities``, and otherwise are hidden inside every free text by the program's one
  anonymiser ("[the buyer]", "[the buyer's company]", "[the rep]"); the finished file is then leak-checked
  (``exports.leaks.LeakError`` names what it still found, and nothing is written).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from interviewer.files import write_atomically
from exports.leaks import check
from interviewer.enums import Team
from interviewer.models import (
    Account,
    Answer,
    Contact,
    Deal,
    Guide,
    GuideItem,
    Interview,
    Quote,
    Takeaway,
)
from interviewer.reporting.anonymity import Context, Identities, describe_buyer, program_identities
from interviewer.scheduling.rows import amount_band

TABLES = ("interviews", "answers", "quotes", "takeaways")
FORMATS = ("csv", "json")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "

Row = dict[str, Any]


@dataclass(frozen=True)
class _Buyer:
    """What an interview's rows may say about its buyer, and how its free text is made anonymous."""

    description: str
    identities: dict[str, Any]
    hide: Callable[[str | None], str | None]
    """Free text with this buyer's company, name and rep replaced (None stays None)."""


def table_rows(session: Session, table: str, *, identities: bool = False,
               known: Identities | None = None) -> list[Row]:
    """The rows of ``table`` (one of ``TABLES``) as dicts, every row with the same keys in the same order;
    ``known`` (default: the program's) are the identities an anonymous export hides."""
    if table not in TABLES:
        raise ValueError(f"{table!r} is not a table to export: choose one of {', '.join(TABLES)}.")
    buyers = _buyers(session, identities, known or program_identities(session))
    return list(_READERS[table](session, buyers))


def table_bytes(session: Session, table: str, fmt: str, *, identities: bool = False,
                known: Identities | None = None) -> bytes:
    """``table`` as the bytes of a CSV or JSON file; an anonymous one leak-checked (``LeakError``)."""
    if fmt not in FORMATS:
        raise ValueError(f"{fmt!r} is not an export format: choose csv or json.")
    known = known or program_identities(session)
    rows = table_rows(session, table, identities=identities, known=known)
    content = csv_bytes(rows) if fmt == "csv" else json_bytes(rows)
    if not identities:
        check(known, [(f"{table}.{fmt}", content.decode("utf-8-sig"))])
    return content


def export_tables(session: Session, tables: Sequence[str], fmt: str, folder: Path, *,
                  identities: bool = False) -> list[Path]:
    """Write each of ``tables`` into ``folder`` (created if missing) as ``<table>.<fmt>``; return the paths.
    Every file is made (and an anonymous one leak-checked) before the first is written."""
    known = program_identities(session)
    made = {table: table_bytes(session, table, fmt, identities=identities, known=known) for table in tables}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, content in made.items():
        path = folder / f"{table}.{fmt}"
        write_atomically(path, content)
        written.append(path)
    return written


def csv_bytes(rows: Sequence[Row]) -> bytes:
    """Rows as CSV: UTF-8 with BOM, a header from the first row's keys, formula-like cells neutralised."""
    buffer = io.StringIO(newline="")
    if rows:
        writer = csv.writer(buffer)
        writer.writerow(rows[0].keys())
        writer.writerows([safe_cell(value) for value in row.values()] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def json_bytes(rows: Sequence[Row]) -> bytes:
    """Rows as a pretty-printed JSON array (UTF-8, no escaping of non-ASCII)."""
    return (json.dumps([{k: _json_value(v) for k, v in row.items()} for row in rows], ensure_ascii=False,
                       indent=2) + "\n").encode("utf-8")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell a spreadsheet will not run as a formula."""
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value.value) if hasattr(value, "value") else str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _text(value)


# -- the buyers behind the rows ----------------------------------------------------------------------


def _buyers(session: Session, identities: bool, known: Identities) -> dict[int, _Buyer]:
    rows = session.execute(
        select(Interview.id, Deal, Account, Contact)
        .join(Deal, Deal.id == Interview.deal_id)
        .outerjoin(Account, Account.id == Deal.account_id)
        .outerjoin(Contact, Contact.id == Interview.contact_id)
    ).all()  # fmt: skip
    return {interview_id: _buyer(deal, account, contact, identities, known)
            for interview_id, deal, account, contact in rows}


def _buyer(deal: Deal, account: Account | None, contact: Contact | None, identities: bool,
           known: Identities) -> _Buyer:
    if identities:
        named = {"buyer_name": contact.full_name if contact else None, "buyer_email": contact.email if contact else None,
                 "company": account.name if account else None, "rep": deal.owner_rep}
        return _Buyer(describe_buyer(contact, account), named, _as_typed)
    about = Context.of(deal, contact)

    def hide(text: str | None) -> str | None:
        return known.hide(text, about) if text else text

    return _Buyer(describe_buyer(contact, account), {}, hide)


def _as_typed(text: str | None) -> str | None:
    return text


_NOBODY = _Buyer("A buyer", {}, _as_typed)
"""For a row whose interview vanished between two reads."""


# -- one reader per table ----------------------------------------------------------------------------


def _interviews(session: Session, buyers: dict[int, _Buyer]) -> Iterable[Row]:
    rows = session.execute(
        select(Interview, Deal, Account)
        .join(Deal, Deal.id == Interview.deal_id)
        .outerjoin(Account, Account.id == Deal.account_id)
        .order_by(Interview.id)
    ).all()  # fmt: skip
    for interview, deal, account in rows:
        buyer = buyers.get(interview.id, _NOBODY)
        held = interview.started_at
        yield {
            "interview_id": interview.id, "status": interview.status, "outcome": deal.outcome,
            "buyer_outcome": interview.buyer_outcome, "rep_reason": deal.rep_reason,
            "buyer_reason": interview.buyer_reason, "secondary_reasons": list(interview.secondary_reasons or ()),
            "competitor": interview.buyer_competitor or deal.competitor, "buyer": buyer.description,
            "segment": account.segment if account else None, "industry": account.industry if account else None,
            "region": account.region if account else None, "deal_size": amount_band(deal.amount, deal.currency),
            "closed_on": deal.close_date, "scheduled_start": interview.scheduled_start,
            "held_on": held.date() if held else None, "minutes": round(interview.elapsed_seconds / 60, 1),
            "wrapped_up_at": interview.wrapped_up_at,
            "decision_criteria": buyer.hide(interview.decision_criteria),
            "marketing_feedback": buyer.hide(interview.marketing_feedback),
            **buyer.identities,
        }  # fmt: skip


def _answers(session: Session, buyers: dict[int, _Buyer]) -> Iterable[Row]:
    rows = session.execute(
        select(Guide.interview_id, GuideItem, Answer.notes)
        .join(Guide, Guide.id == GuideItem.guide_id)
        .outerjoin(Answer, (Answer.guide_item_id == GuideItem.id) & (Answer.interview_id == Guide.interview_id))
        .where(Guide.interview_id.is_not(None))
        .order_by(Guide.interview_id, GuideItem.position)
    ).all()  # fmt: skip
    for interview_id, item, notes in rows:
        hide = buyers.get(interview_id, _NOBODY).hide
        yield {"interview_id": interview_id, "position": item.position, "phase": item.phase,
               "question": hide(item.text), "state": item.state, "spent_seconds": item.spent_seconds,
               "notes": hide(notes)}


def _quotes(session: Session, buyers: dict[int, _Buyer]) -> Iterable[Row]:
    rows = session.execute(
        select(Quote, GuideItem.text).outerjoin(GuideItem, GuideItem.id == Quote.guide_item_id)
        .order_by(Quote.interview_id, Quote.offset_seconds, Quote.id)
    ).all()  # fmt: skip
    for quote, question in rows:
        buyer = buyers.get(quote.interview_id, _NOBODY)
        yield {"quote_id": quote.id, "interview_id": quote.interview_id, "offset_seconds": quote.offset_seconds,
               "question": buyer.hide(question), "text": buyer.hide(quote.text), "buyer": buyer.description}


def _takeaways(session: Session, buyers: dict[int, _Buyer]) -> Iterable[Row]:
    takeaways = session.scalars(select(Takeaway).options(selectinload(Takeaway.routes), selectinload(Takeaway.quotes))
                                .order_by(Takeaway.interview_id, Takeaway.position, Takeaway.id))
    for takeaway in takeaways:
        hide = buyers.get(takeaway.interview_id, _NOBODY).hide
        routed = {route.team for route in takeaway.routes}
        yield {"takeaway_id": takeaway.id, "interview_id": takeaway.interview_id, "position": takeaway.position,
               "theme": takeaway.theme, "text": hide(takeaway.text), "importance": takeaway.importance,
               "sentiment": takeaway.sentiment, "kind": takeaway.kind,
               "teams": [team.value for team in Team if team in routed],
               "quote_ids": sorted(quote.id for quote in takeaway.quotes),
               "no_quote_reason": hide(takeaway.no_quote_reason)}


_READERS: dict[str, Callable[[Session, dict[int, _Buyer]], Iterable[Row]]] = {
    "interviews": _interviews, "answers": _answers, "quotes": _quotes, "takeaways": _takeaways,
}
