"""The reports table: a read-only model over the stored reports, in words, and the filter box's proxy."""

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
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from interviewer.enums import ReportKind
from ui.area import ID_ROLE
from ui.format import format_datetime

if TYPE_CHECKING:  # loads SQLAlchemy
    from interviewer.reporting.library import ReportRow

COLUMNS: tuple[tuple[str, str], ...] = (
    ("Kind", "Interview report, team digest or monthly review"),
    ("Title", "The report's title, as its recipients see it"),
    ("Delivery", "How many of its recipients were sent it, had an .eml written, or failed"),
    ("Team", "The team a digest is for"),
    ("Period", "The month a digest or review covers"),
    ("Made", "When the report was made (date and time)"),
    ("By", "Who made it"),
    ("Size", "The size of the Word document"),
    ("Identities", "Anonymous reports describe buyers by role, segment and industry only"),
)
KIND, TITLE, DELIVERY, TEAM, PERIOD, MADE_ON, BY, SIZE, IDENTITIES = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_WORDS = {ReportKind.INTERVIEW: "Interview", ReportKind.TEAM_DIGEST: "Team digest",
              ReportKind.MONTHLY_REVIEW: "Monthly review"}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def size_words(size: int) -> str:
    """Bytes as a reader says them: "38 KB", "1.2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def period_words(row: ReportRow) -> str:
    if row.period_start is None or row.period_end is None:
        return ""
    from interviewer.reporting.periods import Period

    return Period(row.period_start, row.period_end).label


def delivery_words(row: ReportRow, recipients: int | None) -> str:
    """How the report's delivery stands: "Sent to 3 of 4 · 1 failed", ".eml written for 2 · not sent",
    "Not sent yet", "No recipients"."""
    failed = f"{row.failed} failed" if row.failed else ""
    written = f".eml written for {row.written}" if row.written else ""
    if row.sent:
        sent = f"Sent to {row.sent} of {max(recipients or 0, row.sent)}" if recipients is not None else \
            f"Sent to {row.sent}"
        return " · ".join(filter(None, [sent, written, failed]))
    if written:
        return " · ".join(filter(None, [written, "not sent", failed]))
    if failed:
        return failed
    if recipients == 0:
        return "No recipients"
    return "Not sent yet"


def delivery_icon(row: ReportRow, recipients: int | None) -> QIcon | None:
    """A warning for failures, a tick when everyone was sent it (always beside the words)."""
    style = QApplication.style()
    if row.failed:
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    if row.sent and recipients is not None and row.sent >= recipients:
        return style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
    return None


class ReportsModel(QAbstractTableModel):
    """The stored reports (newest first) with how many people each goes to; ``set_rows`` replaces them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ReportRow] = []
        self._recipients: dict[int, int] = {}
        self._haystacks: list[str] = []

    def set_rows(self, rows: Sequence[ReportRow], recipients: Mapping[int, int] | None = None) -> None:
        """Show these rows; ``recipients`` maps a report id to how many people it goes to by default."""
        self.beginResetModel()
        self._rows = list(rows)
        self._recipients = dict(recipients or {})
        self._haystacks = [" ".join(self._display(row, c) for c in range(len(COLUMNS))).lower() for row in rows]
        self.endResetModel()

    def row(self, position: int) -> ReportRow:
        return self._rows[position]

    def rows(self) -> list[ReportRow]:
        return list(self._rows)

    def recipients(self, report_id: int) -> int | None:
        return self._recipients.get(report_id)

    def haystack(self, position: int) -> str:
        return self._haystacks[position]

    def position_of(self, report_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == report_id), None)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
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
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return {MADE_ON: row.created_at.timestamp(), SIZE: row.size, PERIOD: str(row.period_start or ""),
                    DELIVERY: (row.failed, row.sent, row.written)}.get(column)
        if role == Qt.ItemDataRole.DecorationRole and column == DELIVERY:
            return delivery_icon(row, self.recipients(row.id))
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, DELIVERY):
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return _RIGHT
        return None

    def _display(self, row: ReportRow, column: int) -> str:
        if column == KIND:
            return KIND_WORDS.get(row.kind, row.kind.label)
        if column == TITLE:
            return row.title
        if column == TEAM:
            return row.team.label if row.team is not None else ""
        if column == PERIOD:
            return period_words(row)
        if column == MADE_ON:
            return format_datetime(row.created_at)
        if column == BY:
            return row.created_by or ""
        if column == SIZE:
            return size_words(row.size)
        if column == IDENTITIES:
            return "Names buyers" if row.include_identities else "Anonymous"
        if column == DELIVERY:
            return delivery_words(row, self.recipients(row.id))
        return ""


class ReportFilter(QSortFilterProxyModel):
    """Filters by typed words (all must match any column's text); sorts on ``SORT_ROLE`` where given."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ReportsModel)
        haystack = model.haystack(source_row)
        return all(word in haystack for word in self._words)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return str(left.data()).lower() < str(right.data()).lower()
        return a < b

