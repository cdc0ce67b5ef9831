"""Opening a database off the UI thread, building the demo program first when asked."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from interviewer.clock import Clock
from interviewer.progress import CancelToken, Cancelled, Progress
from interviewer.secrets import SecretStore
from ui.tasks import Task, TaskControl, TaskRunner

if TYPE_CHECKING:  # loaded in the worker thread, so start-up does not wait for SQLAlchemy
    from interviewer.context import AppContext
    from interviewer.db import Database
    from interviewer.services.deal_reader import DealReader
    from interviewer.services.imports import ImportsReader

log = logging.getLogger(__name__)


class DemoBuilder(Protocol):
    """Builds the demo program into an empty database (the launcher hands ``winloss.demo.build.build_demo``)."""

    def __call__(self, database: Database, *, today: date, progress: Progress, cancel: CancelToken) -> object: ...


@dataclass
class OpenedDatabase:
    """The context of an open database and the readers the areas use."""

    context: AppContext
    deals: DealReader
    imports: ImportsReader
    built_demo: str | None = None

    @property
    def database(self) -> Database:
        return self.context.database


class DatabaseOpener(QObject):
    """Opens databases in the background and reports the outcome on the main thread."""

    opened = Signal(object)
    """An ``OpenedDatabase``."""
    failed = Signal(str, str)
    """(url, a sentence for the user)."""
    password_needed = Signal(str, str)
    """(url, the reason): ask the user, then call ``open`` again with the password."""

    def __init__(self, tasks: TaskRunner, secrets: SecretStore, clock: Clock, demo: DemoBuilder | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._secrets = secrets
        self._clock = clock
        self.demo = demo
        """What builds the demo program; None where the window was started without one (no demo to open)."""

    def open(self, url: str, *, demo: bool = False, password: str | None = None) -> Task:
        """Open ``url`` (building the demo program into it if ``demo`` and it is empty)."""
        if demo and self.demo is None:
            raise ValueError("this window was started without the demo builder")
        secrets, clock, build_demo = self._secrets, self._clock, self.demo if demo else None

        def work(control: TaskControl) -> OpenedDatabase:
            from interviewer.context import AppContext
            from interviewer.db import open_database
            from interviewer.services.deal_reader import DealReader
            from interviewer.services.imports import ImportsReader

            control.progress(0, 0, "Opening the database…")
            database = open_database(url, secrets, password=password)
            built = None
            try:
                if build_demo is not None and DealReader(database.sessions).total() == 0:
                    summary = build_demo(database, today=clock.today(), progress=control.progress, cancel=control.cancel)
                    built = str(summary)
                from question_bank.store import load_into_new_database

                load_into_new_database(database)
            except BaseException:
                database.close()
                raise
            context = AppContext(database, secrets, clock)
            return OpenedDatabase(context, DealReader(database.sessions), ImportsReader(database.sessions), built)

        title = "Building the demo program" if demo else "Opening the database"
        return self._tasks.submit(work, self.opened.emit, lambda error: self._report(url, error), title=title)

    def _report(self, url: str, error: BaseException) -> None:
        from interviewer.db import DatabaseError, PasswordRequired

        if isinstance(error, PasswordRequired):
            self.password_needed.emit(url, str(error))
        elif isinstance(error, Cancelled):
            self.failed.emit(url, "Building the demo program was cancelled; nothing was kept.")
        elif isinstance(error, DatabaseError):
            self.failed.emit(url, str(error))
        else:
            self.failed.emit(url, f"The database could not be opened ({type(error).__name__}). The details are in the log file.")
