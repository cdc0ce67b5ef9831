"""The importer end to end on small files written here: upserts, rejections, cancel, formats, odd values."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text, update

from interviewer.db import Database
from interviewer.enums import UNKNOWN_COMPETITOR, Authority, Outcome, RepReason
from interviewer.importing import bulk, writer
from interviewer.importing.importer import (
    ImportCancelled,
    ImportPlan,
    ImportResult,
    import_order,
    import_paths,
    import_plans,
    plan_import,
    preview,
    revise_plan,
    run_import,
)
from interviewer.importing.mapping import save_profile
from interviewer.importing.reading import UnreadableFile
from interviewer.importing.values import DateFormat
from interviewer.models import (
    Account,
    AuditEntry,
    Base,
    Contact,
    Deal,
    DealContact,
    ImportBatch,
    ImportRejection,
)
from interviewer.progress import Cancelled, CancelToken

# -- helpers (also used by the other import tests) ------------------------------------------------


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write ``rows`` (the header first) as a CSV file the way spreadsheets do."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def import_file(database: Database, path: Path, **options: Any) -> ImportResult:
    """Plan and run one file, as the window does."""
    with database.sessions() as session:
        plan = plan_import(path, session=session)
    return run_import(database, plan, **options)


def dump(database: Database, *, history: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (and, on SQLite, the schema), to compare a database before and after.

    ``history=False`` leaves out the import history (batches and rejections), which every run adds to.
    """
    skipped = set() if history else {ImportBatch.__tablename__, ImportRejection.__tablename__}
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with database.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in skipped:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            tables[table.name] = [tuple(row) for row in session.execute(select(table).order_by(*order))]
        if database.is_sqlite:
            tables["sqlite_master"] = [tuple(row) for row in session.execute(
                text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            )]  # fmt: skip
    return tables


def deals(database: Database) -> dict[str, Deal]:
    with database.sessions() as session:
        return {deal.external_id: deal for deal in session.scalars(select(Deal))}


def rejections(database: Database, batch: int) -> list[tuple[int, str, dict[str, str]]]:
    with database.sessions() as session:
        query = select(ImportRejection).where(ImportRejection.batch_id == batch).order_by(ImportRejection.row_number)
        return [(r.row_number, r.reason, r.raw) for r in session.scalars(query)]


def adds_up(result: ImportResult) -> bool:
    return result.rows == result.imported + result.updated + result.unchanged + result.rejected


SALESFORCE = ["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon", "LeadSource",
              "Loss_Reason__c", "Competitor__c"]  # fmt: skip


def salesforce_rows(count: int) -> list[list[str]]:
    stages = [("Closed Won", "TRUE", "TRUE"), ("Closed Lost", "TRUE", "FALSE"), ("Closed - No Decision", "TRUE", "FALSE"),
              ("Negotiation/Review", "FALSE", "FALSE")]  # fmt: skip
    rows = []
    for number in range(count):
        stage, closed, won = stages[number % 4]
        rows.append([f"006{number:015d}", f"001{number % 7:015d}", f"Opportunity {number}", stage,
                     str(1000 + number), f"{number % 12 + 1:02d}/{number % 28 + 1:02d}/2024", closed, won, "Web",
                     "Price" if stage == "Closed Lost" else "", "Quillmark" if number % 3 else ""])  # fmt: skip
    return rows


# -- upserts --------------------------------------------------------------------------------------


def test_import_then_the_same_file_again_changes_nothing(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(40)])
    first = import_file(database, path)
    assert first.to_json() == {"rows": 40, "imported": 40, "updated": 0, "unchanged": 0, "rejected": 0,
                               "batch": first.batch}  # fmt: skip
    assert (first.source, first.kind, first.file) == ("salesforce", "deals", "Opportunity.csv")
    before = dump(database, history=False)
    second = import_file(database, path)
    assert (second.rows, second.unchanged, second.imported + second.updated + second.rejected) == (40, 40, 0)
    assert second.batch != first.batch
    assert dump(database, history=False) == before
    stored = deals(database)
    assert Counter(deal.outcome for deal in stored.values()) == {
        Outcome.WON: 10, Outcome.LOST: 10, Outcome.NO_DECISION: 10, Outcome.OPEN: 10,
    }  # fmt: skip
    deal = stored["006000000000000001"]
    assert (deal.amount, deal.currency, deal.close_date, deal.raw_stage) == (
        Decimal("1001.00"), "USD", date(2024, 2, 2), "Closed Lost",
    )  # fmt: skip
    assert (deal.rep_reason, deal.competitor, deal.lead_source) == (RepReason.PRICE_ADVANTAGE, "Quillmark", "Web")
    with database.sessions() as session:
        batch = session.get(ImportBatch, first.batch)
        assert batch is not None
        assert (batch.source_system, batch.file_name, batch.status.value, batch.actor) == (
            "salesforce", "Opportunity.csv", "completed", "local user",
        )  # fmt: skip
        assert batch.file_sha256 == plan_import(path).info.sha256
        assert batch.mapping["fields"]["stage"] == "StageName"
        assert batch.mapping["date_formats"] == {"CloseDate": "us"}
        assert batch.outcome_rule.startswith("won/lost from IsClosed and IsWon")
        assert (batch.rows_total, batch.rows_created, batch.rows_updated, batch.rows_unchanged, batch.rows_rejected) == (
            40, 40, 0, 0, 0,
        )  # fmt: skip
        assert batch.finished_at is not None and batch.finished_at >= batch.started_at


