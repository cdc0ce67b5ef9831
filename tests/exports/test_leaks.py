"""The leak check: a name planted anywhere in a finished anonymous output stops it, saying what and where; and
over the whole demo program every anonymous output passes while the identified ones still name their buyers."""

from __future__ import annotations

import argparse
import json
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from sqlalchemy import func, select
from test_make_report import CLOCK, build_demo_program, document_texts, reopen

from exports import docx_kit as kit
from exports.delivery import DeliveryError, deliver
from exports.leaks import NOT_RUN, PASSED, LeakError, check, check_document, docx_texts
from exports.reports.make import DigestRequest, InterviewRequest, ReviewRequest, make_report
from exports.tables import FORMATS, TABLES, table_bytes
from interviewer.enums import Channel, ReportKind, Team
from interviewer.models import Account, Contact, Deal, Interview, Quote, Report
from interviewer.reporting.anonymity import Context, Identities, program_identities
from interviewer.reporting.library import save_report
from interviewer.reporting.periods import month
from interviewer.reporting.recipients import add_recipient
from winloss.cli import report as cli_report

KNOWN = Identities.build(
    [SimpleNamespace(id=1, account_id=1, first_name="Sakura", last_name="Bakshi", email="sakura.bakshi@hq-wealth.com",
                     phone="+1 415 555 0142")],
    [SimpleNamespace(id=1, name="Halvorsen & Quinlan Wealth Partners Inc.")], ["Dana Terrell"])
HER = Context(1, 1, "Dana Terrell")


def _document(plant: str, where: str) -> bytes:
    """A small report with ``plant`` written in one place of it."""
    document = kit.new_document("Interview report", subtitle="Lost · held 17 November 2026")
    kit.page_footer(document, "Interview 4 · anonymous")
    kit.paragraph(document, "The buyer said the price was fair.")
    grid = [["Role", "VP Operations"], ["Segment", "Mid-Market"]]
    if where == "body":
        kit.paragraph(document, f"They mentioned {plant} twice.")
    elif where == "table":
        grid.append(["Note", f"asked for {plant}"])
    elif where == "footer":
        document.sections[0].footer.add_paragraph(f"for {plant}")
    elif where == "header":
        document.sections[0].header.add_paragraph(f"about {plant}")
    elif where == "properties":
        document.core_properties.keywords = plant
    kit.table(document, ["Fact", "Value"], grid)
    return kit.document_bytes(document)


@pytest.mark.parametrize("where, said", [("body", "the document"), ("table", "the document"), ("footer", "a footer"),
                                         ("header", "a header"), ("properties", "the document properties")])
@pytest.mark.parametrize("plant", ["Bakshi", "Halvorsen & Quinlan Wealth Partners Inc.", "sakura.bakshi@hq-wealth.com",
                                   "Terrell", "+1 (415) 555-0142"])
def test_a_planted_identity_anywhere_in_a_document_is_found_and_named(plant: str, where: str, said: str) -> None:
    content = _document(plant, where)
    with pytest.raises(LeakError) as caught:
        check_document(KNOWN, content, "interview-report-4.docx")
    assert caught.value.found and all(place == said for place, _ in caught.value.found), caught.value.found
    assert said in str(caught.value) and "Nothing was stored or sent" in str(caught.value)
    check_document(KNOWN, _document("the vendor", where), "interview-report-4.docx")


def test_a_split_run_a_file_name_and_a_first_name_are_read_too() -> None:
    document = kit.new_document("Interview report")
    paragraph = document.add_paragraph()
    for piece in ("Bak", "shi", " said so"):
        paragraph.add_run(piece)
    content = kit.document_bytes(document)
    assert ("the document", "Bakshi said so") in [(where, line) for where, text in docx_texts(content)
                                                   for line in text.splitlines()]
    with pytest.raises(LeakError, match="Bakshi"):
        check_document(KNOWN, content, "report.docx")
    with pytest.raises(LeakError, match="the file name"):
        check_document(KNOWN, _document("the vendor", "body"), "quinlan-report.docx")
    check(KNOWN, [("the e-mail subject", "Sakura said it")])
    with pytest.raises(LeakError, match="Sakura"):
        check(KNOWN, [("the e-mail subject", "Sakura said it")], [HER])


