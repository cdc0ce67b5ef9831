"""A newcomer's first minutes with the File, Edit, View and Help menus: databases, profiles, finding, refreshing, quitting."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from interviewer.profiles import list_profiles
from winloss.demo.build import build_demo
from person import (
    answer_text,
    click,
    field,
    live_dialog,
    menu,
    new_profile,
    pick_files,
    press_in,
    rows_shown,
    save_as,
    shortcut,
    type_into,
    when_modal,
)
from ui.areas import AREAS
from window_steps import open_window

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)


def rows_of(window, name: str) -> int:  # noqa: ANN001
    """How many rows the table called ``name`` shows (0 while it is not shown)."""
    try:
        return len(rows_shown(field(window, name)))
    except AssertionError:
        return 0


def status(window, name: str = "databaseLabel") -> str:  # noqa: ANN001
    """What the status bar says: the open database, or with ``name="profileLabel"`` who is using the app."""
    return window.statusBar().findChild(QLabel, name).text()


def test_first_run_new_and_open_databases_and_a_server_that_is_not_there(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, person=True)
    new_profile(qtbot, window, "Olivia Marsh", "olivia@example.com", "Program owner")
    assert "Olivia Marsh · Program owner" in status(window, "profileLabel")
    with sqlite_database.sessions() as session:
        assert [(p.name, p.role.value) for p in list_profiles(session)] == [("Olivia Marsh", "program_owner")]

    created = tmp_path / "second program.sqlite"
    handled = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, created), title="New database")
    menu(qtbot, window, "File", "New database…")
    handled.check()
    qtbot.waitUntil(lambda: "second program.sqlite" in status(window), timeout=20_000)
    new_profile(qtbot, window, "Olivia Marsh", "olivia@example.com", "Program owner")  # a new program asks again
    assert created.exists()

    first = Path(sqlite_database.url.database)
    handled = when_modal(qtbot, lambda dialog: pick_files(qtbot, dialog, [first]), title="Open database")
    menu(qtbot, window, "File", "Open database…")
    handled.check()
    qtbot.waitUntil(lambda: first.name in status(window), timeout=20_000)
    assert "Olivia Marsh" in status(window, "profileLabel")  # remembered

    handled = when_modal(qtbot, answer_text(qtbot, "postgresql://winloss@127.0.0.1:9/nowhere"), title="Connect")
    menu(qtbot, window, "File", "Connect to server…")
    handled.check()
    failure = live_dialog(qtbot, "Cannot open the database", QMessageBox, timeout=20_000)
    assert "127.0.0.1" in failure.text() or "server" in failure.text().lower()
    click(qtbot, "OK", failure)
    assert first.name in status(window)  # the open program stays open


def test_find_refresh_areas_about_and_quit(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    build_demo(sqlite_database, deals=300, today=date(2026, 11, 20), reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    for position, spec in enumerate(AREAS):
        menu(qtbot, window, "View", spec.title)
        assert window.current_area() == spec.key
        shortcut(qtbot, window, f"Ctrl+{(position + 1) % len(AREAS) + 1}")

    menu(qtbot, window, "View", "Deals")
    menu(qtbot, window, "Edit", "Find…")
    box = QApplication.focusWidget()
    assert isinstance(box, QLineEdit) and field(window, box.accessibleName()) is box  # the deals filter has the focus
    table = field(window, "Deals")
    before = len(rows_shown(table))
    type_into(qtbot, box, "Public Sector")
    qtbot.waitUntil(lambda: 0 < len(rows_shown(table)) < before, timeout=10_000)

    with qtbot.waitSignal(window.deals.loaded, timeout=20_000):
        menu(qtbot, window, "View", "Refresh")

    handled = when_modal(qtbot, press_in(qtbot, "OK"), title="About")
    menu(qtbot, window, "Help", "About Win-Loss Studio")
    handled.check()

    menu(qtbot, window, "File", "Quit")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)


def test_open_the_demo_program_from_the_file_menu(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    menu(qtbot, window, "File", "Open demo program")
    qtbot.waitUntil(lambda: "demo" in status(window).lower(), timeout=120_000)
    qtbot.waitUntil(lambda: rows_of(window, "Deals") > 100, timeout=60_000)
