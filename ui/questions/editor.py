"""The question editor: every field of a bank question, its wording checked as you type, saved without lost edits."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import Phase, Team
from question_bank.quality import QualityIssue, check_question
from question_bank.spec import (
    INTERVIEW_OUTCOMES,
    MAX_PRIORITY,
    MAX_SECONDS,
    MIN_PRIORITY,
    MIN_SECONDS,
    QuestionSpec,
    spec_problems,
)
from ui.format import outcome_icon
from ui.questions.detail import format_seconds

if TYPE_CHECKING:  # loads SQLAlchemy
    from interviewer.db import Database

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "background: palette(alternate-base); border-left: 3px solid #b26a00; padding: 6px;"
PLACEHOLDER_HELP = "{company}, {competitor} and {product} are filled in from the deal when a guide is built."
_KEY_WORDS = 5


def suggest_key(phase: Phase, text: str, taken: Collection[str] = ()) -> str:
    """A key from the phase and the question's first words, e.g. "decision_process.who-took-part-in"."""
    plain = re.sub(r"['’]", "", re.sub(r"\{[^{}]*\}", " ", text.lower()))  # "don't" is one word: "dont"
    words = re.findall(r"[a-z0-9]+", plain)[:_KEY_WORDS]
    stem = f"{phase.value}.{'-'.join(words) or 'question'}"[:72].rstrip("-.")
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}-{number}", number + 1
    return key


class DurationSpinBox(QSpinBox):
    """Seconds, shown and typed as m:ss (plain seconds are understood too)."""

    def textFromValue(self, value: int) -> str:
        return format_seconds(value)

    def valueFromText(self, text: str) -> int:
        return _seconds(text) or 0

    def validate(self, text: str, position: int) -> object:
        from PySide6.QtGui import QValidator

        if re.fullmatch(r"\d{0,2}(:\d{0,2})?", text.strip()):
            seconds = _seconds(text)
            fits = seconds is not None and self.minimum() <= seconds <= self.maximum()
            return QValidator.State.Acceptable if fits else QValidator.State.Intermediate
        return QValidator.State.Invalid


def _seconds(text: str) -> int | None:
    match = re.fullmatch(r"\s*(\d*)(?::(\d*))?\s*", text)
    if not match or not (match[1] or match[2]):
        return None
    if match[2] is None:
        return int(match[1])  # plain seconds
    return int(match[1] or 0) * 60 + int(match[2] or 0)


