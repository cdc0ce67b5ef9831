"""A dialog that asks why (or for a comment) before a decision, and stays open while the decision is refused."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

Submit = Callable[[str], str | None]
"""Makes the decision with the typed text; returns None when done, else the sentence saying why it was refused."""


class ReasonDialog(QDialog):
    """A question, a text box and a button named after the decision; OK hands the text to ``submit``.

    The rule on what may be left empty belongs to the service behind ``submit``: a refusal is shown in the
    dialog, which stays open so the person can type the missing words.
    """

    def __init__(self, title: str, question: str, field_name: str, decision: str, submit: Submit,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reasonDialog")
        self.resize(520, 260)
        self._submit = submit
        prompt = QLabel(question)
        prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reasonText")
        self.text.setAccessibleName(field_name)
        self.error = QLabel()
        self.error.setObjectName("reasonError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(decision)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.text.setFocus()

    def accept(self) -> None:
        """Make the decision; close only when it was made."""
        refusal = self._submit(self.text.toPlainText())
        if refusal is None:
            super().accept()
            return
        self.error.setText(refusal)
        self.error.show()
        self.text.setFocus()
