"""Mail settings…: the SMTP server reports are sent through. The password goes to the keyring, never to a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.settings import WindowSettings

if TYPE_CHECKING:
    from exports.delivery import SmtpSettings
    from interviewer.secrets import SecretStore

SECURITY_CHOICES = (("STARTTLS (usually port 587)", "starttls"), ("SSL/TLS (usually port 465)", "ssl"),
                    ("None — unencrypted, for a relay on your own network", "none"))
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def load_smtp(settings: WindowSettings) -> SmtpSettings | None:
    """The mail server saved in the settings, or None when none was set up."""
    return settings.smtp


def save_smtp(settings: WindowSettings, smtp: SmtpSettings) -> None:
    """Keep the server settings (``to_dict`` holds no password)."""
    settings.smtp = smtp
    settings.sync()


def keyring_words(secrets: SecretStore) -> str:
    if secrets.available:
        return ("The password is kept in the system keyring, never in the settings file; leave it empty to keep "
                "the one stored.")
    return f"{secrets.unavailable_message()} Until you quit, it is kept in memory only, never in a file."


class MailSettingsDialog(QDialog):
    """Host, port, security, login and sender; problems shown inline; Save keeps them (password: keyring)."""

    saved = Signal(object)
    """The SmtpSettings saved."""

    def __init__(self, settings: WindowSettings, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailSettingsDialog")
        self.setWindowTitle("Mail settings")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self._settings, self._secrets = settings, secrets
        self.password_kept: bool | None = None
        """After saving a typed password: True when the keyring holds it, False when only this session does."""

        self.host = self._line("smtpHost", "Mail server host", "smtp.example.com")
        self.port = QSpinBox()
        self.port.setObjectName("smtpPort")
        self.port.setAccessibleName("Port")
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.security = QComboBox()
        self.security.setObjectName("smtpSecurity")
        self.security.setAccessibleName("Security")
        for label, value in SECURITY_CHOICES:
            self.security.addItem(label, value)
        self.user = self._line("smtpUser", "User name", "empty when the server takes mail without a login")
        self.password = self._line("smtpPassword", "Password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_name = self._line("senderName", "Sender name", "Win-Loss Program")
        self.sender_email = self._line("senderEmail", "Sender email", "winloss@example.com")
        self.keyring_note = QLabel(keyring_words(secrets))
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("color: palette(placeholder-text)" if secrets.available else
                                        "color: #b26a00")
        self.problems = QLabel()
        self.problems.setObjectName("mailSettingsProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c62828")
        self.problems.hide()

        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Security:", self.security)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.keyring_note)
        form.addRow("Sender &name:", self.sender_name)
        form.addRow("Sender &email:", self.sender_email)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveMailSettings")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Reports are emailed through this server, one message per recipient."))
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        self._previous_security = "starttls"
        self.security.currentIndexChanged.connect(self._security_changed)
        self._load()

    def _line(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        line.setPlaceholderText(placeholder)
        return line

    def _load(self) -> None:
        from exports.delivery import stored_password

        smtp = load_smtp(self._settings)
        if smtp is None:
            return
        self.host.setText(smtp.host)
        self.security.setCurrentIndex(max(self.security.findData(smtp.security), 0))
        self.port.setValue(smtp.port)
        self.user.setText(smtp.user)
        self.sender_name.setText(smtp.sender_name)
        self.sender_email.setText(smtp.sender_email)
        if smtp.user and stored_password(smtp, self._secrets):
            self.password.setPlaceholderText("stored — type a new one to replace it")

    def _security_changed(self, _index: int) -> None:
        chosen = str(self.security.currentData())
        if self.port.value() == DEFAULT_PORTS.get(self._previous_security):
            self.port.setValue(DEFAULT_PORTS[chosen])
        self._previous_security = chosen

    def smtp(self) -> SmtpSettings:
        """The settings as typed."""
        from exports.delivery import SmtpSettings

        return SmtpSettings(host=self.host.text().strip(), port=self.port.value(),
                            security=str(self.security.currentData()), user=self.user.text().strip(),
                            sender_name=self.sender_name.text().strip(), sender_email=self.sender_email.text().strip())

    def save(self) -> bool:
        """Check, then keep the settings (and a typed password, in the keyring); problems are shown inline."""
        from exports.delivery import remember_password

        smtp = self.smtp()
        problems = smtp.problems()
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return False
        save_smtp(self._settings, smtp)
        if self.password.text():
            self.password_kept = remember_password(smtp, self.password.text(), self._secrets)
            self.password.clear()
        self.saved.emit(smtp)
        self.accept()
        return True
