"""The in-memory program snapshot: the same funnel as plain SQL over the rules, and never stale after a change."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import String, and_, delete, func, not_, or_, select as sql_select, type_coerce, update

from interviewer.criteria.authority import infer_authority
from interviewer.criteria.definition import PERSONAL_EMAIL_DOMAINS, CriteriaDefinition, Quotas
from interviewer.enums import Authority, Outcome, Role
from interviewer.models import Account, Candidate, Contact, Deal, DealContact
from interviewer.profiles import create_profile
from interviewer.selection import coverage, freshness, funnel, select
from interviewer.selection.candidates import accept, propose, skip
from interviewer.selection.rules import months_before
from test_selection import TODAY, Person, Spec, add, approved, build
from test_selection_properties import definition_strategy, spec

WIDE = CriteriaDefinition(quotas=Quotas(won=10, lost=10, no_decision=10))

# -- a reference: the funnel counted by SQL alone -------------------------------------------------


def _deal_conditions(d: CriteriaDefinition) -> list[Any]:
    """The deal rules after the window as SQL conditions, in the funnel's order (NULL fails)."""
    found: list[Any] = [type_coerce(Deal.outcome, String).in_([o.value for o in d.outcomes])]
    if d.freshness_days < d.window_days:
        found.append(Deal.close_date >= TODAY - timedelta(days=d.freshness_days))
    if d.amount_min is not None or d.amount_max is not None:
        found.append(and_(Deal.amount >= (d.amount_min if d.amount_min is not None else -1e18),
                          Deal.amount <= (d.amount_max if d.amount_max is not None else 1e18)))  # fmt: skip
    for column, included, excluded in (
        (Account.segment, d.segments, d.excluded_segments),
        (Account.industry, d.industries, d.excluded_industries),
        (Account.region, d.regions, d.excluded_regions),
    ):
        if included:
            found.append(column.in_(included))
        if excluded:
            found.append(or_(column.is_(None), column.not_in(excluded)))
    if d.employees_min is not None or d.employees_max is not None:
        size = Account.employee_count
        found.append(and_(size >= (d.employees_min if d.employees_min is not None else -(10**12)),
                          size <= (d.employees_max if d.employees_max is not None else 10**12)))  # fmt: skip
    return found


def _contact_conditions(session: Any, d: CriteriaDefinition) -> list[Any]:
    """The contact rules as SQL conditions a contact passes, in the funnel's order."""
    at = func.strpos(Contact.email, "@") if session.get_bind().dialect.name == "postgresql" else func.instr(Contact.email, "@")
    domain = func.lower(func.trim(func.substr(Contact.email, at + 1)))
    found: list[Any] = []
    if d.exclude_do_not_contact:
        found.append(or_(Contact.do_not_contact.is_(None), not_(Contact.do_not_contact)))
    if d.interviewed_within_months:
        found.append(or_(Contact.last_interviewed_on.is_(None),
                         Contact.last_interviewed_on < months_before(TODAY, d.interviewed_within_months)))  # fmt: skip
    if d.exclude_personal_email:
        found.append(or_(domain.is_(None), domain.not_in(PERSONAL_EMAIL_DOMAINS)))
    excluded = sorted({x.strip().lower().lstrip("@") for x in d.excluded_email_domains if x.strip()})
    if excluded:
        found.append(or_(domain.is_(None), and_(*(and_(domain != x, not_(domain.like(f"%.{x}"))) for x in excluded))))
    if d.require_contact_details:
        found.append(or_(func.trim(func.coalesce(Contact.email, "")) != "", func.trim(func.coalesce(Contact.phone, "")) != ""))
    if frozenset(d.authorities) != frozenset(Authority):
        titles = session.scalars(sql_select(Contact.title).distinct()).all()
        allowed = [t for t in titles if t is not None and infer_authority(t, d.authority_rules) in d.authorities]
        title_ok = Contact.title.in_(allowed)
        if infer_authority(None, d.authority_rules) in d.authorities:
            title_ok = or_(title_ok, Contact.title.is_(None))
        found.append(title_ok)
    return found


