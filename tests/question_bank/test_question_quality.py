"""The question quality check: closed and leading questions are flagged with a reason, a span and an open rewrite."""

from __future__ import annotations

import re

import pytest

from question_bank.quality import QualityIssue, check_question

CLOSED = [
    ("Did the price matter?", "Did"),
    ("Was the onboarding smooth?", "Was"),
    ("Were the references useful?", "Were"),
    ("Is there anything else you'd like to add?", "Is there"),
    ("Are you still using spreadsheets?", "Are you"),
    ("Do you think {product} could have won?", "Do you"),
    ("Does {company} have a security review?", "Does"),
    ("Have you used a tool like this before?", "Have you"),
    ("Has anything changed since?", "Has anything"),
    ("Had you heard of {product} before?", "Had you"),
    ("Can you share the shortlist?", "Can you"),
    ("Could you walk me through the evaluation?", "Could you"),
    ("Would you recommend {product} to a peer?", "Would you"),
    ("Will you look at this again next year?", "Will you"),
    ("Should we have called the CFO earlier?", "Should we"),
    ("Shall we talk about pricing?", "Shall we"),
    ("May I ask about the budget?", "May I"),
    ("Anything else you'd like to add?", "Anything else"),
    ("  \"did you like the demo?\"", "did you"),
    ("So did the trial help?", "did"),
    ("{competitor} had a lower price. Was that decisive?", "Was that"),
]

TAGS = [
    ("The price was the main issue, right?", "right"),
    ("You chose {competitor} because of price, correct?", "correct"),
    ("The demo answered your questions, or not?", "or not"),
    ("The trial went well, didn't it?", "didn't it"),
]

LEADING = [
    ("Don't you agree that our onboarding was fast?", "Don't you agree"),
    ("Wouldn't you say the setup took too long?", "Wouldn't you say"),
    ("Isn't it true that support answered quickly?", "Isn't it true"),
    ("How much did you love the demo?", "How much did you love"),
    ("How much did you like working with us?", "How much did you like"),
    ("How much did you hate the old process?", "How much did you hate"),
    ("How great was the demo?", "How great"),
    ("How easy was it to set up {product}?", "How easy"),
    ("How awesome were the integrations?", "How awesome"),
    ("Surely price mattered to {company}?", "Surely"),
    ("Obviously, what did you like most?", "Obviously"),
    ("Of course, what made you choose us?", "Of course"),
    ("I assume the price was too high?", "I assume"),
    ("What made our amazing onboarding stand out?", "amazing"),
    ("Why was their product so clunky?", "clunky"),
    ("What made {competitor}'s terrible support a problem?", "terrible"),
    ("How did our best-in-class reporting help?", "best-in-class"),
    ("What did you think of our world-class team?", "world-class"),
    ("Why did {competitor}'s superior pricing win?", "superior"),
    ("Didn't the demo answer your questions?", "Didn't"),
]

OPEN = [
    "What was the biggest factor in your decision?",
    "How did you go about comparing the options?",
    "Who else was involved in the decision?",
    "Tell me about the moment you realised you needed a new tool.",
    "Walk me through the evaluation, step by step.",
    "Describe the first demo you saw.",
    "Why did you start looking when you did?",
    "Which options made the shortlist, and why?",
    "What else should we have asked you about?",
    "Where did {product} fall short for {company}?",
    "When did the decision stall, and what was happening then?",
    "What, if anything, would have changed your mind?",
    "How, if at all, did the price figure in it?",
    "What was the main reason, would you say?",
    "If you could change one thing about our process, what would it be?",
    "How important was price compared with fit?",
    "Looking back, what would you do differently?",
    "How clearly did we explain pricing?",
    "What did you hear from the references you called, good and bad?",
    "What made this the right time to buy?",
    "What did you think was correct in our proposal?",
    "{company} chose in March: what led up to that?",
    "How did the island office take part?",
    "What did you dial back on during the trial?",
    "Tell me more.",
]


def _only(text: str) -> QualityIssue:
    issues = check_question(text)
    assert len(issues) == 1, issues
    return issues[0]


@pytest.mark.parametrize(("text", "flagged"), CLOSED + TAGS)
def test_closed_questions_are_flagged_at_their_words(text: str, flagged: str) -> None:
    issue = _only(text)
    assert issue.kind == "closed"
    assert text[issue.start:issue.end] == flagged
    assert f'"{flagged}' in issue.reason


@pytest.mark.parametrize(("text", "flagged"), LEADING)
def test_leading_questions_are_flagged_at_their_words(text: str, flagged: str) -> None:
    issues = check_question(text)
    assert [issue.kind for issue in issues] == ["leading"]
    assert text[issues[0].start:issues[0].end] == flagged
    assert f'"{flagged}' in issues[0].reason


