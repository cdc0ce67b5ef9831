"""Every write of the console, in order, on one background thread: the window never waits for the database.

Each job runs in its own transaction. A database error is retried (with a growing pause) until it goes
through, so nothing typed is dropped; a ``CallError`` (a refusal, or a ``NoteConflict``) is reported and not
retried. Results come back to the UI thread through a queued signal.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import wait as wait_futures
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from interviewer.console.calls import CallError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from interviewer.db import Database

log = logging.getLogger(__name__)

Work = Callable[["Session"], Any]
MAX_PAUSE = 5.0


class CallSaver(QObject):
    """A single-thread queue of writes; ``flush`` waits until all queued ones are written."""

    _finished = Signal(int, object, object)
    failing = Signal(str)
    """A write failed and is being retried (a sentence for the window)."""
    recovered = Signal()
    """A write that had failed went through."""

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._jobs: queue.SimpleQueue[tuple[Future[None], int, Work] | None] = queue.SimpleQueue()
        self._worker = threading.Thread(target=self._work, name="console-saver", daemon=True)
        """A daemon: a write stuck on a database that does not answer never keeps the app from quitting."""
        self._worker.start()
        self._last: Future[None] | None = None
        self._tokens = itertools.count()
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]] = {}
        self._stopping = threading.Event()
        self._closed = False
        self.timings: list[float] = []
        """Seconds each write took on the worker (for the benchmark and the log)."""
        self._finished.connect(self._dispatch)

    def submit(self, work: Work, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Queue ``work(session)``; ``on_done(result)`` or ``on_error(CallError)`` run later on the UI thread."""
        if self._closed:
            log.error("a write was queued after the console closed; it was not written")
            return
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_error)
        self._last = Future()
        self._jobs.put((self._last, token, work))

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            done, token, work = job
            try:
                self._run(token, work)
            finally:
                done.set_result(None)

    def _run(self, token: int, work: Work) -> None:
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                with self._database.sessions() as session, session.begin():
                    result = work(session)
            except CallError as exc:
                self._emit(token, None, exc)
                return
            except Exception as exc:
                log.warning("console save failed (attempt %d): %s", attempt + 1, exc, exc_info=attempt == 0)
                if self._stopping.is_set():
                    self._emit(token, None, exc)
                    return
                if attempt == 0:
                    self._signal(self.failing, "Not saved — retrying")
                attempt += 1
                self._stopping.wait(min(0.25 * 2 ** attempt, MAX_PAUSE))
                continue
            self.timings.append(time.perf_counter() - started)
            if attempt:
                self._signal(self.recovered)
            self._emit(token, result, None)
            return

    def _emit(self, token: int, result: Any, error: BaseException | None) -> None:
        self._signal(self._finished, token, result, error)

    @staticmethod
    def _signal(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window is gone: the write itself is done
            pass

    def _dispatch(self, token: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if error is None:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(error)
        else:
            log.error("console write refused: %s", error)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued write is done and its result delivered; False if ``timeout`` passed first."""
        last = self._last
        if last is not None:
            done, _ = wait_futures([last], timeout=timeout)
            if not done:
                return False
        QCoreApplication.sendPostedEvents(self, 0)
        return True

    @property
    def idle(self) -> bool:
        return self._last is None or self._last.done()

    def close(self, timeout: float = 5.0) -> bool:
        """Write what is queued (up to ``timeout``), then stop the worker; False if writes were left."""
        started = time.monotonic()
        written = self.flush(timeout)
        self._stopping.set()
        self._closed = True
        self._jobs.put(None)
        self._worker.join(max(timeout - (time.monotonic() - started), 0.0))
        return written
