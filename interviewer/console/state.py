"""Where a live call stands, and what follows from it: the console's banner, its buttons' labels, what is allowed.

One small state machine, so the window never decides these on its own: a call waits for consent, runs, is
paused (by the interviewer, or because consent was withdrawn), is ended (the wrap-up is open), is wrapped up
(read-only), or is reopened for edits after the wrap-up (notes, quotes and tags only; the timers stay stopped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from interviewer.console.pace import Pace, PaceState
from interviewer.enums import GuideItemState


class Stage(Enum):
    WAITING = "waiting for consent"
    RUNNING = "running"
    PAUSED = "paused"
    INTERRUPTED = "interrupted"
    """Loaded from a call that was started before (closed, or the app died): paused until resumed."""
    WITHDRAWN = "consent withdrawn"
    ENDED = "ended"
    WRAPPED = "wrapped up"
    REOPENED = "reopened for edits"


RESUMED = "Resumed — press Ctrl+P to continue"
BANNERS: dict[Stage, str] = {
    Stage.WAITING: "",
    Stage.RUNNING: "",
    Stage.PAUSED: "Paused — Ctrl+P to continue",
    Stage.INTERRUPTED: RESUMED,
    Stage.WITHDRAWN: "Paused — consent withdrawn",
    Stage.ENDED: "Call ended",
    Stage.WRAPPED: "Wrapped up",
    Stage.REOPENED: "Reopened for edits",
}


class StateError(ValueError):
    """A step the call's stage does not allow; ``str()`` says why, for the interviewer."""


@dataclass(frozen=True)
class CallState:
    """An immutable stage of the call; each step returns the next one (or raises ``StateError``)."""

    stage: Stage = Stage.WAITING

    @classmethod
    def loaded(cls, *, started: bool, consent: bool, wrapped_up: bool, completed: bool) -> CallState:
        """The stage of a call as saved: a completed call without a wrap-up time was reopened for edits."""
        if wrapped_up:
            return cls(Stage.WRAPPED)
        if completed:
            return cls(Stage.REOPENED)
        if not started:
            return cls(Stage.WAITING)
        return cls(Stage.INTERRUPTED if consent else Stage.WITHDRAWN)

    # -- what the console shows --------------------------------------------------------------------

    @property
    def banner(self) -> str:
        return BANNERS[self.stage]

    @property
    def running(self) -> bool:
        return self.stage is Stage.RUNNING

    @property
    def pause_label(self) -> str:
        """The Pause/Resume button: it names what pressing it does now."""
        return "Pause" if self.running else "Resume"

    @property
    def finished(self) -> bool:
        return self.stage in (Stage.WRAPPED, Stage.REOPENED)

    @property
    def can_toggle(self) -> bool:
        """Pause or resume the timers (Ctrl+P)."""
        return self.stage in (Stage.RUNNING, Stage.PAUSED, Stage.INTERRUPTED, Stage.ENDED)

    @property
    def can_end(self) -> bool:
        return self.stage in (Stage.RUNNING, Stage.PAUSED, Stage.INTERRUPTED, Stage.ENDED)

    @property
    def can_add(self) -> bool:
        """Add a question to the guide."""
        return self.stage in (Stage.RUNNING, Stage.PAUSED, Stage.INTERRUPTED)

    @property
    def can_write(self) -> bool:
        """Notes, quotes and tags (consent given and the call not wrapped up)."""
        return self.stage in (Stage.RUNNING, Stage.PAUSED, Stage.INTERRUPTED, Stage.ENDED, Stage.REOPENED)

    @property
    def can_reopen(self) -> bool:
        return self.stage is Stage.WRAPPED

    # -- steps ---------------------------------------------------------------------------------

    def consent(self, given: bool) -> CallState:
        """Consent ticked (the call starts or carries on) or unticked (the timers stop until it is given again)."""
        if self.finished:
            raise StateError("This call is wrapped up: consent can no longer change.")
        if given:
            return replace(self, stage=Stage.RUNNING)
        return replace(self, stage=Stage.WAITING if self.stage is Stage.WAITING else Stage.WITHDRAWN)

    def toggle(self) -> CallState:
        """Ctrl+P: pause a running call, or carry on with a paused, interrupted or ended one."""
        if not self.can_toggle:
            raise StateError({Stage.WAITING: "The call starts when consent is ticked.",
                              Stage.WITHDRAWN: "Consent was withdrawn: tick it again to carry on."}.get(
                self.stage, "This call is wrapped up: its timers no longer run."))
        return replace(self, stage=Stage.PAUSED if self.running else Stage.RUNNING)

    def end(self) -> CallState:
        if not self.can_end:
            raise StateError("The call has not started: tick consent when the buyer agrees."
                             if self.stage is Stage.WAITING else f"This call cannot end now: it is {self.stage.value}.")
        return replace(self, stage=Stage.ENDED)

    def wrapped(self) -> CallState:
        """The wrap-up was saved: the call is read-only from now on."""
        return replace(self, stage=Stage.WRAPPED)

    def reopen(self) -> CallState:
        if not self.can_reopen:
            raise StateError("Only a wrapped-up call can be reopened for edits.")
        return replace(self, stage=Stage.REOPENED)

    def close_edits(self) -> CallState:
        if self.stage is not Stage.REOPENED:
            raise StateError("This call is not open for edits.")
        return replace(self, stage=Stage.WRAPPED)


def signed(seconds: float) -> str:
    """Seconds as ``+m:ss`` / ``−m:ss`` (a real minus sign)."""
    whole = round(abs(seconds))
    return f"{'−' if whole and seconds < 0 else '+'}{whole // 60}:{whole % 60:02d}"


def pace_words(result: Pace) -> str:
    """The pace in words; time beyond the plan or the limit is always a positive amount "over"."""
    if result.state is PaceState.OVER_LIMIT:
        return f"over the limit ({signed(max(result.projected_end - result.limit, 0.0))} over)"
    if result.state is PaceState.BEHIND:
        return f"behind ({signed(max(-result.slack, 0.0))} over plan)"
    return f"on pace ({signed(max(result.slack, 0.0))} to spare)"


@dataclass(frozen=True)
class Unanswered:
    """A question the call leaves without an answer: its number in the guide and its text."""

    number: int
    text: str


def unanswered(items: Sequence[tuple[str, GuideItemState, bool]]) -> list[Unanswered]:
    """Of (text, state, has notes/quote/tag) in guide order: those neither asked nor holding anything, not dropped."""
    return [Unanswered(number, text) for number, (text, state, recorded) in enumerate(items, 1)
            if not recorded and state in (GuideItemState.PENDING, GuideItemState.SKIPPED)]


def end_question(missing: Sequence[Unanswered]) -> str:
    """What the end-of-call confirmation asks."""
    if not missing:
        return "End the call? Every question has an answer."
    listed = "; ".join(f"Q{q.number} {q.text}" for q in missing[:5]) + ("; …" if len(missing) > 5 else "")
    count = f"{len(missing)} question{'s' if len(missing) != 1 else ''}"
    return f"End the call? {count} unanswered: {listed}"
