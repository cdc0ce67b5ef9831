"""The one task runner: results come back on the main thread, and a ``latest`` key drops superseded results."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThreadPool

from ui.tasks import TaskControl, TaskRunner


def test_only_the_newest_task_of_a_key_is_delivered_even_when_an_older_one_finishes_last(qtbot) -> None:  # noqa: ANN001
    pool = QThreadPool()
    pool.setMaxThreadCount(6)  # the two held tasks must not keep the others waiting for a thread
    runner = TaskRunner(pool)
    release_first = threading.Event()
    done: list[str] = []
    errors: list[str] = []

    def slow(_control: TaskControl) -> str:
        release_first.wait(10)
        return "first"

    def failing(_control: TaskControl) -> str:
        release_first.wait(10)
        raise OSError("the database went away")

    first = runner.submit(slow, done.append, lambda e: errors.append(str(e)), latest=("deals", "reload"))
    failed = runner.submit(failing, done.append, lambda e: errors.append(str(e)), latest=("deals", "reload"))
    second = runner.submit(lambda _c: "second", done.append, lambda e: errors.append(str(e)), latest=("deals", "reload"))
    other = runner.submit(lambda _c: "other key", done.append, errors.append, latest=("review", "reload"))
    plain = runner.submit(lambda _c: "no key", done.append, errors.append)
    qtbot.waitUntil(lambda: {"second", "other key", "no key"} <= set(done), timeout=5000)
    with qtbot.waitSignals([first.finished, failed.finished], timeout=5000):
        release_first.set()
    qtbot.wait(50)  # let anything queued behind the finished signals arrive
    assert sorted(done) == ["no key", "other key", "second"] and errors == []
    assert not runner.is_latest(("deals", "reload"), second)  # forgotten once it finished
    assert runner.wait(5000) and other.cancelled is plain.cancelled is False


def test_the_result_of_a_task_whose_asker_was_deleted_is_dropped(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    runner = TaskRunner(QThreadPool())
    release = threading.Event()
    label = QLabel()
    shown: list[str] = []

    def show(text: str) -> None:
        label.setText(text)  # would raise on a deleted label
        shown.append(text)

    task = runner.submit(lambda _c: release.wait(10) and "read", show, lambda _e: None, latest=(label, "reload"))
    label.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(label), timeout=5000)
    with qtbot.waitSignal(task.finished, timeout=5000):
        release.set()
    qtbot.wait(50)
    assert shown == []
