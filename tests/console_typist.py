"""An interviewer typing notes into the real console window until the process is killed (for the SIGKILL test).

Usage: ``python tests/console_typist.py DB_URL INTERVIEW_ID [SEED]`` with
``QT_QPA_PLATFORM=offscreen``. It opens the console on the interview, ticks
consent with the keyboard (Space), leaves the introduction with Ctrl+Right,
and then types through the notes widget with ``QTest`` key clicks: a few
characters every 20–50 ms, now and then Enter, now and then moving to the next
question (Ctrl+Right) or back (Ctrl+Left). It always types at the end of what
the question's notes already hold, so a restarted typist carries on after
whatever the console resumed with.

Each line it prints (flushed at once) says what the widget holds, stamped
with ``time.monotonic()`` (the same clock as the parent's on Linux):

- ``SHOWN <t> <item_id> <json text>`` — a question's notes as the console showed them, before any typing on it;
- ``TYPING <t> <item_id> <json text>`` — the text the notes will hold once the next chunk is typed (printed first,
  so whatever the console saves is a prefix of the last such line, even if the kill lands mid-chunk);
- ``TYPED <t> <item_id> <json text>`` — the notes once the chunk is typed.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):  # run as a script: the repository root must come before the editable install's finder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ui.console.window import ConsoleWindow

SAMPLE = ("price rollout depot pilot champion procurement onboarding dispatch Routewise integration renewal "
          "budget timeline security review spreadsheet driver shift planner, they said; roughly 40% cheaper "
          "(per seat) \"too risky\" the CFO e-mail March/April")
WORDS = tuple(SAMPLE.split())


class Typist:
    """Types into ``window.notes`` from a timer, question after question, reporting every chunk on stdout."""

    def __init__(self, window: ConsoleWindow, seed: int) -> None:
        self.window = window
        self.dice = random.Random(seed)
        self.pending = ""
        self.item_id: int | None = None
        self.timer = QTimer(window)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.step)

    def begin(self) -> None:
        """Tick consent with the keyboard, leave the introduction for question 1, then start typing."""
        consent = self.window.consent
        if not consent.isChecked():
            consent.setFocus()
            QTest.keyClick(consent, Qt.Key.Key_Space)
            if not consent.isChecked():
                raise SystemExit("typist: Space did not tick the consent box")
        self.window.notes.setFocus()
        if self.window.current_item_id() is None and not self.move(forward=True):
            raise SystemExit("typist: Ctrl+Right did not leave the introduction")
        self.show_current()
        self.timer.start(self.dice.randint(20, 50))

    def show_current(self) -> None:
        """Put the cursor at the end of the current question's notes and report what they hold."""
        self.item_id = self.window.current_item_id()
        notes = self.window.notes
        notes.setFocus()
        QTest.keyClick(notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        self.say("SHOWN")

    def move(self, *, forward: bool) -> bool:
        """Go to the next (Ctrl+Right) or previous (Ctrl+Left) question from the notes; whether it moved."""
        before = self.window.current_item_id()
        key = Qt.Key.Key_Right if forward else Qt.Key.Key_Left
        QTest.keyClick(self.window.notes, key, Qt.KeyboardModifier.ControlModifier)
        after = self.window.current_item_id()
        if after == before and self.window.isActiveWindow():  # the first or last question: nowhere to go
            QTest.keyClick(self.window.notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            return False
        if after == before:  # the shortcut needs the window active; without a window manager it may not be
            print("typist: the window is not active; moving by next_question()", file=sys.stderr, flush=True)
            if forward:
                self.window.next_question()
            else:
                self.window.previous_question()
            after = self.window.current_item_id()
        return after is not None and after != before

    def say(self, what: str, text: str | None = None) -> None:
        shown = self.window.notes.toPlainText() if text is None else text
        print(f"{what} {time.monotonic():.6f} {self.item_id} {json.dumps(shown)}", flush=True)

    def chunk(self) -> str:
        """The next few characters an interviewer types: part of a word, a space, sometimes a new line."""
        if not self.pending:
            word = self.dice.choice(WORDS)
            self.pending = word + ("\n" if self.dice.random() < 0.08 else " ")
        size = self.dice.randint(1, 6)
        piece, self.pending = self.pending[:size], self.pending[size:]
        return piece

    def step(self) -> None:
        """Type one chunk (or move to another question), report it, and schedule the next one."""
        if self.dice.random() < 0.02 and self.move(forward=self.dice.random() < 0.8):
            self.show_current()
            self.timer.start(self.dice.randint(20, 50))
            return
        notes = self.window.notes
        piece = self.chunk()
        self.say("TYPING", notes.toPlainText() + piece)
        for index, part in enumerate(piece.split("\n")):  # a person presses Enter between lines
            if index:
                QTest.keyClick(notes, Qt.Key.Key_Return)
            if part:
                QTest.keyClicks(notes, part)
        self.say("TYPED")
        self.timer.start(self.dice.randint(20, 50))

def main(argv: list[str]) -> int:
    from interviewer.clock import SystemClock
    from interviewer.db import open_database
    from ui.console.window import ConsoleWindow

    url, interview_id = argv[0], int(argv[1])
    seed = int(argv[2]) if len(argv) > 2 else 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    database = open_database(url)
    window = ConsoleWindow(database, interview_id, actor="typist", clock=SystemClock())
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2000)
    typist = Typist(window, seed)
    QTimer.singleShot(0, typist.begin)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
