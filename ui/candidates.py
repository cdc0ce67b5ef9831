"""The Candidates area: who an approved criteria set proposes, why, what is missing, and the coverage check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import CandidateStatus, CriteriaStatus, Outcome, Role
from ui.area import Area
from ui.format import outcome_icon
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:  # these load SQLAlchemy
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow

CANDIDATE_HEADERS = ("Status", "Outcome", "Account", "Contact", "Title", "Score", "Why this buyer")
COVERAGE_HEADERS = ("Dimension", "Value", "Closed", "Eligible", "Selected")
STATUS_WORDS = {CandidateStatus.PROPOSED: "Proposed", CandidateStatus.ACCEPTED: "Accepted", CandidateStatus.EXCLUDED: "Skipped"}


class CandidatesArea(Area):
    """Proposes candidates from an approved set; the owner accepts them or skips them with a reason."""

    title = "Candidates"
    accepted_candidate = Signal(int)
    """A candidate was accepted (its id); an interview now waits to be scheduled."""

    analysed = Signal()
    """The shortfall and coverage on screen match the stored candidates."""

    def __init__(self, tasks: TaskRunner, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._today = today
        self._generation = 0
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self._rows: list[Any] = []

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
        self.skip_button = QPushButton("Skip…")
        self.skip_button.setObjectName("skipCandidate")
        self.skip_button.setToolTip("Skip the selected candidate, saying why (Delete)")
        self.skip_button.clicked.connect(lambda: self.skip_selected())
        top = QHBoxLayout()
        top.addWidget(QLabel("Criteria set:"))
        top.addWidget(self.sets, 1)
        top.addWidget(self.propose_button)
        top.addWidget(self.accept_button)
        top.addWidget(self.skip_button)

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
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_actions)
        QShortcut(QKeySequence("Ctrl+Return"), self.table, self.accept_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.skip_selected)

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
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("candidatesSplitter")
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([480, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._update_actions()

    # -- state --------------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self.reload_sets()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile
        self._update_actions()

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

    def reload(self) -> None:
        """Show the stored candidates of the chosen set, the shortfall and the coverage."""
        set_id = self.sets.currentData()
        if self._database is None or set_id is None:
            self._rows = []
            self.message.setText("No approved criteria set yet: candidates are drawn only from a set a manager approved "
                                 "(Criteria area, Ctrl+2)." if self._database else "No database is open.")
            self._fill([])
            self.shortfall.clear()
            self.coverage.setRowCount(0)
            self._update_actions()
            return
        from interviewer.selection.candidates import list_candidates

        with self._database.sessions() as session:
            self._rows = list_candidates(session, set_id)
        self.message.setText("" if self._rows else "No candidates yet: press “Propose candidates”.")
        self._fill(self._rows)
        self._show_analysis(set_id)
        self._update_actions()

    def _show_analysis(self, set_id: int) -> None:
        """Compute the shortfall and coverage on a worker thread (a selection over a large program takes a while)."""
        assert self._database is not None
        database, today = self._database, self._today()
        chosen = [row.deal_id for row in self._rows if row.status is not CandidateStatus.EXCLUDED]
        self._generation += 1
        generation = self._generation
        self.shortfall.setText("Checking quotas and coverage…")
        self.shortfall.show()

        def work(_control: TaskControl) -> tuple[int, list[Any], list[Any]]:
            from interviewer.criteria.review import get_set
            from interviewer.selection import coverage, select

            with database.sessions() as session:
                definition = get_set(session, set_id).definition
                selection = select(session, definition, today)
                return generation, selection.shortfall, coverage(session, definition, today, chosen)

        self._tasks.submit(work, self._show_result, self._analysis_failed)

    def _show_result(self, result: tuple[int, list[Any], list[Any]]) -> None:
        generation, shortfall, rows = result
        if generation != self._generation:
            return
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

    def _fill(self, rows: list[Any]) -> None:
        self.table.setRowCount(len(rows))
        for position, row in enumerate(rows):
            outcome = Outcome(row.outcome)
            cells = (STATUS_WORDS[row.status], outcome.label, row.account, row.contact_name, row.title or "",
                     f"{row.score:.1f}", " · ".join(row.reasons))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0 and row.exclusion_reason:
                    item.setToolTip(f"Skipped: {row.exclusion_reason}")
                if column == 1:
                    item.setIcon(outcome_icon(outcome))
                if column == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 6:
                    item.setToolTip(text)
                self.table.setItem(position, column, item)

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def _update_actions(self) -> None:
        role = self._profile.role if self._profile else None
        may_decide = role in (Role.PROGRAM_OWNER, Role.MANAGER)
        row = self.selected()
        self.propose_button.setEnabled(may_decide and self.sets.currentData() is not None)
        proposed = row is not None and row.status is CandidateStatus.PROPOSED
        self.accept_button.setEnabled(may_decide and proposed)
        self.skip_button.setEnabled(may_decide and proposed)

    # -- actions --------------------------------------------------------------------------------------

    def _run(self, action: Callable[[Any, int], Any]) -> bool:
        from interviewer.selection.candidates import SelectionError

        if self._database is None or self._profile is None:
            self.message.setText("Choose a profile first (File → Switch profile…).")
            return False
        try:
            with self._database.sessions() as session, session.begin():
                action(session, self._profile.id)
        except SelectionError as exc:
            self.message.setText(str(exc))
            return False
        return True

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
        from interviewer.selection.candidates import accept

        row = self.selected()
        if row is None or row.status is not CandidateStatus.PROPOSED:
            return False
        done = self._run(lambda s, actor: accept(s, row.id, actor))
        if done:
            self.reload()
            self.accepted_candidate.emit(row.id)
        return done

    def skip_selected(self, reason: str | None = None) -> bool:
        from interviewer.selection.candidates import skip

        row = self.selected()
        if row is None or row.status is not CandidateStatus.PROPOSED:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(self, "Skip candidate", f"Why skip {row.contact_name} ({row.account})?")
            if not ok:
                return False
        done = self._run(lambda s, actor: skip(s, row.id, actor, reason))
        if done:
            self.reload()
        return done

