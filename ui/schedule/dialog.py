"""Booking an interview: an interviewer, a suggested or typed slot, shown in both time zones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from ui.format import local_text

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.scheduling.rows import InterviewRow


class ScheduleDialog(QDialog):
    """Choose an interviewer and a slot; a clash or a slot outside their hours is explained inline."""

    def __init__(self, database: Database, row: InterviewRow, actor: str, clock: Clock, parent: QWidget | None = None) -> None:
        from interviewer.scheduling.roster import list_interviewers
        from interviewer.scheduling.slots import default_minutes

        super().__init__(parent)
        self.setWindowTitle(f"Schedule the interview with {row.contact_name or 'the buyer'} ({row.account or ''})")
        self.setObjectName("scheduleDialog")
        self.resize(640, 520)
        self._database, self._row, self._actor, self._clock = database, row, actor, clock
        self.booked: InterviewRow | None = None
        with database.sessions() as session:
            self._interviewers = list_interviewers(session, active_only=True)
            minutes = row.planned_minutes if row.scheduled_start else default_minutes(session, row.id)

        self.interviewer = QComboBox()
        self.interviewer.setObjectName("scheduleInterviewer")
        self.interviewer.setAccessibleName("Interviewer")
        for person in self._interviewers:
            independent = f", {person.organisation}" if person.independent and person.organisation else ""
            self.interviewer.addItem(f"{person.name}{independent} ({person.time_zone})", person.id)
        if row.interviewer_id is not None:
            self.interviewer.setCurrentIndex(max(0, self.interviewer.findData(row.interviewer_id)))
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(min(60, max(5, minutes)))
        self.buyer_zone = QLineEdit(row.buyer_time_zone or "")
        self.buyer_zone.setPlaceholderText("the buyer's time zone, e.g. America/New_York (the contact's if known)")
        self.slots = QListWidget()
        self.slots.setObjectName("suggestedSlots")
        self.slots.setAccessibleName("Free slots")
        self.start = QDateTimeEdit()
        self.start.setObjectName("slotStart")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start_note = QLabel()
        self.both_zones = QLabel()
        self.both_zones.setObjectName("slotInBothZones")
        self.error = QLabel()
        self.error.setObjectName("scheduleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()

        form = QFormLayout()
        form.addRow("Interviewer:", self.interviewer)
        form.addRow("Length:", self.minutes)
        form.addRow("Buyer's time zone:", self.buyer_zone)
        form.addRow("Free slots:", self.slots)
        form.addRow(self.start_note, self.start)
        form.addRow("", self.both_zones)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.book_button = buttons.addButton("Schedule", QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.setObjectName("bookSlot")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.interviewer.currentIndexChanged.connect(self.suggest)
        self.minutes.valueChanged.connect(self.suggest)
        self.slots.currentItemChanged.connect(self._slot_chosen)
        self.start.dateTimeChanged.connect(self._show_both_zones)
        self.buyer_zone.textChanged.connect(self._show_both_zones)
        self.suggest()

    def _zone(self) -> str:
        person = next((p for p in self._interviewers if p.id == self.interviewer.currentData()), None)
        return person.time_zone if person else "UTC"

    def suggest(self) -> None:
        """List the next free slots of the chosen interviewer (in their time and the buyer's)."""
        from interviewer.scheduling.slots import free_slots

        self.slots.clear()
        interviewer_id = self.interviewer.currentData()
        self.start.setTimeZone(QTimeZone(self._zone().encode()))
        self.start_note.setText(f"Start ({self._zone()}):")
        if interviewer_id is None:
            self.error.setText("There is no active interviewer: add one to the roster first.")
            self.error.show()
            return
        with self._database.sessions() as session:
            starts = free_slots(session, interviewer_id, start_after=self._clock.now() + timedelta(hours=12),
                                minutes=self.minutes.value(), count=8, exclude_interview_id=self._row.id)  # fmt: skip
        for start in starts:
            item = QListWidgetItem(f"{local_text(start, self._zone())}  ·  buyer: {local_text(start, self._buyer_zone())}")
            item.setData(Qt.ItemDataRole.UserRole, start)
            self.slots.addItem(item)
        if starts:
            self.slots.setCurrentRow(0)

    def _buyer_zone(self) -> str:
        name = self.buyer_zone.text().strip() or self._row.buyer_time_zone or "UTC"
        try:
            ZoneInfo(name)
        except (KeyError, ValueError):
            return "UTC"
        return name

    def _slot_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None:
            start: datetime = item.data(Qt.ItemDataRole.UserRole)
            self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp()), QTimeZone(self._zone().encode())))

    def chosen_start(self) -> datetime:
        return datetime.fromtimestamp(self.start.dateTime().toSecsSinceEpoch(), tz=timezone.utc)

    def _show_both_zones(self) -> None:
        start = self.chosen_start()
        self.both_zones.setText(f"Interviewer: {local_text(start, self._zone())} · Buyer: {local_text(start, self._buyer_zone())}")

    def accept(self) -> None:
        """Book the slot; a refusal (clash, outside hours, bad zone) stays in the dialog."""
        from interviewer.scheduling.pipeline import PipelineError
        from interviewer.scheduling.slots import schedule

        interviewer_id = self.interviewer.currentData()
        if interviewer_id is None:
            return
        buyer_zone = self.buyer_zone.text().strip() or None
        try:
            with self._database.sessions() as session, session.begin():
                self.booked = schedule(session, self._row.id, interviewer_id=interviewer_id, start=self.chosen_start(),
                                       minutes=self.minutes.value(), buyer_time_zone=buyer_zone, actor=self._actor,
                                       clock=self._clock)  # fmt: skip
        except PipelineError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
