"""The Candidates area: who an approved criteria set proposes, why, what is missing, and the coverage check.

Accepting a candidate hands its new interview on to scheduling (``handed_on``); declining one asks why and
goes through the window's undo stack, so Edit → Undo proposes the candidate again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import CandidateStatus, CriteriaStatus, Outcome, Role
from ui.area import Area, text_width
from ui.format import format_amount, format_date, outcome_icon
from ui.tasks import TaskControl, TaskRunner
from ui.undo import Command

if TYPE_CHECKING:  # these load SQLAlchemy, or are dialogs loaded when first opened
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from interviewer.selection.candidates import CandidateRow
    from ui.criteria.reason import ReasonDialog

CANDIDATE_HEADERS = ("Status", "Outcome", "Account", "Contact", "Score", "Why this buyer")
"""The contact's title is among the reasons (with their authority), and in the details pane."""
COVERAGE_HEADERS = ("Dimension", "Value", "Closed", "Eligible", "Selected")
STATUS_WORDS = {CandidateStatus.PROPOSED: "Proposed", CandidateStatus.ACCEPTED: "Accepted", CandidateStatus.EXCLUDED: "Declined"}
ACCOUNT, CONTACT, REASONS = (CANDIDATE_HEADERS.index(name) for name in ("Account", "Contact", "Why this buyer"))


