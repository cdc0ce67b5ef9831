"""One way to run work off the UI thread: progress, cancel, and results on the main thread.

``TaskRunner.submit`` runs ``work(control)`` on a thread pool. ``control``
carries a progress callback and a cancel token (both plain, Qt-free, so the
services can use them). The result, or the exception, comes back to the main
thread through queued signals. Tasks with a title are "long work" and are
shown in the status bar with a cancel button. A task submitted with a
``latest`` key supersedes any earlier one with that key: only the newest
task's result or error is delivered (a reload asked for twice shows the second).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
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
        self._latest: dict[Hashable, Task] = {}

    def submit(
        self,
        work: Callable[[TaskControl], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        title: str | None = None,
        latest: Hashable | None = None,
    ) -> Task:
        """Run ``work`` off the UI thread; ``on_done``/``on_error`` are called on the main thread.

        With ``latest``, a later task submitted with the same key supersedes this one: its result is then dropped.
        Use a key naming the asker and the job, such as ``(self, "reload")``: when the asker is a QObject, the result
        is dropped too once it has been deleted (a window closed while its work ran)."""
        task = Task(title)
        if latest is None:
            task.succeeded.connect(on_done)
            task.failed.connect(on_error)
        else:
            self._latest[latest] = task
            asker = latest[0] if isinstance(latest, tuple) and latest and isinstance(latest[0], QObject) else None

            def wanted() -> bool:
                return self.is_latest(latest, task) and (asker is None or shiboken6.isValid(asker))

            task.succeeded.connect(lambda value: wanted() and on_done(value))
            task.failed.connect(lambda error: wanted() and on_error(error))
        task.finished.connect(lambda: self._finish(task, latest))
        self._running.add(task)
        if title:
            self.started.emit(task)
        self._pool.start(_Runnable(task, work))
        return task

    def is_latest(self, key: Hashable, task: Task) -> bool:
        """Whether ``task`` is the newest submitted with ``key`` (its result is still wanted)."""
        return self._latest.get(key) is task

    def running(self, task: Task | None) -> bool:
        """Whether ``task`` was submitted here and has not finished (its ``finished`` not yet handled)."""
        return task in self._running

    def forget(self, key: Hashable) -> None:
        """Drop the result of the task last submitted with ``key``, if it has not arrived (what it was for changed)."""
        self._latest.pop(key, None)

    def _finish(self, task: Task, latest: Hashable | None) -> None:
        self._running.discard(task)
        if latest is not None and self.is_latest(latest, task):
            del self._latest[latest]

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every task has finished (used when closing and by tests)."""
        return self._pool.waitForDone(msecs)