def reference_funnel(session: Any, d: CriteriaDefinition) -> list[tuple[int, int]]:
    """(deals, contacts) after each funnel step, each step one pair of SQL counts."""
    window = and_(type_coerce(Deal.outcome, String) != "open", Deal.close_date >= TODAY - timedelta(days=d.window_days),
                  Deal.close_date <= TODAY)  # fmt: skip
    deal_rules = _deal_conditions(d)
    found = []
    for k in range(len(deal_rules) + 1):
        passing = and_(window, *deal_rules[:k])
        deals = session.scalar(
            sql_select(func.count()).select_from(Deal).outerjoin(Account, Account.id == Deal.account_id).where(passing)
        )
        contacts = session.scalar(
            sql_select(func.count(func.distinct(DealContact.contact_id)))
            .select_from(Deal).join(DealContact, DealContact.deal_id == Deal.id)
            .outerjoin(Account, Account.id == Deal.account_id).where(passing)
        )  # fmt: skip
        found.append((deals, contacts))
    passing = and_(window, *deal_rules)
    contact_rules = _contact_conditions(session, d)
    for k in [*range(len(contact_rules) + 1), len(contact_rules)]:
        base = (
            sql_select(Deal.id, Contact.id).select_from(Deal).join(DealContact, DealContact.deal_id == Deal.id)
            .join(Contact, Contact.id == DealContact.contact_id).outerjoin(Account, Account.id == Deal.account_id)
            .where(passing, *contact_rules[:k])
        ).subquery()  # fmt: skip
        deals = session.scalar(sql_select(func.count(func.distinct(base.c[0]))))
        contacts = session.scalar(sql_select(func.count(func.distinct(base.c[1]))))
        found.append((deals, contacts))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(spec, max_size=12), definition=definition_strategy)
def test_the_funnel_from_the_snapshot_equals_sql_counts(  # type: ignore[no-untyped-def]
    sqlite_database, specs: list[Spec], definition: CriteriaDefinition
) -> None:
    with sqlite_database.sessions() as session, session.begin():
        for model in (Candidate, DealContact, Deal, Contact, Account):
            session.execute(delete(model))
        for s in specs:
            add(session, s)
    with sqlite_database.sessions() as session:
        steps = [(s.deals, s.contacts) for s in funnel(session, definition, TODAY)]
        assert steps == reference_funnel(session, definition)


def test_the_funnel_equals_sql_counts_on_each_engine(database) -> None:  # type: ignore[no-untyped-def]
    folks = [Person(), Person(title="Data Analyst", email="a@gmail.com"), Person(do_not_contact=True),
             Person(email=None, phone=None, title="CFO"), Person(email="x@eu.rival.com", primary=True)]  # fmt: skip
    build(database, [Spec(people=folks), Spec(outcome=Outcome.WON, amount=None, people=folks[1:3]),
                     Spec(segment=None, days_ago=70, people=[]), Spec(outcome=Outcome.OPEN)])  # fmt: skip
    for definition in (WIDE, CriteriaDefinition(amount_min=20_000, excluded_email_domains=("rival.com",),
                                                 freshness_days=60, excluded_segments=("SMB",))):  # fmt: skip
        with database.sessions() as session:
            assert [(s.deals, s.contacts) for s in funnel(session, definition, TODAY)] == reference_funnel(session, definition)


# -- never stale ------------------------------------------------------------------------------------


def _picked(database: Any, definition: CriteriaDefinition = WIDE) -> dict[int, int]:
    with database.sessions() as session:
        return {p.deal_id: p.contact_id for p in select(session, definition, TODAY).proposals}


def _fresh(database: Any, definition: CriteriaDefinition = WIDE) -> dict[int, int]:
    """The same, read without any cached snapshot."""
    freshness.forget()
    return _picked(database, definition)


