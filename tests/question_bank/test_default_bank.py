"""The default question bank (question_bank/default_bank.yaml): complete, valid, open and neutral."""

from __future__ import annotations

import string
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from interviewer.enums import Phase, Team
from question_bank.quality import check_question
from question_bank.spec import (
    INTERVIEW_OUTCOMES,
    KEY_PATTERN,
    MAX_PRIORITY,
    MAX_SECONDS,
    MIN_PRIORITY,
    MIN_SECONDS,
    PLACEHOLDERS,
)
from paths import REPO

BANK_PATH = REPO / "question_bank" / "default_bank.yaml"
OUTCOMES = tuple(outcome.value for outcome in INTERVIEW_OUTCOMES)
FIELDS = {"key", "text", "phase", "outcomes", "seconds", "priority", "purpose", "probes", "teams", "tags"}
OPTIONAL_FIELDS = {"required", "active"}

THEMES = {
    "theme:biggest-factor": "the biggest factor in the decision",
    "theme:needs": "how well we understood their needs",
    "theme:criteria": "their decision criteria",
    "theme:references": "references they consulted and what they heard",
    "theme:people": "their experience with our people (sales, support, executives)",
    "theme:roadmap": "the product roadmap",
    "theme:decision-team": "who took part in the decision and who could veto",
    "theme:timing": "why they bought now, or did not",
    "theme:difference": "the biggest difference between us and the alternatives",
    "theme:easier": "what would have made choosing us easier",
    "theme:market": "what they learned about the market while evaluating",
    "theme:anything-else": "anything else",
}
"""The interview themes of the product brief, as the tags that mark the questions serving them."""


def _load() -> dict[str, Any]:
    return yaml.safe_load(BANK_PATH.read_text(encoding="utf-8"))


BANK = _load()
QUESTIONS: list[dict[str, Any]] = BANK["questions"]


def _active(question: dict[str, Any]) -> bool:
    return question.get("active", True)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_header_names_the_format() -> None:
    assert BANK["format"] == "winloss-question-bank"
    assert BANK["version"] == 1
    assert BANK["name"].strip()
    assert BANK["description"].strip().endswith(".")


def test_bank_holds_enough_questions() -> None:
    assert len(QUESTIONS) >= 45


def test_every_question_has_exactly_the_known_fields() -> None:
    for question in QUESTIONS:
        assert FIELDS <= set(question) <= FIELDS | OPTIONAL_FIELDS, question.get("key")


def test_keys_are_unique_and_valid() -> None:
    keys = [question["key"] for question in QUESTIONS]
    assert [key for key, count in Counter(keys).items() if count > 1] == []
    for key in keys:
        assert KEY_PATTERN.match(key), key


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["key"])
def test_question_values_are_valid(question: dict[str, Any]) -> None:
    assert isinstance(question["text"], str) and question["text"].strip().endswith(("?", "."))
    assert Phase(question["phase"])
    assert question["outcomes"] and set(question["outcomes"]) <= set(OUTCOMES)
    assert len(set(question["outcomes"])) == len(question["outcomes"])
    assert isinstance(question["seconds"], int) and MIN_SECONDS <= question["seconds"] <= MAX_SECONDS
    assert 60 <= question["seconds"] <= 240, "keep estimates realistic for a 15-20 minute call"
    assert isinstance(question["priority"], int) and MIN_PRIORITY <= question["priority"] <= MAX_PRIORITY
    assert question["teams"] and all(Team(team) for team in question["teams"])
    assert question["tags"] and all(tag == tag.lower() and " " not in tag for tag in question["tags"])
    assert isinstance(question.get("required", False), bool)
    assert isinstance(question.get("active", True), bool)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["key"])
