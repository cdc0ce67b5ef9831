"""Deliver a stored report to its recipients: by SMTP, or as .eml files for the user's own mail program.

Each recipient gets a message of their own: a short plain-text note with the report's .docx attached.
Every attempt is written to the delivery log in a transaction of its own, so a crash or a cancel never
loses what was already done; a failure leaves the report in the database, to be retried later. A recipient
already sent the report is skipped unless "send again" is asked for. An .eml file written is logged as
*written*, not sent: the user's mail program may or may not send it, so a later SMTP run still reaches them.

The SMTP password is never stored by this module: callers get it from ``interviewer.secrets.SecretStore``
under ``smtp_password_key(settings)`` (see ``stored_password`` / ``remember_password``). When the system has
no keyring (``SecretStore.available`` is False) the caller asks for it once per session and passes it in;
it only ever lives in memory. Errors shown to the user are sentences; the technical detail goes to the log
file, with the password scrubbed.
"""

from __future__ import annotations

import logging
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.files import write_atomically
from exports.email import EmailError, address, new_message
from exports.leaks import LeakError, check, check_document
from interviewer.clock import Clock, SystemClock
from interviewer.enums import Channel, ReportKind
from interviewer.progress import CancelToken, Progress, no_progress
from interviewer.reporting.anonymity import Identities, program_identities
from interviewer.reporting.library import (
    DOCX_MIME,
    LibraryError,
    PlannedDelivery,
    ReportRow,
    delivery_plan,
    record_attempt,
    report_content,
    report_row,
)
from interviewer.reporting.recipients import RecipientRow

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.secrets import SecretStore

log = logging.getLogger(__name__)

SECURITIES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class DeliveryError(Exception):
    """A delivery that cannot start (no report, no recipients, settings missing); ``str()`` is a sentence."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send mail. The password is not part of it: it lives in the system keyring."""

    host: str
    port: int = 587
    security: str = "starttls"
    """``starttls`` (upgrade a plain connection, usually port 587), ``ssl`` (TLS from the start, usually 465)
    or ``none`` (no encryption: only for a relay on the local network)."""
    user: str = ""
    """The login; empty when the server takes mail without one."""
    sender_name: str = ""
    sender_email: str = ""
    timeout: float = 30.0

    def problems(self) -> list[str]:
        """What is wrong with these settings, in sentences (empty when they are usable)."""
        found = []
        if not self.host.strip() or any(c.isspace() or not c.isprintable() for c in self.host.strip()):
            found.append("Enter the mail server's host name, such as smtp.example.com.")
        if not 1 <= self.port <= 65535:
            found.append("The port is a number from 1 to 65535 (usually 587 for STARTTLS, 465 for SSL).")
        if self.security not in SECURITIES:
            found.append("Security is STARTTLS, SSL or none.")
        if any(c in self.user for c in "\r\n\0"):
            found.append("The user name cannot contain line breaks.")
        try:
            address(self.sender_name, self.sender_email, "sender")
        except EmailError:
            found.append("Enter the sender's email address: reports are sent from it.")
        return found

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain values, for a settings file (there is no password in them)."""
        return {"host": self.host, "port": self.port, "security": self.security, "user": self.user,
                "sender_name": self.sender_name, "sender_email": self.sender_email}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> SmtpSettings:
        security = str(values.get("security") or "starttls").lower()
        port = values.get("port")
        return cls(host=str(values.get("host") or "").strip(), security=security,
                   port=int(port) if str(port or "").strip().isdigit() else DEFAULT_PORTS.get(security, 587),
                   user=str(values.get("user") or "").strip(), sender_name=str(values.get("sender_name") or ""),
                   sender_email=str(values.get("sender_email") or "").strip())


def smtp_password_key(settings: SmtpSettings) -> str:
    """The keyring entry holding the password for this login on this server: ``smtp:user@host:port``."""
    return f"smtp:{settings.user}@{settings.host.strip().lower()}:{settings.port}"


def stored_password(settings: SmtpSettings, secrets: SecretStore) -> str | None:
    """The password the keyring (or this session) holds for these settings, if any."""
    return secrets.get(smtp_password_key(settings))


def remember_password(settings: SmtpSettings, password: str, secrets: SecretStore) -> bool:
    """Keep the password; True when the keyring stored it, False when only this session holds it."""
    return secrets.set(smtp_password_key(settings), password)


@dataclass(frozen=True)
class Failure:
    email: str
    error: str


@dataclass(frozen=True)
class DeliveryResult:
    """What one delivery run did, by address."""

    sent: tuple[str, ...] = ()
    """Sent by SMTP (never the .eml files written)."""
    skipped_already_sent: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    files: tuple[Path, ...] = ()
    """The .eml files written (EML channel)."""
    cancelled: bool = False
    """True when the user cancelled: recipients after the cancel were not tried (nor logged)."""
    written: tuple[str, ...] = ()
    """The recipients an .eml file was written for (EML channel): not sent by the app."""

    @property
    def tried(self) -> int:
        """How many recipients this run tried, whatever came of it."""
        return len(self.sent) + len(self.written) + len(self.failed)

    def summary(self) -> dict[str, Any]:
        """The result as JSON values: the keys scripts read, and ``written`` for the .eml channel."""
        return {"sent": list(self.sent), "written": list(self.written),
                "skipped_already_sent": list(self.skipped_already_sent),
                "failed": [{"email": f.email, "error": f.error} for f in self.failed],
                "files": [str(path) for path in self.files], "cancelled": self.cancelled}


def build_report_message(report: ReportRow, content: bytes, recipient: RecipientRow, *,
                         sender: tuple[str, str] | None, when: Any = None, draft: bool = False) -> EmailMessage:
    """One recipient's message: a short note and the report attached (``draft`` marks an .eml to send)."""
    message = new_message(sender=sender, to=(recipient.name, recipient.email, "recipient"), subject=report.title,
                          when=when)
    if draft:
        message["X-Unsent"] = "1"
    message.set_content(_note(report, recipient, sender[0] if sender else ""), charset="utf-8",
                        cte="quoted-printable")
    maintype, subtype = DOCX_MIME.split("/")
    message.add_attachment(content, maintype=maintype, subtype=subtype, filename=report.file_name)
    return message


