"""Make report…: choose an interview, a team's month or the monthly review; make it off the UI thread."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import ReportKind, Team
from ui.format import format_date
from ui.reports.progress_row import ProgressRow
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from exports.reports.make import MadeReport, ReportRequest
    from interviewer.db import Database

log = logging.getLogger(__name__)

MONTHS_OFFERED = 24
ANONYMOUS_NOTE = ("Reports are anonymous by default: buyers are described by role, segment and industry, never by "
                  "name, email or company, and reps are not named. Include identities only for readers who may "
                  "see them.")
KIND_CHOICES = ((ReportKind.INTERVIEW, "&Interview report", ("One wrapped-up interview: the buyer's reasons, "
                                                             "takeaways by team and the full record")),
                (ReportKind.TEAM_DIGEST, "Team &digest", "One team's takeaways for a month, grouped by theme"),
                (ReportKind.MONTHLY_REVIEW, "&Monthly review", ("The month's figures, patterns and actions, "
                                                                "for the 30-minute review")))


def months_before(today: date, count: int = MONTHS_OFFERED) -> list[tuple[str, str]]:
    """(label, "YYYY-MM") for this month and the ``count - 1`` before it, newest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((f"{QLocale().standaloneMonthName(month)} {year}", f"{year:04d}-{month:02d}"))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