def test_purpose_is_a_sentence(question: dict[str, Any]) -> None:
    purpose = question["purpose"].strip()
    assert len(purpose.split()) >= 6 and purpose[0].isupper() and purpose.endswith("."), purpose


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["key"])
def test_only_known_placeholders(question: dict[str, Any]) -> None:
    for text in (question["text"], *question["probes"]):
        assert _placeholders(text) <= set(PLACEHOLDERS), text


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["key"])
def test_question_and_probes_are_open_and_neutral(question: dict[str, Any]) -> None:
    assert 1 <= len(question["probes"]) <= 3
    for text in (question["text"], *question["probes"]):
        assert check_question(text) == [], (text, check_question(text))


def test_texts_are_not_repeated() -> None:
    texts = [question["text"].strip().lower() for question in QUESTIONS]
    assert [text for text, count in Counter(texts).items() if count > 1] == []


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("phase", [phase.value for phase in Phase])
def test_every_phase_has_questions_for_every_outcome_without_a_known_competitor(phase: str, outcome: str) -> None:
    fitting = [
        q
        for q in QUESTIONS
        if _active(q) and q["phase"] == phase and outcome in q["outcomes"]
        and "competitor" not in _placeholders(q["text"])
    ]
    assert fitting, f"no {phase} question for {outcome} that works without a competitor"


def test_required_questions_are_one_opening_and_one_open_anything_else() -> None:
    required = [question for question in QUESTIONS if question.get("required", False)]
    assert sorted(question["phase"] for question in required) == ["closing", "opening"]
    for question in required:
        assert _active(question)
        assert set(question["outcomes"]) == set(OUTCOMES)
        assert "competitor" not in _placeholders(question["text"])
    opening = next(question for question in required if question["phase"] == "opening")
    closing = next(question for question in required if question["phase"] == "closing")
    assert 60 <= opening["seconds"] <= 90
    assert closing["seconds"] <= 60
    assert "theme:anything-else" in closing["tags"]
    assert "else" in closing["text"].lower()


def test_probes_never_need_a_competitor() -> None:
    """A question is dropped by its text's placeholders only, so its probes must work without a competitor."""
    for question in QUESTIONS:
        for probe in question["probes"]:
            assert "competitor" not in _placeholders(probe), (question["key"], probe)


def test_competitor_questions_have_a_neutral_counterpart() -> None:
    """The builder drops {competitor} questions when no competitor is known: the competition phase still works."""
    neutral = [
        q for q in QUESTIONS
        if q["phase"] == "competition" and "competitor" not in _placeholders(q["text"]) and len(q["outcomes"]) == 3
    ]
    assert any("other options" in q["text"] for q in neutral)


def test_theme_tags_come_from_the_fixed_list() -> None:
    for question in QUESTIONS:
        for tag in question["tags"]:
            if tag.startswith("theme:"):
                assert tag in THEMES, (question["key"], tag)


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_is_covered_for_every_outcome(theme: str, outcome: str) -> None:
    assert any(
        theme in q["tags"] and outcome in q["outcomes"] and _active(q) for q in QUESTIONS
    ), f"{THEMES[theme]}: no question for {outcome}"


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("no_decision", ["stall", "need to change", "instead"]),
        ("won", ["almost", "first 90 days"]),
        ("lost", ["{competitor} do better"]),
    ],
)
def test_outcome_specific_questions_exist(outcome: str, words: list[str]) -> None:
    specific = [q["text"] for q in QUESTIONS if q["outcomes"] == [outcome]]
    for word in words:
        assert any(word in text for text in specific), (outcome, word)


def test_priorities_are_spread_and_every_team_is_served() -> None:
    assert {question["priority"] for question in QUESTIONS} == set(range(MIN_PRIORITY, MAX_PRIORITY + 1))
    assert {team for question in QUESTIONS for team in question["teams"]} == {team.value for team in Team}


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_a_short_guide_is_possible_for_every_outcome(outcome: str) -> None:
    """The priority-5 questions alone take at most 15 minutes, so a 15-20 minute guide can hold them all."""
    top = [q for q in QUESTIONS if _active(q) and outcome in q["outcomes"] and q["priority"] == 5]
    assert 5 * 60 <= sum(q["seconds"] for q in top) <= 15 * 60
