"""The import history service: which deals still show account ids instead of names, said in words."""

from __future__ import annotations

from pathlib import Path

from test_importer import ACCOUNTS, OPPORTUNITIES, import_file, write_csv

from interviewer.db import Database
from interviewer.services.imports import deals_naming_unknown_accounts, summarise_import, unknown_accounts_notes


def test_deals_imported_before_their_accounts_are_counted_until_the_accounts_come(sqlite_database: Database,
                                                                                  tmp_path: Path) -> None:
    with sqlite_database.sessions() as session:
        assert deals_naming_unknown_accounts(session) == {}
        assert unknown_accounts_notes(session) == []
    import_file(sqlite_database, write_csv(tmp_path / "Opportunity.csv", OPPORTUNITIES))
    with sqlite_database.sessions() as session:
        assert deals_naming_unknown_accounts(session) == {"salesforce": 4}
        assert unknown_accounts_notes(session) == [
            "4 deals name accounts not imported yet: import Account.csv to show their names."
        ]
    import_file(sqlite_database, write_csv(tmp_path / "Account.csv", ACCOUNTS))  # 001D is not in it
    with sqlite_database.sessions() as session:
        assert deals_naming_unknown_accounts(session) == {"salesforce": 1}
        assert unknown_accounts_notes(session) == [
            "1 deal names an account not imported yet: import Account.csv to show its name."
        ]


def test_deals_that_name_their_accounts_by_name_need_no_accounts_file(sqlite_database: Database, tmp_path: Path) -> None:
    import_file(sqlite_database, write_csv(tmp_path / "deals.csv", [
        ["Opportunity ID", "Account Name", "Stage", "Amount", "Close Date"],
        ["A-1", "Globex", "Closed Won", "12000", "03/02/2026"],
    ]))  # fmt: skip
    with sqlite_database.sessions() as session:
        assert unknown_accounts_notes(session) == []


def test_other_sources_are_told_to_import_their_accounts_file(sqlite_database: Database, tmp_path: Path) -> None:
    import_file(sqlite_database, write_csv(tmp_path / "hubspot-deals.csv", [
        ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Associated Company IDs", "Pipeline"],
        ["9001", "Renewal", "closedwon", "2026-03-02", "100", "777", "default"],
        ["9002", "Upsell", "closedlost", "2026-03-03", "200", "778", "default"],
    ]))  # fmt: skip
    with sqlite_database.sessions() as session:
        assert unknown_accounts_notes(session) == [
            "2 deals name accounts not imported yet: import the companies export to show their names."
        ]


def test_the_summary_of_an_import_holds_each_file_its_rejected_rows_and_what_is_missing(sqlite_database: Database,
                                                                                        tmp_path: Path) -> None:
    bad = [list(row) for row in OPPORTUNITIES]
    bad[2][4] = "lots"
    result = import_file(sqlite_database, write_csv(tmp_path / "Opportunity.csv", bad))
    with sqlite_database.sessions() as session:
        summary = summarise_import(session, [result], ["Account.csv"])
    [outcome] = summary.files
    assert (outcome.result.imported, outcome.result.rejected) == (3, 1)
    assert [(r.row_number, r.raw["Amount"]) for r in outcome.rejections] == [(3, "lots")]
    assert "amount" in outcome.rejections[0].reason
    assert summary.notes == ["3 deals name accounts not imported yet: import Account.csv to show their names."]
    assert summary.not_imported == ["Account.csv"]
