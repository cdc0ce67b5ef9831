"""Teams and recipients: the five teams exist once, addresses are checked, changes are audited, routing is right."""

from __future__ import annotations

import io

import pytest
from builders import DealSpec, add_deals
from docx import Document
from sqlalchemy import func, select

from interviewer.enums import Outcome, ReportKind, Team
from interviewer.models import (
    AuditEntry,
    Interview,
    Recipient,
    Takeaway,
    TakeawayRoute,
    TeamRecord,
)
from interviewer.reporting.library import (
    LibraryError,
    delivery_plan,
    recipients_for,
    save_report,
)
from interviewer.reporting.periods import month
from interviewer.reporting.recipients import (
    RecipientError,
    add_recipient,
    ensure_teams,
    list_recipients,
    list_teams,
    normalise_email,
    remove_recipient,
    rename_recipient,
    rename_team,
    set_active,
    update_recipient,
)


def docx_bytes(text: str = "Findings") -> bytes:
    document = Document()
    document.add_heading(text, level=1)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


@pytest.mark.parametrize("text", [
    "ann@example.com", " ann@example.com ", "Ann.Lee+wl@Sub.Example.COM", "o'brien@example.co.uk", "a_b-c@x-y.io",
])  # fmt: skip
def test_plain_addresses_are_accepted_and_tidied(text: str) -> None:
    clean = normalise_email(text)
    assert clean == clean.strip() and clean.split("@")[1] == clean.split("@")[1].lower()
    assert clean.split("@")[0] == text.strip().split("@")[0]  # the local part keeps its case


@pytest.mark.parametrize("text", [
    "", "   ", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "ann@example..com",
    "ann@-example.com", "ann@example.123", "ann..lee@example.com", ".ann@example.com",
    "ann@example.com, bob@example.com", "ann@example.com; bob@example.com", "ann@example.com bob@example.com",
    "Ann <ann@example.com>", "ann@example.com\r\nBcc: eve@evil.test", "ann@example.com\n", "ann\t@example.com",
    "ann@exämple.com", "a" * 65 + "@example.com", "ann@" + "b" * 250 + ".com",
])  # fmt: skip
def test_anything_but_one_plain_address_is_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(RecipientError) as refused:
        normalise_email(text)
    assert str(refused.value).endswith(".") and "\n" not in str(refused.value)


