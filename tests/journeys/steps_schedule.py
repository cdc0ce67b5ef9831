"""What a program owner does in the Schedule area, as steps journeys reuse.

Each step acts only through ``person`` (what shows, mouse and keys) and returns what a later step or
assertion needs; none calls an area's methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QListWidget, QMainWindow, QTableWidget

from person import (
    activate,
    button,
    choose,
    click,
    click_at,
    click_row,
    complete,
    field,
    find,
    labels_text,
    live_dialog,
    open_tab,
    rows_shown,
    save_as,
    shortcut,
    type_into,
    when_modal,
)
from ui.schedule.week import WeekGrid


def interviews_table(window: QMainWindow) -> QTableWidget:
    return field(window, "Interviews")  # type: ignore[return-value]


def open_schedule(qtbot: Any, window: QMainWindow) -> QTableWidget:
    """Ctrl+4 shows the Schedule area, on its Interviews tab."""
    shortcut(qtbot, window, "Ctrl+4")
    table = interviews_table(window)
    open_tab(qtbot, window, "Interviews")
    return table


def row_of(table: QTableWidget, buyer: str) -> int:
    """The row of the table that shows ``buyer``."""
    found = [r for r in range(table.rowCount()) if any(
        table.item(r, c) is not None and buyer in table.item(r, c).text() for c in range(table.columnCount()))]
    assert found, f"no interview with {buyer} in the list"
    return found[0]


def row_text(table: QTableWidget, buyer: str) -> str:
    """Everything the row of ``buyer`` shows, cell after cell."""
    row = row_of(table, buyer)
    return " | ".join(table.item(row, c).text() for c in range(table.columnCount()) if table.item(row, c) is not None)


def select_interview(qtbot: Any, window: QMainWindow, buyer: str) -> None:
    click_row(qtbot, interviews_table(window), buyer)


def open_scheduler(qtbot: Any, window: QMainWindow, buyer: str) -> QDialog:
    """Select ``buyer``'s interview and press Schedule…; the dialog that opens."""
    select_interview(qtbot, window, buyer)
    click(qtbot, "Schedule…", window)
    return live_dialog(qtbot, "Schedule the interview")


def type_zone(qtbot: Any, dialog: QDialog, text: str) -> str:
    """Type ``text`` as the buyer's time zone; everything the dialog's labels then say."""
    type_into(qtbot, field(dialog, "Buyer's time zone"), text)
    return labels_text(dialog)


def pick_zone(qtbot: Any, dialog: QDialog, zone: str) -> None:
    """Type the start of ``zone`` and pick it from the completions."""
    complete(qtbot, field(dialog, "Buyer's time zone"), zone[: len(zone) - 3], zone)  # type: ignore[arg-type]


def pick_interviewer(qtbot: Any, dialog: QDialog, name: str) -> str:
    """Choose the interviewer whose entry starts with ``name``; the entry's whole text (name, firm and zone)."""
    combo: QComboBox = field(dialog, "Interviewer")  # type: ignore[assignment]
    entry = next((combo.itemText(i) for i in range(combo.count()) if combo.itemText(i).startswith(name)), None)
    assert entry is not None, f"{name} is not offered as an interviewer"
    choose(qtbot, combo, entry)
    return entry


def pick_slot(qtbot: Any, dialog: QDialog, position: int) -> str:
    """Click the offered slot at ``position`` (0 is the first); what it reads."""
    slots: QListWidget = field(dialog, "Free slots")  # type: ignore[assignment]
    offered = rows_shown(slots)
    assert len(offered) > position, f"only {len(offered)} slots are offered"
    click_row(qtbot, slots, offered[position])
    return offered[position]


def schedule_call(qtbot: Any, window: QMainWindow, buyer: str, zone: str, interviewer: str, slot: int = 0) -> str:
    """Book ``buyer``'s call: pick the interviewer, the buyer's zone from the completions and an offered slot, press
    Schedule; returns the slot as it read."""
    dialog = open_scheduler(qtbot, window, buyer)
    pick_interviewer(qtbot, dialog, interviewer)
    pick_zone(qtbot, dialog, zone)
    chosen = pick_slot(qtbot, dialog, slot)
    click(qtbot, button(dialog, "Schedule"))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    return chosen


def write_ics(qtbot: Any, window: QMainWindow, buyer: str, path: Path) -> None:
    """Select ``buyer``'s interview, press Export invite (.ics)… and save through the file dialog."""
    select_interview(qtbot, window, buyer)
    saved = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, path), title="Export calendar invite")
    click(qtbot, "Export invite (.ics)…", window)
    saved.check()
    qtbot.waitUntil(path.exists, timeout=5000)


