"""The interviewer roster: who runs calls, for which firm, in which time zone, in which weekly hours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import InterviewerKind
from ui.schedule.zones import complete_zones

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.scheduling.roster import InterviewerRow

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def availability_text(availability: dict[str, list[str]]) -> str:
    """One line per day, e.g. "mon 09:00-12:00, 13:00-17:00"."""
    return "\n".join(f"{day} {', '.join(windows)}" for day, windows in availability.items() if windows)


def parse_availability_text(text: str) -> dict[str, list[str]]:
    """The inverse of ``availability_text``; the roster service checks the hours themselves."""
    availability: dict[str, list[str]] = {}
    for line in text.splitlines():
        day, _, hours = line.strip().partition(" ")
        if day:
            availability[day.lower()] = [h.strip() for h in hours.split(",") if h.strip()]
    return availability


class RosterDialog(QDialog):
    """Add and edit interviewers; problems (unknown time zone, overlapping hours, a used email) stay inline."""

    def __init__(self, database: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Interviewers")
        self.setObjectName("rosterDialog")
        self.resize(760, 520)
        self._database, self._actor = database, actor
        self._rows: list[InterviewerRow] = []
        self.people = QListWidget()
        self.people.setObjectName("rosterList")
        self.people.setAccessibleName("Interviewers")
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people.currentRowChanged.connect(self._show)
        add = QPushButton("New interviewer")
        add.clicked.connect(self._new)
        self.name, self.email, self.organisation, self.zone = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        for field, name in ((self.name, "Name"), (self.email, "Email"), (self.organisation, "Organisation"),
                            (self.zone, "Time zone")):  # fmt: skip
            field.setAccessibleName(name)
        self.zone.setPlaceholderText("e.g. Europe/Berlin")
        complete_zones(self.zone)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        self.kind.addItem("Internal (our employee)", InterviewerKind.INTERNAL.value)
        self.kind.addItem("Independent (third-party firm)", InterviewerKind.EXTERNAL.value)
        self.hours = QPlainTextEdit()
        self.hours.setAccessibleName("Weekly hours")
        self.hours.setPlaceholderText("one line per day, in their time zone:\nmon 09:00-12:00, 13:00-17:00\ntue 09:00-12:00")
        self.active = QCheckBox("Active (can be booked)")
        self.error = QLabel()
        self.error.setObjectName("rosterError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.save_button = QPushButton("Save interviewer")
        self.save_button.setObjectName("saveInterviewer")
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Email:", self.email)
        form.addRow("Organisation:", self.organisation)
        form.addRow("Kind:", self.kind)
        form.addRow("Time zone:", self.zone)
        form.addRow("Weekly hours:", self.hours)
        form.addRow(self.active)
        form.addRow(self.error)
        form.addRow(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.people, 1)
        left.addWidget(add)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(form, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        from interviewer.scheduling.roster import list_interviewers

        with self._database.sessions() as session:
            self._rows = list_interviewers(session)
        self.people.clear()
        for row in self._rows:
            item = QListWidgetItem(f"{row.name} · {row.time_zone}" + ("" if row.active else " (inactive)"))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.people.addItem(item)
        position = next((i for i, r in enumerate(self._rows) if r.id == select_id), 0 if self._rows else -1)
        self.people.setCurrentRow(position)
        if position < 0:
            self._new()

    def _show(self, position: int) -> None:
        row = self._rows[position] if 0 <= position < len(self._rows) else None
        self.error.hide()
        self.name.setText(row.name if row else "")
        self.email.setText(row.email if row else "")
        self.organisation.setText(row.organisation or "" if row else "")
        self.kind.setCurrentIndex(self.kind.findData((row.kind if row else InterviewerKind.INTERNAL).value))
        self.zone.setText(row.time_zone if row else "")
        self.hours.setPlainText(availability_text(row.availability) if row else "")
        self.active.setChecked(row.active if row else True)

    def _new(self) -> None:
        self.people.clearSelection()
        self.people.setCurrentRow(-1)
        self._show(-1)
        self.hours.setPlainText("\n".join(f"{day} 09:00-12:00, 13:00-17:00" for day in DAYS[:5]))
        self.name.setFocus()

    def save(self) -> bool:
        """Create or update the interviewer shown in the form."""
        from interviewer.scheduling.roster import RosterError, create_interviewer, set_active, update_interviewer

        current = self.people.currentRow()
        existing = self._rows[current] if 0 <= current < len(self._rows) else None
        values: dict[str, Any] = dict(
            name=self.name.text(), email=self.email.text(), organisation=self.organisation.text().strip() or None,
            kind=InterviewerKind(self.kind.currentData()), time_zone=self.zone.text().strip(),
            availability=parse_availability_text(self.hours.toPlainText()), actor=self._actor,
        )  # fmt: skip
        try:
            with self._database.sessions() as session, session.begin():
                if existing is None:
                    row = create_interviewer(session, **values)
                else:
                    row = update_interviewer(session, existing.id, **values, profile_id=existing.profile_id)
                if row.active != self.active.isChecked():
                    row = set_active(session, row.id, self.active.isChecked(), actor=self._actor)
        except RosterError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.reload(select_id=row.id)
        return True
