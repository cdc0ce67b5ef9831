"""One way to run work off the UI thread: progress, cancel, and results on the main thread.

``TaskRunner.submit`` runs ``work(control)`` on a thread pool. ``control``
carries a progress callback and a cancel token (both plain, Qt-free, so the
services can use them). The result, or the exception, comes back to the main
thread through queued signals. Tasks with a title are "long work" and are
shown in the status bar with a cancel button.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from interviewer.progress import CancelToken

log = logging.getLogger(__name__)


@dataclass
class TaskControl:
    """What running work may use: report progress, and check whether it was cancelled."""

    progress: Callable[[int, int, str], None]
    cancel: CancelToken = field(default_factory=CancelToken)


class Task(QObject):
    """A submitted piece of work; emits on the main thread."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, title: str | None) -> None:
        super().__init__()
        self.title = title
        self.control = TaskControl(progress=self.progressed.emit)

    def cancel(self) -> None:
        self.control.cancel.cancel()

    @property
    def cancelled(self) -> bool:
        return self.control.cancel.cancelled


class _Runnable(QRunnable):
    def __init__(self, task: Task, work: Callable[[TaskControl], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._work = work

    def run(self) -> None:
        try:
            self._report()
        except RuntimeError:  # the task's object went with the window that asked for it: nobody is waiting
            log.debug("background task %r finished after its window closed", self._task.title)

    def _report(self) -> None:
        try:
            result = self._work(self._task.control)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the main thread
            log.error("background task %r failed:\n%s", self._task.title, traceback.format_exc())
            self._task.failed.emit(exc)
        else:
            self._task.succeeded.emit(result)
        self._task.finished.emit()


class TaskRunner(QObject):
    """Runs work on a thread pool and reports long work to whoever shows progress."""

    started = Signal(object)
    """A titled (long) task started; the status bar shows it."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def submit(
        self,
        work: Callable[[TaskControl], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        title: str | None = None,
    ) -> Task:
        """Run ``work`` off the UI thread; ``on_done``/``on_error`` are called on the main thread."""
        task = Task(title)
        task.succeeded.connect(on_done)
        task.failed.connect(on_error)
        task.finished.connect(lambda: self._running.discard(task))
        self._running.add(task)
        if title:
            self.started.emit(task)
        self._pool.start(_Runnable(task, work))
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every task has finished (used when closing and by tests)."""
        return self._pool.waitForDone(msecs)