def mark(qtbot: Any, window: QMainWindow, buyer: str, status: str) -> None:
    """Select ``buyer``'s interview and press the status button ``status`` (Invited, Completed, No-show…)."""
    select_interview(qtbot, window, buyer)
    click(qtbot, status, window)


def undo(qtbot: Any, window: QMainWindow) -> None:
    """Ctrl+Z (Edit → Undo), once the window is in front again (after a file dialog, say)."""
    activate(qtbot, window)
    shortcut(qtbot, window, "Ctrl+Z")


def week_grid(window: QMainWindow) -> WeekGrid:
    return find(window, WeekGrid, "The interviewer's week")


def show_week_of(qtbot: Any, window: QMainWindow, interviewer_entry: str, buyer: str, weeks_ahead: int = 3) -> str:
    """Open the Week tab on an interviewer and page forward until a block shows ``buyer``; what that block reads."""
    open_tab(qtbot, window, "Week")
    choose(qtbot, field(window, "Interviewer of the week view"), interviewer_entry)  # type: ignore[arg-type]
    for _ in range(weeks_ahead + 1):
        shown = [text for text in week_grid(window).block_texts() if buyer in text]
        if shown:
            return shown[0]
        click(qtbot, "Next week ▶", window)
    raise AssertionError(f"no block with {buyer} in the next {weeks_ahead} weeks")


def click_block(qtbot: Any, window: QMainWindow, buyer: str) -> None:
    """Click the block of ``buyer``'s call on the week grid."""
    grid = week_grid(window)
    position = next(i for i, text in enumerate(grid.block_texts()) if buyer in text)
    click_at(qtbot, grid, grid.block_rect(grid.blocks()[position]).center().toPoint())


def add_interviewer(qtbot: Any, window: QMainWindow, name: str, email: str, firm: str, zone: str, hours: str) -> str:
    """Interviewers… → New interviewer: an independent one with ``zone`` picked from the completions and ``hours``
    typed one day a line; returns
    what the roster said when a misspelt zone was typed first, then closes it."""
    click(qtbot, "Interviewers…", window)
    roster = live_dialog(qtbot, "Interviewers")
    click(qtbot, "New interviewer", roster)
    type_into(qtbot, field(roster, "Name"), name)
    type_into(qtbot, field(roster, "Email"), email)
    type_into(qtbot, field(roster, "Organisation"), firm)
    choose(qtbot, field(roster, "Kind"), "Independent (third-party firm)")  # type: ignore[arg-type]
    first, *others = hours.splitlines()
    hours_field = field(roster, "Weekly hours")
    type_into(qtbot, hours_field, first)
    for line in others:  # Enter between the days, as on a keyboard
        qtbot.keyClick(hours_field, Qt.Key.Key_Return)
        qtbot.keyClicks(hours_field, line)
    type_into(qtbot, field(roster, "Time zone"), zone + "x")
    click(qtbot, "Save interviewer", roster)
    refused = labels_text(roster)
    complete(qtbot, field(roster, "Time zone"), zone[:-2], zone)  # type: ignore[arg-type]
    click(qtbot, "Save interviewer", roster)
    qtbot.waitUntil(lambda: any(name in text for text in rows_shown(field(roster, "Interviewers"))), timeout=5000)  # type: ignore[arg-type]
    click(qtbot, "Close", roster)
    qtbot.waitUntil(lambda: not roster.isVisible(), timeout=5000)
    return refused


def save_invitation(qtbot: Any, window: QMainWindow, buyer: str, path: Path) -> str:
    """Draft invitation… for ``buyer``, save it as .eml through the file dialog and close; what the preview read."""
    select_interview(qtbot, window, buyer)
    click(qtbot, "Draft invitation…", window)
    dialog = live_dialog(qtbot, "Invitation to")
    preview = field(dialog, "As the buyer will read it").toPlainText()  # type: ignore[attr-defined]
    saved = when_modal(qtbot, lambda box: save_as(qtbot, box, path), title="Save invitation")
    click(qtbot, "Save as .eml…", dialog)
    saved.check()
    click(qtbot, "Close", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    return preview


def export_upcoming(qtbot: Any, window: QMainWindow, interviewer_entry: str, path: Path) -> None:
    """On the Week tab, choose the interviewer and save their upcoming invites through the file dialog."""
    open_tab(qtbot, window, "Week")
    choose(qtbot, field(window, "Interviewer of the week view"), interviewer_entry)  # type: ignore[arg-type]
    saved = when_modal(qtbot, lambda box: save_as(qtbot, box, path), title="Export upcoming invites")
    click(qtbot, "Export upcoming invites (.ics)…", window)
    saved.check()
    qtbot.waitUntil(path.exists, timeout=5000)
