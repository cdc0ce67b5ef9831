"""Steps that several window tests take, done as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interviewer.enums import Role
from ui.main_window import MainWindow
from ui.profile_dialog import ProfileDialog


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