class QuestionEditor(QDialog):
    """Create or edit one bank question; ``saved`` carries its id once stored."""

    saved = Signal(int)

    def __init__(
        self,
        database: Database,
        bank_id: int,
        actor: str,
        spec: QuestionSpec | None = None,
        updated_at: datetime | None = None,
        taken_keys: Collection[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._bank_id = bank_id
        self._actor = actor
        self._question_id = spec.id if spec else None
        self._updated_at = updated_at
        self._taken = set(taken_keys) - ({spec.key} if spec else set())
        self._key_touched = spec is not None
        self._edited = spec is not None
        """Whether the form's problems are said: a new question shows none before anything is typed."""
        self._issues: list[QualityIssue] = []
        self.setWindowTitle("Edit question" if spec else "New question")
        self.setObjectName("questionEditor")
        self.setMinimumWidth(720)

        self.text = QPlainTextEdit()
        self.text.setObjectName("questionText")
        self.text.setAccessibleName("Question text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What was the biggest factor in your decision?")
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.placeholder_help = QLabel(PLACEHOLDER_HELP)
        self.placeholder_help.setStyleSheet("color: palette(placeholder-text);")
        self.quality = QFrame()
        self.quality.setObjectName("qualityPanel")
        self.quality.setAccessibleName("Wording check")
        self.quality.setStyleSheet(f"#qualityPanel {{ {WARNING_STYLE} }}")
        self.quality_layout = QGridLayout(self.quality)
        self.quality_layout.setColumnStretch(0, 1)
        self.quality_layout.setContentsMargins(6, 4, 6, 4)
        self.quality.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.quality.hide()
        self.phase = QComboBox()
        self.phase.setObjectName("questionPhase")
        self.phase.setAccessibleName("Phase")
        for phase in Phase:
            self.phase.addItem(phase.label, phase)
        self.key = QLineEdit()
        self.key.setObjectName("questionKey")
        self.key.setAccessibleName("Key")
        self.key.setToolTip("The question's stable name in bank files; suggested from the phase and first words")
        self.outcomes = {}
        outcome_row = QHBoxLayout()
        for outcome in INTERVIEW_OUTCOMES:
            box = QCheckBox(outcome.label)
            box.setObjectName(f"outcome_{outcome.value}")
            box.setAccessibleName(f"Fits {outcome.label.lower()} deals")
            box.setIcon(outcome_icon(outcome))
            self.outcomes[outcome] = box
            outcome_row.addWidget(box)
        outcome_row.addStretch(1)
        self.estimate = DurationSpinBox()
        self.estimate.setObjectName("questionEstimate")
        self.estimate.setAccessibleName("Estimated time (minutes:seconds)")
        self.estimate.setRange(MIN_SECONDS, MAX_SECONDS)
        self.estimate.setSingleStep(15)
        self.estimate.setToolTip("How long the buyer takes to answer, as m:ss (arrows change it by 15 seconds)")
        self.priority = QSpinBox()
        self.priority.setObjectName("questionPriority")
        self.priority.setAccessibleName("Priority")
        self.priority.setRange(MIN_PRIORITY, MAX_PRIORITY)
        self.priority.setToolTip(f"{MAX_PRIORITY} is the most important: guides keep it when time is short")
        self.required = QCheckBox("Required: every guide asks it")
        self.required.setObjectName("questionRequired")
        self.required.setAccessibleName("Required")
        self.active = QCheckBox("Active: guides may choose it")
        self.active.setObjectName("questionActive")
        self.active.setAccessibleName("Active")
        numbers = QHBoxLayout()
        numbers.addWidget(self.estimate)
        numbers.addSpacing(16)
        numbers.addWidget(QLabel("Priority:"))
        numbers.addWidget(self.priority)
        numbers.addStretch(1)
        flags = QHBoxLayout()
        flags.addWidget(self.required)
        flags.addSpacing(16)
        flags.addWidget(self.active)
        flags.addStretch(1)
        self.purpose = QPlainTextEdit()
        self.purpose.setObjectName("questionPurpose")
        self.purpose.setAccessibleName("Why we ask")
        self.purpose.setTabChangesFocus(True)
        self.purpose.setPlaceholderText("What the answer tells us, e.g. the top-level driver before the details")
        self.purpose.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)
        self.probes = QPlainTextEdit()
        self.probes.setObjectName("questionProbes")
        self.probes.setAccessibleName("Probes, one per line")
        self.probes.setTabChangesFocus(True)
        self.probes.setPlaceholderText("One follow-up per line, e.g. What else weighed in?")
        self.probes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.teams = {}
        team_row = QHBoxLayout()
        for team in Team:
            box = QCheckBox(team.label)
            box.setObjectName(f"team_{team.value}")
            box.setAccessibleName(f"Answers go to {team.label}")
            self.teams[team] = box
            team_row.addWidget(box)
        team_row.addStretch(1)
        self.tags = QLineEdit()
        self.tags.setObjectName("questionTags")
        self.tags.setAccessibleName("Tags, separated by commas")
        self.tags.setPlaceholderText("price, roadmap, …")
        self.problems = QLabel()
        self.problems.setObjectName("questionProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.error = QLabel()
        self.error.setObjectName("questionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE + " font-weight: 600;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveQuestion")
        self.save_button.setToolTip("Save the question (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Question:", self.text)
        form.addRow("", self.placeholder_help)
        form.addRow("", self.quality)
        form.addRow("P&hase:", self.phase)
        form.addRow("&Key:", self.key)
        form.addRow("Fits:", outcome_row)
        estimate_label = QLabel("&Estimate:")
        estimate_label.setBuddy(self.estimate)
        form.addRow(estimate_label, numbers)
        form.addRow("", flags)
        form.addRow("&Why we ask:", self.purpose)
        form.addRow("P&robes:", self.probes)
        form.addRow("Answers go to:", team_row)
        form.addRow("&Tags:", self.tags)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._load(spec or QuestionSpec(key="", text="", phase=Phase.OPENING, outcomes=frozenset(INTERVIEW_OUTCOMES)))
        self.text.textChanged.connect(self._text_changed)
        self.phase.currentIndexChanged.connect(lambda _i: self._suggest_key())
        self.key.textEdited.connect(self._key_edited)
        for widget in (self.key, self.tags, self.purpose):
            widget.textChanged.connect(lambda *_: self._changed())
        for box in (*self.outcomes.values(), *self.teams.values()):
            box.toggled.connect(lambda _on: self._changed())
        self.estimate.valueChanged.connect(lambda _value: self._changed())
        self.priority.valueChanged.connect(lambda _value: self._changed())
        self._check_wording()
        self._validate()
        self.text.setFocus()

    # -- reading and writing the fields -------------------------------------------------------------

    def _load(self, spec: QuestionSpec) -> None:
        self.text.setPlainText(spec.text)
        self.phase.setCurrentIndex(self.phase.findData(spec.phase))
        self.key.setText(spec.key)
        for outcome, box in self.outcomes.items():
            box.setChecked(outcome in spec.outcomes)
        self.estimate.setValue(spec.seconds)
        self.priority.setValue(spec.priority)
        self.required.setChecked(spec.required)
        self.active.setChecked(spec.active)
        self.purpose.setPlainText(spec.purpose)
        self.probes.setPlainText("\n".join(spec.probes))
        for team, box in self.teams.items():
            box.setChecked(team in spec.teams)
        self.tags.setText(", ".join(spec.tags))

    def spec(self) -> QuestionSpec:
        """The question as the fields now say."""
        return QuestionSpec(
            key=self.key.text().strip(),
            text=self.text.toPlainText().strip(),
            phase=Phase(self.phase.currentData()),
            outcomes=frozenset(outcome for outcome, box in self.outcomes.items() if box.isChecked()),
            seconds=self.estimate.value(),
            priority=self.priority.value(),
            purpose=self.purpose.toPlainText().strip(),
            probes=tuple(line.strip() for line in self.probes.toPlainText().splitlines() if line.strip()),
            teams=tuple(team for team, box in self.teams.items() if box.isChecked()),
            tags=tuple(dict.fromkeys(tag.strip() for tag in self.tags.text().split(",") if tag.strip())),
            active=self.active.isChecked(),
            required=self.required.isChecked(),
            id=self._question_id,
        )

    # -- live checks ------------------------------------------------------------------------------

    def _text_changed(self) -> None:
        self._edited = True
        self._suggest_key()
        self._check_wording()
        self._validate()

    def _changed(self) -> None:
        self._edited = True
        self._validate()

    def _key_edited(self, text: str) -> None:
        self._key_touched = bool(text.strip())  # emptied: suggest again

    def _suggest_key(self) -> None:
        if not self._key_touched:
            self.key.setText(suggest_key(Phase(self.phase.currentData()), self.text.toPlainText(), self._taken))

    def _check_wording(self) -> None:
        """Show what the wording check finds, each issue with its open rewrite (it never blocks saving)."""
        issues = check_question(self.text.toPlainText())
        if issues == self._issues and bool(self.quality_layout.count()) == bool(issues):
            return  # same finding as a keystroke ago: keep the panel as it is
        self._issues = issues
        while self.quality_layout.count():
            widget = self.quality_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the dialog now, not at the next event loop turn
                widget.deleteLater()
        shown: list[QWidget] = []
        for line, issue in enumerate(issues):
            shown.append(self._wrapped(f"⚠ {escape(issue.reason)}", "qualityIssue"))
            self.quality_layout.addWidget(shown[-1], line, 0, 1, 2)
        for number, suggestion in enumerate(dict.fromkeys(issue.suggestion for issue in issues)):
            button = QPushButton("Use suggestion")
            button.setObjectName("useSuggestion")
            button.setAccessibleName(f"Use suggestion {number + 1}: {suggestion}")
            button.setToolTip("Replace the question with this open form (Ctrl+Z in the text undoes it)")
            button.clicked.connect(lambda _checked=False, text=suggestion: self.use_suggestion(text))
            line = len(issues) + number
            text = self._wrapped(f"<i>Open form:</i> “{escape(suggestion)}”", "qualitySuggestion")
            self.quality_layout.addWidget(text, line, 0)
            self.quality_layout.addWidget(button, line, 1, Qt.AlignmentFlag.AlignVCenter)
            shown += [text, button]
        for widget in shown:  # into a panel already on screen Qt shows them only later: too late to size it
            widget.show()
        self.quality.setVisible(bool(self._issues))
        self._fit()

    def _fit(self) -> None:
        """Grow the dialog so wrapped findings are read whole (Qt does not grow a window for wrapped text)."""
        layout = self.layout()
        layout.activate()
        if self._issues:  # the form would size the panel by its labels' unwrapped hints: give it what wrapping needs
            self._fit_panel()
            layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._issues and event.size().width() != event.oldSize().width():
            self._fit_panel()

    def _fit_panel(self) -> None:
        """The panel as tall as its wrapped findings at its width; before it has a width of its own (it was just
        shown, or the dialog is not laid out yet) the width the form gives its fields stands in."""
        width = self.quality.width() if self.quality.testAttribute(Qt.WidgetAttribute.WA_WState_Visible) else 0
        width = width if width > 0 else self.text.width()
        height = self.quality.heightForWidth(width)
        self.quality.setFixedHeight(height if height > 0 else self.quality.sizeHint().height())

    @staticmethod
    def _wrapped(html: str, name: str) -> QLabel:
        label = QLabel(html)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def issues(self) -> list[QualityIssue]:
        """What the wording check found in the text as it is now."""
        return list(self._issues)

    def use_suggestion(self, text: str) -> None:
        """Replace the question's text with an open form (undoable with Ctrl+Z in the text)."""
        cursor = self.text.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)
        self.text.setFocus()

    def _validate(self) -> None:
        problems = spec_problems(self.spec())
        key = self.key.text().strip()
        if key in self._taken:
            problems.append(f"Another question already has the key '{key}': choose another key.")
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems) and self._edited)
        self.save_button.setEnabled(not problems)
        self.save_button.setToolTip("Save the question (Ctrl+S)" if not problems else
                                    "Fix what is listed above first" if self._edited else "Write the question first")

    # -- saving -------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the question; a refusal (e.g. someone else's edit) shows here and keeps every typed word."""
        from sqlalchemy.exc import SQLAlchemyError

        from question_bank.store import QuestionError, save_question

        if not self.save_button.isEnabled():
            return False
        try:
            with self._database.sessions() as session, session.begin():
                question_id = save_question(session, self._bank_id, self.spec(), actor=self._actor,
                                            question_id=self._question_id, expected_updated_at=self._updated_at)
        except QuestionError as exc:
            return self._refused(str(exc))
        except SQLAlchemyError:
            log.exception("saving question %s failed", self._question_id)
            return self._refused("The database did not accept the change; nothing was saved (details in the log file).")
        self.saved.emit(question_id)
        self.accept()
        return True

    def _refused(self, text: str) -> bool:
        self.error.setText(text)
        self.error.show()
        return False


