"""Deliver…: a report to its recipients by email (SMTP) or as .eml files, off the UI thread, with retries.

Recipients already sent the report are unticked and cannot be ticked unless "Send again" is: sending the same
report to the same person twice takes that explicit choice. An .eml file written is not a sending: its recipient
stays ticked for the mail server. A report that names buyers is only sent after a confirmation naming who gets it.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import Channel, DeliveryStatus
from ui.reports.detail import state_words
from ui.reports.progress_row import ProgressRow
from ui.reports.smtp_dialog import keyring_words, load_smtp
from ui.settings import WindowSettings
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from exports.delivery import DeliveryResult
    from interviewer.db import Database
    from interviewer.reporting.library import PlannedDelivery, ReportRow
    from interviewer.secrets import SecretStore

log = logging.getLogger(__name__)

FOLDER_SETTINGS = "delivery"
ID_ROLE = Qt.ItemDataRole.UserRole


class DeliverDialog(QDialog):
    """Choose the channel and the recipients; Send delivers on a worker thread; failures can be retried."""

    delivered = Signal(object)
    """A run finished (its DeliveryResult): the log changed."""
    mail_settings_requested = Signal()

    def __init__(self, database: Database, report: ReportRow, tasks: TaskRunner, clock: Clock,
                 settings: WindowSettings, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliverDialog")
        self.setWindowTitle(f"Deliver “{report.title}”")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(620)
        self._database, self._report, self._tasks, self._clock = database, report, tasks, clock
        self._settings, self._secrets = settings, secrets
        self.plan: list[PlannedDelivery] = []
        self.result: DeliveryResult | None = None

        self.smtp_choice = QRadioButton("&Email through the mail server")
        self.smtp_choice.setObjectName("channelSmtp")
        self.server_label = QLabel()
        self.server_label.setObjectName("serverLabel")
        self.settings_button = QPushButton("Mail &settings…")
        self.settings_button.setObjectName("openMailSettings")
        self.settings_button.setToolTip("The SMTP server, login and sender")
        self.settings_button.clicked.connect(self.mail_settings_requested.emit)
        self.eml_choice = QRadioButton("Save &.eml files to send from your own mail program, in:")
        self.eml_choice.setObjectName("channelEml")
        self.eml_choice.setToolTip("One message per recipient with the report attached; open each in your mail "
                                   "program and send it")
        self.folder = QLineEdit(self._saved_folder())
        self.folder.setObjectName("emlFolder")
        self.folder.setAccessibleName(".eml folder")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setObjectName("browseFolder")
        self.browse_button.clicked.connect(self._browse)
        self.channel_group = QButtonGroup(self)
        self.channel_group.addButton(self.smtp_choice)
        self.channel_group.addButton(self.eml_choice)

        self.password = QLineEdit()
        self.password.setObjectName("deliverPassword")
        self.password.setAccessibleName("Mail server password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = QLabel(keyring_words(secrets))
        self.password_note.setWordWrap(True)
        self.password_note.setStyleSheet("color: palette(placeholder-text)")
        self.password_label = QLabel("Pass&word:")
        self.password_label.setBuddy(self.password)

        channel = QGridLayout()
        channel.addWidget(self.smtp_choice, 0, 0, 1, 2)
        channel.addWidget(self.server_label, 1, 1)
        channel.addWidget(self.settings_button, 1, 2)
        channel.addWidget(self.password_label, 2, 0, Qt.AlignmentFlag.AlignRight)
        channel.addWidget(self.password, 2, 1)
        channel.addWidget(self.password_note, 3, 1, 1, 2)
        channel.addWidget(self.eml_choice, 4, 0, 1, 3)
        channel.addWidget(self.folder, 5, 1)
        channel.addWidget(self.browse_button, 5, 2)
        channel.setColumnMinimumWidth(0, 24)
        channel.setColumnStretch(1, 1)

        self.recipients = QListWidget()
        self.recipients.setObjectName("deliverRecipients")
        self.recipients.setAccessibleName("Recipients")
        self.recipients.setToolTip("Tick who receives it (Space ticks the selected one)")
        recipients_label = QLabel("&Recipients:")
        recipients_label.setBuddy(self.recipients)
        self.send_again = QCheckBox("Send &again to people already sent this report")
        self.send_again.setObjectName("sendAgain")
        self.send_again.setToolTip("Without it, nobody receives the same report twice")
        self.selection_note = QLabel()
        self.selection_note.setObjectName("selectionNote")
        self.selection_note.setWordWrap(True)

        self.summary = QLabel()
        self.summary.setObjectName("deliverySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.hide()
        self.failures = QListWidget()
        self.failures.setObjectName("deliveryFailures")
        self.failures.setAccessibleName("Failed deliveries")
        self.failures.setWordWrap(True)
        self.failures.setMaximumHeight(110)
        self.failures.hide()
        self.progress = ProgressRow("deliverProgress")

        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton("&Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.retry_button = self.buttons.addButton("&Retry failed", QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.setObjectName("retryFailed")
        self.retry_button.setToolTip("Send again to the recipients whose delivery failed")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.send_button.clicked.connect(self.send)
        self.retry_button.clicked.connect(self.retry_failed)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{escape(report.title)}</b> · {escape(report.file_name)}")
        heading.setObjectName("deliverHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addSpacing(4)
        layout.addWidget(QLabel("<b>How</b>"))
        layout.addLayout(channel)
        layout.addSpacing(6)
        layout.addWidget(recipients_label)
        layout.addWidget(self.recipients, 1)
        row = QHBoxLayout()
        row.addWidget(self.send_again)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.selection_note)
        layout.addWidget(self.summary)
        layout.addWidget(self.failures)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        smtp = load_smtp(settings)
        (self.smtp_choice if smtp is not None else self.eml_choice).setChecked(True)
        self.channel_group.buttonToggled.connect(lambda *_: self._update())
        self.send_again.toggled.connect(lambda _on: self._fill_recipients(keep=True))
        self.recipients.itemChanged.connect(lambda _item: self._update())
        self.folder.textChanged.connect(lambda _t: self._update())
        self.refresh()
        self.resize(680, 560)

    # -- state -------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read again who the report goes to and how each delivery stands."""
        from interviewer.reporting.library import delivery_plan

        try:
            with self._database.sessions() as session:
                self.plan = delivery_plan(session, self._report.id)
        except Exception:  # a sentence on screen, the detail in the log
            log.exception("reading the recipients of report %s failed", self._report.id)
            self.plan = []
            self._say("The recipients could not be read (details in the log file).", error=True)
        self._fill_recipients(keep=False)

    def _fill_recipients(self, *, keep: bool) -> None:
        """List the recipients: those never sent (or failed) ticked; already-sent ones only with Send again."""
        ticked = set(self.checked_ids()) if keep else None
        self.recipients.blockSignals(True)
        self.recipients.clear()
        again = self.send_again.isChecked()
        for planned in self.plan:
            who = planned.recipient
            item = QListWidgetItem(f"{who.name} <{who.email}> · {who.team_name} — {state_words(planned)}")
            item.setData(ID_ROLE, who.id)
            sent = planned.status is DeliveryStatus.SENT
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not sent or again:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            if ticked is not None and (not sent or again):
                on = who.id in ticked  # ticking "Send again" makes the already-sent selectable, not ticked
            else:
                on = not sent
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if sent and not again:
                item.setToolTip("Already sent: tick “Send again” to send it once more")
            self.recipients.addItem(item)
        self.recipients.blockSignals(False)
        self._update()

    def checked_ids(self) -> list[int]:
        return [int(self.recipients.item(row).data(ID_ROLE)) for row in range(self.recipients.count())
                if self.recipients.item(row).checkState() == Qt.CheckState.Checked]

    def set_checked(self, emails: list[str]) -> None:
        """Tick exactly these recipients (those that may be ticked)."""
        wanted = {email.lower() for email in emails}
        for row, planned in enumerate(self.plan):
            item = self.recipients.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                on = planned.recipient.email.lower() in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def channel(self) -> Channel:
        return Channel.SMTP if self.smtp_choice.isChecked() else Channel.EML

    def _needs_password(self) -> bool:
        from exports.delivery import stored_password

        smtp = load_smtp(self._settings)
        return (self.channel() is Channel.SMTP and smtp is not None and bool(smtp.user)
                and not stored_password(smtp, self._secrets))

    def _update(self) -> None:
        smtp = load_smtp(self._settings)
        self.server_label.setText(f"{smtp.host}:{smtp.port} · {smtp.security.upper()} · from {smtp.sender_email}"
                                  if smtp is not None else "No mail server set up yet: open Mail settings…")
        eml = self.channel() is Channel.EML
        self.folder.setEnabled(eml)
        self.browse_button.setEnabled(eml)
        asking = self._needs_password()
        for widget in (self.password_label, self.password, self.password_note):
            widget.setVisible(asking)
        chosen, total = len(self.checked_ids()), len(self.plan)
        already = sum(p.status is DeliveryStatus.SENT for p in self.plan)
        if not total:
            note = "Nobody receives this report yet: add recipients to its team (Program → Teams and recipients…)."
        elif not chosen and already == total and not self.send_again.isChecked():
            note = "Nobody selected: everyone was already sent this report. Tick “Send again” to send it once more."
        elif not chosen:
            note = "Nobody selected: tick the recipients to send it to."
        else:
            written = sum(p.status is DeliveryStatus.WRITTEN for p in self.plan)
            note = (f"{chosen} of {total} selected" + (f" · {already} already sent" if already else "")
                    + (f" · {written} with an .eml written, not sent" if written else ""))
        self.selection_note.setText(note)
        busy = self.progress.running
        self.send_button.setEnabled(bool(chosen) and not busy)
        failed = any(p.status is DeliveryStatus.FAILED for p in self.plan)
        self.retry_button.setVisible(failed)
        self.retry_button.setEnabled(failed and not busy)

    def _saved_folder(self) -> str:
        folder = self._settings.area_state(FOLDER_SETTINGS).get("eml_folder")
        if folder:
            return str(folder)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(documents or Path.home()) / "Win-Loss reports")

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the .eml files", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # -- sending ---------------------------------------------------------------------------------------

    def retry_failed(self) -> bool:
        """Tick only the recipients whose delivery failed, and send to them."""
        failed = [p.recipient.email for p in self.plan if p.status is DeliveryStatus.FAILED]
        if not failed:
            return False
        self.set_checked(failed)
        return self.send()

    def send(self) -> bool:
        """Deliver to the ticked recipients on a worker thread; False (with a sentence) when it cannot start."""
        from exports.delivery import deliver, remember_password, stored_password

        recipients = self.checked_ids()
        if self.progress.running or not recipients:
            return False
        channel, settings, password, out_dir = self.channel(), load_smtp(self._settings), None, None
        if self._report.include_identities and not self._confirm_identities(recipients, channel):
            self._say("Nothing was sent.")
            return False
        if channel is Channel.SMTP:
            if settings is None:
                self._say("Set up the mail server first (Mail settings…), or save .eml files instead.", error=True)
                return False
            if settings.user:
                password = self.password.text() or stored_password(settings, self._secrets)
                if not password:
                    self._say(f"Enter the password for {settings.user} on {settings.host}.", error=True)
                    self.password.setFocus()
                    return False
                if self.password.text():
                    remember_password(settings, password, self._secrets)
                    self.password.clear()
        else:
            text = self.folder.text().strip()
            if not text:
                self._say("Choose the folder the .eml files go to.", error=True)
                return False
            out_dir = Path(text).expanduser()
            self._settings.save_area_state(FOLDER_SETTINGS, {"eml_folder": str(out_dir)})
        database, report_id, clock, again = self._database, self._report.id, self._clock, self.send_again.isChecked()

        def work(control: TaskControl) -> Any:
            return deliver(database, report_id, channel=channel, settings=settings, password=password,
                           out_dir=out_dir, recipients=recipients, send_again=again, clock=clock,
                           progress=control.progress, cancel=control.cancel)

        self._say("")
        task = self._tasks.submit(work, self._done, self._failed, title="Delivering the report")
        self.progress.follow(task, "Connecting…" if channel is Channel.SMTP else "Writing the .eml files…")
        task.finished.connect(self._update)
        self._update()
        return True

    def _confirm_identities(self, recipients: list[int], channel: Channel) -> bool:
        """Ask before a report naming buyers leaves the app; the question names everyone who would get it."""
        chosen = set(recipients)
        names = [f"{p.recipient.name} ({p.recipient.email})" for p in self.plan if p.recipient.id in chosen]
        box = QMessageBox(QMessageBox.Icon.Warning, "Send a report that names buyers?",
                          f"“{self._report.title}” names buyers: their names, emails and companies, and the reps. "
                          f"Only send it to people who may see them.", parent=self)
        box.setObjectName("confirmIdentities")
        box.setInformativeText("It goes to: " + "; ".join(names) + ".")
        action = "Write the .eml files" if channel is Channel.EML else f"Send to {_people(len(names))}"
        send = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is send

    def _done(self, result: DeliveryResult) -> None:
        self.result = result
        lines = []
        if result.written:
            lines.append(f".eml files written for {_people(len(result.written))} in {self.folder.text().strip()}, "
                         "not sent: open each in your mail program and send it.")
        if result.sent:
            lines.append(f"Sent to {_people(len(result.sent))}.")
        if result.skipped_already_sent:
            lines.append(f"{len(result.skipped_already_sent)} already sent were skipped.")
        if result.failed:
            lines.append(f"{len(result.failed)} failed: the report stays stored; fix the cause and use "
                         "“Retry failed”.")
        if result.cancelled:
            lines.append("Cancelled: the remaining recipients were not tried.")
        self._say(" ".join(lines) or "Nothing was sent.", error=bool(result.failed))
        self.failures.clear()
        for failure in result.failed:
            self.failures.addItem(f"{failure.email}: {failure.error}")
        self.failures.setVisible(bool(result.failed))
        self.refresh()
        self.delivered.emit(result)

    def _failed(self, error: BaseException) -> None:
        from exports.delivery import DeliveryError

        if isinstance(error, DeliveryError):
            self._say(str(error), error=True)
        else:
            self._say("The report could not be delivered (details in the log file). Nothing was lost: try again.",
                      error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #c62828" if error else "")
        self.summary.setVisible(bool(text))

    def reject(self) -> None:
        """Closing while sending cancels first (between recipients: nothing half-sent)."""
        if self.progress.running:
            self.progress.cancel()
            return
        super().reject()


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"
