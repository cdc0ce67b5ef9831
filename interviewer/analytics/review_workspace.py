"""The monthly review workspace: the month's data panel, the two patterns to discuss, notes and actions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.analytics.actions import ActionView, action_views
from interviewer.clock import Clock
from interviewer.enums import ActionStatus
from interviewer.models import Action, ReviewMeeting
from interviewer.reporting.periods import Period
from interviewer.reporting.review import SAVED, Review, monthly_review


@dataclass(frozen=True)
class Workspace:
    """One month's review as the workspace shows it."""

    period: Period
    review_id: int
    review: Review
    """The data panel and the computed patterns."""
    win_pattern: str
    """What a person typed as the win pattern ("" when nobody did)."""
    loss_pattern: str
    notes: str
    actions: tuple[ActionView, ...]
    """The actions agreed at this review."""
    followed: tuple[ActionView, ...] = ()
    """Actions agreed at earlier reviews, not done or dropped, due by the end of this month: to follow up."""


def open_workspace(session: Session, period: Period, *, clock: Clock, actor: str) -> Workspace:
    """The month's review, created on first opening with nothing typed (the computed patterns stay computed)."""
    meeting = session.scalar(select(ReviewMeeting).where(ReviewMeeting.month == period.start))
    review = monthly_review(session, period.start, period.end, period.label, today=clock.today())
    if meeting is None:
        meeting = ReviewMeeting(month=period.start)
        session.add(meeting)
        session.flush()
        audit.record(session, actor, "review.opened", "review", meeting.id, month=period.key).at = clock.now()
    earlier = select(Action.id).join(ReviewMeeting, ReviewMeeting.id == Action.review_id).where(
        ReviewMeeting.month < period.start, Action.due_on <= period.end,
        Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
    followed_ids = set(session.scalars(earlier))
    return Workspace(period, meeting.id, review, meeting.win_pattern or "", meeting.loss_pattern or "",
                     meeting.notes or "", tuple(action_views(session, meeting.id)),
                     tuple(view for view in action_views(session) if view.id in followed_ids))


def save_workspace(session: Session, review_id: int, *, win_pattern: str, loss_pattern: str, notes: str,
                   clock: Clock, actor: str) -> None:
    """Keep the patterns and notes as written (the held-on day is set the first time notes are saved).

    The audit entry lists the fields this save changed, so a pattern is credited to the person who wrote it."""
    meeting = session.get(ReviewMeeting, review_id)
    if meeting is None:
        raise ValueError("This review no longer exists.")
    typed = {"win_pattern": win_pattern.strip() or None, "loss_pattern": loss_pattern.strip() or None,
             "notes": notes.strip() or None}
    changed = [field for field, value in typed.items() if getattr(meeting, field) != value]
    for field, value in typed.items():
        setattr(meeting, field, value)
    meeting.held_on = meeting.held_on or clock.today()
    audit.record(session, actor, SAVED, "review", review_id, changed=changed).at = clock.now()
