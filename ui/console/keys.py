"""The console's keys in one table: the console binds them, and its overlay and Help → Keyboard shortcuts list them.

None of them means something else in the main window (Ctrl+Q is Quit there, Ctrl+1 … Ctrl+9 switch areas,
Ctrl+N makes a database, F5 refreshes, Ctrl+Return accepts a candidate, Alt+C would be a button's mnemonic):
``tests/journeys/test_window.py`` fails on a clash. F1 shows the keys in both windows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from interviewer.enums import RepReason


@dataclass(frozen=True)
class ConsoleKey:
    """A console command: its name (the console's slot for it), what it does, and its keys."""

    name: str
    text: str
    keys: tuple[str, ...]


COMMANDS: tuple[ConsoleKey, ...] = (
    ConsoleKey("next", "Next question", ("Ctrl+Right",)),
    ConsoleKey("previous", "Previous question", ("Ctrl+Left",)),
    ConsoleKey("skip", "Skip this question", ("Ctrl+K",)),
    ConsoleKey("pause", "Pause / resume the timers", ("Ctrl+P",)),
    ConsoleKey("add", "Add a question after this one", ("Ctrl+Shift+A",)),
    ConsoleKey("quote", "Quote the text selected in the notes", ("Alt+Q",)),
    ConsoleKey("drop", "Drop the suggested questions", ("Ctrl+Shift+X",)),
    ConsoleKey("notes", "Type in the notes", ("F2",)),
    ConsoleKey("quoteField", "Type a quote in the quote field", ("F3",)),
    ConsoleKey("guide", "Leave the text: go to the guide list", ("F4",)),
    ConsoleKey("end", "End the call (asks first) and open the wrap-up", ("Ctrl+E",)),
    ConsoleKey("close", "Close the console; the call can be resumed", ("Ctrl+W",)),
    ConsoleKey("help", "Show or hide these keys", ("F1", "?")),
)
TAGS: tuple[RepReason, ...] = tuple(RepReason)
"""The reasons tagged by 1 … 7 (and Alt+1 … Alt+7), in this order."""
CONSENT_KEY = "Alt+C"
"""The consent box's mnemonic (its text starts "&Consent")."""
LEAVE_FIELD_KEY = "Esc"


def keys_text(keys: Sequence[str]) -> str:
    """Keys as a person reads them: "Ctrl+→ · F5" (the same key written twice shows once)."""
    texts: list[str] = []
    for key in keys:
        text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        text = text.replace("Right", "→").replace("Left", "←").replace("Return", "Enter")
        if text not in texts:
            texts.append(text)
    return " · ".join(texts)


def tag_keys(number: int) -> tuple[str, str]:
    """The keys tagging reason ``number`` (1-based): the digit, and Alt with it (which works while typing)."""
    return str(number), f"Alt+{number}"


def help_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for every console key, in the order the overlay shows them."""
    last = len(TAGS)
    rows = [(keys_text(command.keys), command.text) for command in COMMANDS]
    rows[-1:-1] = [
        (LEAVE_FIELD_KEY, f"Leave a text field: then 1–{last} tag and ? shows the keys"),
        (f"1 … {last}", "Tag this question with a reason; again removes it"),
        (f"Alt+1 … Alt+{last}", "The same, also while typing"),
        (CONSENT_KEY, "Tick or untick consent"),
    ]
    return rows


def every_key() -> dict[str, str]:
    """Each single key the console binds (portable text, e.g. "Ctrl+Shift+A"), with what it does."""
    found = {QKeySequence(key).toString(): command.text for command in COMMANDS for key in command.keys}
    for number, reason in enumerate(TAGS, 1):
        for key in tag_keys(number):
            found[key] = f"Tag: {reason.label}"
    found[CONSENT_KEY] = "Tick or untick consent"
    found[LEAVE_FIELD_KEY] = "Leave a text field"
    return found
