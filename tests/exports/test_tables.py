"""CSV and JSON exports: Excel-friendly CSV, formulas neutralised, ISO dates, anonymous unless asked otherwise."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from test_make_report import build_demo_program

from exports.tables import (
    TABLES,
    csv_bytes,
    export_tables,
    json_bytes,
    safe_cell,
    table_bytes,
    table_rows,
)
from interviewer.models import Account, Answer, Contact, Deal, Interview, Takeaway
from winloss.cli import report as cli_report

HOSTILE = ["=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)", "\tindented", "\rcarriage", "plain", "a=b"]
WORLD = "Arabic قال المشتري · Hebrew הקונה אמר · emoji 🚀👍🏽 · 価格"


def _csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_formula_like_cells_get_an_apostrophe_in_csv_only() -> None:
    rows = [{"text": value, "n": 3} for value in HOSTILE]
    cells = [row["text"] for row in _csv(csv_bytes(rows))]
    assert cells == ["'" + value for value in HOSTILE[:6]] + ["plain", "a=b"]
    assert [row["text"] for row in json.loads(json_bytes(rows))] == HOSTILE
    assert safe_cell(None) == "" and safe_cell(["a", "b"]) == "a; b" and safe_cell(-5) == "'-5"


@pytest.fixture
def demo(sqlite_database):  # type: ignore[no-untyped-def]
    build_demo_program(sqlite_database)
    with sqlite_database.sessions() as session, session.begin():
        interview = session.scalar(select(Interview).where(Interview.wrapped_up_at.is_not(None))
                                   .order_by(Interview.id))
        takeaway = session.scalar(select(Takeaway).where(Takeaway.interview_id == interview.id))
        takeaway.text = HOSTILE[0]
        answer = session.scalar(select(Answer).where(Answer.interview_id == interview.id))
        answer.notes = WORLD + "\nsecond line"
    return sqlite_database


def _identities(session) -> list[str]:  # type: ignore[no-untyped-def]
    """The name, email and company of every buyer who has an interview."""
    found: set[str] = set()
    rows = session.execute(select(Contact, Account).select_from(Interview)
                           .join(Deal, Deal.id == Interview.deal_id).join(Account, Account.id == Deal.account_id)
                           .join(Contact, Contact.id == Interview.contact_id)).all()
    for contact, account in rows:
        found.update(value for value in (contact.full_name, contact.email, account.name) if value)
    return sorted(found)


def test_demo_exports_are_anonymous_by_default_and_named_on_request(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.sessions() as session:
        identities = _identities(session)
        assert identities
        for table in TABLES:
            for fmt in ("csv", "json"):
                text = table_bytes(session, table, fmt).decode("utf-8-sig")
                leaks = [value for value in identities if value in text]
                assert leaks == [], f"{table}.{fmt} names buyers: {leaks[:5]}"
        named = table_rows(session, "interviews", identities=True)
    assert {"buyer_name", "buyer_email", "company", "rep"} <= set(named[0])
    assert any(row["buyer_email"] in identities for row in named)


def test_demo_exports_keep_text_dates_and_neutralise_formulas(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.sessions() as session:
        takeaways = _csv(table_bytes(session, "takeaways", "csv"))
        takeaways_json = json.loads(table_bytes(session, "takeaways", "json"))
        answers = _csv(table_bytes(session, "answers", "csv"))
        interviews = json.loads(table_bytes(session, "interviews", "json"))
    assert "'" + HOSTILE[0] in [row["text"] for row in takeaways]
    assert HOSTILE[0] in [row["text"] for row in takeaways_json]
    assert WORLD + "\nsecond line" in [row["notes"] for row in answers]
    assert all(isinstance(row["teams"], list) and isinstance(row["importance"], int) for row in takeaways_json)
    held = [row for row in interviews if row["wrapped_up_at"]]
    assert held and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["held_on"]) for row in held)
    assert all(datetime.fromisoformat(row["wrapped_up_at"]).utcoffset() is not None for row in held)
    assert [row["interview_id"] for row in interviews] == sorted(row["interview_id"] for row in interviews)


def test_export_writes_one_file_per_table_in_a_folder(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with demo.sessions() as session:
        written = export_tables(session, TABLES, "csv", tmp_path / "out")
    assert [path.name for path in written] == [f"{table}.csv" for table in TABLES]
    assert all(_csv(path.read_bytes()) for path in written)


def test_export_command(demo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import argparse

    parser = argparse.ArgumentParser(prog="winloss")
    cli_report.add_parser(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    url = demo.url.render_as_string(hide_password=False)
    out = tmp_path / "quotes.json"
    assert cli_report.run(parser.parse_args(["export", "--what", "quotes", "--format", "json", "--out", str(out)]),
                          url) == (0, "")
    assert json.loads(out.read_text(encoding="utf-8")) and f"Wrote {out}" in capsys.readouterr().out
    folder = tmp_path / "all"
    assert cli_report.run(parser.parse_args(["export", "--what", "all", "--format", "csv", "--out", str(folder)]),
                          url) == (0, "")
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{table}.csv" for table in TABLES)
