"""A guide being edited: add, remove, reorder, re-time, and the time budget after every change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from question_bank.guide import DEFAULT_INTRO_SECONDS, DEFAULT_WRAP_SECONDS, GuideLine, Window, clock_text
from question_bank.spec import MAX_SECONDS, MIN_SECONDS

EDGE_SECONDS = 60
"""Within this many seconds of an edge of the window, the budget warns (amber)."""


class BudgetState(Enum):
    """Where the planned total stands against the window (the UX's time-budget colours)."""

    INSIDE = "inside"  # green
    NEAR_EDGE = "near_edge"  # amber
    OUTSIDE = "outside"  # red


@dataclass(frozen=True)
class Budget:
    """The planned total against the window, and a sentence that says what it means."""

    total_seconds: int
    window: Window
    state: BudgetState

    @property
    def message(self) -> str:
        total = clock_text(self.total_seconds)
        span = f"{self.window.min_minutes}–{self.window.max_minutes} min"
        if self.total_seconds > self.window.max_seconds:
            return f"{total} planned: {clock_text(self.total_seconds - self.window.max_seconds)} over the {span} window."
        if self.total_seconds < self.window.min_seconds:
            return f"{total} planned: {clock_text(self.window.min_seconds - self.total_seconds)} short of the {span} window."
        if self.state is BudgetState.NEAR_EDGE:
            return f"{total} planned: inside the {span} window, with less than a minute to spare."
        return f"{total} planned: inside the {span} window."


def budget(total_seconds: int, window: Window) -> Budget:
    """Green inside the window, amber within a minute of an edge, red outside."""
    if not window.min_seconds <= total_seconds <= window.max_seconds:
        state = BudgetState.OUTSIDE
    elif total_seconds < window.min_seconds + EDGE_SECONDS or total_seconds > window.max_seconds - EDGE_SECONDS:
        state = BudgetState.NEAR_EDGE
    else:
        state = BudgetState.INSIDE
    return Budget(total_seconds, window, state)


class GuideDraft:
    """The lines of a guide in order, edited in place; every method keeps the seconds inside the allowed range."""

    def __init__(self, lines: Sequence[GuideLine], window: Window = Window(),
                 intro_seconds: int = DEFAULT_INTRO_SECONDS, wrap_seconds: int = DEFAULT_WRAP_SECONDS) -> None:
        self.lines: list[GuideLine] = list(lines)
        self.window = window
        self.intro_seconds = intro_seconds
        self.wrap_seconds = wrap_seconds

    @property
    def total_seconds(self) -> int:
        return self.intro_seconds + sum(line.planned_seconds for line in self.lines) + self.wrap_seconds

    def budget(self) -> Budget:
        return budget(self.total_seconds, self.window)

    def keys(self) -> set[str]:
        """The bank keys already in the guide."""
        return {line.key for line in self.lines if line.key is not None}

    def insert(self, position: int, line: GuideLine) -> int:
        """Insert ``line`` at ``position`` (clamped); returns where it went."""
        position = max(0, min(position, len(self.lines)))
        self.lines.insert(position, replace(line, planned_seconds=clamp_seconds(line.planned_seconds)))
        return position

    def remove(self, position: int) -> GuideLine:
        return self.lines.pop(position)

    def move(self, source: int, destination: int) -> int:
        """Move the line at ``source`` so it ends up at index ``destination`` (clamped); returns that index."""
        line = self.lines.pop(source)
        destination = max(0, min(destination, len(self.lines)))
        self.lines.insert(destination, line)
        return destination

    def set_seconds(self, position: int, seconds: int) -> int:
        """Plan ``seconds`` (clamped to the allowed range) for one line; returns what was planned."""
        planned = clamp_seconds(seconds)
        self.lines[position] = replace(self.lines[position], planned_seconds=planned)
        return planned


def clamp_seconds(seconds: int) -> int:
    """``seconds`` inside the range a question may be planned for."""
    return max(MIN_SECONDS, min(MAX_SECONDS, int(seconds)))
