"""The Review area: one month's review in the 30-minute agenda — data, patterns, actions — and its report."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import ActionStatus, Role
from ui.area import ID_ROLE, Area
from ui.reports.make_dialog import months_before
from ui.reports.progress_row import ProgressRow
from ui.review.sections import ActionsPanel, DataPanel, PatternsPanel
from ui.review.words import action_rows, count_hint
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:  # SQLAlchemy, and the dialog loaded when first opened
    from exports.reports.make import MadeReport
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from interviewer.reporting.periods import Period
    from ui.review.action_dialog import ActionDialog
    from ui.review.reading import Opened

log = logging.getLogger(__name__)

EDITORS = (Role.PROGRAM_OWNER, Role.MANAGER)
READ_ONLY_TIP = "Only the program owner or a manager may change the review"
SAVE_DELAY_MS = 1000
"""Patterns and notes are saved this long after typing stops."""
MAKE_SHORTCUT = "Ctrl+Shift+R"
ADD_SHORTCUT = "Ctrl+Shift+N"
"""Ctrl+N is File → New database in the main window."""


class ReviewArea(Area):
    """A month's review: the data panel, the win and loss patterns with notes, the actions and their figures."""

    title = "Review"
    loaded = Signal()
    """The month's workspace is shown (after a month was chosen, or a reload)."""
    saved = Signal()
    """The patterns and notes were written to the database."""
    report_made = Signal(int)
    """The review report was made and stored (its id): the Reports area lists it."""

    def __init__(self, tasks: TaskRunner, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.clock = clock
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self._dirty = False
        self.opened: Opened | None = None
        self.made_report: MadeReport | None = None

        self.month_box = QComboBox()
        self.month_box.setObjectName("reviewMonth")
        self.month_box.setAccessibleName("Month reviewed")
        for label, key in months_before(clock.today()):
            self.month_box.addItem(label, key)
        self.month_box.setCurrentIndex(1)  # last month: the one a review looks back on
        self.previous_action = self._action("◀ &Previous", "previousMonth", self.previous_month, "Alt+Left",
                                            "The month before")
        self.next_action = self._action("N&ext ▶", "nextMonth", self.next_month, "Alt+Right", "The month after")
        self.save_action = self._action("&Save", "saveReview", self.flush, "Ctrl+S",
                                        "Save the patterns and notes now (they are also saved as you type)")
        self.add_action = self._action("&Add action…", "addAction", self.add_action_dialog, ADD_SHORTCUT,
                                       "Agree an action: an owner, a due date and the win rate it should move")
        self.make_action = self._action("&Make review report", "makeReviewReport", self.make_report, MAKE_SHORTCUT,
                                        "Make the monthly review's Word document for both teams")
        self.save_as_action = self._action("Save report &as…", "saveReviewReport", self.save_as, "Ctrl+Shift+S",
                                           "Save the review report just made to a file")
        self.buttons: dict[str, QToolButton] = {}

        month_label = QLabel("Mo&nth:")
        month_label.setBuddy(self.month_box)
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(month_label)
        top.addWidget(self._button(self.previous_action))
        top.addWidget(self.month_box)
        top.addWidget(self._button(self.next_action))
        top.addStretch(1)
        for action in (self.save_action, self.make_action, self.save_as_action):
            top.addWidget(self._button(action))
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(4, 2, 4, 2)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.progress = ProgressRow("reviewReportProgress")

        self.data = DataPanel()
        self.patterns = PatternsPanel()
        self.actions_panel = ActionsPanel()
        self.actions_panel.bar.insertWidget(0, self._button(self.add_action))
        self.table = self.actions_panel.table
        self.columns = self.table
        self.model = self.actions_panel.model
        self.upper = QSplitter(Qt.Orientation.Horizontal)
        self.upper.setObjectName("reviewUpperSplitter")
        self.upper.addWidget(self.data)
        self.upper.addWidget(self.patterns)
        self.upper.setSizes([600, 500])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(self.upper)
        self.splitter.addWidget(self.actions_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([420, 280])  # at 1280×800 the actions list shows five rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.splitter, 1)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        self.patterns.edited.connect(self._edited)
        self.month_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.actions_panel.status_box.activated.connect(lambda _i: self._status_chosen())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._show_nothing()

    def _action(self, text: str, name: str, slot: Any, shortcut: str, tip: str) -> QAction:
        """An action whose shortcut works anywhere in the area; its tooltip names the shortcut."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setObjectName(action.objectName() + "Button")
        button.setAccessibleName(action.text().replace("&", "").strip("◀▶ …"))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons[action.objectName()] = button
        return button

    # -- state -----------------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self.flush()
        self._database = database
        self.opened = None
        self.made_report = None
        self.say("")
        self.reload()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self.flush()
        self._profile = profile
        self._update_actions()

    def actor(self) -> str:
        return self._profile.name if self._profile else "local user"

    def may_edit(self) -> bool:
        return self._profile is not None and self._profile.role in EDITORS and self._database is not None

    def period(self) -> Period:
        from interviewer.reporting.periods import month

        return month(self.month_box.currentData())

    def choose_month(self, key: str) -> bool:
        """Show the month written ``2026-10`` (as choosing it in the month box does)."""
        index = self.month_box.findData(key)
        if index >= 0:
            self.month_box.setCurrentIndex(index)
        return index >= 0

    def previous_month(self) -> None:
        self.month_box.setCurrentIndex(min(self.month_box.currentIndex() + 1, self.month_box.count() - 1))

    def next_month(self) -> None:
        self.month_box.setCurrentIndex(max(self.month_box.currentIndex() - 1, 0))

    def reload(self) -> None:
        """Save what was typed, then measure the actions that fell due and open the month (on a worker)."""
        from ui.review.reading import open_month

        self.flush()
        database, period, clock, actor = self._database, self.period(), self.clock, self.actor()
        if database is None:
            self.tasks.forget((self, "reload"))
            self._show_nothing()
            self.loaded.emit()
            return

        def done(opened: Opened) -> None:
            self._show(opened)
            self.loaded.emit()

        def failed(error: BaseException) -> None:
            log.error("opening the review of %s failed: %r", period.key, error)
            self.say(f"The review of {period.label} could not be opened (details in the log file). Try View → Refresh.")
            self.loaded.emit()

        self.tasks.submit(lambda _control: open_month(database, period, clock, actor), done, failed,
                          latest=(self, "reload"))

    def _show(self, opened: Opened) -> None:
        workspace = opened.workspace
        same_review = self.opened is not None and self.opened.workspace.review_id == workspace.review_id
        keep = self.selected_id()
        self.opened = opened
        self.data.show_review(workspace.review)
        if not (same_review and self._dirty):  # never overwrite what is being typed
            self.patterns.fill(workspace.win_pattern, workspace.loss_pattern, workspace.notes, workspace.review)
            self._dirty = False
            self.patterns.saved_label.setText("Saved as you type (Ctrl+S saves now).")
        self.model.set_rows(action_rows(workspace.actions, self.clock.today(), workspace.followed))
        if keep is None or not self.select_id(keep):
            self.table.clearSelection()
        keys = self.add_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.actions_panel.empty_label.setText(f"No actions agreed for {workspace.period.label} yet — Add action… "
                                               f"({keys}): 3–5 actions, each with a named owner and a win rate "
                                               "to move, measured again 60 days later.")
        self.actions_panel.stack.setCurrentIndex(0 if workspace.actions or workspace.followed else 1)
        self.actions_panel.hint.setText(count_hint(len(workspace.actions)))
        if opened.measured:
            many = opened.measured != 1
            were, their, they = ("were", "their", "they were") if many else ("was", "its", "it was")
            self.say(f"{opened.measured} action{'s' if many else ''} fell due and {were} measured again today: "
                     f"see {their} before → after in the review where {they} agreed.")
        self._update_actions()

    def _show_nothing(self) -> None:
        self.opened = None
        self.model.set_rows([])
        self.actions_panel.empty_label.setText("No database is open. Use File → Open database… or File → Open "
                                               "demo program.")
        self.actions_panel.stack.setCurrentIndex(1)
        self.actions_panel.hint.setText("")
        self._update_actions()

    def _update_actions(self) -> None:
        editable, ready = self.may_edit(), self.opened is not None
        self.patterns.set_editable(editable and ready, READ_ONLY_TIP)
        for action in (self.save_action, self.add_action, self.make_action):
            action.setEnabled(editable and ready)
        if self.progress.running:
            self.make_action.setEnabled(False)
        self.save_as_action.setEnabled(self.made_report is not None)
        self.next_action.setEnabled(self.month_box.currentIndex() > 0)
        self.previous_action.setEnabled(self.month_box.currentIndex() < self.month_box.count() - 1)
        selected = self.selected_view()
        status_box = self.actions_panel.status_box
        status_box.setEnabled(editable and selected is not None)
        status_box.setToolTip("Change the selected action's status" if editable else READ_ONLY_TIP)
        status_box.setCurrentIndex(status_box.findData(selected.status.value) if selected is not None else -1)

    def say(self, text: str) -> None:
        """A sentence above the sections (confirmations and errors); empty hides it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- patterns and notes -------------------------------------------------------------------------------

    def _edited(self) -> None:
        self._dirty = True
        self.patterns.saved_label.setText("Editing… saved a second after you stop typing.")
        self._save_timer.start()

    def flush(self) -> bool:
        """Save the patterns and notes now if they changed; False when they could not be saved (kept here)."""
        from ui.review.reading import save_patterns

        self._save_timer.stop()
        if not self._dirty or self.opened is None or self._database is None or not self.may_edit():
            return not self._dirty
        win, loss, notes = self.patterns.values()
        try:
            save_patterns(self._database, self.opened.workspace.review_id, win_pattern=win, loss_pattern=loss,
                          notes=notes, clock=self.clock, actor=self.actor())
        except Exception:  # the text stays in the fields; the detail goes to the log
            log.exception("saving the review's patterns failed")
            self.patterns.saved_label.setText("Not saved: the database could not be written (details in the log "
                                              "file). Your text is kept here — press Ctrl+S to try again.")
            return False
        self._dirty = False
        self.patterns.saved_label.setText("Saved.")
        self.saved.emit()
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()  # leaving the area (or closing the window) keeps what was typed
        super().hideEvent(event)

    # -- actions -------------------------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        """The id of the selected action (None when none is)."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_view(self) -> Any:
        """The selected action's ``ActionView``, or None."""
        action_id = self.selected_id()
        if action_id is None or self.opened is None:
            return None
        workspace = self.opened.workspace
        return next((a for a in (*workspace.actions, *workspace.followed) if a.id == action_id), None)

    def select_id(self, item_id: int) -> bool:
        """Select the action with this id."""
        position = self.model.position_of(item_id)
        if position is None:
            return False
        self.table.selectRow(position)
        return True

    def add_action_dialog(self) -> ActionDialog | None:
        """Open Add action… (window-modal); the new action is shown with its baseline once added."""
        from ui.review.action_dialog import ActionDialog

        if self.opened is None or self._database is None or not self.may_edit():
            return None
        dialog = ActionDialog(self._database, self.opened.workspace.review_id, self.opened.choices, self.tasks,
                              self.clock, self.actor(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._added)
        dialog.open()
        return dialog

    def _added(self, action_id: int) -> None:
        def select_and_say() -> None:
            self.loaded.disconnect(select_and_say)
            view = self.select_id(action_id) and self.selected_view()
            if view:
                self.say(f"Added “{view.text}” for {view.owner}. {view.verdict}")

        self.loaded.connect(select_and_say)
        self.reload()

    def _status_chosen(self) -> None:
        from ui.review.reading import set_status

        view = self.selected_view()
        status = ActionStatus(self.actions_panel.status_box.currentData())
        if view is None or self._database is None or view.status is status:
            return
        try:
            set_status(self._database, view.id, status, clock=self.clock, actor=self.actor())
        except Exception:
            log.exception("changing action %s's status failed", view.id)
            self.say("The status could not be changed (details in the log file). Try again.")
            return
        self.say(f"“{view.text}” is now {status.label.lower()}.")
        self.reload()

    # -- the report ----------------------------------------------------------------------------------------

    def make_report(self) -> None:
        """Make the month's review report on a worker thread with progress; then say where it is."""
        from exports.reports.make import ReviewRequest, make_report

        if self._database is None or self.opened is None or self.progress.running or not self.may_edit():
            return
        self.flush()  # the report carries the notes as typed
        database, period, clock, actor = self._database, self.period(), self.clock, self.actor()

        def work(control: TaskControl) -> MadeReport:
            return make_report(database, ReviewRequest(period), actor=actor, clock=clock, progress=control.progress,
                               cancel=control.cancel)

        self.say("")
        task = self.tasks.submit(work, self._made, self._make_failed, title="Making the review report")
        self.progress.follow(task, "Gathering what the report says…")
        task.finished.connect(self._update_actions)
        self._update_actions()

    def _made(self, made: MadeReport) -> None:
        self.made_report = made
        self._update_actions()
        keys = self.save_as_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.say(f"Made report ‘{made.title}’ — in the Reports area, ready to deliver. Save report as… ({keys}) "
                 "keeps a copy where you choose.")
        self.report_made.emit(made.report_id)

    def _make_failed(self, error: BaseException) -> None:
        from interviewer.progress import Cancelled

        self._update_actions()
        if isinstance(error, Cancelled):
            self.say("Making the review report was cancelled; nothing was stored.")
        elif isinstance(error, ValueError):  # ReportError: a sentence written for the user
            self.say(str(error))
        else:
            self.say("The review report could not be made (details in the log file). Try again.")

    def save_as(self, path: Path | None = None) -> Path | None:
        """Write the report just made to ``path`` (asked for when not given); the path written, or None."""
        from ui.save_docx import save_docx

        made = self.made_report
        if made is None:
            return None
        written, sentence = save_docx(self, lambda: made.content, made.file_name, made.title, path)
        if sentence:
            self.say(sentence)
        return written

    # -- persistence ----------------------------------------------------------------------------------------

    def save_state(self) -> dict[str, Any]:
        return {**super().save_state(), "upper": self.upper.saveState()}

    def restore_state(self, state: dict[str, Any]) -> None:
        super().restore_state(state)
        if isinstance(state.get("upper"), QByteArray):
            self.upper.restoreState(state["upper"])
