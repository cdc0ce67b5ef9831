"""The Questions area: the bank in a filterable table, each question's details, editing, import and export."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import Outcome, Phase, Role, Team
from question_bank.spec import INTERVIEW_OUTCOMES
from ui.area import (
    WORDS_TIP,
    Area,
    SelectsById,
    filter_box,
    rows_table,
    table_or_message,
)
from ui.questions.detail import detail_html
from ui.questions.model import (
    ESTIMATE,
    FLAGS,
    OBSERVED,
    OUTCOMES,
    PHASE,
    PLANNED,
    PRIORITY,
    QUESTION,
    TEAMS,
    QuestionFilter,
    QuestionsModel,
)
from ui.undo import Command

if TYPE_CHECKING:  # these load SQLAlchemy, or are dialogs loaded when first opened
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from question_bank.store import BankImport, QuestionRow
    from ui.questions.editor import QuestionEditor
    from ui.questions.problems import BankProblemsDialog

log = logging.getLogger(__name__)

EDITORS = (Role.PROGRAM_OWNER, Role.MANAGER)
READ_ONLY_TIP = "Only the program owner or a manager may change the question bank"
BANK_FILTERS = "YAML bank files (*.yaml *.yml);;JSON bank files (*.json)"
COLUMN_WIDTHS = {PHASE: 130, OUTCOMES: 96, PLANNED: 58, PRIORITY: 56, FLAGS: 60, TEAMS: 120}
"""The question's column takes the rest of the width, so at 1280×800 every column shows without scrolling; long
texts wrap and their row grows, so nothing is cut."""
IN_DETAILS_ONLY = (ESTIMATE, OBSERVED)
"""Columns the details' Time section tells beside the planned time, hidden in the table to give the question room."""


