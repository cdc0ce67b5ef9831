"""The Deals area's queries, on both engines, against a small hand-made data set."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from interviewer.db import Database
from interviewer.enums import Authority, Outcome, RepReason
from interviewer.models import Account, Contact, Deal, DealContact
from interviewer.records import DealFilter
from interviewer.services.deal_index import DealIndex
from interviewer.services.deals import deal_detail, deal_rows

from conftest import ENGINES, open_test_database

# Account names start with different letters so that their order is the same under any collation.
ACCOUNTS = {
    "acme": dict(name="Acme Corp", segment="Enterprise", industry="Manufacturing", region="EMEA", employee_count=1200),
    "bluesky": dict(name="Blue_Sky Ltd", segment="Mid-Market", industry="Software", region="NA"),
    "delta": dict(name="Delta Blue-Sky Labs", segment="smb", industry="Biotech", region="EMEA"),
    "fifty": dict(name="Fifty 50% Off Stores", segment="SMB", industry="Retail", region="APAC"),
    "five": dict(name="Five 500 Offices", segment="Mid-Market", industry="Real estate", region="NA"),
    "societe": dict(name="Société Générale", segment="Enterprise", industry="Banking", region="EMEA"),
}

# key: (account, outcome, amount, close date, competitor, rep reason, owner, deal name)
DEALS = {
    "d1": ("acme", Outcome.WON, "50000", date(2026, 1, 10), "Globex", RepReason.PRODUCT_FIT, "Dana Reyes", "Acme renewal"),
    "d2": ("acme", Outcome.LOST, "12000", date(2026, 2, 5), "Initech", RepReason.POOR_ONBOARDING, "Sam Lee", None),
    "d3": ("bluesky", Outcome.NO_DECISION, None, date(2026, 2, 20), None, RepReason.NO_DECISION_TIMING, None, None),
    "d4": ("fifty", Outcome.LOST, "3000", None, "Globex", RepReason.OTHER, None, None),
    "d5": ("delta", Outcome.WON, "50000", date(2026, 3, 1), "Unknown", RepReason.MESSAGING_RESONATED, None, None),
    "d6": ("five", Outcome.NO_DECISION, "800", date(2026, 3, 15), "None", None, None, None),
    "d7": (None, Outcome.OPEN, "999", date(2025, 12, 1), None, None, None, "Orphan deal"),
    "d8": ("societe", Outcome.LOST, "20000", date(2026, 1, 10), "globex", RepReason.CHAMPION_LEFT, None, None),
}


@pytest.fixture(scope="module", params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database per engine for this module: every test here only reads the data set."""
    opened = open_test_database(request.param, request, tmp_path_factory.mktemp("deals"))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def deals(database: Database) -> dict[str, int]:
    """The data set, written with the ORM; returns deal ids by key (d1…d8), in insertion order."""
    ids: dict[str, int] = {}
    with database.sessions.begin() as session:
        accounts = {key: Account(source_system="test", external_id=key, **values) for key, values in ACCOUNTS.items()}
        session.add_all(accounts.values())
        for key, (account, outcome, amount, closed, competitor, reason, owner, name) in DEALS.items():
            deal = Deal(
                source_system="test",
                external_id=f"EXT-{key}",
                account=accounts[account] if account else None,
                outcome=outcome,
                amount=Decimal(amount) if amount else None,
                currency="EUR" if key == "d8" else "USD",
                close_date=closed,
                competitor=competitor,
                rep_reason=reason,
                owner_rep=owner,
                name=name,
                raw_stage="Closed Won" if outcome is Outcome.WON else None,
                product="Platform" if key == "d1" else None,
                lead_source="Webinar" if key == "d1" else None,
                rep_note="Security review was decisive" if key == "d1" else None,
            )
            session.add(deal)
            session.flush()
            ids[key] = deal.id
        people = {
            "maria": Contact(first_name="Maria", last_name="Lopez", title="Head of Ops", authority=Authority.INFLUENCER),
            "aaron": Contact(
                first_name="Aaron", last_name="Zimmer", title="CFO", email="aaron@acme.example",
                phone="+1 555 0100", authority=Authority.DECISION_MAKER,
            ),
            "ben": Contact(first_name="Ben", last_name="Baker", authority=Authority.USER, do_not_contact=True),
            "ann": Contact(first_name="Ann", last_name="Baker", authority=Authority.USER),
            "other": Contact(first_name="Otto", last_name="Adams", authority=Authority.PROCUREMENT),
        }
        session.add_all(people.values())
        session.flush()
        links = [
            ("d1", "maria", "Champion", False),
            ("d1", "aaron", "Economic buyer", True),
            ("d1", "ben", "User", False),
            ("d1", "ann", None, False),
            ("d2", "other", "Procurement", True),
        ]
        for deal_key, person, role, primary in links:
            session.add(DealContact(deal_id=ids[deal_key], contact_id=people[person].id, role=role, is_primary=primary))
    assert list(ids.values()) == sorted(ids.values())
    return ids


