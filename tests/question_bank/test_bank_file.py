"""Bank files: reading, checking (every problem with its location and line) and writing YAML and JSON."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interviewer.files
from interviewer.enums import Outcome, Phase, Team
from question_bank.bank_file import (
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    BankFile,
    BankFileError,
    BankProblem,
    default_bank,
    read_bank,
    read_bank_file,
    write_bank,
    write_bank_file,
)
from question_bank.spec import INTERVIEW_OUTCOMES, PLACEHOLDERS, QuestionSpec
from paths import REPO

HEAD = "format: winloss-question-bank\nversion: 1\nname: Test bank\nquestions:\n"
"""Four lines: the first question's '- key:' line is line 5."""

BASE_FIELDS: dict[str, str] = {
    "key": "opening.role",
    "text": "What was your role in the decision?",
    "phase": "opening",
    "outcomes": "[won, lost]",
}


def question_yaml(**fields: str | None) -> str:
    """One question as YAML lines under HEAD; a field set to None is left out. Fields are on lines 5, 6, …"""
    merged = {**BASE_FIELDS, **fields}
    lines = [f"{name}: {value}" for name, value in merged.items() if value is not None]
    return "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))


def bank_yaml(**fields: str | None) -> str:
    return HEAD + question_yaml(**fields)


def problems_of(data: bytes | str, **kwargs: object) -> list[BankProblem]:
    with pytest.raises(BankFileError) as caught:
        read_bank(data, **kwargs)  # type: ignore[arg-type]
    assert caught.value.problems, "a BankFileError always carries its problems"
    return caught.value.problems


def only_problem(data: bytes | str, **kwargs: object) -> BankProblem:
    problems = problems_of(data, **kwargs)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def spec(key: str = "opening.role", text: str = "What was your role?", **fields: object) -> QuestionSpec:
    values: dict[str, object] = {"phase": Phase.OPENING, "outcomes": frozenset(INTERVIEW_OUTCOMES)}
    values.update(fields)
    return QuestionSpec(key=key, text=text, **values)  # type: ignore[arg-type]


TRICKY = BankFile(
    name="Bänk: \"quoted\" 'and' #hash",
    description="Für Käufer — 日本語 and emoji 🎯; colons: here",
    questions=(
        spec(
            text='What made {company} choose: "us" or {competitor}?\nTake your time — ünïcödé.',
            phase=Phase.COMPETITION,
            outcomes=frozenset({Outcome.NO_DECISION, Outcome.WON}),
            seconds=900, priority=5, purpose="- starts with a dash: and a colon",
            probes=("yes", "null", "123", "first line\n  indented second line", "tab\tinside", "'single' \"double\""),
            teams=(Team.SALES, Team.CS), tags=("true", "a: b", "#tag", "日本"),
            required=True, active=False,
        ),
        spec(key="closing.anything-else_2", text="Anything else?", phase=Phase.CLOSING, seconds=10, priority=1),
    ),
)


# --------------------------------------------------------------------------- round trips and writing


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_bank_round_trips_exactly(fmt: str) -> None:
    text = write_bank(TRICKY, fmt)
    assert read_bank(text, fmt=fmt) == TRICKY
    assert read_bank(text) == TRICKY, "sniffing finds the same format"
    assert read_bank(text.encode("utf-8"), fmt=fmt) == TRICKY
    assert write_bank(read_bank(text), fmt) == text, "writing is stable"


def test_yaml_output_is_friendly_and_self_describing() -> None:
    text = write_bank(TRICKY, "yaml")
    assert text.startswith("# ") and "docs/question-bank.md" in text.splitlines()[1]
    assert "日本語" in text and "🎯" in text, "unicode is kept, not escaped"
    assert "{" not in yaml.safe_dump({"a": 1}) and "\n  - key: opening.role\n" in text
    first = text.index("  - key: opening.role")
    order = ["key", "text", "phase", "outcomes", "seconds", "priority", "purpose", "probes", "teams", "tags",
             "required", "active"]
    positions = [text.index(f"\n    {name}:", first) if name != "key" else first for name in order]
    assert positions == sorted(positions), "fields are written in the documented order"
    assert "outcomes: [won, no_decision]" in text, "outcomes in the order won, lost, no_decision, as values"
    assert "teams: [sales, cs]" in text and "phase: competition" in text
    assert "text: |-\n" in text, "multi-line text is a literal block"
    second = text[text.index("  - key: closing"):]
    for name in ("purpose: ''", "probes: []", "teams: []", "tags: []", "required: false", "active: true"):
        assert name in second, f"every field is written, even at its default: {name}"


