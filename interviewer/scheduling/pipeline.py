"""The outreach pipeline: to contact → invited → scheduled → completed, or one of the endings.

Every move is audit-logged as ``interview.<new status>`` with from, to and note,
at the clock's time. Moving *into* scheduled needs a time, so it goes through
``slots.schedule`` (which uses ``transition`` below); ``move`` refuses it.
A move made through ``record_move`` can be taken back with ``take_back``
(Edit → Undo), which is logged as ``interview.move_undone``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import Clock
from interviewer.enums import InterviewStatus as S
from interviewer.models import Contact, Interview
from interviewer.scheduling.availability import AvailabilityError, zone
from interviewer.scheduling.rows import InterviewRow, interview_row

__all__ = ["ALLOWED", "InterviewRow", "Moved", "PipelineError", "move", "record_move", "take_back", "transition"]


class PipelineError(Exception):
    """A move the pipeline refuses; ``str()`` is a sentence for the user."""


ALLOWED: dict[S, frozenset[S]] = {
    S.TO_CONTACT: frozenset({S.INVITED, S.CANCELLED, S.DECLINED, S.NO_RESPONSE}),
    S.INVITED: frozenset({S.SCHEDULED, S.DECLINED, S.NO_RESPONSE, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.COMPLETED, S.NO_SHOW, S.CANCELLED, S.DECLINED}),
    S.NO_RESPONSE: frozenset({S.INVITED}),
    S.NO_SHOW: frozenset({S.SCHEDULED}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
"""Which status may follow which; scheduled → scheduled is a reschedule, no_show → scheduled a rebooking."""

FINAL = frozenset(state for state, nexts in ALLOWED.items() if not nexts)

_STATE = {
    S.TO_CONTACT: "still to contact", S.INVITED: "invited", S.SCHEDULED: "scheduled", S.COMPLETED: "completed",
    S.DECLINED: "declined", S.NO_RESPONSE: "waiting without a response", S.NO_SHOW: "a no-show",
    S.CANCELLED: "cancelled",
}  # fmt: skip
_ACT = {
    S.TO_CONTACT: "put back to contact", S.INVITED: "invited", S.SCHEDULED: "scheduled",
    S.COMPLETED: "completed", S.DECLINED: "marked declined", S.NO_RESPONSE: "marked as no response",
    S.NO_SHOW: "marked as a no-show", S.CANCELLED: "cancelled",
}  # fmt: skip


def refusal(current: S, to: S) -> str | None:
    """Why ``current`` → ``to`` is refused, as a sentence naming both states; None when allowed."""
    if to in ALLOWED[current]:
        return None
    if current == to:
        return f"This interview is already {_STATE[current]}."
    if current in FINAL:
        return f"This interview is {_STATE[current]}; it cannot be {_ACT[to]} any more."
    if to in (S.COMPLETED, S.NO_SHOW):
        return f"An interview cannot be {_ACT[to]} before it is scheduled (it is {_STATE[current]})."
    return f"An interview that is {_STATE[current]} cannot be {_ACT[to]}."


def transition(session: Session, interview: Interview, to: S, *, actor: str, clock: Clock,
               note: str | None = None, **details: object) -> None:
    """Check and apply one move and write its audit entry (no check that a scheduled interview has a time)."""
    current = interview.status
    reason = refusal(current, to)
    if reason is not None:
        raise PipelineError(reason)
    interview.status = to
    if to == S.CANCELLED or (to == S.DECLINED and interview.ics_uid is not None):
        interview.ics_sequence += 1  # the next calendar file is a cancellation superseding the invite
    if to == S.COMPLETED and interview.contact_id is not None:
        contact = session.get(Contact, interview.contact_id)
        if contact is not None:
            contact.last_interviewed_on = _interview_date(interview, clock)
    session.flush()
    entry = audit.record(session, actor, f"interview.{to.value}", "interview", interview.id,
                         **{"from": current.value, "to": to.value, "note": note}, **details)
    entry.at = clock.now()


def move(session: Session, interview_id: int, to: S, *, actor: str, clock: Clock, note: str | None = None) -> InterviewRow:
    """Move an interview to ``to``; a senseless move raises ``PipelineError`` with a sentence."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise PipelineError("This interview no longer exists.")
    to = S(to)
    if to == S.SCHEDULED:
        reason = refusal(interview.status, to)
        raise PipelineError(reason or "To schedule an interview, pick an interviewer and a time.")
    transition(session, interview, to, actor=actor, clock=clock, note=note)
    return interview_row(session, interview, clock)


@dataclass(frozen=True)
class Moved:
    """One move as ``take_back`` needs it: the interview, its status before and after, and what the move touched."""

    interview_id: int
    before: S
    after: S
    ics_sequence: int
    last_interviewed_on: date | None


def record_move(session: Session, interview_id: int, to: S, *, actor: str, clock: Clock, note: str | None = None) -> Moved:
    """``move``, returning what it changed so that ``take_back`` can undo it."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise PipelineError("This interview no longer exists.")
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    moved = Moved(interview_id, interview.status, S(to), interview.ics_sequence,
                  contact.last_interviewed_on if contact is not None else None)  # fmt: skip
    move(session, interview_id, to, actor=actor, clock=clock, note=note)
    return moved


def take_back(session: Session, moved: Moved, *, actor: str, clock: Clock) -> InterviewRow:
    """Put an interview back where ``moved`` found it, unless it has moved on since (then ``PipelineError``).

    A move that superseded the calendar invite (a cancellation) leaves the
    sequence counting up, so the next invite replaces the cancellation.
    """
    interview = session.get(Interview, moved.interview_id)
    if interview is None:
        raise PipelineError("This interview no longer exists.")
    if interview.status != moved.after:
        raise PipelineError(f"This interview is {_STATE[interview.status]} now, so being {_STATE[moved.after]} "
                            "cannot be taken back.")  # fmt: skip
    interview.status = moved.before
    if interview.ics_sequence != moved.ics_sequence:
        interview.ics_sequence += 1
    if moved.after == S.COMPLETED and interview.contact_id is not None:
        contact = session.get(Contact, interview.contact_id)
        if contact is not None:
            contact.last_interviewed_on = moved.last_interviewed_on
    session.flush()
    entry = audit.record(session, actor, "interview.move_undone", "interview", interview.id,
                         **{"from": moved.after.value, "to": moved.before.value})
    entry.at = clock.now()
    return interview_row(session, interview, clock)


def _interview_date(interview: Interview, clock: Clock) -> date:
    """The day the buyer had the interview (in their zone when known); today for a call without a time."""
    start = interview.scheduled_start
    if start is None:
        return clock.today()
    try:
        return start.astimezone(zone(interview.buyer_time_zone or "UTC")).date()
    except AvailabilityError:
        return start.date()
