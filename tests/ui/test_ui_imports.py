"""The Imports area and the import dialog, driven through the window."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from interviewer.enums import ImportStatus
from interviewer.models import ImportBatch, ImportRejection
from interviewer.secrets import SecretStore
from ui.imports.dialog import ImportDialog, ImportSummaryDialog
from ui.main_window import MainWindow
from ui.settings import WindowSettings
from paths import SHARED_DATA


@pytest.fixture
def window(qtbot, tmp_path):  # noqa: ANN001, ANN201
    settings = WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, SecretStore())
    window.interactive = False  # no profile dialog: these tests are about importing
    qtbot.addWidget(window)
    window.show()
    yield window
    window.tasks.wait()


def open_and_wait(qtbot, window: MainWindow, database) -> None:  # noqa: ANN001
    url = database.url.render_as_string(hide_password=False)
    with qtbot.waitSignal(window.deals.loaded, timeout=15_000):
        window.open_database(url)


def add_batch(database, name: str, rejected: list[tuple[int, str, dict[str, str]]]) -> int:  # noqa: ANN001
    with database.sessions() as session, session.begin():
        batch = ImportBatch(source_system="salesforce", file_name=name, file_sha256="ab" * 32, status=ImportStatus.COMPLETED,
                            rows_total=10, rows_created=7, rows_updated=1, rows_unchanged=0, rows_rejected=len(rejected),
                            outcome_rule="won/lost from IsClosed and IsWon", actor="tester",
                            started_at=datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc),
                            finished_at=datetime(2026, 11, 2, 9, 31, tzinfo=timezone.utc))
        batch.rejections = [ImportRejection(row_number=n, reason=r, raw=raw) for n, r, raw in rejected]
        session.add(batch)
        session.flush()
        return batch.id


def test_the_imports_area_lists_batches_and_their_rejected_rows(qtbot, window, sqlite_database, tmp_path) -> None:  # noqa: ANN001
    add_batch(sqlite_database, "older.csv", [])
    add_batch(sqlite_database, "opportunities.csv", [
        (4, "close date 31/02/2024 is not a date", {"Id": "006A", "CloseDate": "31/02/2024"}),
        (9, "stage 'Closed Maybe' is neither won, lost, no decision nor open", {"Id": "006B", "StageName": "Closed Maybe"}),
    ])
    open_and_wait(qtbot, window, sqlite_database)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.imports
    area = window.imports
    assert area.proxy.rowCount() == 2
    assert area.detail_title.text() == "opportunities.csv"
    assert area.rejected_label.text() == "Rejected rows (2)"
    assert area.rejections.data(area.rejections.index(0, 1)) == "close date 31/02/2024 is not a date"
    assert area.rejections.data(area.rejections.index(1, 0)) == "9"

    qtbot.keyClicks(area.filter_box, "older")
    assert area.proxy.rowCount() == 1

    area.filter_box.clear()
    area.select_batch(2)
    target = tmp_path / "rejected.csv"
    assert area.export_to(target) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", "reason", "Id", "CloseDate", "StageName"]
    assert rows[1] == ["4", "close date 31/02/2024 is not a date", "006A", "31/02/2024", ""]


def test_an_empty_history_says_how_to_import(qtbot, window, sqlite_database) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, sqlite_database)
    window.show_area("imports")
    assert window.imports.stack.currentWidget() is window.imports.empty_label
    assert "File → Import deals…" in window.imports.empty_label.text()


SHARED = SHARED_DATA


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def wait_for_mapping(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.mapping_page, timeout=20_000)


def start_import(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, *paths: Path) -> ImportDialog:  # noqa: ANN001
    """File → Import deals… with ``paths`` picked in the file dialog (journeys type them into the live dialog)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_args, **_kwargs: ([str(p) for p in paths], ""))
    window.import_action.trigger()
    dialogs = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def summary_of(qtbot, window: MainWindow) -> ImportSummaryDialog:  # noqa: ANN001
    found: list[ImportSummaryDialog] = []
    qtbot.waitUntil(lambda: bool(found.extend(d for d in window.findChildren(ImportSummaryDialog) if d.isVisible())
                                 or found), timeout=30_000)  # fmt: skip
    return found[0]