def test_long_text_is_not_wrapped() -> None:
    long_text = " ".join(["word"] * 180) + "?"
    text = write_bank(BankFile("Bank", "", (spec(text=long_text),)), "yaml")
    assert f"text: {long_text}\n" in text


def test_json_output_is_indented_and_keeps_unicode() -> None:
    text = write_bank(TRICKY, "json")
    assert text.endswith("}\n") and '\n  "format": "winloss-question-bank",' in text
    assert "日本語" in text and "\\u" not in text
    data = json.loads(text)
    assert list(data) == ["format", "version", "name", "description", "questions"]
    assert data["questions"][0]["outcomes"] == ["won", "no_decision"]


def test_write_refuses_a_bank_that_would_not_read_back() -> None:
    bad = BankFile("Bank", "", (spec(key="Bad Key"), spec(key="bad.key", seconds=5)))
    with pytest.raises(BankFileError) as caught:
        write_bank(bad, "yaml")
    assert [p.location for p in caught.value.problems] == ["questions[0].key", "questions[1].seconds"]
    with pytest.raises(ValueError):
        write_bank(TRICKY, "xml")


def test_write_normalises_what_reading_would() -> None:
    loose = BankFile(" Bank ", "", (spec(text="  Why?  ", tags=("a", "a", "b")),))
    assert read_bank(write_bank(loose, "json")) == BankFile("Bank", "", (spec(text="Why?", tags=("a", "b")),))


@pytest.mark.parametrize("suffix, fmt", [(".yaml", "yaml"), (".yml", "yaml"), (".json", "json"), (".JSON", "json")])
def test_write_bank_file_takes_the_format_from_the_suffix(tmp_path: Path, suffix: str, fmt: str) -> None:
    path = tmp_path / f"bank{suffix}"
    write_bank_file(TRICKY, path)
    assert path.read_text(encoding="utf-8") == write_bank(TRICKY, fmt)
    assert read_bank_file(path) == TRICKY
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name], "no temporary file is left"


def test_write_bank_file_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="yaml"):
        write_bank_file(TRICKY, tmp_path / "bank.txt")
    assert list(tmp_path.iterdir()) == []


