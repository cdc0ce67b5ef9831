"""Build the guide that asks the most important questions this deal allows in the time the call has.

The choice is exact, not greedy. Time is counted in steps of ``STEP_SECONDS``.
Required questions that fit the deal are always in. The optional ones maximise
the sum of their weights (``weight``: one more point of priority is worth three
questions of the level below; questions written for this outcome or naming the
competitor count more) plus a bonus for each phase of the arc the guide covers,
subject to:

- the total (introduction, questions, wrap-up) lies inside the target: the
  window less a minute at each edge when that leaves room (the slack a live
  call needs), else the whole window;
- no phase takes more than its share (``PHASE_SHARES``) of the question time.

Each phase is a 0/1 knapsack over exact times (one row of booleans per
question, for reconstruction); the phases are then combined by a max-plus
convolution over time, and the best total inside the target wins (ties go to
the longer guide, then to the earlier question in the bank). Both steps are
numpy operations over at most a few hundred time steps, so a 500-question bank
takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from interviewer.enums import Outcome, Phase
from question_bank.fill import Fill
from question_bank.guide import (
    DEFAULT_INTRO_SECONDS,
    DEFAULT_WRAP_SECONDS,
    MAX_WINDOW_MINUTES,
    GuideLine,
    Window,
    clock_text,
)
from question_bank.spec import INTERVIEW_OUTCOMES, QuestionSpec

STEP_SECONDS = 5
"""The builder's unit of time: planned seconds are rounded to it."""

EDGE_SLACK_SECONDS = 60
"""How far inside the window's edges the builder aims, when the window is wide enough."""

PHASE_SHARES: Mapping[Phase, float] = {
    Phase.OPENING: 0.15,
    Phase.DECISION_PROCESS: 0.25,
    Phase.EVALUATION: 0.25,
    Phase.COMPETITION: 0.25,
    Phase.SALES_EXPERIENCE: 0.20,
    Phase.PRODUCT_ROADMAP: 0.20,
    Phase.CLOSING: 0.15,
}
"""The most of the question time each phase may take (required questions may exceed it)."""

SPECIFIC_FACTOR = 1.5
"""How much more a question written for this deal's outcome, or naming its competitor, is worth."""

PHASE_BONUS = 27.0
"""What covering one more phase of the arc is worth: as much as one priority-3 question."""

_NONE = -1.0e18


class GuideInfeasible(ValueError):
    """No guide fits the window; ``str()`` says why and what to change."""


def weight(spec: QuestionSpec, request: BuildRequest) -> float:
    """The value of including an optional question: three times as much per point of priority (1 … 5), and
    half as much again for a question written for this kind of deal (not for every outcome) and again for
    one that names the deal's competitor, so the guide is about this deal rather than any deal."""
    value = float(3 ** spec.priority)
    if len(spec.outcomes) < len(INTERVIEW_OUTCOMES):
        value *= SPECIFIC_FACTOR
    if request.fill.competitor is not None and "competitor" in spec.placeholders:
        value *= SPECIFIC_FACTOR
    return value


def rounded(seconds: int) -> int:
    """``seconds`` rounded to the builder's step (never below one step)."""
    return max(STEP_SECONDS, int(round(seconds / STEP_SECONDS)) * STEP_SECONDS)


@dataclass(frozen=True)
class BuildRequest:
    """What the guide is for and how long the call may be."""

    outcome: Outcome
    fill: Fill
    window: Window = Window()
    intro_seconds: int = DEFAULT_INTRO_SECONDS
    wrap_seconds: int = DEFAULT_WRAP_SECONDS


@dataclass(frozen=True)
class BuiltGuide:
    """The chosen questions in interview order, and how the choice was made."""

    lines: tuple[GuideLine, ...]
    request: BuildRequest
    target: tuple[int, int]
    """The seconds the whole call was aimed at (introduction and wrap-up included)."""
    score: float
    left_out: tuple[str, ...]
    """Sentences on what was set aside and why (no competitor known, retired questions…)."""

    @property
    def total_seconds(self) -> int:
        """Introduction, questions and wrap-up."""
        return self.request.intro_seconds + sum(line.planned_seconds for line in self.lines) + self.request.wrap_seconds


def eligible(questions: Sequence[QuestionSpec], request: BuildRequest) -> tuple[list[QuestionSpec], list[str]]:
    """The active questions that fit the outcome and whose placeholders can be filled, and notes on the rest."""
    kept: list[QuestionSpec] = []
    unfillable = 0
    for spec in questions:
        if not spec.active or not spec.fits(request.outcome):
            continue
        if not request.fill.can_fill(spec.text):
            unfillable += 1
            continue
        kept.append(spec)
    notes = []
    if unfillable:
        notes.append(
            f"{unfillable} question{'s' if unfillable != 1 else ''} naming the competitor "
            "left out: no competitor is known for this deal."
        )
    return kept, notes


