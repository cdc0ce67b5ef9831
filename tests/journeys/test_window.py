"""The window's own chrome: Preferences (Ctrl+,), Help → Keyboard shortcuts, and no key meaning two things."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTableWidget, QWidget

from exports.delivery import SmtpSettings
from interviewer.config import data_dir
from person import (
    choose,
    click,
    click_row,
    field,
    labels_text,
    live_dialog,
    menu,
    new_profile,
    rows_shown,
    shortcut,
    type_into,
)
from ui.areas import AREAS
from ui.console.keys import every_key
from ui.format import format_datetime
from ui.settings import WindowSettings
from window_steps import open_window

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
SECRET = "correct horse battery"


@pytest.fixture(autouse=True)
def computer_zone_after() -> Iterator[None]:
    """Choosing a display zone changes the process's local zone: give the next test the computer's own back."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def open_page(qtbot, dialog: QWidget, name: str) -> None:  # noqa: ANN001
    click_row(qtbot, field(dialog, "Preference pages"), name)  # type: ignore[arg-type]


def shown_page(dialog: QWidget) -> str:
    pages = field(dialog, "Preference pages")
    return pages.currentItem().text()  # type: ignore[attr-defined]


def table_rows(table: QTableWidget) -> list[tuple[str, ...]]:
    """What the rows a person can see read, cell by cell."""
    return [tuple(table.item(row, col).text() for col in range(table.columnCount()))
            for row in range(table.rowCount()) if not table.isRowHidden(row)]


