"""A call as it runs in the console: which question is current, each one's state and stopwatch, the pace.

Plain Python (no widgets): the window displays it and hands its snapshots to the saver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from interviewer.console.calls import Call, CallItem
from interviewer.console.pace import Pace, PlanItem, pace
from interviewer.console.timers import Stopwatch
from interviewer.enums import GuideItemState, Phase

ASKED_AFTER_SECONDS = 1.0
"""A question left after at least this long on it counts as asked."""

Progress = tuple[float, int | None, dict[int, tuple[GuideItemState, float]]]
"""What ``save_progress`` takes: elapsed seconds, current position, each item's state and seconds."""


class LiveCall:
    """The running call: an overall stopwatch, one per question, one for the introduction and one for the wrap-up.

    ``current`` is the question asked now (None: the introduction, or the wrap-up while ``closing``).
    """

    def __init__(self, call: Call, monotonic: Callable[[], float]) -> None:
        self.call = call
        self._now = monotonic
        self.items: list[CallItem] = list(call.items)
        self.states: dict[int, GuideItemState] = {item.id: item.state for item in self.items}
        self.watches: dict[int, Stopwatch] = {item.id: Stopwatch(monotonic, item.spent_seconds) for item in self.items}
        self.overall = Stopwatch(monotonic, call.elapsed_seconds)
        spent = sum(item.spent_seconds for item in self.items)
        self.intro = Stopwatch(monotonic, max(call.elapsed_seconds - spent, 0))
        self.wrap = Stopwatch(monotonic)
        self.current: int | None = next((item.id for item in self.items if item.position == call.current_position),
                                        None)  # fmt: skip
        self.closing = bool(self.items) and call.current_position == self._wrap_position()
        self.running = False

    # -- lookups ---------------------------------------------------------------------------------

    def item(self, item_id: int) -> CallItem:
        return next(item for item in self.items if item.id == item_id)

    def number(self, item_id: int) -> int:
        """The question's number as the guide list shows it (1-based)."""
        return next(n for n, item in enumerate(self.items, 1) if item.id == item_id)

    def current_item(self) -> CallItem | None:
        return self.item(self.current) if self.current is not None else None

    def current_watch(self) -> Stopwatch:
        if self.closing:
            return self.wrap
        return self.watches[self.current] if self.current is not None else self.intro

    def _wrap_position(self) -> int:
        """The position saved for the wrap-up: one past the last question."""
        return max((item.position for item in self.items), default=-1) + 1

    def elapsed(self) -> float:
        return self.overall.elapsed()

    # -- running -----------------------------------------------------------------------------------

    def start(self) -> None:
        self.overall.start()
        self.current_watch().start()
        self.running = True

    def pause(self) -> None:
        self.overall.pause()
        self.current_watch().pause()
        self.running = False

    # -- moving ------------------------------------------------------------------------------------

    def _ids_after(self) -> list[int]:
        ids = [item.id for item in self.items]
        start = 0 if self.current is None else ids.index(self.current) + 1
        return ids[start:]

    def next_id(self) -> int | None:
        """The next question not dropped (None at the end, and in the wrap-up)."""
        if self.closing:
            return None
        return next((i for i in self._ids_after() if self.states[i] is not GuideItemState.DROPPED), None)

    def previous_id(self) -> int | None:
        """The previous question not dropped (from the wrap-up: the last one); None means the introduction."""
        ids = [item.id for item in self.items]
        if self.closing:
            before = ids
        elif self.current is None:
            return None
        else:
            before = ids[: ids.index(self.current)]
        return next((i for i in reversed(before) if self.states[i] is not GuideItemState.DROPPED), None)

    def go_to(self, item_id: int | None, *, closing: bool = False) -> None:
        """Make ``item_id`` current (None: the introduction, or the wrap-up when ``closing``); the question left
        counts as asked if it had time."""
        if closing:
            item_id = None
        if item_id == self.current and closing == self.closing:
            return
        leaving = self.current_watch()
        leaving.pause()
        if self.current is not None and self.states[self.current] is GuideItemState.PENDING \
                and leaving.elapsed() >= ASKED_AFTER_SECONDS:
            self.states[self.current] = GuideItemState.ASKED
        self.current = item_id
        self.closing = closing
        if item_id is not None and self.states[item_id] in (GuideItemState.SKIPPED, GuideItemState.DROPPED):
            self.states[item_id] = GuideItemState.PENDING  # asked after all
        if self.running:
            self.current_watch().start()

    def skip(self) -> bool:
        """Mark the current question skipped and move on; False in the introduction."""
        if self.current is None:
            return False
        self.states[self.current] = GuideItemState.SKIPPED
        following = self.next_id()
        if following is not None:
            self.go_to(following)
        return True

    def drop(self, item_ids: tuple[int, ...]) -> None:
        for item_id in item_ids:
            if item_id != self.current and self.states.get(item_id) is GuideItemState.PENDING:
                self.states[item_id] = GuideItemState.DROPPED

    def insert_after(self, after_id: int | None, item_id: int, text: str, planned_seconds: int) -> CallItem:
        """Place a question added during the call after ``after_id`` (first when None), as ``add_question`` did."""
        current = self.item(after_id) if after_id is not None else None
        position = 0 if current is None else current.position + 1
        phase = current.phase if current is not None else (self.items[0].phase if self.items else Phase.OPENING)
        added = CallItem(id=item_id, position=position, text=text, phase=phase, purpose="", probes=(), teams=(),
                         planned_seconds=planned_seconds, priority=3, required=False, ad_hoc=True,
                         state=GuideItemState.PENDING, spent_seconds=0)
        self.items = [replace(item, position=item.position + 1) if item.position >= position else item
                      for item in self.items]
        self.items.insert(next((n for n, item in enumerate(self.items) if item.position > position), len(self.items)),
                          added)
        self.states[item_id] = GuideItemState.PENDING
        self.watches[item_id] = Stopwatch(self._now)
        return added

    # -- pace and saving ----------------------------------------------------------------------------

    def pace(self) -> Pace:
        plan = [PlanItem(item.id, item.planned_seconds, self.watches[item.id].elapsed(), self.states[item.id],
                         item.required, item.priority, item.ad_hoc) for item in self.items]
        return pace(plan, self.current, self.elapsed(), intro_seconds=self.call.intro_seconds,
                    wrap_seconds=self.call.wrap_seconds, limit_seconds=self.call.window_max_minutes * 60,
                    wrap_spent=self.wrap.elapsed() if self.closing else None)

    def progress(self) -> Progress:
        current = self.current_item()
        position = self._wrap_position() if self.closing else current.position if current is not None else None
        return (self.elapsed(), position,
                {item.id: (self.states[item.id], self.watches[item.id].elapsed()) for item in self.items})
