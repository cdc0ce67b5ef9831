"""Invitation templates and drafts: known placeholders only, the buyer's local times, nothing internal; .eml files."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from exports.email import EmailError, message_text, write_eml
from interviewer.clock import FixedClock
from interviewer.enums import InterviewerKind, InterviewStatus, Outcome, RepReason
from interviewer.models import (
    Account,
    AuditEntry,
    Contact,
    Deal,
    Interview,
    Interviewer,
    MessageTemplate,
)
from interviewer.scheduling.invitations import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    Invitation,
    TemplateError,
    check_template,
    draft_invitation,
    ensure_default_templates,
    list_templates,
    save_template,
)  # fmt: skip

CLOCK = FixedClock(datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
REP_NOTE = "Champion left; procurement called our pricing a joke"
COMPETITOR = "Brightfold"


def build(database, *, outcome: Outcome = Outcome.LOST, interviewer: bool = True) -> int:  # type: ignore[no-untyped-def]
    """A lost $48,250 deal lost to Brightfold, its buyer (José Núñez) in New York, and one interview."""
    with database.sessions() as session, session.begin():
        account = Account(name="Acme Logística")
        contact = Contact(account=account, first_name="José", last_name="Núñez", email="jose.nunez@acme.test",
                          time_zone="America/New_York")  # fmt: skip
        deal = Deal(source_system="test", external_id="D-1", account=account, outcome=outcome,
                    amount=Decimal("48250.00"), competitor=COMPETITOR, rep_reason=RepReason.PRICE_ADVANTAGE,
                    rep_note=REP_NOTE)  # fmt: skip
        ines = Interviewer(name="Inès Vallory", email="ines@fairlight.test", organisation="Fairlight Research",
                           kind=InterviewerKind.EXTERNAL, time_zone="Europe/Berlin")  # fmt: skip
        ours = Interviewer(name="Dana Whitcombe", email="dana@tessellan.test", organisation="Tessellan",
                           kind=InterviewerKind.INTERNAL, time_zone="America/Chicago")  # fmt: skip
        session.add_all([contact, deal, ines, ours])
        session.flush()
        interview = Interview(deal_id=deal.id, contact_id=contact.id, interviewer=ines if interviewer else None,
                              status=InterviewStatus.TO_CONTACT)  # fmt: skip
        session.add(interview)
        session.flush()
        return interview.id


# -- templates ----------------------------------------------------------------------------------------


def test_every_outcome_has_a_default_that_passes_the_placeholder_check(database) -> None:  # type: ignore[no-untyped-def]
    assert set(DEFAULT_TEMPLATES) == {Outcome.WON, Outcome.LOST, Outcome.NO_DECISION}
    for subject, body in DEFAULT_TEMPLATES.values():
        check_template(subject, body)
        assert "{incentive}" in body and "{proposed_times}" in body and "15–20 minute" in body
        assert "confidential" in body
    assert all(meaning.strip() for meaning in PLACEHOLDERS.values()) and len(PLACEHOLDERS) == 8
    with database.sessions() as session, session.begin():
        assert ensure_default_templates(session) == 3
        assert ensure_default_templates(session) == 0
    with database.sessions() as session:
        rows = list_templates(session)
    assert [(r.outcome, r.name) for r in rows] == [(o, "Default") for o in (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)]


def test_lost_and_no_decision_defaults_do_not_guilt_the_buyer() -> None:
    for outcome in (Outcome.LOST, Outcome.NO_DECISION):
        text = " ".join(DEFAULT_TEMPLATES[outcome]).lower()
        for word in ("mistake", "wrong choice", "regret", "disappoint", "why didn't", "owe"):
            assert word not in text


def test_an_unknown_placeholder_is_refused_with_a_sentence(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        with pytest.raises(TemplateError) as caught:
            save_template(session, outcome=Outcome.LOST, name="Short", subject="Hello {first_name}",
                          body="About {compnay}: {proposed_times}", actor="Maren")  # fmt: skip
        assert str(caught.value).startswith("{compnay} is not a placeholder; use one of {first_name}, {full_name}, ")
        for bad in ("About {company", "About {company.name}", "About {company!r}", "About {}", "About }"):
            with pytest.raises(TemplateError):
                save_template(session, outcome=Outcome.LOST, name="Short", subject="Hi", body=bad, actor="Maren")
        assert session.scalar(select(MessageTemplate.id)) is None


def test_a_saved_template_is_audited_and_replaced_in_place(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        first = save_template(session, outcome="won", name=" Short ", subject="Hi {first_name}",
                              body="Thanks from {our_company}; {{literal}} braces.\n{proposed_times}", actor="Maren")  # fmt: skip
        second = save_template(session, outcome="won", name="Short", subject="Hello {first_name}",
                               body=first.body, actor="Maren")  # fmt: skip
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "message_template")))
    assert first.id == second.id and second.subject == "Hello {first_name}" and first.name == "Short"
    assert actions == ["template.created", "template.updated"]


# -- drafting -----------------------------------------------------------------------------------------


def test_the_draft_shows_times_in_the_buyers_zone_and_nothing_internal(database) -> None:  # type: ignore[no-untyped-def]
    interview_id = build(database)
    times = [datetime(2026, 11, 24, 15, 0, tzinfo=UTC), datetime(2026, 11, 25, 19, 30, tzinfo=UTC)]
    with database.sessions() as session:
        invitation = draft_invitation(session, interview_id, proposed_times=times, clock=CLOCK)
    assert invitation.to_name == "José Núñez" and invitation.to_email == "jose.nunez@acme.test"
    assert invitation.subject == "A short conversation about how Acme Logística made its decision?"
    body = invitation.body
    assert body.startswith("Hi José,")
    assert "- Tuesday 24 November, 10:00 (America/New_York)" in body
    assert "- Wednesday 25 November, 14:30 (America/New_York)" in body
    assert "Inès Vallory (Fairlight Research, an independent research firm)" in body
    assert "a $50 gift card or a donation to a charity of their choice" in body and "Tessellan" in body
    for secret in (REP_NOTE, "pricing", COMPETITOR, "48", "price_advantage", "Price advantage", "competitor"):
        assert secret.lower() not in (invitation.subject + body).lower()
    assert "{" not in body and "}" not in body


def test_an_edited_template_and_no_interviewer_yet(database) -> None:  # type: ignore[no-untyped-def]
    interview_id = build(database, outcome=Outcome.WON, interviewer=False)
    with database.sessions() as session, session.begin():
        ensure_default_templates(session)
        mine = save_template(session, outcome=Outcome.WON, name="Short", subject="{company}, 15 minutes?",
                             body="Hi {full_name}, {interviewer} ({interviewer_organisation}) offers {incentive}.\n"
                                  "{proposed_times}", actor="Maren")  # fmt: skip
        invitation = draft_invitation(session, interview_id, template_id=mine.id, incentive="a €40 voucher",
                                      clock=CLOCK, our_company="Tessellan")  # fmt: skip
        default = draft_invitation(session, interview_id, clock=CLOCK)
    assert invitation.subject == "Acme Logística, 15 minutes?"
    assert invitation.body.startswith("Hi José Núñez, a member of our research team (Tessellan) offers a €40 voucher.")
    assert "Any time this week or next" in invitation.body
    assert default.subject == "A short conversation about choosing Tessellan?"


def test_past_times_are_left_out_naive_times_and_open_deals_refused(database) -> None:  # type: ignore[no-untyped-def]
    interview_id = build(database)
    with database.sessions() as session:
        past = draft_invitation(session, interview_id, proposed_times=[datetime(2026, 11, 19, 9, tzinfo=UTC)], clock=CLOCK)
        assert "19 November" not in past.body and "Any time this week or next" in past.body
        with pytest.raises(TemplateError, match="time zone"):
            draft_invitation(session, interview_id, proposed_times=[datetime(2026, 11, 24, 9)], clock=CLOCK)
    open_id = build_open(database)
    with database.sessions() as session, pytest.raises(TemplateError, match="still open"):
        draft_invitation(session, open_id, clock=CLOCK)


def build_open(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        deal = Deal(source_system="test", external_id="D-OPEN", outcome=Outcome.OPEN)
        session.add(deal)
        session.flush()
        interview = Interview(deal_id=deal.id)
        session.add(interview)
        session.flush()
        return interview.id


# -- .eml and copyable text ---------------------------------------------------------------------------


def test_the_eml_parses_back_with_headers_and_a_utf8_body(sqlite_database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    interview_id = build(sqlite_database)
    with sqlite_database.sessions() as session:
        invitation = draft_invitation(session, interview_id, proposed_times=[datetime(2026, 11, 24, 15, tzinfo=UTC)],
                                      clock=CLOCK)  # fmt: skip
    out = write_eml(invitation, tmp_path / "invite.eml", sender_name="Inès Vallory", sender_email="ines@fairlight.test",
                    when=CLOCK.now())  # fmt: skip
    raw = out.read_bytes()
    assert raw.isascii() and b"\r\n" in raw
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert message["To"].addresses[0].display_name == "José Núñez"
    assert message["To"].addresses[0].addr_spec == "jose.nunez@acme.test"
    assert message["From"].addresses[0].display_name == "Inès Vallory"
    assert str(message["Subject"]) == invitation.subject
    assert parsedate_to_datetime(message["Date"]) == CLOCK.now()
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith("@fairlight.test>")
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == invitation.body.rstrip("\n")
    assert not list(tmp_path.glob(".*.tmp"))


def test_copyable_text_and_a_buyer_without_an_address(tmp_path: Path) -> None:
    invitation = Invitation("Zoë", None, "Fifteen minutes?", "Hi Zoë,\n\nThanks.", 1)
    assert message_text(invitation) == "Subject: Fifteen minutes?\n\nHi Zoë,\n\nThanks."
    with pytest.raises(EmailError, match="no email address"):
        write_eml(invitation, tmp_path / "x.eml", sender_name="Me", sender_email="me@example.com")
    assert not (tmp_path / "x.eml").exists()
    bad_sender = Invitation("Zoë", "zoe@example.com", "Subject\r\nBcc: evil@example.com", "Hi", 1)
    with pytest.raises(EmailError, match="not a usable email address"):
        write_eml(bad_sender, tmp_path / "x.eml", sender_name="Me", sender_email="me@@")
    out = write_eml(bad_sender, tmp_path / "y.eml", sender_name="Me", sender_email="me@example.com")
    parsed = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    assert parsed["Bcc"] is None and str(parsed["Subject"]) == "Subject Bcc: evil@example.com"
