"""The kill test as figures: the real console killed with SIGKILL at 20 random moments while an interviewer types.

The typist (``tests/console_typist.py``) runs the console window in a child process (offscreen Qt) on a
300-deal demo's call of the demo interviewer, typing a few characters every 20–50 ms and moving between questions
now and then; it is killed 0.2–4 s after its first chunk (a different moment each round), and each round restarts
it on the same call, so it resumes what the last one left. After each kill:

- characters lost: typed (shown in the widget) before the kill but not in the database;
- the age of the oldest keystroke lost (goal: ≤ 1 s — everything older is saved);
- whether resume was offered: the interviewer's profile finds the call among those to resume, as the main window
  asks on opening ("Resume the call?"), and the restarted console showed exactly what was saved.

The figure printed with a ratio is the oldest keystroke lost, against the one second the goal allows.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from common import TESTS, isolated_env, report

KILLS = 20
TODAY = date(2026, 11, 20)
INTERVIEWER = "Ines Vallory"


def main() -> bool:
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from console_typist import GRACE, chars_lost, compare, saved_notes, type_and_kill
    from sqlalchemy import select

    from interviewer.db import open_database
    from winloss.demo.build import build_demo
    from interviewer.enums import InterviewStatus
    from interviewer.models import Guide, Interview, Interviewer, Profile
    from interviewer.profiles import ProfileRow
    from ui.console.resume import calls_to_resume

    dice = random.Random(20)
    env = isolated_env()
    lost: list[int] = []
    ages: list[float] = []
    offered: list[bool] = []
    problems: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'program.sqlite'}"
        database = open_database(url)
        build_demo(database, deals=300, today=TODAY, reports=False)
        with database.sessions() as session:
            interview_id = session.scalar(
                select(Interview.id).join(Guide, Guide.interview_id == Interview.id)
                .join(Interviewer, Interview.interviewer_id == Interviewer.id)
                .where(Interviewer.name == INTERVIEWER, Interview.status == InterviewStatus.SCHEDULED,
                       Interview.started_at.is_(None)).order_by(Interview.id).limit(1))  # fmt: skip
            profile = session.scalar(select(Profile).where(Profile.name == INTERVIEWER))
            her = ProfileRow(profile.id, profile.name, profile.email, profile.role)
        database.close()
        saved: dict[int, str] = {}
        for number in range(KILLS):
            span = dice.uniform(0.2, 4.0)
            run = type_and_kill(number, url, interview_id, env, Path(folder), typing=(span, span))
            after = saved_notes(url, interview_id)
            found, age = compare(run, saved, after)
            problems += [f"kill {number + 1}: {p}" for p in found]
            lost.append(chars_lost(run, after))
            ages.append(age)
            database = open_database(url)
            try:
                with database.sessions() as session:
                    offered.append(any(call[0] == interview_id for call in calls_to_resume(session, her)))
            finally:
                database.close()
            saved = after

    print(f"Kill -9 of the console, {KILLS} random moments in {time.monotonic() - started:.0f} s:")
    print(f"  characters lost per kill: max {max(lost)}, median {statistics.median(lost):g} "
          f"(each kill: {' '.join(map(str, lost))})")
    print(f"  oldest keystroke lost: max {max(ages):.2f} s, median {statistics.median(ages):.2f} s (goal ≤ {GRACE:g} s)")
    print(f"  resume offered after {sum(offered)} of {KILLS} kills; the restarted console showed what was saved "
          f"{'every time' if not any('showed' in p for p in problems) else 'NOT every time'}")
    for problem in problems:
        print(f"  NOT MET: {problem}")
    met = report("  oldest keystroke lost at a kill", max(ages) * 1000, GRACE * 1000, goal_ms=GRACE * 1000)
    return met and not problems and all(offered)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(0 if main() else 1)
