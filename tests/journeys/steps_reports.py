"""Steps in the Reports area, taken as a person takes them: make, save, deliver and delete a report.

Each step clicks, types and answers the dialogs that really open; it returns what the screen shows (and, for a
report made, the number the database gave it) so a journey can check it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QDialog, QMainWindow, QTextBrowser, QWidget
from sqlalchemy import func, select

from interviewer.db import Database
from interviewer.models import Report
from person import (
    choose,
    click,
    click_row,
    field,
    go_to,
    is_closed,
    labels_text,
    live_dialog,
    rows_shown,
    save_as,
    tick,
    type_into,
    when_modal,
)

SLOW = 60_000
"""Making a report or delivering it runs on a worker thread: give it time on a busy machine."""

KINDS = {"interview": "Interview report", "digest": "Team digest", "review": "Monthly review"}


def reports_table(window: QMainWindow) -> QAbstractItemView:
    """The table of reports (found even while an empty program shows its "No reports yet" sentence instead)."""
    table = window.findChild(QAbstractItemView, "reportsTable")
    assert table is not None and table.accessibleName() == "Reports"
    return table


def details(window: QMainWindow) -> str:
    """What the details pane beside the table says about the selected report."""
    pane = field(window, "Details of the selected report")
    assert isinstance(pane, QTextBrowser)
    return pane.toPlainText()


def message(window: QMainWindow) -> str:
    """The sentence in the line above the table."""
    return field(window, "Reports message").text()  # type: ignore[attr-defined]


def newest_report(database: Database) -> int:
    with database.sessions() as session:
        return int(session.scalar(select(func.max(Report.id))) or 0)


def make_report(qtbot: Any, window: QMainWindow, database: Database, kind: str, *, team: str | None = None,
                month: str | None = None, interview: str | None = None, identities: bool = False,
                check: Callable[[QDialog], None] | None = None) -> int:
    """Reports → Make report…: pick the kind (``interview``, ``digest`` or ``review``), the team and month or the
    interview (a text its line shows), tick identities if asked, press Make; the new report's number.

    ``check`` reads the dialog before Make is pressed (what the interview list shows, say).
    """
    go_to(qtbot, window, "Reports")
    before, listed = newest_report(database), reports_table(window).model().rowCount()
    click(qtbot, "Make report", window)
    dialog = live_dialog(qtbot, "Make report")
    tick(qtbot, dialog, KINDS[kind])
    if team is not None:
        choose(qtbot, field(dialog, "Team"), team)  # type: ignore[arg-type]
    if month is not None:
        choose(qtbot, field(dialog, "Month"), month)  # type: ignore[arg-type]
    if interview is not None:
        click_row(qtbot, field(dialog, "Wrapped-up interviews"), interview)  # type: ignore[arg-type]
    if identities:
        tick(qtbot, dialog, "Include identities (buyer's name, email, company and the rep)")
    if check is not None:
        check(dialog)
    click(qtbot, "Make", dialog)
    qtbot.waitUntil(lambda: is_closed(dialog), timeout=SLOW)
    made = newest_report(database)
    assert made > before, "no report was stored"
    qtbot.waitUntil(lambda: reports_table(window).model().rowCount() > listed, timeout=SLOW)
    return made


def select_report(qtbot: Any, window: QMainWindow, text: str) -> None:
    """Click the report whose row shows ``text`` (its title, its kind, when it was made…)."""
    go_to(qtbot, window, "Reports")
    table = reports_table(window)
    click_row(qtbot, table, text)


def save_report(qtbot: Any, window: QMainWindow, path: Path) -> str:
    """Save as… the selected report through the real save dialog, typing ``path``; the sentence shown after."""
    handled = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, path), "Save report as")
    click(qtbot, "Save as", window)
    handled.check()
    qtbot.waitUntil(lambda: "Saved" in message(window), timeout=SLOW)
    return message(window)


def set_up_mail(qtbot: Any, window: QMainWindow, port: int, sender: str = "winloss@example.test") -> None:
    """Reports → Mail settings…: a local server without login or encryption, and the sender; Save."""
    go_to(qtbot, window, "Reports")
    click(qtbot, "Mail settings", window)
    dialog = live_dialog(qtbot, "Mail settings")
    type_into(qtbot, field(dialog, "Mail server host"), "127.0.0.1")
    choose(qtbot, field(dialog, "Security"), "None — unencrypted, for a relay on your own network")  # type: ignore[arg-type]
    type_into(qtbot, field(dialog, "Port"), str(port))
    type_into(qtbot, field(dialog, "User name"), "")
    type_into(qtbot, field(dialog, "Sender name"), "Win-Loss Program")
    type_into(qtbot, field(dialog, "Sender email"), sender)
    click(qtbot, "Save", dialog)
    qtbot.waitUntil(lambda: is_closed(dialog), timeout=5000)


def deliver(qtbot: Any, window: QMainWindow, channel: str, *, folder: Path | None = None,
            answer: Callable[[QWidget], None] | None = None) -> QDialog:
    """Deliver… the selected report by ``smtp`` or as ``eml`` files into ``folder``, pressing Send.

    ``answer`` replies to the confirmation a report naming buyers asks for. Returns the dialog, still open, once
    its summary says what happened.
    """
    click(qtbot, "Deliver", window)
    dialog = live_dialog(qtbot, "Deliver")
    if channel == "eml":
        assert folder is not None, "the .eml files need a folder"
        tick(qtbot, dialog, "Save .eml files to send from your own mail program, in:")
        type_into(qtbot, field(dialog, ".eml folder"), str(folder))
    else:
        tick(qtbot, dialog, "Email through the mail server")
    asked = when_modal(qtbot, answer, "Send a report that names buyers?") if answer is not None else None
    click(qtbot, "Send", dialog)
    if asked is not None:
        asked.check()
    summary = dialog.findChild(QWidget, "deliverySummary")
    qtbot.waitUntil(lambda: summary.isVisible() and bool(summary.text()), timeout=SLOW)
    return dialog


def close_dialog(qtbot: Any, dialog: QDialog) -> None:
    click(qtbot, "Close", dialog)
    qtbot.waitUntil(lambda: is_closed(dialog), timeout=5000)


def delete_report(qtbot: Any, window: QMainWindow, text: str, *, confirm: bool = True) -> str:
    """Select the report showing ``text``, press Delete… and answer the question; what the question said."""
    select_report(qtbot, window, text)
    asked: list[str] = []

    def answer(dialog: QWidget) -> None:
        asked.append(labels_text(dialog))
        click(qtbot, "Delete" if confirm else "Cancel", dialog)

    handled = when_modal(qtbot, answer, "Delete report?")
    click(qtbot, "Delete", window)
    handled.check()
    return asked[0]


def edit_recipient(qtbot: Any, window: QMainWindow, team: str, who: str, *, email: str) -> None:
    """Reports → Teams and recipients…: the team, the person's row, a new address, Save changes, Close."""
    go_to(qtbot, window, "Reports")
    click(qtbot, "Teams and recipients", window)
    dialog = live_dialog(qtbot, "Teams and recipients")
    click_row(qtbot, field(dialog, "Teams"), team)  # type: ignore[arg-type]
    click_row(qtbot, field(dialog, "Recipients of the team"), who)  # type: ignore[arg-type]
    type_into(qtbot, field(dialog, "Recipient email"), email)
    click(qtbot, "Save changes", dialog)
    qtbot.waitUntil(lambda: any(email.lower() in row.lower()
                                for row in rows_shown(field(dialog, "Recipients of the team"), 1)), timeout=5000)
    click(qtbot, "Close", dialog)
    qtbot.waitUntil(lambda: is_closed(dialog), timeout=5000)
