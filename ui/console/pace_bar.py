"""The pace against the plan as a quiet bar (its words come from ``interviewer.console.state.pace_words``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from interviewer.console.pace import Pace, PaceState

PACE_COLOURS: dict[PaceState, str] = {
    PaceState.ON_PACE: "#2e7d32",
    PaceState.BEHIND: "#b26a00",
    PaceState.OVER_LIMIT: "#c62828",
}


def clock(seconds: float) -> str:
    """Seconds as ``mm:ss`` (the console's timers)."""
    whole = int(max(seconds, 0.0))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class PaceBar(QWidget):
    """Elapsed time against the planned end, in the pace's colour, with a tick where the call is projected to end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paceBar")
        self.setAccessibleName("Pace against the plan")
        self.setMinimumWidth(80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.pace: Pace | None = None

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def set_pace(self, result: Pace) -> None:
        self.pace = result
        self.setToolTip(f"Projected end {clock(result.projected_end)} of {clock(result.planned_end)} planned "
                        f"(limit {clock(result.limit)})")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 2.5, -0.5, -2.5)
        track = self.palette().color(QPalette.ColorRole.Mid)
        track.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, 4, 4)
        if self.pace is not None and self.pace.planned_end > 0:
            span = max(self.pace.planned_end, self.pace.projected_end, 1.0)
            colour = QColor(PACE_COLOURS[self.pace.state])
            filled = QRectF(rect)
            filled.setWidth(rect.width() * min(self.pace.elapsed / span, 1.0))
            painter.setBrush(colour)
            painter.drawRoundedRect(filled, 4, 4)
            planned_x = rect.left() + rect.width() * self.pace.planned_end / span
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawLine(int(planned_x), int(rect.top()) - 2, int(planned_x), int(rect.bottom()) + 2)
        painter.end()
