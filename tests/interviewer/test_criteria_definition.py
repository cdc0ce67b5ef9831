"""The criteria definition: JSON round trip, every problems() rule, and from_json's list of errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.criteria.definition import (
    DEFAULT_AUTHORITY_RULES,
    AuthorityRule,
    CriteriaDefinition,
    DefinitionError,
    Quotas,
    Weights,
)
from interviewer.enums import Authority, Outcome


def test_default_round_trips_through_json_text() -> None:
    definition = CriteriaDefinition()
    document = json.loads(json.dumps(definition.to_json()))
    assert document["outcomes"] == ["lost", "won", "no_decision"]
    assert document["authority_rules"][0]["authority"] == "procurement"
    assert CriteriaDefinition.from_json(document) == definition
    assert definition.problems() == []


def test_missing_keys_take_defaults() -> None:
    assert CriteriaDefinition.from_json({}) == CriteriaDefinition()
    assert CriteriaDefinition.from_json({"window_days": 30}).freshness_days == 60


def test_with_changes_copies() -> None:
    base = CriteriaDefinition()
    changed = base.with_changes(window_days=30)
    assert (base.window_days, changed.window_days) == (90, 30)


VALID = CriteriaDefinition()


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"window_days": 0}, "the close-date window must be between 1 and 3,660 days"),
        ({"window_days": 3661}, "the close-date window must be between 1 and 3,660 days"),
        ({"freshness_days": 0}, "the freshness limit must be between 1 and 3,660 days"),
        ({"outcomes": ()}, "choose at least one outcome"),
        ({"outcomes": (Outcome.LOST, Outcome.OPEN)}, "open deals cannot be interviewed about a decision"),
        ({"quotas": Quotas(won=-1)}, "quotas must be between 0 and 500"),
        ({"quotas": Quotas(lost=501)}, "quotas must be between 0 and 500"),
        ({"outcomes": (Outcome.WON,), "quotas": Quotas(won=0)}, "the quotas of the chosen outcomes add up to zero"),
        ({"quotas": Quotas(max_per_segment=0)}, "the limit per segment must be at least 1"),
        ({"quotas": Quotas(max_per_competitor=0)}, "the limit per competitor must be at least 1"),
        ({"amount_min": 10.0, "amount_max": 5.0}, "the smallest amount is above the largest"),
        ({"amount_min": -1.0}, "amounts must be finite and not negative"),
        ({"amount_max": float("inf")}, "amounts must be finite and not negative"),
        ({"employees_min": 100, "employees_max": 10}, "the smallest company size is above the largest"),
        ({"employees_min": -5}, "company sizes cannot be negative"),
        ({"authorities": ()}, "choose at least one contact authority"),
        ({"interviewed_within_months": 121}, "the re-interview pause must be between 0 and 120 months"),
        ({"interviewed_within_months": -1}, "the re-interview pause must be between 0 and 120 months"),
        ({"weights": Weights(-1, 1, 1, 1)}, "score weights must be non-negative and not all zero"),
        ({"weights": Weights(0, 0, 0, 0)}, "score weights must be non-negative and not all zero"),
        ({"weights": Weights(float("nan"), 1, 1, 1)}, "score weights must be non-negative and not all zero"),
    ],
)
def test_each_problem(changes: dict[str, object], problem: str) -> None:
    definition = VALID.with_changes(**changes)
    assert definition.problems() == [problem]
    with pytest.raises(DefinitionError) as caught:
        CriteriaDefinition.from_json(json.loads(json.dumps(definition.to_json(), allow_nan=True)))
    assert caught.value.problems == [problem]


def test_edge_values_are_fine() -> None:
    edges = VALID.with_changes(
        window_days=3660, freshness_days=1, amount_min=0.0, amount_max=0.0, employees_min=0, employees_max=0,
        interviewed_within_months=0, quotas=Quotas(won=0, lost=500, no_decision=0, max_per_segment=1),
        weights=Weights(0, 0, 0, 1),
    )  # fmt: skip
    assert edges.problems() == []


def test_from_json_lists_every_problem_at_once() -> None:
    document = {
        "window_days": "90",
        "segments": "Enterprise",
        "outcomes": ["lost", "maybe"],
        "quotas": {"won": "4"},
        "weights": {"freshness": "high"},
        "authority_rules": [{"words": ["boss"]}],
        "exclude_personal_email": "yes",
        "colour": "blue",
        "amount_min": "lots",
    }
    with pytest.raises(DefinitionError) as caught:
        CriteriaDefinition.from_json(document)
    problems = caught.value.problems
    assert problems[0] == "unknown settings: colour"
    assert [p.split(":")[0] for p in problems[1:]] == [
        "window days", "outcomes", "quotas", "amount min", "segments", "authority rules", "exclude personal email",
        "weights",
    ]  # fmt: skip
    assert "window days: expected a whole number, not '90'" in problems
    assert str(caught.value) == "; ".join(problems)


def test_from_json_reports_semantic_problems_after_reading() -> None:
    with pytest.raises(DefinitionError) as caught:
        CriteriaDefinition.from_json({"window_days": 0, "authorities": []})
    assert caught.value.problems == [
        "the close-date window must be between 1 and 3,660 days",
        "choose at least one contact authority",
    ]


@pytest.mark.parametrize("document", [[], "x", None, 3])
def test_from_json_refuses_what_is_not_an_object(document: object) -> None:
    with pytest.raises(DefinitionError, match="JSON object"):
        CriteriaDefinition.from_json(document)  # type: ignore[arg-type]


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(DefinitionError, match="window days"):
        CriteriaDefinition.from_json({"window_days": True})
    with pytest.raises(DefinitionError, match="quotas"):
        CriteriaDefinition.from_json({"quotas": {"losses_first": 1}})


def test_null_optional_values_read_as_none() -> None:
    document = {"amount_min": None, "employees_max": None, "quotas": {"max_per_segment": None}}
    assert CriteriaDefinition.from_json(document) == VALID


# -- property: to_json / from_json round trip ------------------------------------------------------

_words = st.text(alphabet="abcdefghij -", min_size=1, max_size=12)
_names = st.lists(st.text(min_size=1, max_size=10), max_size=3, unique=True).map(tuple)
_optional_amount = st.none() | st.floats(min_value=0, max_value=1e9, allow_nan=False) | st.integers(0, 10**9)
_weight = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def definitions(draw: st.DrawFn) -> CriteriaDefinition:
    outcomes = draw(
        st.lists(st.sampled_from([Outcome.WON, Outcome.LOST, Outcome.NO_DECISION]), min_size=1, unique=True)
    )
    quotas = Quotas(
        won=draw(st.integers(0, 500)), lost=draw(st.integers(0, 500)), no_decision=draw(st.integers(0, 500)),
        losses_first=draw(st.booleans()),
        max_per_segment=draw(st.none() | st.integers(1, 50)), max_per_competitor=draw(st.none() | st.integers(1, 50)),
    )  # fmt: skip
    amounts = sorted([draw(st.floats(0, 1e9)), draw(st.floats(0, 1e9))])
    sizes = sorted([draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))])
    rules = draw(
        st.lists(st.builds(AuthorityRule, st.lists(_words, max_size=4).map(tuple), st.sampled_from(list(Authority))),
                 max_size=4).map(tuple) | st.just(DEFAULT_AUTHORITY_RULES)
    )  # fmt: skip
    weights = Weights(draw(_weight), draw(_weight), draw(_weight), draw(st.floats(0.01, 100)))
    return CriteriaDefinition(
        window_days=draw(st.integers(1, 3660)), freshness_days=draw(st.integers(1, 3660)), outcomes=tuple(outcomes),
        quotas=quotas,
        amount_min=draw(st.none() | st.just(amounts[0])), amount_max=draw(st.none() | st.just(amounts[1])),
        segments=draw(_names), excluded_segments=draw(_names), industries=draw(_names),
        excluded_industries=draw(_names), regions=draw(_names), excluded_regions=draw(_names),
        employees_min=draw(st.none() | st.just(sizes[0])), employees_max=draw(st.none() | st.just(sizes[1])),
        competitors_of_interest=draw(_names),
        authorities=tuple(draw(st.lists(st.sampled_from(list(Authority)), min_size=1, unique=True))),
        authority_rules=rules, exclude_do_not_contact=draw(st.booleans()),
        interviewed_within_months=draw(st.integers(0, 120)), excluded_email_domains=draw(_names),
        exclude_personal_email=draw(st.booleans()), require_contact_details=draw(st.booleans()), weights=weights,
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(definitions())
def test_json_round_trip(definition: CriteriaDefinition) -> None:
    if definition.problems():  # only quota sums of zero can make a generated definition invalid
        assert definition.problems() == ["the quotas of the chosen outcomes add up to zero"]
        return
    text = json.dumps(definition.to_json())
    assert CriteriaDefinition.from_json(json.loads(text)) == definition
