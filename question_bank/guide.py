"""A guide as a list of lines in interview order, and the time it takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewer.console.timers import clock_text
from interviewer.enums import Outcome, Phase, Team

__all__ = ["DEFAULT_INTRO_SECONDS", "DEFAULT_WRAP_SECONDS", "MAX_WINDOW_MINUTES", "GuideLine", "PrintableGuide",
           "Window", "clock_text"]

DEFAULT_INTRO_SECONDS = 90
DEFAULT_WRAP_SECONDS = 60
MAX_WINDOW_MINUTES = 45
"""The longest call a guide may plan for."""


@dataclass(frozen=True)
class GuideLine:
    """One question of a guide, its text already filled from the deal."""

    text: str
    phase: Phase
    planned_seconds: int
    priority: int = 3
    required: bool = False
    purpose: str = ""
    probes: tuple[str, ...] = ()
    teams: tuple[Team, ...] = ()
    key: str | None = None
    """The bank question's key; None for a question written into this guide only."""
    question_id: int | None = None


@dataclass(frozen=True)
class Window:
    """The length the whole call (introduction, questions, wrap-up) should take, in minutes."""

    min_minutes: int = 15
    max_minutes: int = 20

    @property
    def min_seconds(self) -> int:
        return self.min_minutes * 60

    @property
    def max_seconds(self) -> int:
        return self.max_minutes * 60


@dataclass(frozen=True)
class PrintableGuide:
    """Everything a printed guide shows: who, what the deal was, and the questions in order."""

    title: str
    outcome: Outcome
    lines: Sequence[GuideLine]
    window: Window = field(default_factory=Window)
    intro_seconds: int = DEFAULT_INTRO_SECONDS
    wrap_seconds: int = DEFAULT_WRAP_SECONDS
    competitor: str | None = None
    facts: Sequence[tuple[str, str]] = ()
    """Label and value pairs shown under the title: buyer, company, scheduled time, interviewer…"""

    @property
    def total_seconds(self) -> int:
        """Introduction, every question's planned seconds, and wrap-up."""
        return self.intro_seconds + sum(line.planned_seconds for line in self.lines) + self.wrap_seconds
