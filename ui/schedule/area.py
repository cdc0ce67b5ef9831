"""The Schedule area: every interview through outreach and booking, program health, and each interviewer's week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import InterviewStatus, Outcome, RepReason, Role
from ui.area import Area, text_width
from ui.format import outcome_icon
from ui.schedule.week import WeekGrid

if TYPE_CHECKING:  # dialogs load when first opened, to keep start-up short
    from interviewer.db import Database
    from ui.console.window import ConsoleWindow
    from ui.guides.builder import GuideBuilderDialog
    from ui.schedule.dialog import ScheduleDialog
    from ui.schedule.invitation import InvitationDialog
    from ui.schedule.roster import RosterDialog
    from interviewer.profiles import ProfileRow
    from interviewer.scheduling.rows import InterviewRow

HEADERS = ("Status", "Outcome", "Account", "Buyer", "Interviewer's time", "Buyer's time", "Interviewer", "Since close")
"""Long cells wrap, so every column shows beside the details pane at 1280×800; the buyer's title is in the details."""
STATUS, OUTCOME, ACCOUNT, BUYER, INTERVIEWER_TIME, BUYER_TIME, INTERVIEWER, SINCE = range(len(HEADERS))
STALE_COLOUR = "#b26a00"
EMPTY_HINT = "Accepted candidates appear here, ready to be invited and scheduled (Candidates area)."
MOVES: tuple[tuple[str, InterviewStatus, str], ...] = (
    ("Invited", InterviewStatus.INVITED, "markInvited"),
    ("Completed", InterviewStatus.COMPLETED, "markCompleted"),
    ("Declined", InterviewStatus.DECLINED, "markDeclined"),
    ("No response", InterviewStatus.NO_RESPONSE, "markNoResponse"),
    ("No-show", InterviewStatus.NO_SHOW, "markNoShow"),
    ("Cancel", InterviewStatus.CANCELLED, "markCancelled"),
)


