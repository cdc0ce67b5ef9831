"""When someone else saved the same notes meanwhile: both texts side by side, and three ways on, none losing words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.console.calls import NoteKey

MERGE_SEPARATOR = "\n\n— my notes —\n"


def merged(theirs: str, mine: str) -> str:
    """Their text, then mine under a separator (mine alone if it already contains theirs)."""
    if not theirs.strip() or theirs in mine:
        return mine
    if mine in theirs:
        return theirs
    return theirs.rstrip() + MERGE_SEPARATOR + mine.lstrip()


class ConflictPanel(QFrame):
    """Non-modal: the interviewer keeps typing; ``chosen`` says "mine", "theirs" or "merge"."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteConflict")
        self.setAccessibleName("Notes changed by someone else")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#noteConflict { border: 1px solid #b26a00; border-radius: 6px; }")
        self.item_id: NoteKey | None = None
        self.version = 0
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.theirs = QPlainTextEdit()
        self.theirs.setObjectName("conflictTheirs")
        self.theirs.setReadOnly(True)
        self.theirs.setAccessibleName("Their notes")
        self.mine = QPlainTextEdit()
        self.mine.setObjectName("conflictMine")
        self.mine.setReadOnly(True)
        self.mine.setAccessibleName("My notes")
        texts = QHBoxLayout()
        for caption, view in (("Theirs (saved)", self.theirs), ("Mine", self.mine)):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{caption}</b>"))
            column.addWidget(view)
            texts.addLayout(column)
        self.keep_mine = QPushButton("Keep mine")
        self.keep_mine.setObjectName("keepMine")
        self.keep_mine.setToolTip("Save my notes over theirs (theirs stay in the log and on the clipboard)")
        self.take_theirs = QPushButton("Take theirs")
        self.take_theirs.setObjectName("takeTheirs")
        self.take_theirs.setToolTip("Use their notes (mine go to the clipboard and the log)")
        self.merge = QPushButton("Merge")
        self.merge.setObjectName("mergeNotes")
        self.merge.setToolTip("Their notes, then mine under a line — both kept")
        self.merge.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button, choice in ((self.keep_mine, "mine"), (self.take_theirs, "theirs"), (self.merge, "merge")):
            button.clicked.connect(lambda _checked=False, c=choice: self.chosen.emit(c))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(texts, 1)
        layout.addLayout(buttons)
        self.hide()

    def show_conflict(self, item_id: NoteKey, where: str, theirs: str, version: int, mine: str) -> None:
        """Show both texts of the notes of ``where`` ("question 3", "the introduction")."""
        self.item_id, self.version = item_id, version
        self.title.setText(f"<b>Someone else changed the notes of {where} while you were typing.</b> "
                           "Both versions are here; nothing is lost whichever you choose.")
        self.theirs.setPlainText(theirs)
        self.mine.setPlainText(mine)
        self.show()
        self.merge.setFocus()