def test_what_the_anonymiser_wrote_passes() -> None:
    text = KNOWN.hide("Sakura Bakshi (sakura.bakshi@hq-wealth.com) at Halvorsen & Quinlan Wealth Partners Inc. "
                      "told Terrell no.", HER)
    check(KNOWN, [("the document", text)], [HER])


# -- properties ---------------------------------------------------------------------------------------


def test_every_document_has_its_own_properties_never_the_template_s() -> None:
    before = CLOCK.now().replace(year=2020)
    properties = reopen(kit.document_bytes(kit.new_document("Product digest · October 2026", "October 2026 · 5 "
                                                              "interviews", when=before))).core_properties
    assert (properties.title, properties.subject) == ("Product digest · October 2026", "October 2026 · 5 interviews")
    assert properties.author == properties.last_modified_by == kit.PROGRAM
    assert properties.comments == properties.keywords == properties.category == ""
    assert properties.created == properties.modified == before

    plain = docx.Document()  # made without new_document: the template's values are replaced when it is saved
    plain.core_properties.title = "Interview guide"
    saved = reopen(kit.document_bytes(plain)).core_properties
    assert saved.author == kit.PROGRAM and saved.comments == "" and saved.subject == "Interview guide"
    assert saved.created is not None and saved.created.year >= 2026


def test_a_made_report_s_properties_come_from_the_report_and_the_app_s_clock(demo) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    for request in (InterviewRequest(subjects.interview_id), DigestRequest(subjects.team, subjects.period)):
        made = make_report(database, request, actor="test", clock=CLOCK)
        properties = reopen(made.content).core_properties
        assert properties.title == made.title and properties.subject and properties.subject != properties.title
        assert properties.author == kit.PROGRAM and properties.comments == ""
        assert properties.created == properties.modified == CLOCK.now()


# -- made reports, exports and deliveries -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from interviewer.db import open_database

    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('leaks') / 'demo.sqlite'}")
    subjects = build_demo_program(database)
    yield database, subjects
    database.close()


def _held(session) -> list[tuple[int, Contact, Account, Deal]]:  # type: ignore[no-untyped-def]
    return list(session.execute(
        select(Interview.id, Contact, Account, Deal).join(Deal, Deal.id == Interview.deal_id)
        .join(Account, Account.id == Deal.account_id).join(Contact, Contact.id == Interview.contact_id)
        .where(Interview.wrapped_up_at.is_not(None)).order_by(Interview.id)
    ).all())  # fmt: skip