class CandidatesArea(Area):
    """Proposes candidates from an approved set; the owner accepts them or declines them with a reason."""

    title = "Candidates"
    handed_on = Signal(int, str)
    """A candidate was accepted: the id of the interview that now waits to be scheduled, and the sentence saying so."""

    analysed = Signal()
    """The shortfall and coverage on screen match the stored candidates."""

    def __init__(self, tasks: TaskRunner, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._today = today
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self._rows: list[CandidateRow] = []

        self.sets = QComboBox()
        self.sets.setObjectName("candidateSets")
        self.sets.setAccessibleName("Approved criteria set")
        self.sets.currentIndexChanged.connect(lambda _i: self.reload())
        self.propose_button = QPushButton("Propose candidates")
        self.propose_button.setObjectName("proposeCandidates")
        self.propose_button.setToolTip("Apply the approved set to today's deals; decisions already taken are kept")
        self.propose_button.clicked.connect(self.propose)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setObjectName("acceptCandidate")
        self.accept_button.setToolTip("Accept the selected candidate: an interview waits to be scheduled (Ctrl+Return)")
        self.accept_button.clicked.connect(lambda: self.accept_selected())
        self.decline_button = QPushButton("Decline…")
        self.decline_button.setObjectName("declineCandidate")
        self.decline_button.setToolTip("Decline the selected candidate, saying why (Delete); Edit → Undo takes it back")
        self.decline_button.clicked.connect(lambda: self.decline_selected())
        top = QHBoxLayout()
        top.addWidget(QLabel("Criteria set:"))
        top.addWidget(self.sets, 1)
        top.addWidget(self.propose_button)
        top.addWidget(self.accept_button)
        top.addWidget(self.decline_button)

        self.message = QLabel()
        self.message.setObjectName("candidatesMessage")
        self.message.setWordWrap(True)
        self.shortfall = QLabel()
        self.shortfall.setObjectName("shortfall")
        self.shortfall.setWordWrap(True)
        self.shortfall.setStyleSheet("color: #8a5a00;")
        self.table = QTableWidget(0, len(CANDIDATE_HEADERS))
        self.table.setObjectName("candidatesTable")
        self.table.setAccessibleName("Candidates")
        self.table.setHorizontalHeaderLabels(CANDIDATE_HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)  # the reasons wrap in their column, which takes the width left
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(REASONS, QHeaderView.ResizeMode.Stretch)
        for column, sample in ((ACCOUNT, "Goldhurst Public Library"), (CONTACT, "Alejandro Ortega")):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, text_width(self.table, sample))  # longer names wrap: reasons get room
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_selected)
        QShortcut(QKeySequence("Ctrl+Return"), self.table, self.accept_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.decline_selected)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("candidateTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.detail = QLabel()
        self.detail.setObjectName("candidateDetail")
        self.detail.setAccessibleName("Candidate details")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.coverage = QTableWidget(0, len(COVERAGE_HEADERS))
        self.coverage.setObjectName("coverageTable")
        self.coverage.setAccessibleName("Coverage: closed, eligible and selected deals")
        self.coverage.setHorizontalHeaderLabels(COVERAGE_HEADERS)
        self.coverage.verticalHeader().hide()
        self.coverage.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.coverage.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.coverage.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.message)
        upper_layout.addWidget(self.shortfall)
        upper_layout.addWidget(self.table, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>Coverage</b>: closed deals in the window, those the rules leave eligible, "
                                      "and those selected (the guard against cherry-picking)"))
        lower_layout.addWidget(self.coverage, 1)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(upper)
        lists.addWidget(lower)
        lists.setSizes([480, 260])
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.detail_title)
        details_layout.addWidget(self.detail, 1)
        self.split("candidatesSplitter", lists, details, (860, 300), stretch=(3, 1))
        self._show_selected()

    # -- state --------------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self.reload_sets()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile
        self._update_actions()

    def refresh(self) -> None:
        """F5: the approved sets again (one approved elsewhere appears), and the chosen set's candidates."""
        self.reload_sets()

    def reload_sets(self) -> None:
        """List the approved sets (newest first); keep the chosen one if it is still there."""
        from interviewer.criteria.review import list_sets

        chosen = self.sets.currentData()
        self.sets.blockSignals(True)
        self.sets.clear()
        if self._database is not None:
            with self._database.sessions() as session:
                for item in list_sets(session):
                    if item.status is CriteriaStatus.APPROVED:
                        self.sets.addItem(f"{item.name} · version {item.version}", item.id)
        index = self.sets.findData(chosen)
        self.sets.setCurrentIndex(index if index >= 0 else 0)
        self.sets.blockSignals(False)
        self.reload()

    def reload(self, select_id: int | None = None, note: str = "") -> None:
        """Show the stored candidates of the chosen set, the shortfall and the coverage.

        ``select_id`` is the candidate to select (else the selection is kept); ``note`` says what just happened.
        """
        set_id = self.sets.currentData()
        if self._database is None or set_id is None:
            self._rows = []
            self.message.setText("No approved criteria set yet: candidates are drawn only from a set a manager approved "
                                 "(Criteria area, Ctrl+2)." if self._database else "No database is open.")
            self._fill([])
            self.shortfall.clear()
            self.coverage.setRowCount(0)
            self._show_selected()
            return
        from interviewer.selection.candidates import list_candidates

        keep = select_id if select_id is not None else (self.selected().id if self.selected() else None)
        with self._database.sessions() as session:
            self._rows = list_candidates(session, set_id)
        self.message.setText(note or ("" if self._rows else "No candidates yet: press “Propose candidates”."))
        self._fill(self._rows)
        wanted = next((i for i, r in enumerate(self._rows) if r.id == keep), None)
        if wanted is not None:
            self.table.selectRow(wanted)
        self._show_selected()
        self._show_analysis(set_id)

    def _show_analysis(self, set_id: int) -> None:
        """Compute the shortfall and coverage on a worker thread (a selection over a large program takes a while)."""
        assert self._database is not None
        database, today = self._database, self._today()
        chosen = [row.deal_id for row in self._rows if row.status is not CandidateStatus.EXCLUDED]
        self.shortfall.setText("Checking quotas and coverage…")
        self.shortfall.show()

        def work(_control: TaskControl) -> tuple[list[Any], list[Any]]:
            from interviewer.criteria.review import get_set
            from interviewer.selection import coverage, select

            with database.sessions() as session:
                definition = get_set(session, set_id).definition
                selection = select(session, definition, today)
                return selection.shortfall, coverage(session, definition, today, chosen)

        self._tasks.submit(work, self._show_result, self._analysis_failed, latest=(self, "analysis"))

    def _show_result(self, result: tuple[list[Any], list[Any]]) -> None:
        shortfall, rows = result
        self.shortfall.setText("\n".join(line.text for line in shortfall))
        self.shortfall.setVisible(bool(shortfall))
        self.coverage.setRowCount(len(rows))
        for row, line in enumerate(rows):
            for column, text in enumerate((line.dimension.capitalize(), line.value, f"{line.closed:,}", f"{line.eligible:,}",
                                           f"{line.selected:,}")):  # fmt: skip
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.coverage.setItem(row, column, item)
        self.analysed.emit()

    def _analysis_failed(self, error: BaseException) -> None:
        self.shortfall.setText(f"Quotas and coverage could not be checked ({type(error).__name__}); see the log file.")

    def _fill(self, rows: list[CandidateRow]) -> None:
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for position, row in enumerate(rows):
            outcome = Outcome(row.outcome)
            cells = (STATUS_WORDS[row.status], outcome.label, row.account, row.contact_name, f"{row.score:.1f}",
                     " · ".join(row.reasons))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0 and row.exclusion_reason:
                    item.setToolTip(f"Declined: {row.exclusion_reason}")
                if column == 1:
                    item.setIcon(outcome_icon(outcome))
                if column == CANDIDATE_HEADERS.index("Score"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == REASONS:
                    item.setToolTip("\n".join(row.reasons))
                self.table.setItem(position, column, item)

    def selected(self) -> CandidateRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def _show_selected(self) -> None:
        """The selected candidate in full: who, the deal, the decision and every reason."""
        row = self.selected()
        if row is None:
            self.detail_title.setText("No candidate selected")
            self.detail.setText("Select a candidate to read why they were picked. Accept hands them on to scheduling; "
                                "Decline asks why and can be undone (Edit → Undo).")
        else:
            self.detail_title.setText(f"{row.contact_name} · {row.account}")
            decision = {CandidateStatus.PROPOSED: "Proposed: waiting for your decision.",
                        CandidateStatus.ACCEPTED: "Accepted: handed on to scheduling (Schedule area, Ctrl+4).",
                        CandidateStatus.EXCLUDED: f"Declined: {row.exclusion_reason or ''}"}[row.status]  # fmt: skip
            deal = " · ".join(part for part in (
                Outcome(row.outcome).label, row.segment, row.competitor and f"competitor {row.competitor}",
                format_amount(row.amount, row.currency), format_date(row.close_date) and f"closed {format_date(row.close_date)}",
            ) if part)  # fmt: skip
            reasons = "".join(f"<li>{escape(reason)}</li>" for reason in row.reasons)
            self.detail.setText(f"<p><b>{escape(decision)}</b></p><p>{escape(row.title or 'No title')}</p>"
                                f"<p>{escape(deal)}</p><p>Score {row.score:.1f}. <b>Why this buyer:</b></p><ul>{reasons}</ul>")
        self._update_actions()

    def _update_actions(self) -> None:
        role = self._profile.role if self._profile else None
        may_decide = role in (Role.PROGRAM_OWNER, Role.MANAGER)
        row = self.selected()
        self.propose_button.setEnabled(may_decide and self.sets.currentData() is not None)
        proposed = row is not None and row.status is CandidateStatus.PROPOSED
        self.accept_button.setEnabled(may_decide and proposed)
        self.decline_button.setEnabled(may_decide and proposed)

    # -- actions --------------------------------------------------------------------------------------

    def _change(self, action: Callable[[Any, int], CandidateRow], note: str) -> CandidateRow:
        """Run one decision as the current profile in its own transaction, then show it and say ``note``.

        Raises SelectionError (a sentence for the person) when the decision is refused.
        """
        from interviewer.selection.candidates import SelectionError

        if self._database is None or self._profile is None:
            raise SelectionError("Choose a profile first (File → Switch profile…).")
        with self._database.sessions() as session, session.begin():
            row = action(session, self._profile.id)
        self.reload(select_id=row.id, note=note)
        return row

    def propose(self) -> bool:
        """Apply the chosen set on a worker thread; the table fills when it is done."""
        set_id, database, today = self.sets.currentData(), self._database, self._today()
        if set_id is None or database is None or self._profile is None:
            self.message.setText("Choose a profile first (File → Switch profile…)." if database else "No database is open.")
            return False
        name = self._profile.name

        def work(_control: TaskControl) -> None:
            from interviewer.selection.candidates import propose

            with database.sessions() as session, session.begin():
                propose(session, set_id, name, today)

        self.propose_button.setEnabled(False)
        self.message.setText("Applying the criteria to today's deals…")
        self._tasks.submit(work, lambda _none: self.reload(), self._propose_failed, title="Proposing candidates")
        return True

    def _propose_failed(self, error: BaseException) -> None:
        from interviewer.selection.candidates import SelectionError

        self._update_actions()
        self.message.setText(str(error) if isinstance(error, SelectionError) else
                             f"Candidates could not be proposed ({type(error).__name__}); see the log file.")

    def accept_selected(self) -> bool:
        """Accept the selected proposed candidate and hand its new interview on to scheduling."""
        from interviewer.selection.candidates import SelectionError, accept

        row = self.selected()
        if row is None or row.status is not CandidateStatus.PROPOSED:
            return False
        note = f"Accepted {row.contact_name} ({row.account}): the interview waits in the Schedule area, to contact."
        try:
            accepted = self._change(lambda s, actor: accept(s, row.id, actor), note)
        except SelectionError as exc:
            self.message.setText(str(exc))
            return False
        assert accepted.interview_id is not None  # accepting made it
        self.handed_on.emit(accepted.interview_id, note)
        return True

    def decline_selected(self) -> ReasonDialog | None:
        """Ask why, then decline the selected proposed candidate through the undo stack."""
        from interviewer.selection.candidates import SelectionError, reopen, skip
        from ui.criteria.reason import ReasonDialog

        row = self.selected()
        if row is None or row.status is not CandidateStatus.PROPOSED:
            return None
        assert self.undo_stack is not None, "the main window gives every area its undo stack"
        stack, who = self.undo_stack, f"{row.contact_name} ({row.account})"

        def take_back() -> None:
            try:
                self._change(lambda s, actor: reopen(s, row.id, actor), f"{who} is proposed again: the decline was undone.")
            except SelectionError as exc:
                self.message.setText(str(exc))

        def submit(reason: str) -> str | None:
            decline = Command(f"decline {row.contact_name}", undo=take_back, do=lambda: self._change(
                lambda s, actor: skip(s, row.id, actor, reason), f"Declined {who}. Edit → Undo (Ctrl+Z) takes it back."))
            try:
                stack.do(decline)
            except SelectionError as exc:
                return str(exc)
            return None

        dialog = ReasonDialog("Decline candidate", f"Why decline {who}? The reason is kept with the decision.",
                              "Reason", "Decline", submit, self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