def test_importing_a_salesforce_export_through_the_window(qtbot, window, sqlite_database, monkeypatch) -> None:  # noqa: ANN001
    source = SHARED / "salesforce-devorg" / "Opportunity.csv"
    if not source.exists():
        pytest.skip(f"the shared sample data is not at {source}")
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, source)
    wait_for_mapping(qtbot, dialog)
    [file] = dialog.files
    assert "Salesforce" in file.detected_label.text() and "deals" in file.detected_label.text()
    assert file.mapping_box("close_date").currentText() == "CloseDate"
    assert file.preview_table.rowCount() == 20
    headers = [file.preview_table.horizontalHeaderItem(c).text() for c in range(file.preview_table.columnCount())]
    assert "Close date" in headers and "Outcome" in headers

    lead_source = file.mapping_box("lead_source")
    with qtbot.waitSignal(file.revised, timeout=10_000):
        lead_source.setCurrentIndex(0)  # the user decides lead sources are not worth importing
    headers = [file.preview_table.horizontalHeaderItem(c).text() for c in range(file.preview_table.columnCount())]
    assert "Lead source" not in headers

    with qtbot.waitSignal(dialog.imported, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    [outcome] = blocker.args[0].files
    assert (outcome.result.rows, outcome.result.imported, outcome.result.rejected) == (36, 36, 0)
    summary = summary_of(qtbot, window)
    assert "36 rows" in summary.headline.text()
    assert summary.notes.text() == "36 deals name accounts not imported yet: import Account.csv to show their names."
    assert not summary.save_button.isEnabled()
    summary.close()

    qtbot.waitUntil(lambda: window.deals.count_label.text().endswith("36 deals"), timeout=10_000)
    assert window.imports.selected_batch().file_name == "Opportunity.csv"
    with sqlite_database.sessions() as session:
        from interviewer.models import Deal

        assert all(deal.lead_source is None for deal in session.query(Deal))


def test_rejected_rows_are_shown_after_an_import(qtbot, window, sqlite_database, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "deals.csv", [
        ["Opportunity ID", "Account Name", "Stage", "Amount", "Close Date"],
        ["A-1", "Globex", "Closed Won", "$12,000", "03/02/2026"],
        ["A-2", "Initech", "Closed Lost", "9000", "02/31/2026"],
        ["A-3", "Hooli", "Closed Maybe", "1000", "03/04/2026"],
    ])
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, path)
    wait_for_mapping(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    summary = summary_of(qtbot, window)
    rejections = summary.rejections
    assert rejections.rowCount() == 2
    reasons = [rejections.data(rejections.index(r, 1)) for r in range(2)]
    assert "02/31/2026" in reasons[0] and "Closed Maybe" in reasons[1]
    assert [rejections.data(rejections.index(r, 0)) for r in range(2)] == ["3", "4"]
    assert "1 imported" in summary.headline.text() and "2 rejected" in summary.headline.text()
    assert summary.rejected_label.text() == "Rejected rows of deals.csv (2):"
    target = tmp_path / "fix-me.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    with qtbot.waitSignal(summary.saved, timeout=10_000):
        qtbot.mouseClick(summary.save_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert [row[:2] for row in csv.reader(handle)] == [["row", "reason"], ["3", reasons[0]], ["4", reasons[1]]]


def test_cancelling_an_import_changes_nothing(qtbot, window, sqlite_database, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    rows = [["Opportunity ID", "Account Name", "Stage", "Amount", "Close Date"]]
    rows += [[f"B-{n}", f"Account {n % 700}", "Closed Won" if n % 2 else "Closed Lost", str(1000 + n), "03/02/2026"]
             for n in range(60_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, path)
    wait_for_mapping(qtbot, dialog)
    dialog._tasks.started.connect(lambda task: task.progressed.connect(lambda *_: dialog.cancel_button.click()))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.message_page, timeout=60_000)
    assert "cancelled" in dialog.message_label.text()
    with sqlite_database.sessions() as session:
        from interviewer.models import Account, Deal, ImportBatch

        assert session.query(Deal).count() == 0
        assert session.query(Account).count() == 0
        assert session.query(ImportBatch).count() == 0


def test_a_file_that_cannot_be_read_is_explained(qtbot, window, sqlite_database, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, write_csv(tmp_path / "ok.csv", [["Opportunity ID"], ["1"]]), path)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.message_page, timeout=20_000)
    assert "photo.csv" in dialog.message_label.text() and "Traceback" not in dialog.message_label.text()


def test_the_user_can_correct_an_inferred_date_format(qtbot, window, sqlite_database, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "eu.csv", [
        ["Opportunity ID", "Account Name", "Stage", "Amount", "Close Date"],
        ["E-1", "Société Générale de Fret", "Closed Won", "12.000,00 €", "03/04/2026"],
        ["E-2", "Müller Logistik", "Closed Lost", "9.500,00 €", "05/06/2026"],
    ])
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, path)
    wait_for_mapping(qtbot, dialog)
    [file] = dialog.files
    box = file.date_boxes["Close Date"]
    assert box.currentText() == "MM/DD/YYYY (US)"  # every value fits both, so the US reading is the default
    column = [file.preview_table.horizontalHeaderItem(c).text() for c in range(file.preview_table.columnCount())].index("Close date")
    assert file.preview_table.item(0, column).text() == "2026-03-04"

    with qtbot.waitSignal(file.revised, timeout=10_000):
        box.setCurrentIndex(box.findText("DD/MM/YYYY (European)"))
    assert file.preview_table.item(0, column).text() == "2026-04-03"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with sqlite_database.sessions() as session:
        from interviewer.models import Deal

        closed = {deal.external_id: deal.close_date.isoformat() for deal in session.query(Deal)}
        amounts = {deal.external_id: float(deal.amount) for deal in session.query(Deal)}
    assert closed == {"E-1": "2026-04-03", "E-2": "2026-06-05"}
    assert amounts == {"E-1": 12000.0, "E-2": 9500.0}


def test_several_files_are_listed_and_imported_companions_first(qtbot, window, sqlite_database, monkeypatch) -> None:  # noqa: ANN001
    folder = SHARED / "salesforce-devorg"
    if not folder.is_dir():
        pytest.skip(f"the shared sample data is not at {folder}")
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, folder / "Opportunity.csv", folder / "Contact.csv",
                          folder / "Account.csv")  # fmt: skip
    wait_for_mapping(qtbot, dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Account.csv · accounts", "Contact.csv · contacts", "Opportunity.csv · deals",
    ]  # fmt: skip
    assert "Account.csv (accounts), then Contact.csv (contacts), then Opportunity.csv (deals)" in dialog.order_label.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    summary = summary_of(qtbot, window)
    table = summary.files_table
    assert [[table.item(r, c).text() for c in (0, 2, 3, 6)] for r in range(table.rowCount())] == [
        ["Account.csv", "18", "18", "0"], ["Contact.csv", "25", "25", "0"], ["Opportunity.csv", "36", "36", "0"],
    ]  # fmt: skip
    assert not summary.notes.isVisible()


