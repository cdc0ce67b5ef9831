"""The guide builder dialog: build a guide that fits the call, edit it, watch the time budget, save it, print it."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import Outcome, Phase, Role, named_competitor
from question_bank.draft import GuideDraft
from question_bank.guide import (
    MAX_WINDOW_MINUTES,
    GuideLine,
    Window,
    clock_text,
)
from question_bank.spec import MAX_SECONDS, MIN_SECONDS
from ui.format import outcome_icon
from ui.guides.budget_bar import BudgetBar
from ui.guides.model import (
    FLAGS,
    NUMBER,
    PHASE,
    PLANNED,
    PRIORITY,
    QUESTION,
    GuideModel,
)
from ui.guides.picker import QuestionPicker

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from question_bank.guides import GuideSubject

SAVERS = (Role.PROGRAM_OWNER, Role.MANAGER)
"""Who may save a guide to an interview; an assigned interviewer reads and prints it."""
BY_HAND_OUTCOMES = (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)
ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: palette(placeholder-text);"
SETTINGS_GROUP = "guide_builder"
NOT_FOR_INTERVIEW = "Not tied to an interview, so it is printed, not saved."
NOT_SAVED = "● Not saved yet"
UNSAVED_STYLE = "color: #b26a00; font-weight: 600;"
READ_ONLY_FOR_INTERVIEWER = "You can read and print this guide; the program owner or a manager changes it."


def open_guide_builder(parent: QWidget, database: Database, *, profile: ProfileRow | None, clock: Clock,
                       interview_id: int | None = None) -> GuideBuilderDialog:
    """Open (non-modal) and return the builder for an interview, or by hand when interview_id is None."""
    dialog = GuideBuilderDialog(database, profile=profile, clock=clock, interview_id=interview_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class SecondsSpinBox(QSpinBox):
    """Seconds shown as m:ss; typing ``2:30`` or ``150`` both work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(MIN_SECONDS, MAX_SECONDS)
        self.setSingleStep(15)
        self.setAccessibleName("Planned time, minutes and seconds")
        self.setToolTip("Minutes:seconds (or seconds); arrows step 15 seconds")

    def textFromValue(self, value: int) -> str:
        return clock_text(value)

    def valueFromText(self, text: str) -> int:
        return _seconds(text) or self.value()

    def validate(self, text: str, position: int) -> object:
        from PySide6.QtGui import QValidator

        if re.fullmatch(r"\s*\d{0,3}(:\d{0,2})?\s*", text):
            seconds = _seconds(text)
            ok = seconds is not None and MIN_SECONDS <= seconds <= MAX_SECONDS
            return QValidator.State.Acceptable if ok else QValidator.State.Intermediate
        return QValidator.State.Invalid


def _seconds(text: str) -> int | None:
    match = re.fullmatch(r"\s*(\d+)(?::(\d{1,2}))?\s*", text)
    if not match:
        return None
    if match.group(2) is None:
        return int(match.group(1))
    return int(match.group(1)) * 60 + int(match.group(2))


class PlannedDelegate(QStyledItemDelegate):
    """Edits the Planned column with a ``SecondsSpinBox``; the model passes the value to ``draft.set_seconds``."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = SecondsSpinBox(parent)
        editor.setObjectName("plannedEditor")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class GuideView(QTableView):
    """The guide's lines; Ctrl+Up / Ctrl+Down move the selected line, Delete removes it, Insert adds one."""

    move_requested = Signal(int)
    remove_requested = Signal()
    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if control and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
        elif event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.remove_requested.emit()
        elif event.key() == Qt.Key.Key_Insert:
            self.add_requested.emit()
        else:
            super().keyPressEvent(event)


