"""Report delivery against a real SMTP server on localhost (aiosmtpd), and as .eml files.

The attachment arrives byte for byte; a recipient already sent is skipped unless "send again"; a refused
recipient is logged and retried later; cancel stops between recipients; and the SMTP password is found in
none of the database, the settings and log files, nor the .eml files.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from mail_server import PASSWORD, USER, Collector, attachment, authenticate, free_port, start_server
from sqlalchemy import select

from exports.delivery import (
    DeliveryError,
    SmtpSettings,
    deliver,
    remember_password,
    smtp_password_key,
    stored_password,
)
from interviewer import logfile
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Channel, DeliveryStatus, ReportKind, Team
from interviewer.models import AuditEntry, Delivery, Report
from interviewer.progress import CancelToken
from interviewer.reporting.library import (
    DOCX_MIME,
    LibraryError,
    delete_report,
    delivery_log,
    delivery_plan,
    list_reports,
    record_attempt,
    report_content,
    save_report,
)
from interviewer.reporting.periods import month
from interviewer.reporting.recipients import add_recipient, list_recipients
from interviewer.secrets import SecretStore
from winloss.cli import deliver as cli_deliver

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
"""The test server takes a login without TLS on purpose: it runs on localhost."""

SENDER = ("Win-Loss Program", "winloss@example.test")
CLOCK = FixedClock(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
Server = tuple[Collector, SmtpSettings]
PEOPLE = [("Ann Lee", "ann@example.com"), ("Bob Ray", "bob@example.com"), ("Chloé Dubois", "chloe@example.com")]


# -- a real SMTP server on localhost --------------------------------------------------------------------


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collector, SmtpSettings]]:
    handler = Collector()
    controller = start_server(handler)
    try:
        yield handler, SmtpSettings("127.0.0.1", controller.port, "none", "", *SENDER, timeout=5)
    finally:
        controller.stop()


@pytest.fixture
def auth_server() -> Iterator[tuple[Collector, SmtpSettings]]:
    handler = Collector()
    controller = start_server(handler, authenticator=authenticate, auth_required=True, auth_require_tls=False)
    try:
        yield handler, SmtpSettings("127.0.0.1", controller.port, "none", USER, *SENDER, timeout=5)
    finally:
        controller.stop()


# -- a program with a report ----------------------------------------------------------------------------


def docx_bytes() -> bytes:
    document = Document()
    document.add_heading("Product digest — October 2026", level=0)
    document.add_paragraph("“The import took us a week,” said the buyer. Ünïcödé, עברית, 🚀")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def program(database, people: list[tuple[str, str]] = PEOPLE) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    """A product digest with ``people`` as the product team; returns (report id, its bytes)."""
    content = docx_bytes()
    with database.sessions() as session, session.begin():
        for name, email in people:
            add_recipient(session, Team.PRODUCT, name, email, actor="owner")
        add_recipient(session, Team.SALES, "Sam Sales", "sam@example.com", actor="owner")  # not for this report
        report = save_report(session, kind=ReportKind.TEAM_DIGEST, title="Product digest — October 2026",
                             file_name="product-digest-2026-10.docx", content=content, team=Team.PRODUCT,
                             period=month("2026-10"), actor="owner", created_at=CLOCK.now())
    return report, content


# -- SMTP -----------------------------------------------------------------------------------------------


def test_each_recipient_gets_the_report_byte_for_byte_and_only_once(database: Database, smtp_server: Server) -> None:
    handler, settings = smtp_server
    report, content = program(database)
    steps: list[tuple[int, int]] = []
    result = deliver(database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK,
                     progress=lambda done, total, message: steps.append((done, total)))
    assert result.sent == ("ann@example.com", "bob@example.com", "chloe@example.com")
    assert (result.skipped_already_sent, result.failed, result.files, result.cancelled) == ((), (), (), False)
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert [e.rcpt_tos for e in handler.envelopes] == [["ann@example.com"], ["bob@example.com"], ["chloe@example.com"]]
    assert {e.mail_from for e in handler.envelopes} == {SENDER[1]}
    for message, (name, email) in zip(handler.messages(), PEOPLE):
        assert message["To"].addresses[0].addr_spec == email and message["To"].addresses[0].display_name == name
        assert message["Subject"] == "Product digest — October 2026"
        assert message["From"].addresses[0].addr_spec == SENDER[1]
        assert attachment(message) == (content, DOCX_MIME, "product-digest-2026-10.docx")
        body = message.get_body(("plain",)).get_content()
        assert f"Hello {name.split()[0]}" in body and "Product digest — October 2026" in body
        assert "X-Unsent" not in message
    with database.sessions() as session:
        log = delivery_log(session, report)
        assert [(row.email, row.channel, row.ok, row.error) for row in reversed(log)] == [
            (email, Channel.SMTP, True, None) for _name, email in PEOPLE]
        assert all(row.report_title == "Product digest — October 2026" and row.at == CLOCK.now() for row in log)
        [row] = list_reports(session)
        assert (row.sent, row.failed, row.size) == (3, 0, len(content))

    again = deliver(database, report, channel="smtp", settings=settings, clock=CLOCK)
    assert again.sent == () and again.skipped_already_sent == result.sent
    assert len(handler.envelopes) == 3
    forced = deliver(database, report, channel="smtp", settings=settings, clock=CLOCK, send_again=True,
                     recipients=[list_recipients_by_email(database)["bob@example.com"]])
    assert forced.sent == ("bob@example.com",) and len(handler.envelopes) == 4
    with database.sessions() as session:
        assert len(delivery_log(session)) == 4
        bob = session.scalars(select(Delivery).where(Delivery.email == "bob@example.com")).one()
        assert (bob.status, bob.attempts) == (DeliveryStatus.SENT, 2)


def list_recipients_by_email(database) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        return {row.email: row.id for row in list_recipients(session)}


def test_a_refused_recipient_is_logged_and_retried_later(sqlite_database: Database, smtp_server: Server) -> None:
    handler, settings = smtp_server
    report, content = program(sqlite_database)
    handler.refuse.add("bob@example.com")
    first = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK)
    assert first.sent == ("ann@example.com", "chloe@example.com")
    [failure] = first.failed
    assert failure.email == "bob@example.com"
    assert failure.error == "The mail server refused the address bob@example.com (550 5.1.1 No such mailbox here)."
    with sqlite_database.sessions() as session:
        [row] = [r for r in delivery_log(session, report) if not r.ok]
        assert (row.email, row.recipient_name, row.error) == ("bob@example.com", "Bob Ray", failure.error)
        assert report_content(session, report) == content  # the report is kept for the retry
        assert list_reports(session)[0].failed == 1

    handler.refuse.clear()
    retry = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK)
    assert retry.sent == ("bob@example.com",) and retry.failed == ()
    assert set(retry.skipped_already_sent) == {"ann@example.com", "chloe@example.com"}
    assert attachment(handler.messages()[-1])[0] == content
    with sqlite_database.sessions() as session:
        bob = [(r.ok, r.error is None) for r in reversed(delivery_log(session, report)) if r.email == "bob@example.com"]
        assert bob == [(False, False), (True, True)]
        delivery = session.scalars(select(Delivery).where(Delivery.email == "bob@example.com")).one()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, None)


def test_an_unreachable_server_fails_every_recipient_in_words_and_keeps_the_report(sqlite_database: Database) -> None:
    report, _content = program(sqlite_database)
    settings = SmtpSettings("127.0.0.1", free_port(), "none", "", *SENDER, timeout=5)
    result = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK)
    assert result.sent == () and len(result.failed) == 3
    assert {f.error for f in result.failed} == {
        f"The mail server 127.0.0.1:{settings.port} refused the connection: check the host and port."}
    with sqlite_database.sessions() as session:
        assert [r.ok for r in delivery_log(session, report)] == [False, False, False]
        assert list_reports(session)[0].failed == 3


def test_tls_mismatches_and_untrusted_certificates_are_named(
    sqlite_database: Database, smtp_server: Server, tmp_path: Path,
) -> None:
    _handler, plain = smtp_server
    report, _content = program(sqlite_database, PEOPLE[:1])
    ssl_on_plain = SmtpSettings(plain.host, plain.port, "ssl", "", *SENDER, timeout=5)
    [failure] = deliver(sqlite_database, report, channel=Channel.SMTP, settings=ssl_on_plain, clock=CLOCK).failed
    assert failure.error.startswith(f"A secure (TLS) connection to 127.0.0.1:{plain.port} failed")
    starttls_missing = SmtpSettings(plain.host, plain.port, "starttls", "", *SENDER, timeout=5)
    [failure] = deliver(sqlite_database, report, channel=Channel.SMTP, settings=starttls_missing, clock=CLOCK).failed
    assert "does not offer STARTTLS" in failure.error

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = start_server(Collector(), tls_context=context)
    try:
        untrusted = SmtpSettings("127.0.0.1", controller.port, "starttls", "", *SENDER, timeout=5)
        [failure] = deliver(sqlite_database, report, channel=Channel.SMTP, settings=untrusted, clock=CLOCK).failed
    finally:
        controller.stop()
    assert "certificate could not be verified" in failure.error


def test_cancel_stops_between_recipients(sqlite_database: Database, smtp_server: Server) -> None:
    handler, settings = smtp_server
    report, _content = program(sqlite_database)
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if done == 1:
            token.cancel()  # while the second message is about to go: it goes, the third does not

    result = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK,
                     progress=progress, cancel=token)
    assert result.cancelled and result.sent == ("ann@example.com", "bob@example.com") and result.failed == ()
    assert len(handler.envelopes) == 2
    with sqlite_database.sessions() as session:
        assert len(delivery_log(session, report)) == 2
    rest = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK)
    assert rest.sent == ("chloe@example.com",) and not rest.cancelled


def test_nothing_is_tried_without_what_a_channel_needs(
    sqlite_database: Database, smtp_server: Server, tmp_path: Path,
) -> None:
    _handler, settings = smtp_server
    report, _content = program(sqlite_database)
    cases = [
        ({"channel": "smtp", "settings": None}, "SMTP settings"),
        ({"channel": "smtp", "settings": SmtpSettings("", 587, "starttls", "", *SENDER)}, "host name"),
        ({"channel": "smtp", "settings": SmtpSettings("h.test", 587, "starttls", "", "Me", "not-an-email")},
         "sender"),
        ({"channel": "smtp", "settings": SmtpSettings("h.test", 587, "tls13", "", *SENDER)}, "STARTTLS, SSL or none"),
        ({"channel": "smtp", "settings": SmtpSettings("h.test", 587, "starttls", USER, *SENDER)}, "password"),
        ({"channel": "eml", "out_dir": None}, "folder"),
    ]
    for options, words in cases:
        with pytest.raises(DeliveryError, match=words):
            deliver(sqlite_database, report, clock=CLOCK, **options)  # type: ignore[arg-type]
    with pytest.raises(DeliveryError, match="no report 404"):
        deliver(sqlite_database, 404, channel="smtp", settings=settings, clock=CLOCK)
    with sqlite_database.sessions() as session, session.begin():
        lonely = save_report(session, kind=ReportKind.TEAM_DIGEST, title="CS digest", file_name="cs.docx",
                             content=docx_bytes(), team=Team.CS, actor="owner")
        assert delivery_log(session) == []
    with pytest.raises(DeliveryError, match="Nobody receives"):
        deliver(sqlite_database, lonely, channel="smtp", settings=settings, clock=CLOCK)


def test_settings_round_trip_without_a_password_and_its_keyring_entry(memory_keyring: Any) -> None:
    settings = SmtpSettings("SMTP.Example.test", 465, "ssl", USER, *SENDER)
    assert smtp_password_key(settings) == f"smtp:{USER}@smtp.example.test:465"
    assert SmtpSettings.from_dict(settings.to_dict()) == settings
    assert "password" not in json.dumps(settings.to_dict())
    assert SmtpSettings.from_dict({"host": "h.test", "security": "ssl"}).port == 465
    secrets = SecretStore()
    assert stored_password(settings, secrets) is None
    assert remember_password(settings, PASSWORD, secrets) is True
    assert memory_keyring.secrets[("winloss-studio", smtp_password_key(settings))] == PASSWORD
    assert stored_password(settings, SecretStore()) == PASSWORD


def test_a_non_ascii_password_is_explained(sqlite_database: Database, auth_server: Server) -> None:
    _handler, settings = auth_server
    report, _content = program(sqlite_database, PEOPLE[:1])
    [failure] = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, password="Pässwörd",
                        clock=CLOCK).failed
    assert "cannot send" in failure.error and "Pässwörd" not in failure.error


# -- .eml files -----------------------------------------------------------------------------------------


def test_eml_writes_one_draft_per_recipient_with_the_attachment(database: Database, tmp_path: Path) -> None:
    report, content = program(database)
    out = tmp_path / "outbox"
    settings = SmtpSettings("", 587, "starttls", "", *SENDER)  # only the sender is used
    result = deliver(database, report, channel=Channel.EML, settings=settings, out_dir=out, clock=CLOCK)
    assert result.written == tuple(email for _name, email in PEOPLE) and result.failed == ()
    assert result.sent == ()  # a file written is not a message sent
    assert sorted(path.name for path in out.iterdir()) == sorted(path.name for path in result.files)
    assert result.files[0].name == "product-digest-2026-10 - ann@example.com.eml"
    for path, (name, email) in zip(result.files, PEOPLE):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert message["X-Unsent"] == "1"
        assert message["To"].addresses[0].addr_spec == email and message["From"].addresses[0].addr_spec == SENDER[1]
        assert attachment(message) == (content, DOCX_MIME, "product-digest-2026-10.docx")
    with database.sessions() as session:
        log = list(reversed(delivery_log(session, report)))
        expected = [(Channel.EML, True, path) for path in result.files]
        assert [(r.channel, r.ok, Path(r.file_name or "")) for r in log] == expected
        assert {d.status for d in session.scalars(select(Delivery))} == {DeliveryStatus.WRITTEN}
        [row] = list_reports(session)
        assert (row.sent, row.written) == (0, 3)

    drafts = tmp_path / "drafts"  # no settings: the mail program fills in the sender
    again = deliver(database, report, channel="eml", out_dir=drafts, clock=CLOCK)
    assert again.skipped_already_sent == () and len(again.written) == 3  # written is not sent: written again
    message = BytesParser(policy=policy.default).parsebytes(again.files[0].read_bytes())
    assert message["From"] is None and attachment(message)[0] == content


# -- the password goes nowhere --------------------------------------------------------------------------


def test_the_password_is_in_no_file(
    sqlite_database: Database, auth_server: Server, tmp_path: Path, session_home: Path,
) -> None:
    handler, settings = auth_server
    report, content = program(sqlite_database)
    secrets = SecretStore()
    remember_password(settings, PASSWORD, secrets)
    root = logging.getLogger()
    level = root.level
    mail_log = logging.getLogger("mail.log")  # the test server's own log is not the app's
    mail_log.propagate = False
    log_file = logfile.configure(logging.DEBUG)
    assert log_file is not None
    try:
        wrong = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, password="not-it",
                        clock=CLOCK)
        assert {f.error for f in wrong.failed} == {
            f"The mail server 127.0.0.1:{settings.port} refused the user name or password for {USER}."}
        result = deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings,
                         password=stored_password(settings, secrets), clock=CLOCK)
        assert len(result.sent) == 3 and attachment(handler.messages()[0])[0] == content
        eml = deliver(sqlite_database, report, channel=Channel.EML, settings=settings, out_dir=tmp_path / "eml",
                      clock=CLOCK, send_again=True)
        assert len(eml.files) == 3
    finally:
        for handler_ in [h for h in root.handlers if getattr(h, "baseFilename", None) == str(log_file)]:
            root.removeHandler(handler_)
            handler_.close()
        root.setLevel(level)
        mail_log.propagate = True
    assert "SMTPAuthenticationError" in log_file.read_text(encoding="utf-8")  # the detail went to the log file
    files = [p for folder in (tmp_path, session_home) for p in folder.rglob("*") if p.is_file()]
    assert {"winloss.sqlite", log_file.name} <= {p.name for p in files}
    assert sum(p.suffix == ".eml" for p in files) == 3
    needles = [PASSWORD.encode(), PASSWORD.encode("utf-16-le"), PASSWORD.encode("latin-1")]
    holders = [str(p) for p in files for needle in needles if needle in p.read_bytes()]
    assert holders == []


# -- the command line -----------------------------------------------------------------------------------


def cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db")
    commands = parser.add_subparsers(dest="command")
    cli_deliver.add_parser(commands, db_option)
    return parser.parse_args(["deliver", *argv])


def test_cli_dry_run_then_eml_then_smtp(
    sqlite_database: Database,
    smtp_server: Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, settings = smtp_server
    report, content = program(sqlite_database)
    url = sqlite_database.url.render_as_string(hide_password=False)

    assert cli_deliver.run(cli(["--report", str(report), "--dry-run", "--channel", "eml"]), url) == (0, "")
    plan = json.loads(capsys.readouterr().out)
    assert plan["dry_run"] and plan["title"] == "Product digest — October 2026"
    assert [(r["email"], r["team"], r["action"]) for r in plan["recipients"]] == [
        (email, "product", "send by eml") for _name, email in PEOPLE]
    with sqlite_database.sessions() as session:
        assert delivery_log(session) == []  # a dry run writes nothing

    out = tmp_path / "eml"
    assert cli_deliver.run(cli(["--report", str(report), "--channel", "eml", "--out", str(out)]), url) == (0, "")
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] == [email for _name, email in PEOPLE] and len(list(out.glob("*.eml"))) == 3
    assert summary["sent"] == [] and summary["skipped_already_sent"] == [] and len(summary["files"]) == 3
    assert cli_deliver.run(cli(["--report", str(report), "--dry-run"]), url) == (0, "")
    assert [(r["action"], r["status"]) for r in json.loads(capsys.readouterr().out)["recipients"]] == [
        ("send by smtp", "written")] * 3  # the .eml written does not count as sent

    for name in ("HOST", "PORT", "SECURITY", "USER", "SENDER", "SENDER_NAME", "PASSWORD"):
        monkeypatch.delenv(f"WINLOSS_SMTP_{name}", raising=False)
    status, message = cli_deliver.run(cli(["--report", str(report)]), url)
    assert status == 2 and "WINLOSS_SMTP_HOST" in message
    monkeypatch.setenv("WINLOSS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WINLOSS_SMTP_PORT", str(settings.port))
    monkeypatch.setenv("WINLOSS_SMTP_SECURITY", "none")
    monkeypatch.setenv("WINLOSS_SMTP_SENDER", SENDER[1])
    assert cli_deliver.run(cli(["--report", str(report)]), url) == (0, "")
    summary = json.loads(capsys.readouterr().out)
    assert summary["sent"] == [email for _name, email in PEOPLE] and summary["written"] == []
    assert summary["skipped_already_sent"] == [] and summary["files"] == []
    assert [attachment(m)[0] == content for m in handler.messages()] == [True] * 3
    assert cli_deliver.run(cli(["--report", str(report)]), url) == (0, "")
    assert len(json.loads(capsys.readouterr().out)["skipped_already_sent"]) == 3  # sent now: nobody twice
    assert cli_deliver.run(cli(["--report", str(report), "--again"]), url) == (0, "")
    assert len(json.loads(capsys.readouterr().out)["sent"]) == 3

    assert cli_deliver.run(cli(["--report", str(report), "--dry-run"]), url) == (0, "")
    actions = {r["action"].split(":")[0] for r in json.loads(capsys.readouterr().out)["recipients"]}
    assert actions == {"skip"}
    assert cli_deliver.run(cli(["--report", "999", "--dry-run"]), url) == (1, "There is no report 999.")
    monkeypatch.setenv("WINLOSS_SMTP_USER", USER)
    status, message = cli_deliver.run(cli(["--report", str(report), "--again"]), url)
    assert status == 2 and "WINLOSS_SMTP_PASSWORD" in message and smtp_password_key(
        cli_deliver.settings_from_environment({"WINLOSS_SMTP_HOST": "127.0.0.1", "WINLOSS_SMTP_USER": USER,
                                               "WINLOSS_SMTP_PORT": str(settings.port)})) in message


def test_record_attempt_keeps_a_success_when_a_later_send_again_fails(sqlite_database: Database) -> None:
    report, _content = program(sqlite_database, PEOPLE[:1])
    with sqlite_database.sessions() as session, session.begin():
        [ann] = list_recipients(session, Team.PRODUCT)
        record_attempt(session, report, ann, channel=Channel.SMTP, ok=True, at=CLOCK.now())
        record_attempt(session, report, ann, channel=Channel.SMTP, ok=False, at=CLOCK.now(), error="Down.")
    with sqlite_database.sessions() as session:
        delivery = session.scalars(select(Delivery)).one()
        assert (delivery.status, delivery.attempts, delivery.sent_at) == (DeliveryStatus.SENT, 2, CLOCK.now())


def test_an_eml_written_is_not_a_sending_and_never_hides_an_earlier_one(sqlite_database: Database) -> None:
    report, _content = program(sqlite_database, PEOPLE[:2])
    with sqlite_database.sessions() as session, session.begin():
        ann, bob = list_recipients(session, Team.PRODUCT)
        record_attempt(session, report, ann, channel=Channel.EML, ok=True, at=CLOCK.now(), file_name="a.eml")
        record_attempt(session, report, bob, channel=Channel.SMTP, ok=True, at=CLOCK.now())
        record_attempt(session, report, bob, channel=Channel.EML, ok=True, at=CLOCK.now(), file_name="b.eml")
    with sqlite_database.sessions() as session:
        states = {d.email: (d.status, d.sent_at) for d in session.scalars(select(Delivery))}
        assert states == {"ann@example.com": (DeliveryStatus.WRITTEN, None),
                          "bob@example.com": (DeliveryStatus.SENT, CLOCK.now())}
        plan = {p.recipient.email: p.send for p in delivery_plan(session, report)}
        assert plan == {"ann@example.com": True, "bob@example.com": False}  # the written one is still to send
        [row] = list_reports(session)
        assert (row.sent, row.written, row.failed) == (1, 1, 0)


def test_a_deleted_report_keeps_its_delivery_log_under_its_title(sqlite_database: Database,
                                                                  smtp_server: Server) -> None:
    _handler, settings = smtp_server
    report, _content = program(sqlite_database, PEOPLE[:2])
    deliver(sqlite_database, report, channel=Channel.SMTP, settings=settings, clock=CLOCK)
    with sqlite_database.sessions() as session, session.begin():
        assert delete_report(session, report, actor="owner") == 2
    with sqlite_database.sessions() as session:
        assert list_reports(session) == [] and session.get(Report, report) is None
        log = delivery_log(session)
        assert [(r.report_id, r.report_title, r.ok) for r in log] == [(None, "Product digest — October 2026", True)] * 2
        assert session.scalars(select(AuditEntry.action).where(AuditEntry.action == "report.deleted")).all()
        with pytest.raises(LibraryError, match="no report"):
            delete_report(session, report, actor="owner")