def test_a_changed_row_is_updated_with_an_audit_entry_of_old_and_new(sqlite_database: Database, tmp_path: Path) -> None:
    rows = salesforce_rows(5)
    import_file(sqlite_database, write_csv(tmp_path / "a.csv", [SALESFORCE, *rows]))
    rows[2][4] = "2500"  # amount
    rows[2][3], rows[2][6], rows[2][7] = "Closed Won", "TRUE", "TRUE"  # was Closed - No Decision
    result = import_file(sqlite_database, write_csv(tmp_path / "b.csv", [SALESFORCE, *rows]), actor="ana")
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (0, 1, 4, 0)
    deal = deals(sqlite_database)["006000000000000002"]
    assert (deal.amount, deal.outcome, deal.import_batch_id) == (Decimal("2500.00"), Outcome.WON, result.batch)
    with sqlite_database.sessions() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "deal.updated")).all()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.actor, entry.entity_type, entry.entity_id) == ("ana", "deal", deal.id)
    assert entry.details["external_id"] == "006000000000000002"
    assert entry.details["batch"] == result.batch
    assert entry.details["changes"] == {
        "amount": {"old": "1002.00", "new": "2500.00"},
        "outcome": {"old": "no_decision", "new": "won"},
        "raw_stage": {"old": "Closed - No Decision", "new": "Closed Won"},
    }


def test_rows_without_an_id_get_a_stable_one_from_their_content(sqlite_database: Database, tmp_path: Path) -> None:
    header = ["Deal", "Company", "Outcome", "Amount", "Close date"]
    rows = [["Alpha", "Acme", "Won", "100", "2024-03-01"], ["Beta", "Acme", "Lost", "200", "2024-03-02"]]
    first = import_file(sqlite_database, write_csv(tmp_path / "a.csv", [header, *rows]))
    ids = set(deals(sqlite_database))
    assert len(ids) == 2 and all(i.startswith("row:") for i in ids)
    again = import_file(sqlite_database, write_csv(tmp_path / "b.csv", [header, *reversed(rows)]))
    assert (first.imported, again.unchanged) == (2, 2)
    assert set(deals(sqlite_database)) == ids


def test_a_repeated_id_is_rejected_naming_the_first_row(sqlite_database: Database, tmp_path: Path) -> None:
    rows = salesforce_rows(3)
    path = write_csv(tmp_path / "dup.csv", [SALESFORCE, *rows, list(rows[1])])
    result = import_file(sqlite_database, path)
    assert (result.rows, result.imported, result.rejected) == (4, 3, 1)
    assert rejections(sqlite_database, result.batch)[0][:2] == (5, "row 5 has the same id as row 3")


def test_rejections_keep_the_record_number_the_reason_and_the_raw_values(sqlite_database: Database, tmp_path: Path) -> None:
    rows = salesforce_rows(4)
    rows[0][2] = "Two\nline name"  # a quoted newline: one record, two lines
    rows[1][5] = "02/31/2024"  # US format, no such day
    rows[2][4] = "lots"
    rows[3][7] = "maybe"
    path = write_csv(tmp_path / "bad.csv", [SALESFORCE, *rows])
    result = import_file(sqlite_database, path)
    assert (result.rows, result.imported, result.rejected) == (4, 1, 3)
    assert adds_up(result)
    found = rejections(sqlite_database, result.batch)
    assert [(number, reason) for number, reason, _ in found] == [
        (3, "close date 02/31/2024 is not a date"),
        (4, "amount 'lots' is not an amount"),
        (5, "won flag 'maybe' is not yes or no"),
    ]
    assert found[0][2] == dict(zip(SALESFORCE, rows[1], strict=True))
    assert deals(sqlite_database)["006000000000000000"].name == "Two\nline name"


def test_the_counts_always_add_up_and_long_rows_keep_their_extra_values(sqlite_database: Database, tmp_path: Path) -> None:
    header = ["Deal", "Company", "Outcome", "Amount"]
    rows = [["A", "Acme", "won", "1"], ["B"], ["C", "Acme", "lost", "2", "extra", "more"], ["D", "Acme", "maybe", "3"]]
    result = import_file(sqlite_database, write_csv(tmp_path / "ragged.csv", [header, *rows]))
    assert (result.rows, result.imported, result.rejected) == (4, 2, 2)
    found = rejections(sqlite_database, result.batch)
    assert [number for number, _, _ in found] == [3, 5]
    assert found[0][1] == "nothing in the row says whether the deal was won, lost or is still open"
    assert found[1][1] == "status 'maybe' is neither won, lost, no decision nor open"
    imported = deals(sqlite_database)
    assert len(imported) == 2