def test_write_bank_file_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("old content", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(interviewer.files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_bank_file(TRICKY, path)
    assert path.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["bank.yaml"], "the temporary file is removed"


def test_write_bank_file_touches_nothing_when_the_bank_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    with pytest.raises(BankFileError):
        write_bank_file(BankFile("", "", ()), path)
    assert list(tmp_path.iterdir()) == []


def test_write_bank_file_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    write_bank_file(TRICKY, path)
    assert path.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- reading: the format as documented


def test_the_documented_example_reads() -> None:
    text = HEAD + question_yaml(
        seconds="90", priority="4", purpose='"Warm up"', probes='["How long?", "Who else?"]',
        teams="[product, marketing]", tags="[decision-driver]", required="false", active="true",
    )
    bank = read_bank(text)
    assert bank.name == "Test bank" and bank.description == ""
    (question,) = bank.questions
    assert question == QuestionSpec(
        key="opening.role", text="What was your role in the decision?", phase=Phase.OPENING,
        outcomes=frozenset({Outcome.WON, Outcome.LOST}), seconds=90, priority=4, purpose="Warm up",
        probes=("How long?", "Who else?"), teams=(Team.PRODUCT, Team.MARKETING), tags=("decision-driver",),
        required=False, active=True,
    )
    assert question.id is None


def test_optional_fields_take_their_defaults() -> None:
    (question,) = read_bank(bank_yaml(purpose="", probes="", teams="", tags="~")).questions
    assert (question.seconds, question.priority, question.purpose) == (120, 3, "")
    assert (question.probes, question.teams, question.tags) == ((), (), ())
    assert (question.required, question.active) == (False, True)


def test_values_are_normalised() -> None:
    text = bank_yaml(
        text='"  Why now?  "', phase="Evaluation and criteria", outcomes="[No Decision, WON, won]",
        teams="[Customer success, cs, SALES]", tags="[' pricing ', pricing, roadmap]",
        probes="['  first  ']", purpose="'line one\r\nline two'",
    )
    (question,) = read_bank(text).questions
    assert question.text == "Why now?"
    assert question.phase is Phase.EVALUATION
    assert question.outcomes == frozenset({Outcome.NO_DECISION, Outcome.WON})
    assert question.teams == (Team.CS, Team.SALES)
    assert question.tags == ("pricing", "roadmap")
    assert question.probes == ("first",)


def test_crlf_line_endings_in_strings_become_newlines() -> None:
    data = {"format": "winloss-question-bank", "version": 1, "name": "B", "questions": [
        {"key": "a", "text": "One\r\ntwo\rthree?", "phase": "opening", "outcomes": ["won"]}]}
    (question,) = read_bank(json.dumps(data)).questions
    assert question.text == "One\ntwo\nthree?"


def test_a_bank_may_be_empty() -> None:
    assert read_bank(HEAD.replace("questions:\n", "questions: []\n")).questions == ()


def test_a_missing_name_comes_from_the_file_name() -> None:
    text = bank_yaml().replace("name: Test bank\n", "")
    assert read_bank(text, source="/some/where/Churn deep dive.yaml").name == "Churn deep dive"
    problem = only_problem(text)
    assert (problem.location, problem.line) == ("name", 1)


def test_placeholders_are_allowed_in_the_text() -> None:
    text = "Why {company} over {competitor}, given { product }?"
    (question,) = read_bank(bank_yaml(text=json.dumps(text))).questions
    assert question.text == text


# --------------------------------------------------------------------------- reading: one problem at a time


QUESTION_PROBLEMS = [
    # (fields, location, line, words the message holds)
    ({"phase": "finance"}, "questions[0].phase", 7, ["'finance' is not a phase", "opening, decision_process"]),
    ({"phase": "[opening]"}, "questions[0].phase", 7, ["must be a phase", "a list"]),
    ({"outcomes": "[won, maybe]"}, "questions[0].outcomes[1]", 8, ["'maybe' is not an outcome", "won, lost"]),
    ({"outcomes": "[open]"}, "questions[0].outcomes[0]", 8, ["'open' is not allowed", "never interviewed"]),
    ({"outcomes": "[]"}, "questions[0].outcomes", 8, ["at least one outcome", "won, lost, no_decision"]),
    ({"outcomes": "won"}, "questions[0].outcomes", 8, ["must be a list"]),
    ({"seconds": "two minutes"}, "questions[0].seconds", 9, ["whole number of seconds from 10 to 900",
                                                             "'two minutes'"]),
    ({"seconds": "true"}, "questions[0].seconds", 9, ["whole number", "not true"]),
    ({"seconds": "90.5"}, "questions[0].seconds", 9, ["whole number", "90.5"]),
    ({"seconds": "5"}, "questions[0].seconds", 9, ["5 is out of range", "10 to 900"]),
    ({"seconds": "901"}, "questions[0].seconds", 9, ["901 is out of range"]),
    ({"priority": "7"}, "questions[0].priority", 9, ["7 is out of range", "from 1 to 5"]),
    ({"priority": "'high'"}, "questions[0].priority", 9, ["must be a whole number from 1 to 5"]),
    ({"required": "maybe"}, "questions[0].required", 9, ["must be true or false", "'maybe'"]),
    ({"active": "1"}, "questions[0].active", 9, ["must be true or false", "not 1"]),
    ({"teams": "[product, finance]"}, "questions[0].teams[1]", 9, ["'finance' is not a team", "product, cs"]),
    ({"teams": "product"}, "questions[0].teams", 9, ["must be a list"]),
    ({"key": "Opening Role"}, "questions[0].key", 5, ["'Opening Role' is not a valid key", "lower-case"]),
    ({"key": "123"}, "questions[0].key", 5, ["must be text", "123"]),
    ({"key": "'" + "a" * 81 + "'"}, "questions[0].key", 5, ["is not a valid key", "up to 80"]),
    ({"text": "'   '"}, "questions[0].text", 6, ["is empty"]),
    ({"text": ""}, "questions[0].text", 6, ["has no value"]),
    ({"text": "Ask {customer} why?"}, "questions[0].text", 6, ["{customer} is not a placeholder", "{company}"]),
    ({"text": "Ask {company why?"}, "questions[0].text", 6, ["unmatched '{'"]),
    ({"text": "Ask company} why?"}, "questions[0].text", 6, ["unmatched"]),
    ({"text": '"Bell\\a here?"'}, "questions[0].text", 6, ["U+0007", "control character"]),
    ({"text": '"Line\\Lseparator"'}, "questions[0].text", 6, ["U+2028", "LINE SEPARATOR"]),
    ({"text": "x" * 1001}, "questions[0].text", 6, ["1001 characters", "limit is 1000"]),
    ({"purpose": "x" * 1001}, "questions[0].purpose", 9, ["limit is 1000"]),
    ({"purpose": '"\\x1b[31m"'}, "questions[0].purpose", 9, ["U+001B"]),
    ({"probes": "['" + "x" * 501 + "']"}, "questions[0].probes[0]", 9, ["limit is 500"]),
    ({"probes": "[ok, '  ']"}, "questions[0].probes[1]", 9, ["is empty"]),
    ({"probes": "[" + ", ".join(["p"] * 11) + "]"}, "questions[0].probes", 9, ["11 probes", "at most 10"]),
    ({"probes": "[[nested]]"}, "questions[0].probes[0]", 9, ["must be text", "a list"]),
    ({"tags": "['" + "t" * 61 + "']"}, "questions[0].tags[0]", 9, ["limit is 60"]),
    ({"tags": "[2024]"}, "questions[0].tags[0]", 9, ["must be text", "2024", "quotes"]),
    ({"category": "pricing"}, "questions[0].category", 9, ["not a field of a question", "key, text, phase"]),
    ({"prority": "3"}, "questions[0].prority", 9, ["did you mean 'priority'"]),
    ({"phase": None}, "questions[0]", 5, ["required field 'phase' is missing", "key, text, phase and outcomes"]),
    ({"key": None}, "questions[0]", 5, ["required field 'key' is missing"]),
]


@pytest.mark.parametrize("fields, location, line, words", QUESTION_PROBLEMS,
                         ids=[f"{p[1]}:{p[3][0][:30]}" for p in QUESTION_PROBLEMS])
def test_each_question_problem_is_reported_with_location_and_line(
    fields: dict[str, str | None], location: str, line: int, words: list[str]
) -> None:
    problem = only_problem(bank_yaml(**fields))
    assert (problem.location, problem.line) == (location, line), str(problem)
    for word in words:
        assert word in problem.message, str(problem)


FILE_PROBLEMS = [
    # (text, location, line, words)
    ("- a\n- b\n", "file", 1, ["must be a mapping", "a list"]),
    ("just words\n", "file", 1, ["must be a mapping", "'just words'"]),
    ("", "file", 1, ["is empty"]),
    ("# only a comment\n", "file", 1, ["is empty"]),
    ("---\n", "file", 1, ["is empty"]),
    (HEAD.replace("format: winloss-question-bank\n", "") + question_yaml(), "format", 1, ["is missing"]),
    (HEAD.replace("winloss-question-bank", "deals") + question_yaml(), "format", 1, ["'deals'",
                                                                                     "winloss-question-bank"]),
    (HEAD.replace("version: 1\n", "") + question_yaml(), "version", 1, ["is missing", "supported versions: 1"]),
    (HEAD.replace("version: 1", "version: 2") + question_yaml(), "version", 2, ["2 is not supported",
                                                                               "supported versions: 1"]),
    (HEAD.replace("version: 1", "version: one") + question_yaml(), "version", 2, ["whole number", "versions: 1"]),
    (HEAD.replace("name: Test bank", "name: '  '") + question_yaml(), "name", 3, ["is empty"]),
    (HEAD.replace("name: Test bank", "name: [a]") + question_yaml(), "name", 3, ["must be text"]),
    (HEAD.replace("questions:\n", "questions: none\n"), "questions", 4, ["must be a list", "'none'"]),
    ("format: winloss-question-bank\nversion: 1\nname: B\n", "questions", 1, ["is missing", "questions: []"]),
    (HEAD + "  - just a sentence\n", "questions[0]", 5, ["must be a mapping of fields", "key, text"]),
    (HEAD.replace("questions:", "description: ['x']\nquestions:") + question_yaml(), "description", 4,
     ["must be text"]),
    ("name: a\nname: b\n" + HEAD.replace("name: Test bank\n", "") + question_yaml(), "name", 2,
     ["given twice", "lines 1 and 2"]),
]


@pytest.mark.parametrize("text, location, line, words", FILE_PROBLEMS, ids=[f"{p[1]}:{p[3][0]}" for p in FILE_PROBLEMS])
def test_each_file_problem_is_reported_with_location_and_line(
    text: str, location: str, line: int, words: list[str]
) -> None:
    problem = only_problem(text)
    assert (problem.location, problem.line) == (location, line), str(problem)
    for word in words:
        assert word in problem.message, str(problem)


def test_a_misspelt_field_is_reported_with_what_is_then_missing() -> None:
    problems = problems_of(HEAD.replace("questions:\n", "qestions: []\n"))
    assert [(p.location, p.line) for p in problems] == [("questions", 1), ("qestions", 4)]
    assert "did you mean 'questions'?" in problems[1].message


def test_an_unsupported_version_does_not_judge_the_questions() -> None:
    text = HEAD.replace("version: 1", "version: 3") + question_yaml(phase="something-new")
    assert [p.location for p in problems_of(text)] == ["version"]


def test_a_duplicate_key_names_both_questions() -> None:
    text = HEAD + question_yaml() + question_yaml(text="Another?") + question_yaml(key="other") + question_yaml()
    problems = problems_of(text)
    assert [(p.location, p.line) for p in problems] == [("questions[1].key", 9), ("questions[3].key", 17)]
    assert "'opening.role' is already the key of questions[0] (line 5)" in problems[0].message


def test_a_field_given_twice_in_a_question_is_reported() -> None:
    problem = only_problem(bank_yaml() + "    phase: closing\n")
    assert (problem.location, problem.line) == ("questions[0].phase", 9)
    assert "lines 7 and 9" in problem.message


def test_several_problems_are_all_reported_in_file_order() -> None:
    text = (
        HEAD.replace("version: 1", "version: 1\ncolour: blue")
        + question_yaml(phase="finance", seconds="0")
        + question_yaml(key="second", text="Hi {customer}", outcomes="[open]", priority="9", teams="[money]")
        + "  - key: third\n"
    )
    problems = problems_of(text, source="bank.yaml")
    assert [(p.line, p.location) for p in problems] == [
        (3, "colour"),
        (8, "questions[0].phase"),
        (10, "questions[0].seconds"),
        (12, "questions[1].text"),
        (14, "questions[1].outcomes[0]"),
        (15, "questions[1].priority"),
        (16, "questions[1].teams[0]"),
        (17, "questions[2]"),
        (17, "questions[2]"),
        (17, "questions[2]"),
    ]
    with pytest.raises(BankFileError) as caught:
        read_bank(text, source="/tmp/bank.yaml")
    message = str(caught.value)
    assert message.startswith("bank.yaml has 10 problems: line 3, colour: is not a field")
    assert message.endswith("; and 7 more")


def test_problem_and_error_text() -> None:
    problem = BankProblem("questions[3].phase", "'finance' is not a phase; use one of opening", 12)
    assert str(problem) == "line 12, questions[3].phase: 'finance' is not a phase; use one of opening"
    assert str(BankProblem("file", "is empty")) == "file: is empty"
    error = BankFileError([problem])
    assert isinstance(error, ValueError) and error.problems == [problem]
    assert str(error) == f"The bank file has 1 problem: {problem}"


def test_too_many_questions() -> None:
    question = {"key": "k", "text": "Why?", "phase": "opening", "outcomes": ["won"]}
    data = {"format": "winloss-question-bank", "version": 1, "name": "Big", "questions": [question]}
    data["questions"] = [dict(question, key=f"k{i}") for i in range(MAX_QUESTIONS)]
    assert len(read_bank(json.dumps(data)).questions) == MAX_QUESTIONS
    data["questions"].append(dict(question, key="one-more"))
    problem = only_problem(json.dumps(data, indent=1))
    assert (problem.location, problem.line) == ("questions", 5)
    assert f"{MAX_QUESTIONS + 1} questions" in problem.message and str(MAX_QUESTIONS) in problem.message


def test_a_file_too_large_is_refused_before_parsing(tmp_path: Path) -> None:
    big = bank_yaml().encode() + b"#" * MAX_FILE_BYTES
    problem = only_problem(big)
    assert problem.location == "file" and f"is {len(big):,} bytes" in problem.message
    assert "at most 5,242,880 bytes (5 MB)" in problem.message
    path = tmp_path / "big.yaml"
    path.write_bytes(big)
    with pytest.raises(BankFileError, match="at most 5,242,880 bytes"):
        read_bank_file(path)


def test_write_refuses_a_bank_too_large_to_read_back() -> None:
    long = spec(text="Why " + "x" * 990 + "?", purpose="p" * 1000, probes=("q" * 500,) * 10)
    bank = BankFile("Big", "", tuple(replace(long, key=f"k{i}") for i in range(1000)))
    with pytest.raises(BankFileError, match="bytes; a bank file may be at most"):
        write_bank(bank, "json")


def test_an_unreadable_file_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(BankFileError) as caught:
        read_bank_file(tmp_path / "missing.yaml")
    (problem,) = caught.value.problems
    assert problem.location == "file" and "cannot be read" in problem.message


# --------------------------------------------------------------------------- encodings and syntax


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
    lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    lambda text: "\ufeff" + text,
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "str-with-bom"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_encodings_are_accepted(encode, fmt: str) -> None:  # type: ignore[no-untyped-def]
    assert read_bank(encode(write_bank(TRICKY, fmt))) == TRICKY


def test_invalid_utf8_names_the_byte_offset_and_line() -> None:
    data = bank_yaml().encode("utf-8").replace(b"role in", b"role \xff in")
    problem = only_problem(data)
    assert (problem.location, problem.line) == ("file", 6)
    assert "not valid UTF-8" in problem.message
    offset = data.index(b"\xff")
    assert f"offset {offset}" in problem.message and "0xff" in problem.message


def test_a_lone_surrogate_in_text_is_reported() -> None:
    problem = only_problem(bank_yaml(text="Why \ud800?"))
    assert (problem.location, problem.line) == ("file", 6) and "U+D800" in problem.message
    assert "not valid YAML" in only_problem(bank_yaml(text='"Why \\ud800?"')).message
    text = write_bank(TRICKY, "json").replace('"Anything else?"', '"Anything \\ud800?"')
    problem = only_problem(text)
    assert problem.location == "questions[1].text" and "U+D800 (an unpaired surrogate)" in problem.message


def test_utf16_without_a_byte_order_mark_is_explained() -> None:
    problem = only_problem(bank_yaml().encode("utf-16-le"))
    assert problem.location == "file" and "NUL" in problem.message and "UTF-8" in problem.message


def test_yaml_syntax_error_gives_line_and_column() -> None:
    problem = only_problem(bank_yaml(outcomes="[won, lost"))
    assert (problem.location, problem.line) == ("file", 9)
    assert "not valid YAML" in problem.message and "column" in problem.message


def test_yaml_bad_indentation_gives_the_line() -> None:
    text = bank_yaml() + "   phase: closing\n"
    problem = only_problem(text)
    assert problem.location == "file" and problem.line == 9 and "column 4" in problem.message


def test_raw_control_characters_in_yaml_are_a_syntax_problem() -> None:
    problem = only_problem(bank_yaml(text="Bell\x07here?"))
    assert (problem.location, problem.line) == ("file", 6)
    assert "control characters" in problem.message


def test_json_syntax_error_gives_line_and_column() -> None:
    text = write_bank(TRICKY, "json").replace('"seconds": 900,', '"seconds": 900')
    problem = only_problem(text)
    assert problem.location == "file" and "not valid JSON at column" in problem.message
    assert problem.line == text.splitlines().index('      "seconds": 900') + 2


def test_json_problems_have_lines() -> None:
    text = write_bank(TRICKY, "json").replace('"phase": "closing"', '"phase": "finance"').replace(
        '"priority": 5', '"priority": 6')
    lines = text.splitlines()
    problems = problems_of(text)
    assert [(p.location, p.line) for p in problems] == [
        ("questions[0].priority", next(i for i, s in enumerate(lines) if '"priority": 6' in s) + 1),
        ("questions[1].phase", next(i for i, s in enumerate(lines) if '"finance"' in s) + 1),
    ]


def test_json_duplicate_fields_and_escaped_control_characters() -> None:
    text = ('{"format": "winloss-question-bank", "version": 1, "name": "B\\u0000ad",\n'
            '"questions": [{"key": "a", "key": "b", "text": "Why?", "phase": "opening", "outcomes": ["won"]}]}')
    problems = problems_of(text)
    assert [(p.location, p.line) for p in problems] == [("name", 1), ("questions[0].key", 2)]
    assert "U+0000" in problems[0].message and "given twice" in problems[1].message


def test_json_top_level_must_be_an_object() -> None:
    problem = only_problem("[1, 2]", fmt="json")
    assert problem.location == "file" and "must be a mapping" in problem.message
    assert only_problem("  ", fmt="json").message.startswith("is empty")


def test_deep_nesting_is_refused() -> None:
    deep = "[" * 100 + "]" * 100
    assert "levels deep" in only_problem('{"format": ' + deep + "}").message
    assert "levels deep" in only_problem("format: " + deep + "\n").message
    assert "levels deep" in only_problem('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}").message


# --------------------------------------------------------------------------- YAML safety


def test_aliases_are_refused() -> None:
    text = bank_yaml(text="&question What was your role?") + question_yaml(key="again", text="*question")
    problem = only_problem(text)
    assert (problem.location, problem.line) == ("questions[1].text", 10)
    assert "alias *question" in problem.message


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    problems = problems_of("\n".join(lines) + "\n")
    assert problems and all("alias" in p.message for p in problems)


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system ['echo hacked']",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!custom thing",
])
def test_only_plain_data_is_read(value: str) -> None:
    problems = problems_of(bank_yaml(purpose=value))
    assert problems[0].location.startswith("questions[0].purpose")
    assert "YAML tag" in problems[0].message and "plain data" in problems[0].message


def test_more_than_one_document_is_refused() -> None:
    problem = only_problem(bank_yaml() + "---\n" + bank_yaml())
    assert (problem.location, problem.line) == ("file", 9) and "more than one YAML document" in problem.message


def test_yaml_scalars_resolve_as_yaml_does() -> None:
    (question,) = read_bank(bank_yaml(seconds="1_0_0", priority="0x3", required="yes", active="off")).questions
    assert (question.seconds, question.priority, question.required, question.active) == (100, 3, True, False)
    assert "2024-01-01" in only_problem(bank_yaml(purpose="2024-01-01")).message


def test_field_names_must_be_text() -> None:
    problem = only_problem(bank_yaml() + "    7: seven\n")
    assert (problem.location, problem.line) == ("questions[0]", 9) and "field name 7 is not text" in problem.message


# --------------------------------------------------------------------------- sniffing and files


def test_sniffing_picks_json_for_an_object_and_yaml_otherwise() -> None:
    json_text = write_bank(TRICKY, "json")
    assert read_bank("\n  \t" + json_text) == TRICKY
    assert read_bank(b"\xef\xbb\xbf \n" + json_text.encode()) == TRICKY
    yaml_text = write_bank(TRICKY, "yaml")
    assert read_bank(yaml_text) == TRICKY
    assert "not valid JSON" in only_problem(yaml_text, fmt="json").message
    with pytest.raises(ValueError, match="yaml"):
        read_bank(yaml_text, fmt="xml")


def test_read_bank_file_uses_the_suffix_then_sniffs(tmp_path: Path) -> None:
    (tmp_path / "bank.yml").write_text(write_bank(TRICKY, "yaml"), encoding="utf-8")
    (tmp_path / "bank.txt").write_text(write_bank(TRICKY, "json"), encoding="utf-8")
    (tmp_path / "wrong.json").write_text(write_bank(TRICKY, "yaml"), encoding="utf-8")
    assert read_bank_file(tmp_path / "bank.yml") == TRICKY
    assert read_bank_file(tmp_path / "bank.txt") == TRICKY
    with pytest.raises(BankFileError, match="wrong.json has 1 problem: line 1, file: is not valid JSON"):
        read_bank_file(tmp_path / "wrong.json")


# --------------------------------------------------------------------------- the shipped bank


def test_the_default_bank_loads_without_problems() -> None:
    bank = default_bank()
    assert bank.name and len(bank.questions) >= 45
    assert read_bank(write_bank(bank, "yaml")) == bank


# --------------------------------------------------------------------------- property: any valid bank round-trips


_SAFE_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="{}")
_LINE_CHARS = st.one_of(_SAFE_CHARS, st.sampled_from("\n\t :#-'\"|>&*!%@`,[]"))


