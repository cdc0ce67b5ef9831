"""What a program owner does in the Dashboard and Review areas, as steps journeys reuse.

Each step acts only through ``person`` (what shows, mouse and keys) and returns what a later step or
assertion needs; none calls an area's methods.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTableView, QTreeWidget, QWidget
from shiboken6 import isValid

from person import (
    activate,
    choose,
    click,
    click_row,
    complete,
    field,
    go_to,
    labels_text,
    live_dialog,
    rows_shown,
    shortcut,
    type_into,
)

SLOW = 30_000


def _plain(label: QWidget) -> str:
    assert isinstance(label, QLabel)
    return unescape(re.sub(r"<[^>]+>", " ", label.text().replace("<br>", "\n")))


# -- Dashboard ---------------------------------------------------------------------------------------


def dashboard_status(window: QMainWindow) -> str:
    """The line above the figures once they are drawn: the period, the filters and how many closed deals they
    hold ("11/21/25 – 11/20/26 · Mid-Market · 212 closed deals"); "" while it reads or updates."""
    text = _plain(field(window, "Dashboard status"))
    return text if re.search(r"\d closed deals$", text) else ""


def open_dashboard(qtbot: Any, window: QMainWindow) -> str:
    """Ctrl+7, then wait until the figures and charts are drawn; the status line."""
    shortcut(qtbot, window, "Ctrl+7")
    qtbot.waitUntil(lambda: window.findChild(QWidget, "dashboardStatus") is not None
                    and bool(dashboard_status(window)), timeout=SLOW)
    return dashboard_status(window)


def filter_dashboard(qtbot: Any, window: QMainWindow, box: str, choice: str) -> str:
    """Pick ``choice`` in the filter called ``box`` (Period, Segment, Competitor); the status line once redrawn."""
    choose(qtbot, field(window, box), choice)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: choice in dashboard_status(window), timeout=SLOW)
    return dashboard_status(window)


def deals_behind(qtbot: Any, window: QMainWindow, chart: str, row: str) -> tuple[str, list[str]]:
    """Double-click the row reading ``row`` in the list beside the chart titled ``chart``; the heading of the deals
    listed below and the accounts they show."""
    groups = field(window, f"{chart}: groups")
    assert isinstance(groups, QTreeWidget)
    click_row(qtbot, groups, row, column=0, double=True)
    heading = window.findChild(QLabel, "dealsBehindHeading")
    qtbot.waitUntil(lambda: heading.isVisible() and f": {row} — " in heading.text()
                    and "reading" not in heading.text(), timeout=SLOW)
    table = field(window, "Deals behind the chosen bar")
    assert isinstance(table, QTableView)
    return heading.text(), rows_shown(table)


def close_deals_behind(qtbot: Any, window: QMainWindow) -> None:
    click(qtbot, "Close the deals behind the bar", window)
    qtbot.waitUntil(lambda: not window.findChild(QWidget, "dealsBehind").isVisible(), timeout=3000)


def copy_weekly_summary(qtbot: Any, window: QMainWindow) -> tuple[str, str]:
    """Press Copy under the weekly summary; (what the clipboard holds, what the summary shows)."""
    shown = _plain(window.findChild(QLabel, "weeklySummaryText"))
    click(qtbot, "Copy the weekly summary", window)
    return QApplication.clipboard().text(), shown


def tile_text(window: QMainWindow, title: str) -> str:
    """Everything a headline tile says (its title, value, n and notes), one line each."""
    caption = next(label for label in window.findChildren(QLabel) if label.isVisible() and label.text() == title
                   and label.parent().objectName().startswith("tile_"))
    return labels_text(caption.parent())


# -- Review ------------------------------------------------------------------------------------------


def set_rates(qtbot: Any, window: QMainWindow, rates: dict[str, str]) -> None:
    """Edit → Preferences… (Ctrl+,), the Currency rates page: type each currency and its rate, Add rate, OK."""
    activate(qtbot, window)  # a drop-down just closed: the window takes the keys again
    shortcut(qtbot, window, "Ctrl+,")
    dialog = live_dialog(qtbot, "Preferences")
    click_row(qtbot, field(dialog, "Preference pages"), "Currency rates")  # type: ignore[arg-type]
    for code, rate in rates.items():
        type_into(qtbot, field(dialog, "Currency"), code)
        type_into(qtbot, field(dialog, "Rate"), rate)
        click(qtbot, "Add rate", dialog)
    click(qtbot, "OK", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    activate(qtbot, window)  # back in the window, as a window manager makes it once its dialog closes


# -- Review ------------------------------------------------------------------------------------------


def review_month(window: QMainWindow) -> str:
    """The month the review shows, once its figures are there (``October 2026``), else ""."""
    box = field(window, "Month reviewed")
    month = box.currentText()  # type: ignore[attr-defined]
    return month if f"wrapped up in {month}" in _plain(field(window, "Interviews")) else ""


def open_review(qtbot: Any, window: QMainWindow) -> str:
    """Review in the navigation list; the month it opens on once its figures are shown."""
    go_to(qtbot, window, "Review")
    qtbot.waitUntil(lambda: bool(review_month(window)), timeout=SLOW)
    return review_month(window)


def pick_month(qtbot: Any, window: QMainWindow, month: str) -> None:
    """Choose ``month`` (``October 2026``) in the month picker and wait for its figures."""
    choose(qtbot, field(window, "Month reviewed"), month)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: review_month(window) == month, timeout=SLOW)


def step_month(qtbot: Any, window: QMainWindow, button: str) -> str:
    """Press ◀ Previous or Next ▶; the month shown once its figures are there."""
    shown = review_month(window)
    click(qtbot, button, window)
    qtbot.waitUntil(lambda: review_month(window) not in ("", shown), timeout=SLOW)
    return review_month(window)


def write_pattern(qtbot: Any, window: QMainWindow, which: str, text: str) -> None:
    """Type over the “Win pattern” or “Loss pattern” and press Save (it would also be saved a second later)."""
    type_into(qtbot, field(window, which), text)
    click(qtbot, "Save", window)
    saved = window.findChild(QLabel, "patternsSaved")
    qtbot.waitUntil(lambda: saved.text() == "Saved.", timeout=5000)


def add_action(qtbot: Any, window: QMainWindow, text: str, owner: tuple[str, str], *, segment: str | None = None,
               due_on: date | None = None) -> str:
    """Add action…: type what will be done, pick the owner from the names offered by typing the start of one and
    using the keyboard (``owner`` = (typed, picked)), choose the metric's segment, type the due date, then press
    Enter in the owner field to add it; once it is listed, the baseline the dialog showed."""
    click(qtbot, "Add action", window)
    dialog = live_dialog(qtbot, "Add action")
    type_into(qtbot, field(dialog, "Action"), text)
    if segment is not None:
        choose(qtbot, field(dialog, "Segment of the metric"), segment)  # type: ignore[arg-type]
    if due_on is not None:
        written = QLocale().toString(QDate(due_on.year, due_on.month, due_on.day), QLocale.FormatType.ShortFormat)
        type_into(qtbot, field(dialog, "Due date"), written)
    baseline = dialog.findChild(QLabel, "baselineLabel")
    qtbot.waitUntil(lambda: "n=" in baseline.text(), timeout=SLOW)
    measured = baseline.text()
    owner_field = field(dialog, "Owner")
    complete(qtbot, owner_field, *owner)  # type: ignore[arg-type]
    assert dialog.isVisible(), "Enter on the list of names must only take the name"
    qtbot.keyClick(owner_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=SLOW)  # closed, then deleted
    qtbot.waitUntil(lambda: f"Added “{text}”" in labels_text(window), timeout=SLOW)  # and listed
    return measured


def actions_listed(window: QMainWindow) -> dict[str, tuple[str, ...]]:
    """The actions the review's list shows: each action's text → what its row says, column by column."""
    table = field(window, "Actions agreed at this review")
    model = table.model()  # type: ignore[attr-defined]
    rows = [tuple(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
            for r in range(model.rowCount())]
    return {row[0]: row for row in rows}
