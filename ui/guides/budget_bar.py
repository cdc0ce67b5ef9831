"""The time-budget bar: the planned total against the call's window, in colour and in words."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from question_bank.draft import Budget, BudgetState

COLOURS: dict[BudgetState, tuple[str, str]] = {
    BudgetState.INSIDE: ("#2e7d32", "#66bb6a"),
    BudgetState.NEAR_EDGE: ("#b26a00", "#ffb74d"),
    BudgetState.OUTSIDE: ("#c62828", "#ef5350"),
}
"""Per state, the colour on a light and on a dark background (green, amber, red as the UX asks)."""

WORDS: dict[BudgetState, str] = {
    BudgetState.INSIDE: "✓ Fits",
    BudgetState.NEAR_EDGE: "⚠ Tight",
    BudgetState.OUTSIDE: "✕ Does not fit",
}
"""The state in words, so colour is never the only signal."""

BAR_HEIGHT = 14
SCALE_HEADROOM = 1.2
"""The bar's scale reaches this far past the window's end, so an overrun shows."""


def is_dark(palette: QPalette) -> bool:
    """Whether the palette's window background is dark (the system's dark scheme)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def state_colour(state: BudgetState, palette: QPalette) -> QColor:
    """The state's colour, readable on the palette's background."""
    light, dark = COLOURS[state]
    return QColor(dark if is_dark(palette) else light)


class BudgetBar(QWidget):
    """A horizontal bar: the window's range marked, the planned total filled in the state's colour, and the message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgetBar")
        self.setAccessibleName("Time budget")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.budget: Budget | None = None

    @property
    def state(self) -> BudgetState | None:
        return self.budget.state if self.budget else None

    def text(self) -> str:
        """What the bar says: the state in a word, then the budget's sentence."""
        return f"{WORDS[self.budget.state]} — {self.budget.message}" if self.budget else ""

    def set_budget(self, budget: Budget) -> None:
        """Show ``budget`` (called at every change of the guide or its window)."""
        self.budget = budget
        self.setAccessibleDescription(self.text())
        self.setToolTip(f"{self.text()}\nGreen inside the window, amber within a minute of its edges, red outside.")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, BAR_HEIGHT + 2 * self.fontMetrics().height() + 14)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.budget is None:
            return
        budget, palette = self.budget, self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        scale = max(budget.window.max_seconds * SCALE_HEADROOM, budget.total_seconds * 1.05, 1.0)
        track = QRectF(1, 1, self.width() - 2, BAR_HEIGHT)

        def x_of(seconds: float) -> float:
            return track.left() + track.width() * min(seconds, scale) / scale

        text_colour = palette.color(QPalette.ColorRole.WindowText)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(track, 3, 3)
        window_rect = QRectF(x_of(budget.window.min_seconds), track.top(),
                             x_of(budget.window.max_seconds) - x_of(budget.window.min_seconds), track.height())
        band = QColor(text_colour)
        band.setAlpha(45)
        painter.setBrush(band)
        painter.drawRect(window_rect)
        colour = state_colour(budget.state, palette)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(track.left(), track.top() + 3, x_of(budget.total_seconds) - track.left(),
                                       track.height() - 6), 2, 2)
        painter.setPen(QPen(text_colour, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for edge in (budget.window.min_seconds, budget.window.max_seconds):
            painter.drawLine(int(x_of(edge)), int(track.top()), int(x_of(edge)), int(track.bottom() + 3))
        mid = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(mid)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        labels_top = track.bottom() + 3
        for edge, minutes in ((budget.window.min_seconds, budget.window.min_minutes),
                              (budget.window.max_seconds, budget.window.max_minutes)):
            label = f"{minutes} min"
            width = metrics.horizontalAdvance(label)
            left = min(max(0.0, x_of(edge) - width / 2), self.width() - width)
            painter.drawText(QRectF(left, labels_top, width + 4, metrics.height()), label)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        line_top = labels_top + metrics.height() + 2
        word = WORDS[budget.state]
        painter.setPen(colour)
        word_width = painter.fontMetrics().horizontalAdvance(word + "  ")
        painter.drawText(QRectF(0, line_top, word_width, metrics.height() + 2), word)
        painter.setFont(self.font())
        painter.setPen(text_colour)
        painter.drawText(QRectF(word_width, line_top, self.width() - word_width, metrics.height() + 2),
                         metrics.elidedText(budget.message, Qt.TextElideMode.ElideRight,
                                            int(self.width() - word_width)))
        painter.end()
