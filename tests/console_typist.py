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
import threading
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

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
        if after is None and before is not None:  # past the last question is the wrap-up: stay on the questions
            QTest.keyClick(self.window.notes, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
            if self.window.current_item_id() != before:
                self.window.previous_question()
            return False
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

# -- the other side: running the typist in a child process and killing it (the SIGKILL test, its journey and the
# crash benchmark use these) -------------------------------------------------------------------------------------

GRACE = 1.0
"""Seconds: what was typed longer ago than this before the kill must be in the database."""
STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Line:
    """One report of the typist: what the notes of ``item_id`` held at monotonic time ``at``."""

    kind: str  # SHOWN, TYPING or TYPED
    at: float
    item_id: int
    text: str


@dataclass
class Round:
    """One run of the typist: its reports as they arrive, and when it was killed."""

    number: int
    lines: list[Line] = field(default_factory=list)
    first_typed: threading.Event = field(default_factory=threading.Event)
    killed_at: float = 0.0
    stderr: str = ""
    other: list[str] = field(default_factory=list)

    def read(self, stream: TextIO) -> None:
        """Collect the typist's lines until its stdout closes; a line cut short by the kill is dropped."""
        for raw in stream:
            if not raw.endswith("\n"):
                break
            if not raw.startswith(("SHOWN ", "TYPING ", "TYPED ")):
                self.other.append(raw)  # the app's own output, if any
                continue
            kind, at, item_id, payload = raw.rstrip("\n").split(" ", 3)
            self.lines.append(Line(kind, float(at), int(item_id), json.loads(payload)))
            if kind == "TYPED":
                self.first_typed.set()

    def last_typed(self) -> dict[int, str]:
        """What each question's notes held after the last chunk typed before the kill."""
        return {line.item_id: line.text for line in self.lines if line.kind == "TYPED"}


def type_and_kill(number: int, url: str, interview_id: int, env: dict[str, str], folder: Path,
                  typing: tuple[float, float] = (1.5, 4.0)) -> Round:
    """Start the typist, let it type for ``typing`` seconds (a random span) after its first chunk, and kill it
    with SIGKILL."""
    import os
    import signal
    import subprocess

    dice = random.Random(number)
    run = Round(number)
    errors = folder / f"typist-{number}.stderr"
    with errors.open("w") as stderr:
        child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), url, str(interview_id),
                                  str(1000 + number)],
                                 stdout=subprocess.PIPE, stderr=stderr, env=env, text=True, encoding="utf-8")
        assert child.stdout is not None
        reader = threading.Thread(target=run.read, args=(child.stdout,), daemon=True)
        reader.start()
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not run.first_typed.wait(0.05):
                if child.poll() is not None or time.monotonic() > deadline:
                    break
            if run.first_typed.is_set():
                time.sleep(dice.uniform(*typing))
            alive = child.poll() is None
            run.killed_at = time.monotonic()
            if alive:
                os.kill(child.pid, signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            reader.join(10)
    run.stderr = errors.read_text()
    assert run.first_typed.is_set() and alive, (
        f"round {number}: the typist {'typed nothing' if alive else 'died by itself'}:\n{run.stderr}")
    return run


def saved_notes(url: str, interview_id: int) -> dict[int, str]:
    """Every question's notes as a fresh connection finds them, as a restarted app would."""
    from sqlalchemy import select

    from interviewer.db import open_database
    from interviewer.models import Answer

    database = open_database(url)
    try:
        with database.sessions() as session:
            query = select(Answer.guide_item_id, Answer.notes).where(Answer.interview_id == interview_id)
            return {item_id: notes for item_id, notes in session.execute(query)}
    finally:
        database.close()


def compare(run: Round, before: dict[int, str], after: dict[int, str]) -> tuple[list[str], float]:
    """What went wrong in this round, one sentence each; and the age at the kill of the oldest keystroke not saved."""
    import os

    problems: list[str] = []
    lag = 0.0
    killed = run.killed_at
    for item_id in sorted(set(before) | set(after) | {line.item_id for line in run.lines}):
        lines = [line for line in run.lines if line.item_id == item_id]
        was, now = before.get(item_id, ""), after.get(item_id, "")
        shown = next((line for line in lines if line.kind == "SHOWN"), None)
        if shown is not None and shown.text != was:
            problems.append(f"question {item_id}: the restarted console showed {tail(shown.text)} "
                            f"but the database held {tail(was)}")
        for previous, line in pairwise(lines):
            if line.kind == "TYPED" and (previous.kind != "TYPING" or previous.text != line.text):
                problems.append(f"question {item_id}: the notes widget holds {tail(line.text)} after keys meant to "
                                f"make {tail(previous.text)}")
                break
        typed = [line for line in lines if line.kind == "TYPED"]
        old_enough = [line for line in typed if line.at <= killed - GRACE]
        must_have = old_enough[-1].text if old_enough else (shown.text if shown else was)
        intended = [line for line in lines if line.kind in ("SHOWN", "TYPING")]
        at_most = intended[-1].text if intended else was
        unsaved = [line for line in typed if not now.startswith(line.text)]
        if not now.startswith(must_have):
            lost = len(must_have) - len(os.path.commonprefix([must_have, now]))
            since = f"typed {killed - unsaved[0].at:.2f} s before the kill" if unsaved else "saved earlier"
            problems.append(f"question {item_id}: LOST {lost} characters ({since}): the database holds {tail(now)} "
                            f"({len(now)} characters) but {tail(must_have)} ({len(must_have)} characters) was "
                            f"typed at least {GRACE:g} s before the kill")
        if not at_most.startswith(now):
            problems.append(f"question {item_id}: saved text that was never typed: {tail(now)}; "
                            f"the last text typed was {tail(at_most)}")
        if unsaved:
            lag = max(lag, killed - unsaved[0].at)
    return problems, lag


def chars_lost(run: Round, after: dict[int, str]) -> int:
    """Characters typed (shown in the widget) before the kill that the database does not hold, over all questions."""
    import os

    lost = 0
    for item_id, typed in run.last_typed().items():
        now = after.get(item_id, "")
        lost += len(typed) - len(os.path.commonprefix([typed, now]))
    return lost


def tail(text_: str, width: int = 60) -> str:
    """The end of a note, where a loss shows."""
    return json.dumps(text_ if len(text_) <= width else "…" + text_[-width:], ensure_ascii=False)


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