def test_a_cancel_keeps_the_files_already_imported_and_says_which_were_not(qtbot, window, sqlite_database, tmp_path,
                                                                            monkeypatch) -> None:  # noqa: ANN001
    accounts = write_csv(tmp_path / "Account.csv", [["Id", "Name", "Industry", "NumberOfEmployees", "BillingState"],
                                                    ["001A", "Edge Communications", "Electronics", "1000", "TX"]])
    rows = [["Opportunity ID", "Account Name", "Stage", "Amount", "Close Date"]]
    rows += [[f"B-{n}", f"Account {n % 700}", "Closed Won", str(1000 + n), "03/02/2026"] for n in range(60_000)]
    deals = write_csv(tmp_path / "big.csv", rows)
    open_and_wait(qtbot, window, sqlite_database)
    dialog = start_import(qtbot, window, monkeypatch, deals, accounts)
    wait_for_mapping(qtbot, dialog)

    def cancel_on_deals(task) -> None:  # noqa: ANN001
        task.progressed.connect(lambda _done, _total, message: message.startswith("big.csv") and dialog.cancel_button.click())

    dialog._tasks.started.connect(cancel_on_deals)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    summary = summary_of(qtbot, window)
    assert "The import was cancelled: big.csv was not changed." in summary.headline.text()
    assert [summary.files_table.item(r, 0).text() for r in range(summary.files_table.rowCount())] == ["Account.csv"]
    with sqlite_database.sessions() as session:
        from interviewer.models import Account, Deal, ImportBatch

        assert (session.query(Account).count(), session.query(Deal).count(), session.query(ImportBatch).count()) == (1, 0, 1)