class FolderOpened(QObject):
    """Stands in for the file manager: remembers the folders the app asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.urls.append(url)


def test_preferences_keep_mail_rates_and_zone_and_the_password_only_in_the_keyring(
        qtbot, tmp_path: Path, sqlite_database, memory_keyring) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)

    shortcut(qtbot, window, "Ctrl+,")
    dialog = live_dialog(qtbot, "Preferences")
    assert shown_page(dialog) == "Mail"
    type_into(qtbot, field(dialog, "Mail server host"), "smtp.example.test")
    choose(qtbot, field(dialog, "Security"), "SSL/TLS (usually port 465)")  # type: ignore[arg-type]
    assert field(dialog, "Port").value() == 465  # type: ignore[attr-defined]
    type_into(qtbot, field(dialog, "User name"), "winloss")
    type_into(qtbot, field(dialog, "Password"), SECRET)
    type_into(qtbot, field(dialog, "Sender name"), "Win-Loss Program")
    qtbot.keyClick(field(dialog, "Sender name"), Qt.Key.Key_Return)  # Enter is OK, even in the mail form
    assert dialog.isVisible() and "Enter the sender's email address" in labels_text(dialog)
    assert window.settings.smtp is None and not memory_keyring.secrets
    type_into(qtbot, field(dialog, "Sender email"), "winloss@example.test")

    open_page(qtbot, dialog, "Currency rates")
    type_into(qtbot, field(dialog, "Currency"), "eur")
    type_into(qtbot, field(dialog, "Rate"), "0")
    click(qtbot, "Add rate", dialog)
    assert "must be a number above zero" in labels_text(dialog)
    type_into(qtbot, field(dialog, "Rate"), "1,08")
    click(qtbot, "Add rate", dialog)
    assert table_rows(field(dialog, "Currency rates")) == [("EUR", "1.08")]  # type: ignore[arg-type]
    type_into(qtbot, field(dialog, "Currency"), "GBP")
    type_into(qtbot, field(dialog, "Rate"), "1.27")  # typed, not added: OK keeps it too

    open_page(qtbot, dialog, "Time zone")
    type_into(qtbot, field(dialog, "Time zone"), "Mars/Olympus")
    click(qtbot, "OK", dialog)
    assert dialog.isVisible() and shown_page(dialog) == "Time zone"
    assert "“Mars/Olympus” is not a time zone name" in labels_text(dialog)
    assert window.settings.smtp is None, "nothing is kept while a page shows a problem"

    zone = field(dialog, "Time zone")
    type_into(qtbot, zone, "Europe/Berl")
    popup = zone.completer().popup()  # type: ignore[attr-defined]
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert rows_shown(popup) == ["Europe/Berlin"]  # the IANA names, offered as one types
    type_into(qtbot, zone, "in", replace=False)
    click(qtbot, "OK", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    settings = window.settings
    assert settings.smtp == SmtpSettings(host="smtp.example.test", port=465, security="ssl", user="winloss",
                                         sender_name="Win-Loss Program", sender_email="winloss@example.test")
    assert settings.currency_rates == {"EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
    assert settings.reporting_currency == "USD"
    assert settings.display_zone == "Europe/Berlin"
    assert "10:00" in format_datetime(NOW)  # 09:00 UTC is 10:00 in Berlin in November
    assert memory_keyring.secrets == {("winloss-studio", "smtp:winloss@smtp.example.test:465"): SECRET}
    file_text = (tmp_path / "settings.ini").read_text()
    assert "smtp.example.test" in file_text and SECRET not in file_text

    menu(qtbot, window, "Edit", "Preferences…")
    dialog = live_dialog(qtbot, "Preferences")
    assert field(dialog, "Mail server host").text() == "smtp.example.test"  # type: ignore[attr-defined]
    assert field(dialog, "Password").text() == ""  # type: ignore[attr-defined]
    assert "stored" in field(dialog, "Password").placeholderText()  # type: ignore[attr-defined]
    open_page(qtbot, dialog, "Currency rates")
    assert table_rows(field(dialog, "Currency rates")) == [("EUR", "1.08"), ("GBP", "1.27")]  # type: ignore[arg-type]
    click_row(qtbot, field(dialog, "Currency rates"), "EUR")  # type: ignore[arg-type]
    click(qtbot, "Remove rate", dialog)
    type_into(qtbot, field(dialog, "Reporting currency"), "SEK")
    open_page(qtbot, dialog, "Time zone")
    assert field(dialog, "Time zone").text() == "Europe/Berlin"  # type: ignore[attr-defined]
    type_into(qtbot, field(dialog, "Time zone"), "")
    qtbot.keyClick(field(dialog, "Time zone"), Qt.Key.Key_Escape)  # Esc is Cancel: nothing changes
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert settings.currency_rates == {"EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
    assert settings.display_zone == "Europe/Berlin"

    menu(qtbot, window, "Program", "Mail settings…")  # the mail settings are a page of Preferences now
    dialog = live_dialog(qtbot, "Preferences")
    assert shown_page(dialog) == "Mail"
    click(qtbot, "Cancel", dialog)


def test_preferences_switch_profile_and_show_the_data_folder(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    menu(qtbot, window, "File", "Switch profile…")
    new_profile(qtbot, window, "Maren Oduya", "maren@example.test", "Program owner")

    menu(qtbot, window, "Edit", "Preferences…")
    dialog = live_dialog(qtbot, "Preferences")
    open_page(qtbot, dialog, "Profile")
    assert "You are  Maren Oduya · Program owner" in labels_text(dialog)
    type_into(qtbot, field(dialog, "Your name"), "Ines Vallory")
    type_into(qtbot, field(dialog, "Your email"), "ines@example.test")
    choose(qtbot, field(dialog, "Your role"), "Interviewer")  # type: ignore[arg-type]

    open_page(qtbot, dialog, "Data folder")
    assert field(dialog, "Data folder").text() == str(data_dir())  # type: ignore[attr-defined]
    click(qtbot, "Copy path", dialog)
    assert QGuiApplication.clipboard().text() == str(data_dir())
    opened = FolderOpened()
    QDesktopServices.setUrlHandler("file", opened, "show")
    try:
        click(qtbot, "Open folder", dialog)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile().rstrip("/") for url in opened.urls] == [str(data_dir())]

    click(qtbot, "OK", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert "Ines Vallory" in window.statusBar().findChild(QWidget, "profileLabel").text()  # type: ignore[union-attr]

    menu(qtbot, window, "Edit", "Preferences…")  # an interviewer sends no reports: no mail, no rates
    dialog = live_dialog(qtbot, "Preferences")
    assert rows_shown(field(dialog, "Preference pages")) == ["Profile", "Time zone", "Data folder"]  # type: ignore[arg-type]
    click(qtbot, "Cancel", dialog)


def test_keyboard_shortcuts_list_the_window_and_the_console_and_search_them(
        qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    menu(qtbot, window, "Help", "Keyboard shortcuts")
    dialog = live_dialog(qtbot, "Keyboard shortcuts")
    table = field(dialog, "Shortcuts")
    rows = table_rows(table)  # type: ignore[arg-type]
    for where, keys, what in [("File menu", "Ctrl+I", "Import deals…"), ("Edit menu", "Ctrl+Z", "Undo"),
                              ("Edit menu", "Ctrl+,", "Preferences…"), ("File menu", "Ctrl+Q", "Quit"),
                              ("View menu", "Ctrl+6", "Reports"), ("Reports area", "Ctrl+Shift+D", "Deliver…"),
                              ("Live console", "Alt+Q", "Quote the text selected in the notes"),
                              ("Live console", "Ctrl+→", "Next question"),
                              ("Live console", "F2", "Type in the notes")]:
        assert (where, keys, what) in rows, f"{where} {keys} {what} missing from {rows}"

    type_into(qtbot, field(dialog, "Search shortcuts"), "ctrl+z")
    assert table_rows(table) == [("Edit menu", "Ctrl+Z", "Undo")]  # type: ignore[arg-type]
    type_into(qtbot, field(dialog, "Search shortcuts"), "console quote")
    assert {row[2] for row in table_rows(table)} == {  # type: ignore[arg-type]
        "Quote the text selected in the notes", "Type a quote in the quote field"}
    type_into(qtbot, field(dialog, "Search shortcuts"), "teleport")
    assert table_rows(table) == [] and "No shortcut matches “teleport”" in labels_text(dialog)  # type: ignore[arg-type]
    click(qtbot, "Close", dialog)

    shortcut(qtbot, window, "F1")
    dialog = live_dialog(qtbot, "Keyboard shortcuts")
    assert table_rows(field(dialog, "Shortcuts"))  # type: ignore[arg-type]


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def window_keys(window) -> tuple[dict[str, str], dict[str, dict[str, set[str]]]]:  # noqa: ANN001
    """The window's own keys (menus and their mnemonics) → what they do; each area's keys → what they do there."""
    own: dict[str, str] = {}
    for top in window.menuBar().actions():
        mnemonic = QKeySequence.mnemonic(top.text())
        if not mnemonic.isEmpty():
            own[_portable(mnemonic)] = f"the {top.text().replace('&', '')} menu"
        for action in top.menu().actions():
            for sequence in action.shortcuts():
                assert _portable(sequence) not in own, f"{_portable(sequence)}: {own.get(_portable(sequence))} and {action.text()}"
                own[_portable(sequence)] = action.text().replace("&", "")
    areas: dict[str, dict[str, set[str]]] = {}
    for spec in AREAS:
        area = window.area(spec.key)
        keys: dict[str, set[str]] = defaultdict(set)
        for action in area.findChildren(QAction):
            if action.shortcutContext() is not Qt.ShortcutContext.WidgetShortcut:
                for sequence in action.shortcuts():
                    keys[_portable(sequence)].add(action.text().replace("&", ""))
        for button in area.findChildren(QAbstractButton):
            if not button.shortcut().isEmpty():
                keys[_portable(button.shortcut())].add(button.text().replace("&", ""))
        for short in area.findChildren(QShortcut):
            if short.context() is not Qt.ShortcutContext.WidgetShortcut and not isinstance(short.parent(), QLineEdit):
                keys[_portable(short.key())].add(f"a shortcut of {short.parent().objectName() or spec.title}")
        areas[spec.title] = dict(keys)
    return own, areas


def test_no_key_means_two_things_in_the_window_or_the_console(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    own, areas = window_keys(window)
    assert own["Ctrl+Q"] == "Quit" and own["Ctrl+,"] == "Preferences…" and own["Ctrl+Z"] == "Undo"

    clashes = []
    for title, keys in areas.items():
        for key, meanings in keys.items():
            if len(meanings) > 1:
                clashes.append(f"{key} in the {title} area: {' / '.join(sorted(meanings))}")
            if key in own:
                clashes.append(f"{key} is {own[key]} in the window and {' / '.join(meanings)} in the {title} area")
    everywhere = {key: f"{' / '.join(meanings)} ({title} area)" for title, keys in areas.items()
                  for key, meanings in keys.items()} | {key: f"{what} (window)" for key, what in own.items()}
    both_show_the_keys = {"F1"}
    for key, what in every_key().items():
        if key in everywhere and key not in both_show_the_keys:
            clashes.append(f"{key} is {what} in the live console but {everywhere[key]}")
    assert not clashes, "keys meaning two things:\n" + "\n".join(clashes)


def test_mail_settings_kept_by_the_reports_area_move_to_preferences(tmp_path: Path) -> None:
    path = str(tmp_path / "old.ini")
    old = QSettings(path, QSettings.Format.IniFormat)
    for key, value in {"host": "smtp.old.test", "port": 2525, "security": "none", "user": "ops"}.items():
        old.setValue(f"areas/mail/{key}", value)
    old.sync()

    settings = WindowSettings(QSettings(path, QSettings.Format.IniFormat))
    assert settings.smtp == SmtpSettings(host="smtp.old.test", port=2525, security="none", user="ops")
    settings.sync()
    again = QSettings(path, QSettings.Format.IniFormat)
    assert again.value("mail/host") == "smtp.old.test" and again.value("areas/mail/host") is None


def test_a_display_zone_is_the_process_zone_where_the_system_can_change_it() -> None:
    from ui.preferences import use_display_zone

    environ: dict[str, str] = {}
    calls: list[str] = []
    assert use_display_zone("Asia/Tokyo", environ, lambda: calls.append("tzset")) and environ == {"TZ": "Asia/Tokyo"}
    assert use_display_zone(None, environ, lambda: calls.append("tzset")) and environ == {} and len(calls) == 2
    assert not use_display_zone("Asia/Tokyo", environ, None) and environ == {}  # Windows: from the next start
