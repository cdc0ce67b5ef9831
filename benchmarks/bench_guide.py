"""Building a guide from a 500-question bank (goal ≤ 20 ms).

The bank is the default bank's questions repeated with varied priorities,
estimates and outcomes (deterministic) up to 500. Measured: the exact builder
alone for a lost deal with a known competitor in the default 15–20 minute
window and in the widest 30–45 minute one, and ``build_for`` end to end on a
SQLite database holding that bank (reading the bank and the observed durations
included). The floor is a greedy choice over the same questions in the same
run: sort by priority, take each one that still fits — the cheapest method
that ignores optimality and the phase shares.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from common import median, report

RUNS = 41
SIZE = 500


def bank():  # type: ignore[no-untyped-def]
    from interviewer.enums import Outcome
    from question_bank.bank_file import default_bank

    dice = random.Random(500)
    shipped = default_bank().questions
    choices = [frozenset({Outcome.WON, Outcome.LOST, Outcome.NO_DECISION}), frozenset({Outcome.LOST}),
               frozenset({Outcome.WON}), frozenset({Outcome.LOST, Outcome.NO_DECISION})]  # fmt: skip
    specs = list(shipped)
    while len(specs) < SIZE:
        base = shipped[len(specs) % len(shipped)]
        specs.append(replace(base, key=f"{base.key}-v{len(specs)}", required=False, priority=dice.randint(1, 5),
                             seconds=dice.randrange(45, 300, 5), outcomes=dice.choice(choices)))
    return specs


def greedy(specs, request) -> int:  # type: ignore[no-untyped-def]
    """Take questions by priority while they fit the window: the floor."""
    from question_bank.builder import eligible

    pool, _ = eligible(specs, request)
    budget = request.window.max_seconds - request.intro_seconds - request.wrap_seconds
    taken = 0
    for spec in sorted(pool, key=lambda s: (not s.required, -s.priority)):
        if spec.seconds <= budget:
            budget -= spec.seconds
            taken += 1
    return taken


def timed(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return median(timings)


def main() -> bool:
    from interviewer.db import open_database
    from interviewer.enums import Outcome
    from question_bank.builder import BuildRequest, build_guide
    from question_bank.fill import Fill
    from question_bank.guide import Window
    from question_bank.guides import build_for, subject_by_hand
    from question_bank.store import ensure_default_bank, import_bank
    from question_bank.bank_file import BankFile

    specs = bank()
    print(f"Guide builder, {len(specs)}-question bank:")
    met = True
    for window in (Window(15, 20), Window(30, 45)):
        request = BuildRequest(Outcome.LOST, Fill.for_deal("Harbor Freight", "Routewise", "Routeplanner"), window)
        built = build_guide(specs, request)
        floor = timed(lambda request=request: greedy(specs, request))
        value = timed(lambda request=request: build_guide(specs, request))
        label = f"  exact build, {window.min_minutes}–{window.max_minutes} min ({len(built.lines)} questions)"
        met &= report(label, value, floor, goal_ms=20)

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bank.sqlite'}")
        with database.sessions() as session, session.begin():
            import_bank(session, ensure_default_bank(session), BankFile("bench", "", tuple(specs)), actor="bench")
        subject = subject_by_hand(Outcome.LOST, "Routewise")
        request = BuildRequest(Outcome.LOST, subject.fill)
        with database.sessions() as session:
            floor = timed(lambda: greedy(specs, request))
            value = timed(lambda: build_for(session, subject))
        database.close()
    met &= report("  build_for from the database, 15–20 min", value, floor, goal_ms=20)
    return met


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
