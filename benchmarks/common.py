"""Shared by the benchmarks: the 100,000-deal program they run against, and how figures are printed."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
"""Where the console's typist lives (``console_typist.py``): the typing and crash benchmarks drive it."""
OUT = Path(__file__).resolve().parent / "out"
BENCH_DEALS = 100_000


def large_program() -> str:
    """The URL of a demo program with 100,000 closed deals, built once and kept in benchmarks/out/."""
    from interviewer.db import open_database
    from winloss.demo.build import build_demo

    OUT.mkdir(exist_ok=True)
    path = OUT / f"program-{BENCH_DEALS}.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for stale in OUT.glob(partial.name + "*"):
            stale.unlink()
        started = time.perf_counter()
        database = open_database(f"sqlite:///{partial}")
        build_demo(database, deals=BENCH_DEALS, seed=11)
        database.close()
        partial.rename(path)
        print(f"  (built the {BENCH_DEALS:,}-deal program in {time.perf_counter() - started:.1f} s)")
    return url


def isolated_env() -> dict[str, str]:
    """An environment for child processes: offscreen Qt, settings in benchmarks/out/, no user database."""
    env = {k: v for k, v in os.environ.items() if k != "WINLOSS_DB"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(OUT / "home" / name.lower())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def report(name: str, value_ms: float, floor_ms: float, goal_ratio: float | None = None, goal_ms: float | None = None) -> bool:
    """Print one figure with its ratio to the floor measured in the same run; return whether the goal is met."""
    ratio = value_ms / floor_ms if floor_ms else float("inf")
    goals = []
    met = True
    if goal_ratio is not None:
        goals.append(f"goal ≤ {goal_ratio:g}×")
        met &= ratio <= goal_ratio
    if goal_ms is not None:
        goals.append(f"goal ≤ {goal_ms:g} ms")
        met &= value_ms <= goal_ms
    verdict = ("met" if met else "NOT MET") if goals else ""
    print(f"{name:<52} {value_ms:8.1f} ms   floor {floor_ms:7.1f} ms   ratio {ratio:5.2f}×   {', '.join(goals)} {verdict}")
    return met


def median(values: list[float]) -> float:
    return statistics.median(values)


def python() -> str:
    return sys.executable
