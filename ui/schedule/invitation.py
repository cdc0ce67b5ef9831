"""Drafting an invitation from the outcome's template: proposed times in the buyer's zone, copy or save as .eml.

The template itself can be edited here; unknown placeholders are named inline
and nothing is saved until the template is valid.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import Outcome

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.scheduling.invitations import Invitation
    from interviewer.scheduling.rows import InterviewRow

PROPOSED_DAYS = 3
"""The invitation proposes one time on each of this many working days."""


class InvitationDialog(QDialog):
    """The invitation for one interview; the template of its outcome can be edited and saved."""

    def __init__(self, database: Database, row: InterviewRow, actor: str, sender_email: str | None, clock: Clock,
                 parent: QWidget | None = None) -> None:
        from interviewer.scheduling.invitations import PLACEHOLDERS, ensure_default_templates, list_templates

        super().__init__(parent)
        self.setWindowTitle(f"Invitation to {row.contact_name or 'the buyer'}")
        self.setObjectName("invitationDialog")
        self.resize(760, 640)
        self._database, self._row, self._actor, self._clock = database, row, actor, clock
        self._sender_email = sender_email
        self.invitation: Invitation | None = None
        with database.sessions() as session, session.begin():
            ensure_default_templates(session)
            self._templates = [t for t in list_templates(session) if t.outcome == Outcome(row.outcome)]

        self.template = QComboBox()
        self.template.setAccessibleName("Template")
        for template in self._templates:
            self.template.addItem(template.name, template.id)
        self.incentive = QLineEdit("a $50 gift card or a donation to a charity of your choice")
        self.incentive.setAccessibleName("Incentive")
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self.body.setToolTip("\n".join(f"{{{name}}}: {meaning}" for name, meaning in PLACEHOLDERS.items()))
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("invitationPreview")
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("As the buyer will read it")
        self.error = QLabel()
        self.error.setObjectName("templateError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        save_template = QPushButton("Save template")
        save_template.setObjectName("saveTemplate")
        save_template.clicked.connect(self.save_template)
        copy = QPushButton("Copy message")
        copy.setObjectName("copyInvitation")
        copy.clicked.connect(self.copy)
        eml = QPushButton("Save as .eml…")
        eml.setObjectName("saveEml")
        eml.clicked.connect(lambda: self.save_eml())

        form = QFormLayout()
        form.addRow("Template:", self.template)
        form.addRow("Incentive:", self.incentive)
        form.addRow("Subject:", self.subject)
        form.addRow("Message:", self.body)
        form.addRow(self.error)
        form.addRow(save_template)
        form.addRow(QLabel("<b>As the buyer will read it</b> (times in their time zone):"))
        form.addRow(self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(eml, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        self.template.currentIndexChanged.connect(lambda _i: self._load_template())
        self.incentive.textChanged.connect(lambda _t: self.render())
        self._load_template()

    def _load_template(self) -> None:
        template = next((t for t in self._templates if t.id == self.template.currentData()), None)
        if template is not None:
            self.subject.setText(template.subject)
            self.body.setPlainText(template.body)
        self.render()

    def render(self) -> None:
        """Fill the saved template for this buyer, proposing the interviewer's next free slots."""
        from interviewer.scheduling.invitations import TemplateError, draft_invitation
        from interviewer.scheduling.slots import offered_slots

        with self._database.sessions() as session:
            times = []
            if self._row.interviewer_id is not None and self._row.scheduled_start is None:
                times = offered_slots(session, self._row.interviewer_id, start_after=self._clock.now() + timedelta(days=1),
                                      minutes=self._row.planned_minutes, days=PROPOSED_DAYS, per_day=1,
                                      buyer_time_zone=self._row.buyer_time_zone or self._row.contact_time_zone)  # fmt: skip
            elif self._row.scheduled_start is not None:
                times = [self._row.scheduled_start]
            try:
                self.invitation = draft_invitation(session, self._row.id, template_id=self.template.currentData(),
                                                   incentive=self.incentive.text().strip() or "our thanks",
                                                   proposed_times=times, clock=self._clock)  # fmt: skip
            except TemplateError as exc:  # e.g. the buyer is marked do-not-contact
                self.invitation = None
                self.preview.setPlainText("")
                self.error.setText(str(exc))
                self.error.show()
                return
        from exports.email import message_text

        self.preview.setPlainText(message_text(self.invitation))

    def save_template(self) -> bool:
        """Save the edited subject and message as this template; unknown placeholders are refused inline."""
        from interviewer.scheduling.invitations import TemplateError, list_templates, save_template

        name = self.template.currentText() or "Default"
        try:
            with self._database.sessions() as session, session.begin():
                save_template(session, outcome=Outcome(self._row.outcome), name=name, subject=self.subject.text(),
                              body=self.body.toPlainText(), actor=self._actor)  # fmt: skip
                self._templates = [t for t in list_templates(session) if t.outcome == Outcome(self._row.outcome)]
        except TemplateError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        self.render()
        return True

    def copy(self) -> None:
        from exports.email import message_text

        if self.invitation is not None:
            QGuiApplication.clipboard().setText(message_text(self.invitation))

    def save_eml(self, path: Path | None = None) -> bool:
        """Save the message as an .eml file from the profile's address, ready to open in a mail program and send."""
        from exports.email import write_eml

        if self.invitation is None:
            return False
        if not self._sender_email:
            self.error.setText("Your profile has no email address to send from: add it (File → Switch profile…).")
            self.error.show()
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save invitation", f"invitation-{self._row.id}.eml", "Email (*.eml)")
            if not chosen:
                return False
            path = Path(chosen)
        from exports.email import EmailError

        try:
            write_eml(self.invitation, path, sender_name=self._actor, sender_email=self._sender_email)
        except (EmailError, OSError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        return True
