"""Write the screenshot gallery: one PNG per area of the demo program and per main dialog, at 1280×800.

Usage: ``python scripts/gallery.py OUT_DIR`` (``make screenshot`` writes ``docs/``). The demo program is
built afresh in a temporary data folder, so the pictures never show a user's own data. Everything is
opened the way a person opens it: the navigation list, then a button or menu item by its words.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="winloss-gallery-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(HOME / _name.split("_")[1].lower())

from PySide6.QtCore import QLocale, QSettings  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QTableView, QWidget  # noqa: E402

from interviewer.clock import FixedClock  # noqa: E402
from interviewer.db import open_database  # noqa: E402
from interviewer.secrets import SecretStore  # noqa: E402
from ui.areas import AREAS  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import WindowSettings  # noqa: E402
from winloss.demo.build import build_demo  # noqa: E402

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
DIALOGS: tuple[tuple[str, str, str], ...] = (
    # (file name, area, the words of the button or action that opens it); the first row whose words allow it is
    # selected first
    ("dialog-criteria-editor", "criteria", "New set…"),
    ("dialog-schedule", "schedule", "Schedule…"),
    ("dialog-invitation", "schedule", "Draft invitation…"),
    ("dialog-interviewers", "schedule", "Interviewers…"),
    ("dialog-guide-builder", "schedule", "Guide…"),
    ("dialog-question-editor", "questions", "New question…"),
    ("dialog-make-report", "reports", "Make report…"),
    ("dialog-deliver", "reports", "Deliver…"),
    ("dialog-recipients", "reports", "Teams and recipients…"),
    ("dialog-review-action", "review", "Add action…"),
    ("dialog-profile", "", "Switch profile…"),
    ("dialog-preferences", "", "Preferences…"),
    ("dialog-shortcuts", "", "Keyboard shortcuts"),
)


def words(text: str) -> str:
    return text.replace("&", "").split("\t")[0].strip()


def settle(seconds: float = 0.6) -> None:
    """Let queued work and painting finish."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def wait_for(condition, seconds: float = 30.0) -> bool:  # noqa: ANN001
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def press(window: MainWindow, text: str) -> bool:
    """Trigger the visible, enabled button or action reading ``text`` in the window; False when there is none."""
    for action in window.findChildren(QAction):
        if words(action.text()) == words(text) and action.isEnabled():
            action.trigger()
            return True
    for button in window.findChildren(QAbstractButton):
        if words(button.text()) == words(text) and button.isVisible() and button.isEnabled():
            button.click()
            return True
    return False


def select_row_for(area: QWidget, window: MainWindow, text: str) -> None:
    """Select the first row of the area's table on which the button reading ``text`` is enabled."""
    for table in area.findChildren(QTableView):
        if not table.isVisible() or table.model() is None:
            continue
        for row in range(table.model().rowCount()):
            table.selectRow(row)
            QApplication.processEvents()
            if enabled(window, text):
                return
        return


def enabled(window: MainWindow, text: str) -> bool:
    return any(words(b.text()) == words(text) and b.isVisible() and b.isEnabled()
               for b in window.findChildren(QAbstractButton))


def new_window(window: MainWindow) -> QWidget | None:
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window and w.isWindow()
             and w.windowTitle()]
    return shown[-1] if shown else None


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    database = open_database(f"sqlite:///{HOME / 'demo.sqlite'}")
    build_demo(database, today=NOW.date())
    url = database.url.render_as_string(hide_password=False)
    database.close()

    settings = WindowSettings(QSettings(str(HOME / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, SecretStore(), clock=FixedClock(NOW), demo=build_demo)
    window.interactive = False
    window.resize(1280, 800)
    window.show()
    window.open_database(url)
    if not wait_for(lambda: window.opened is not None, 60):
        print("gallery: the demo program did not open", file=sys.stderr)
        return 1
    written = []
    for spec in AREAS:
        window.show_area(spec.key)
        settle(2.5 if spec.key == "dashboard" else 1.0)
        target = out / f"{spec.key}.png"
        window.grab().save(str(target))
        written.append(target.name)
    for name, area, text in DIALOGS:
        if area:
            window.show_area(area)
            settle(0.8)
            select_row_for(window.area(area), window, text)
            settle(0.3)
        if not press(window, text):
            print(f"gallery: nothing reads “{text}” in {area or 'the window'}; {name} skipped", file=sys.stderr)
            continue
        if not wait_for(lambda: new_window(window) is not None, 10):
            print(f"gallery: “{text}” opened no window; {name} skipped", file=sys.stderr)
            continue
        settle(1.0)
        dialog = new_window(window)
        assert dialog is not None
        dialog.grab().save(str(out / f"{name}.png"))
        written.append(f"{name}.png")
        dialog.close()
        settle(0.3)
    window.close()
    print(f"gallery: wrote {len(written)} pictures into {out}: {', '.join(written)}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