# -- cancel ------------------------------------------------------------------------------------------


def cancelling_after(reports: int) -> tuple[CancelToken, Any]:
    token = CancelToken()
    seen = [0]

    def progress(done: int, total: int, message: str) -> None:
        seen[0] += 1
        if seen[0] >= reports:
            token.cancel()

    return token, progress


@pytest.mark.parametrize("reports", [1, 2, 5])
def test_cancel_at_any_chunk_leaves_every_table_as_it_was(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reports: int
) -> None:
    monkeypatch.setattr(writer.ImportRun, "chunk_size", 10)
    account_rows = [[f"001{n:015d}", f"Account {n}", "Energy", "50"] for n in range(7)]
    accounts = write_csv(tmp_path / "Account.csv", [["Id", "Name", "Industry", "NumberOfEmployees"], *account_rows])
    import_file(database, accounts)
    rows = salesforce_rows(50)
    import_file(database, write_csv(tmp_path / "first.csv", [SALESFORCE, *rows[:20]]))
    rows[3][4] = "99999"  # a change, so the update path runs too
    before = dump(database)
    token, progress = cancelling_after(reports)
    with pytest.raises(Cancelled):
        import_file(database, write_csv(tmp_path / "all.csv", [SALESFORCE, *rows]), progress=progress, cancel=token)
    assert dump(database) == before


def test_cancel_in_bulk_load_mode_keeps_the_indexes(
    sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer.ImportRun, "chunk_size", 20)
    monkeypatch.setattr(bulk.SqliteBulkLoad, "MIN_ROWS", 10)
    path = write_csv(tmp_path / "big.csv", [SALESFORCE, *salesforce_rows(100)])
    before = dump(sqlite_database)
    token, progress = cancelling_after(3)
    with pytest.raises(Cancelled):
        import_file(sqlite_database, path, progress=progress, cancel=token)
    assert dump(sqlite_database) == before
    result = import_file(sqlite_database, path)  # and a finished bulk load rebuilds them as they were
    assert result.imported == 100
    after = dump(sqlite_database)
    assert [r for r in after["sqlite_master"] if r[0] == "index"] == [r for r in before["sqlite_master"] if r[0] == "index"]
    with sqlite_database.sessions() as session:
        assert session.execute(text("PRAGMA ignore_check_constraints")).scalar() == 0
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_an_error_half_way_rolls_back_everything(sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer.ImportRun, "chunk_size", 5)
    path = write_csv(tmp_path / "a.csv", [SALESFORCE, *salesforce_rows(20)])
    calls = [0]
    original = writer.ImportRun._add_deals

    def failing(self: writer.ImportRun, accepted: list[Any]) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise RuntimeError("disk on fire")
        original(self, accepted)

    monkeypatch.setattr(writer.ImportRun, "_add_deals", failing)
    before = dump(sqlite_database)
    with pytest.raises(RuntimeError):
        import_file(sqlite_database, path)
    assert dump(sqlite_database) == before


# -- accounts, contacts and links --------------------------------------------------------------------

ACCOUNTS = [["Id", "Name", "Industry", "NumberOfEmployees", "BillingState"],
            ["001A", "Edge Communications", "Electronics", "1000", "TX"],
            ["001B", "GenePoint", "Biotechnology", "150", "CA"],
            ["001C", "United Oil & Gas", "Energy", "145000", "NY"]]  # fmt: skip
CONTACTS = [["Id", "AccountId", "FirstName", "LastName", "Email", "Title", "Phone"],
            ["003A", "001A", "Rose", "Gonzalez", "rose@edge.com", "SVP, Procurement", "(512) 757-6000"],
            ["003B", "001A", "Sean", "Forbes", "sean@edge.com", "CFO", ""],
            ["003C", "001B", "Edna", "Frank", "efrank@genepoint.com", "VP, Technology", ""]]  # fmt: skip
OPPORTUNITIES = [["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon"],
                 ["006A", "001A", "Edge SLA", "Closed Lost", "60000", "02/03/24", "TRUE", "FALSE"],
                 ["006B", "001A", "Edge Installation", "Closed Won", "50000", "02/03/24", "TRUE", "TRUE"],
                 ["006C", "001B", "GenePoint SLA", "Closed Won", "30000", "02/03/24", "TRUE", "TRUE"],
                 ["006D", "001D", "Unknown account", "Prospecting", "1", "02/03/24", "FALSE", "FALSE"]]  # fmt: skip


def links(database: Database) -> set[tuple[str, str, bool]]:
    with database.sessions() as session:
        query = (
            select(Deal.external_id, Contact.external_id, DealContact.is_primary)
            .join(DealContact, DealContact.deal_id == Deal.id)
            .join(Contact, Contact.id == DealContact.contact_id)
        )
        return {tuple(row) for row in session.execute(query)}  # type: ignore[misc]


