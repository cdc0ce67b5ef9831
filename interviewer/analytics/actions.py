"""Actions that are measured: the figure an action should move, before it was agreed and when it falls due.

An action's metric is a win rate, over all closed deals or one segment or one
competitor. The baseline is measured when the action is agreed, over the 90
days before; when the action falls due (60 days later by default) the same
figure is measured over the deals closed from the agreement to the due date,
and both are shown with their n and the change in points, tested with the
two-proportion z-test (``proportions``): either resting on fewer than 20 deals
is an early signal, not a result. An action still open or in progress after
its due date is overdue.

A month's review shows its actions as they stood at the month's end: those
agreed by then, with the status the audit log says they had, and a result only
if it was measured by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.analytics.facts import deal_facts
from interviewer.analytics.figures import Rate, win_rate
from interviewer.analytics.proportions import Change, change
from interviewer.clock import Clock
from interviewer.enums import ActionStatus, Team, named_competitor
from interviewer.models import Action, AuditEntry, ReviewMeeting

DEFAULT_DAYS = 60
BASELINE_DAYS = 90
STILL_OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
STATUS_CHANGED = "action.status"


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
    def change(self) -> Change | None:
        """The move from baseline to result, tested; None until both are measured."""
        return change(self.before, self.after) if self.before and self.after else None

    def overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_on, today)

    @property
    def verdict(self) -> str:
        """The measurement in words, flagging what rests on too few deals."""
        if self.before is None:
            return "Not measured yet."
        if self.after is None or self.change is None:
            return f"Baseline {self.before.text()}; measured again when due."
        moved = f"{self.before.text()} → {self.after.text()}: {self.change.points_text()}"
        if not self.change.tested:
            return f"{moved}. Early signal: too few deals to test the change."
        return f"{moved} ({self.change.test_text()})."


def is_overdue(status: ActionStatus, due_on: date, today: date) -> bool:
    """Still open or in progress after its due date."""
    return status in STILL_OPEN and due_on < today


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


def set_status(session: Session, action_id: int, status: ActionStatus, *, clock: Clock, actor: str) -> None:
    """Change an action's status; the audit entry dates it, so a month's review knows the status it had."""
    action = session.get(Action, action_id)
    if action is None:
        raise ActionError("This action no longer exists.")
    action.status = status
    audit.record(session, actor, STATUS_CHANGED, "action", action_id, status=status.value).at = clock.now()


def action_views(session: Session, review_id: int | None = None) -> list[ActionView]:
    """Actions (of one review, or all), soonest due first, with their figures before and after."""
    query = select(Action).order_by(Action.due_on, Action.id)
    if review_id is not None:
        query = query.where(Action.review_id == review_id)
    return [view(action) for action in session.scalars(query)]


def view(action: Action) -> ActionView:
    return ActionView(action.id, action.text, action.owner, action.team, action.due_on, action.status,
                      Metric.from_json(action.metric or {}), _rate(action.baseline_value, action.baseline_n),
                      _rate(action.result_value, action.result_n))


def _rate(value: float | None, n: int | None) -> Rate | None:
    return Rate(round(value * (n or 0)), n or 0) if value is not None else None


@dataclass(frozen=True)
class ActionLine:
    """One action as a month's review shows it: as it stood at the month's end."""

    text: str
    owner: str
    team: Team
    due_on: date
    status: ActionStatus
    """The status at the month's end (or today, for the month under way)."""
    metric: str
    before: Rate | None
    after: Rate | None
    """None unless measured by the month's end."""
    overdue: bool

    @property
    def change(self) -> Change | None:
        return change(self.before, self.after) if self.before and self.after else None


def review_as_of(end: date, meeting: ReviewMeeting | None, today: date) -> date:
    """The day a month's review shows its actions as of: the day its meeting was held (after the month's end, with
    the actions agreed there), else the month's last day; never later than ``today``."""
    held = meeting.held_on if meeting is not None and meeting.held_on else None
    return min(max(end, held) if held else end, today)


def review_actions(session: Session, start: date, end: date, meeting: ReviewMeeting | None, *,
                   as_of: date) -> list[ActionLine]:
    """The actions of the month from ``start`` to ``end``, as they stood on ``as_of`` (see ``review_as_of``).

    Listed: those agreed at this month's review or during the month, and every action agreed earlier that was
    still open or in progress on ``as_of`` or fell due within the month. An action agreed later is not listed; a
    result measured later is not shown."""
    after = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=UTC)
    agreed = session.scalars(select(Action).where(Action.created_at < after)
                             .order_by(Action.due_on, Action.id)).all()
    statuses = statuses_at(session, [a.id for a in agreed], after)
    lines = []
    for action in agreed:
        status = statuses.get(action.id, action.status)
        listed = (meeting is not None and action.review_id == meeting.id) or status in STILL_OPEN \
            or start <= action.due_on <= end or start <= action.created_at.date()
        if not listed:
            continue
        measured = action.measured_at is not None and action.measured_at < after
        lines.append(ActionLine(
            action.text, action.owner, action.team, action.due_on, status,
            str(action.metric.get("label", "")) if action.metric else "",
            _rate(action.baseline_value, action.baseline_n),
            _rate(action.result_value, action.result_n) if measured else None,
            is_overdue(status, action.due_on, as_of)))  # fmt: skip
    return lines


def statuses_at(session: Session, action_ids: list[int], before: datetime) -> dict[int, ActionStatus]:
    """Each action's status just before ``before``, read from the audit log.

    An action with status changes logged but none yet by then was open (every action is agreed open); one with
    none logged at all keeps the status it has."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.details)
        .where(AuditEntry.entity_type == "action", AuditEntry.action == STATUS_CHANGED,
               AuditEntry.entity_id.in_(action_ids))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()  # fmt: skip
    statuses: dict[int, ActionStatus] = {}
    for action_id, at, details in rows:
        if action_id is None:
            continue
        statuses.setdefault(action_id, ActionStatus.OPEN)
        if at < before:
            statuses[action_id] = ActionStatus(details["status"])
    return statuses
