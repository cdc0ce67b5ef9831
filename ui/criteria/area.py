"""The Criteria area: the sets and their versions, what each says, and the review actions a role allows."""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import CriteriaStatus, Role
from ui.area import Area
from ui.format import format_datetime
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # these load SQLAlchemy, or are dialogs loaded when first opened
    from interviewer.criteria.review import CriteriaRow
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from ui.criteria.editor import CriteriaEditor
    from ui.criteria.reason import ReasonDialog

log = logging.getLogger(__name__)

STATUS_WORDS = {
    CriteriaStatus.DRAFT: "Draft",
    CriteriaStatus.SUBMITTED: "Waiting for review",
    CriteriaStatus.APPROVED: "Approved",
    CriteriaStatus.REJECTED: "Rejected",
    CriteriaStatus.RETIRED: "Retired",
}
HEADERS = ("Name", "Version", "Status", "Author", "Reviewer", "Reviewed", "Comment")
"""When a version was drafted is in its history; the review decision is in the list, read at a glance."""
DECISION_WORDS = {CriteriaStatus.APPROVED: "Approved", CriteriaStatus.REJECTED: "Rejected", CriteriaStatus.RETIRED: "Approved"}
"""How the details pane names the review decision a version carries (a retired version was approved once)."""
HISTORY_WORDS = {"candidates.proposed": "proposed candidates"}
"""History actions that are not already a word (the review's own moves are)."""


