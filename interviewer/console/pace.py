"""Pace against the plan: where the call will end, and which questions to drop to end on time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from interviewer.enums import GuideItemState


@dataclass(frozen=True)
class PlanItem:
    """A guide item as pace sees it."""

    id: int
    planned_seconds: int
    spent_seconds: float
    state: GuideItemState
    required: bool = False
    priority: int = 3
    ad_hoc: bool = False


class PaceState(Enum):
    """Green: the projection lands by the planned end; amber: after it; red: past the call's hard limit."""

    ON_PACE = "on_pace"
    BEHIND = "behind"
    OVER_LIMIT = "over_limit"


@dataclass(frozen=True)
class Pace:
    """The call's elapsed time against its plan."""

    elapsed: float
    planned_end: int
    projected_end: float
    limit: int
    state: PaceState
    drop: tuple[int, ...]
    """Remaining optional items to drop to land on the planned end, lowest priority (then latest) first."""
    drop_saves: int

    @property
    def slack(self) -> float:
        """Seconds to spare at the planned end (negative when behind)."""
        return self.planned_end - self.projected_end


def pace(items: Sequence[PlanItem], current_id: int | None, elapsed: float, *, intro_seconds: int,
         wrap_seconds: int, limit_seconds: int, wrap_spent: float | None = None) -> Pace:
    """Project the call's end from ``elapsed``: what the current question has left, the pending ones, the wrap-up
    (what it has left once begun: ``wrap_spent`` seconds in; None before).

    The planned end is the guide as built (introduction, its questions, wrap-up); questions added during the
    call do not move it, so adding one shows its cost in the projection.
    """
    planned_end = intro_seconds + sum(item.planned_seconds for item in items if not item.ad_hoc) + wrap_seconds
    remaining = 0.0
    started = any(item.spent_seconds > 0 or item.state is not GuideItemState.PENDING for item in items)
    if not started and current_id is None and wrap_spent is None:
        remaining += max(intro_seconds - elapsed, 0.0)
    for item in items:
        if item.id == current_id:
            remaining += max(item.planned_seconds - item.spent_seconds, 0.0)
        elif item.state is GuideItemState.PENDING:
            remaining += item.planned_seconds
    projected = elapsed + remaining + (wrap_seconds if wrap_spent is None else max(wrap_seconds - wrap_spent, 0.0))
    overrun = projected - planned_end
    drop: tuple[int, ...] = ()
    saves = 0
    if overrun > 0:
        drop, saves = _to_drop(items, current_id, overrun)
    if projected > limit_seconds:
        state = PaceState.OVER_LIMIT
    elif projected > planned_end:
        state = PaceState.BEHIND
    else:
        state = PaceState.ON_PACE
    return Pace(elapsed, planned_end, projected, limit_seconds, state, drop, saves)


def _to_drop(items: Sequence[PlanItem], current_id: int | None, overrun: float) -> tuple[tuple[int, ...], int]:
    """The fewest low-priority pending optional items whose planned time covers ``overrun`` (all of them if none do)."""
    position = {item.id: index for index, item in enumerate(items)}
    droppable = sorted(
        (item for item in items
         if item.state is GuideItemState.PENDING and item.id != current_id and not item.required),
        key=lambda item: (item.priority, -position[item.id]),
    )  # fmt: skip
    chosen: list[int] = []
    saved = 0
    for item in droppable:
        if saved >= overrun:
            break
        chosen.append(item.id)
        saved += item.planned_seconds
    return tuple(chosen), saved
