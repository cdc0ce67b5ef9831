"""Stopwatches on an injectable monotonic clock, so the console's timers are exact in tests."""

from __future__ import annotations

import time
from collections.abc import Callable

Monotonic = Callable[[], float]


class Stopwatch:
    """Seconds that count only while running, starting from ``elapsed`` (what a saved call had reached)."""

    def __init__(self, now: Monotonic = time.monotonic, elapsed: float = 0.0) -> None:
        self._now = now
        self._base = float(elapsed)
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._now()

    def pause(self) -> None:
        if self._since is not None:
            self._base += self._now() - self._since
            self._since = None

    def elapsed(self) -> float:
        """Seconds counted so far."""
        return self._base + (self._now() - self._since if self._since is not None else 0.0)

    def reset(self, elapsed: float = 0.0) -> None:
        """Count from ``elapsed`` again, keeping the running state."""
        self._base = float(elapsed)
        if self._since is not None:
            self._since = self._now()


def clock_text(seconds: float) -> str:
    """Seconds as ``m:ss`` (``-m:ss`` below zero)."""
    whole = int(round(abs(seconds)))
    return f"{'-' if seconds < 0 else ''}{whole // 60}:{whole % 60:02d}"
