"""Candidate selection on hand-made programs: each rule, the best contact, scores and reasons, quotas and caps,
the shortfall report, coverage, and stored candidates (accept, skip) on both engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select as sql_select

from interviewer.criteria import review
from interviewer.criteria.definition import CriteriaDefinition, Quotas, Weights
from interviewer.enums import Authority, CandidateStatus, InterviewStatus, Outcome, Role
from interviewer.models import Account, AuditEntry, Contact, Deal, DealContact, Interview
from interviewer.profiles import create_profile
from interviewer.selection import coverage, funnel, select
from interviewer.selection.candidates import SelectionError, accept, list_candidates, propose, skip

TODAY = date(2026, 11, 20)


@dataclass
class Person:
    title: str | None = "VP Operations"
    email: str | None = "auto"
    phone: str | None = None
    do_not_contact: bool = False
    interviewed: date | None = None
    primary: bool = False
    first: str = "Ana"
    last: str = "Ruiz"


@dataclass
class Spec:
    outcome: Outcome = Outcome.LOST
    days_ago: int = 10
    amount: int | None = 50_000
    segment: str | None = "Mid-Market"
    industry: str | None = "Logistics"
    region: str | None = "EMEA"
    employees: int | None = 500
    competitor: str | None = "Brightfold"
    owner: str | None = "Sam Rep"
    account: str | None = None
    people: list[Person] = field(default_factory=lambda: [Person()])


_counter = iter(range(1, 10**9))


def add(session: Any, spec: Spec) -> tuple[int, list[int]]:
    """Store one deal with its own account and contacts; return the deal id and the contact ids in order."""
    number = next(_counter)
    name = spec.account or f"Account {number}"
    account = Account(name=name, segment=spec.segment, industry=spec.industry, region=spec.region,
                      employee_count=spec.employees)  # fmt: skip
    deal = Deal(
        source_system="test", external_id=f"T-{number}", account=account, outcome=spec.outcome,
        amount=Decimal(spec.amount) if spec.amount is not None else None, currency="USD",
        close_date=TODAY - timedelta(days=spec.days_ago), competitor=spec.competitor, owner_rep=spec.owner,
    )  # fmt: skip
    session.add(deal)
    contacts = []
    for index, person in enumerate(spec.people):
        email = f"{person.first.lower()}{number}x{index}@acme{number}.com" if person.email == "auto" else person.email
        contact = Contact(account=account, first_name=person.first, last_name=person.last, title=person.title,
                          email=email, phone=person.phone, do_not_contact=person.do_not_contact,
                          last_interviewed_on=person.interviewed)  # fmt: skip
        deal.contact_links.append(DealContact(contact=contact, is_primary=person.primary))
        contacts.append(contact)
    session.flush()
    return deal.id, [c.id for c in contacts]


def build(database: Any, specs: list[Spec]) -> list[tuple[int, list[int]]]:
    with database.sessions() as session, session.begin():
        return [add(session, spec) for spec in specs]


def chosen(database: Any, definition: CriteriaDefinition, today: date = TODAY) -> dict[int, int]:
    """deal id → contact id of the proposals."""
    with database.sessions() as session:
        return {p.deal_id: p.contact_id for p in select(session, definition, today).proposals}


def steps(database: Any, definition: CriteriaDefinition) -> dict[str, tuple[int, int]]:
    with database.sessions() as session:
        return {s.rule: (s.deals, s.contacts) for s in funnel(session, definition, TODAY)}


WIDE = CriteriaDefinition(quotas=Quotas(won=10, lost=10, no_decision=10))


# -- deal rules ------------------------------------------------------------------------------------


DEAL_RULES = [
    ("window", dict(window_days=30), dict(days_ago=10), dict(days_ago=31), "closed in the last 30 days"),
    ("outcome", dict(outcomes=(Outcome.LOST,)), dict(), dict(outcome=Outcome.WON), "lost"),
    ("freshness", dict(freshness_days=20), dict(days_ago=20), dict(days_ago=21), "closed at most 20 days ago"),
    ("amount min", dict(amount_min=20_000), dict(amount=20_000), dict(amount=19_999), "amount of at least $20,000"),
    ("amount missing", dict(amount_min=1), dict(amount=5), dict(amount=None), "amount of at least $1"),
    ("amount max", dict(amount_max=100_000), dict(amount=100_000), dict(amount=100_001), "amount of at most $100,000"),
    ("segments", dict(segments=("Mid-Market", "Enterprise")), dict(segment="Enterprise"), dict(segment="SMB"),
     "in Mid-Market or Enterprise"),
    ("segment unknown", dict(segments=("Mid-Market",)), dict(), dict(segment=None), "in Mid-Market"),
    ("excluded segment", dict(excluded_segments=("Public Sector",)), dict(segment=None),
     dict(segment="Public Sector"), "not in Public Sector"),
    ("industries", dict(industries=("Retail",)), dict(industry="Retail"), dict(industry="Logistics"),
     "in Retail industry"),
    ("excluded industries", dict(excluded_industries=("Retail",)), dict(), dict(industry="Retail"),
     "not in Retail industry"),
    ("regions", dict(regions=("EMEA",)), dict(), dict(region="APAC"), "in EMEA region"),
    ("excluded regions", dict(excluded_regions=("APAC",)), dict(), dict(region="APAC"), "not in APAC region"),
    ("size", dict(employees_min=100, employees_max=1000), dict(employees=1000), dict(employees=99),
     "100 to 1,000 employees"),
    ("size unknown", dict(employees_min=100), dict(), dict(employees=None), "at least 100 employees"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "passing", "failing", "rule"), [r[1:] for r in DEAL_RULES], ids=[r[0] for r in DEAL_RULES])
def test_each_deal_rule_keeps_the_passing_deal_and_removes_the_other(sqlite_database, changes, passing, failing, rule) -> None:  # type: ignore[no-untyped-def]
    (kept, _), (dropped, _) = build(sqlite_database, [Spec(**passing), Spec(**failing)])
    definition = WIDE.with_changes(**changes)
    assert set(chosen(sqlite_database, definition)) == {kept}
    funnel_steps = steps(sqlite_database, definition)
    assert rule in funnel_steps
    assert funnel_steps[rule][0] == 1 or rule.startswith("closed in the last")


def test_open_deals_and_deals_closed_after_today_never_count(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    (closed, _), _, _ = build(sqlite_database, [Spec(), Spec(outcome=Outcome.OPEN), Spec(days_ago=-3)])
    assert set(chosen(sqlite_database, WIDE)) == {closed}
    assert steps(sqlite_database, WIDE)["closed in the last 90 days"] == (1, 1)


# -- contact rules ---------------------------------------------------------------------------------


CONTACT_RULES = [
    ("do not contact", dict(), Person(do_not_contact=True), "not marked do-not-contact"),
    ("interviewed", dict(interviewed_within_months=6), Person(interviewed=TODAY - timedelta(days=150)),
     "not interviewed in the last 6 months"),
    ("personal email", dict(), Person(email="ana.ruiz@Gmail.com"), "no personal email address"),
    ("excluded domain", dict(excluded_email_domains=("@Brightfold.com",)), Person(email="x@brightfold.com"),
     "no email address at brightfold.com"),
    ("excluded subdomain", dict(excluded_email_domains=("brightfold.com",)), Person(email="x@eu.brightfold.com"),
     "no email address at brightfold.com"),
    ("no details", dict(), Person(email=None, phone="  "), "has an email address or a phone number"),
    ("authority", dict(), Person(title="Data Analyst"), "decision makers and influencers only"),
    ("no title", dict(), Person(title=None), "decision makers and influencers only"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "person", "rule"), [r[1:] for r in CONTACT_RULES], ids=[r[0] for r in CONTACT_RULES])
def test_each_contact_rule_disqualifies_its_contact_and_the_deal_falls_back_to_another(sqlite_database, changes, person, rule) -> None:  # type: ignore[no-untyped-def]
    person.title = person.title if person.title != "VP Operations" else "Chief Executive Officer"
    fallback = Person(title="Operations Manager", first="Bo")
    [(deal, (bad, good))] = build(sqlite_database, [Spec(people=[person, fallback])])
    [(lonely, _)] = build(sqlite_database, [Spec(people=[Person(**{**person.__dict__})])])
    definition = WIDE.with_changes(**changes)
    assert chosen(sqlite_database, definition) == {deal: good}
    funnel_steps = steps(sqlite_database, definition)
    before = list(funnel_steps)[list(funnel_steps).index(rule) - 1]
    assert funnel_steps[before][0] - funnel_steps[rule][0] == 1  # the lonely deal lost its only contact here
    assert funnel_steps[before][1] - funnel_steps[rule][1] == 2


def test_contact_rules_can_be_switched_off(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    [(deal, [contact])] = build(sqlite_database, [Spec(people=[Person(
        do_not_contact=True, email="a@gmail.com", interviewed=TODAY - timedelta(days=3), title="Intern")])])
    definition = WIDE.with_changes(
        exclude_do_not_contact=False, exclude_personal_email=False, interviewed_within_months=0,
        authorities=tuple(Authority),
    )  # fmt: skip
    assert chosen(sqlite_database, definition) == {deal: contact}


def test_the_best_contact_is_the_highest_authority_then_the_primary_then_the_lowest_id(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    everyone = WIDE.with_changes(authorities=tuple(Authority))
    [(a, (user, influencer, dm))] = build(sqlite_database, [Spec(people=[
        Person(title="Data Analyst", primary=True), Person(title="Operations Manager"), Person(title="Head of Ops")])])
    [(b, (first, second))] = build(sqlite_database, [Spec(people=[Person(title="CFO"), Person(title="CEO", primary=True)])])
    [(c, (low, high))] = build(sqlite_database, [Spec(people=[Person(title="CFO"), Person(title="CEO")])])
    assert chosen(sqlite_database, everyone) == {a: dm, b: second, c: low}


# -- scores, reasons, order ------------------------------------------------------------------------


def test_reasons_read_as_words_and_the_score_weighs_each_quality(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    [(deal, _)] = build(sqlite_database, [Spec(days_ago=12, amount=48_000, account="Acme Ltd", people=[Person(title="VP Operations")])])
    definition = WIDE.with_changes(competitors_of_interest=("brightfold",), freshness_days=60)
    with sqlite_database.sessions() as session:
        [proposal] = select(session, definition, TODAY).proposals
    assert proposal.reasons == ["Lost to Brightfold 12 days ago", "$48,000", "VP Operations, decision maker",
                                "Mid-Market", "competitor of interest"]  # fmt: skip
    # freshness 1 - 12/60 = 0.8; one deal: size percentile 0.5; decision maker 1; competitor of interest 1
    assert proposal.score == round(100 * (0.4 * 0.8 + 0.25 * 0.5 + 0.2 * 1 + 0.15 * 1), 1)
    assert (proposal.account, proposal.contact_name, proposal.authority) == ("Acme Ltd", "Ana Ruiz", Authority.DECISION_MAKER)
    only_size = definition.with_changes(weights=Weights(freshness=0, deal_size=1, authority=0, competitor=0))
    with sqlite_database.sessions() as session:
        assert select(session, only_size, TODAY).proposals[0].score == 50.0


def test_won_and_no_decision_reasons(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    build(sqlite_database, [Spec(outcome=Outcome.WON, days_ago=1, competitor="None"),
                            Spec(outcome=Outcome.NO_DECISION, days_ago=0, competitor="Quillmark", amount=None)])  # fmt: skip
    with sqlite_database.sessions() as session:
        firsts = sorted(p.reasons[0] for p in select(session, WIDE, TODAY).proposals)
    assert firsts == ["No decision today, Quillmark in the running", "Won yesterday"]


def test_losses_come_first_when_the_set_says_so_then_by_score(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    build(sqlite_database, [Spec(outcome=Outcome.WON, days_ago=1), Spec(outcome=Outcome.LOST, days_ago=50),
                            Spec(outcome=Outcome.NO_DECISION, days_ago=5), Spec(outcome=Outcome.LOST, days_ago=2)])  # fmt: skip
    with sqlite_database.sessions() as session:
        first = select(session, WIDE, TODAY).proposals
        by_score = select(session, WIDE.with_changes(quotas=Quotas(10, 10, 10, losses_first=False)), TODAY).proposals
    assert [p.outcome for p in first][:2] == [Outcome.LOST, Outcome.LOST]
    assert [p.score for p in first[2:]] == sorted((p.score for p in first[2:]), reverse=True)
    assert [p.score for p in by_score] == sorted((p.score for p in by_score), reverse=True)
    assert by_score[0].outcome is Outcome.WON


# -- quotas, caps and shortfall --------------------------------------------------------------------


def test_quotas_take_the_best_of_each_outcome(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    made = build(sqlite_database, [Spec(days_ago=d) for d in (1, 2, 3, 4)] + [Spec(outcome=Outcome.WON, days_ago=d) for d in (1, 2)])
    definition = WIDE.with_changes(quotas=Quotas(won=1, lost=2, no_decision=0))
    assert set(chosen(sqlite_database, definition)) == {made[0][0], made[1][0], made[4][0]}


def test_caps_per_segment_and_competitor_are_respected_and_the_quota_still_met(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    # the three freshest deals are all Enterprise/Brightfold; a cap of 1 per segment and competitor forces spreading
    specs = [Spec(days_ago=1, segment="Enterprise"), Spec(days_ago=2, segment="Enterprise"),
             Spec(days_ago=3, segment="Enterprise", competitor="Quillmark"),
             Spec(days_ago=4, segment="SMB", competitor="Brightfold"), Spec(days_ago=9, segment="SMB", competitor="Lumisk")]  # fmt: skip
    made = build(sqlite_database, specs)
    definition = WIDE.with_changes(quotas=Quotas(lost=2, won=0, no_decision=0, max_per_segment=1, max_per_competitor=1))
    picked = set(chosen(sqlite_database, definition))
    # greedy would take deal 1 (Enterprise, Brightfold) and then be stuck with Lumisk; the best pair is 1 + 5 or 3 + 4
    ids = [m[0] for m in made]
    assert picked in ({ids[0], ids[4]}, {ids[2], ids[3]})
    with sqlite_database.sessions() as session:
        result = select(session, definition, TODAY)
    assert len({p.segment for p in result.proposals}) == 2 and len({p.competitor for p in result.proposals}) == 2
    assert result.shortfall == []


def test_shortfall_names_the_rules_that_removed_deals_of_the_outcome(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    build(sqlite_database, [Spec(outcome=Outcome.WON, days_ago=5)]
          + [Spec(outcome=Outcome.WON, days_ago=70)] * 1 + [Spec(outcome=Outcome.WON, days_ago=80)]
          + [Spec(outcome=Outcome.WON, people=[Person(title="Data Analyst")])]
          + [Spec(outcome=Outcome.WON, days_ago=200)] + [Spec(outcome=Outcome.LOST, days_ago=d) for d in range(1, 7)])  # fmt: skip
    definition = CriteriaDefinition(freshness_days=60, quotas=Quotas(won=4, lost=6, no_decision=0))
    with sqlite_database.sessions() as session:
        result = select(session, definition, TODAY)
    [line] = result.shortfall
    assert (line.outcome, line.wanted, line.found) == (Outcome.WON, 4, 1)
    assert line.removed_by == [("closed in the last 90 days", 1), ("closed at most 60 days ago", 2),
                               ("decision makers and influencers only", 1)]  # fmt: skip
    assert line.text == (
        "Won: 4 wanted, 1 found. 'closed in the last 90 days' removed 1 won deals, "
        "'closed at most 60 days ago' removed 2, 'decision makers and influencers only' removed 1."
    )
    assert result.funnel[-1].rule == "has a contact who may be interviewed" and result.funnel[-1].deals == 7


def test_shortfall_names_the_caps_when_they_leave_deals_out(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    build(sqlite_database, [Spec(days_ago=d, segment="SMB") for d in (1, 2, 3)])
    definition = WIDE.with_changes(quotas=Quotas(lost=3, won=0, no_decision=0, max_per_segment=2))
    with sqlite_database.sessions() as session:
        [line] = select(session, definition, TODAY).shortfall
    assert line.removed_by == [("at most 2 per segment", 1)]


def test_deals_without_contacts_are_counted_in_the_funnel(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    build(sqlite_database, [Spec(), Spec(people=[])])
    funnel_steps = steps(sqlite_database, WIDE)
    assert funnel_steps["has a contact on record"] == (1, 1)
    assert list(funnel_steps.values())[0] == (2, 1)


# -- both engines: selection, funnel, coverage, stored candidates ----------------------------------


@pytest.fixture
def people(database):  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        owner = create_profile(session, "Olive Owner", "olive@example.com", Role.PROGRAM_OWNER)
        manager = create_profile(session, "Max Manager", "max@example.com", Role.MANAGER)
        interviewer = create_profile(session, "Ivy Interviewer", "ivy@example.com", Role.INTERVIEWER)
    return owner.id, manager.id, interviewer.id


def approved(database: Any, owner: int, manager: int, definition: CriteriaDefinition, name: str = "Q4 losses") -> int:
    with database.sessions() as session, session.begin():
        draft = review.create_draft(session, owner, name, definition)
        review.submit(session, owner, draft.id)
        return review.approve(session, manager, draft.id).id


def test_selection_funnel_and_coverage_on_each_engine(database) -> None:  # type: ignore[no-untyped-def]
    build(database, [Spec(days_ago=3, owner=None), Spec(outcome=Outcome.WON, segment=None),
                     Spec(outcome=Outcome.NO_DECISION, people=[Person(do_not_contact=True)]),
                     Spec(days_ago=120), Spec(outcome=Outcome.OPEN)])  # fmt: skip
    definition = WIDE.with_changes(segments=("Mid-Market",), excluded_email_domains=("rival.com",))
    with database.sessions() as session:
        result = select(session, definition, TODAY)
        rows = coverage(session, definition, TODAY, [p.deal_id for p in result.proposals])
    assert [p.outcome for p in result.proposals] == [Outcome.LOST]
    assert [(s.rule, s.deals) for s in result.funnel] == [
        ("closed in the last 90 days", 3), ("lost, won or no decision", 3), ("closed at most 60 days ago", 3),
        ("in Mid-Market", 2),
        ("has a contact on record", 2), ("not marked do-not-contact", 1), ("not interviewed in the last 12 months", 1),
        ("no personal email address", 1), ("no email address at rival.com", 1),
        ("has an email address or a phone number", 1), ("decision makers and influencers only", 1),
        ("has a contact who may be interviewed", 1),
    ]  # fmt: skip
    table = {(r.dimension, r.value): (r.closed, r.eligible, r.selected) for r in rows}
    assert table[("outcome", "Lost")] == (1, 1, 1)
    assert table[("outcome", "Won")] == (1, 0, 0)
    assert table[("segment", "(none)")] == (1, 0, 0)
    assert table[("owner rep", "(none)")] == (1, 1, 1)
    for dimension in ("outcome", "segment", "competitor", "owner rep"):
        assert sum(r.closed for r in rows if r.dimension == dimension) == 3


def test_candidates_from_a_set_that_is_not_approved_are_refused(database, people) -> None:  # type: ignore[no-untyped-def]
    owner, _manager, _ = people
    with database.sessions() as session, session.begin():
        draft = review.create_draft(session, owner, "Draft set", WIDE)
    with database.sessions() as session, pytest.raises(SelectionError, match="only from an approved criteria set"):
        propose(session, draft.id, "Olive Owner", TODAY)
    with database.sessions() as session, pytest.raises(SelectionError, match="no longer exists"):
        propose(session, 999, "Olive Owner", TODAY)


def test_propose_accept_and_skip(database, people) -> None:  # type: ignore[no-untyped-def]
    owner, manager, interviewer = people
    made = build(database, [Spec(days_ago=d) for d in (1, 2, 3, 4)])
    set_id = approved(database, owner, manager, WIDE.with_changes(quotas=Quotas(lost=2, won=0, no_decision=0)))
    with database.sessions() as session, session.begin():
        rows = propose(session, set_id, "Olive Owner", TODAY)
    assert [(r.deal_id, r.status) for r in rows] == [(made[0][0], CandidateStatus.PROPOSED), (made[1][0], CandidateStatus.PROPOSED)]
    assert rows[0].reasons[0] == "Lost to Brightfold yesterday" and rows[0].contact_name == "Ana Ruiz"
    first, second = rows
    with database.sessions() as session, session.begin():
        with pytest.raises(SelectionError, match="Only a program owner or a manager"):
            accept(session, first.id, interviewer)
        accepted = accept(session, first.id, owner)
        with pytest.raises(SelectionError, match="Say why"):
            skip(session, second.id, owner, "   ")
        skipped = skip(session, second.id, manager, "Buyer left the company")
        with pytest.raises(SelectionError, match="already accepted"):
            skip(session, first.id, owner, "changed my mind")
    assert accepted.status == CandidateStatus.ACCEPTED
    assert (skipped.status, skipped.exclusion_reason) == (CandidateStatus.EXCLUDED, "Buyer left the company")
    with database.sessions() as session:
        [interview] = session.scalars(sql_select(Interview)).all()
        assert (interview.candidate_id, interview.deal_id, interview.contact_id) == (first.id, first.deal_id, first.contact_id)
        assert interview.status == InterviewStatus.TO_CONTACT
        actions = session.scalars(sql_select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert {"candidates.proposed", "candidate.accepted", "candidate.skipped"} <= set(actions)
    # proposing again keeps both decisions, and the skipped deal's place goes to the next best
    with database.sessions() as session, session.begin():
        again = propose(session, set_id, "Olive Owner", TODAY)
    assert [(r.deal_id, r.status) for r in again] == [
        (made[0][0], CandidateStatus.ACCEPTED), (made[2][0], CandidateStatus.PROPOSED), (made[1][0], CandidateStatus.EXCLUDED)]
    with database.sessions() as session:
        assert session.scalar(sql_select(func.count(Interview.id))) == 1
        assert [r.id for r in list_candidates(session, set_id)] == [r.id for r in again]


def test_a_buyer_on_several_deals_is_proposed_once_for_their_best_fitting_deal(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        account = Account(name="Ruiz Freight", segment="Mid-Market", industry="Logistics", region="EMEA", employee_count=500)
        ana = Contact(account=account, first_name="Ana", last_name="Ruiz", title="VP Operations", email="ana@ruizfreight.com")
        deals = [Deal(source_system="test", external_id=f"RF-{days}", account=account, outcome=Outcome.LOST,
                      amount=Decimal(50_000), currency="USD", close_date=TODAY - timedelta(days=days),
                      competitor="Brightfold", owner_rep="Sam Rep") for days in (40, 3, 20)]  # fmt: skip
        for deal in deals:
            deal.contact_links.append(DealContact(contact=ana, is_primary=True))
            session.add(deal)
        session.flush()
        freshest, ana_id = deals[1].id, ana.id
    (other, _), = build(sqlite_database, [Spec(days_ago=30)])
    picked = chosen(sqlite_database, WIDE)
    assert sorted(picked) == sorted([freshest, other])  # Ana once, for the deal that closed 3 days ago
    assert list(picked.values()).count(ana_id) == 1


def test_a_buyer_taken_by_a_loss_is_not_proposed_again_for_a_win_and_the_shortfall_says_so(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        account = Account(name="Ruiz Freight", segment="Mid-Market", industry="Logistics", region="EMEA", employee_count=500)
        ana = Contact(account=account, first_name="Ana", last_name="Ruiz", title="VP Operations", email="ana@ruizfreight.com")
        deals = [Deal(source_system="test", external_id=f"RF-{outcome.value}", account=account, outcome=outcome,
                      amount=Decimal(50_000), currency="USD", close_date=TODAY - timedelta(days=5),
                      competitor="Brightfold", owner_rep="Sam Rep") for outcome in (Outcome.WON, Outcome.LOST)]  # fmt: skip
        for deal in deals:
            deal.contact_links.append(DealContact(contact=ana, is_primary=True))
            session.add(deal)
        session.flush()
        won, lost = deals[0].id, deals[1].id
    definition = WIDE.with_changes(quotas=Quotas(won=1, lost=1, no_decision=0))
    with sqlite_database.sessions() as session:
        selection = select(session, definition, TODAY)
    assert [p.deal_id for p in selection.proposals] == [lost]  # losses first: Ana is asked about the loss
    assert [line.text for line in selection.shortfall] == [
        "Won: 1 wanted, 0 found. 'one interview per buyer' removed 1 won deals."
    ]
    assert won not in [p.deal_id for p in selection.proposals]
