"""Who is using the app: pick a profile of this database, or create one (name, email, role)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import Role

if TYPE_CHECKING:
    from interviewer.profiles import ProfileRow

Creator = Callable[[str, str | None, Role], "ProfileRow"]
"""Creates a profile and returns it, or raises ProfileError with a sentence for the user."""


class ProfileChooser(QWidget):
    """The profiles of this database to pick from, and a form to create one; the dialog and Preferences show it."""

    def __init__(self, profiles: Sequence[ProfileRow], create: Creator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self.profiles = QListWidget()
        self.profiles.setObjectName("profileList")
        self.profiles.setAccessibleName("Existing profiles")
        for profile in profiles:
            item = QListWidgetItem(profile.label)
            item.setData(Qt.ItemDataRole.UserRole, profile)
            self.profiles.addItem(item)
        existing = QGroupBox("I am")
        existing_layout = QVBoxLayout(existing)
        existing_layout.addWidget(self.profiles)
        existing.setVisible(bool(profiles))

        self.name = QLineEdit()
        self.name.setObjectName("profileName")
        self.name.setAccessibleName("Your name")
        self.email = QLineEdit()
        self.email.setObjectName("profileEmail")
        self.email.setAccessibleName("Your email")
        self.role = QComboBox()
        self.role.setObjectName("profileRole")
        self.role.setAccessibleName("Your role")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.error = QLabel()
        self.error.setObjectName("profileError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        new = QGroupBox("New profile" if profiles else "Create your profile")
        form = QFormLayout(new)
        form.addRow("Name:", self.name)
        form.addRow("Email:", self.email)
        form.addRow("Role:", self.role)
        form.addRow(self.error)
        for field in (self.name, self.email):
            field.textEdited.connect(lambda _text: self.profiles.clearSelection())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(existing)
        layout.addWidget(new)

    def select(self, profile_id: int | None) -> None:
        """Select the profile with this id (the first one when it is not listed)."""
        rows = [self.profiles.item(r).data(Qt.ItemDataRole.UserRole).id for r in range(self.profiles.count())]
        if rows:
            self.profiles.setCurrentRow(rows.index(profile_id) if profile_id in rows else 0)

    def selected(self) -> ProfileRow | None:
        """The profile picked in the list, unless a new one is being typed."""
        chosen = self.profiles.selectedItems()
        return chosen[0].data(Qt.ItemDataRole.UserRole) if chosen and not self.name.text().strip() else None

    def choose(self) -> ProfileRow | None:
        """The selected profile, or the one typed in, created now; None (the reason shown inline) when it cannot be."""
        from interviewer.profiles import ProfileError

        selected = self.selected()
        if selected is not None:
            return selected
        try:
            return self._create(self.name.text(), self.email.text().strip() or None, Role(self.role.currentData()))
        except ProfileError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None


class ProfileDialog(QDialog):
    """Choose who you are. Every change you make is attributed to this profile in the audit log."""

    def __init__(self, profiles: Sequence[ProfileRow], create: Creator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is using Win-Loss Studio?")
        self.setObjectName("profileDialog")
        self.chosen: ProfileRow | None = None
        self.chooser = ProfileChooser(profiles, create, self)
        chooser = self.chooser
        self.profiles, self.name, self.email, self.role, self.error = (
            chooser.profiles, chooser.name, chooser.email, chooser.role, chooser.error)
        self.profiles.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label())
        layout.addWidget(self.chooser)
        layout.addWidget(buttons)
        if profiles:
            self.profiles.setCurrentRow(0)
        else:
            self.name.setFocus()

    def accept(self) -> None:
        """Use the selected profile, or create the one typed in; errors stay inline and keep the dialog open."""
        chosen = self.chooser.choose()
        if chosen is not None:
            self.chosen = chosen
            super().accept()


def intro_label() -> QLabel:
    """What a profile is for, in a sentence or two."""
    intro = QLabel(
        "Changes you make (criteria, reviews, decisions) are recorded under your profile. "
        "A manager approves criteria; an interviewer sees only the interviews assigned to them."
    )
    intro.setWordWrap(True)
    return intro
