"""Run every benchmark and print its figures; exit 1 if a goal was not met.

Usage: python benchmarks/run.py [startup] [filter] [import] [selection] [guide] [notes] [review] [dashboard] [typing]
       [crash]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_crash  # noqa: E402
import bench_dashboard  # noqa: E402
import bench_filter  # noqa: E402
import bench_guide  # noqa: E402
import bench_import  # noqa: E402
import bench_notes  # noqa: E402
import bench_review  # noqa: E402
import bench_selection  # noqa: E402
import bench_startup  # noqa: E402
import bench_typing  # noqa: E402

BENCHMARKS = {"startup": bench_startup.main, "filter": bench_filter.main, "import": bench_import.main, "selection": bench_selection.main,
              "guide": bench_guide.main, "notes": bench_notes.main, "review": bench_review.main,
              "dashboard": bench_dashboard.main, "typing": bench_typing.main, "crash": bench_crash.main}


def main(names: list[str]) -> int:
    chosen = names or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    results = [BENCHMARKS[name]() for name in chosen]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
