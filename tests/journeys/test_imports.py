"""The program owner brings CRM exports into a new program, only through the window: several files in one pick,
a summary dialog whose counts are the database's, rejected rows saved as CSV, and the deals shown with their
account names (or, when the accounts file is missing, a sentence saying which file to import)."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from interviewer.db import Database
from interviewer.models import Account, Deal, ImportBatch, ImportRejection
from paths import SHARED_DATA
from person import (
    click,
    click_row,
    field,
    go_to,
    labels_text,
    new_profile,
    rows_shown,
    save_as,
    shortcut,
    type_into,
    when_modal,
)
from steps_imports import (
    files_listed,
    import_files,
    pick_for_import,
    press_import,
    save_rejected_rows,
    summary_counts,
)
from window_steps import open_window

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
MAVEN = SHARED_DATA / "maven-crm"
SALESFORCE = SHARED_DATA / "salesforce-devorg"


def needs(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"the shared CRM sample files are not at {folder}")


def batches(database: Database) -> dict[str, dict[str, str]]:
    """Each imported file's counts as the summary shows them, read from the database."""
    with database.sessions() as session:
        return {
            b.file_name: {"Rows": f"{b.rows_total:,}", "Imported": f"{b.rows_created:,}", "Updated": f"{b.rows_updated:,}",
                          "Unchanged": f"{b.rows_unchanged:,}", "Rejected": f"{b.rows_rejected:,}"}
            for b in session.scalars(select(ImportBatch))
        }  # fmt: skip


def test_the_owner_imports_the_maven_files_in_one_pick(qtbot, tmp_path: Path, sqlite_database: Database) -> None:  # noqa: ANN001
    needs(MAVEN)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, person=True)
    new_profile(qtbot, window, "Olivia Marsh", "olivia@example.com", "Program owner")
    picked = [MAVEN / name for name in ("sales_pipeline.csv", "sales_teams.csv", "accounts.csv", "products.csv")]
    dialog = pick_for_import(qtbot, window, picked)
    assert files_listed(dialog)[0] == "accounts.csv · accounts"  # companions first, so the deals link to them
    assert sorted(name.split(" · ")[0] for name in files_listed(dialog)) == sorted(p.name for p in picked)
    summary = press_import(qtbot, dialog)
    counts = summary_counts(summary)
    assert list(counts)[0] == "accounts.csv"
    shown = {name: {k: v for k, v in row.items() if k != "Kind"} for name, row in counts.items()}
    assert shown == batches(sqlite_database)
    assert counts["accounts.csv"]["Imported"] == "85" and counts["sales_pipeline.csv"]["Imported"] == "8,800"
    # the team and product lists are not CRM records: every row of them is refused, with the reason
    assert (counts["sales_teams.csv"]["Rejected"], counts["products.csv"]["Rejected"]) == ("35", "7")
    said = labels_text(summary)
    assert "4 files" in said and "8,927 rows: 8,885 imported, 0 updated, 0 unchanged, 42 rejected" in said
    assert "not imported yet" not in said  # Maven deals name their accounts by name
    assert "Rejected rows of sales_teams.csv (35)" in said

    target = tmp_path / "products-to-fix.csv"
    save_rejected_rows(qtbot, summary, "products.csv", target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        saved = list(csv.reader(handle))
    with sqlite_database.sessions() as session:
        stored = session.execute(select(ImportRejection.row_number, ImportRejection.reason).join(ImportBatch)
                                 .where(ImportBatch.file_name == "products.csv")
                                 .order_by(ImportRejection.row_number)).all()  # fmt: skip
    assert saved[0] == ["row", "reason", "product", "series", "sales_price"]
    assert [(int(row[0]), row[1]) for row in saved[1:]] == [tuple(row) for row in stored] and len(stored) == 7
    assert saved[1][2:] == ["GTX Basic", "GTX", "550"]
    click(qtbot, "Close", summary)
    qtbot.waitUntil(lambda: not summary.isVisible(), timeout=5000)

    go_to(qtbot, window, "Deals")
    with sqlite_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Deal)) == 8800
        assert session.scalar(select(func.count()).select_from(Account)) == 85
        closed = session.scalar(select(func.count()).where(Deal.close_date.is_not(None)))
        at_cancity = session.scalar(select(func.count(Deal.id)).join(Account)
                                    .where(Account.name == "Cancity", Deal.close_date.is_not(None)))  # fmt: skip
    qtbot.waitUntil(lambda: f"{closed:,} of 8,800 deals" in labels_text(window), timeout=20_000)  # closed ones first
    type_into(qtbot, field(window, "Filter deals"), "Cancity")
    qtbot.waitUntil(lambda: f"{at_cancity:,} of 8,800 deals" in labels_text(window), timeout=20_000)
    assert set(rows_shown(field(window, "Deals"))) == {"Cancity"}  # type: ignore[arg-type]

    go_to(qtbot, window, "Imports")  # the history keeps every file's rejected rows, to export again later
    click_row(qtbot, field(window, "Imports"), "sales_teams.csv")  # type: ignore[arg-type]
    again = tmp_path / "teams.csv"
    exporting = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, again), "Export rejected rows")
    click(qtbot, "Export rejected rows…", window)
    exporting.check()
    with again.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + 35


def test_deals_alone_say_which_file_brings_their_account_names(qtbot, tmp_path: Path, sqlite_database: Database) -> None:  # noqa: ANN001
    needs(SALESFORCE)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, person=True)
    new_profile(qtbot, window, "Olivia Marsh", "olivia@example.com", "Program owner")

    def press_ctrl_i() -> None:
        window.activateWindow()  # the person clicks the window's title bar: the first-run dialog had the keyboard
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        shortcut(qtbot, window, "Ctrl+I")

    summary = import_files(qtbot, window, [SALESFORCE / "Opportunity.csv"], open_with=press_ctrl_i)
    with sqlite_database.sessions() as session:
        unnamed = session.scalar(select(func.count(Deal.id)).join(Account).where(Account.name == Account.external_id))
    assert unnamed == 36
    assert f"{unnamed} deals name accounts not imported yet: import Account.csv to show their names." in labels_text(summary)
    assert summary_counts(summary)["Opportunity.csv"]["Imported"] == "36"
    click(qtbot, "Close", summary)

    go_to(qtbot, window, "Imports")
    summary = import_files(qtbot, window, [SALESFORCE / "Account.csv"],
                           open_with=lambda: click(qtbot, "Import deals…", window))  # fmt: skip
    assert "not imported yet" not in labels_text(summary)
    assert summary_counts(summary)["Account.csv"]["Updated"] == "14"
    click(qtbot, "Close", summary)
    assert ["Account.csv", "Opportunity.csv"] == sorted(rows_shown(field(window, "Imports"), 1))  # type: ignore[arg-type]

    go_to(qtbot, window, "Deals")
    qtbot.waitUntil(lambda: "Edge Communications" in rows_shown(field(window, "Deals")), timeout=20_000)  # type: ignore[arg-type]
    assert not any(name.startswith("001") for name in rows_shown(field(window, "Deals")))  # type: ignore[arg-type]
