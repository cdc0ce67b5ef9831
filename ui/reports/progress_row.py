"""A dialog's progress row: what the background work is doing, how far it is, and a button to cancel it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ui.tasks import Task


class ProgressRow(QWidget):
    """Hidden until a task runs; follows its progress; Cancel asks the task to stop between steps."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.task: Task | None = None
        self.label = QLabel()
        self.label.setObjectName(name + "Label")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.setMaximumWidth(200)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName(name + "Cancel")
        self.cancel_button.setToolTip("Stop this work (what is done is kept)")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def follow(self, task: Task, first_words: str) -> None:
        self.task = task
        self.label.setText(first_words)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        task.progressed.connect(self._progressed)
        task.finished.connect(self._finished)
        self.show()

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 0))
        if total:
            self.bar.setValue(done)
        self.label.setText(message)

    def _finished(self) -> None:
        self.task = None
        self.hide()

    @property
    def running(self) -> bool:
        return self.task is not None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")