def _note(report: ReportRow, recipient: RecipientRow, sender_name: str) -> str:
    first = recipient.name.split()[0] if recipient.name.split() else "there"
    why = {
        ReportKind.TEAM_DIGEST: f"the takeaways from buyer interviews routed to {recipient.team_name}",
        ReportKind.INTERVIEW: "what one buyer told us in a win-loss interview, and what each team can take from it",
        ReportKind.MONTHLY_REVIEW: "this month's win-loss figures, the patterns behind them and the agreed actions",
    }[report.kind]
    lines = [
        f"Hello {first},", "",
        f"Attached is “{report.title}”: {why}.",
        "It is a Word document and takes a few minutes to read.", "",
        (f"You receive it as one of the {recipient.team_name} recipients of the win-loss program; "
         "reply to this message if it should go to someone else."), "",
        f"— {sender_name or 'The win-loss program'}",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def deliver(database: Database, report_id: int, *, channel: Channel | str, settings: SmtpSettings | None = None,
            password: str | None = None, out_dir: Path | None = None, recipients: list[int] | None = None,
            send_again: bool = False, clock: Clock | None = None, progress: Progress = no_progress,
            cancel: CancelToken | None = None) -> DeliveryResult:
    """Send report ``report_id`` to ``recipients`` (ids; default: ``recipients_for`` the report) by ``channel``.

    SMTP needs ``settings`` (and ``password`` when ``settings.user`` is set); EML needs ``out_dir`` and uses
    ``settings`` only for the sender, when given. Raises DeliveryError when nothing can be tried; failures of
    single recipients are logged and returned in the result.
    """
    channel = Channel(channel)
    clock = clock or SystemClock()
    with database.sessions() as session:
        try:
            report = report_row(session, report_id)
            content = report_content(session, report_id)
            plan = delivery_plan(session, report_id, recipients, send_again=send_again)
        except LibraryError as exc:
            raise DeliveryError(str(exc)) from None
        if not plan:
            raise DeliveryError(f"Nobody receives “{report.title}”: add recipients to its team first.")
        if not report.include_identities:
            _check_leaks(program_identities(session), report, content, plan, settings)
    transport = _transport(channel, settings, password, out_dir)
    skipped = tuple(p.recipient.email for p in plan if not p.send)
    to_send = [p for p in plan if p.send]
    done_to: list[str] = []
    failed: list[Failure] = []
    files: list[Path] = []
    cancelled = False
    try:
        for done, planned in enumerate(to_send):
            if cancel is not None and cancel.cancelled:
                cancelled = True
                break
            doing = "Writing the .eml" if channel is Channel.EML else "Sending"
            progress(done, len(to_send), f"{doing} “{report.title}” for {planned.recipient.name}")
            error, written = transport.send(report, content, planned, clock)
            with database.sessions() as session, session.begin():
                record_attempt(session, report.id, planned.recipient, channel=channel, ok=error is None,
                               at=clock.now(), error=error, file_name=_stored_name(written))
            if error is None:
                done_to.append(planned.recipient.email)
                files += [written] if written else []
            else:
                failed.append(Failure(planned.recipient.email, error))
    finally:
        transport.close()
    progress(len(to_send), len(to_send), "Cancelled" if cancelled else "Done")
    log.info("report %s by %s: %d %s, %d already sent, %d failed%s", report.id, channel.value, len(done_to),
             "written" if channel is Channel.EML else "sent", len(skipped), len(failed),
             ", cancelled" if cancelled else "")
    if channel is Channel.EML:
        return DeliveryResult((), skipped, tuple(failed), tuple(files), cancelled, written=tuple(done_to))
    return DeliveryResult(tuple(done_to), skipped, tuple(failed), tuple(files), cancelled)


def _check_leaks(known: Identities, report: ReportRow, content: bytes, plan: list[PlannedDelivery],
                 settings: SmtpSettings | None) -> None:
    """DeliveryError when the anonymous report, or a message carrying it, names a buyer, company or rep."""
    sender = _sender(settings)
    notes = [(f"the message to {p.recipient.email}", _note(report, p.recipient, sender[0] if sender else ""))
             for p in plan if p.send]
    try:
        check_document(known, content, report.file_name)
        check(known, [("the e-mail subject", report.title), *notes])
    except LeakError as exc:
        raise DeliveryError(str(exc)) from None


def _stored_name(path: Path | None) -> str | None:
    if path is None:
        return None
    text = str(path)
    return text if len(text) <= 255 else path.name[-255:]


def _transport(channel: Channel, settings: SmtpSettings | None, password: str | None,
               out_dir: Path | None) -> _Transport:
    if channel is Channel.EML:
        if out_dir is None:
            raise DeliveryError("Choose the folder the .eml files go to.")
        try:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeliveryError(f"The folder {out_dir} cannot be created ({exc.strerror or exc}).") from None
        return _EmlFiles(Path(out_dir), settings)
    if settings is None:
        raise DeliveryError("Set up the mail server (SMTP settings) first, or save the messages as .eml files.")
    problems = settings.problems()
    if problems:
        raise DeliveryError(" ".join(problems))
    if settings.user and not password:
        raise DeliveryError(f"Enter the password for {settings.user} on {settings.host}.")
    return _Smtp(settings, password or "")


# -- channels ----------------------------------------------------------------------------------------


class _Transport:
    def send(self, report: ReportRow, content: bytes, planned: PlannedDelivery,
             clock: Clock) -> tuple[str | None, Path | None]:
        """Deliver to one recipient: (None, file written or None) on success, (sentence, None) on failure."""
        raise NotImplementedError

    def close(self) -> None:
        pass


def _sender(settings: SmtpSettings | None) -> tuple[str, str] | None:
    if settings is None or not settings.sender_email.strip():
        return None
    return settings.sender_name, settings.sender_email


class _EmlFiles(_Transport):
    """One .eml draft per recipient in a folder, each written atomically."""

    def __init__(self, folder: Path, settings: SmtpSettings | None) -> None:
        self._folder = folder
        self._sender = _sender(settings)

    def send(self, report: ReportRow, content: bytes, planned: PlannedDelivery,
             clock: Clock) -> tuple[str | None, Path | None]:
        who = planned.recipient
        try:
            data = build_report_message(report, content, who, sender=self._sender, when=clock.now(),
                                        draft=True).as_bytes()
            path = self._folder / eml_name(report.file_name, who.email)
            write_atomically(path, data)
        except EmailError as exc:
            return str(exc), None
        except OSError as exc:
            log.warning("writing the .eml for report %s to %s failed: %r", report.id, who.email, exc)
            return f"The file could not be written in {self._folder} ({exc.strerror or exc}).", None
        return None, path


def eml_name(report_file: str, email: str) -> str:
    """``digest-2026-10.docx`` for ``ann@example.com`` → ``digest-2026-10 - ann@example.com.eml``."""
    stem = report_file[:-5] if report_file.lower().endswith(".docx") else report_file
    safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", email)
    return f"{re.sub(r'[^A-Za-z0-9._-]', '_', stem)[:80]} - {safe[:120]}.eml"


class _Smtp(_Transport):
    """One connection for the whole run, opened at the first message; reopened once if the server drops it."""

    def __init__(self, settings: SmtpSettings, password: str) -> None:
        self._settings = settings
        self._password = password
        self._connection: smtplib.SMTP | None = None
        self._fatal: str | None = None
        """Set when connecting or logging in failed: every later recipient fails with the same sentence."""

    def send(self, report: ReportRow, content: bytes, planned: PlannedDelivery,
             clock: Clock) -> tuple[str | None, Path | None]:
        who = planned.recipient
        if self._fatal:
            return self._fatal, None
        try:
            message = build_report_message(report, content, who, sender=_sender(self._settings), when=clock.now())
        except EmailError as exc:
            return str(exc), None
        try:
            connection = self._connect()
        except (smtplib.SMTPException, OSError, UnicodeError) as exc:
            self._fatal = self._explain(exc, who.email, "connecting")
            return self._fatal, None
        try:
            connection.send_message(message, from_addr=self._settings.sender_email.strip(), to_addrs=[who.email])
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._connection = None
            return self._explain(exc, who.email, "sending"), None
        except smtplib.SMTPException as exc:
            return self._explain(exc, who.email, "sending"), None
        log.info("report %s sent by SMTP to %s", report.id, who.email)
        return None, None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is not None:
            return self._connection
        s = self._settings
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if s.security == "ssl":
            connection = smtplib.SMTP_SSL(s.host.strip(), s.port, timeout=s.timeout, context=context)
        else:
            connection = smtplib.SMTP(s.host.strip(), s.port, timeout=s.timeout)
        try:
            connection.ehlo()
            if s.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if s.user:
                connection.login(s.user, self._password)
        except BaseException:
            _quietly_close(connection)
            raise
        self._connection = connection
        return connection

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()
            except (smtplib.SMTPException, OSError):
                _quietly_close(self._connection)
            self._connection = None

    def _explain(self, exc: BaseException, email: str, doing: str) -> str:
        """The error as a sentence; the technical detail, password scrubbed, goes to the log file."""
        detail = f"{type(exc).__name__}: {exc}"
        if self._password:
            detail = detail.replace(self._password, "[password]")
        log.warning("SMTP %s to %s via %s:%s failed: %s", doing, email, self._settings.host, self._settings.port,
                    detail)
        return explain(exc, self._settings, email)


def explain(exc: BaseException, settings: SmtpSettings, email: str) -> str:
    """An SMTP or network error in words a user can act on."""
    server = f"{settings.host}:{settings.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"The mail server {server} refused the user name or password for {settings.user}."
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (0, b""))
        return f"The mail server refused the address {email} ({code} {_reply(reply)})."
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return (f"The mail server refused to send from {settings.sender_email} "
                f"({exc.smtp_code} {_reply(exc.smtp_error)}).")
    if isinstance(exc, UnicodeError):
        return ("The user name or password has characters (such as accents) that an SMTP login cannot send: "
                "only plain ASCII letters, digits and symbols work.")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "STARTTLS" in str(exc).upper():
            return f"The mail server {server} does not offer STARTTLS: choose SSL or check the port."
        return f"The mail server {server} does not accept a login here: check the security setting and the port."
    if isinstance(exc, smtplib.SMTPDataError):
        return f"The mail server refused the message for {email} ({exc.smtp_code} {_reply(exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"The mail server {server} closed the connection before the message was sent."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"The mail server {server} answered with an error ({exc.smtp_code} {_reply(exc.smtp_error)})."
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"A secure connection to {server} failed: its certificate could not be verified "
                f"({exc.verify_message or 'untrusted'}).")
    if isinstance(exc, ssl.SSLError):
        return (f"A secure (TLS) connection to {server} failed: check that the security setting "
                f"(STARTTLS or SSL) matches the port.")
    if isinstance(exc, socket.gaierror):
        return f"The mail server {settings.host} was not found: check its name and the network."
    if isinstance(exc, ConnectionRefusedError):
        return f"The mail server {server} refused the connection: check the host and port."
    if isinstance(exc, TimeoutError):
        return f"The mail server {server} did not answer in time."
    if isinstance(exc, OSError):
        return f"The mail server {server} could not be reached ({exc.strerror or exc})."
    return f"Sending to {email} failed ({type(exc).__name__})."


def _reply(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:200]


def _quietly_close(connection: smtplib.SMTP) -> None:
    try:
        connection.close()
    except OSError:
        pass

