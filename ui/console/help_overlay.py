"""The keys of the console, over the console (F1 or ``?``); Esc or F1 again hides it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget


class HelpOverlay(QFrame):
    """A panel covering its parent, listing (keys, what they do) in two calm columns."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAccessibleName("Keyboard shortcuts")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#helpOverlay { background: palette(window); border: 1px solid palette(mid); "
                           "border-radius: 8px; }")
        title = QLabel("<b>Keys</b> — the mouse is never needed")
        title.setStyleSheet("font-size: 15pt;")
        table = "".join(f"<tr><td style='padding: 3px 18px 3px 0;'><b>{escape(keys)}</b></td>"
                        f"<td style='padding: 3px 0;'>{escape(what)}</td></tr>" for keys, what in rows)
        body = QLabel(f"<table width='100%'>{table}</table>")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setStyleSheet("font-size: 11.5pt;")
        hint = QLabel("F1, ? or Esc closes this.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.addWidget(hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._return_to: QWidget | None = None
        self.hide()
        parent.installEventFilter(self)

    def toggle(self) -> None:
        """Show the keys (taking the focus, so Esc closes them) or hide them (giving the focus back)."""
        if self.isVisible():
            self.hide()
            if self._return_to is not None:
                self._return_to.setFocus()
        else:
            self._return_to = QApplication.focusWidget()
            self._place()
            self.show()
            self.raise_()
            self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.toggle()
            return
        super().keyPressEvent(event)

    def _place(self) -> None:
        parent = self.parentWidget()
        width, height = min(parent.width() - 40, 760), min(parent.height() - 40, 600)
        self.setGeometry((parent.width() - width) // 2, (parent.height() - height) // 2, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
