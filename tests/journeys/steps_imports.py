"""What a program owner does to bring CRM exports in, as steps journeys reuse.

Each step acts only through ``person`` (what shows, mouse and keys): File → Import deals… (or Ctrl+I, or the
Imports area's button), the files typed into the live Qt file dialog, Import pressed, the summary read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QMainWindow, QTableWidget, QTabWidget

from person import button, click, click_row, field, labels_text, live_dialog, menu, pick_files, save_as, when_modal


def pick_for_import(qtbot: Any, window: QMainWindow, paths: Sequence[Path],
                    open_with: Callable[[], None] | None = None) -> QDialog:  # fmt: skip
    """Open the file dialog (File → Import deals… unless ``open_with`` says otherwise), pick ``paths`` in it,
    and return the import dialog once it lists every picked file."""
    picked = when_modal(qtbot, lambda dialog: pick_files(qtbot, dialog, paths), "Import deals")
    (open_with or (lambda: menu(qtbot, window, "File", "Import deals…")))()
    qtbot.waitUntil(lambda: picked.done or picked.error is not None, timeout=10_000)
    picked.check()
    dialog = live_dialog(qtbot, "Import")
    qtbot.waitUntil(lambda: shows_button(dialog, "Import"), timeout=60_000)  # every file read, its mapping shown
    assert len(files_listed(dialog)) == len(paths), f"the dialog lists {files_listed(dialog)}"
    return dialog


def shows_button(root: QDialog, name: str) -> bool:
    """Whether ``root`` shows a button called ``name`` now."""
    try:
        button(root, name)
    except AssertionError:
        return False
    return True


def files_listed(dialog: QDialog) -> list[str]:
    """The tabs of the import dialog, in the order it will import them: "accounts.csv · accounts"…"""
    tabs: QTabWidget = field(dialog, "Picked files")  # type: ignore[assignment]
    return [tabs.tabText(i) for i in range(tabs.count())]


def press_import(qtbot: Any, dialog: QDialog) -> QDialog:
    """Press Import and return the summary dialog once it opens."""
    click(qtbot, "Import", dialog)
    return live_dialog(qtbot, "Import summary", timeout=120_000)


def import_files(qtbot: Any, window: QMainWindow, paths: Sequence[Path],
                 open_with: Callable[[], None] | None = None) -> QDialog:  # fmt: skip
    """Pick ``paths`` for import, press Import, and return the summary dialog."""
    return press_import(qtbot, pick_for_import(qtbot, window, paths, open_with))


def summary_counts(summary: QDialog) -> dict[str, dict[str, str]]:
    """What the summary's table of files shows: file → {"Kind": …, "Rows": …, "Imported": …, …}."""
    table: QTableWidget = field(summary, "Imported files")  # type: ignore[assignment]
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return {table.item(r, 0).text(): {h: table.item(r, c).text() for c, h in enumerate(headers) if c}
            for r in range(table.rowCount())}  # fmt: skip


def save_rejected_rows(qtbot: Any, summary: QDialog, file_name: str, target: Path) -> None:
    """Click the file's row in the summary, press Save rejected rows…, type ``target`` in the save dialog."""
    click_row(qtbot, field(summary, "Imported files"), file_name, column=0)  # type: ignore[arg-type]
    saving = when_modal(qtbot, lambda dialog: save_as(qtbot, dialog, target), "Save rejected rows")
    click(qtbot, "Save rejected rows…", summary)
    saving.check()
    qtbot.waitUntil(lambda: f"rejected rows to {target}" in labels_text(summary), timeout=10_000)  # "Saved 7 …"
