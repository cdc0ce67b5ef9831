"""The bank table: a read-only model over the question rows, and the in-memory filter the top bar drives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QGuiApplication, QPalette

from interviewer.enums import Outcome, Phase, Team
from question_bank.spec import INTERVIEW_OUTCOMES
from ui.area import ID_ROLE
from ui.questions.detail import format_seconds, outcome_words, team_words

if TYPE_CHECKING:  # loads SQLAlchemy
    from question_bank.store import QuestionRow

COLUMNS: tuple[tuple[str, str], ...] = (
    ("Question", "The question as the interviewer reads it"),
    ("Phase", "Where it sits in the interview's arc"),
    ("Outcomes", "The outcomes it fits: won, lost, no decision"),
    ("Est.", "The author's estimate (m:ss)"),
    ("Observed", "Median time in completed interviews (how many)"),
    ("Planned", "What guides plan: the estimate blended with observed times"),
    ("Priority", "5 is the most important"),
    ("Flags", "★ required · retired · ⚠ wording to check"),
    ("Teams", "Who its answers usually go to"),
)
"""(header, header tooltip) for each column, in display order."""

QUESTION, PHASE, OUTCOMES, ESTIMATE, OBSERVED, PLANNED, PRIORITY, FLAGS, TEAMS = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex


class QuestionsModel(QAbstractTableModel):
    """The bank's questions with their quality issues; ``set_rows`` replaces them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionRow] = []
        self._issues: dict[int, Sequence[Any]] = {}
        self._haystacks: list[str] = []

    def set_rows(self, rows: Sequence[QuestionRow], issues: Mapping[int, Sequence[Any]] | None = None) -> None:
        """Show these rows; ``issues`` maps a question id to what ``check_question`` found in its text."""
        self.beginResetModel()
        self._rows = list(rows)
        self._issues = dict(issues or {})
        self._haystacks = [_haystack(row) for row in self._rows]
        self.endResetModel()

    def row(self, position: int) -> QuestionRow:
        return self._rows[position]

    def rows(self) -> list[QuestionRow]:
        return list(self._rows)

    def haystack(self, position: int) -> str:
        """What the filter box searches in: text, key, purpose, probes and tags, in lower case."""
        return self._haystacks[position]

    def issues(self, question_id: int) -> Sequence[Any]:
        return self._issues.get(question_id, ())

    def position_of(self, question_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == question_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and not row.spec.active:
            return QBrush(QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ESTIMATE, OBSERVED, PLANNED, PRIORITY):
            return _RIGHT
        return None

    def _display(self, row: QuestionRow, column: int) -> str:
        spec = row.spec
        if column == QUESTION:
            return spec.text
        if column == PHASE:
            return spec.phase.label
        if column == OUTCOMES:
            return "All" if len(spec.outcomes) == len(INTERVIEW_OUTCOMES) else outcome_words(spec)
        if column == ESTIMATE:
            return format_seconds(spec.seconds)
        if column == OBSERVED:
            return f"{format_seconds(row.observed.median_seconds)} ({row.observed.count})" if row.observed else ""
        if column == PLANNED:
            return format_seconds(row.planned_seconds)
        if column == PRIORITY:
            return str(spec.priority)
        if column == TEAMS:
            return team_words(spec)
        if column == FLAGS:
            flags = ["★"] if spec.required else []
            flags += [] if spec.active else ["retired"]
            issues = self.issues(row.id)
            if issues:
                flags.append("⚠ " + ", ".join(sorted({str(issue.kind) for issue in issues})))
            return " · ".join(flags)
        return ""

    @staticmethod
    def _sort_key(row: QuestionRow, column: int) -> Any:
        spec = row.spec
        if column == PHASE:
            return list(Phase).index(spec.phase)
        if column == ESTIMATE:
            return spec.seconds
        if column == OBSERVED:
            return row.observed.median_seconds if row.observed else -1
        if column == PLANNED:
            return row.planned_seconds
        if column == PRIORITY:
            return spec.priority
        return None  # the shown text

    def _tooltip(self, row: QuestionRow, column: int) -> str | None:
        if column == QUESTION:
            return row.spec.text
        if column == OUTCOMES:
            return outcome_words(row.spec)
        if column == TEAMS:
            return team_words(row.spec) or None
        if column == FLAGS:
            lines = ["★ Required: every guide for these outcomes asks it."] if row.spec.required else []
            lines += [] if row.spec.active else ["Retired: guides no longer choose it."]
            lines += [f"⚠ {issue.reason}" for issue in self.issues(row.id)]
            return "\n".join(lines) or None
        return None


class QuestionFilter(QSortFilterProxyModel):
    """Filters the bank in memory: typed words, phase, outcome, team and retired rows; sorts on ``SORT_ROLE``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self._phase: Phase | None = None
        self._outcome: Outcome | None = None
        self._team: Team | None = None
        self._show_retired = False

    def set_filters(self, *, text: str | None = None, phase: Any = ..., outcome: Any = ..., team: Any = ...,
                    show_retired: bool | None = None) -> None:  # fmt: skip
        """Change any of the filters (the others stay) and filter again."""
        self.beginFilterChange()
        if text is not None:
            self._words = text.lower().split()
        if phase is not ...:
            self._phase = phase
        if outcome is not ...:
            self._outcome = outcome
        if team is not ...:
            self._team = team
        if show_retired is not None:
            self._show_retired = show_retired
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, QuestionsModel)
        spec = model.row(source_row).spec
        if not spec.active and not self._show_retired:
            return False
        if self._phase is not None and spec.phase is not self._phase:
            return False
        if self._outcome is not None and self._outcome not in spec.outcomes:
            return False
        if self._team is not None and self._team not in spec.teams:
            return False
        haystack = model.haystack(source_row)
        return all(word in haystack for word in self._words)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return str(left.data()).lower() < str(right.data()).lower()
        return a < b


def _haystack(row: QuestionRow) -> str:
    spec = row.spec
    return "\n".join((spec.text, spec.key, spec.purpose, *spec.probes, *spec.tags)).lower()