def accounts_by_id(database: Database) -> dict[str, Account]:
    with database.sessions() as session:
        return {a.external_id: a for a in session.scalars(select(Account))}  # type: ignore[misc]


EXPECTED_LINKS = {("006A", "003A", True), ("006A", "003B", False), ("006B", "003A", True), ("006B", "003B", False),
                  ("006C", "003C", True)}  # fmt: skip


@pytest.mark.parametrize("order", [("a", "c", "o"), ("o", "c", "a"), ("c", "o", "a")], ids="-".join)
def test_companion_files_link_in_any_order(sqlite_database: Database, tmp_path: Path, order: tuple[str, ...]) -> None:
    files = {"a": write_csv(tmp_path / "Account.csv", ACCOUNTS), "c": write_csv(tmp_path / "Contact.csv", CONTACTS),
             "o": write_csv(tmp_path / "Opportunity.csv", OPPORTUNITIES)}  # fmt: skip
    results = [import_file(sqlite_database, files[name]) for name in order]
    assert all(adds_up(r) and r.rejected == 0 for r in results)
    assert links(sqlite_database) == EXPECTED_LINKS
    stored = accounts_by_id(sqlite_database)
    edge = stored["001A"]
    assert (edge.name, edge.industry, edge.employee_count, edge.region, edge.segment) == (
        "Edge Communications", "Electronics", 1000, "TX", "Mid-Market",
    )  # fmt: skip
    assert stored["001B"].segment == "SMB" and stored["001C"].segment == "Enterprise"
    assert stored["001D"].name == "001D"  # named by its id until an accounts file says more
    opportunities = deals(sqlite_database)
    assert opportunities["006A"].account_id == edge.id
    before = dump(sqlite_database, history=False)
    again = import_paths(sqlite_database, [files["o"], files["c"], files["a"]])
    assert [(r.kind, r.unchanged == r.rows) for r in again] == [("accounts", True), ("contacts", True), ("deals", True)]
    assert dump(sqlite_database, history=False) == before


def test_accounts_after_deals_update_the_named_accounts_with_an_audit_entry(sqlite_database: Database, tmp_path: Path) -> None:
    import_file(sqlite_database, write_csv(tmp_path / "Opportunity.csv", OPPORTUNITIES))
    result = import_file(sqlite_database, write_csv(tmp_path / "Account.csv", ACCOUNTS))
    assert (result.imported, result.updated) == (1, 2)  # 001C is new; 001A and 001B were named by deals
    with sqlite_database.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "account.updated")).first()
    assert entry is not None
    assert entry.details["changes"]["name"] == {"old": "001A", "new": "Edge Communications"}


def test_accounts_by_name_join_deals_by_name(sqlite_database: Database, tmp_path: Path) -> None:
    deals_file = write_csv(tmp_path / "pipeline.csv", [
        ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"],
        ["X1", "Moses Frase", "GTX Basic", "Cancity", "Won", "2016-10-20", "2017-03-01", "1054"],
        ["X2", "Moses Frase", "GTX Basic", "cancity ", "Lost", "2016-10-20", "2017-03-02", "0"],
        ["X3", "Zane Levy", "MG Special", "", "Engaging", "2016-10-25", "", ""],
    ])  # fmt: skip
    accounts_file = write_csv(tmp_path / "accounts.csv", [
        ["account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"],
        ["Cancity", "retail", "2001", "718.62", "2448", "United States", ""],
    ])  # fmt: skip
    results = import_paths(sqlite_database, [deals_file, accounts_file])
    assert [(r.kind, r.imported) for r in results] == [("accounts", 1), ("deals", 3)]
    stored = deals(sqlite_database)
    assert stored["X1"].account_id == stored["X2"].account_id is not None
    assert stored["X3"].account_id is None and stored["X3"].outcome is Outcome.OPEN and stored["X3"].amount is None
    assert (stored["X2"].amount, stored["X2"].outcome) == (Decimal("0.00"), Outcome.LOST)
    account = accounts_by_id(sqlite_database)["name:cancity"]
    assert (account.industry, account.region, account.segment) == ("retail", "United States", "Enterprise")


def test_contacts_keep_what_their_file_does_not_say(sqlite_database: Database, tmp_path: Path) -> None:
    import_file(sqlite_database, write_csv(tmp_path / "Contact.csv", CONTACTS))
    with sqlite_database.sessions() as session, session.begin():
        rose = session.scalars(select(Contact).where(Contact.external_id == "003A")).one()
        rose.do_not_contact = True
    changed = [list(row) for row in CONTACTS]
    changed[1][5] = "Chief Procurement Officer"
    result = import_file(sqlite_database, write_csv(tmp_path / "Contact2.csv", changed))
    assert (result.updated, result.unchanged) == (1, 2)
    with sqlite_database.sessions() as session:
        rose = session.scalars(select(Contact).where(Contact.external_id == "003A")).one()
        assert (rose.title, rose.do_not_contact) == ("Chief Procurement Officer", True)


