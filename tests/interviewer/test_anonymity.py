"""The one anonymiser: every buyer, company and rep hidden however it is written, and nothing else touched."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.models import Account, Contact
from interviewer.reporting.anonymity import (
    THE_BUYER,
    THE_COMPANY,
    THE_REP,
    Context,
    Identities,
    describe_buyer,
)

ACCOUNTS = {1: "Halvorsen & Quinlan Wealth Partners Inc.", 2: "Millmont Diagnostics Corp.",
            3: "Grupo Tavera Data S.A. de C.V.", 4: "The Torion Group", 5: "Schreiber & Hoffmann Networks GmbH",
            6: "Apple", 7: "The Group"}
BAKSHI = SimpleNamespace(id=1, account_id=1, first_name="Sakura", last_name="Bakshi",
                         email="sakura.bakshi@hq-wealth.com", phone="+1 (415) 555-0142")
MULLER = SimpleNamespace(id=2, account_id=5, first_name="Jürgen", last_name="Müller", email=None, phone=None)
MARK = SimpleNamespace(id=3, account_id=4, first_name="Will", last_name="Mark", email="will@torion.example", phone=None)
KNOWN = Identities.build([BAKSHI, MULLER, MARK], [SimpleNamespace(id=k, name=v) for k, v in ACCOUNTS.items()],
                         ["Dana Terrell"])
HER = Context(contact_id=1, account_id=1, rep="Dana Terrell")


def hide(text: str, context: Context | None = HER) -> str:
    return KNOWN.hide(text, context)


def test_a_buyer_is_described_by_role_segment_and_industry() -> None:
    contact = Contact(first_name="Ana", last_name="Ruiz", title="VP Operations", email="ana@acme.test")
    assert describe_buyer(contact, Account(name="Acme", segment="SMB", industry="Logistics")) == (
        "VP Operations at an SMB company in Logistics")
    mid = Account(name="Acme", segment="Mid-Market")
    assert describe_buyer(contact, mid) == "VP Operations at a Mid-Market company"
    assert describe_buyer(None, Account(name="Acme", segment="Enterprise")) == "A buyer at an Enterprise company"
    assert describe_buyer(None, None) == "A buyer at a company"


def test_the_measured_leaks_are_closed() -> None:
    assert hide("What is your role at Halvorsen & Quinlan Wealth Partners Inc.?") == (
        f"What is your role at {THE_COMPANY}?")
    assert hide("We met Halvorsen & Quinlan Wealth Partners Inc. Then we left.") == (
        f"We met {THE_COMPANY}. Then we left.")
    assert hide("Millmont Diagnostics Corp. was slow") == "[a buyer's company] was slow"
    assert hide("their company Grupo Tavera Data S.A. de C.V. was late") == "their company [a buyer's company] was late"
    assert hide("Ms Bakshi decides; Bakshi's boss agrees.") == f"Ms {THE_BUYER} decides; {THE_BUYER}'s boss agrees."
    assert hide("Rep Terrell was slow, and Dana never called.") == (
        f"Rep {THE_REP} was slow, and {THE_REP} never called.")
    assert hide("Hoffmann Networks would never sign; Schreiber & Hoffmann too.") == (
        "[a buyer's company] would never sign; [a buyer's company] too.")
    assert hide("Mail sakura.bakshi@hq-wealth.com or call +1 415 555 0142.") == f"Mail {THE_BUYER} or call {THE_BUYER}."
    assert hide("Copy ops@elsewhere.example and call (212) 555-0199.") == (
        "Copy [an email address] and call [a phone number].")
    assert hide("See www.hq-wealth.com/team, Quinlan's site.") == f"See {THE_COMPANY}, {THE_COMPANY}'s site."


def test_the_torion_group_hides_itself_and_no_other_the() -> None:
    torion = Context(contact_id=3, account_id=4)
    text = "What was the single biggest factor for The Torion Group? The group liked the rest of the team."
    assert hide(text, torion) == (
        f"What was the single biggest factor for {THE_COMPANY}? The group liked the rest of the team.")
    assert hide("Torion signed.", torion) == f"{THE_COMPANY} signed."


def test_case_and_diacritics_cannot_defeat_it() -> None:
    colleague = "[a colleague of the buyer]"
    about = Context(contact_id=1, account_id=5)
    assert hide("Müller, MULLER and Muller's team", about) == f"{colleague}, {colleague} and {colleague}'s team"
    assert hide("jürgen and JURGEN", Context(contact_id=2, account_id=5)) == f"{THE_BUYER} and {THE_BUYER}"


def test_names_that_are_common_words_count_only_as_names() -> None:
    about = Context(contact_id=3, account_id=4)
    assert hide("Will you sign? We will see; mark my words.", about) == "Will you sign? We will see; mark my words."
    assert hide("We spoke to Will Mark, then to Mark.", about) == f"We spoke to {THE_BUYER}, then to {THE_BUYER}."
    assert hide("An apple a day. Apple pie is a dessert.", about) == "An apple a day. Apple pie is a dessert."
    assert hide("We use Apple laptops.", about) == "We use [a buyer's company] laptops."
    assert hide("The group met at the Group.", about) == "The group met at the Group."


def test_a_legal_form_is_hidden_with_its_name_but_the_same_word_in_lower_case_stays() -> None:
    assert hide("We chose Quinlan as our partner; Quinlan AS signed.") == (
        f"We chose {THE_COMPANY} as our partner; {THE_COMPANY} signed.")
    assert hide("Hoffmann co-founded it with Hoffmann Networks GmbH.", Context(2, 5)) == (
        f"{THE_COMPANY} co-founded it with {THE_COMPANY}.")


def test_ordinary_words_in_a_company_name_stay_ordinary_words() -> None:
    harbor = Identities.build([], [SimpleNamespace(id=1, name="Harbor Freight"),
                                   SimpleNamespace(id=2, name="Beacon Analytics")], [])
    text = "The harbor was closed, a beacon of hope for our analytics team."
    assert harbor.hide(text, Context(None, 1)) == text
    assert harbor.hide("We used Beacon Analytics, then Harbor Freight.", Context(None, 1)) == (
        f"We used [a buyer's company], then {THE_COMPANY}.")


def test_a_name_of_a_common_word_and_a_number_is_hidden_only_as_written() -> None:
    after = Identities.build([], [SimpleNamespace(id=1, name="After 3"), SimpleNamespace(id=2, name="Studio 54")], [])
    text = "Change: after minus before, 3 of 54 buyers."
    assert after.leaks(text) == []
    assert after.hide(text) == text
    assert after.hide("We met After 3 and Studio 54.", Context(None, 1)) == (
        f"We met {THE_COMPANY} and [a buyer's company].")


def test_the_words_of_sample_crm_accounts_are_ordinary_alone() -> None:
    sample = Identities.build([], [SimpleNamespace(id=1, name="Sample Account for Entitlements"),
                                   SimpleNamespace(id=2, name="Jackson Controls")], [])
    text = "Sample adequacy: access controls per account."
    assert sample.leaks(text) == []
    assert sample.hide(text) == text
    assert sample.hide("Jackson Controls and Sample Account for Entitlements left.", Context(None, 2)) == (
        f"{THE_COMPANY} and [a buyer's company] left.")


def test_leaks_finds_what_hide_would_hide_in_the_whole_program() -> None:
    assert KNOWN.leaks(hide("Bakshi said Quinlan was slow")) == []
    assert KNOWN.leaks("Bakshi said Quinlan was slow; Terrell too") == ["Bakshi", "Quinlan", "Terrell"]
    assert KNOWN.leaks("Sakura said hi") == []  # a first name alone counts only for the text's own people
    assert KNOWN.leaks("Sakura said hi", [HER]) == ["Sakura"]


def test_the_rep_alone_can_be_hidden_where_buyers_are_named() -> None:
    assert KNOWN.hide("Bakshi told Terrell", HER, reps_only=True) == f"Bakshi told {THE_REP}"


# -- generated names in generated sentences ---------------------------------------------------------

DISTINCTIVE = ["Bakshi", "Halvorsen", "Quinlan", "Østergaard", "Nguyễn", "O'Brien", "Szymańska", "Dubois-Leclerc",
               "Achterberg", "Kowalczyk", "Yamamoto", "Fitzgerald", "Ibáñez", "Zhao", "Okonkwo"]
COMMON = ["Mark", "Will", "Grace", "Baker", "Rose", "Price"]
COMPANY_WORDS = ["Group", "Systems", "Partners", "Data", "Networks", "Wealth", "Health", "Solutions"]
SUFFIXES = ["", " Inc.", " Corp.", " S.A. de C.V.", " GmbH", " Ltd", " LLC", ", Inc.", " AG", " Pty Ltd"]
NEUTRAL = [
    "The group said the price was fair, and we will see the partners next week.",
    "Will the systems team mark the data as done? Grace periods apply.",
    "An apple, a rose and a baker walked into the group's meeting.",
    "Our health solutions partner was slow: it took 3 weeks and cost $12,000.",
    "They compared us with two other vendors before the board decided in May.",
    "Call back after 10:30 on 2026-11-17; the price (about 4,500 EUR) stands.",
    "The Group of the partners liked it; they will sign with The Systems later.",
]
TEMPLATES = ["Then {} said the price was high.", "We met {}'s team twice.", "Ask {}, then wait.",
             "In the end {} decided? Yes.", "Before the call, {} (and nobody else) knew.", "It was {}."]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


names = st.tuples(st.sampled_from(DISTINCTIVE + COMMON), st.sampled_from(DISTINCTIVE))
companies = st.tuples(st.booleans(), st.sampled_from(DISTINCTIVE), st.lists(st.sampled_from(COMPANY_WORDS), max_size=2),
                      st.sampled_from(SUFFIXES))


def _email(first: str, last: str) -> str:
    return f"{_fold(first).lower()}.{_fold(last).lower()}@example.org"


def _program(first: str, last: str, company: tuple[bool, str, list[str], str]) -> tuple[Identities, str, str]:
    """A program of one buyer, their company and the rep Rowan Pelletier; with the company's name and its
    distinctive word."""
    the, word, words, suffix = company
    name = " ".join((["The"] if the else []) + [word] + words) + suffix
    person = SimpleNamespace(id=1, account_id=1, first_name=first, last_name=last, email=_email(first, last),
                             phone="+44 20 7946 0958")
    return Identities.build([person], [SimpleNamespace(id=1, name=name)], ["Rowan Pelletier"]), name, word


@settings(max_examples=150, deadline=None)
@given(names, companies, st.sampled_from(TEMPLATES), st.integers(0, 6))
def test_generated_identities_never_survive_in_any_spelling(name: tuple[str, str], company, template: str,
                                                            spelling: int) -> None:  # type: ignore[no-untyped-def]
    first, last = name
    known, company_name, word = _program(first, last, company)
    about = Context(1, 1, "Rowan Pelletier")
    written = [f"{first} {last}", last, company_name, word, f"{first} {last}".upper(), _fold(last), first][spelling]
    for shown in (written, "Pelletier", "+44 (0)20 7946 0958", _email(first, last)):
        text = template.format(shown)
        hidden = known.hide(text, about)
        assert known.leaks(hidden, [about]) == [], (text, hidden)
        assert "[" in hidden, (text, hidden)
        plain = _fold(hidden).lower()
        assert _fold(last).lower() not in plain and _fold(word).lower() not in plain and "pelletier" not in plain


@settings(max_examples=100, deadline=None)
@given(names, companies, st.sampled_from(NEUTRAL))
def test_a_sentence_naming_nobody_comes_out_unchanged(name: tuple[str, str], company,  # type: ignore[no-untyped-def]
                                                      sentence: str) -> None:
    known, _, _ = _program(*name, company)
    assert known.hide(sentence, Context(1, 1, "Rowan Pelletier")) == sentence
    assert known.leaks(sentence) == []
    assert KNOWN.hide(sentence, HER) == sentence
