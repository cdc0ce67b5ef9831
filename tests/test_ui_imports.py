"""The Imports area and the import dialog, driven through the window."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QComboBox

from interviewer.enums import ImportStatus
from interviewer.models import ImportBatch, ImportRejection
from interviewer.secrets import SecretStore
from ui.main_window import MainWindow
from ui.settings import WindowSettings


@pytest.fixture(autouse=True)
def us_locale():
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


@pytest.fixture
def window(qtbot, tmp_path):  # noqa: ANN001, ANN201
    settings = WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, SecretStore())
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
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
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