class GuideBuilderDialog(QDialog):
    """One guide: for an interview (saved to it) or for an outcome and competitor chosen by hand (printed only)."""

    saved = Signal(int)
    """The guide was saved to this interview."""

    def __init__(self, database: Database, *, profile: ProfileRow | None, clock: Clock,
                 interview_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideBuilder")
        self.setWindowTitle("Guide builder")
        self.setSizeGripEnabled(True)
        self.resize(1120, 700)
        self._database, self._profile, self._clock = database, profile, clock
        self.subject: GuideSubject | None = None
        self._dirty = False
        self._discarding = False
        self.discard_box: QMessageBox | None = None
        self._known_competitors: list[str] = []
        try:
            from question_bank.quality import check_question
        except ImportError:  # the quality check is optional: flags simply stay empty
            check_question = None  # type: ignore[assignment]
        self.model = GuideModel(GuideDraft([]), check_question, self)

        self._build_header(interview_id)
        self._build_body()
        self.save_button.setVisible(interview_id is not None)  # a guide by hand has nowhere to be saved
        self._restore_geometry()
        self._open(interview_id)

    # -- layout ---------------------------------------------------------------------------------

    def _build_header(self, interview_id: int | None) -> None:
        self.title = QLabel()
        self.title.setObjectName("guideTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.facts = QLabel()
        self.facts.setObjectName("guideFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome = QComboBox()
        self.outcome.setObjectName("guideOutcome")
        self.outcome.setAccessibleName("Outcome of the deals")
        for outcome in BY_HAND_OUTCOMES:
            self.outcome.addItem(outcome_icon(outcome), outcome.label, outcome)
        self.outcome.setCurrentIndex(BY_HAND_OUTCOMES.index(Outcome.LOST))
        self.competitor = QComboBox()
        self.competitor.setObjectName("guideCompetitor")
        self.competitor.setAccessibleName("Competitor")
        self.competitor.setEditable(True)
        self.competitor.setMinimumContentsLength(18)
        self.competitor.setToolTip("The competitor the buyer chose or weighed; leave empty when none is known")
        self.competitor.lineEdit().setPlaceholderText("none known")
        self.by_hand = QWidget()
        by_hand = QHBoxLayout(self.by_hand)
        by_hand.setContentsMargins(0, 0, 0, 0)
        by_hand.addWidget(QLabel("Outcome:"))
        by_hand.addWidget(self.outcome)
        by_hand.addSpacing(12)
        by_hand.addWidget(QLabel("Competitor:"))
        by_hand.addWidget(self.competitor)
        by_hand.addSpacing(12)
        printed_only = QLabel(NOT_FOR_INTERVIEW)
        printed_only.setStyleSheet(NOTE_STYLE)
        by_hand.addWidget(printed_only)
        by_hand.addStretch(1)
        self.by_hand.setVisible(interview_id is None)

        self.min_minutes, self.max_minutes = QSpinBox(), QSpinBox()
        for spin, name, words in ((self.min_minutes, "windowMin", "Shortest call"),
                                  (self.max_minutes, "windowMax", "Longest call")):
            spin.setObjectName(name)
            spin.setAccessibleName(f"{words}, in minutes")
            spin.setRange(1, MAX_WINDOW_MINUTES)
            spin.setSuffix(" min")
        self.min_minutes.setValue(Window().min_minutes)
        self.max_minutes.setValue(Window().max_minutes)
        self.min_minutes.setToolTip("The call should last at least this long, introduction and wrap-up included")
        self.max_minutes.setToolTip(f"The call must not last longer than this (at most {MAX_WINDOW_MINUTES} minutes)")
        self.rebuild_button = QPushButton("Rebuild")
        self.rebuild_button.setObjectName("rebuildGuide")
        self.rebuild_button.setShortcut(QKeySequence("Ctrl+R"))
        self.rebuild_button.setToolTip("Choose the best questions for this window again, replacing the list (Ctrl+R)")
        self.reserved = QLabel()
        self.reserved.setStyleSheet(NOTE_STYLE)
        window_row = QHBoxLayout()
        window_row.addWidget(QLabel("Call length:"))
        window_row.addWidget(self.min_minutes)
        window_row.addWidget(QLabel("to"))
        window_row.addWidget(self.max_minutes)
        window_row.addWidget(self.rebuild_button)
        window_row.addSpacing(12)
        window_row.addWidget(self.reserved, 1)
        self._window_row = window_row

        self.error = QLabel()
        self.error.setObjectName("guideError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("guideReadOnly")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet("font-weight: 600;")
        self.read_only_note.hide()
        self.notes = QLabel()
        self.notes.setObjectName("guideNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(NOTE_STYLE + " font-size: 9pt;")
        self.notes.hide()

        self.outcome.currentIndexChanged.connect(lambda _i: self._subject_by_hand_changed())
        self.competitor.activated.connect(lambda _i: self._subject_by_hand_changed())
        self.competitor.lineEdit().editingFinished.connect(self._subject_by_hand_changed)
        self.min_minutes.valueChanged.connect(lambda value: self._window_changed(value, None))
        self.max_minutes.valueChanged.connect(lambda value: self._window_changed(None, value))
        self.rebuild_button.clicked.connect(lambda: self.rebuild())

    def _build_body(self) -> None:
        self.view = GuideView()
        self.view.setObjectName("guideLines")
        self.view.setAccessibleName("Questions of the guide, in interview order")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(PLANNED, PlannedDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        # Drag and drop moves lines inside this guide only: the model refuses another model's lines.
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() * 2)  # room to read and grab
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(QUESTION, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NUMBER, 36), (PHASE, 150), (PLANNED, 72), (PRIORITY, 64), (FLAGS, 56)):
            header.resizeSection(column, width)
        self.view.setToolTip("Drag a question to reorder it, or Ctrl+Up / Ctrl+Down; Delete removes it; "
                             "double-click its planned time to change it")
        self.view.move_requested.connect(self.move_selected)
        self.view.remove_requested.connect(self.remove_selected)
        self.view.add_requested.connect(self.add_question)
        self.model.edited.connect(self._edited)

        self.add_button = QPushButton("Add question…")
        self.add_button.setObjectName("addQuestion")
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.add_button.setToolTip("Add a question of the bank that fits this deal (Ctrl+N or Insert)")
        self.up_button = QPushButton("Move up")
        self.up_button.setObjectName("moveUp")
        self.up_button.setToolTip("Move the selected question earlier (Ctrl+Up), or drag it")
        self.down_button = QPushButton("Move down")
        self.down_button.setObjectName("moveDown")
        self.down_button.setToolTip("Move the selected question later (Ctrl+Down), or drag it")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeQuestion")
        self.remove_button.setToolTip("Take the selected question out of the guide (Delete)")
        self.add_button.clicked.connect(lambda: self.add_question())
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        edit_row = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)

        self.budget_bar = BudgetBar()
        self.status = QLabel()
        self.status.setObjectName("guideStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(NOTE_STYLE)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveGuide")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.print_button = QPushButton("Print to Word…")
        self.print_button.setObjectName("printGuide")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("Save the guide as a Word document for the interviewer (Ctrl+P)")
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("closeGuide")
        self.close_button.setToolTip("Close the builder (Esc)")
        self.save_button.clicked.connect(lambda: self.save())
        self.print_button.clicked.connect(lambda: self.print_to_word())
        self.close_button.clicked.connect(self.reject)
        self.unsaved = QLabel(NOT_SAVED)
        self.unsaved.setObjectName("guideUnsaved")
        self.unsaved.setAccessibleName(NOT_SAVED)
        self.unsaved.setToolTip("The interview keeps this guide, and its call can start, once it is saved (Ctrl+S)")
        self.unsaved.setStyleSheet(UNSAVED_STYLE)
        self.unsaved.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.unsaved)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.by_hand)
        layout.addLayout(self._window_row)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.error)
        layout.addWidget(self.notes)
        layout.addWidget(self.view, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.budget_bar)
        layout.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter belongs to the table's editor, never to a button
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())

    # -- opening and building ---------------------------------------------------------------------------

    def _open(self, interview_id: int | None) -> None:
        """Read whom the guide is for, then show the saved guide or build one."""
        from question_bank.durations import observed_durations
        from question_bank.guides import GuideError, saved_guide, subject_for_interview

        saved = None
        try:
            with self._database.sessions() as session:
                self.model.set_learned(observed_durations(session))
                if interview_id is None:
                    self._fill_competitors(session)
                else:
                    self.subject = subject_for_interview(session, interview_id)
                    saved = saved_guide(session, interview_id)
        except GuideError as exc:
            self._show_error(str(exc))
            self._enable()
            return
        if interview_id is None:
            self._subject_by_hand_changed()
            return
        self._show_subject()
        if saved is not None:
            self._set_window(saved.window)
            self.model.set_draft(GuideDraft(saved.lines, saved.window, saved.intro_seconds, saved.wrap_seconds))
            self._set_status("Opened the guide saved on this interview.")
        else:
            self.rebuild()
        self.dirty = saved is None  # a guide built on opening is not the interview's until it is saved
        self._enable()
        self._focus_first()

    def _focus_first(self) -> None:
        if self.model.rowCount():
            self.select_row(0)
        self.view.setFocus()

    def _fill_competitors(self, session: Any) -> None:
        from sqlalchemy import select

        from interviewer.models import Deal

        names = session.scalars(select(Deal.competitor).where(Deal.competitor.is_not(None)).distinct())
        self._known_competitors = sorted({named for named in map(named_competitor, names) if named}, key=str.lower)
        self.competitor.addItem("")
        self.competitor.addItems(self._known_competitors)

    def _subject_by_hand_changed(self) -> None:
        """The outcome or competitor chosen by hand changed: a guide for them is built again."""
        from question_bank.guides import subject_by_hand

        if self.by_hand.isHidden():
            return
        outcome = Outcome(self.outcome.currentData())
        competitor = self.competitor.currentText().strip() or None
        subject = subject_by_hand(outcome, competitor)
        if self.subject is not None and subject == self.subject:
            return
        self.subject = subject
        self._show_subject()
        self.rebuild()
        self.dirty = False
        self._enable()
        self._focus_first()

    def _show_subject(self) -> None:
        assert self.subject is not None
        self.title.setText(self.subject.title)
        self.setWindowTitle(self.subject.title)
        self.facts.setText("   ·   ".join(f"<b>{escape(label)}:</b>&nbsp;{escape(value).replace(' ', '&nbsp;')}"
                                          for label, value in self.subject.facts))  # wrap between facts only
        self.facts.setVisible(bool(self.subject.facts))
        reason = self.subject.locked or (READ_ONLY_FOR_INTERVIEWER if not self.editable else "")
        self.read_only_note.setText(f"Read only: {reason}" if reason else "")
        self.read_only_note.setVisible(bool(reason))
        self.model.read_only = not self.editable

    def rebuild(self) -> bool:
        """Choose the best guide for the window again; when none fits, say why inline and keep the lines."""
        from question_bank.builder import GuideInfeasible
        from question_bank.guides import build_for

        if self.subject is None:
            return False
        draft = self.model.draft
        window = Window(self.min_minutes.value(), self.max_minutes.value())
        try:
            with self._database.sessions() as session, session.begin():  # the default bank is loaded on first use
                built = build_for(session, self.subject, window, draft.intro_seconds, draft.wrap_seconds)
        except GuideInfeasible as exc:
            self._show_error(str(exc))
            return False
        self._show_error("")
        self.model.set_draft(GuideDraft(built.lines, window, draft.intro_seconds, draft.wrap_seconds))
        self.notes.setText(" ".join(built.left_out))
        self.notes.setVisible(bool(built.left_out))
        self._set_status(f"Built: {len(built.lines)} questions chosen for a {window.min_minutes}–"
                         f"{window.max_minutes} minute call.")
        return True

    @property
    def dirty(self) -> bool:
        """The guide differs from what the interview has saved (or the interview has none yet)."""
        return self._dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self._dirty = value
        self.unsaved.setVisible(value and self.may_save)

    # -- permissions ------------------------------------------------------------------------------------

    @property
    def may_save(self) -> bool:
        """The guide is for an interview whose call has not started, and the profile may change it."""
        return (self.subject is not None and self.subject.interview_id is not None and not self.subject.locked
                and self._profile is not None and self._profile.role in SAVERS)

    @property
    def editable(self) -> bool:
        """By hand anyone edits (to print); an interview's guide only whoever may save it."""
        if self.subject is None:
            return False
        return self.may_save if self.subject.interview_id is not None else True

    def _enable(self) -> None:
        editable = self.editable
        selected = self.selected_row() is not None
        self.view.setDragEnabled(editable)
        self.view.setAcceptDrops(editable)
        for widget in (self.min_minutes, self.max_minutes, self.rebuild_button, self.add_button,
                       self.outcome, self.competitor):
            widget.setEnabled(editable)
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(editable and selected)
        self.save_button.setEnabled(self.may_save)
        self.print_button.setEnabled(self.subject is not None)
        if self.subject is not None and self.subject.locked:
            self.save_button.setToolTip(self.subject.locked)
        elif not self.may_save:
            self.save_button.setToolTip(READ_ONLY_FOR_INTERVIEWER)
        else:
            self.save_button.setToolTip("Save the guide to the interview (Ctrl+S)")

    # -- editing --------------------------------------------------------------------------------------------

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, QUESTION))

    def move_selected(self, delta: int) -> int | None:
        """Move the selected line ``delta`` places (Ctrl+Up / Ctrl+Down); returns its new row."""
        row = self.selected_row()
        if row is None or not self.editable:
            return None
        target = self.model.move_line(row, row + delta)
        self.select_row(target)
        return target

    def remove_selected(self) -> GuideLine | None:
        """Take the selected line out (Delete); a required one goes too, with a note."""
        row = self.selected_row()
        if row is None or not self.editable:
            return None
        line = self.model.remove_line(row)
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        self._set_status(f"Removed a required question: “{_short(line.text)}”." if line.required
                         else f"Removed “{_short(line.text)}”.")
        return line

    def add_question(self) -> QuestionPicker | None:
        """Open the picker over the bank's questions that fit and are not in the guide; the chosen one is inserted."""
        if not self.editable:
            return None
        picker = QuestionPicker(self.candidates(), self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self._insert(picker.chosen()))
        picker.open()
        return picker

    def candidates(self) -> list[GuideLine]:
        """The bank's active questions that fit the subject and are not in the guide, filled and timed."""
        from question_bank.builder import BuildRequest, eligible, line_for
        from question_bank.store import bank_specs, ensure_default_bank, planned_seconds

        assert self.subject is not None
        request = BuildRequest(self.subject.outcome, self.subject.fill, self.model.draft.window)
        taken = self.model.draft.keys()
        with self._database.sessions() as session, session.begin():
            specs, _notes = eligible(bank_specs(session, ensure_default_bank(session)), request)
            specs = [spec for spec in specs if spec.key not in taken]
            seconds = planned_seconds(session, specs)
        return [line_for(spec, seconds[spec.key], self.subject.fill) for spec in specs]

    def _insert(self, line: GuideLine | None) -> None:
        if line is None:
            return
        row = self.selected_row()
        if row is not None:
            position = row + 1
        else:
            arc = list(Phase)
            position = sum(1 for kept in self.model.draft.lines if arc.index(kept.phase) <= arc.index(line.phase))
        self.select_row(self.model.insert_line(position, line))
        self._set_status(f"Added “{_short(line.text)}”.")

    def _window_changed(self, low: int | None, high: int | None) -> None:
        """Keep min ≤ max, then show the budget against the new window (Rebuild chooses again)."""
        if low is not None and low > self.max_minutes.value():
            self.max_minutes.setValue(low)
            return
        if high is not None and high < self.min_minutes.value():
            self.min_minutes.setValue(high)
            return
        self.model.draft.window = Window(self.min_minutes.value(), self.max_minutes.value())
        self._edited()

    def _set_window(self, window: Window) -> None:
        for spin, value in ((self.min_minutes, window.min_minutes), (self.max_minutes, window.max_minutes)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _edited(self) -> None:
        draft = self.model.draft
        self.dirty = True
        self.budget_bar.set_budget(draft.budget())
        self.reserved.setText(f"includes {clock_text(draft.intro_seconds)} introduction and "
                              f"{clock_text(draft.wrap_seconds)} wrap-up · {len(draft.lines)} questions")
        self._enable()

    # -- saving and printing -----------------------------------------------------------------------------------

    def _actor(self) -> str:
        return self._profile.name if self._profile else "local user"

    def save(self) -> bool:
        """Save the guide to the interview; a conflict or refusal is shown inline and the edits stay."""
        from question_bank.guides import GuideError, save_guide

        if self.subject is None or not self.may_save:
            return False
        draft = self.model.draft
        try:
            with self._database.sessions() as session, session.begin():
                version = save_guide(session, self.subject, draft.lines, draft.window, actor=self._actor(),
                                     clock=self._clock, intro_seconds=draft.intro_seconds,
                                     wrap_seconds=draft.wrap_seconds)
        except GuideError as exc:
            self._show_error(str(exc))
            return False
        self.subject = replace(self.subject, version=version)
        self.dirty = False
        self._show_error("")
        self._set_status(f"Saved: {len(draft.lines)} questions, {clock_text(draft.total_seconds)} planned.")
        assert self.subject.interview_id is not None
        self.saved.emit(self.subject.interview_id)
        return True

    def default_file_name(self) -> str:
        """The document's name from the guide's title, in characters every file system accepts."""
        title = self.subject.title if self.subject else "Interview guide"
        safe = re.sub(r"[^\w ,.()-]+", "-", title.replace("·", "-"))
        return re.sub(r"[\s-]*-[\s-]*", " - ", safe).strip(" .-")[:120] + ".docx"

    def print_to_word(self, path: Path | None = None) -> Path | None:
        """Write the guide as a .docx (asking where unless ``path`` is given); returns where it went."""
        from exports.guide_document import write_guide_document
        from question_bank.guides import printable

        if self.subject is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Print the guide to Word", self.default_file_name(),
                                                    "Word documents (*.docx)")
            if not chosen:
                return None
            path = Path(chosen)
        draft = self.model.draft
        guide = printable(self.subject, draft.lines, draft.window, draft.intro_seconds, draft.wrap_seconds)
        try:
            written = write_guide_document(guide, path)
        except OSError as exc:
            self._show_error(f"The document could not be written to {path}: {exc.strerror or exc}. "
                             "Choose another folder.")
            return None
        self._show_error("")
        self._set_status(f"Printed to {written}.")
        return written

    # -- messages, closing, geometry --------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def reject(self) -> None:
        """Close; with unsaved edits ask once whether to save or discard them (window-modal, never blocking)."""
        if self.dirty and self.may_save and not self._discarding:
            if self.discard_box is None:
                buttons = QMessageBox.StandardButton
                box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", "Save the guide before closing?",
                                  buttons.Save | buttons.Discard | buttons.Cancel, self)
                box.setObjectName("discardChanges")
                box.setInformativeText("The interview keeps only a saved guide: Discard leaves it as it was.")
                box.setDefaultButton(QMessageBox.StandardButton.Cancel)
                box.finished.connect(self._discard_answered)
                self.discard_box = box
            self.discard_box.open()
            return
        super().reject()

    def _discard_answered(self, result: int) -> None:
        if result == QMessageBox.StandardButton.Discard:
            self._discarding = True
            self.reject()
        elif result == QMessageBox.StandardButton.Save and self.save():
            self.reject()

    def _settings(self) -> Any:
        from ui.settings import WindowSettings

        settings = getattr(self.parentWidget().window(), "settings", None) if self.parentWidget() else None
        return settings if isinstance(settings, WindowSettings) else None

    def _restore_geometry(self) -> None:
        settings = self._settings()
        geometry = settings.area_state(SETTINGS_GROUP).get("geometry") if settings else None
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def hideEvent(self, event: QHideEvent) -> None:
        settings = self._settings()
        if settings is not None:
            settings.save_area_state(SETTINGS_GROUP, {"geometry": self.saveGeometry()})
        super().hideEvent(event)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
