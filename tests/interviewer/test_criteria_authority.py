"""Reading a contact's authority from a job title."""

from __future__ import annotations

import time

import pytest

from interviewer.criteria.authority import AuthorityReader, describe_rules, infer_authority
from interviewer.criteria.definition import DEFAULT_AUTHORITY_RULES, AuthorityRule
from interviewer.enums import Authority

D, I, U, P, X = (
    Authority.DECISION_MAKER, Authority.INFLUENCER, Authority.USER, Authority.PROCUREMENT, Authority.UNKNOWN,
)  # fmt: skip

TITLES = [
    ("VP, Procurement", P),
    ("Procurement Director", P),
    ("Senior Buyer", P),
    ("Head of Strategic Sourcing", P),
    ("Purchasing Manager", P),
    ("Director, Vendor Management", P),
    ("vendor-management lead", P),
    ("SVP Sales", D),
    ("Head of IT", D),
    ("Chief Executive Officer", D),
    ("C.F.O.", D),
    ("CTO & Co-Founder", D),
    ("Sr. Director, Operations", D),
    ("Vice President of Engineering", D),
    ("Vice-President Finance", D),
    ("V.P. Marketing", D),
    ("EVP / General Manager EMEA", D),
    ("Owner", D),
    ("Managing Partner", D),
    ("IT Manager", I),
    ("Engineering Team Lead", I),
    ("Principal Architect", I),
    ("Financial Controller", I),
    ("Plant Superintendent", I),
    ("Analyst", U),
    ("Senior Data Analyst", U),
    ("Software Engineer II", U),
    ("Marketing Coordinator", U),
    ("System Administrator", U),
    ("Executive Assistant to the CEO", U),  # a senior word in the title does not make its holder senior
    ("Product Owner", I),
    ("Staff Accountant", U),
    ("Sales Representative", U),
    ("Intern", U),
    ("Headhunter", X),  # whole words only
    ("Leadership coach", X),
    ("Directory services", X),
    ("Buyers' club", X),
    ("", X),
    ("   ", X),
    (None, X),
]


@pytest.mark.parametrize(("title", "authority"), TITLES)
def test_default_rules(title: str | None, authority: Authority) -> None:
    assert infer_authority(title) == authority


SHORT_FORMS = [
    ("Sr. Mgr, IT", I),
    ("Dir. of Operations", D),
    ("Regional Dir Sales", D),
    ("GM EMEA", D),
    ("Pres. & COO", D),
    ("Warehouse Supvr", I),
    ("IT Admin", U),
    ("VP Admin", D),  # the rank still decides
    ("Exec Asst to the CEO", U),
    ("Sales Rep", U),
    ("Sr. Engr", U),
    ("Marketing Coord.", U),
    ("Procurement Mgr", P),
    ("Repair shop", X),  # short forms are whole words too
    ("Directorate", X),
]


@pytest.mark.parametrize(("title", "authority"), SHORT_FORMS)
def test_short_forms_read_as_the_words_they_stand_for(title: str, authority: Authority) -> None:
    assert infer_authority(title) == authority


def test_rules_are_tried_in_order() -> None:
    rules = (AuthorityRule(("director",), Authority.INFLUENCER), AuthorityRule(("procurement",), Authority.PROCUREMENT))
    assert infer_authority("Procurement Director", rules) == Authority.INFLUENCER
    assert infer_authority("Procurement Director", tuple(reversed(rules))) == Authority.PROCUREMENT


def test_custom_rules_any_case_phrases_and_empty_words() -> None:
    rules = (
        AuthorityRule(("", "  "), Authority.USER),
        AuthorityRule(("Head  Honcho", "C++"), Authority.DECISION_MAKER),
    )
    assert infer_authority("chief head-honcho", rules) == Authority.DECISION_MAKER
    assert infer_authority("Senior C++ developer", rules) == Authority.DECISION_MAKER
    assert infer_authority("Analyst", rules) == Authority.UNKNOWN
    assert infer_authority("Analyst", ()) == Authority.UNKNOWN


def test_reader_caches_and_is_fast() -> None:
    reader = AuthorityReader(DEFAULT_AUTHORITY_RULES)
    titles = [t for t, _ in TITLES] * 7500  # 300,000 contacts, 40 distinct titles
    started = time.perf_counter()
    read = [reader(t) for t in titles]
    elapsed = time.perf_counter() - started
    assert read[: len(TITLES)] == [a for _, a in TITLES]
    assert elapsed < 1.0, f"{elapsed:.2f} s for 300,000 titles"


def test_describe_rules() -> None:
    lines = describe_rules(DEFAULT_AUTHORITY_RULES)
    assert lines[0] == "procurement, purchasing, buyer, sourcing, vendor management → Procurement"
    assert lines[2].endswith("→ Influencer")
    assert describe_rules([AuthorityRule((), Authority.USER)]) == ["(no words) → User"]