@pytest.mark.parametrize("text", OPEN)
def test_open_neutral_questions_pass(text: str) -> None:
    assert check_question(text) == []


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_has_no_issues(text: str) -> None:
    assert check_question(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Island teams: how did they take part?",
        "Dial tone aside, what did the call sound like?",
        "Issues with the trial: what came up?",
        "Discovery calls: how did they go?",
        "Willingness to pay: how did it come up?",
        "Cannot-miss features: which ones were they?",
        "Mayors and councils aside, who signed?",
        "Areas of doubt: what were they?",
    ],
)
def test_words_match_whole_words_only(text: str) -> None:
    assert check_question(text) == []


@pytest.mark.parametrize("text", ["DID THE PRICE MATTER?", "did the price matter?", "dId the price matter?"])
def test_matching_ignores_case(text: str) -> None:
    assert _only(text).kind == "closed"


def test_a_later_sentence_is_checked() -> None:
    text = "Tell me about the evaluation. Did you talk to any references?"
    issue = _only(text)
    assert issue.kind == "closed"
    assert text[issue.start:issue.end] == "Did you"
    assert issue.start == text.index("Did")
    assert "later sentence" in issue.reason
    assert issue.suggestion.startswith("Tell me about the evaluation. ")
    assert check_question(issue.suggestion) == []


def test_a_statement_after_a_question_is_not_a_question() -> None:
    assert check_question("What did you compare? Was it a long list.") == []


def test_the_last_clause_of_a_question_is_checked() -> None:
    text = "Looking back, was it the right call?"
    issue = _only(text)
    assert text[issue.start:issue.end] == "was it"
    assert check_question(issue.suggestion) == []


def test_a_question_being_typed_is_checked_before_its_question_mark() -> None:
    assert _only("Did the price").kind == "closed"


def test_closed_and_leading_parts_are_both_reported_in_text_order() -> None:
    text = "Was the demo amazing?"
    issues = check_question(text)
    assert [(issue.kind, text[issue.start:issue.end]) for issue in issues] == [
        ("closed", "Was"),
        ("leading", "amazing"),
    ]


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Did the price matter?", "How did the price figure in your decision?"),
        ("Is there anything else you'd like to add?", "What else would you like to add?"),
        ("Could you walk me through the evaluation?", "Walk me through the evaluation."),
        (
            "Did you consider any other vendors before choosing us?",
            "What other vendors did you consider before choosing us?",
        ),
        ("May I ask what made you choose {competitor}?", "What made you choose {competitor}?"),
        ("Would you buy again or not?", "How likely are you to buy again, and why?"),
        ("Did you choose them because of price, right?", "What led you to choose them?"),
        ("Did they go with {competitor} because it was cheaper?", "What led them to go with {competitor}?"),
        ("Were you happy with support, right?", "To what extent were you happy with support, and why?"),
        ("What did you weigh, and would you buy again?", "What did you weigh, and how likely are you to buy again?"),
        ("Were there any features missing?", "What features were missing?"),
        ("Was there anyone who could veto?", "Who could veto?"),
        ("Did you hear anything from references?", "What did you hear from references?"),
        ("Did you talk to anyone else?", "Who else did you talk to?"),
        ("Was price the main reason you left?", "What role did price play in your decision?"),
        ("How much did you love the demo?", "What did you think of the demo?"),
        ("How easy was it to set up {product}?", "What was it like to set up {product}?"),
        ("How great was the demo?", "How would you describe the demo?"),
        ("Isn't it true that the demo was amazing?", "How would you describe the demo?"),
        ("Why was their product so clunky?", "How would you describe their product?"),
        ("What made our amazing onboarding stand out?", "What made our onboarding stand out?"),
        ("Obviously, what did you like most?", "What did you like most?"),
        ("The demo was great, don't you agree?", "How would you describe the demo?"),
    ],
)
def test_suggestions_rewrite_this_question(text: str, suggestion: str) -> None:
    assert check_question(text)[0].suggestion == suggestion


@pytest.mark.parametrize(("text", "flagged"), CLOSED + TAGS + LEADING)
def test_suggestions_are_open_and_neutral(text: str, flagged: str) -> None:
    for issue in check_question(text):
        assert issue.suggestion.strip()
        assert check_question(issue.suggestion) == [], (text, issue.suggestion)


@pytest.mark.parametrize("text", [*(t for t, _ in CLOSED), *(t for t, _ in TAGS), "Was our price too high, right?",
                                  "Did the demo help, correct?", "Did you pick the other vendor because of price?"])
def test_a_rewrite_keeps_no_tag_of_the_closed_question(text: str) -> None:
    for issue in check_question(text):
        assert not re.search(r"\b(?:right|correct|or not)\b", issue.suggestion), (text, issue.suggestion)


def test_suggestions_keep_placeholders() -> None:
    issue = _only("Would you recommend {product} to a peer?")
    assert "{product}" in issue.suggestion


def test_issues_are_frozen_values() -> None:
    issue = _only("Did the price matter?")
    assert issue == QualityIssue(issue.kind, issue.reason, issue.suggestion, issue.start, issue.end)
    with pytest.raises(AttributeError):
        issue.kind = "leading"  # type: ignore[misc]