class CriteriaArea(Area):
    """Criteria sets with their review workflow; actions follow the profile's role."""

    title = "Criteria"
    changed = Signal()
    """A set was created, edited, submitted, approved or rejected."""

    def __init__(self, tasks: TaskRunner, today: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._today = today
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self._rows: list[CriteriaRow] = []

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("criteriaTable")
        self.table.setAccessibleName("Criteria sets")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(HEADERS.index("Comment"), QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.new_button = QPushButton("New set…")
        self.edit_button = QPushButton("Edit…")
        self.version_button = QPushButton("New version")
        self.submit_button = QPushButton("Submit for review")
        self.approve_button = QPushButton("Approve…")
        self.reject_button = QPushButton("Reject…")
        self.compare_button = QPushButton("Compare versions…")
        actions = (
            (self.new_button, "newCriteria", self.new_set, "Draft a new criteria set"),
            (self.edit_button, "editCriteria", self.edit_set, "Change a draft or a rejected set"),
            (self.version_button, "newVersion", self.new_version, "Start the next version of an approved set"),
            (self.submit_button, "submitCriteria", self.submit_set, "Ask a manager to review this set"),
            (self.approve_button, "approveCriteria", self.approve_set, "Approve this set, with an optional comment (managers)"),
            (self.reject_button, "rejectCriteria", self.reject_set, "Reject this set, saying why (managers)"),
            (self.compare_button, "compareCriteria", self.compare_versions, "See what changed between two versions"),
        )
        bar = QHBoxLayout()
        for button, name, slot, tip in actions:
            button.setObjectName(name)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())  # never hand `checked` to the slot
            bar.addWidget(button)
        bar.addStretch(1)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("criteriaTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.detail = QLabel()
        self.detail.setObjectName("criteriaDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.history = QListWidget()
        self.history.setObjectName("criteriaHistory")
        self.history.setAccessibleName("Review history")
        self.history.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("criteriaMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(QLabel("<b>History</b>"))
        right_layout.addWidget(self.history, 1)
        self.split("criteriaSplitter", left, right, (760, 400))
        self._update_actions()

    # -- state -----------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self.reload()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile
        self._update_actions()

    def reload(self, select_id: int | None = None) -> None:
        """Read the sets again and select ``select_id`` (or keep the selection)."""
        from interviewer.criteria.review import list_sets

        keep = select_id if select_id is not None else (self.selected().id if self.selected() else None)
        if self._database is None:
            self._rows = []
        else:
            with self._database.sessions() as session:
                self._rows = list_sets(session)
        self.table.setRowCount(len(self._rows))
        for row, item in enumerate(self._rows):
            values = (item.name, str(item.version), STATUS_WORDS[item.status], item.author or "", item.reviewer or "",
                      format_datetime(item.reviewed_at), " ".join((item.review_comment or "").split()))  # fmt: skip
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if column == len(values) - 1 and text:
                    cell.setToolTip(item.review_comment)
                self.table.setItem(row, column, cell)
        wanted = next((i for i, r in enumerate(self._rows) if r.id == keep), 0 if self._rows else None)
        if wanted is not None:
            self.table.selectRow(wanted)
        self._show_selected()

    def selected(self) -> CriteriaRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def select_set(self, set_id: int) -> None:
        for row, item in enumerate(self._rows):
            if item.id == set_id:
                self.table.selectRow(row)

    # -- display ------------------------------------------------------------------------------------

    def _show_selected(self) -> None:
        item = self.selected()
        self.history.clear()
        if item is None:
            self.detail_title.setText("No criteria set yet" if not self._rows else "No set selected")
            self.detail.setText(
                "A criteria set is the written rule that picks which buyers to interview. "
                "Draft one with “New set…”; a manager approves it before candidates are drawn from it."
            )
        else:
            self.detail_title.setText(f"{item.name} · version {item.version} · {STATUS_WORDS[item.status]}")
            parts = [f"<p>{escape(item.summary)}</p>"]
            if item.qualified_buyer:
                parts.append(f"<p><b>Qualified buyer:</b> {escape(item.qualified_buyer)}</p>")
            decision = DECISION_WORDS.get(item.status)
            if decision and item.reviewed_at is not None:
                said = escape(item.review_comment or "no comment").replace("\n", "<br>")
                parts.append(f"<p><b>{decision} by {escape(item.reviewer or 'a manager')}, "
                             f"{format_datetime(item.reviewed_at)}:</b> {said}</p>")
            self.detail.setText("".join(parts))
            self._show_history(item)
        self._update_actions()

    def _show_history(self, item: CriteriaRow) -> None:
        from interviewer.criteria.review import history

        if self._database is None:
            return
        with self._database.sessions() as session:
            entries = history(session, item.family)
        for entry in entries:
            comment = f": “{entry.comment}”" if entry.comment else ""
            action = HISTORY_WORDS.get(entry.action, entry.action)
            self.history.addItem(f"{format_datetime(entry.at)} · {entry.actor} · {action} (version {entry.version}){comment}")

    def _update_actions(self) -> None:
        item, role = self.selected(), self._profile.role if self._profile else None
        can_edit = role in (Role.PROGRAM_OWNER, Role.MANAGER)
        status = item.status if item else None
        self.new_button.setEnabled(can_edit and self._database is not None)
        self.edit_button.setEnabled(can_edit and status in (CriteriaStatus.DRAFT, CriteriaStatus.REJECTED))
        self.version_button.setEnabled(can_edit and status in (CriteriaStatus.APPROVED, CriteriaStatus.RETIRED, CriteriaStatus.REJECTED))
        self.submit_button.setEnabled(can_edit and status is CriteriaStatus.DRAFT)
        self.approve_button.setEnabled(role is Role.MANAGER and status is CriteriaStatus.SUBMITTED)
        self.reject_button.setEnabled(role is Role.MANAGER and status is CriteriaStatus.SUBMITTED)
        self.compare_button.setEnabled(item is not None and sum(r.family == item.family for r in self._rows) > 1)
        self.approve_button.setToolTip("A manager approves criteria sets" if role is Role.PROGRAM_OWNER
                                       else "Approve this set, with an optional comment (managers)")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- actions ------------------------------------------------------------------------------------

    def _attempt(self, action: Callable[[Any, int], CriteriaRow]) -> CriteriaRow | str:
        """Run one review service as the current profile, in its own transaction: the row, or why it was refused."""
        from interviewer.criteria.review import ReviewError

        if self._database is None or self._profile is None:
            return "Choose a profile first (File → Switch profile…)."
        try:
            with self._database.sessions() as session, session.begin():
                row = action(session, self._profile.id)
        except ReviewError as exc:
            return str(exc)
        self._say("")
        self.reload(select_id=row.id)
        self.changed.emit()
        return row

    def _apply(self, action: Callable[[Any, int], CriteriaRow]) -> CriteriaRow | None:
        """``_attempt``, showing a refusal inline above the table."""
        outcome = self._attempt(action)
        if isinstance(outcome, str):
            self._say(outcome)
            return None
        return outcome

    def open_editor(self, name: str, qualified_buyer: str, definition: Any) -> CriteriaEditor:
        """The editor for these settings, with a live funnel over the open database."""
        from interviewer.criteria.summary import summarise
        from interviewer.selection import funnel
        from interviewer.services.values import program_values
        from ui.criteria.editor import CriteriaEditor

        assert self._database is not None
        database, today = self._database, self._today

        def run_funnel(definition: Any) -> list[Any]:
            with database.sessions() as session:
                return funnel(session, definition, today())

        with database.sessions() as session:
            values = program_values(session)
        editor = CriteriaEditor(name, qualified_buyer, definition, values, self._tasks, run_funnel, summarise, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return editor

    def new_set(self) -> CriteriaEditor | None:
        from interviewer.criteria.definition import CriteriaDefinition
        from interviewer.criteria.review import create_draft

        if self._database is None:
            return None
        editor = self.open_editor("", "", CriteriaDefinition())
        editor.accepted.connect(lambda: self._apply(
            lambda s, actor: create_draft(s, actor, editor.name.text().strip() or "Untitled criteria",
                                          editor.definition(), editor.qualified_buyer.toPlainText().strip())
        ))  # fmt: skip
        editor.open()
        return editor

    def edit_set(self) -> CriteriaEditor | None:
        from interviewer.criteria.review import update_draft

        item = self.selected()
        if item is None or self._database is None:
            return None
        editor = self.open_editor(item.name, item.qualified_buyer, item.definition)
        editor.accepted.connect(lambda: self._apply(
            lambda s, actor: update_draft(s, actor, item.id, name=editor.name.text().strip() or item.name,
                                          definition=editor.definition(),
                                          qualified_buyer=editor.qualified_buyer.toPlainText().strip())
        ))  # fmt: skip
        editor.open()
        return editor

    def new_version(self) -> CriteriaRow | None:
        from interviewer.criteria.review import new_version

        item = self.selected()
        return self._apply(lambda s, actor: new_version(s, actor, item.id)) if item else None

    def submit_set(self) -> CriteriaRow | None:
        from interviewer.criteria.review import submit

        item = self.selected()
        return self._apply(lambda s, actor: submit(s, actor, item.id)) if item else None

    def approve_set(self) -> ReasonDialog | None:
        """Ask for an optional comment, then approve the selected set."""
        from interviewer.criteria.review import approve

        item = self.selected()
        if item is None:
            return None
        return self._decide("Approve criteria", f"Approve “{item.name}” version {item.version}? "
                            "A comment for its author is optional.", "Comment", "Approve",
                            lambda s, actor, text: approve(s, actor, item.id, text))  # fmt: skip

    def reject_set(self) -> ReasonDialog | None:
        """Ask why, then send the selected set back to its author (the reason is required)."""
        from interviewer.criteria.review import reject

        item = self.selected()
        if item is None:
            return None
        return self._decide("Reject criteria", f"Why is “{item.name}” version {item.version} rejected? "
                            "Its author reads this to fix the set.", "Reason", "Reject",
                            lambda s, actor, text: reject(s, actor, item.id, text))  # fmt: skip

    def _decide(self, title: str, question: str, field_name: str, decision: str,
                service: Callable[[Any, int, str], CriteriaRow]) -> ReasonDialog:  # fmt: skip
        """A window-modal dialog asking for the text ``service`` takes; it stays open while the service refuses."""
        from ui.criteria.reason import ReasonDialog

        def submit(text: str) -> str | None:
            outcome = self._attempt(lambda s, actor: service(s, actor, text))
            return outcome if isinstance(outcome, str) else None

        dialog = ReasonDialog(title, question, field_name, decision, submit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def compare_versions(self) -> QDialog | None:
        """Side by side: the selected version against the previous one of its family."""
        from interviewer.criteria.review import diff

        item = self.selected()
        if item is None:
            return None
        family = sorted((r for r in self._rows if r.family == item.family), key=lambda r: r.version)
        older = [r for r in family if r.version < item.version]
        before, after = (older[-1], item) if older else (item, family[-1])
        if before.id == after.id:
            return None
        dialog = DiffDialog(before, after, diff(before.definition, after.definition), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class DiffDialog(QDialog):
    """Two versions of a set side by side: only the settings that differ."""

    def __init__(self, before: CriteriaRow, after: CriteriaRow, lines: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{after.name}: version {before.version} → {after.version}")
        self.setObjectName("criteriaDiff")
        self.resize(900, 480)
        self.table = QTableWidget(len(lines), 3)
        self.table.setObjectName("diffTable")
        self.table.setAccessibleName("Settings that differ")
        self.table.setHorizontalHeaderLabels(["Setting", f"Version {before.version}", f"Version {after.version}"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, line in enumerate(lines):
            for column, text in enumerate((line.setting, line.before, line.after)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        note = QLabel({0: "No setting differs.", 1: "One setting differs."}.get(len(lines), f"{len(lines)} settings differ."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

