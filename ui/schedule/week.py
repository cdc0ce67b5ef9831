"""The Week tab's grid: days as columns, hours as rows, each call a block in its status colour with the status word."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from interviewer.enums import InterviewStatus

if TYPE_CHECKING:
    from interviewer.scheduling.views import WeekBlock, WeekLayout

STATUS_COLOURS = {
    InterviewStatus.SCHEDULED: "#1565c0",
    InterviewStatus.COMPLETED: "#2e7d32",
    InterviewStatus.NO_SHOW: "#b26a00",
}
"""Booked blue, held green, missed amber (the statuses a week shows); the word is always written too."""
OTHER_COLOUR = "#616161"
HOUR_LABELS_WIDTH = 48
DAY_HEADER_HEIGHT = 28
MIN_HOUR_HEIGHT = 36


class WeekGrid(QWidget):
    """Paints a ``WeekLayout``; clicking a block emits ``chosen`` with its interview's id."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekGrid")
        self.setAccessibleName("The interviewer's week")
        self.setToolTip("Click a call to open it in the Interviews tab")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._week_start = date.min
        self._layout: WeekLayout | None = None

    def show_week(self, week_start: date, layout: WeekLayout) -> None:
        self._week_start, self._layout = week_start, layout
        self.setMinimumHeight(DAY_HEADER_HEIGHT + MIN_HOUR_HEIGHT * (layout.last_hour - layout.first_hour) // 2)
        self.setAccessibleDescription("; ".join(self.block_texts()) or "No calls this week")
        self.update()

    def block_texts(self) -> list[str]:
        """What each block says (painted on two lines, shortened to fit; whole in its tooltip): time, who, status."""
        return [f"{block.label} ({block.status.label.lower()})" for block in self.blocks()]

    @staticmethod
    def _lines(block: WeekBlock) -> tuple[str, str]:
        """The block's two painted lines: its start and status word, then who (its height shows its end)."""
        start = f"{block.start_minute // 60:02d}:{block.start_minute % 60:02d}"
        return f"{start} {block.status.label.lower()}", block.who

    def blocks(self) -> tuple[WeekBlock, ...]:
        return self._layout.blocks if self._layout is not None else ()

    # -- geometry ---------------------------------------------------------------------------------

    def _column_width(self) -> float:
        return (self.width() - HOUR_LABELS_WIDTH) / 7

    def _minute_height(self) -> float:
        hours = (self._layout.last_hour - self._layout.first_hour) if self._layout else 10
        return (self.height() - DAY_HEADER_HEIGHT) / (hours * 60)

    def block_rect(self, block: WeekBlock) -> QRectF:
        """Where ``block`` is painted, in the widget's coordinates."""
        assert self._layout is not None
        top = DAY_HEADER_HEIGHT + (block.start_minute - self._layout.first_hour * 60) * self._minute_height()
        height = max(2.0 * self.fontMetrics().height() + 6, (block.end_minute - block.start_minute) * self._minute_height())
        left = HOUR_LABELS_WIDTH + block.day * self._column_width()
        return QRectF(left + 2, top, self._column_width() - 4, height)

    # -- painting and clicks ----------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        lines = palette.color(QPalette.ColorRole.Mid)
        text = palette.color(QPalette.ColorRole.Text)
        if self._layout is None:
            return
        column = self._column_width()
        for day in range(7):
            left = HOUR_LABELS_WIDTH + day * column
            painter.setPen(text)
            header = QRectF(left, 0, column, DAY_HEADER_HEIGHT)
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter, f"{self._week_start + timedelta(days=day):%a %d %b}")
            painter.setPen(lines)
            painter.drawLine(int(left), 0, int(left), self.height())
        for hour in range(self._layout.first_hour, self._layout.last_hour + 1):
            y = DAY_HEADER_HEIGHT + (hour - self._layout.first_hour) * 60 * self._minute_height()
            painter.setPen(lines)
            painter.drawLine(HOUR_LABELS_WIDTH, int(y), self.width(), int(y))
            if hour < self._layout.last_hour:
                painter.setPen(text)
                painter.drawText(QRectF(0, y, HOUR_LABELS_WIDTH - 6, 16),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"{hour:02d}:00")  # fmt: skip
        metrics = self.fontMetrics()
        for block in self.blocks():
            rect = self.block_rect(block)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(STATUS_COLOURS.get(block.status, OTHER_COLOUR)))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("white"))
            inner = rect.adjusted(4, 3, -4, -3)
            for number, line in enumerate(self._lines(block)):
                shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(inner.width()))
                painter.drawText(inner.adjusted(0, number * metrics.height(), 0, 0), Qt.AlignmentFlag.AlignLeft, shown)

    def block_at(self, x: float, y: float) -> WeekBlock | None:
        return next((b for b in self.blocks() if self.block_rect(b).contains(x, y)), None)

    def event(self, event: QEvent) -> bool:
        """A block's tooltip is its whole text; elsewhere the grid's own tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(event.pos().x(), event.pos().y())
            if block is not None:
                QToolTip.showText(event.globalPos(), self.block_texts()[self.blocks().index(block)], self)
                return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        over = self.block_at(event.position().x(), event.position().y())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        block = self.block_at(event.position().x(), event.position().y())
        if block is not None and event.button() == Qt.MouseButton.LeftButton:
            self.chosen.emit(block.interview_id)
