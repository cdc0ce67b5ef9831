"""The areas of the main window, in navigation order, each built the first time it is shown.

Building every area up front made the window take more than twice as long as a
bare one to appear; an area's module is imported, and the area built, only when
it is first shown (the Deals area, shown first, is built with the window).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.area import Area
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class AreaSpec:
    """How to build an area, what it reads, and what connects it to the rest of the window."""

    key: str
    title: str
    build: Callable[[MainWindow], Area]
    reader: bool = False
    """Fed an opened database's reader (``set_reader``) instead of ``set_database`` and ``set_profile``."""
    interviewers: bool = False
    """Shown to an interviewer's profile."""


def _deals(window: MainWindow) -> Area:
    from ui.deals.area import DealsArea

    area = DealsArea(window.tasks, today=window.clock.today)
    area.failed.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return area


def _criteria(window: MainWindow) -> Area:
    from ui.criteria.area import CriteriaArea

    area = CriteriaArea(window.tasks, today=window.clock.today)
    area.changed.connect(lambda: window.built("candidates") and window.candidates.reload_sets())
    return area


def _candidates(window: MainWindow) -> Area:
    from ui.candidates import CandidatesArea

    area = CandidatesArea(window.tasks, today=window.clock.today)
    area.handed_on.connect(lambda interview_id, note: _schedule_next(window, interview_id, note))
    return area


def _schedule_next(window: MainWindow, interview_id: int, note: str) -> None:
    """An accepted candidate's interview, shown selected in the Schedule area, with what happened in the status bar."""
    if window.show_area("schedule"):
        window.schedule.reload(select_id=interview_id)
    window.statusBar().showMessage(note, 8000)


def _schedule(window: MainWindow) -> Area:
    from ui.schedule.area import ScheduleArea

    return ScheduleArea(window.clock)


def _questions(window: MainWindow) -> Area:
    from ui.questions.area import QuestionsArea

    return QuestionsArea(window.clock)


def _reports(window: MainWindow) -> Area:
    from ui.reports.area import ReportsArea

    return ReportsArea(window.tasks, window.clock, window.settings, window.secrets)


def _dashboard(window: MainWindow) -> Area:
    from ui.dashboard.area import DashboardArea

    return DashboardArea(window.tasks, window.clock, window.settings)


def _review(window: MainWindow) -> Area:
    from ui.review.area import ReviewArea

    area = ReviewArea(window.tasks, window.clock)
    area.report_made.connect(lambda report_id: window.built("reports") and window.reports.reload(select_id=report_id))
    return area


def _imports(window: MainWindow) -> Area:
    from ui.imports.area import ImportsArea

    area = ImportsArea()
    area.import_requested.connect(window.import_deals)
    return area


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("deals", "Deals", _deals, reader=True),
    AreaSpec("criteria", "Criteria", _criteria),
    AreaSpec("candidates", "Candidates", _candidates),
    AreaSpec("schedule", "Schedule", _schedule, interviewers=True),
    AreaSpec("questions", "Questions", _questions),
    AreaSpec("reports", "Reports", _reports),
    AreaSpec("dashboard", "Dashboard", _dashboard),
    AreaSpec("review", "Review", _review),
    AreaSpec("imports", "Imports", _imports, reader=True),
)
