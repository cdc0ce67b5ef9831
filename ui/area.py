"""What every area of the main window shares: a title and a splitter whose position persists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter, QWidget


class Area(QWidget):
    """An area of the main window; subclasses set ``title`` and create ``self.splitter``."""

    title = ""
    splitter: QSplitter

    def save_state(self) -> dict[str, Any]:
        """What to keep in the settings between runs."""
        return {"splitter": self.splitter.saveState()}

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back what ``save_state`` kept (missing or damaged values are ignored)."""
        if isinstance(state.get("splitter"), QByteArray):
            self.splitter.restoreState(state["splitter"])
