"""Steps that several window tests take, done as a user would."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Role
from interviewer.secrets import SecretStore
from ui.main_window import MainWindow
from ui.profile_dialog import ProfileDialog
from ui.settings import WindowSettings
from winloss.window import build_demo


def open_window(qtbot, tmp_path: Path, database: Database, now: datetime, *, wait_for: str = "deals",  # noqa: ANN001
                person: bool = False) -> MainWindow:
    """The main window on ``database`` with settings of its own, shown, once ``wait_for``'s area has loaded.

    With ``person`` it asks what it asks a person (who they are on first use, whether to resume a call);
    otherwise nothing in it waits for one (``interactive`` is off).
    """
    settings = WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, SecretStore(), clock=FixedClock(now), demo=build_demo)
    window.interactive = person
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(getattr(window, wait_for).loaded, timeout=20_000):
        window.open_database(database.url.render_as_string(hide_password=False))
    return window


def become(qtbot, window: MainWindow, role: Role) -> None:  # noqa: ANN001
    """Switch profile through File → Switch profile…, picking the demo's person with that role."""
    window.choose_profile()
    dialog = next(d for d in window.findChildren(ProfileDialog) if d.isVisible())  # an earlier one may await deletion
    for row in range(dialog.profiles.count()):
        if dialog.profiles.item(row).data(Qt.ItemDataRole.UserRole).role is role:
            dialog.profiles.setCurrentRow(row)
    with qtbot.waitSignal(window.profile_changed, timeout=5000):
        dialog.accept()
    assert window.profile is not None and window.profile.role is role
