"""The main window and its Deals area, driven as a user would: typing, clicking, selecting."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from builders import DealSpec, add_deals
from interviewer.clock import FixedClock
from interviewer.enums import Authority, Outcome, RepReason
from interviewer.secrets import SecretStore
from ui.deals.model import ACCOUNT, AMOUNT
from ui.main_window import MainWindow
from ui.settings import WindowSettings
from winloss.window import build_demo

SPECS = [
    DealSpec("Globex Freight", Outcome.LOST, "48000", date(2026, 10, 20), "Mid-Market", "Northwind Suite", RepReason.PRODUCT_FIT,
             [("Dana", "Okafor", "VP Operations", Authority.DECISION_MAKER), ("Lee", "Park", "Analyst", Authority.USER)]),
    DealSpec("Initech Health", Outcome.WON, "125000", date(2026, 9, 2), "Enterprise", None, RepReason.PRODUCT_FIT,
             [("Sam", "Reyes", "CFO", Authority.DECISION_MAKER)]),
    DealSpec("Umbrella Retail", Outcome.NO_DECISION, "9500", date(2026, 8, 15), "SMB", "Unknown", RepReason.NO_DECISION_TIMING),
    DealSpec("Hooli Logistics", Outcome.LOST, "30000", date(2026, 11, 1), "Mid-Market", "Vantage Cloud", RepReason.PRICE_ADVANTAGE,
             [("Ana", "Silva", "Procurement Manager", Authority.PROCUREMENT)]),
]


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


TODAY = datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc)


def open_window(qtbot, settings: WindowSettings) -> MainWindow:  # noqa: ANN001
    window = MainWindow(settings, SecretStore(), clock=FixedClock(TODAY), demo=build_demo)
    window.interactive = False  # these tests are about deals, not about choosing a profile
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot, settings):  # noqa: ANN001, ANN201
    window = open_window(qtbot, settings)
    yield window
    window.tasks.wait()


def open_and_wait(qtbot, window: MainWindow, url: str) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.deals.loaded, timeout=15_000):
        window.open_database(url)


def shown_accounts(window: MainWindow) -> list[str]:
    model = window.deals.model
    return [model.data(model.index(row, ACCOUNT)) for row in range(model.rowCount())]


@pytest.fixture
def program_url(sqlite_database) -> str:  # noqa: ANN001
    add_deals(sqlite_database, SPECS)
    url = sqlite_database.url.render_as_string(hide_password=False)
    sqlite_database.close()
    return url


def test_opening_a_database_lists_every_deal_newest_first(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    assert shown_accounts(window) == ["Hooli Logistics", "Globex Freight", "Initech Health", "Umbrella Retail"]
    assert window.deals.count_label.text() == "4 deals"
    assert window.database_label.text().endswith(".sqlite")
    assert window.deals.stack.currentWidget() is window.deals.table


def test_typing_in_the_filter_box_narrows_the_table_and_escape_clears_it(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    qtbot.keyClicks(window.deals.filter_box, "mid lost")
    qtbot.waitUntil(lambda: window.deals.count_label.text() == "2 of 4 deals", timeout=5000)
    assert shown_accounts(window) == ["Hooli Logistics", "Globex Freight"]

    window.deals.filter_box.clear()
    qtbot.keyClicks(window.deals.filter_box, "northwind")
    qtbot.waitUntil(lambda: shown_accounts(window) == ["Globex Freight"], timeout=5000)

    qtbot.keyClicks(window.deals.filter_box, " nothing-like-this")
    qtbot.waitUntil(lambda: window.deals.stack.currentWidget() is window.deals.empty_label, timeout=5000)
    assert "No deals match" in window.deals.empty_label.text()

    qtbot.keyClick(window.deals.filter_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.deals.count_label.text() == "4 deals", timeout=5000)
    assert window.deals.filter_box.text() == ""


def test_the_outcome_filter_is_chosen_with_the_keyboard(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    window.deals.outcome_box.setFocus()
    qtbot.keyClick(window.deals.outcome_box, Qt.Key.Key_Down)  # Closed deals → Won
    qtbot.waitUntil(lambda: shown_accounts(window) == ["Initech Health"], timeout=5000)
    qtbot.keyClick(window.deals.outcome_box, Qt.Key.Key_Down)  # → Lost
    qtbot.waitUntil(lambda: window.deals.count_label.text() == "2 of 4 deals", timeout=5000)


def click_header(window: MainWindow, column: int) -> None:
    header = window.deals.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, header.height() // 2))


def test_clicking_a_column_header_sorts_by_it_and_again_reverses(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    with qtbot.waitSignal(window.deals.loaded, timeout=5000):
        click_header(window, AMOUNT)
    first = shown_accounts(window)
    with qtbot.waitSignal(window.deals.loaded, timeout=5000):
        click_header(window, AMOUNT)
    second = shown_accounts(window)
    ascending = ["Umbrella Retail", "Hooli Logistics", "Globex Freight", "Initech Health"]
    assert {tuple(first), tuple(second)} == {tuple(ascending), tuple(reversed(ascending))}
    assert first != second
    model = window.deals.model
    assert model.data(model.index(0, AMOUNT)) in ("$9,500", "$125,000")


def test_selecting_a_row_shows_the_deal_and_its_contacts(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    table = window.deals.table
    rect = table.visualRect(window.deals.model.index(1, ACCOUNT))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    detail = window.deals.detail
    qtbot.waitUntil(lambda: detail.title.text() == "Globex Freight", timeout=5000)
    assert "Lost" in detail.subtitle.text() and "$48,000" in detail.subtitle.text()
    contacts = [detail.contacts.item(i).text() for i in range(detail.contacts.count())]
    assert len(contacts) == 2
    assert contacts[0].startswith("Dana Okafor ★ primary")
    assert "VP Operations · Decision maker" in contacts[0]
    assert contacts[1].startswith("Lee Park")
    assert detail.contacts_label.text() == "Contacts (2)"

    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: detail.title.text() == "Initech Health", timeout=5000)


def test_an_empty_database_says_what_to_do_next(qtbot, window, sqlite_database) -> None:  # noqa: ANN001
    url = sqlite_database.url.render_as_string(hide_password=False)
    open_and_wait(qtbot, window, url)
    assert window.deals.stack.currentWidget() is window.deals.empty_label
    assert "Open demo program" in window.deals.empty_label.text()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("shopping list\n", encoding="utf-8")
    before = bogus.read_bytes()
    window.open_database(str(bogus))
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openFailedMessage") is not None, timeout=10_000)
    box = window.findChild(QMessageBox, "openFailedMessage")
    assert "not a Win-Loss Studio database" in box.text()
    assert "Traceback" not in box.text()
    box.accept()
    assert bogus.read_bytes() == before
    assert window.database_label.text() == "No database open"
    assert window.settings.last_database is None


def test_the_window_remembers_its_size_columns_and_database(qtbot, settings, program_url) -> None:  # noqa: ANN001
    first = open_window(qtbot, settings)
    first.resize(790, 570)  # inside the offscreen screen (800×600)
    open_and_wait(qtbot, first, program_url)
    first.deals.table.setColumnWidth(ACCOUNT, 333)
    first.close()

    second = open_window(qtbot, settings)
    assert (second.width(), second.height()) == (790, 570)
    assert second.deals.table.columnWidth(ACCOUNT) == 333
    assert settings.last_database == program_url
    second.close()


def test_ctrl_f_focuses_the_filter_box(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.deals.filter_box.hasFocus, timeout=5000)


def test_screenshot_option_saves_the_window_with_its_data(program_url, tmp_path, subprocess_env) -> None:  # noqa: ANN001
    target = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "winloss", "--db", program_url, "--screenshot", str(target), "--area", "deals"],
        env=subprocess_env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_of_a_bad_database_fails_with_one_line(tmp_path, subprocess_env) -> None:  # noqa: ANN001
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"\x00\x01 not sqlite")
    result = subprocess.run(
        [sys.executable, "-m", "winloss", "--db", str(bogus), "--screenshot", str(tmp_path / "x.png")],
        env=subprocess_env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "not a Win-Loss Studio database" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_refresh_shows_deals_added_elsewhere(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    from interviewer.db import open_database

    other = open_database(program_url)
    add_deals(other, [DealSpec("Acme Late Entry", Outcome.WON, "7000", date(2026, 11, 20))])
    other.close()
    with qtbot.waitSignal(window.deals.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert shown_accounts(window)[0] == "Acme Late Entry"
    assert window.deals.count_label.text() == "5 deals"


def test_the_period_filter_counts_back_from_today(qtbot, window, program_url) -> None:  # noqa: ANN001
    open_and_wait(qtbot, window, program_url)
    window.deals.period_box.setFocus()
    qtbot.keyClick(window.deals.period_box, Qt.Key.Key_Down)  # closed in the last 30 days, i.e. since 11 October
    qtbot.waitUntil(lambda: shown_accounts(window) == ["Hooli Logistics", "Globex Freight"], timeout=5000)
    qtbot.keyClick(window.deals.period_box, Qt.Key.Key_Down)  # last 90 days: since 12 August
    qtbot.waitUntil(lambda: window.deals.count_label.text() == "4 of 4 deals" or window.deals.count_label.text() == "4 deals",
                    timeout=5000)


@pytest.fixture
def own_data_folder(tmp_path, monkeypatch) -> Path:  # noqa: ANN001
    """The demo program lives in the user data folder: give this test one of its own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def test_open_demo_program_builds_it_with_progress_then_shows_it(qtbot, window, own_data_folder) -> None:  # noqa: ANN001
    progress_seen = []
    window.tasks.started.connect(lambda task: progress_seen.append(task.title))
    with qtbot.waitSignal(window.deals.loaded, timeout=120_000):
        window.open_demo()
    assert progress_seen == ["Building the demo program"]
    assert window.deals.model.rowCount() >= 2000
    assert str(own_data_folder) in window.database_label.text() and "demo.sqlite" in window.database_label.text()
    assert window.progress.isHidden()