class MakeReportDialog(QDialog):
    """Choose what to report on; Make runs ``make_report`` on a worker thread with progress and cancel."""

    made = Signal(int)
    """The new report's id, once stored."""

    def __init__(self, database: Database, tasks: TaskRunner, clock: Clock, actor: str,
                 parent: QWidget | None = None, *, named_buyers: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("makeReportDialog")
        self.setWindowTitle("Make report")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self._database, self._tasks, self._clock, self._actor = database, tasks, clock, actor
        self._named_buyers = named_buyers
        self.result_report: MadeReport | None = None

        self.kind_group = QButtonGroup(self)
        kinds = QVBoxLayout()
        self.kind_buttons: dict[ReportKind, QRadioButton] = {}
        for number, (kind, text, tip) in enumerate(KIND_CHOICES):
            button = QRadioButton(text)
            button.setObjectName(f"kind{kind.name.title().replace('_', '')}")
            button.setToolTip(tip)
            self.kind_group.addButton(button, number)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)

        self.interviews = QListWidget()
        self.interviews.setObjectName("interviewChoices")
        self.interviews.setAccessibleName("Wrapped-up interviews")
        self.interviews.setToolTip("Interviews whose wrap-up is done, newest first: when, outcome, buyer and company"
                                   if named_buyers else
                                   "Interviews whose wrap-up is done, newest first (described without names)")
        self.no_interviews = QLabel("No interview is wrapped up yet: finish a call's wrap-up in the console first.")
        self.no_interviews.setWordWrap(True)
        interview_page = QWidget()
        interview_layout = QVBoxLayout(interview_page)
        interview_layout.setContentsMargins(0, 0, 0, 0)
        interview_label = QLabel("&Interview:")
        interview_label.setBuddy(self.interviews)
        interview_layout.addWidget(interview_label)
        interview_layout.addWidget(self.interviews, 1)
        interview_layout.addWidget(self.no_interviews)

        self.team_box = QComboBox()
        self.team_box.setObjectName("digestTeam")
        self.team_box.setAccessibleName("Team")
        for team in Team:
            self.team_box.addItem(team.label, team.value)
        self.digest_month = self._month_box("digestMonth")
        digest_page = QWidget()
        digest_form = QFormLayout(digest_page)
        digest_form.setContentsMargins(0, 0, 0, 0)
        digest_form.addRow("&Team:", self.team_box)
        digest_form.addRow("M&onth:", self.digest_month)
        digest_form.addRow(_note("The digest holds the takeaways routed to this team from interviews wrapped up "
                                 "in the month, and what changed since the month before."))

        self.review_month = self._month_box("reviewMonth")
        review_page = QWidget()
        review_form = QFormLayout(review_page)
        review_form.setContentsMargins(0, 0, 0, 0)
        review_form.addRow("M&onth:", self.review_month)
        review_form.addRow(_note("The review shows the month's closed deals (win rate, reasons, competitors, with n "
                                 "beside every figure) and the actions agreed. It never names a buyer."))

        self.pages = QStackedWidget()
        for page in (interview_page, digest_page, review_page):
            self.pages.addWidget(page)

        self.identities = QCheckBox("Include &identities (buyer's name, email, company and the rep)")
        self.identities.setObjectName("includeIdentities")
        self.identities.setToolTip("Off by default: reports describe buyers by role, segment and industry")
        self.anonymous_note = _note(ANONYMOUS_NOTE)
        self.error_label = QLabel()
        self.error_label.setObjectName("makeReportError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.hide()
        self.progress = ProgressRow("makeReportProgress")

        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton("&Make", QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setObjectName("makeButton")
        self.make_button.setToolTip("Make the report and store it with the program (Enter)")
        self.make_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.make_button.clicked.connect(self.make)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>What to report on</b>"))
        layout.addLayout(kinds)
        layout.addWidget(self.pages, 1)
        layout.addSpacing(6)
        layout.addWidget(self.identities)
        layout.addWidget(self.anonymous_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.kind_group.idToggled.connect(self._kind_changed)
        self._load_interviews()
        self.kind_buttons[ReportKind.MONTHLY_REVIEW if not self.interviews.count() else ReportKind.INTERVIEW]\
            .setChecked(True)
        self.resize(700, 540)

    def _month_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName("Month")
        for label, key in months_before(self._clock.today()):
            box.addItem(label, key)
        box.setCurrentIndex(1)  # last month: the usual one to report on
        return box

    def _load_interviews(self) -> None:
        from ui.reports.reading import wrapped_up_interviews

        try:
            choices = wrapped_up_interviews(self._database, named=self._named_buyers)
        except Exception:  # shown as a sentence; the detail goes to the log
            log.exception("listing wrapped-up interviews failed")
            choices = []
            self._error("The interviews could not be read (details in the log file).")
        for choice in choices:
            item = QListWidgetItem(choice.label())
            item.setToolTip(f"Interview #{choice.id}, wrapped up {format_date(choice.wrapped_up)}: {choice.label()}")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.interviews.addItem(item)
        if choices:
            self.interviews.setCurrentRow(0)
        self.no_interviews.setVisible(not choices)
        self.interviews.setVisible(bool(choices))

    def kind(self) -> ReportKind:
        return KIND_CHOICES[max(self.kind_group.checkedId(), 0)][0]

    def choose(self, kind: ReportKind) -> None:
        """Pick the kind of report (as clicking its radio button does)."""
        self.kind_buttons[kind].setChecked(True)

    def choose_month(self, box: QComboBox, key: str) -> None:
        box.setCurrentIndex(box.findData(key))

    def choose_interview(self, interview_id: int) -> bool:
        for row in range(self.interviews.count()):
            if self.interviews.item(row).data(Qt.ItemDataRole.UserRole) == interview_id:
                self.interviews.setCurrentRow(row)
                return True
        return False

    def _kind_changed(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        kind = self.kind()
        self.pages.setCurrentIndex([k for k, *_ in KIND_CHOICES].index(kind))
        review = kind is ReportKind.MONTHLY_REVIEW
        self.identities.setEnabled(not review)
        if review:
            self.identities.setChecked(False)
        self.identities.setToolTip("The monthly review shows figures only: it never names a buyer" if review else
                                   "Off by default: reports describe buyers by role, segment and industry")
        self._error("")

    def request(self) -> ReportRequest | None:
        """The report the dialog's choices ask for (None, with a sentence shown, when incomplete)."""
        from exports.reports.make import DigestRequest, InterviewRequest, ReviewRequest
        from interviewer.reporting.periods import month

        kind = self.kind()
        if kind is ReportKind.INTERVIEW:
            item = self.interviews.currentItem()
            if item is None:
                self._error("Choose the interview to report on.")
                return None
            return InterviewRequest(int(item.data(Qt.ItemDataRole.UserRole)), identities=self.identities.isChecked())
        if kind is ReportKind.TEAM_DIGEST:
            return DigestRequest(Team(self.team_box.currentData()), month(self.digest_month.currentData()),
                                 identities=self.identities.isChecked())
        return ReviewRequest(month(self.review_month.currentData()))

    def make(self) -> None:
        """Make the chosen report on a worker thread; ``made`` is emitted and the dialog closes when stored."""
        from exports.reports.make import make_report

        if self.progress.running:
            return
        request = self.request()
        if request is None:
            return
        self._error("")
        database, clock, actor = self._database, self._clock, self._actor

        def work(control: TaskControl) -> Any:
            return make_report(database, request, actor=actor, clock=clock, progress=control.progress,
                               cancel=control.cancel)

        self._set_busy(True)
        task = self._tasks.submit(work, self._done, self._failed, title="Making the report")
        self.progress.follow(task, "Gathering what the report says…")

    def _set_busy(self, busy: bool) -> None:
        self.make_button.setEnabled(not busy)
        for widget in (self.pages, self.identities, *self.kind_buttons.values()):
            widget.setEnabled(not busy)
        if not busy:
            self.identities.setEnabled(self.kind() is not ReportKind.MONTHLY_REVIEW)

    def _done(self, made: MadeReport) -> None:
        self.result_report = made
        self.made.emit(made.report_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        from interviewer.progress import Cancelled

        self._set_busy(False)
        if isinstance(error, Cancelled):
            self._error("Making the report was cancelled; nothing was stored.")
        elif isinstance(error, ValueError):  # ReportError, LibraryError: sentences written for the user
            self._error(str(error))
        else:
            self._error("The report could not be made (details in the log file). Try again, or choose another "
                        "month or interview.")

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def reject(self) -> None:
        """Closing while the report is being made cancels it first."""
        if self.progress.running:
            self.progress.cancel()
            return
        super().reject()


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text)")
    return label
