"""What a program owner and a manager do in the Criteria and Candidates areas, as steps journeys reuse.

Each step acts only through ``person`` (what shows, mouse and keys) and returns what a later step or
assertion needs; none calls an area's methods.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QMainWindow, QTableWidget

from person import choose, click, click_row, field, go_to, labels_text, live_dialog, open_tab, rows_shown, type_into


def criteria_table(window: QMainWindow) -> QTableWidget:
    return field(window, "Criteria sets")  # type: ignore[return-value]


def column(table: QTableWidget, header: str) -> int:
    """The position of the column headed ``header``."""
    found = [c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == header]
    assert found, f"{table.accessibleName()} has no column “{header}”"
    return found[0]


def cell(table: QTableWidget, row: int, header: str) -> str:
    """What the table shows in ``row`` under the column headed ``header``."""
    item = table.item(row, column(table, header))
    return item.text() if item is not None else ""


def selected_row(table: QTableWidget) -> int:
    rows = table.selectionModel().selectedRows()
    assert len(rows) == 1, f"{len(rows)} rows are selected in {table.accessibleName()}"
    return rows[0].row()


def _fill_and_save(qtbot: Any, editor: QDialog, qualified_buyer: str | None, quotas: dict[str, int]) -> None:
    """Type into the editor's fields, wait for its counts to show, press Save."""
    if qualified_buyer is not None:
        type_into(qtbot, field(editor, "Definition of a qualified buyer"), qualified_buyer)
    if quotas:
        open_tab(qtbot, editor, "Quotas and score")
        for outcome, count in quotas.items():
            type_into(qtbot, field(editor, f"Quota of {outcome.replace('_', ' ')} deals"), str(count))
    qtbot.waitUntil(lambda: "Counting" not in labels_text(editor), timeout=30_000)
    click(qtbot, "Save", editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)


def write_criteria(qtbot: Any, window: QMainWindow, name: str, qualified_buyer: str, **quotas: int) -> None:
    """Criteria → New set…: name it, say who a qualified buyer is, set quotas (``lost=3``…), Save; it is a draft."""
    go_to(qtbot, window, "Criteria")
    click(qtbot, "New set…", window)
    editor = live_dialog(qtbot, "New criteria set")
    type_into(qtbot, field(editor, "Name of the criteria set"), name)
    _fill_and_save(qtbot, editor, qualified_buyer, quotas)
    table = criteria_table(window)
    qtbot.waitUntil(lambda: cell(table, selected_row(table), "Name") == name, timeout=5000)
    assert cell(table, selected_row(table), "Status") == "Draft"


def edit_criteria(qtbot: Any, window: QMainWindow, name: str, qualified_buyer: str | None = None, **quotas: int) -> None:
    """Select the set called ``name``, press Edit…, change what is given and Save."""
    select_set(qtbot, window, name)
    click(qtbot, "Edit…", window)
    _fill_and_save(qtbot, live_dialog(qtbot, "Criteria set:"), qualified_buyer, quotas)


def new_version(qtbot: Any, window: QMainWindow, name: str) -> int:
    """Select the set's newest version and press “New version”: the next version, a draft; its row."""
    select_set(qtbot, window, name)
    click(qtbot, "New version", window)
    table = criteria_table(window)
    assert cell(table, selected_row(table), "Status") == "Draft"
    return selected_row(table)


def compare_versions(qtbot: Any, window: QMainWindow, name: str) -> list[tuple[str, str, str]]:
    """Press “Compare versions…” on the set's newest version; the settings that differ (setting, before, after),
    read from the dialog before closing it."""
    select_set(qtbot, window, name)
    click(qtbot, "Compare versions…", window)
    dialog = live_dialog(qtbot, f"{name}: version")
    table: QTableWidget = field(dialog, "Settings that differ")  # type: ignore[assignment]
    lines = [tuple(table.item(row, c).text() for c in range(3)) for row in range(table.rowCount())]
    click(qtbot, "Close", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    return lines  # type: ignore[return-value]


def select_set(qtbot: Any, window: QMainWindow, name: str) -> int:
    """Click the newest version of the set called ``name`` in the Criteria area; its row."""
    go_to(qtbot, window, "Criteria")
    return click_row(qtbot, criteria_table(window), name, column=0).row()


def submit(qtbot: Any, window: QMainWindow, name: str) -> None:
    """Select the set and press “Submit for review”."""
    row = select_set(qtbot, window, name)
    click(qtbot, "Submit for review", window)
    assert cell(criteria_table(window), row, "Status") == "Waiting for review"


def decide(qtbot: Any, window: QMainWindow, name: str, decision: str, text: str) -> QDialog:
    """Select the set, press Approve… or Reject… (``decision``), type ``text`` and press the dialog's button.

    The dialog is returned: closed when the decision was taken, still open (saying why) when it was refused.
    """
    select_set(qtbot, window, name)
    click(qtbot, f"{decision}…", window)
    dialog = live_dialog(qtbot, f"{decision} criteria")
    answer(qtbot, dialog, "Comment" if decision == "Approve" else "Reason", text, decision)
    return dialog


def answer(qtbot: Any, dialog: QDialog, box: str, text: str, press: str) -> None:
    """In an open reason dialog, type ``text`` into the field called ``box`` and press the button ``press``."""
    type_into(qtbot, field(dialog, box), text)
    click(qtbot, press, dialog)


def approve(qtbot: Any, window: QMainWindow, name: str, comment: str = "") -> None:
    dialog = decide(qtbot, window, name, "Approve", comment)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def reject(qtbot: Any, window: QMainWindow, name: str, reason: str) -> None:
    dialog = decide(qtbot, window, name, "Reject", reason)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


# -- candidates ---------------------------------------------------------------------------------


def candidates_table(window: QMainWindow) -> QTableWidget:
    return field(window, "Candidates")  # type: ignore[return-value]


def propose_candidates(qtbot: Any, window: QMainWindow, set_label: str) -> list[str]:
    """Candidates: choose the approved set, press “Propose candidates”; the contacts the table then lists."""
    go_to(qtbot, window, "Candidates")
    choose(qtbot, field(window, "Approved criteria set"), set_label)  # type: ignore[arg-type]
    click(qtbot, "Propose candidates", window)
    table = candidates_table(window)
    qtbot.waitUntil(lambda: table.rowCount() > 0 and "Applying" not in labels_text(window), timeout=60_000)
    return rows_shown(table, column(table, "Contact"))


def accept_candidate(qtbot: Any, window: QMainWindow, contact: str) -> None:
    """Candidates: click the candidate's row and press Accept; the Schedule area opens on their interview."""
    go_to(qtbot, window, "Candidates")
    click_row(qtbot, candidates_table(window), contact)
    click(qtbot, "Accept", window)
    interviews: QTableWidget = field(window, "Interviews")  # type: ignore[assignment]
    qtbot.waitUntil(interviews.isVisible, timeout=5000)
    assert contact in [interviews.item(selected_row(interviews), c).text() for c in range(interviews.columnCount())]


def decline_candidate(qtbot: Any, window: QMainWindow, contact: str, reason: str) -> QDialog:
    """Candidates: click the candidate's row, press Decline…, type the reason and press Decline (the dialog)."""
    go_to(qtbot, window, "Candidates")
    click_row(qtbot, candidates_table(window), contact)
    click(qtbot, "Decline…", window)
    dialog = live_dialog(qtbot, "Decline candidate")
    answer(qtbot, dialog, "Reason", reason, "Decline")
    return dialog
