"""Saving a note during a live call on SQLite: p50 and p99 over 1,000 saves (goal p99 ≤ 2 ms).

The program is a 300-deal demo in a SQLite file opened with ``open_database``
(WAL, synchronous=NORMAL, as the app runs it); the call is one of its
scheduled interviews with a saved guide, started and with consent given. The
1,000 saves are what typing produces: each one the note of the current
question grown by a few words, the interviewer moving on to the next question
every hundred saves or so, so notes reach a few KB. Each save is
``save_note`` in a transaction of its own, timed from opening the session to
the commit, exactly as the console's writer does it.

The floor is the same 1,000 writes with the standard library's ``sqlite3`` on
the same file and the same pragmas: one UPDATE of the same text and one commit
each, on the notes of a second interview (created first, so every write is an
UPDATE). Both are interleaved save by save, so the disk and the machine's load
weigh on both alike.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from common import median, report

SAVES = 1000
TODAY = date(2026, 11, 20)
SAMPLE = ("buyer said the rollout plan scared their depot leads and price was only part of it; "
         "they compared three vendors over six weeks, the champion left in March, procurement asked "
         "for a pilot we could not staff, Routewise offered onboarding in two weeks and a named "
         "engineer, our demo ran long and skipped the dispatch screen they cared about most")
WORDS = tuple(SAMPLE.split())


def typed_notes(item_ids: list[int], seed: int = 7) -> list[tuple[int, str]]:
    """The 1,000 (question, full note text) saves of a call typed question by question."""
    dice = random.Random(seed)
    per_item = -(-SAVES // len(item_ids))
    texts: dict[int, str] = {}
    saves: list[tuple[int, str]] = []
    for index in range(SAVES):
        item_id = item_ids[min(index // per_item, len(item_ids) - 1)]
        words = " ".join(dice.choice(WORDS) for _ in range(dice.randint(2, 6)))
        previous = texts.get(item_id, "")
        texts[item_id] = f"{previous}{'' if not previous else chr(10) if dice.random() < 0.1 else ' '}{words}"
        saves.append((item_id, texts[item_id]))
    return saves


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p99 of 1,000 values is the 990th smallest)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered)))
    return ordered[rank - 1]


def main() -> bool:
    from sqlalchemy import select

    from interviewer.clock import SystemClock
    from interviewer.console.calls import load_call, save_note, set_consent, start_call
    from interviewer.db import BUSY_TIMEOUT_MS, open_database
    from winloss.demo.build import build_demo
    from interviewer.enums import InterviewStatus
    from interviewer.models import Guide, Interview

    clock = SystemClock()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "program.sqlite"
        database = open_database(f"sqlite:///{path}")
        build_demo(database, deals=300, today=TODAY)
        with database.sessions() as session, session.begin():
            scheduled = session.scalars(
                select(Interview.id).join(Guide, Guide.interview_id == Interview.id)
                .where(Interview.status == InterviewStatus.SCHEDULED).order_by(Interview.id)
            ).all()  # fmt: skip
            mine, theirs = scheduled[:2]
            for interview_id in (mine, theirs):
                start_call(session, interview_id, clock, actor="bench")
                set_consent(session, interview_id, True, clock, actor="bench")
            items = [item.id for item in load_call(session, mine).items]
            floor_items = [item.id for item in load_call(session, theirs).items]

        raw = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            raw.execute(f"PRAGMA {pragma}")
        now = datetime.now(UTC).isoformat(" ")
        raw.executemany("INSERT INTO answers (interview_id, guide_item_id, notes, version, updated_at) "
                        "VALUES (?, ?, '', 1, ?)", [(theirs, item_id, now) for item_id in floor_items])
        floor_of = dict(zip(items, floor_items))  # the nth question of the second call stands for the nth of the first
        floor_versions = dict.fromkeys(floor_items, 1)

        versions: dict[int, int | None] = {}
        timings: list[float] = []
        floor_timings: list[float] = []
        for item_id, text in typed_notes(items):
            started = time.perf_counter()
            with database.sessions() as session, session.begin():
                versions[item_id] = save_note(session, mine, item_id, text, versions.get(item_id), clock)
            timings.append((time.perf_counter() - started) * 1000)

            floor_item = floor_of[item_id]
            started = time.perf_counter()
            raw.execute("BEGIN")
            changed = raw.execute(
                "UPDATE answers SET notes = ?, version = version + 1, updated_at = ? "
                "WHERE interview_id = ? AND guide_item_id = ? AND version = ?",
                (text, datetime.now(UTC).isoformat(" "), theirs, floor_item, floor_versions[floor_item]),
            ).rowcount  # fmt: skip
            raw.execute("COMMIT")
            floor_timings.append((time.perf_counter() - started) * 1000)
            assert changed == 1
            floor_versions[floor_item] += 1
        raw.close()

        with database.sessions() as session:
            saved = load_call(session, mine).notes
        longest = max(len(note.text) for note in saved.values())
        database.close()

    print(f"Note saves on SQLite, {SAVES:,} saves over {len(saved)} questions (notes up to {longest:,} characters):")
    for label, share in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
        print(f"  {label}: {percentile(timings, share):6.2f} ms   floor {percentile(floor_timings, share):6.2f} ms")
    print(f"  max: {max(timings):6.2f} ms   floor {max(floor_timings):6.2f} ms")
    met = report("  save_note p50", median(timings), median(floor_timings))
    met &= report("  save_note p99", percentile(timings, 0.99), percentile(floor_timings, 0.99), goal_ms=2)
    return met


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