def test_contacts_get_the_authority_their_title_reads(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "Contact.csv", CONTACTS)
    import_file(sqlite_database, path)

    def authorities() -> dict[str, Authority]:
        with sqlite_database.sessions() as session:
            return {c.external_id: c.authority for c in session.scalars(select(Contact))}  # type: ignore[misc]

    expected = {"003A": Authority.PROCUREMENT, "003B": Authority.DECISION_MAKER, "003C": Authority.DECISION_MAKER}
    assert authorities() == expected
    assert import_file(sqlite_database, path).unchanged == 3
    with sqlite_database.sessions() as session, session.begin():  # as contacts imported before titles were read
        session.execute(update(Contact).values(authority=Authority.UNKNOWN))
    again = import_file(sqlite_database, path)
    assert (again.updated, authorities()) == (3, expected)


def test_planned_files_import_companions_first_and_a_cancel_names_the_files_done(sqlite_database: Database,
                                                                                tmp_path: Path) -> None:
    files = [write_csv(tmp_path / "Opportunity.csv", OPPORTUNITIES), write_csv(tmp_path / "Contact.csv", CONTACTS),
             write_csv(tmp_path / "Account.csv", ACCOUNTS)]  # fmt: skip
    plans = [plan_import(path) for path in files]
    assert [plan.kind for plan in import_order(plans)] == ["accounts", "contacts", "deals"]
    token = CancelToken()

    def cancel_on_deals(done: int, total: int, message: str) -> None:
        if message.startswith("Opportunity.csv"):
            token.cancel()

    with pytest.raises(ImportCancelled) as cancelled:
        import_plans(sqlite_database, plans, progress=cancel_on_deals, cancel=token)
    assert [(r.file, r.imported) for r in cancelled.value.done] == [("Account.csv", 3), ("Contact.csv", 3)]
    with sqlite_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Deal)) == 0
    results = import_plans(sqlite_database, plans)
    assert [(r.file, r.unchanged, r.imported) for r in results] == [
        ("Account.csv", 3, 0), ("Contact.csv", 3, 0), ("Opportunity.csv", 0, 4),
    ]  # fmt: skip


# -- other CRMs and formats ---------------------------------------------------------------------------


def test_hubspot_deals_export(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hubspot-deals.csv", [
        ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Pipeline", "Deal owner",
         "Closed lost reason", "Closed won reason", "Associated Company", "Associated Contact"],
        ["1001", "Acme renewal", "Closed won", "2024-01-22 16:14", "12,500.00", "Sales Pipeline", "Ana Lee", "",
         "Messaging resonated", "Acme", "Jane Doe (jane@acme.com)"],
        ["1002", "Globex new", "closedlost", "2024-02-05", "$8,000", "Sales Pipeline", "Ana Lee",
         "Went with a cheaper vendor", "", "Globex", "Hank Scorpio"],
        ["1003", "Initech", "Closed - No Decision", "2024-02-06", "0", "Sales Pipeline", "Bo Chan", "", "", "Initech", ""],
        ["1004", "Hooli", "appointmentscheduled", "", "", "Sales Pipeline", "Bo Chan", "", "", "Hooli", ""],
    ])  # fmt: skip
    result = import_file(sqlite_database, path)
    assert (result.source, result.imported, result.rejected) == ("hubspot", 4, 0)
    stored = deals(sqlite_database)
    acme, globex = stored["1001"], stored["1002"]
    assert (acme.outcome, acme.amount, acme.close_date, acme.rep_reason, acme.owner_rep) == (
        Outcome.WON, Decimal("12500.00"), date(2024, 1, 22), RepReason.MESSAGING_RESONATED, "Ana Lee",
    )  # fmt: skip
    # "Went with a cheaper vendor": an unnamed rival won, on price
    assert (globex.outcome, globex.amount, globex.currency, globex.rep_reason, globex.competitor) == (
        Outcome.LOST, Decimal("8000.00"), "USD", RepReason.PRICE_ADVANTAGE, UNKNOWN_COMPETITOR,
    )  # fmt: skip
    assert stored["1003"].outcome is Outcome.NO_DECISION and stored["1004"].outcome is Outcome.OPEN
    with sqlite_database.sessions() as session:
        people = {(c.first_name, c.last_name, c.email) for c in session.scalars(select(Contact))}
    assert people == {("Jane", "Doe", "jane@acme.com"), ("Hank", "Scorpio", None)}
    assert {(d, p) for d, _, p in links(sqlite_database)} == {("1001", True), ("1002", True)}
    assert import_file(sqlite_database, path).unchanged == 4


