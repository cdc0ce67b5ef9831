"""A thin Qt table model over a ``GuideDraft``: every edit goes through the draft, then ``edited`` is emitted."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from question_bank.draft import GuideDraft
from question_bank.guide import GuideLine, clock_text

if TYPE_CHECKING:  # loads SQLAlchemy
    from question_bank.durations import Observed

NUMBER, PHASE, QUESTION, PLANNED, PRIORITY, FLAGS = range(6)
HEADERS = ("#", "Phase", "Question", "Planned", "Priority", "Flags")
MIME_TYPE = "application/x-winloss-guide-line"
REQUIRED_MARK = "★"
QUALITY_MARK = "⚠"

Index = QModelIndex | QPersistentModelIndex
QualityCheck = Callable[[str], Sequence[Any]]
"""``check_question``: a line's text → issues that have a ``reason`` (empty when the question is fine)."""


class GuideModel(QAbstractTableModel):
    """The draft's lines as rows; drag and drop, the planned-seconds editor and the dialog's keys all move the draft."""

    edited = Signal()
    """The draft changed (insert, remove, move, seconds): the budget must be shown again."""

    def __init__(self, draft: GuideDraft, quality: QualityCheck | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.read_only = False
        self._quality = quality
        self._issues: dict[str, tuple[str, ...]] = {}
        self._learned: Mapping[int, Observed] = {}
        self._by_hand: set[int] = set()
        """Questions whose planned time was changed here: what the bank learned no longer explains it."""

    # -- reading ----------------------------------------------------------------------------------

    def set_draft(self, draft: GuideDraft) -> None:
        """Show another draft (a rebuilt or reopened guide)."""
        self.beginResetModel()
        self.draft = draft
        self._by_hand.clear()
        self.endResetModel()
        self.edited.emit()

    def set_learned(self, learned: Mapping[int, Observed]) -> None:
        """What completed calls taught, per question id (``observed_durations``): the Planned cells say it."""
        self._learned = learned
        if self.draft.lines:
            self.dataChanged.emit(self.index(0, PLANNED), self.index(len(self.draft.lines) - 1, PLANNED))

    def learned(self, row: int) -> Observed | None:
        """What the line's planned time was learned from, unless it was changed here by hand."""
        question_id = self.draft.lines[row].question_id
        if question_id is None or question_id in self._by_hand:
            return None
        return self._learned.get(question_id)

    def line(self, row: int) -> GuideLine:
        return self.draft.lines[row]

    def issues(self, row: int) -> tuple[str, ...]:
        """The quality check's reasons for the line's text (cached per text)."""
        text = self.draft.lines[row].text
        if text not in self._issues:
            self._issues[text] = tuple(issue.reason for issue in self._quality(text)) if self._quality else ()
        return self._issues[text]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.draft.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == PLANNED:
            return "Minutes and seconds planned for the question (double-click or F2 to change)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.draft.lines):
            return None
        line, column = self.draft.lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), line, column)
        if role == Qt.ItemDataRole.EditRole and column == PLANNED:
            return line.planned_seconds
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NUMBER, PLANNED, PRIORITY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == FLAGS:
            return ", ".join(self._flag_words(index.row(), line)) or "no flags"
        return None

    def _display(self, row: int, line: GuideLine, column: int) -> str:
        if column == NUMBER:
            return str(row + 1)
        if column == PHASE:
            return line.phase.label
        if column == QUESTION:
            return line.text
        if column == PLANNED:
            seen = self.learned(row)
            return clock_text(line.planned_seconds) + (f" · {_calls(seen.count)}" if seen else "")
        if column == PRIORITY:
            return str(line.priority)
        marks = [REQUIRED_MARK] if line.required else []
        if self.issues(row):
            marks.append(QUALITY_MARK)
        return " ".join(marks)

    def _flag_words(self, row: int, line: GuideLine) -> list[str]:
        words = ["required"] if line.required else []
        words.extend(f"question check: {reason}" for reason in self.issues(row))
        return words

    def _tooltip(self, row: int, line: GuideLine, column: int) -> str | None:
        if column == QUESTION:
            parts = [line.text]
            if line.purpose:
                parts.append(f"Why we ask: {line.purpose}")
            if line.probes:
                parts.append("Probes: " + " · ".join(line.probes))
            return "\n".join(parts)
        if column == FLAGS:
            words = [f"{REQUIRED_MARK} Required: the builder always includes it"] if line.required else []
            words.extend(f"{QUALITY_MARK} {reason}" for reason in self.issues(row))
            return "\n".join(words) or None
        if column == PRIORITY:
            return "Priority, 5 the most important"
        if column == PLANNED:
            seen = self.learned(row)
            source = (f"Learned from {_calls(seen.count)}: median {clock_text(seen.median_seconds)} in completed "
                      "interviews, blended with the bank's estimate" if seen
                      else "The bank's estimate: no completed call has taught this time yet")
            return f"{source} (double-click or F2 to change)"
        return None

    # -- editing ------------------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags if self.read_only else Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            if index.column() == PLANNED:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.read_only or not index.isValid() or index.column() != PLANNED or role != Qt.ItemDataRole.EditRole:
            return False
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        self.set_seconds(index.row(), value)
        return True

    def set_seconds(self, row: int, seconds: int) -> int:
        """Plan ``seconds`` for the line (clamped by the draft); returns what was planned."""
        planned = self.draft.set_seconds(row, seconds)
        question_id = self.draft.lines[row].question_id
        if question_id is not None:
            self._by_hand.add(question_id)
        self.dataChanged.emit(self.index(row, PLANNED), self.index(row, PLANNED))
        self.edited.emit()
        return planned

    def insert_line(self, position: int, line: GuideLine) -> int:
        """Insert ``line`` at ``position`` (clamped); returns its row."""
        position = max(0, min(position, len(self.draft.lines)))
        self.beginInsertRows(QModelIndex(), position, position)
        self.draft.insert(position, line)
        self.endInsertRows()
        self._renumber(position)
        self.edited.emit()
        return position

    def remove_line(self, row: int) -> GuideLine:
        """Take the line out of the guide and return it."""
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self.draft.remove(row)
        self.endRemoveRows()
        self._renumber(row)
        self.edited.emit()
        return line

    def move_line(self, source: int, destination: int) -> int:
        """Move a line so it ends up at row ``destination`` (clamped); returns that row."""
        destination = max(0, min(destination, len(self.draft.lines) - 1))
        if source == destination or not 0 <= source < len(self.draft.lines):
            return source
        # Qt counts the destination before the move: one past the target when moving down.
        if not self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination + (destination > source)):
            return source
        self.draft.move(source, destination)
        self.endMoveRows()
        self._renumber(min(source, destination))
        self.edited.emit()
        return destination

    def moveRows(self, source_parent: Index, source: int, count: int, destination_parent: Index,
                 destination: int) -> bool:
        """Qt's move (before ``destination``, counted before the move), one row at a time."""
        if self.read_only or count != 1 or source_parent.isValid() or destination_parent.isValid():
            return False
        target = destination - 1 if destination > source else destination
        return self.move_line(source, target) == target

    def _renumber(self, first: int) -> None:
        if self.draft.lines:
            last = len(self.draft.lines) - 1
            self.dataChanged.emit(self.index(min(first, last), NUMBER), self.index(last, NUMBER))

    # -- drag and drop --------------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[Index]) -> QMimeData:
        """The dragged line's row, tagged with this model so another guide's drop is refused."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        if rows:
            data.setData(MIME_TYPE, QByteArray(f"{id(self)}:{rows[0]}".encode()))
        return data

    def _dragged_row(self, data: QMimeData) -> int | None:
        if self.read_only or not data.hasFormat(MIME_TYPE):
            return None
        owner, _, row = bytes(data.data(MIME_TYPE).data()).decode().partition(":")
        if owner != str(id(self)) or not row.isdigit() or int(row) >= len(self.draft.lines):
            return None
        return int(row)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return action == Qt.DropAction.MoveAction and self._dragged_row(data) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """A drop between rows (``row``) or on a row (``parent``): the dragged line takes that place."""
        source = self._dragged_row(data)
        if source is None or action != Qt.DropAction.MoveAction:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.draft.lines)
            if parent.isValid() and row > source:
                row += 1  # dropped on a line below: go after it, as the drop indicator shows
        self.moveRows(QModelIndex(), source, 1, QModelIndex(), row)
        return True


def _calls(count: int) -> str:
    return "1 call" if count == 1 else f"{count} calls"
