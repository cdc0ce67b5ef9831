"""The interview report document on the demo: its headings and figures, no buyer identity unless asked, and any
text a user typed — controls, right-to-left scripts, emoji — still makes a file LibreOffice opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from test_make_report import (
    build_demo_program,
    convert_to_pdf,
    document_texts,
    headings,
    read,
    reopen,
)

from exports.reports.interview_document import (
    APPENDIX,
    DECISION,
    TAKEAWAYS,
    interview_bytes,
    interview_document,
    team_heading,
)
from interviewer.models import (
    Account,
    Answer,
    Contact,
    Deal,
    Interview,
    Quote,
    Takeaway,
)
from interviewer.enums import Phase
from interviewer.reporting.interview_report import interview_report

CONTROLS = "".join(chr(code) for code in range(0x20))
ARABIC = "قال المشتري إن السعر كان مرتفعاً"
HEBREW = "הקונה אמר שהמחיר גבוה מדי"
EMOJI = "🚀👍🏽👨‍👩‍👧"
XML_FORBIDDEN = {chr(code) for code in range(0x20)} - {"\t", "\n", "\r"}


@pytest.fixture
def demo(sqlite_database):  # type: ignore[no-untyped-def]
    return sqlite_database, build_demo_program(sqlite_database)


def _buyer(session, interview_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    interview = session.get(Interview, interview_id)
    contact = session.get(Contact, interview.contact_id)
    account = session.get(Account, session.get(Deal, interview.deal_id).account_id)
    return [contact.full_name, contact.email, account.name]


def test_no_buyer_identity_in_any_anonymous_report_of_the_demo(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session:
        wrapped = session.scalars(select(Interview.id).where(Interview.wrapped_up_at.is_not(None))).all()
        assert wrapped
        for interview_id in wrapped:
            identity = _buyer(session, interview_id)
            texts = document_texts(interview_document(interview_report(session, interview_id)))
            leaks = [(value, text) for value in identity for text in texts if value and value in text]
            assert leaks == [], f"interview {interview_id} names its buyer: {leaks[:3]}"


def test_identities_appear_only_when_asked(demo) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    with database.sessions() as session:
        name, email, company = _buyer(session, subjects.interview_id)
        named = "\n".join(document_texts(interview_document(interview_report(session, subjects.interview_id,
                                                                              identities=True))))
        anonymous = interview_document(interview_report(session, subjects.interview_id))
    assert name in named and email in named and company in named
    assert "with identities" in named
    assert not any(name in text or email in text for text in document_texts(anonymous))


def test_headings_and_figures_read_back(demo) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    with database.sessions() as session:
        report = interview_report(session, subjects.interview_id)
    document = reopen(interview_bytes(report))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == ["Interview report"]
    assert headings(document, 1) == [DECISION, TAKEAWAYS, APPENDIX]
    teams = [team_heading(group) for group in report.by_teams()]
    assert all(team in headings(document, 2) for team in teams)
    questions = headings(document, 3)
    assert len(questions) == len(report.record) and questions[0].startswith("1. ")
    profile, decision = document.tables[0], document.tables[1]
    assert [profile.rows[0].cells[0].text, profile.rows[0].cells[1].text] == ["Buyer", report.buyer]
    assert ["Outcome", report.outcome.label] in [[read(c.text) for c in row.cells] for row in profile.rows]
    assert [read(c.text) for c in decision.rows[2].cells] == [
        "Primary reason", report.rep_reason.label if report.rep_reason else "not recorded",
        report.buyer_reason.label if report.buyer_reason else "not recorded"]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    said = {line.text for takeaway in report.takeaways for line in takeaway.quotes}
    assert said and all(any(f"“{text}”" in quote for quote in quotes) for text in said)
    all_text = "\n".join(document_texts(document))
    assert ("Needs attention" in all_text) is report.reason_mismatch


def test_typed_text_of_any_kind_makes_a_document_libreoffice_opens(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    hostile = f"start {CONTROLS} {ARABIC} {HEBREW} {EMOJI} end"
    with database.sessions() as session, session.begin():
        interview_id = subjects.interview_id
        for answer in session.scalars(select(Answer).where(Answer.interview_id == interview_id)):
            answer.notes = hostile
        for quote in session.scalars(select(Quote).where(Quote.interview_id == interview_id)):
            quote.text = hostile
        for takeaway in session.scalars(select(Takeaway).where(Takeaway.interview_id == interview_id)):
            takeaway.text, takeaway.theme = hostile, f"{HEBREW}\x0b{EMOJI}"
        interview = session.get(Interview, interview_id)
        interview.decision_criteria = interview.marketing_feedback = hostile
    with database.sessions() as session:
        content = interview_bytes(interview_report(session, interview_id))
    texts = document_texts(reopen(content))
    joined = "\n".join(texts)
    assert not set(joined) & XML_FORBIDDEN
    kept = "".join(char for char in hostile if char not in XML_FORBIDDEN).replace("\r", "\n")
    assert any(kept in text.replace("\r", "\n") for text in texts), "the typed text changed beyond the forbidden"
    assert ARABIC in joined and HEBREW in joined and EMOJI in joined
    path = tmp_path / "hostile.docx"
    path.write_bytes(content)
    convert_to_pdf([path], tmp_path)


def test_each_takeaway_is_listed_once_under_its_own_teams(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session:
        shared = next(t for t in session.scalars(select(Takeaway)) if len(t.routes) > 1)
        report = interview_report(session, shared.interview_id)
    document = reopen(interview_bytes(report))
    points = [p.text.split("\n")[0] for p in document.paragraphs if p.style.name == "List Bullet"]
    assert sorted(points) == sorted(t.text for t in report.takeaways)  # every takeaway, none twice
    routed = next(t for t in report.takeaways if len(t.teams) > 1)
    group = team_heading(routed.teams)
    assert " and " in group and group in headings(document, 2)
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert all(sum(f"“{line.text}”" in q for q in quotes) >= 1 for line in routed.quotes)
    assert team_heading(()) == "Not routed to a team"


def test_notes_of_the_introduction_and_the_wrap_up_are_in_the_record(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session, session.begin():
        interview_id = session.scalars(select(Interview.id).where(Interview.wrapped_up_at.is_not(None))).first()
        session.add_all([Answer(interview_id=interview_id, phase=Phase.OPENING, notes="Asked to keep the call to 15 minutes."),
                         Answer(interview_id=interview_id, phase=Phase.CLOSING, notes="Happy to be called again in spring.")])
    with database.sessions() as session:
        report = interview_report(session, interview_id)
    assert (report.intro_notes, report.wrap_notes) == ("Asked to keep the call to 15 minutes.",
                                                       "Happy to be called again in spring.")
    document = reopen(interview_bytes(report))
    texts = [p.text for p in document.paragraphs]
    appendix = texts.index(APPENDIX)
    assert texts[appendix + 1:appendix + 3] == ["Introduction", "Asked to keep the call to 15 minutes."]
    assert texts[-2:] == ["Wrap-up", "Happy to be called again in spring."]
