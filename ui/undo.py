"""Edit → Undo: a person's last changes as command objects that know how to take themselves back.

A change a person makes in an area (a decline, a status change, a deletion,
an edited recipient) is made through ``UndoStack.do(command)``, which runs the
command's ``do`` and keeps it; Edit → Undo (Ctrl+Z) calls the newest one's
``undo``. Commands are plain objects: the area that makes one gives it the two
callables, so the stack knows nothing of the services behind them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

LIMIT = 50
"""How many changes can be taken back, newest first."""


@dataclass(frozen=True)
class Command:
    """One change a person makes: what it is called, how to make it and how to take it back."""

    text: str
    """Shown as “Undo <text>” in the Edit menu, e.g. “decline Jane Doe”."""
    do: Callable[[], object]
    undo: Callable[[], object]


class UndoStack(QObject):
    """The window's changes that can still be taken back; emits ``changed`` whenever that list moves."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done: list[Command] = []

    def do(self, command: Command) -> object:
        """Make the change and keep it for Undo; what ``do`` returns is returned (an exception keeps nothing)."""
        result = command.do()
        self._done.append(command)
        del self._done[:-LIMIT]
        self.changed.emit()
        return result

    def undo(self) -> Command | None:
        """Take back the newest change; it leaves the stack even when taking it back fails."""
        if not self._done:
            return None
        command = self._done.pop()
        self.changed.emit()
        command.undo()
        return command

    def clear(self) -> None:
        """Forget every change (another database was opened)."""
        if self._done:
            self._done.clear()
            self.changed.emit()

    @property
    def text(self) -> str | None:
        """What Undo would take back, or None."""
        return self._done[-1].text if self._done else None