def test_the_five_teams_are_created_once(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        assert ensure_teams(session) == 5
        assert ensure_teams(session) == 0
        assert [row.key for row in list_teams(session)] == list(Team)
        assert session.scalar(select(func.count()).select_from(TeamRecord)) == 5


def test_the_demo_already_has_the_teams(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo builder writes the teams itself; ensure_teams then adds nothing."""
    from interviewer.db import open_database
    from winloss.demo.build import build_demo
    from interviewer.secrets import SecretStore

    database = open_database(f"sqlite:///{tmp_path / 'demo.sqlite'}", SecretStore())
    try:
        build_demo(database)
        with database.sessions() as session, session.begin():
            assert ensure_teams(session) == 0
            assert all(row.active_recipients >= 1 for row in list_teams(session))
    finally:
        database.close()


def test_add_rename_deactivate_reactivate_remove_with_audit(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        ann = add_recipient(session, Team.PRODUCT, "  Ann   Lee ", "Ann@Example.COM", actor="owner")
        add_recipient(session, Team.PRODUCT, "Bob Ray", "bob@example.com", actor="owner")
        with pytest.raises(RecipientError, match="already receives"):
            add_recipient(session, Team.PRODUCT, "Ann again", "ann@EXAMPLE.com", actor="owner")
        add_recipient(session, Team.SALES, "Ann Lee", "Ann@example.com", actor="owner")  # another team: fine
        with pytest.raises(RecipientError, match="needs a name"):
            add_recipient(session, Team.CS, " \t", "cs@example.com", actor="owner")
    with database.sessions() as session, session.begin():
        [first, bob] = list_recipients(session, Team.PRODUCT)
        assert (first.id, first.name, first.email, first.team_name) == (ann, "Ann Lee", "Ann@example.com", "Product")
        rename_recipient(session, ann, "Ann Lee-Park", actor="owner")
        with pytest.raises(RecipientError, match="already receives"):
            update_recipient(session, bob.id, email="ann@example.com", actor="owner")
        update_recipient(session, bob.id, email="robert@example.com", actor="owner")
        set_active(session, bob.id, False, actor="owner")
        rename_team(session, Team.CS, "Customer success & support", actor="owner")
    with database.sessions() as session, session.begin():
        assert [(r.name, r.active) for r in list_recipients(session, Team.PRODUCT)] == [
            ("Ann Lee-Park", True), ("Bob Ray", False)]
        assert [r.name for r in list_recipients(session, Team.PRODUCT, active_only=True)] == ["Ann Lee-Park"]
        assert {row.key: row.name for row in list_teams(session)}[Team.CS] == "Customer success & support"
        set_active(session, bob.id, True, actor="owner")
        remove_recipient(session, ann, actor="owner")
        with pytest.raises(RecipientError, match="no recipient"):
            remove_recipient(session, ann, actor="owner")
    with database.sessions() as session:
        assert [r.email for r in list_recipients(session, Team.PRODUCT, active_only=True)] == ["robert@example.com"]
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions.count("recipient.added") == 3
        assert {"recipient.changed", "recipient.deactivated", "recipient.reactivated", "recipient.removed",
                "team.renamed"} <= set(actions)
        assert session.scalar(select(func.count()).select_from(Recipient)) == 2


def test_who_receives_each_kind_of_report(database) -> None:  # type: ignore[no-untyped-def]
    [deal] = add_deals(database, [DealSpec("Acme Freight", Outcome.LOST)])
    with database.sessions() as session, session.begin():
        people = {
            team: add_recipient(session, team, f"{team.label} lead", f"{team.value}@example.com", actor="t")
            for team in Team
        }
        both = add_recipient(session, Team.SALES, "Pat Both", "pat@example.com", actor="t")
        add_recipient(session, Team.MARKETING, "Pat Both", "PAT@example.com", actor="t")  # same person, two teams
        gone = add_recipient(session, Team.MARKETING, "Gone Person", "gone@example.com", actor="t")
        set_active(session, gone, False, actor="t")
        interview = Interview(deal_id=deal)
        session.add(interview)
        session.flush()
        takeaway = Takeaway(interview_id=interview.id, text="Onboarding felt slow", no_quote_reason="summary")
        takeaway.routes = [TakeawayRoute(team=Team.CS), TakeawayRoute(team=Team.SALES)]
        session.add(takeaway)
        bare = Interview(deal_id=deal)
        session.add(bare)
        session.flush()
        content = docx_bytes()
        digest = save_report(session, kind=ReportKind.TEAM_DIGEST, title="Marketing digest", file_name="m.docx",
                             content=content, team=Team.MARKETING, period=month("2026-10"), actor="t")
        routed = save_report(session, kind=ReportKind.INTERVIEW, title="Acme", file_name="acme", content=content,
                             interview_id=interview.id, actor="t")
        unrouted = save_report(session, kind=ReportKind.INTERVIEW, title="Bare", file_name="bare.docx",
                               content=content, interview_id=bare.id, actor="t")
        review = save_report(session, kind=ReportKind.MONTHLY_REVIEW, title="Review", file_name="r.docx",
                             content=content, period=month("2026-10"), actor="t")
    with database.sessions() as session:
        def emails(report_id: int) -> list[str]:
            return [row.email for row in recipients_for(session, report_id)]

        everyone = [f"{team.value}@example.com" for team in Team]
        assert emails(digest) == ["marketing@example.com", "PAT@example.com"]
        assert emails(routed) == ["cs@example.com", "pat@example.com", "sales@example.com"]  # CS, then sales by name
        assert sorted(emails(unrouted)) == sorted(everyone + ["PAT@example.com"])
        assert sorted(emails(review)) == sorted(emails(unrouted))
        assert "gone@example.com" not in emails(review)
        plan = delivery_plan(session, digest, [people[Team.PRODUCT], both])
        assert [p.recipient.email for p in plan] == ["product@example.com", "pat@example.com"]
        assert all(p.send and p.status is None for p in plan)
        with pytest.raises(LibraryError, match="reactivate"):
            delivery_plan(session, digest, [gone])
        with pytest.raises(LibraryError, match="no recipient"):
            delivery_plan(session, digest, [999_999])
        with pytest.raises(LibraryError, match="no report"):
            recipients_for(session, 999_999)
