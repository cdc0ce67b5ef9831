"""What the Review area reads and writes, as plain values (called on a worker thread or briefly on the UI's).

The domain modules are imported inside each function: building the main window must not load SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from interviewer.enums import ActionStatus, Team

if TYPE_CHECKING:
    from interviewer.analytics.actions import Metric
    from interviewer.analytics.figures import Rate
    from interviewer.analytics.review_workspace import Workspace
    from interviewer.clock import Clock
    from interviewer.db import Database
    from interviewer.reporting.periods import Period


@dataclass(frozen=True)
class Choices:
    """What the Add action dialog offers: owners (recipients' names with their team), segments, competitors."""

    owners: tuple[tuple[str, Team], ...]
    segments: tuple[str, ...]
    competitors: tuple[str, ...]


@dataclass(frozen=True)
class Opened:
    """A month's workspace as the area shows it, with the actions that fell due and were just measured."""

    workspace: Workspace
    measured: int
    """Actions (of any review) that fell due and were measured again on opening."""
    choices: Choices


def open_month(database: Database, period: Period, clock: Clock, actor: str) -> Opened:
    """Measure the actions that fell due, then open (creating on first opening) the month's review."""
    from interviewer.analytics.actions import follow_up
    from interviewer.analytics.review_workspace import open_workspace
    from interviewer.enums import named_competitor
    from interviewer.reporting.recipients import list_recipients
    from interviewer.services.values import program_values

    with database.sessions() as session, session.begin():
        measured = follow_up(session, clock)
        workspace = open_workspace(session, period, clock=clock, actor=actor)
        values = program_values(session)
        owners = tuple((row.name, row.team) for row in list_recipients(session, active_only=True))
    competitors = tuple(name for name in values.competitors if named_competitor(name))
    return Opened(workspace, len(measured), Choices(owners, values.segments, competitors))


def save_patterns(database: Database, review_id: int, *, win_pattern: str, loss_pattern: str, notes: str,
                  clock: Clock, actor: str) -> None:
    from interviewer.analytics.review_workspace import save_workspace

    with database.sessions() as session, session.begin():
        save_workspace(session, review_id, win_pattern=win_pattern, loss_pattern=loss_pattern, notes=notes,
                       clock=clock, actor=actor)


def add_action(database: Database, review_id: int, *, text: str, owner: str, team: Team, metric: Metric,
               due_on: date, clock: Clock, actor: str) -> int:
    """Agree an action at this review (``ActionError`` with a sentence when it cannot be saved)."""
    from interviewer.analytics import actions

    with database.sessions() as session, session.begin():
        return actions.add_action(session, text=text, owner=owner, team=team, metric=metric, clock=clock,
                                  review_id=review_id, due_on=due_on, actor=actor)


def set_status(database: Database, action_id: int, status: ActionStatus, *, clock: Clock, actor: str) -> None:
    from interviewer.analytics import actions

    with database.sessions() as session, session.begin():
        actions.set_status(session, action_id, status, clock=clock, actor=actor)


def baseline(database: Database, metric: Metric, clock: Clock) -> Rate:
    """The figure as an action agreed today would start from: the 90 days before today."""
    from interviewer.analytics.actions import baseline as measured_baseline

    with database.sessions() as session:
        return measured_baseline(session, metric, clock.today())