def test_a_loss_reason_naming_a_rival_fills_the_competitor_not_the_reason(
    sqlite_database: Database, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "deals.csv", [
        ["Deal - ID", "Deal - Title", "Deal - Status", "Deal - Lost reason", "Win reason", "Competitor",
         "Deal - Organization"],
        ["1", "Named in the text", "lost", "Lost to competitor Brightfold", "", "", "Acme"],
        ["2", "Named in the column", "lost", "Lost to competitor", "", "Quillmark", "Acme"],
        ["3", "Named nowhere", "lost", "Lost to competitor", "", "None", "Acme"],
        ["4", "With a reason", "lost", "Went with Quillmark, missing features", "", "", "Acme"],
        ["5", "Won against one", "won", "", "Beat the competition on price", "None", "Acme"],
    ])  # fmt: skip
    assert import_file(sqlite_database, path).imported == 5
    stored = deals(sqlite_database)
    assert {key: (d.rep_reason, d.competitor) for key, d in stored.items()} == {
        "1": (None, "Brightfold"), "2": (None, "Quillmark"), "3": (None, UNKNOWN_COMPETITOR),
        "4": (RepReason.PRODUCT_FIT, "Quillmark"), "5": (RepReason.PRICE_ADVANTAGE, "None"),
    }  # fmt: skip


def test_pipedrive_deals_export(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "deals.csv", [
        ["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Status", "Deal - Lost reason",
         "Deal - Won time", "Deal - Lost time", "Deal - Organization", "Deal - Contact person", "Deal - Owner"],
        ["7", "Umbrella", "1.234,50", "EUR", "won", "", "2024-03-04 10:11:12", "", "Umbrella Corp", "Alice Wong", "Kim"],
        ["8", "Soylent", "900", "GBP", "lost", "No decision", "", "2024-03-05 09:00:00", "Soylent", "", "Kim"],
        ["9", "Tyrell", "500", "USD", "lost", "Price too high", "", "2024-03-06 09:00:00", "Tyrell", "", "Kim"],
        ["10", "Cyberdyne", "100", "USD", "open", "", "", "", "Cyberdyne", "", "Kim"],
        ["11", "Deleted one", "100", "USD", "deleted", "", "", "", "Cyberdyne", "", "Kim"],
    ])  # fmt: skip
    result = import_file(sqlite_database, path)
    assert (result.source, result.imported, result.rejected) == ("pipedrive", 4, 1)
    stored = deals(sqlite_database)
    assert (stored["7"].amount, stored["7"].currency, stored["7"].close_date) == (Decimal("1234.50"), "EUR", date(2024, 3, 4))
    assert (stored["8"].outcome, stored["8"].close_date, stored["8"].rep_reason) == (
        Outcome.NO_DECISION, date(2024, 3, 5), RepReason.NO_DECISION_TIMING,
    )  # fmt: skip
    assert (stored["9"].outcome, stored["9"].rep_reason) == (Outcome.LOST, RepReason.PRICE_ADVANTAGE)
    assert stored["10"].outcome is Outcome.OPEN and stored["10"].close_date is None
    assert rejections(sqlite_database, result.batch)[0][:2] == (6, "status 'deleted' is neither won, lost, no decision nor open")


def test_generic_file_with_segments_from_employees_and_reasons_kept(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "closed.csv", [
        ["Deal", "Company", "Result", "Amount", "Close date", "Competitor", "Reason", "Employees"],
        ["A", "Small Co", "Won", "€1.200", "31.01.2024", "None", "Golf buddy of the CEO", "12"],
        ["B", "Big Co", "No Decision / Timing", "(300)", "01.02.2024", "Unknown", "", "50,000"],
        ["C", "Big Co", "Lost", "300", "01.02.2024", "Quillmark", "Price", "50,000"],
    ], delimiter=";")  # fmt: skip
    with sqlite_database.sessions() as session:
        plan = plan_import(path, session=session)
    assert plan.date_formats == {"Close date": DateFormat.EU_DOT}
    assert plan.outcome_rule.endswith("segment from employee count (SMB under 200, Mid-Market under 2,000, Enterprise from 2,000)")
    result = run_import(sqlite_database, plan)
    assert (result.imported, result.rejected) == (2, 1)
    assert rejections(sqlite_database, result.batch)[0][1] == "amount (300) is negative"
    stored = {d.name: d for d in deals(sqlite_database).values()}
    a = stored["A"]
    assert (a.amount, a.currency, a.close_date, a.competitor) == (Decimal("1200.00"), "EUR", date(2024, 1, 31), "None")
    assert (a.rep_reason, a.rep_note) == (RepReason.OTHER, "Reason given: Golf buddy of the CEO")
    assert stored["C"].rep_reason is RepReason.PRICE_ADVANTAGE
    segments = {a.name: a.segment for a in accounts_by_id(sqlite_database).values()}
    assert segments == {"Small Co": "SMB", "Big Co": "Enterprise"}


