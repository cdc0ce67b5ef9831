"""Properties of selection on random small programs: no disqualified contact is ever proposed, quotas are met
whenever the data allows (against a brute-force maximum), the same input gives the same output, coverage adds up."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, event, given, settings, strategies as st
from sqlalchemy import delete

from interviewer.criteria.authority import infer_authority
from interviewer.criteria.definition import PERSONAL_EMAIL_DOMAINS, CriteriaDefinition, Quotas
from interviewer.enums import Authority, Outcome
from interviewer.models import Account, Candidate, Contact, Deal, DealContact
from interviewer.selection import coverage, select
from interviewer.selection.quotas import Item, choose
from interviewer.selection.rules import NOT_A_RIVAL, months_before
from test_selection import TODAY, Person, Spec, add

# -- the quota filler against brute force ----------------------------------------------------------


def _best_by_brute_force(items: list[Item], quota: int, seg_cap: int | None, comp_cap: int | None) -> tuple[int, int]:
    """The largest feasible selection, and among those the highest total score: (size, total units)."""
    for size in range(min(quota, len(items)), -1, -1):
        totals = [sum(i.units for i in subset) for subset in combinations(items, size) if _fits(subset, seg_cap, comp_cap)]
        if totals:
            return size, max(totals)
    return 0, 0


def _fits(subset: Any, seg_cap: int | None, comp_cap: int | None) -> bool:
    segments = Counter(i.segment for i in subset if i.segment is not None)
    competitors = Counter(i.competitor for i in subset if i.competitor is not None)
    return (seg_cap is None or all(n <= seg_cap for n in segments.values())) and (
        comp_cap is None or all(n <= comp_cap for n in competitors.values())
    )


items_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from([None, "A", "B", "C"]), st.sampled_from([None, "X", "Y", "Z"])),
    max_size=9,
).map(lambda rows: [Item(deal_id, units, seg, comp) for deal_id, (units, seg, comp) in enumerate(rows, start=1)])
cap = st.one_of(st.none(), st.integers(1, 3))


@settings(max_examples=400, deadline=None)
@given(items=items_strategy, quota=st.integers(0, 6), seg_cap=cap, comp_cap=cap)
def test_quotas_match_the_brute_force_maximum(items: list[Item], quota: int, seg_cap: int | None, comp_cap: int | None) -> None:
    picked = choose(items, quota, seg_cap, comp_cap)
    assert len({i.deal_id for i in picked}) == len(picked) <= quota
    assert _fits(picked, seg_cap, comp_cap)
    assert (len(picked), sum(i.units for i in picked)) == _best_by_brute_force(items, quota, seg_cap, comp_cap)
    assert picked == choose(list(reversed(items)), quota, seg_cap, comp_cap)  # order of the input does not matter


# -- whole selections on random programs -----------------------------------------------------------

TITLES = ["VP Operations", "Chief Executive Officer", "Operations Manager", "Data Analyst", "Procurement Lead",
          "Office Hero", None]  # fmt: skip
EMAILS = ["work"] * 6 + [None, "a@gmail.com", "b@rival.com", "c@eu.rival.com", "  "]


def mostly(value: Any, *others: Any) -> st.SearchStrategy[Any]:
    """``value`` three times out of four, else one of ``others``: random rules must still leave something to pick."""
    return st.sampled_from([value] * 3 * len(others) + list(others)) if others else st.just(value)


person = st.builds(
    Person,
    title=mostly(*TITLES),
    email=st.sampled_from(EMAILS).map(lambda e: "auto" if e == "work" else e),
    phone=st.sampled_from([None, "+1 555 0100"]),
    do_not_contact=mostly(False, True),
    interviewed=mostly(None, TODAY - timedelta(days=100), TODAY - timedelta(days=300), TODAY),
    primary=st.booleans(),
)
spec = st.builds(
    Spec,
    outcome=st.sampled_from([Outcome.LOST, Outcome.LOST, Outcome.WON, Outcome.NO_DECISION, Outcome.OPEN]),
    days_ago=mostly(5, 0, 30, 59, 61, 100, 130, -2).flatmap(lambda d: st.integers(max(-2, d - 3), d + 3)),
    amount=st.sampled_from([75_000, 48_000, 50_000, 12_000, 10_000, 9_999, 0, None]),
    segment=st.sampled_from([None, "SMB", "Mid-Market", "Enterprise"]),
    industry=st.sampled_from([None, "Retail", "Logistics"]),
    employees=st.sampled_from([500, 1000, 1001, 4000, 5000, 20, None]),
    competitor=st.sampled_from([None, "None", "Unknown", "Brightfold", "Quillmark"]),
    owner=st.sampled_from([None, "Sam", "Kim"]),
    people=st.lists(person, max_size=3).filter(bool) | st.lists(person, max_size=3),
)
definition_strategy = st.builds(
    CriteriaDefinition,
    window_days=st.integers(30, 120),
    freshness_days=st.integers(20, 120),
    outcomes=mostly((Outcome.LOST, Outcome.WON, Outcome.NO_DECISION), (Outcome.WON,), (Outcome.NO_DECISION, Outcome.LOST)),
    quotas=st.builds(Quotas, won=st.integers(1, 3), lost=st.integers(1, 4), no_decision=st.integers(0, 2),
                     losses_first=st.booleans(), max_per_segment=cap, max_per_competitor=cap),
    amount_min=mostly(None, 10_000, 50_000),
    excluded_segments=mostly((), ("SMB",)),
    industries=mostly((), ("Retail",)),
    employees_max=mostly(None, 1000, 4000),
    competitors_of_interest=st.sampled_from([(), ("Brightfold",)]),
    authorities=mostly((Authority.DECISION_MAKER, Authority.INFLUENCER), tuple(Authority), (Authority.USER,),
                       (Authority.UNKNOWN, Authority.PROCUREMENT)),
    exclude_do_not_contact=mostly(True, False),
    interviewed_within_months=st.sampled_from([0, 6, 12]),
    excluded_email_domains=st.sampled_from([(), ("rival.com",)]),
    exclude_personal_email=st.booleans(),
    require_contact_details=st.booleans(),
)


def _deal_passes(s: Spec, d: CriteriaDefinition) -> bool:
    """Every deal rule, written again independently of the SQL."""
    return (
        s.outcome in d.outcomes and 0 <= s.days_ago <= min(d.window_days, d.freshness_days)
        and (d.amount_min is None or (s.amount is not None and s.amount >= d.amount_min))
        and (not d.excluded_segments or s.segment not in d.excluded_segments)
        and (not d.industries or s.industry in d.industries)
        and (d.employees_max is None or (s.employees is not None and s.employees <= d.employees_max))
    )  # fmt: skip


def _contact_passes(p: Person, email: str | None, d: CriteriaDefinition) -> bool:
    """Every contact rule, written again independently of the selection code."""
    domain = email.strip().lower().rpartition("@")[2] if email and "@" in email else None
    if d.exclude_do_not_contact and p.do_not_contact:
        return False
    if d.interviewed_within_months and p.interviewed is not None and p.interviewed >= months_before(TODAY, d.interviewed_within_months):
        return False
    if d.exclude_personal_email and domain in PERSONAL_EMAIL_DOMAINS:
        return False
    if domain and any(domain == x or domain.endswith("." + x) for x in d.excluded_email_domains):
        return False
    if d.require_contact_details and not ((email or "").strip() or (p.phone or "").strip()):
        return False
    return infer_authority(p.title, d.authority_rules) in d.authorities


def _store(session: Any, specs: list[Spec]) -> dict[int, tuple[Spec, dict[int, tuple[Person, str | None]]]]:
    for model in (Candidate, DealContact, Deal, Contact, Account):
        session.execute(delete(model))
    stored = {}
    for s in specs:
        deal_id, contact_ids = add(session, s)
        emails = dict(session.query(Contact.id, Contact.email).filter(Contact.id.in_(contact_ids)).all())
        stored[deal_id] = (s, {cid: (p, emails[cid]) for cid, p in zip(contact_ids, s.people, strict=True)})
    return stored


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=st.lists(spec, min_size=4, max_size=12), definition=definition_strategy)
def test_selection_properties(sqlite_database, specs: list[Spec], definition: CriteriaDefinition) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        stored = _store(session, specs)
    with sqlite_database.sessions() as session:
        result = select(session, definition, TODAY)
        again = select(session, definition, TODAY)
        rows = coverage(session, definition, TODAY, [p.deal_id for p in result.proposals])
    assert result == again
    event(f"proposals: {min(len(result.proposals), 3)}")

    # no disqualified deal or contact is ever proposed: each rule checked on its own
    for proposal in result.proposals:
        deal_spec, contacts = stored[proposal.deal_id]
        assert _deal_passes(deal_spec, definition)
        assert proposal.contact_id in contacts
        assert _contact_passes(*contacts[proposal.contact_id], definition)

    # quotas are met whenever the data allows: as many per outcome as the brute-force maximum under the caps
    eligible = [
        deal_id for deal_id, (s, contacts) in stored.items()
        if _deal_passes(s, definition) and any(_contact_passes(p, e, definition) for p, e in contacts.values())
    ]  # fmt: skip
    quotas = definition.quotas
    for outcome in definition.outcomes:
        items = [
            Item(d, 0, stored[d][0].segment, None if stored[d][0].competitor in NOT_A_RIVAL else stored[d][0].competitor)
            for d in eligible if stored[d][0].outcome is outcome
        ]  # fmt: skip
        most = _best_by_brute_force(items, quotas.for_outcome(outcome), quotas.max_per_segment, quotas.max_per_competitor)[0]
        found = [p for p in result.proposals if p.outcome is outcome]
        assert len(found) == most
        short = [line for line in result.shortfall if line.outcome is outcome]
        assert bool(short) == (most < quotas.for_outcome(outcome))
    assert {p.outcome for p in result.proposals} <= set(definition.outcomes)
    assert all(0 <= p.score <= 100 for p in result.proposals)
    if quotas.losses_first:
        lost = [p.outcome is Outcome.LOST for p in result.proposals]
        assert lost == sorted(lost, reverse=True)

    # coverage: each dimension's rows add up to the closed deals in the window, the eligible and the selected
    closed = sum(1 for s, _ in stored.values() if s.outcome is not Outcome.OPEN and 0 <= s.days_ago <= definition.window_days)
    for dimension in ("outcome", "segment", "competitor", "owner rep"):
        mine = [r for r in rows if r.dimension == dimension]
        assert sum(r.closed for r in mine) == closed
        assert sum(r.eligible for r in mine) == len(eligible)
        assert sum(r.selected for r in mine) == len(result.proposals)
        assert all(r.closed >= r.eligible >= r.selected for r in mine)

    # the funnel only ever narrows, and ends with the eligible deals
    assert all(a.deals >= b.deals for a, b in zip(result.funnel, result.funnel[1:]))
    assert result.funnel[0].deals == closed and result.funnel[-1].deals == len(eligible)
    assert TODAY == date(2026, 11, 20)