def _words(max_size: int, *, min_size: int = 1, lines: bool = True) -> st.SearchStrategy[str]:
    alphabet = _LINE_CHARS if lines else _SAFE_CHARS
    return st.text(alphabet, min_size=min_size, max_size=max_size).map(str.strip).filter(
        lambda s: len(s) >= min_size)


_TEXTS = st.lists(
    st.one_of(_words(40), st.sampled_from([f"{{{name}}}" for name in PLACEHOLDERS])), min_size=1, max_size=5,
).map(" ".join).filter(lambda s: 0 < len(s) <= 1000)
_KEYS = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True)

_SPECS = st.builds(
    QuestionSpec,
    key=_KEYS,
    text=_TEXTS,
    phase=st.sampled_from(list(Phase)),
    outcomes=st.frozensets(st.sampled_from(INTERVIEW_OUTCOMES), min_size=1),
    seconds=st.integers(10, 900),
    priority=st.integers(1, 5),
    purpose=st.one_of(st.just(""), _words(200)),
    probes=st.lists(_words(100), max_size=10).map(tuple),
    teams=st.lists(st.sampled_from(list(Team)), unique=True).map(tuple),
    tags=st.lists(_words(60, lines=False), unique=True, max_size=5).map(tuple),
    active=st.booleans(),
    required=st.booleans(),
)
_BANKS = st.builds(
    BankFile,
    name=_words(200),
    description=st.one_of(st.just(""), _words(300)),
    questions=st.lists(_SPECS, max_size=4, unique_by=lambda q: q.key).map(tuple),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=_BANKS)