def test_an_xlsx_workbook_sheet_of_choice(sqlite_database: Database, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing here"])
    sheet = workbook.create_sheet("Deals")
    sheet.append(["Opportunity ID", "Opportunity Name", "Account Name", "Stage", "Amount", "Close Date", "Closed", "Won"])
    sheet.append(["006X1", "Excel deal", "Acme", "Closed Won", 1234.5, datetime(2024, 5, 6), True, True])
    sheet.append(["006X2", "Serial date", "Acme", "Closed Lost", 10, 45000, 1, None])
    path = tmp_path / "report.xlsx"
    workbook.save(path)
    with sqlite_database.sessions() as session:
        plan = plan_import(path, session=session, sheet="Deals")
    assert (plan.source, plan.sheet) == ("salesforce", "Deals")
    result = run_import(sqlite_database, plan)
    assert (result.imported, result.rejected) == (2, 0)
    stored = deals(sqlite_database)
    assert (stored["006X1"].amount, stored["006X1"].close_date, stored["006X1"].outcome) == (
        Decimal("1234.50"), date(2024, 5, 6), Outcome.WON,
    )  # fmt: skip
    assert (stored["006X2"].close_date, stored["006X2"].outcome) == (date(2023, 3, 15), Outcome.LOST)
    assert run_import(sqlite_database, plan).unchanged == 2


def test_huge_values_are_refused_by_name_and_control_characters_survive(sqlite_database: Database, tmp_path: Path) -> None:
    header = ["Deal", "Company", "Outcome", "Notes"]
    odd = "Bell\x07 tab\t esc\x1b vt\x0b"
    rows = [["A" * 300, "Acme", "won", ""], ["B", "C" * 256, "won", ""], ["C", "Acme", "won", "n" * 200_000],
            [odd, "Acme", "lost", odd]]  # fmt: skip
    result = import_file(sqlite_database, write_csv(tmp_path / "odd.csv", [header, *rows]))
    assert (result.imported, result.rejected) == (2, 2)
    assert [reason for _, reason, _ in rejections(sqlite_database, result.batch)] == [
        "deal name is longer than 255 characters", "account name is longer than 255 characters",
    ]  # fmt: skip
    stored = {d.name: d for d in deals(sqlite_database).values()}
    assert len(stored["C"].rep_note or "") == 200_000
    assert stored[odd.strip()].rep_note == odd.strip()
    assert import_file(sqlite_database, write_csv(tmp_path / "odd2.csv", [header, *rows])).unchanged == 2


def test_an_unreadable_file_writes_nothing(sqlite_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    before = dump(sqlite_database)
    with pytest.raises(UnreadableFile):
        import_paths(sqlite_database, [write_csv(tmp_path / "ok.csv", [SALESFORCE, *salesforce_rows(2)]), path])
    assert dump(sqlite_database) == before


def test_a_file_changed_after_planning_is_not_imported(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [SALESFORCE, *salesforce_rows(2)])
    plan = plan_import(path)
    write_csv(path, [SALESFORCE, *salesforce_rows(3)])
    with pytest.raises(UnreadableFile, match="has changed since it was checked"):
        run_import(sqlite_database, plan)


# -- plan and preview ---------------------------------------------------------------------------------


def test_preview_shows_rows_as_stored_and_problems(tmp_path: Path) -> None:
    rows = salesforce_rows(3)
    rows[1][5] = "13/45/2024"
    plan = plan_import(write_csv(tmp_path / "a.csv", [SALESFORCE, *rows, rows[0]]))
    shown = preview(plan, limit=10)
    assert [row.row_number for row in shown] == [2, 3, 4, 5]
    assert shown[0].problem is None
    assert shown[0].values["Outcome"] == "Won"
    assert shown[0].values["Close date"] == "2024-01-01"
    assert shown[0].values["Amount"] == "1000.00"
    assert shown[1].problem == "close date '13/45/2024' is not a date in the form MM/DD/YYYY"
    assert shown[1].values["Close date"] == "13/45/2024"
    assert shown[3].problem == "row 5 has the same id as row 2"
    assert len(preview(plan, limit=2)) == 2


def test_profiles_replace_detection(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "odd-names.csv", [["Ref", "Title", "Verdict", "When"], ["1", "A", "won", "03/04/2024"]])
    assert plan_import(path).mapping == {"name": "Title"}
    with sqlite_database.sessions() as session, session.begin():
        save_profile(session, "ours", "generic", "deals",
                     {"external_id": "Ref", "name": "Title", "status": "Verdict", "close_date": "When"},
                     {"When": DateFormat.EU_SLASH})  # fmt: skip
    with sqlite_database.sessions() as session:
        plan = plan_import(path, session=session, profile="ours")
    assert (plan.profile, plan.mapping["status"], plan.date_formats) == ("ours", "Verdict", {"When": DateFormat.EU_SLASH})
    run_import(sqlite_database, plan)
    assert deals(sqlite_database)["1"].close_date == date(2024, 4, 3)


def test_the_default_profile_of_a_source_is_used_when_it_fits(sqlite_database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(2)])
    with sqlite_database.sessions() as session, session.begin():
        save_profile(session, "salesforce deals", "salesforce", "deals",
                     {"external_id": "Id", "stage": "StageName", "is_closed": "IsClosed", "is_won": "IsWon",
                      "competitor": "Loss_Reason__c"}, {})  # fmt: skip
    with sqlite_database.sessions() as session:
        plan = plan_import(path, session=session)
    assert (plan.profile, plan.mapping["competitor"]) == ("salesforce deals", "Loss_Reason__c")


def test_revised_plans_infer_newly_mapped_date_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["Deal", "Outcome", "Signed"], ["A", "won", "31/01/2024"]])
    plan = plan_import(path)
    assert plan.date_formats == {}
    revised = revise_plan(plan, mapping={**plan.mapping, "close_date": "Signed"})
    assert revised.date_formats == {"Signed": DateFormat.EU_SLASH}
    assert revised.outcome_rule == plan.outcome_rule