def test_cancelling_the_demo_build_keeps_nothing(qtbot, window, own_data_folder) -> None:  # noqa: ANN001
    window.tasks.started.connect(lambda task: window.cancel_button.click())
    window.open_demo()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openFailedMessage") is not None, timeout=60_000)
    assert "cancelled" in window.findChild(QMessageBox, "openFailedMessage").text()
    assert window.opened is None


def test_open_deals_are_hidden_until_asked_for(qtbot, window, sqlite_database) -> None:  # noqa: ANN001
    add_deals(sqlite_database, [*SPECS, DealSpec("Pending Pipeline Co", Outcome.OPEN, "5000", date(2027, 1, 15))])
    url = sqlite_database.url.render_as_string(hide_password=False)
    open_and_wait(qtbot, window, url)
    assert "Pending Pipeline Co" not in shown_accounts(window)
    assert window.deals.count_label.text() == "4 of 5 deals"
    box = window.deals.outcome_box
    box.setCurrentIndex(box.findText("All deals, open ones too"))
    qtbot.waitUntil(lambda: shown_accounts(window)[:1] == ["Pending Pipeline Co"], timeout=5000)


def test_building_the_window_does_not_load_the_database_layer(subprocess_env, tmp_path) -> None:  # noqa: ANN001
    """The window appears before SQLAlchemy is imported (it loads on a worker thread): start-up stays fast."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from PySide6.QtCore import QSettings\n"
        "from interviewer.secrets import SecretStore\n"
        "from ui.main_window import MainWindow\n"
        "from ui.settings import WindowSettings\n"
        "from winloss.window import build_demo\n"
        "window = MainWindow(WindowSettings(QSettings('s.ini', QSettings.Format.IniFormat)), SecretStore(),"
        " demo=build_demo)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'docx', 'openpyxl')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env={**subprocess_env, "QT_QPA_PLATFORM": "offscreen"},
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
