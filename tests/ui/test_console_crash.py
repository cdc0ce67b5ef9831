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

import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from console_typist import GRACE, chars_lost, compare, saved_notes, type_and_kill
from sqlalchemy import select, text

from interviewer.db import open_database
from interviewer.enums import InterviewStatus
from interviewer.models import Guide, Interview, Interviewer
from winloss.demo.build import build_demo

ROUNDS = 7
TYPING = (1.2, 2.4)
"""Seconds of typing before each kill: past the 1 s grace, so every round has typing that must have been saved
(the crash benchmark kills 20 times over longer spans; this test keeps the suite short)."""

pytestmark = pytest.mark.slow


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
        run = type_and_kill(number, url, interview_id, env, tmp_path, typing=TYPING)
        after = saved_notes(url, interview_id)
        problems, lag = compare(run, saved, after)
        assert not problems, f"round {number}:\n" + "\n".join(problems)
        lags.append(lag)
        saved = after

    database = open_database(url)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        database.close()
    assert sum(len(notes) for notes in saved.values()) > 500, "the typist hardly typed anything"
    print(f"\n{ROUNDS} kills in {time.monotonic() - started:.1f} s; {sum(map(len, saved.values())):,} characters "
          f"over {len(saved)} questions; the oldest unsaved keystroke at a kill was {max(lags):.2f} s old")


# -- the same, as the interviewer lives it: the app dies mid-sentence, she starts it again and resumes -------------

TODAY = date(2026, 11, 20)
INTERVIEWER = "Ines Vallory"
KILLS = 2


def _her_call(url: str) -> int:
    """The demo interviewer's first booked call with a guide, not started."""
    database = open_database(url)
    try:
        build_demo(database, deals=300, today=TODAY, reports=False)
        with database.sessions() as session:
            return session.scalar(
                select(Interview.id).join(Guide, Guide.interview_id == Interview.id)
                .join(Interviewer, Interview.interviewer_id == Interviewer.id)
                .where(Interviewer.name == INTERVIEWER, Interview.status == InterviewStatus.SCHEDULED,
                       Interview.started_at.is_(None))
                .order_by(Interview.id).limit(1)
            )  # fmt: skip
    finally:
        database.close()


def test_killed_mid_sentence_the_interviewer_restarts_resumes_and_finds_all_but_the_last_second(
    qtbot: Any, tmp_path: Path, subprocess_env: dict[str, str],
) -> None:
    import sys

    from paths import TESTS

    if str(TESTS / "journeys") not in sys.path:
        sys.path.insert(0, str(TESTS / "journeys"))
    from person import button, click, click_row, close_window, field, labels_text, live_dialog, shortcut
    from PySide6.QtWidgets import QMessageBox
    from steps_console import live_console, notes, write_notes
    from window_steps import open_window

    url = f"sqlite:///{tmp_path / 'program.sqlite'}"
    interview_id = _her_call(url)
    assert interview_id is not None, f"the demo gives {INTERVIEWER} no booked call with a guide"
    env = {**subprocess_env, "QT_QPA_PLATFORM": "offscreen"}

    saved: dict[int, str] = {}
    for number in range(KILLS):
        # -- she types in the console; the process is killed with SIGKILL mid-typing -----------------------------
        run = type_and_kill(number, url, interview_id, env, tmp_path, typing=(1.5, 2.5))
        after = saved_notes(url, interview_id)
        problems, lag = compare(run, saved, after)
        assert not problems, f"kill {number + 1}:\n" + "\n".join(problems)
        assert lag <= GRACE, f"kill {number + 1}: a keystroke {lag:.2f} s old was lost"
        typed = run.last_typed()
        assert sum(map(len, typed.values())) > sum(map(len, saved.values())), "nothing was typed before the kill"

        # -- she starts the app again on the same database: who is she, and resume the call? ----------------------
        database = open_database(url)
        home = tmp_path / f"restart-{number}"
        home.mkdir()
        window = open_window(qtbot, home, database, datetime.now(UTC), person=True)
        try:
            who = live_dialog(qtbot, "Who is using")
            click_row(qtbot, field(who, "Existing profiles"), INTERVIEWER)  # type: ignore[arg-type]
            click(qtbot, "OK", who)
            asked = live_dialog(qtbot, "Resume the call?", QMessageBox)
            assert "was interrupted at" in labels_text(asked) or "was interrupted at" in asked.text()
            click(qtbot, button(asked, "Yes"))
            console = live_console(qtbot)

            # -- the console shows exactly what was saved, paused until she carries on ----------------------------
            current = console.current_item_id()  # which question it reopened on (read, not acted on)
            assert current in after, "the console reopened on a question that has no saved notes"
            assert notes(console).toPlainText() == after[current]
            assert "Resumed" in labels_text(console)
            shortcut(qtbot, console, "Ctrl+P")
            more = f" - carried on after restart {number + 1}"
            write_notes(qtbot, console, more)
            assert notes(console).toPlainText() == after[current] + more
            close_window(qtbot, console)
            qtbot.waitUntil(lambda: saved_notes(url, interview_id).get(current) == after[current] + more,
                            timeout=5000)
        finally:
            window.close()
            window.tasks.wait()
            database.close()
        saved = saved_notes(url, interview_id)
        lost = chars_lost(run, after)
        print(f"\nkill {number + 1}: {lost} characters lost (the oldest {lag:.2f} s old); resume was offered")