def _match(database: Database, deals: dict[str, int], **filter_values: object) -> list[str]:
    """The keys of the matching deals, in the order returned."""
    by_id = {deal_id: key for key, deal_id in deals.items()}
    with database.sessions() as session:
        return [by_id[deal_id] for deal_id in DealIndex.load(session).ids(DealFilter(**filter_values))]  # type: ignore[arg-type]


def _matched(database: Database, deals: dict[str, int], text: str, **rest: object) -> set[str]:
    return set(_match(database, deals, text=text, **rest))


# -- filter text ------------------------------------------------------------------------------------


FILTER_CASES = [
    ("", {"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"}),
    ("   ", {"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"}),
    ("acme", {"d1", "d2"}),  # account name
    ("ACME", {"d1", "d2"}),  # any case
    ("renewal", {"d1"}),  # deal name
    ("orphan", {"d7"}),  # a deal without an account is still found by its own fields
    ("globex", {"d1", "d4", "d8"}),  # competitor, "Globex" and "globex"
    ("enterprise", {"d1", "d2", "d8"}),  # segment
    ("smb", {"d4", "d5"}),  # segment "SMB" and "smb"
    ("emea", {"d1", "d2", "d5", "d8"}),  # region
    ("biotech", {"d5"}),  # industry
    ("dana", {"d1"}),  # owner
    ("won", {"d1", "d5"}),  # outcome label
    ("no decision", {"d3", "d6"}),  # the outcome label, two words
    ("timing", {"d3"}),  # reason label "No decision / timing"
    ("product fit", {"d1"}),  # reason label
    ("champion", {"d8"}),  # reason label "Champion left"
    ("SOCIÉTÉ", {"d8"}),  # non-ASCII letters in any case
    ("générale", {"d8"}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=text.strip() or repr(text)) for text, expected in FILTER_CASES],
)
def test_filter_text_matches_any_field_in_any_case(
    database: Database, deals: dict[str, int], text: str, expected: set[str]
) -> None:
    assert _matched(database, deals, text) == expected


def test_every_word_must_match(database: Database, deals: dict[str, int]) -> None:
    assert _matched(database, deals, "acme lost") == {"d2"}  # account and outcome label
    assert _matched(database, deals, "lost   ACME") == {"d2"}  # order and spacing do not matter
    assert _matched(database, deals, "globex lost") == {"d4", "d8"}
    assert _matched(database, deals, "globex emea lost") == {"d8"}
    assert _matched(database, deals, "acme nonexistentword") == set()


def test_percent_and_underscore_are_literal(database: Database, deals: dict[str, int]) -> None:
    assert _matched(database, deals, "50%") == {"d4"}  # not "Five 500 Offices"
    assert _matched(database, deals, "blue_sky") == {"d3"}  # not "Blue-Sky"
    assert _matched(database, deals, "blue-sky") == {"d5"}
    assert _matched(database, deals, "%") == {"d4"}
    assert _matched(database, deals, "_") == {"d3"}
    assert _matched(database, deals, "/") == {"d3"}  # the LIKE escape character is literal too ("No decision / timing")


def test_outcome_and_closed_since_filters(database: Database, deals: dict[str, int]) -> None:
    assert _matched(database, deals, "", outcome=Outcome.LOST) == {"d2", "d4", "d8"}
    assert _matched(database, deals, "", outcome=Outcome.NO_DECISION) == {"d3", "d6"}
    assert _matched(database, deals, "globex", outcome=Outcome.LOST) == {"d4", "d8"}
    # the day itself is included; deals without a close date are not
    assert _matched(database, deals, "", closed_since=date(2026, 2, 5)) == {"d2", "d3", "d5", "d6"}
    assert _matched(database, deals, "", closed_since=date(2026, 3, 16)) == set()
    assert _matched(database, deals, "", outcome=Outcome.NO_DECISION, closed_since=date(2026, 3, 1)) == {"d6"}
    assert _matched(database, deals, "acme", outcome=Outcome.WON, closed_since=date(2026, 1, 10)) == {"d1"}


# -- sorting ----------------------------------------------------------------------------------------

# Ascending order of every sort key; empty values come last and ties go by id, in both directions.
ASCENDING = {
    "account": (["d1", "d2", "d3", "d5", "d4", "d6", "d8"], ["d7"]),
    "outcome": (["d2", "d4", "d8", "d3", "d6", "d7", "d1", "d5"], []),
    "amount": (["d6", "d7", "d4", "d2", "d8", "d1", "d5"], ["d3"]),
    "close_date": (["d7", "d1", "d8", "d2", "d3", "d5", "d6"], ["d4"]),
    "segment": (["d1", "d2", "d8", "d3", "d6", "d4", "d5"], ["d7"]),
    "competitor": (["d1", "d4", "d8", "d2", "d6", "d5"], ["d3", "d7"]),  # "Globex" and "globex" tie
    "rep_reason": (["d8", "d5", "d3", "d4", "d2", "d1"], ["d6", "d7"]),
}


@pytest.mark.parametrize("sort", sorted(ASCENDING))
def test_each_sort_key_in_both_directions_with_empty_values_last(
    database: Database, deals: dict[str, int], sort: str
) -> None:
    present, empty = ASCENDING[sort]
    assert _match(database, deals, sort=sort, descending=False) == present + empty
    assert _match(database, deals, sort=sort, descending=True) == present[::-1] + empty[::-1]