class ScheduleArea(Area):
    """Interviews from "to contact" to "completed"; an interviewer sees only their own."""

    title = "Schedule"
    changed = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self._rows: list[InterviewRow] = []
        self._zones: dict[int, str] = {}
        """Each interviewer's time zone, for the week grid."""

        self.health = QLabel()
        self.health.setObjectName("programHealth")
        self.health.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("interviewsTable")
        self.table.setAccessibleName("Interviews")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.columns = self.table
        self._fit_columns()
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.facts = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("scheduleMessage")
        self.message.setWordWrap(True)
        self.schedule_button = QPushButton("Schedule…")
        self.schedule_button.setObjectName("scheduleInterview")
        self.schedule_button.setToolTip("Pick an interviewer and a slot (or move an existing one)")
        self.schedule_button.clicked.connect(lambda: self.open_scheduler())
        self.invite_button = QPushButton("Export invite (.ics)…")
        self.invite_button.setObjectName("exportInvite")
        self.invite_button.clicked.connect(lambda: self.export_invite())
        self.move_buttons: dict[InterviewStatus, QPushButton] = {}
        moves = QGridLayout()  # two to a row, so none is cut off in a narrow details pane
        for position, (label, status, name) in enumerate(MOVES):
            button = QPushButton(label)
            button.setObjectName(name)
            button.setToolTip(f"Record that the interview is now: {label.lower()} (Edit → Undo takes it back)")
            button.clicked.connect(lambda _checked=False, s=status: self.move_selected(s))
            self.move_buttons[status] = button
            moves.addWidget(button, position // 2, position % 2)
        self.invitation_button = QPushButton("Draft invitation…")
        self.invitation_button.setObjectName("draftInvitation")
        self.invitation_button.setToolTip("The invitation from this outcome's template, with proposed times in the buyer's zone")
        self.invitation_button.clicked.connect(lambda: self.open_invitation())
        self.guide_button = QPushButton("Guide…")
        self.guide_button.setObjectName("openGuide")
        self.guide_button.setToolTip("Build, edit and print the interview's guide (an interviewer reads and prints it)")
        self.guide_button.clicked.connect(lambda: self.open_guide())
        self.call_button = QPushButton("Start call…")
        self.call_button.setObjectName("startCall")
        self.call_button.setToolTip("Open the live console for this call: timers, notes, quotes and tags")
        self.call_button.clicked.connect(lambda: self.open_call())
        self.roster_button = QPushButton("Interviewers…")
        self.roster_button.setObjectName("openRoster")
        self.roster_button.setToolTip("Add interviewers, their firm, time zone and weekly hours")
        self.roster_button.clicked.connect(lambda: self.open_roster())
        actions = QGridLayout()  # two to a row, so the details pane leaves the table its width
        for position, action in enumerate((self.invitation_button, self.schedule_button, self.invite_button,
                                           self.guide_button, self.call_button, self.roster_button)):  # fmt: skip
            actions.addWidget(action, position // 2, position % 2)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail_title)
        right_layout.addLayout(self.facts)
        right_layout.addLayout(actions)
        right_layout.addLayout(moves)
        right_layout.addWidget(self.message)
        right_layout.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.health)
        left_layout.addWidget(self.table, 1)
        pipeline = QSplitter(Qt.Orientation.Horizontal)
        pipeline.addWidget(left)
        pipeline.addWidget(right)
        pipeline.setStretchFactor(0, 3)
        pipeline.setStretchFactor(1, 1)
        pipeline.setSizes([870, 270])
        self.splitter = pipeline
        self.splitter.setObjectName("scheduleSplitter")

        self.week_interviewer = QComboBox()
        self.week_interviewer.setObjectName("weekInterviewer")
        self.week_interviewer.setAccessibleName("Interviewer of the week view")
        self.week_start = self._monday(self._clock.today())
        self.week_label = QLabel()
        previous, following = QPushButton("◀ Previous week"), QPushButton("Next week ▶")
        previous.clicked.connect(lambda: self._shift_week(-7))
        following.clicked.connect(lambda: self._shift_week(7))
        self.week_interviewer.currentIndexChanged.connect(lambda _i: self.show_week())
        self.week_grid = WeekGrid()
        self.week_grid.chosen.connect(self._open_from_week)
        self.upcoming_button = QPushButton("Export upcoming invites (.ics)…")
        self.upcoming_button.setObjectName("exportUpcoming")
        self.upcoming_button.setToolTip("All of this interviewer's upcoming calls in one calendar file")
        self.upcoming_button.clicked.connect(lambda: self.export_upcoming())
        week_bar = QHBoxLayout()
        week_bar.addWidget(QLabel("Interviewer:"))
        week_bar.addWidget(self.week_interviewer, 1)
        week_bar.addWidget(self.upcoming_button)
        week_bar.addWidget(previous)
        week_bar.addWidget(self.week_label)
        week_bar.addWidget(following)
        week_page = QWidget()
        week_layout = QVBoxLayout(week_page)
        week_layout.addLayout(week_bar)
        week_layout.addWidget(self.week_grid, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(pipeline, "Interviews")
        self.tabs.addTab(week_page, "Week")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._show_selected()

    # -- state ---------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self.reload()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """Read the interviews this profile may see, and the health figures."""
        from interviewer.scheduling.health import program_health
        from interviewer.scheduling.roster import list_interviewers
        from interviewer.scheduling.views import list_interviews

        keep = select_id if select_id is not None else (self.selected().id if self.selected() else None)
        if self._database is None:
            self._rows = []
            self.health.setText("No database is open.")
        else:
            with self._database.sessions() as session:
                self._rows = list_interviews(session, clock=self._clock, viewer=self._profile)
                interviewers = list_interviewers(session)
                own = self._profile.id if self._profile and self._profile.role is Role.INTERVIEWER else None
                mine = None if own is None else [person.id for person in interviewers if person.profile_id == own]
                health = program_health(session, clock=self._clock, interviewer_ids=mine)
            self.health.setText(("<b>Your interviews</b> · " if mine is not None else "") + self._health_text(health))
            self._fill_interviewers(interviewers)
        self._fill()
        wanted = next((i for i, r in enumerate(self._rows) if r.id == keep), 0 if self._rows else None)
        if wanted is not None:
            self.table.selectRow(wanted)
        self._show_selected()
        self.show_week()

    def _fill_interviewers(self, interviewers: list[Any]) -> None:
        chosen = self.week_interviewer.currentData()
        self.week_interviewer.blockSignals(True)
        self.week_interviewer.clear()
        own = self._profile.id if self._profile and self._profile.role is Role.INTERVIEWER else None
        self._zones = {person.id: person.time_zone for person in interviewers}
        for person in interviewers:
            if own is None or person.profile_id == own:
                self.week_interviewer.addItem(f"{person.name} ({person.time_zone})", person.id)
        index = self.week_interviewer.findData(chosen)
        self.week_interviewer.setCurrentIndex(index if index >= 0 else 0)
        self.week_interviewer.blockSignals(False)

    @staticmethod
    def _health_text(health: Any) -> str:
        share = health.participation.rate
        rate = (f"{share.value:.0%} ({share.part} completed of {share.n} who answered)" if share.n
                else "not yet known (nobody has answered)")
        apart = health.participation.apart_text
        median = (f"{health.median_days_close_to_interview:.0f} days" if health.median_days_close_to_interview is not None
                  else "no completed interview yet")  # fmt: skip
        return (f"<b>Participation</b> {rate} · <b>close to interview</b>, median {median} · "
                f"<b>this month</b> {health.interviews_this_month} of {health.planned_this_month} planned"
                + (f"<br><i>In participation, {apart}</i>" if apart else ""))

    def _fill(self) -> None:
        self.table.setRowCount(len(self._rows))
        for position, row in enumerate(self._rows):
            since = f"{row.days_since_close} days" if row.days_since_close is not None else ""
            cells = (
                row.status.label, Outcome(row.outcome).label, row.account or "", row.contact_name or "",
                when_text(row, row.interviewer_time_zone), when_text(row, row.buyer_time_zone), row.interviewer_name or "—",
                ("⚠ " + since) if row.stale else since,
            )  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == OUTCOME:
                    item.setIcon(outcome_icon(Outcome(row.outcome)))
                if column == BUYER and row.title:
                    item.setToolTip(row.title)
                if row.stale and column == SINCE:
                    item.setForeground(QBrush(QColor(STALE_COLOUR)))
                    item.setToolTip("The deal closed a while ago and no interview is booked: memories fade, book it soon.")
                self.table.setItem(position, column, item)

    def _fit_columns(self) -> None:
        """Widths from what the columns hold, the account taking the width left; names and times wrap (a time's zone
        on a line of its own)."""
        table, header = self.table, self.table.horizontalHeader()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (STATUS, OUTCOME, SINCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ACCOUNT, QHeaderView.ResizeMode.Stretch)
        widths = {BUYER: text_width(table, "Hiroshi Abara"), INTERVIEWER: text_width(table, "Ines Vallory"),
                  INTERVIEWER_TIME: text_width(table, "(America/Sao_Paulo)"), BUYER_TIME: text_width(table, "(America/Sao_Paulo)")}
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    def selected(self) -> InterviewRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def select_interview(self, interview_id: int) -> bool:
        for position, row in enumerate(self._rows):
            if row.id == interview_id:
                self.table.selectRow(position)
                return True
        return False

    # -- details and actions -----------------------------------------------------------------------

    def _show_selected(self) -> None:
        row = self.selected()
        while self.facts.rowCount():
            self.facts.removeRow(0)
        may_act = self._profile is not None and self._profile.role in (Role.PROGRAM_OWNER, Role.MANAGER)
        self.roster_button.setEnabled(may_act and self._database is not None)
        if row is None:
            self.detail_title.setText("No interview selected" if self._rows else "No interviews yet")
            self.message.setText("" if self._rows else EMPTY_HINT)
            for button in (*self.move_buttons.values(), self.schedule_button, self.invite_button, self.invitation_button,
                           self.guide_button, self.call_button):
                button.setEnabled(False)
            return
        self.detail_title.setText(f"{row.contact_name or 'A buyer'} · {row.account or ''}")
        if self.message.text() == EMPTY_HINT:
            self.message.setText("")
        facts = (
            ("Title", row.title), ("Outcome", Outcome(row.outcome).label), ("Competitor", row.competitor),
            ("Deal size", row.amount_band), ("Rep's reason", RepReason(row.rep_reason).label if row.rep_reason else None),
            ("Closed", f"{row.close_date:%Y-%m-%d} ({row.days_since_close} days ago)" if row.close_date else None),
            ("Interviewer", row.interviewer_name), ("Length", f"{row.planned_minutes} minutes"),
            ("Interviewer's time", when_text(row, row.interviewer_time_zone)), ("Buyer's time", when_text(row, row.buyer_time_zone)),
        )  # fmt: skip
        for label, value in facts:
            if value:
                text = QLabel(str(value))
                text.setWordWrap(True)
                self.facts.addRow(f"{label}:", text)
        from interviewer.scheduling.pipeline import ALLOWED  # loads SQLAlchemy: not before a database is open

        allowed = ALLOWED.get(row.status, frozenset())
        for status, button in self.move_buttons.items():
            button.setEnabled(may_act and status in allowed)
        self.schedule_button.setEnabled(may_act and row.status not in (InterviewStatus.COMPLETED, InterviewStatus.CANCELLED,
                                                                        InterviewStatus.DECLINED))  # fmt: skip
        self.invite_button.setEnabled(row.scheduled_start is not None)
        self.invitation_button.setEnabled(may_act and row.status in (InterviewStatus.TO_CONTACT, InterviewStatus.INVITED,
                                                                     InterviewStatus.NO_RESPONSE, InterviewStatus.SCHEDULED))  # fmt: skip
        # The list holds only interviews this profile may see: an interviewer's own calls (read and print).
        self.guide_button.setEnabled(self._profile is not None and Outcome(row.outcome) is not Outcome.OPEN)
        self._show_call_button(row)

    def _show_call_button(self, row: InterviewRow) -> None:
        """"Start call…" for a booked interview with a saved guide ("Resume call…" once started); an interviewer
        sees only their own interviews here, so whoever sees the row may run its call."""
        from interviewer.console.calls import CallError, load_call

        started = False
        ready = self._profile is not None and self._database is not None and row.status is InterviewStatus.SCHEDULED
        if ready:
            try:
                with self._database.sessions() as session:  # type: ignore[union-attr]
                    started = load_call(session, row.id).started_at is not None
            except CallError:
                ready = False
        self.call_button.setEnabled(ready)
        self.call_button.setText("Resume call…" if started else "Start call…")
        self.call_button.setToolTip("Open the live console for this call: timers, notes, quotes and tags" if ready
                                    else "A booked interview with a saved guide can be run here (Guide… builds one)")

    def _actor(self) -> str:
        return self._profile.name if self._profile else "local user"

    def move_selected(self, status: InterviewStatus) -> bool:
        """Record an outreach move that Edit → Undo can take back; a move that makes no sense is refused with a sentence."""
        from interviewer.scheduling.pipeline import PipelineError, record_move, take_back
        from ui.undo import Command

        row, database = self.selected(), self._database
        if row is None or database is None:
            return False
        moved = []

        def do() -> None:
            with database.sessions() as session, session.begin():
                moved.append(record_move(session, row.id, status, actor=self._actor(), clock=self._clock))
            self._moved(row.id, "")

        def undo() -> None:
            try:
                with database.sessions() as session, session.begin():
                    take_back(session, moved.pop(), actor=self._actor(), clock=self._clock)
            except PipelineError as exc:
                self._moved(row.id, str(exc))
                return
            self._moved(row.id, f"{row.contact_name or 'The interview'} is {row.status.label.lower()} again.")

        command = Command(f"mark {row.contact_name or 'interview'} {status.label.lower()}", do=do, undo=undo)
        try:
            if self.undo_stack is not None:
                self.undo_stack.do(command)
            else:  # an area shown without a window: nothing to undo with
                command.do()
        except PipelineError as exc:
            self.message.setText(str(exc))
            return False
        return True

    def _moved(self, interview_id: int, message: str) -> None:
        self.reload(select_id=interview_id)
        self.message.setText(message)
        self.changed.emit()

    def open_scheduler(self) -> ScheduleDialog | None:
        from ui.schedule.dialog import ScheduleDialog

        row = self.selected()
        if row is None or self._database is None:
            return None
        dialog = ScheduleDialog(self._database, row, self._actor(), self._clock, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: (self.reload(select_id=row.id), self.changed.emit()))
        dialog.open()
        return dialog

    def open_guide(self) -> GuideBuilderDialog | None:
        """The guide builder for the selected interview (non-modal; saved guides bump the interview's version)."""
        from ui.guides.builder import open_guide_builder

        row = self.selected()
        if row is None or self._database is None:
            return None
        dialog = open_guide_builder(self, self._database, profile=self._profile, clock=self._clock, interview_id=row.id)
        dialog.saved.connect(lambda _id: self.reload(select_id=row.id))
        return dialog

    def open_call(self) -> ConsoleWindow | None:
        """The live console for the selected interview (through the main window, which keeps one per call)."""
        row = self.selected()
        if row is None or self._database is None or not self.call_button.isEnabled():
            return None
        host = self.window()
        if hasattr(host, "open_console"):
            return host.open_console(row.id)
        from ui.console.window import open_console

        return open_console(None, self._database, row.id, actor=self._actor(), clock=self._clock)

    def open_invitation(self) -> InvitationDialog | None:
        from ui.schedule.invitation import InvitationDialog

        row = self.selected()
        if row is None or self._database is None:
            return None
        email = self._profile.email if self._profile else None
        dialog = InvitationDialog(self._database, row, self._actor(), email, self._clock, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_roster(self) -> RosterDialog | None:
        from ui.schedule.roster import RosterDialog

        if self._database is None:
            return None
        dialog = RosterDialog(self._database, self._actor(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.open()
        return dialog

    def export_invite(self, path: Path | None = None) -> bool:
        """Save the selected interview's calendar invite (a cancellation once it is cancelled)."""
        from exports.calendar import CalendarError, write_invite

        row = self.selected()
        if row is None or self._database is None:
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export calendar invite", f"interview-{row.id}.ics",
                                                    "Calendar files (*.ics)")  # fmt: skip
            if not chosen:
                return False
            path = Path(chosen)
        owner = self._profile if self._profile is not None and self._profile.role is not Role.INTERVIEWER else None
        try:
            with self._database.sessions() as session:  # the owner sends it on the interviewer's behalf
                write_invite(session, row.id, path, organiser_name=owner.name if owner else None,
                             organiser_email=owner.email if owner else None)  # fmt: skip
        except (CalendarError, OSError) as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(f"Invite saved to {path}.")
        return True

    def export_upcoming(self, path: Path | None = None) -> int:
        """Save every upcoming call of the week view's interviewer in one .ics; returns how many."""
        from exports.calendar import write_upcoming

        interviewer_id = self.week_interviewer.currentData()
        if interviewer_id is None or self._database is None:
            return 0
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export upcoming invites", "upcoming-interviews.ics",
                                                    "Calendar files (*.ics)")  # fmt: skip
            if not chosen:
                return 0
            path = Path(chosen)
        try:
            with self._database.sessions() as session:
                count = write_upcoming(session, interviewer_id, path, now=self._clock.now())
        except OSError as exc:
            self.message.setText(str(exc))
            return 0
        self.message.setText(f"{count} upcoming invite(s) saved to {path}." if count else "No upcoming call to export.")
        return count

    # -- week view ----------------------------------------------------------------------------------

    @staticmethod
    def _monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    def _shift_week(self, days: int) -> None:
        self.week_start += timedelta(days=days)
        self.show_week()

    def show_week(self) -> None:
        """The chosen interviewer's calls on a Monday-to-Sunday grid in their time zone."""
        from interviewer.scheduling.views import week, week_layout

        self.week_label.setText(f"{self.week_start:%d %b} – {self.week_start + timedelta(days=6):%d %b %Y}")
        interviewer_id = self.week_interviewer.currentData()
        rows = []
        if self._database is not None and interviewer_id is not None:
            with self._database.sessions() as session:
                rows = week(session, interviewer_id, self.week_start, self._clock)
        self.week_grid.show_week(self.week_start, week_layout(rows, self.week_start, self._zones.get(interviewer_id)))

    def _open_from_week(self, interview_id: int) -> None:
        """A block clicked in the week: that interview, selected in the Interviews tab."""
        if self.select_interview(interview_id):
            self.tabs.setCurrentIndex(0)


def when_text(row: InterviewRow, zone_name: str | None) -> str:
    """When the call is, or was, in ``zone_name``: "Tue 24 Nov 15:00–15:20", then "(Europe/Berlin)" on a line of its
    own; "held …" once completed."""
    from interviewer.scheduling.availability import zone

    when = row.when
    if when is None:
        return ""
    tz = zone(zone_name or "UTC")
    start, end = (moment.astimezone(tz) for moment in when)
    text = f"{start:%a %d %b %H:%M}–{end:%H:%M}\n({zone_name or 'UTC'})"
    return f"held {text}" if row.held else text