def test_any_valid_bank_round_trips_through_both_formats(bank: BankFile) -> None:
    for fmt in ("yaml", "json"):
        text = write_bank(bank, fmt)
        assert read_bank(text, fmt=fmt) == bank
        assert read_bank(text.encode("utf-8")) == bank


# --------------------------------------------------------------------------- the documentation


DOCS = REPO / "docs" / "question-bank.md"


def _doc_blocks(language: str) -> list[str]:
    """The fenced code blocks of the page written in ``language`` ("" for plain blocks)."""
    blocks: list[str] = []
    lines: list[str] = []
    fence: str | None = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if not line.startswith("```"):
            lines.append(line)
        elif fence is None:
            fence, lines = line[3:].strip(), []
        else:
            if fence == language:
                blocks.append("\n".join(lines) + "\n")
            fence = None
    return blocks


def test_the_documented_examples_read() -> None:
    example = read_bank(_doc_blocks("yaml")[0], fmt="yaml")
    assert [q.key for q in example.questions] == ["opening.role", "competition.difference"]
    assert read_bank(_doc_blocks("json")[0], fmt="json").questions[0].key == "opening.role"


def test_the_documented_problems_are_what_reading_reports() -> None:
    bad_file = next(block for block in _doc_blocks("yaml") if "{customer}" in block)
    reported = next(block for block in _doc_blocks("") if block.startswith("line 6,"))
    assert [str(p) for p in problems_of(bad_file)] == reported.splitlines()
