"""Actions that are measured: the figure an action should move, before it was agreed and when it falls due.

An action's metric is a win rate, over all closed deals or one segment or one
competitor. The baseline is measured when the action is agreed, over the 90
days before; when the action falls due (60 days later by default) the same
figure is measured over the deals closed from the agreement to the due date,
and both are shown with their n — either resting on fewer than 20 deals is an
early signal, not a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.analytics.facts import deal_facts
from interviewer.analytics.figures import Rate, win_rate
from interviewer.clock import Clock
from interviewer.enums import ActionStatus, Team, named_competitor
from interviewer.models import Action, ReviewMeeting

DEFAULT_DAYS = 60
BASELINE_DAYS = 90


class ActionError(ValueError):
    """An action that cannot be saved; ``str()`` says why."""


@dataclass(frozen=True)
class Metric:
    """A win rate to move: all closed deals, or one segment, or against one competitor (or both)."""

    segment: str | None = None
    competitor: str | None = None

    @property
    def label(self) -> str:
        parts = [f"in {self.segment}" if self.segment else "", f"against {self.competitor}" if self.competitor else ""]
        where = " ".join(p for p in parts if p)
        return f"Win rate {where}".strip() if where else "Win rate, all closed deals"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": "win_rate", "label": self.label}
        if self.segment:
            data["segment"] = self.segment
        if self.competitor:
            data["competitor"] = self.competitor
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Metric:
        return cls(data.get("segment") or None, data.get("competitor") or None)


@dataclass(frozen=True)
class ActionView:
    """An action with its figure before and after."""

    id: int
    text: str
    owner: str
    team: Team
    due_on: date
    status: ActionStatus
    metric: Metric
    before: Rate | None
    after: Rate | None

    @property
    def verdict(self) -> str:
        """The measurement in words, flagging what rests on too few deals."""
        if self.before is None:
            return "Not measured yet."
        if self.after is None:
            return f"Baseline {self.before.text()}; measured again when due."
        change = ((self.after.value or 0.0) - (self.before.value or 0.0)) * 100
        thin = self.before.early_signal or self.after.early_signal
        early = " Early signal: too few deals to call it." if thin else ""
        return f"{self.before.text()} → {self.after.text()} ({change:+.0f} points).{early}"


def measure(session: Session, metric: Metric, start: date, end: date) -> Rate:
    """The metric over the deals closed from ``start`` to ``end``."""
    facts = deal_facts(session, start, end)
    if metric.segment:
        facts = [f for f in facts if (f.segment or "") == metric.segment]
    if metric.competitor:
        facts = [f for f in facts if named_competitor(f.competitor) == metric.competitor]
    return win_rate(facts)


def baseline(session: Session, metric: Metric, today: date) -> Rate:
    """The metric over the 90 days before ``today``: the figure an action agreed today should move."""
    return measure(session, metric, today - timedelta(days=BASELINE_DAYS), today - timedelta(days=1))


def add_action(session: Session, *, text: str, owner: str, team: Team, metric: Metric, clock: Clock,
               review_id: int | None = None, due_on: date | None = None, actor: str) -> int:
    """Agree an action: its baseline is measured now over the 90 days before; due in 60 days unless given."""
    words = " ".join(text.split())
    who = " ".join(owner.split())
    if not words:
        raise ActionError("Say what will be done.")
    if not who:
        raise ActionError("Name the person who owns the action.")
    today = clock.today()
    due = due_on or today + timedelta(days=DEFAULT_DAYS)
    if due <= today:
        raise ActionError("The due date must be after today: the action needs time to move the figure.")
    before = baseline(session, metric, today)
    action = Action(review_id=review_id, text=words, owner=who, team=team, due_on=due, metric=metric.to_json(),
                    baseline_value=before.value, baseline_n=before.n, status=ActionStatus.OPEN,
                    created_at=clock.now())
    session.add(action)
    session.flush()
    audit.record(session, actor, "action.added", "action", action.id, metric=metric.label).at = clock.now()
    return action.id


def follow_up(session: Session, clock: Clock) -> list[int]:
    """Measure again every action that has fallen due and was not measured yet; returns their ids."""
    today = clock.today()
    due = session.scalars(select(Action).where(Action.due_on <= today, Action.measured_at.is_(None))
                          .order_by(Action.due_on)).all()
    for action in due:
        agreed = action.created_at.date()
        result = measure(session, Metric.from_json(action.metric or {}), agreed, action.due_on)
        action.result_value, action.result_n, action.measured_at = result.value or 0.0, result.n, clock.now()
    session.flush()
    return [action.id for action in due]


def set_status(session: Session, action_id: int, status: ActionStatus, *, actor: str) -> None:
    action = session.get(Action, action_id)
    if action is None:
        raise ActionError("This action no longer exists.")
    action.status = status
    audit.record(session, actor, "action.status", "action", action_id, status=status.value)


def action_views(session: Session, review_id: int | None = None) -> list[ActionView]:
    """Actions (of one review, or all), soonest due first, with their figures before and after."""
    query = select(Action).order_by(Action.due_on, Action.id)
    if review_id is not None:
        query = query.where(Action.review_id == review_id)
    return [view(action) for action in session.scalars(query)]


def view(action: Action) -> ActionView:
    before = Rate(round((action.baseline_value or 0) * (action.baseline_n or 0)), action.baseline_n or 0) \
        if action.baseline_value is not None else None
    after = Rate(round((action.result_value or 0) * (action.result_n or 0)), action.result_n or 0) \
        if action.result_value is not None else None
    return ActionView(action.id, action.text, action.owner, action.team, action.due_on, action.status,
                      Metric.from_json(action.metric or {}), before, after)


@dataclass(frozen=True)
class ActionLine:
    text: str
    owner: str
    team: Team
    due_on: date
    status: ActionStatus
    metric: str
    baseline: str
    result: str


def review_actions(session: Session, start: date, end: date, meeting: ReviewMeeting | None) -> list[ActionLine]:
    """The actions agreed at this month's review, and every action still open or due by the month's end."""
    query = select(Action).where(or_(
        Action.review_id == (meeting.id if meeting else -1),
        Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
        Action.due_on.between(start, end),
    )).order_by(Action.due_on, Action.id)  # fmt: skip
    return [
        ActionLine(a.text, a.owner, a.team, a.due_on, a.status, str(a.metric.get("label", "")) if a.metric else "",
                   _measure(a.baseline_value, a.baseline_n), _measure(a.result_value, a.result_n))
        for a in session.scalars(query)
    ]


def _measure(value: float | None, n: int | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0%} (n={n or 0})"
