"""Small pieces the wrap-up's sections share: label buddies, message styles, shortened text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: palette(placeholder-text);"
WARNING = "⚠"


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose &-mnemonic (Alt+letter) puts the cursor in ``widget``."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut with an ellipsis past ``limit`` characters."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
