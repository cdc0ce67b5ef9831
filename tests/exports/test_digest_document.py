"""The team digest document on the demo: themes with their counts and quotes, what changed, anonymous buyers, and
reps never named — even when a takeaway or a quote names one."""

from __future__ import annotations

from sqlalchemy import select
from test_make_report import build_demo_program, document_texts, headings, read, reopen

from exports.reports.digest_document import (
    CHANGES,
    THEMES,
    digest_bytes,
    digest_document,
)
from interviewer.enums import Team
from interviewer.models import (
    Account,
    Contact,
    Deal,
    Interview,
    Takeaway,
    TakeawayRoute,
)
from interviewer.reporting.digest import team_digest
from interviewer.reporting.periods import month


def _routed(session, team: Team, period) -> list[tuple[Takeaway, Deal, Contact, Account]]:  # type: ignore[no-untyped-def]
    """The takeaways routed to ``team`` from interviews wrapped up in ``period``, with their deal and buyer."""
    rows = session.execute(
        select(Takeaway, Deal, Contact, Account, Interview.wrapped_up_at)
        .join(TakeawayRoute, TakeawayRoute.takeaway_id == Takeaway.id)
        .join(Interview, Interview.id == Takeaway.interview_id).join(Deal, Deal.id == Interview.deal_id)
        .join(Contact, Contact.id == Interview.contact_id).join(Account, Account.id == Deal.account_id)
        .where(TakeawayRoute.team == team)
    ).all()  # fmt: skip
    return [(t, d, c, a) for t, d, c, a, at in rows if period.start <= at.date() <= period.end]


def test_headings_counts_and_quotes_read_back(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    subjects = build_demo_program(sqlite_database)
    with sqlite_database.sessions() as session:
        digest = team_digest(session, subjects.team, subjects.period)
    assert digest.themes, "the demo's busiest team and month should have themes"
    document = reopen(digest_bytes(digest))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [f"{subjects.team.label} digest"]
    assert headings(document, 1) == [THEMES, CHANGES]
    assert headings(document, 2) == [theme.name for theme in digest.themes]
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Theme")
    assert [[read(c.text) for c in row.cells] for row in summary.rows] == [["Theme", "Interviews", "Takeaways"]] + [
        [theme.name, str(theme.interviews), str(len(theme.takeaways))] for theme in digest.themes]
    texts = document_texts(document)
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    for theme in digest.themes:
        assert f"Raised in {theme.interviews} interview{'s' if theme.interviews != 1 else ''}." in texts
        for said in (q for takeaway in theme.takeaways for q in takeaway.quotes):
            assert f"“{said.text}”\n— {said.buyer}" in quotes
    for change in digest.changes:
        assert change.text in texts
    if digest.interviews < 20:
        assert any(text.startswith("Early signal:") for text in texts)


def test_reps_and_buyers_are_never_named(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    subjects = build_demo_program(sqlite_database)
    with sqlite_database.sessions() as session, session.begin():
        routed = _routed(session, subjects.team, subjects.period)
        takeaway, deal, _, _ = routed[0]
        rep = deal.owner_rep
        assert rep and " " in rep, "the demo's deals have a named rep"
        takeaway.text = f"{rep} promised a discount; {rep.split()[0].upper()} never followed up."
        for quote in takeaway.quotes:
            quote.text = f"{rep.split()[0]} was great, but {rep} could not get approval."
        buyers = {value for _, _, contact, account in routed for value in (contact.full_name, contact.email,
                                                                           account.name)}
    with sqlite_database.sessions() as session:
        for identities in (False, True):
            texts = document_texts(digest_document(team_digest(session, subjects.team, subjects.period,
                                                               identities=identities)))
            joined = "\n".join(texts).lower()
            assert rep.split()[0].lower() not in joined and rep.lower() not in joined
            assert "[the rep] promised a discount" in joined
            named = [value for value in buyers if value.lower() in joined]
            assert (named != []) is identities, named


def test_an_empty_period_says_so(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    build_demo_program(sqlite_database)
    with sqlite_database.sessions() as session:
        digest = team_digest(session, Team.CS, month("2020-01"))
    texts = document_texts(reopen(digest_bytes(digest)))
    assert "No takeaways were routed to Customer success from interviews wrapped up in January 2020." in texts
    assert "Nothing was routed to Customer success in December 2019 either." in texts