def phase_caps(question_seconds: int) -> dict[Phase, int]:
    """The most seconds each phase may take when the questions have ``question_seconds`` in all."""
    return {phase: int(share * question_seconds) // STEP_SECONDS * STEP_SECONDS for phase, share in PHASE_SHARES.items()}


def score(chosen: Sequence[QuestionSpec], request: BuildRequest) -> float:
    """The builder's objective for a set of questions: optional weights plus the phase-coverage bonus."""
    optional = sum(weight(spec, request) for spec in chosen if not spec.required)
    return optional + PHASE_BONUS * len({spec.phase for spec in chosen})


def build_guide(
    questions: Sequence[QuestionSpec], request: BuildRequest, planned: Mapping[str, int] | None = None
) -> BuiltGuide:
    """The best guide for ``request`` from ``questions`` (in bank order).

    ``planned`` gives the seconds to plan per question key (learned durations);
    the author's estimate is used for keys it lacks.
    """
    _check_window(request)
    pool, notes = eligible(questions, request)
    seconds = {spec.key: rounded((planned or {}).get(spec.key, spec.seconds)) for spec in pool}
    fixed = request.intro_seconds + request.wrap_seconds
    required = [spec for spec in pool if spec.required]
    optional = [spec for spec in pool if not spec.required]
    required_seconds = sum(seconds[spec.key] for spec in required)

    window = request.window
    if fixed + required_seconds > window.max_seconds:
        raise GuideInfeasible(
            f"The required questions with the introduction and wrap-up take {clock_text(fixed + required_seconds)}, "
            f"more than the {window.max_minutes}-minute window: widen the window or make fewer questions required."
        )
    best = None
    for low, high in _targets(window):
        best = _choose(optional, required, seconds, request, (low, high))
        if best is not None:
            target = (low, high)
            break
    if best is None:
        reachable = fixed + _longest(optional, required, seconds, request)
        raise GuideInfeasible(
            f"The questions that fit this {request.outcome.label.lower()} deal, with no phase taking more than its "
            f"share, add up to at most {clock_text(reachable)}, short of the {window.min_minutes}-minute minimum: "
            "lower the minimum, or add or activate questions for this outcome in the bank."
        )
    chosen_keys, value = best
    chosen = [spec for spec in pool if spec.key in chosen_keys]
    lines = tuple(line_for(spec, seconds[spec.key], request.fill) for spec in _in_arc_order(chosen))
    return BuiltGuide(lines, request, target, value, tuple(notes))


def _check_window(request: BuildRequest) -> None:
    window = request.window
    if not 1 <= window.min_minutes <= window.max_minutes <= MAX_WINDOW_MINUTES:
        raise GuideInfeasible(
            f"A window of {window.min_minutes}–{window.max_minutes} minutes is not possible: "
            f"the minimum must be at least 1 and no more than the maximum, which is at most {MAX_WINDOW_MINUTES}."
        )
    if request.intro_seconds < 0 or request.wrap_seconds < 0:
        raise GuideInfeasible("The introduction and the wrap-up cannot take negative time.")


def _targets(window: Window) -> list[tuple[int, int]]:
    """The inner target (a minute inside each edge) when it is not empty, then the whole window."""
    inner = (window.min_seconds + EDGE_SLACK_SECONDS, window.max_seconds - EDGE_SLACK_SECONDS)
    whole = (window.min_seconds, window.max_seconds)
    return [inner, whole] if inner[0] <= inner[1] else [whole]


def _choose(
    optional: Sequence[QuestionSpec], required: Sequence[QuestionSpec], seconds: Mapping[str, int],
    request: BuildRequest, target: tuple[int, int],
) -> tuple[set[str], float] | None:
    """The chosen keys and their score, or None when no choice lands inside ``target``."""
    fixed = request.intro_seconds + request.wrap_seconds
    low = max(0, -(-(target[0] - fixed) // STEP_SECONDS))
    high = (target[1] - fixed) // STEP_SECONDS
    if high < 0:
        return None
    caps = phase_caps(request.window.max_seconds - fixed)
    combined = np.full(high + 1, _NONE)
    combined[0] = 0.0
    plans: list[tuple[list[QuestionSpec], np.ndarray, np.ndarray]] = []
    picks: list[np.ndarray] = []
    for phase in Phase:
        fixed_items = [spec for spec in required if spec.phase is phase]
        items = [spec for spec in optional if spec.phase is phase]
        fixed_steps = sum(seconds[spec.key] for spec in fixed_items) // STEP_SECONDS
        room = max(caps[phase] // STEP_SECONDS, fixed_steps)
        table, keep = _knapsack(items, seconds, min(room, high) - fixed_steps, request)
        if fixed_items:
            table = table + PHASE_BONUS
        elif table.size > 1:
            table[1:] += PHASE_BONUS
        shifted = np.full(min(high, fixed_steps + table.size - 1) + 1, _NONE)
        span = shifted.size - fixed_steps
        if span > 0:
            shifted[fixed_steps:] = table[:span]
        combined, pick = _convolve(combined, shifted, high)
        plans.append((items, table, keep))
        picks.append(pick)
    window = combined[low:high + 1]
    if window.size == 0 or window.max() <= _NONE / 2:
        return None
    # the best score; among equals, the longest guide
    best_value = window.max()
    total = low + int(np.flatnonzero(window >= best_value - 1e-9)[-1])
    return _reconstruct(total, plans, picks, required, seconds), float(combined[total])


def _longest(
    optional: Sequence[QuestionSpec], required: Sequence[QuestionSpec], seconds: Mapping[str, int],
    request: BuildRequest,
) -> int:
    """The most question seconds any guide can plan within the phase shares (for the message when none fits)."""
    caps = phase_caps(request.window.max_seconds - request.intro_seconds - request.wrap_seconds)
    total = 0
    for phase in Phase:
        fixed = sum(seconds[spec.key] for spec in required if spec.phase is phase)
        room = max(caps[phase], fixed) - fixed
        table, _ = _knapsack([s for s in optional if s.phase is phase], seconds, room // STEP_SECONDS, request)
        total += fixed + int(np.flatnonzero(table > _NONE / 2)[-1]) * STEP_SECONDS
    return total


def _knapsack(
    items: Sequence[QuestionSpec], seconds: Mapping[str, int], room: int, request: BuildRequest
) -> tuple[np.ndarray, np.ndarray]:
    """Best weight for each exact number of steps up to ``room``, and which item improved each cell."""
    room = max(room, 0)
    table = np.full(room + 1, _NONE)
    table[0] = 0.0
    keep = np.zeros((len(items), room + 1), dtype=bool)
    for index, spec in enumerate(items):
        cost = seconds[spec.key] // STEP_SECONDS
        if cost > room:
            continue
        value = weight(spec, request)
        candidate = table[:-cost] + value  # cost >= 1: planned seconds are at least one step
        better = candidate > table[cost:]
        keep[index, cost:] = better
        table[cost:] = np.where(better, candidate, table[cost:])
    return table, keep


def _convolve(combined: np.ndarray, phase: np.ndarray, high: int) -> tuple[np.ndarray, np.ndarray]:
    """Max-plus convolution of the totals so far with one phase's table, and the phase's steps at each total."""
    totals = np.arange(high + 1)[:, None]
    steps = np.arange(phase.size)[None, :]
    before = totals - steps
    valid = before >= 0
    sums = np.where(valid, combined[np.clip(before, 0, None)] + phase[None, :], _NONE)
    pick = sums.argmax(axis=1)
    return sums[np.arange(high + 1), pick], pick


def _reconstruct(
    total: int, plans: Sequence[tuple[list[QuestionSpec], np.ndarray, np.ndarray]], picks: Sequence[np.ndarray],
    required: Sequence[QuestionSpec], seconds: Mapping[str, int],
) -> set[str]:
    chosen = {spec.key for spec in required}
    for phase, (items, _table, keep), pick in reversed(list(zip(Phase, plans, picks, strict=True))):
        steps = int(pick[total])
        total -= steps
        fixed_steps = sum(seconds[spec.key] for spec in required if spec.phase is phase) // STEP_SECONDS
        left = steps - fixed_steps
        for index in range(len(items) - 1, -1, -1):
            if left > 0 and keep[index, left]:
                chosen.add(items[index].key)
                left -= seconds[items[index].key] // STEP_SECONDS
    return chosen


def _in_arc_order(chosen: Sequence[QuestionSpec]) -> list[QuestionSpec]:
    """By phase of the arc; inside a phase, required questions first, then the bank's order."""
    order = list(Phase)
    return sorted(chosen, key=lambda spec: (order.index(spec.phase), not spec.required))


def line_for(spec: QuestionSpec, planned_seconds: int, fill: Fill) -> GuideLine:
    """The guide line asking ``spec`` for ``planned_seconds``, its text and probes filled."""
    return GuideLine(
        text=fill.apply(spec.text), phase=spec.phase, planned_seconds=planned_seconds, priority=spec.priority,
        required=spec.required, purpose=spec.purpose, probes=tuple(fill.apply(probe) for probe in spec.probes),
        teams=spec.teams, key=spec.key, question_id=spec.id,
    )