# -- properties ----------------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Database]:
    """One SQLite database for all examples of a property (a database per example would cost seconds)."""
    import shutil

    from interviewer.db import open_database

    folder = tmp_path_factory.mktemp("property-db")
    shutil.copyfile(sqlite_template, folder / "winloss.sqlite")
    database = open_database(f"sqlite:///{folder / 'winloss.sqlite'}")
    yield database
    database.close()


CELLS = st.one_of(
    st.sampled_from(["", "Closed Won", "Closed Lost", "No decision", "TRUE", "FALSE", "1", "0", "12/31/2024",
                     "31/12/2024", "2024-02-30", "$1,000", "(5)", "€1.234,56", "Acme", "acme ", "x" * 300, '"', "\n",
                     "\r\n", "\x00", "Ω", "\ufeff", ";", "\t"]),
    st.text(max_size=12),
)  # fmt: skip


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """Files that look like exports (a known header, messy cells), sometimes cut or re-encoded."""
    header = draw(st.sampled_from([SALESFORCE, ["Deal - ID", "Deal - Status", "Deal - Value", "Deal - Won time"],
                                   ["Deal", "Company", "Outcome", "Amount", "Close date"]]))  # fmt: skip
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    data = buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])), "replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@PROPERTY_SETTINGS
@given(data=st.one_of(csv_files(), st.binary(max_size=300)))
def test_any_bytes_either_import_with_counts_that_add_up_or_are_refused_whole(
    shared_database: Database, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "export.csv"
    path.write_bytes(data)
    try:
        with shared_database.sessions() as session:
            plan = plan_import(path, session=session)
    except UnreadableFile as refused:
        assert str(refused).strip()
        event("refused whole")
        return
    before = dump(shared_database, history=False)
    result = run_import(shared_database, plan)
    assert adds_up(result)
    event("some rows stored" if result.imported or result.unchanged else "no rows stored")
    with shared_database.sessions() as session:
        stored = session.scalar(select(func.count()).where(ImportRejection.batch_id == result.batch))
    assert stored == result.rejected
    again = run_import(shared_database, plan)
    assert adds_up(again) and again.imported == again.updated == 0 and again.rejected == result.rejected
    if result.imported == result.updated == 0:
        assert dump(shared_database, history=False) == before


@PROPERTY_SETTINGS
@given(data=csv_files(), reports=st.integers(1, 4), chunk=st.integers(1, 3))
def test_a_cancelled_import_leaves_the_database_unchanged(
    shared_database: Database, tmp_path_factory: pytest.TempPathFactory, data: bytes, reports: int, chunk: int
) -> None:
    path = tmp_path_factory.mktemp("cancel") / "export.csv"
    path.write_bytes(data)
    try:
        plan: ImportPlan = plan_import(path)
    except UnreadableFile:
        return
    before = dump(shared_database)
    token, progress = cancelling_after(reports)
    original = writer.ImportRun.chunk_size
    writer.ImportRun.chunk_size = chunk
    try:
        run_import(shared_database, plan, progress=progress, cancel=token)
        event("finished before the cancel")
    except Cancelled:
        event("cancelled")
        assert dump(shared_database) == before
    finally:
        writer.ImportRun.chunk_size = original



def test_a_plan_edited_by_hand_records_the_rule_and_formats_it_applies(sqlite_database: Database, tmp_path: Path) -> None:
    import dataclasses

    path = write_csv(tmp_path / "a.csv", [["Deal", "Verdict", "Signed"], ["A", "won", "31/01/2024"]])
    plan = plan_import(path)
    edited = dataclasses.replace(plan, mapping={"name": "Deal", "status": "Verdict", "close_date": "Signed"})
    result = run_import(sqlite_database, edited)
    assert (result.imported, result.rejected) == (1, 0)
    assert next(iter(deals(sqlite_database).values())).close_date == date(2024, 1, 31)
    with sqlite_database.sessions() as session:
        batch = session.get(ImportBatch, result.batch)
        assert batch is not None
        assert batch.outcome_rule == "won/lost/open from Verdict"
        assert batch.mapping["date_formats"] == {"Signed": "eu_slash"}
