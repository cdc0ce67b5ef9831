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


class ProfileDialog(QDialog):
    """Choose who you are. Every change you make is attributed to this profile in the audit log."""

    def __init__(self, profiles: Sequence[ProfileRow], create: Creator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is using Win-Loss Studio?")
        self.setObjectName("profileDialog")
        self._create = create
        self.chosen: ProfileRow | None = None

        intro = QLabel(
            "Changes you make (criteria, reviews, decisions) are recorded under your profile. "
            "A manager approves criteria; an interviewer sees only the interviews assigned to them."
        )
        intro.setWordWrap(True)
        self.profiles = QListWidget()
        self.profiles.setObjectName("profileList")
        self.profiles.setAccessibleName("Existing profiles")
        for profile in profiles:
            item = QListWidgetItem(profile.label)
            item.setData(Qt.ItemDataRole.UserRole, profile)
            self.profiles.addItem(item)
        self.profiles.itemDoubleClicked.connect(lambda _item: self.accept())
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

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(existing)
        layout.addWidget(new)
        layout.addWidget(buttons)
        if profiles:
            self.profiles.setCurrentRow(0)
        else:
            self.name.setFocus()

    def accept(self) -> None:
        """Use the selected profile, or create the one typed in; errors stay inline and keep the dialog open."""
        from interviewer.profiles import ProfileError

        selected = self.profiles.selectedItems()
        if selected and not self.name.text().strip():
            self.chosen = selected[0].data(Qt.ItemDataRole.UserRole)
            super().accept()
            return
        try:
            self.chosen = self._create(self.name.text(), self.email.text().strip() or None, Role(self.role.currentData()))
        except ProfileError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
