"""A real SMTP server on localhost (aiosmtpd) for the delivery tests, the window tests and the journeys."""

from __future__ import annotations

import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

PASSWORD = "Zq7-unusual-Passw0rd-41!x"
"""ASCII: smtplib can only send an ASCII login (see test_a_non_ascii_password_is_explained)."""
USER = "mailer@example.test"


class Collector:
    """Keeps every message received; refuses the addresses in ``refuse`` at RCPT."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [BytesParser(policy=policy.default).parsebytes(e.original_content) for e in self.envelopes]


def authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    """Takes USER with PASSWORD only."""
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(handler: Collector, **options: Any) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller


def attachment(message: EmailMessage) -> tuple[bytes, str, str | None]:
    """The one attachment of a message: its bytes, content type and file name."""
    [part] = list(message.iter_attachments())
    return part.get_content(), part.get_content_type(), part.get_filename()
