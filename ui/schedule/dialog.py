"""Booking an interview: an interviewer, a slot offered over the next working days, shown in both time zones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

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
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from ui.format import local_text
from ui.schedule.zones import complete_zones

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.scheduling.rows import InterviewRow

WIDTH = 760
"""The dialog's fixed width: wide enough for a slot in both zones, and it never jumps as its texts change."""
ERROR_STYLE = "color: #c62828;"


class ScheduleDialog(QDialog):
    """Choose an interviewer and a slot; a clash, a slot outside their hours or a wrong zone is explained inline."""

    def __init__(self, database: Database, row: InterviewRow, actor: str, clock: Clock, parent: QWidget | None = None) -> None:
        from interviewer.scheduling.roster import list_interviewers
        from interviewer.scheduling.slots import default_minutes

        super().__init__(parent)
        self.setWindowTitle(f"Schedule the interview with {row.contact_name or 'the buyer'} ({row.account or ''})")
        self.setObjectName("scheduleDialog")
        self.setFixedWidth(WIDTH)
        self.resize(WIDTH, 600)
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
        self.minutes.setAccessibleName("Length")
        self.minutes.setRange(5, 60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(min(60, max(5, minutes)))
        self.buyer_zone = QLineEdit(row.buyer_time_zone or row.contact_time_zone or "")
        self.buyer_zone.setObjectName("buyerZone")
        self.buyer_zone.setAccessibleName("Buyer's time zone")
        self.buyer_zone.setPlaceholderText("e.g. America/New_York")
        complete_zones(self.buyer_zone)
        self.zone_problem = QLabel()
        self.zone_problem.setObjectName("zoneProblem")
        self.zone_problem.setAccessibleName("Time zone problem")
        self.zone_problem.setWordWrap(True)
        self.zone_problem.setStyleSheet(ERROR_STYLE)
        self.zone_problem.hide()
        self.slots = QListWidget()
        self.slots.setObjectName("suggestedSlots")
        self.slots.setAccessibleName("Free slots")
        self.slots.setMinimumHeight(200)
        self.start = QDateTimeEdit()
        self.start.setObjectName("slotStart")
        self.start.setAccessibleName("Start")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start_note = QLabel()
        self.both_zones = QLabel()
        self.both_zones.setObjectName("slotInBothZones")
        self.both_zones.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("scheduleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        for label in (self.zone_problem, self.both_zones, self.error):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Interviewer:", self.interviewer)
        form.addRow("Length:", self.minutes)
        form.addRow("Buyer's time zone:", self.buyer_zone)
        form.addRow("", self.zone_problem)
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

        self._offered_for: str | None = None
        self.interviewer.currentIndexChanged.connect(self.suggest)
        self.minutes.valueChanged.connect(self.suggest)
        self.slots.currentItemChanged.connect(self._slot_chosen)
        self.start.dateTimeChanged.connect(self._show_both_zones)
        self.buyer_zone.textChanged.connect(self._zone_typed)
        self._check_zone()
        self.suggest()

    def _zone(self) -> str:
        person = next((p for p in self._interviewers if p.id == self.interviewer.currentData()), None)
        return person.time_zone if person else "UTC"

    def _typed_zone(self) -> str | None:
        """The zone as typed, or None for an empty field (then the contact's zone, else UTC, is booked)."""
        return self.buyer_zone.text().strip() or None

    def _buyer_zone(self) -> str | None:
        """The buyer's zone to show times in: the typed one when it is a zone, else None."""
        from interviewer.scheduling.availability import zone_problem

        typed = self._typed_zone()
        return typed if typed is not None and zone_problem(typed) is None else None

    def _check_zone(self) -> bool:
        """Show why the typed zone is not one (and hold the Schedule button); True when it is fine."""
        from interviewer.scheduling.availability import zone_problem

        typed = self._typed_zone()
        problem = zone_problem(typed) if typed is not None else None
        self.zone_problem.setText(problem or "")
        self.zone_problem.setVisible(problem is not None)
        self.book_button.setEnabled(problem is None and self.interviewer.currentData() is not None)
        return problem is None

    def _zone_typed(self) -> None:
        if self._check_zone() and self._buyer_zone() != self._offered_for:
            self.suggest()  # the buyer's weekend and times change with their zone
        else:
            self._show_both_zones()

    def suggest(self) -> None:
        """Offer free starts of the chosen interviewer over the next working days (in their time and the buyer's)."""
        from interviewer.scheduling.slots import offered_slots

        current = self.slots.currentItem()
        kept = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.slots.clear()
        interviewer_id = self.interviewer.currentData()
        self.start.setTimeZone(QTimeZone(self._zone().encode()))
        self.start_note.setText(f"Start ({self._zone()}):")
        if interviewer_id is None:
            self.error.setText("There is no active interviewer: add one to the roster first.")
            self.error.show()
            self.book_button.setEnabled(False)
            return
        buyer = self._buyer_zone()
        self._offered_for = buyer
        with self._database.sessions() as session:
            starts = offered_slots(session, interviewer_id, start_after=self._clock.now() + timedelta(hours=12),
                                   minutes=self.minutes.value(), buyer_time_zone=buyer,
                                   exclude_interview_id=self._row.id)  # fmt: skip
        for start in starts:
            text = local_text(start, self._zone())
            if buyer is not None:
                text += f"  ·  buyer: {local_text(start, buyer)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, start)
            self.slots.addItem(item)
        if starts:  # the slot picked before stays picked while it is still offered
            self.slots.setCurrentRow(starts.index(kept) if kept in starts else 0)
        self._show_both_zones()

    def _slot_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None:
            start: datetime = item.data(Qt.ItemDataRole.UserRole)
            self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp()), QTimeZone(self._zone().encode())))

    def chosen_start(self) -> datetime:
        return datetime.fromtimestamp(self.start.dateTime().toSecsSinceEpoch(), tz=timezone.utc)

    def _show_both_zones(self) -> None:
        start, buyer = self.chosen_start(), self._buyer_zone()
        text = f"Interviewer: {local_text(start, self._zone())}"
        self.both_zones.setText(f"{text} · Buyer: {local_text(start, buyer)}" if buyer else text)

    def accept(self) -> None:
        """Book the slot; a refusal (clash, outside hours, bad zone) stays in the dialog."""
        from interviewer.scheduling.pipeline import PipelineError
        from interviewer.scheduling.slots import schedule

        interviewer_id = self.interviewer.currentData()
        if interviewer_id is None or not self._check_zone():
            return
        try:
            with self._database.sessions() as session, session.begin():
                self.booked = schedule(session, self._row.id, interviewer_id=interviewer_id, start=self.chosen_start(),
                                       minutes=self.minutes.value(), buyer_time_zone=self._typed_zone(),
                                       actor=self._actor, clock=self._clock)  # fmt: skip
        except PipelineError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
