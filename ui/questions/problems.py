"""The dialog that lists every problem of a bank file that could not be imported."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class BankProblemsDialog(QDialog):
    """Nothing was imported: here is each problem with its line and location, to fix in the file."""

    def __init__(self, path: Path, problems: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bankProblems")
        self.setWindowTitle("The bank file was not imported")
        self.resize(640, 360)
        count = len(problems)
        summary = QLabel(f"<b>{path.name}</b> has {count} problem{'s' if count != 1 else ''}, so nothing was imported. "
                         "Fix them in the file and import it again.")  # fmt: skip
        summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("bankProblemList")
        self.problems.setAccessibleName("Problems in the bank file")
        self.problems.setWordWrap(True)
        self.problems.addItems(list(problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy list")
        copy.setToolTip("Copy every problem to the clipboard")
        copy.clicked.connect(lambda: QApplication.clipboard().setText("\n".join(problems)))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