def test_every_kind_of_change_is_seen_by_the_next_selection(database) -> None:  # type: ignore[no-untyped-def]
    (deal, [contact]), (other, [second]) = build(database, [Spec(), Spec(outcome=Outcome.WON)])
    assert _picked(database) == {deal: contact, other: second}

    (added, [added_contact]) = build(database, [Spec(outcome=Outcome.NO_DECISION)])[0]
    assert _picked(database) == {deal: contact, other: second, added: added_contact}  # a new deal

    with database.sessions() as session, session.begin():
        session.get(Deal, other).outcome = Outcome.OPEN  # a changed deal
    assert _picked(database) == {deal: contact, added: added_contact}

    with database.sessions() as session, session.begin():
        session.get(Contact, contact).do_not_contact = True  # a changed contact (contacts have no updated_at)
    assert _picked(database) == {added: added_contact}

    with database.sessions() as session, session.begin():
        session.execute(update(Contact).where(Contact.id == contact).values(do_not_contact=False))  # Core update
    assert _picked(database) == {deal: contact, added: added_contact}

    with database.sessions() as session, session.begin():
        extra = Contact(first_name="Lee", title="Chief Executive Officer", email="lee@acme.example")
        session.add(extra)
        session.flush()
        session.add(DealContact(deal_id=deal, contact_id=extra.id, is_primary=True))  # a new link
    assert _picked(database) == {deal: extra.id, added: added_contact}

    with database.sessions() as session, session.begin():
        session.execute(delete(DealContact).where(DealContact.contact_id == extra.id))  # a removed link
    assert _picked(database) == {deal: contact, added: added_contact}

    with database.sessions() as session, session.begin():
        session.get(Deal, deal).account.segment = "SMB"  # a changed account
    assert _picked(database, CriteriaDefinition(excluded_segments=("SMB",), quotas=WIDE.quotas)) == {added: added_contact}
    assert _picked(database) == _fresh(database)


def test_propose_accept_and_skip_then_select_sees_the_same_as_a_fresh_read(database) -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as session, session.begin():
        owner = create_profile(session, "Olive Owner", "olive@example.com", Role.PROGRAM_OWNER).id
        manager = create_profile(session, "Max Manager", "max@example.com", Role.MANAGER).id
    build(database, [Spec(), Spec(), Spec(outcome=Outcome.WON), Spec(outcome=Outcome.NO_DECISION)])
    assert len(_picked(database)) == 4
    set_id = approved(database, owner, manager, WIDE)
    with database.sessions() as session, session.begin():
        rows = propose(session, set_id, "Olive Owner", TODAY)
    with database.sessions() as session, session.begin():
        accept(session, rows[0].id, owner)
        skip(session, rows[1].id, owner, "Talked to them last week")
    with database.sessions() as session:
        warm = select(session, WIDE, TODAY, leave_out=[rows[1].deal_id])
    freshness.forget()
    with database.sessions() as session:
        cold = select(session, WIDE, TODAY, leave_out=[rows[1].deal_id])
    assert warm == cold and rows[1].deal_id not in {p.deal_id for p in warm.proposals}


def test_uncommitted_changes_are_seen_by_their_own_session_only(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    (deal, [contact]) = build(sqlite_database, [Spec()])[0]
    assert _picked(sqlite_database) == {deal: contact}
    with sqlite_database.sessions() as session:
        session.get(Contact, contact).do_not_contact = True
        session.flush()
        assert select(session, WIDE, TODAY).proposals == []  # its own write, not yet committed
        session.rollback()
    assert _picked(sqlite_database) == {deal: contact}  # rolled back: nobody keeps it


def test_a_write_by_another_process_is_seen(sqlite_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (deal, [contact]) = build(sqlite_database, [Spec()])[0]
    assert _picked(sqlite_database) == {deal: contact}
    path = sqlite_database.engine.url.database
    raw = sqlite3.connect(path)  # not through SQLAlchemy: no engine events, as from another process
    with raw:
        raw.execute("UPDATE deals SET outcome = 'open', updated_at = '2099-01-01 00:00:00' WHERE id = ?", (deal,))
    raw.close()
    assert _picked(sqlite_database) == {}


def test_two_threads_share_one_load_and_agree(sqlite_database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build(sqlite_database, [Spec(amount=10_000 * n, days_ago=n) for n in range(1, 30)])
    freshness.forget()
    loads = []
    real = freshness.load_snapshot
    monkeypatch.setattr(freshness, "load_snapshot", lambda connection: loads.append(1) or real(connection))
    results: list[Any] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work() -> None:
        try:
            start.wait()
            for _ in range(5):
                with sqlite_database.sessions() as session:
                    results.append((select(session, WIDE, TODAY), funnel(session, WIDE, TODAY),
                                    coverage(session, WIDE, TODAY, [])))  # fmt: skip
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(loads) == 1
    assert all(result == results[0] for result in results) and len(results) == 10


def test_amounts_compare_as_stored(database) -> None:  # type: ignore[no-untyped-def]
    (deal, [contact]) = build(database, [Spec(amount=20_000)])[0]
    with database.sessions() as session, session.begin():
        session.get(Deal, deal).amount = Decimal("19999.99")
    assert _picked(database, CriteriaDefinition(amount_min=20_000, quotas=WIDE.quotas)) == {}
