"""Invitation messages as .eml files (RFC 5322) or copyable text.

An .eml file opens in a mail program as a message ready to send (``X-Unsent: 1``
makes Outlook open it as a draft); headers are encoded for non-ASCII names and
the body is UTF-8.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from interviewer.files import write_atomically
from interviewer.scheduling.invitations import Invitation


class EmailError(ValueError):
    """A message that cannot be written; ``str()`` is a sentence for the user."""


def build_message(invitation: Invitation, *, sender_name: str, sender_email: str,
                  when: datetime | None = None) -> EmailMessage:
    """The invitation as an ``EmailMessage`` from the sender to the buyer."""
    if not invitation.to_email:
        raise EmailError("This buyer has no email address; copy the text instead, or add their address first.")
    message = new_message(sender=(sender_name, sender_email), to=(invitation.to_name, invitation.to_email, "buyer"),
                          subject=invitation.subject, when=when)
    message["X-Unsent"] = "1"
    body = invitation.body.replace("\r\n", "\n").replace("\r", "\n")
    message.set_content(body if body.endswith("\n") else body + "\n", charset="utf-8", cte="quoted-printable")
    return message


def write_eml(invitation: Invitation, path: Path | str, *, sender_name: str, sender_email: str,
              when: datetime | None = None) -> Path:
    """Write the invitation as an .eml file (temporary file, then one rename); return its path."""
    target = Path(path)
    data = build_message(invitation, sender_name=sender_name, sender_email=sender_email, when=when).as_bytes()
    write_atomically(target, data)
    return target


def message_text(invitation: Invitation) -> str:
    """The text to copy into a mail program: the subject line, a blank line, the body."""
    return f"Subject: {one_line(invitation.subject)}\n\n{invitation.body}"


def new_message(*, sender: tuple[str | None, str] | None, to: tuple[str | None, str, str], subject: str,
                when: datetime | None = None) -> EmailMessage:
    """A message with From, To ``(name, email, who)`` (*who* names the person in errors), Subject, Date and
    Message-ID set; the body and any attachment are the caller's. Without a sender (a draft for the user's own
    mail program, which fills it in) there is no From."""
    message = EmailMessage(policy=SMTP)
    if sender is not None:
        message["From"] = address(sender[0], sender[1], "sender")
    message["To"] = address(*to)
    message["Subject"] = one_line(subject)
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    message["Date"] = format_datetime(moment)
    domain = (one_line(sender[1]).rpartition("@")[2] or None) if sender is not None else None
    message["Message-ID"] = make_msgid(domain=domain)
    return message


def address(name: str | None, email: str, who: str) -> Address:
    """``email`` (with ``name`` shown) as a header address; EmailError naming ``who`` when it is not usable."""
    addr = "".join(one_line(email).split())
    user, at, domain = addr.rpartition("@")
    if not at or not user or not domain or "." not in domain:
        raise EmailError(f"“{addr}” is not a usable email address for the {who}.")
    try:
        return Address(display_name=one_line(name), username=user, domain=domain)
    except (ValueError, TypeError):
        raise EmailError(f"“{addr}” is not a usable email address for the {who}.") from None


def one_line(text: str | None) -> str:
    """``text`` on one line: control characters and runs of white space become single spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in (text or "")).split())
