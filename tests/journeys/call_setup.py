"""What the console journeys set up alike: a console clock the test moves, the demo's window, her next booked call."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import InterviewStatus
from interviewer.models import Contact, Interview, Interviewer
from ui.console.window import ConsoleWindow
from winloss.demo.build import build_demo
from window_steps import open_window

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 23, 18, tzinfo=timezone.utc)
INTERVIEWER = "Ines Vallory"


class Ticks:
    """The console's monotonic clock, moved by the test: a call's minutes pass in no time."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks(monkeypatch: pytest.MonkeyPatch) -> Ticks:
    """Every console opened in the test runs on this clock."""
    clock = Ticks()
    monkeypatch.setitem(ConsoleWindow.__init__.__kwdefaults__, "monotonic", clock)
    return clock


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, sqlite_database: Database, ticks: Ticks):  # noqa: ANN201
    """The demo program's window at 1280×800; consoles still open are closed after the test."""
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    window.resize(1280, 800)
    yield window
    for console in list(window.consoles.values()):
        console.close()
    window.tasks.wait()


def her_call(database: Database) -> tuple[int, str]:
    """(interview, buyer) of the interviewer's first booked call, not started."""
    with database.sessions() as session:
        return next((i, f"{first} {last}") for i, first, last in session.execute(
            select(Interview.id, Contact.first_name, Contact.last_name)
            .join(Contact, Interview.contact_id == Contact.id)
            .join(Interviewer, Interview.interviewer_id == Interviewer.id)
            .where(Interviewer.name == INTERVIEWER, Interview.status == InterviewStatus.SCHEDULED,
                   Interview.started_at.is_(None))
            .order_by(Interview.id)))  # fmt: skip