def test_sorting_applies_to_a_filtered_result(database: Database, deals: dict[str, int]) -> None:
    assert _match(database, deals, text="globex", sort="amount", descending=True) == ["d1", "d8", "d4"]
    assert _match(database, deals, text="globex", sort="close_date", descending=False) == ["d1", "d8", "d4"]


def test_the_default_order_is_newest_close_first(database: Database, deals: dict[str, int]) -> None:
    assert DealFilter().sort == "close_date" and DealFilter().descending is True
    assert _match(database, deals) == ["d6", "d5", "d3", "d2", "d8", "d1", "d7", "d4"]


def test_an_unknown_sort_key_is_refused(database: Database, deals: dict[str, int]) -> None:
    with database.sessions() as session:
        with pytest.raises(ValueError, match="cannot sort deals by 'colour'"):
            DealIndex.load(session).ids(DealFilter(sort="colour"))
        with pytest.raises(ValueError):
            DealIndex.load(session).ids(replace(DealFilter(), sort="id; DROP TABLE deals"))
    assert _matched(database, deals, "") == set(DEALS)


def test_repeated_queries_with_a_narrowing_then_widening_filter(database: Database, deals: dict[str, int]) -> None:
    """Typing and deleting in the filter box: each answer is the same as a fresh query's."""
    steps = ["g", "gl", "glob", "globex", "globex l", "globex lost", "globex", "g", "", "a", "ac"]
    with database.sessions() as session:
        index = DealIndex.load(session)  # one index, so typing narrows its previous answer
        answers = [index.ids(DealFilter(text=text)) for text in steps]
    fresh = [_match(database, deals, text=text) for text in steps]
    by_id = {deal_id: key for key, deal_id in deals.items()}
    assert [[by_id[i] for i in answer] for answer in answers] == fresh
    assert set(fresh[5]) == {"d4", "d8"}


# -- rows and details -------------------------------------------------------------------------------


def test_deal_rows_by_id(database: Database, deals: dict[str, int]) -> None:
    with database.sessions() as session:
        rows = deal_rows(session, [deals["d1"], deals["d7"], deals["d3"], 987654])
        assert deal_rows(session, []) == {}
    assert set(rows) == {deals["d1"], deals["d7"], deals["d3"]}  # an unknown id is simply absent

    d1 = rows[deals["d1"]]
    assert (d1.id, d1.account, d1.outcome, d1.amount, d1.currency) == (
        deals["d1"], "Acme Corp", Outcome.WON, Decimal("50000.00"), "USD",
    )
    assert (d1.close_date, d1.segment, d1.competitor, d1.rep_reason) == (
        date(2026, 1, 10), "Enterprise", "Globex", RepReason.PRODUCT_FIT,
    )
    assert isinstance(d1.outcome, Outcome) and isinstance(d1.rep_reason, RepReason)

    d7 = rows[deals["d7"]]
    assert (d7.account, d7.segment, d7.outcome, d7.amount) == ("(no account)", None, Outcome.OPEN, Decimal("999.00"))
    d3 = rows[deals["d3"]]
    assert (d3.amount, d3.competitor, d3.rep_reason) == (None, None, RepReason.NO_DECISION_TIMING)


def test_deal_detail_lists_the_primary_contact_first(database: Database, deals: dict[str, int]) -> None:
    with database.sessions() as session:
        detail = deal_detail(session, deals["d1"])
    assert detail is not None
    assert detail.row.id == deals["d1"] and detail.row.account == "Acme Corp"
    assert (detail.name, detail.external_id, detail.source_system, detail.raw_stage) == (
        "Acme renewal", "EXT-d1", "test", "Closed Won",
    )
    assert (detail.industry, detail.region, detail.employee_count) == ("Manufacturing", "EMEA", 1200)
    assert (detail.owner_rep, detail.product, detail.lead_source, detail.rep_note) == (
        "Dana Reyes", "Platform", "Webinar", "Security review was decisive",
    )
    # primary first, then by last name and first name; the other deal's contact is not here
    assert [(c.name, c.role, c.is_primary) for c in detail.contacts] == [
        ("Aaron Zimmer", "Economic buyer", True),
        ("Ann Baker", None, False),
        ("Ben Baker", "User", False),
        ("Maria Lopez", "Champion", False),
    ]
    aaron = detail.contacts[0]
    assert (aaron.title, aaron.email, aaron.phone, aaron.authority, aaron.do_not_contact) == (
        "CFO", "aaron@acme.example", "+1 555 0100", Authority.DECISION_MAKER, False,
    )
    assert detail.contacts[2].do_not_contact is True


def test_deal_detail_without_account_or_contacts(database: Database, deals: dict[str, int]) -> None:
    with database.sessions() as session:
        orphan = deal_detail(session, deals["d7"])
        gone = deal_detail(session, 987654)
    assert gone is None
    assert orphan is not None
    assert (orphan.row.account, orphan.industry, orphan.region, orphan.employee_count) == (
        "(no account)", None, None, None,
    )
    assert orphan.contacts == []
