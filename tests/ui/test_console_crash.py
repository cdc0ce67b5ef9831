"""Nothing typed more than a second before the app dies is lost: the console killed with SIGKILL, again and again.

The real console window runs in a subprocess (``console_typist.py``) that
types notes through the notes widget, question after question, and reports on
stdout what the widget holds after every chunk, stamped with the monotonic
clock it shares with this process. At a random moment the test kills it with
SIGKILL, then opens the database afresh and checks every question's saved
notes against what had been typed:

- everything typed at least one second before the kill is saved (the saved text extends it);
- nothing that was never typed is saved (the saved text is a prefix of the last text typed, or about to be);
- a restarted console shows exactly what was saved, and typing carries on after it.

Each round restarts the console on the same interview, so later rounds type
onto the notes earlier ones left, after the resume. At the end SQLite must
still find the file sound.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import TextIO

import pytest
from sqlalchemy import select, text

from interviewer.db import open_database
from interviewer.demo import build_demo
from interviewer.enums import InterviewStatus
from interviewer.models import Answer, Guide, Interview
from paths import TESTS

ROUNDS = 20
GRACE = 1.0
"""Seconds: what was typed longer ago than this before the kill must be in the database."""
TYPIST = TESTS / "console_typist.py"
STARTUP_TIMEOUT = 30.0

pytestmark = pytest.mark.slow


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


def test_notes_typed_a_second_before_a_sigkill_are_never_lost(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    url = f"sqlite:///{tmp_path / 'program.sqlite'}"
    database = open_database(url)
    build_demo(database, deals=300, today=datetime.now(UTC).date())
    with database.sessions() as session:
        interview_id = session.scalar(
            select(Interview.id).join(Guide, Guide.interview_id == Interview.id)
            .where(Interview.status == InterviewStatus.SCHEDULED, Interview.started_at.is_(None))
            .order_by(Interview.id).limit(1)
        )  # fmt: skip
    database.close()
    assert interview_id is not None, "the demo has no scheduled interview with a guide to call"
    env = {**subprocess_env, "QT_QPA_PLATFORM": "offscreen"}

    saved: dict[int, str] = {}
    lags: list[float] = []
    started = time.monotonic()
    for number in range(ROUNDS):
        run = _type_and_kill(number, url, interview_id, env, tmp_path)
        after = _saved_notes(url, interview_id)
        problems, lag = _compare(run, saved, after)
        assert not problems, f"round {number}:\n" + "\n".join(problems)
        lags.append(lag)
        saved = after

    database = open_database(url)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        database.close()
    assert sum(len(notes) for notes in saved.values()) > 1000, "the typist hardly typed anything"
    print(f"\n{ROUNDS} kills in {time.monotonic() - started:.1f} s; {sum(map(len, saved.values())):,} characters "
          f"over {len(saved)} questions; the oldest unsaved keystroke at a kill was {max(lags):.2f} s old")


def _type_and_kill(number: int, url: str, interview_id: int, env: dict[str, str], folder: Path) -> Round:
    """Start the typist, let it type for 1.5–4 s after its first chunk, and kill it with SIGKILL."""
    dice = random.Random(number)
    run = Round(number)
    errors = folder / f"typist-{number}.stderr"
    with errors.open("w") as stderr:
        child = subprocess.Popen([sys.executable, str(TYPIST), url, str(interview_id), str(1000 + number)],
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
                time.sleep(dice.uniform(1.5, 4.0))
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


def _saved_notes(url: str, interview_id: int) -> dict[int, str]:
    """Every question's notes as a fresh connection finds them, as a restarted app would."""
    database = open_database(url)
    try:
        with database.sessions() as session:
            query = select(Answer.guide_item_id, Answer.notes).where(Answer.interview_id == interview_id)
            return {item_id: notes for item_id, notes in session.execute(query)}
    finally:
        database.close()


def _compare(run: Round, before: dict[int, str], after: dict[int, str]) -> tuple[list[str], float]:
    """What went wrong in this round, one sentence each; and the age at the kill of the oldest keystroke not saved."""
    problems: list[str] = []
    lag = 0.0
    killed = run.killed_at
    for item_id in sorted(set(before) | set(after) | {line.item_id for line in run.lines}):
        lines = [line for line in run.lines if line.item_id == item_id]
        was, now = before.get(item_id, ""), after.get(item_id, "")
        shown = next((line for line in lines if line.kind == "SHOWN"), None)
        if shown is not None and shown.text != was:
            problems.append(f"question {item_id}: the restarted console showed {_tail(shown.text)} "
                            f"but the database held {_tail(was)}")
        for previous, line in pairwise(lines):
            if line.kind == "TYPED" and (previous.kind != "TYPING" or previous.text != line.text):
                problems.append(f"question {item_id}: the notes widget holds {_tail(line.text)} after keys meant to "
                                f"make {_tail(previous.text)}")
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
            problems.append(f"question {item_id}: LOST {lost} characters ({since}): the database holds {_tail(now)} "
                            f"({len(now)} characters) but {_tail(must_have)} ({len(must_have)} characters) was "
                            f"typed at least {GRACE:g} s before the kill")
        if not at_most.startswith(now):
            problems.append(f"question {item_id}: saved text that was never typed: {_tail(now)}; "
                            f"the last text typed was {_tail(at_most)}")
        if unsaved:
            lag = max(lag, killed - unsaved[0].at)
    return problems, lag


def _tail(text_: str, width: int = 60) -> str:
    """The end of a note, where a loss shows."""
    return json.dumps(text_ if len(text_) <= width else "…" + text_[-width:], ensure_ascii=False)
