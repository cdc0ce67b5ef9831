"""Start-up: `winloss` on a 100,000-deal database against a bare PySide6 QMainWindow, same run.

Both are started as fresh processes and timed from launch by this script, to
the moment their event loop first runs with the window shown. For the app a
second figure is taken when the first page of deals is on screen.
"""

from __future__ import annotations

import subprocess
import time

from common import isolated_env, large_program, median, python, report

RUNS = 7
BARE = (
    "import PySide6.QtWidgets as w, PySide6.QtCore as c\n"
    "app = w.QApplication([])\n"
    "win = w.QMainWindow(); win.resize(1280, 800); win.show()\n"
    "c.QTimer.singleShot(0, lambda: (print('window-shown', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _timed(command: list[str]) -> dict[str, float]:
    """Milliseconds from launch to each marker line the child prints."""
    marks: dict[str, float] = {}
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=isolated_env()) as child:
        assert child.stdout is not None
        for line in child.stdout:
            marks[line.split()[0]] = (time.perf_counter() - started) * 1000
    if child.returncode != 0 or "failed" in marks:
        raise SystemExit(f"benchmark child failed: {' '.join(command)}")
    return marks


def main() -> bool:
    url = large_program()
    app = [python(), "-m", "winloss", "--db", url, "--report-startup"]
    bare = [python(), "-c", BARE]
    _timed(bare), _timed(app)  # warm the file cache and the bytecode
    bare_ms, shown_ms, deals_ms = [], [], []
    for _ in range(RUNS):
        bare_ms.append(_timed(bare)["window-shown"])
        marks = _timed(app)
        shown_ms.append(marks["window-shown"])
        deals_ms.append(marks["deals-shown"])
    floor = median(bare_ms)
    print(f"start-up, median of {RUNS} (100,000 deals):")
    met = report("  main window shown and responsive", median(shown_ms), floor, goal_ratio=2.0)
    report("  first page of deals on screen", median(deals_ms), floor)
    return met


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