def test_a_report_with_a_name_put_in_after_scrubbing_is_refused_and_not_stored(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    from exports.reports import interview_document

    with database.sessions() as session:
        _, contact, account, _ = next(row for row in _held(session) if row[0] == subjects.interview_id)
        reports = session.scalar(select(func.count(Report.id)))
    made = interview_document.interview_document

    def leaky(report, **made_at):  # type: ignore[no-untyped-def]
        document = made(report, **made_at)
        kit.paragraph(document, f"Thanks to {contact.last_name} of {account.name}.")
        return document

    monkeypatch.setattr(interview_document, "interview_document", leaky)
    with pytest.raises(LeakError) as caught:
        make_report(database, InterviewRequest(subjects.interview_id), actor="test", clock=CLOCK)
    assert contact.last_name in str(caught.value) and "the document" in str(caught.value)
    with database.sessions() as session:
        assert session.scalar(select(func.count(Report.id))) == reports
    assert make_report(database, InterviewRequest(subjects.interview_id, identities=True), actor="test",
                       clock=CLOCK).leak_check == NOT_RUN


def test_the_cli_says_the_leak_check_passed_and_refuses_a_leak(demo, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    url = database.url.render_as_string(hide_password=False)
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    cli_report.add_parser(commands, argparse.ArgumentParser(add_help=False))
    args = parser.parse_args(["report", "interview", str(subjects.interview_id), "--out", str(tmp_path), "--json"])
    assert cli_report.run(args, url) == (0, "")
    assert json.loads(capsys.readouterr().out)["leak_check"] == PASSED

    import exports.tables

    monkeypatch.setattr(exports.tables, "csv_bytes", lambda rows, made=exports.tables.csv_bytes: made(rows)
                        + "Bakshi-free? no: Terrell".encode())
    out = tmp_path / "quotes.csv"
    args = parser.parse_args(["export", "--what", "quotes", "--format", "csv", "--out", str(out)])
    status, said = cli_report.run(args, url)
    assert status == 1 and "still names" in said and not out.exists()


def test_an_email_and_a_surname_in_a_note_never_reach_the_export(demo) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    with database.sessions() as session, session.begin():
        interview_id, contact, account, _ = next(row for row in _held(session) if row[0] == subjects.interview_id)
        quote = session.scalars(select(Quote).where(Quote.interview_id == interview_id)).first()
        original = quote.text
        quote.text = (f"Write to {contact.email}; Ms {contact.last_name} decides, {contact.last_name}'s boss "
                      f"agrees, and {account.name.split()[-1]} will sign.")
    try:
        with database.sessions() as session:
            text = table_bytes(session, "quotes", "csv").decode("utf-8-sig")
        assert contact.email not in text and f"Ms {contact.last_name}" not in text
        assert "Write to [the buyer]; Ms [the buyer] decides, [the buyer]'s boss agrees" in text
    finally:
        with database.sessions() as session, session.begin():
            session.get(Quote, quote.id).text = original


def test_a_delivery_of_an_anonymous_report_that_names_someone_is_refused(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session, session.begin():
        _, contact, _, _ = _held(session)[0]
        add_recipient(session, Team.PRODUCT, "Pat Reader", "pat@example.com", actor="owner")
        document = kit.new_document("Product digest · October 2026")
        kit.paragraph(document, f"{contact.full_name} said so.")
        leaky = save_report(session, kind=ReportKind.TEAM_DIGEST, title="Product digest · October 2026",
                            file_name="product-digest-2026-10.docx", content=kit.document_bytes(document),
                            team=Team.PRODUCT, period=month("2026-10"), actor="owner", created_at=CLOCK.now())
        titled = save_report(session, kind=ReportKind.TEAM_DIGEST, title=f"Digest for {contact.last_name}",
                             file_name="product-digest-2026-09.docx",
                             content=kit.document_bytes(kit.new_document("Product digest")), team=Team.PRODUCT,
                             period=month("2026-09"), actor="owner", created_at=CLOCK.now())
    for report, found in ((leaky, contact.full_name), (titled, "the e-mail subject")):
        with pytest.raises(DeliveryError, match=found):
            deliver(database, report, channel=Channel.EML, out_dir=tmp_path / "out", clock=CLOCK)
    assert not list((tmp_path / "out").glob("*.eml"))


# -- the whole demo program ---------------------------------------------------------------------------


def test_every_anonymous_output_of_the_demo_passes_and_every_identified_one_names_its_buyers(demo, tmp_path: Path  # type: ignore[no-untyped-def]
                                                                                            ) -> None:
    database, _ = demo
    checked, seconds = 0, 0.0
    with database.sessions() as session:
        held = _held(session)
        known = program_identities(session)
        months = sorted({f"{at:%Y-%m}" for at in session.scalars(select(Interview.wrapped_up_at)
                                                                   .where(Interview.wrapped_up_at.is_not(None)))})
        for table in TABLES:
            for fmt in FORMATS:
                anonymous = table_bytes(session, table, fmt, known=known).decode("utf-8-sig")  # leak-checked inside
                named = table_bytes(session, table, fmt, identities=True, known=known).decode("utf-8-sig")
                assert known.leaks(anonymous) == [] and (table != "interviews" or known.leaks(named))
                checked += 1
    assert len(held) >= 10 and months
    for interview_id, contact, account, deal in held:
        started = time.perf_counter()
        made = make_report(database, InterviewRequest(interview_id), actor="test", clock=CLOCK)
        seconds += time.perf_counter() - started
        assert made.leak_check == PASSED
        text = "\n".join(document_texts(reopen(made.content)))
        assert known.leaks(text, [Context.of(deal, contact)]) == []
        named = "\n".join(document_texts(reopen(make_report(database, InterviewRequest(interview_id, identities=True),
                                                            actor="test", clock=CLOCK).content)))
        assert contact.full_name in named and account.name in named
        checked += 1
    for key in months:
        for team in Team:
            made = make_report(database, DigestRequest(team, month(key)), actor="test", clock=CLOCK)
            assert made.leak_check == PASSED
            checked += 1
        assert make_report(database, ReviewRequest(month(key)), actor="test", clock=CLOCK).leak_check == PASSED
        checked += 1
    with database.sessions() as session, session.begin():
        add_recipient(session, Team.SALES, "Robin Reader", "robin@example.com", actor="owner")
    report = make_report(database, DigestRequest(Team.SALES, month(months[-1])), actor="test", clock=CLOCK)
    result = deliver(database, report.report_id, channel=Channel.EML, out_dir=tmp_path / "eml", clock=CLOCK)
    for path in result.files:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        check(known, [("the e-mail subject", str(message["Subject"])),
                      ("the message", message.get_body(("plain",)).get_content()), ("its file name", path.name)])
        checked += 1
    print(f"\n{checked} anonymous outputs leak-checked; {len(held)} interview reports made in "
          f"{seconds / len(held) * 1000:.0f} ms each, leak check included")
    assert checked >= len(held) + len(months) * (len(Team) + 1) + len(TABLES) * len(FORMATS)


def test_identities_planted_in_every_field_of_one_interview_are_hidden_in_every_output(sqlite_database,  # type: ignore[no-untyped-def]
                                                                                       tmp_path: Path) -> None:
    from interviewer.models import Answer, Takeaway, TakeawayRoute

    build_demo_program(sqlite_database)
    with sqlite_database.sessions() as session, session.begin():
        interview_id, contact, account, deal = _held(session)[0]
        interview = session.get(Interview, interview_id)
        surname, company_word = contact.last_name, account.name.split()[-1]
        rep_surname = deal.owner_rep.split()[-1]
        planted = (f"{contact.first_name} ({contact.email}) said {rep_surname} was slow; Ms {surname}'s team at "
                   f"{account.name.upper()} and {company_word} agreed, call {contact.phone or '+1 415 555 0142'}.")
        for quote in session.scalars(select(Quote).where(Quote.interview_id == interview_id)):
            quote.text = planted
        for takeaway in session.scalars(select(Takeaway).where(Takeaway.interview_id == interview_id)):
            takeaway.text = planted
        for answer in session.scalars(select(Answer).where(Answer.interview_id == interview_id)):
            answer.notes = planted
        interview.decision_criteria = interview.marketing_feedback = planted
        team = session.scalar(select(TakeawayRoute.team).join(Takeaway).where(Takeaway.interview_id == interview_id))
        wrapped, closed = interview.wrapped_up_at, deal.close_date
        known = program_identities(session)
    about = [Context.of(deal, contact)]
    outputs = [make_report(sqlite_database, InterviewRequest(interview_id), actor="test", clock=CLOCK),
               make_report(sqlite_database, DigestRequest(team, month(f"{wrapped:%Y-%m}")), actor="test", clock=CLOCK),
               make_report(sqlite_database, ReviewRequest(month(f"{closed:%Y-%m}")), actor="test", clock=CLOCK)]
    texts = ["\n".join(document_texts(reopen(made.content))) for made in outputs]
    with sqlite_database.sessions() as session:
        texts += [table_bytes(session, table, fmt).decode("utf-8-sig") for table in TABLES for fmt in FORMATS]
    for text in texts:
        assert known.leaks(text, about) == [] and surname not in text and contact.email not in text
    assert all("[the buyer]" in text for text in texts[:3]) and "[the rep] was slow" in texts[0]
    assert "[the buyer's company]" in texts[0] and "[the buyer's company]" in texts[3 + 2 * TABLES.index("quotes")]