class QuestionsArea(SelectsById, Area):
    """The question bank: read it, filter it in memory, and (owner or manager) change it."""

    title = "Questions"
    changed = Signal()
    """A question was created, edited, duplicated, retired or restored, or a bank was imported."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self._bank_id: int | None = None
        self._retired_id: int | None = None

        self.filter_box = filter_box("questionsFilter",
                                     "Filter: text, key, purpose, probes or tags…",
                                     "Filter questions", WORDS_TIP)
        self.filter_box.setMinimumWidth(220)
        self.phase_box = self._combo("questionsPhase", "Phase filter", "All phases", [(p.label, p) for p in Phase])
        self.outcome_box = self._combo("questionsOutcome", "Outcome filter", "All outcomes",
                                       [(o.label, o) for o in INTERVIEW_OUTCOMES])  # fmt: skip
        self.team_box = self._combo("questionsTeam", "Team filter", "All teams", [(t.label, t) for t in Team])
        self.show_retired = QCheckBox("Show retired")
        self.show_retired.setObjectName("questionsShowRetired")
        self.show_retired.setToolTip("Also list the questions guides no longer choose")
        self.count_label = QLabel()
        self.count_label.setObjectName("questionsCount")
        self.count_label.setAccessibleName("Questions shown")

        self.model = QuestionsModel(self)
        self.proxy = QuestionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = rows_table("questionsTable", "Questions", self.proxy, self.fontMetrics().height() + 8)
        self.columns = self.table
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the bank's own order until a header is clicked
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        for column in IN_DETAILS_ONLY:
            self.table.setColumnHidden(column, True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QUESTION, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.stack, self.empty_label = table_or_message(self.table, "questionsEmpty")

        self.new_action = self._action("&New question…", "newQuestion", self.new_question, "Ctrl+Shift+N",
                                       "Add a question to the bank")  # fmt: skip
        self.edit_action = self._action("&Edit…", "editQuestion", self.edit_selected, "Return",
                                        "Change the selected question (Enter or double-click)", self.table)  # fmt: skip
        self.duplicate_action = self._action("&Duplicate", "duplicateQuestion", self.duplicate_selected, "Ctrl+D",
                                             "Copy the selected question under a new key")  # fmt: skip
        self.retire_action = self._action("&Retire", "retireQuestion", self.toggle_retired, "Delete",
                                          "Guides stop choosing it; Restore brings it back", self.table)  # fmt: skip
        self.import_action = self._action("&Import bank…", "importBank", self.import_bank, None,
                                          "Merge a YAML or JSON bank file by key: new keys added, changed ones updated")
        self.export_action = self._action("E&xport bank…", "exportBank", self.export_bank, None,
                                          "Save the whole bank as a YAML or JSON file")  # fmt: skip
        self.guide_action = self._action("&Build a guide…", "buildGuide", self.build_guide, None,
                                         "Build a 15–20 minute guide for an outcome and a competitor")  # fmt: skip
        bar = QHBoxLayout()
        self.buttons: dict[str, QToolButton] = {}
        for action in (self.new_action, self.edit_action, self.duplicate_action, self.retire_action, None,
                       self.import_action, self.export_action, None, self.guide_action):  # fmt: skip
            if action is None:
                bar.addSpacing(12)
                continue
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(action.objectName() + "Button")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.buttons[action.objectName()] = button
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.message = QLabel()
        self.message.setObjectName("questionsMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.linkActivated.connect(self._message_link)
        self.message.hide()

        self.detail = QTextBrowser()
        self.detail.setObjectName("questionDetail")
        self.detail.setAccessibleName("Details of the selected question")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(280)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_box, 1)
        for widget in (self.phase_box, self.outcome_box, self.team_box, self.show_retired):
            filters.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.stack, 1)
        self.split("questionsSplitter", left, self.detail, (940, 300), stretch=(3, 1))

        self.filter_box.textChanged.connect(lambda text: self._filter(text=text))
        self.phase_box.currentIndexChanged.connect(lambda _i: self._filter(phase=_chosen(self.phase_box, Phase)))
        self.outcome_box.currentIndexChanged.connect(
            lambda _i: self._filter(outcome=_chosen(self.outcome_box, Outcome)))
        self.team_box.currentIndexChanged.connect(lambda _i: self._filter(team=_chosen(self.team_box, Team)))
        self.show_retired.toggled.connect(lambda shown: self._filter(show_retired=shown))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())  # double-click (Enter: the action)
        self.table.customContextMenuRequested.connect(self._context_menu)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_box, self.filter_box.clear)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._fill(None)

    def _combo(self, name: str, accessible: str, everything: str, choices: list[tuple[str, Any]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.addItem(everything, None)
        for label, value in choices:
            box.addItem(label, value)
        return box

    def _action(self, text: str, name: str, slot: Any, shortcut: str | None, tip: str,
                owner: QWidget | None = None) -> QAction:  # fmt: skip
        """An action for the buttons, the context menu and (within the area, or only ``owner``) its shortcut."""
        action = QAction(text, self)
        action.setObjectName(name)
        plain = tip
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if owner else
                                      Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
            if "(" not in tip:
                plain = f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(plain)
        action.setData(plain)
        action.triggered.connect(lambda _checked=False: slot())
        (owner or self).addAction(action)
        return action

    # -- state -----------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self._bank_id = None
        self._say("")
        self.reload()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile
        self._update_actions()

    def _actor(self) -> str:
        return self._profile.name if self._profile else "local user"

    def _may_change(self) -> bool:
        return self._profile is not None and self._profile.role in EDITORS and self._database is not None

    def reload(self, select_id: int | None = None) -> None:
        """Read the bank once (filtering works on these rows) and keep or move the selection."""
        from sqlalchemy.exc import SQLAlchemyError

        from question_bank.quality import check_question
        from question_bank.store import ensure_default_bank, list_questions

        keep = select_id if select_id is not None else self.selected_id()
        if self._database is None:
            self._fill(None)
            return
        try:
            with self._database.sessions() as session, session.begin():
                self._bank_id = ensure_default_bank(session, self._actor())
                rows = list_questions(session, self._bank_id)
        except SQLAlchemyError:
            log.exception("reading the question bank failed")
            self._say("The question bank could not be read (details in the log file). Try View → Refresh.")
            rows = []
        issues = {row.id: found for row in rows if (found := check_question(row.spec.text))}
        self._fill(rows, issues)
        if keep is not None:
            self.select_question(keep)
        if self.selected_id() is None and self.proxy.rowCount():
            self._select_proxy_row(0)
        self._show_selected()

    def _fill(self, rows: list[QuestionRow] | None, issues: dict[int, Any] | None = None) -> None:
        self.model.set_rows(rows or [], issues)
        self._update_count()
        self._update_actions()

    def _filter(self, **changes: Any) -> None:
        keep = self.selected_id()
        self.proxy.set_filters(**changes)
        self._update_count()
        if (keep is None or not self.select_question(keep)) and self.proxy.rowCount():
            self._select_proxy_row(0)
        self._show_selected()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        retired = sum(not row.spec.active for row in self.model.rows())
        hidden = f" · {retired} retired hidden" if retired and not self.show_retired.isChecked() else ""
        self.count_label.setText(f"{shown} of {total} questions{hidden}")
        if self._database is None:
            self.empty_label.setText("No database is open. Use File → Open database… or File → Open demo program."
                                     )  # fmt: skip
        elif not total:
            self.empty_label.setText("The question bank is empty. Add a question with “New question…”, "
                                     "or import a bank file with “Import bank…”.")  # fmt: skip
        else:
            self.empty_label.setText("No question matches these filters. Press Esc in the filter box to clear it, "
                                     "set the filters to “All”, or tick “Show retired”.")  # fmt: skip
        self.stack.setCurrentIndex(0 if shown else 1)

    # -- selection -----------------------------------------------------------------------------------

    def selected(self) -> QuestionRow | None:
        return SelectsById.selected(self)

    def select_question(self, question_id: int) -> bool:
        """Select the question with this id if the filters show it."""
        return self.select_id(question_id)

    def shown_texts(self) -> list[str]:
        """The question texts the table shows, top to bottom."""
        return [self.proxy.index(row, QUESTION).data() for row in range(self.proxy.rowCount())]

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    # -- details and actions ----------------------------------------------------------------------------

    def _show_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.setHtml("<p style='color: #757575'>Select a question to see why we ask it, "
                                "its probes, who its answers go to and how long it really takes.</p>")  # fmt: skip
        else:
            self.detail.setHtml(detail_html(row, self.model.issues(row.id)))
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected()
        may_change = self._may_change()
        for action, needs_row in ((self.new_action, False), (self.edit_action, True),
                                  (self.duplicate_action, True), (self.retire_action, True),
                                  (self.import_action, False), (self.guide_action, False)):  # fmt: skip
            action.setEnabled(may_change and (row is not None or not needs_row))
            action.setToolTip(action.data() if may_change or self._database is None else READ_ONLY_TIP)
        self.export_action.setEnabled(self._database is not None and self.model.rowCount() > 0)
        retired = row is not None and not row.spec.active
        self.retire_action.setText("&Restore" if retired else "&Retire")
        self.retire_action.setShortcut(QKeySequence() if retired else QKeySequence(QKeySequence.StandardKey.Delete))
        if retired and may_change:
            self.retire_action.setToolTip("Let guides choose this question again")

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.edit_action, self.duplicate_action, self.retire_action, None, self.new_action,
                       self.guide_action):  # fmt: skip
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _say(self, html: str) -> None:
        self.message.setText(html)
        self.message.setVisible(bool(html))

    def _message_link(self, link: str) -> None:
        if link == "restore" and self._retired_id is not None:
            self.set_active(self._retired_id, True)

    def open_editor(self, question_id: int | None = None) -> QuestionEditor | None:
        """Open the editor (window-modal) on a question, or on a new one when ``question_id`` is None."""
        from ui.questions.editor import QuestionEditor

        if not self._may_change() or self._bank_id is None:
            return None
        position = self.model.position_of(question_id) if question_id is not None else None
        row = self.model.row(position) if position is not None else None
        if question_id is not None and row is None:
            return None
        taken = [r.spec.key for r in self.model.rows()]
        dialog = QuestionEditor(self._database, self._bank_id, self._actor(), row.spec if row else None,
                                row.updated_at if row else None, taken, self)  # type: ignore[arg-type]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def new_question(self) -> QuestionEditor | None:
        return self.open_editor(None)

    def edit_selected(self) -> QuestionEditor | None:
        question_id = self.selected_id()
        return self.open_editor(question_id) if question_id is not None else None

    def _saved(self, question_id: int) -> None:
        self._say("")
        self._reveal(question_id)
        self.changed.emit()

    def _reveal(self, question_id: int) -> None:
        """Reload and select ``question_id``, loosening the filters if they would hide it."""
        self.reload(select_id=question_id)
        if self.selected_id() != question_id:
            for box in (self.phase_box, self.outcome_box, self.team_box):
                box.setCurrentIndex(0)
            self.filter_box.clear()
            self.show_retired.setChecked(True)
            self.select_question(question_id)

    def _run(self, work: Any) -> Any:
        """Run ``work(session)`` in one transaction; a refusal is shown in words and gives None."""
        from sqlalchemy.exc import SQLAlchemyError

        from question_bank.store import QuestionError

        if not self._may_change() or self._bank_id is None:
            return None
        try:
            with self._database.sessions() as session, session.begin():  # type: ignore[union-attr]
                return work(session)
        except QuestionError as exc:
            self._say(str(exc))
        except SQLAlchemyError:
            log.exception("changing the question bank failed")
            self._say("The database did not accept the change; nothing was changed (details in the log file).")
        return None

    def duplicate_selected(self) -> int | None:
        """Copy the selected question under a '-copy' key and select the copy; returns its id."""
        from question_bank.store import duplicate_question

        row = self.selected()
        if row is None:
            return None
        new_id = self._run(lambda session: duplicate_question(session, row.id, actor=self._actor()))
        if new_id is not None:
            self._say(f"Copied “{_short(row.spec.text)}”: edit the copy to make it different.")
            self._reveal(new_id)
            self.changed.emit()
        return new_id

    def toggle_retired(self) -> bool:
        """Retire the selected question, or restore it when it is retired (Edit → Undo takes either back)."""
        row = self.selected()
        if row is None:
            return False
        question_id, active = row.id, not row.spec.active
        if self.undo_stack is None:
            return self.set_active(question_id, active)
        change = Command(f"{'restoring' if active else 'retiring'} “{_short(row.spec.text, 40)}”",
                         do=lambda: self.set_active(question_id, active),
                         undo=lambda: self.set_active(question_id, not active))  # fmt: skip
        return bool(self.undo_stack.do(change))

    def set_active(self, question_id: int, active: bool) -> bool:
        """Retire (no question asked: Restore undoes it) or restore a question."""
        from question_bank.store import set_active

        position = self.model.position_of(question_id)
        if position is None:
            return False
        spec = self.model.row(position).spec
        if self._run(lambda session: set_active(session, question_id, active, actor=self._actor()) or True) is None:
            return False
        if active:
            self._retired_id = None
            self._say(f"Restored “{_short(spec.text)}”: guides may choose it again.")
            self._reveal(question_id)
        else:
            self._retired_id = question_id
            self._say(f"Retired “{_short(spec.text)}” — <a href='restore'>Restore</a> (or Edit → Undo, Ctrl+Z)")
            self.reload()
        self.changed.emit()
        return True

    def import_bank(self, path: Path | None = None) -> BankImport | None:
        """Merge a bank file (asked for unless given); every problem of a bad file is listed, nothing imported."""
        from question_bank.bank_file import BankFileError, read_bank_file
        from question_bank.store import import_bank

        if not self._may_change():
            return None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Import a question bank", "",
                                                    f"Bank files (*.yaml *.yml *.json);;{BANK_FILTERS}")  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen)
        try:
            bank = read_bank_file(path)
        except BankFileError as exc:
            self.show_problems(path, [str(problem) for problem in exc.problems])
            self._say(f"{path.name} was not imported: it has {len(exc.problems)} problem(s), listed in the dialog.")
            return None
        result = self._run(lambda session: import_bank(session, self._bank_id, bank, actor=self._actor()))
        if result is not None:
            self.reload()
            self._say(f"Imported {path.name}: {result.added} added, {result.updated} updated, "
                      f"{result.unchanged} unchanged.")  # fmt: skip
            self.changed.emit()
        return result

    def show_problems(self, path: Path, problems: list[str]) -> BankProblemsDialog:
        from ui.questions.problems import BankProblemsDialog

        dialog = BankProblemsDialog(path, problems, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_bank(self, path: Path | None = None) -> bool:
        """Save the whole bank as YAML or JSON (from the file name, else the chosen filter)."""
        from question_bank.bank_file import write_bank_file
        from question_bank.store import QuestionError, export_bank

        if self._database is None or self._bank_id is None:
            return False
        if path is None:
            chosen, kind = QFileDialog.getSaveFileName(self, "Export the question bank", "question-bank.yaml",
                                                       BANK_FILTERS)  # fmt: skip
            if not chosen:
                return False
            path = Path(chosen)
            if path.suffix.lower() not in (".yaml", ".yml", ".json"):
                path = path.with_suffix(".json" if "json" in kind.lower() else ".yaml")
        try:
            with self._database.sessions() as session:
                bank = export_bank(session, self._bank_id)
            write_bank_file(bank, path)
        except (QuestionError, OSError, ValueError) as exc:
            self._say(f"The bank was not exported: {exc}")
            return False
        self._say(f"Exported {len(bank.questions)} questions to {path}.")
        return True

    def build_guide(self) -> Any:
        """Open the guide builder for an outcome and a competitor (not tied to an interview)."""
        if self._database is None:
            return None
        try:
            from ui.guides.builder import open_guide_builder
        except ImportError:
            log.exception("the guide builder could not be loaded")
            self._say("The guide builder is not available in this version.")
            return None
        return open_guide_builder(self, self._database, profile=self._profile, clock=self._clock)



def _chosen(box: QComboBox, kind: type[Any]) -> Any:
    """The combo's choice as its enum member (Qt hands string enums back as plain strings); None for "All"."""
    value = box.currentData()
    return None if value is None else kind(value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
