"""Deciding won / lost / no decision / open, and reading the rep's reason, from what CRMs write."""

from __future__ import annotations

from datetime import date

import pytest

from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Outcome, RepReason
from interviewer.importing.mapping import detect
from interviewer.importing.outcomes import (
    OutcomeProblem,
    classify_stage,
    clean_competitor,
    decide_outcome,
    describe_rule,
    loss_competitor,
    parse_reason,
    read_reason,
)


def outcome(**given: object) -> Outcome:
    arguments = {"stage": None, "status": None, "is_closed": None, "is_won": None, "won_time": None, "lost_time": None}
    arguments.update(given)
    return decide_outcome(**arguments)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "stage",
    ["No decision", "no-decision", "Closed - No Decision", "No Decision / Timing", "closed no decision",
     "stalled – no decision", "NO_DECISION", "Closed: No-Decision (budget)", "Lost - no decision", "noDecision"],
)  # fmt: skip
def test_no_decision_in_its_many_spellings(stage: str) -> None:
    assert classify_stage(stage) is Outcome.NO_DECISION
    assert outcome(stage=stage) is Outcome.NO_DECISION
    assert outcome(stage=stage, is_closed=True, is_won=False) is Outcome.NO_DECISION


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("Closed Won", Outcome.WON), ("Won", Outcome.WON), ("closedwon", Outcome.WON), ("Closed won", Outcome.WON),
        ("6 - Closed/Won", Outcome.WON), ("Closed Lost", Outcome.LOST), ("closedlost", Outcome.LOST),
        ("Closed lost", Outcome.LOST), ("Lost", Outcome.LOST), ("Engaging", Outcome.OPEN),
        ("Prospecting", Outcome.OPEN), ("Qualification", Outcome.OPEN), ("Negotiation/Review", Outcome.OPEN),
        ("Proposal/Price Quote", Outcome.OPEN), ("Id. Decision Makers", Outcome.OPEN),
        ("appointmentscheduled", Outcome.OPEN), ("Perception Analysis", Outcome.OPEN),
    ],
)  # fmt: skip
def test_stage_names(stage: str, expected: Outcome) -> None:
    assert classify_stage(stage) is expected
    assert outcome(stage=stage) is expected


@pytest.mark.parametrize("stage", ["Closed Maybe", "Closed", "Dead", "Disqualified", "Won / Lost"])
def test_closed_looking_stages_that_say_no_outcome_are_refused_not_guessed(stage: str) -> None:
    with pytest.raises(OutcomeProblem, match=f"stage '{stage}'"):
        outcome(stage=stage)


def test_the_refusal_reads_as_a_sentence() -> None:
    with pytest.raises(OutcomeProblem) as caught:
        outcome(stage="Closed Maybe")
    assert str(caught.value) == "stage 'Closed Maybe' is neither won, lost, no decision nor open"


def test_status_columns_come_first() -> None:
    assert outcome(status="won", stage="Qualification") is Outcome.WON
    assert outcome(status="lost") is Outcome.LOST
    assert outcome(status="open") is Outcome.OPEN
    assert outcome(status="No decision") is Outcome.NO_DECISION
    assert outcome(status="lost", loss_reason="No decision / timing") is Outcome.NO_DECISION
    with pytest.raises(OutcomeProblem, match="status 'deleted' is neither"):
        outcome(status="deleted")
    with pytest.raises(OutcomeProblem, match="status 'pending approval' is neither"):
        outcome(status="pending approval")
    assert outcome(status="  ", stage="Closed Won") is Outcome.WON  # an empty status says nothing


def test_salesforce_flags() -> None:
    assert outcome(is_closed=False, is_won=False, stage="Closed Won") is Outcome.OPEN
    assert outcome(is_closed=True, is_won=True, stage="Whatever") is Outcome.WON
    assert outcome(is_closed=True, is_won=False, stage="Closed Lost") is Outcome.LOST
    assert outcome(is_closed=True, is_won=False, stage="Closed Maybe") is Outcome.LOST  # the flags decide
    assert outcome(is_closed=True, is_won=False, stage="Closed - No Decision") is Outcome.NO_DECISION
    assert outcome(is_won=True) is Outcome.WON
    assert outcome(is_won=False, stage="Prospecting") is Outcome.OPEN
    assert outcome(is_won=False) is Outcome.LOST


def test_won_and_lost_times_come_last() -> None:
    assert outcome(won_time=date(2024, 1, 2)) is Outcome.WON
    assert outcome(lost_time=date(2024, 1, 2)) is Outcome.LOST
    assert outcome(lost_time=date(2024, 1, 2), loss_reason="no decision") is Outcome.NO_DECISION
    with pytest.raises(OutcomeProblem, match="both a won time and a lost time"):
        outcome(won_time=date(2024, 1, 2), lost_time=date(2024, 1, 3))
    with pytest.raises(OutcomeProblem, match="nothing in the row says"):
        outcome()


def test_the_rule_used_is_returned_as_a_sentence() -> None:
    assert decide_outcome(stage="Closed Won", status=None, is_closed=True, is_won=True, won_time=None,
                          lost_time=None) == (Outcome.WON, "closed and won")  # fmt: skip
    assert decide_outcome(stage="Engaging", status=None, is_closed=None, is_won=None, won_time=None,
                          lost_time=None) == (Outcome.OPEN, "stage 'Engaging'")  # fmt: skip


def test_batch_rules_name_the_columns() -> None:
    salesforce = detect(["Id", "StageName", "IsClosed", "IsWon", "CloseDate"])
    assert describe_rule(salesforce) == (
        "won/lost from IsClosed and IsWon; open when IsClosed is false; no decision from the stage name (StageName)"
    )
    assert describe_rule({"status": "Deal - Status", "loss_reason": "Deal - Lost reason"}).startswith(
        "won/lost/open from Deal - Status"
    )
    assert "from the stage name (deal_stage)" in describe_rule({"stage": "deal_stage"})
    assert describe_rule({}) == "no column says how deals ended: every row is rejected"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Price", RepReason.PRICE_ADVANTAGE), ("Too expensive", RepReason.PRICE_ADVANTAGE),
        ("Lost to competitor", None), ("Went with Quillmark", None), ("Lost to Brightfold on price", RepReason.PRICE_ADVANTAGE),
        ("Champion left", RepReason.CHAMPION_LEFT), ("Our sponsor left the company", RepReason.CHAMPION_LEFT),
        ("No decision", RepReason.NO_DECISION_TIMING), ("Bad timing", RepReason.NO_DECISION_TIMING),
        ("Missing features", RepReason.PRODUCT_FIT), ("Product fit", RepReason.PRODUCT_FIT),
        ("Poor onboarding", RepReason.POOR_ONBOARDING), ("Messaging resonated", RepReason.MESSAGING_RESONATED),
        ("price_advantage", RepReason.PRICE_ADVANTAGE), ("Other", RepReason.OTHER), ("zzz", RepReason.OTHER),
    ],
)  # fmt: skip
def test_reason_text_maps_to_the_closed_list(text: str, reason: RepReason | None) -> None:
    assert parse_reason(text) is reason


def test_unknown_reason_text_is_kept_in_the_note_unless_there_is_a_note_column() -> None:
    assert read_reason("Golf buddy of the CEO", None, has_note_column=False) == (
        RepReason.OTHER, "Reason given: Golf buddy of the CEO", None,
    )  # fmt: skip
    assert read_reason("Golf buddy of the CEO", "call them", has_note_column=True) == (
        RepReason.OTHER, "call them", None,
    )  # fmt: skip
    assert read_reason("Price", None, has_note_column=False) == (RepReason.PRICE_ADVANTAGE, None, None)
    assert read_reason(None, None, has_note_column=False) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "reason", "competitor"),
    [
        ("Lost to competitor", None, UNKNOWN_COMPETITOR), ("LOST TO COMPETITOR", None, UNKNOWN_COMPETITOR),
        ("Went with Quillmark", None, "Quillmark"), ("Lost to competitor Brightfold", None, "Brightfold"),
        ("Competitor: Northwind Suite. Missing features", RepReason.PRODUCT_FIT, "Northwind Suite"),
        ("Lost to Brightfold on price", RepReason.PRICE_ADVANTAGE, "Brightfold"),
        ("Went with a cheaper vendor", RepReason.PRICE_ADVANTAGE, UNKNOWN_COMPETITOR),
        ("Lost to status quo", RepReason.NO_DECISION_TIMING, None), ("Lost to No Decision", RepReason.NO_DECISION_TIMING, None),
    ],
)  # fmt: skip
def test_a_rival_in_the_reason_text_is_the_competitor_and_the_rest_is_the_reason(
    text: str, reason: RepReason | None, competitor: str | None
) -> None:
    assert read_reason(text, None, has_note_column=False) == (reason, None, competitor)


def test_a_rival_stated_with_an_unknown_reason_keeps_the_words_as_the_note() -> None:
    assert read_reason("Went with Quillmark: their CEO plays golf with ours", None, has_note_column=False) == (
        RepReason.OTHER, "Reason given: Went with Quillmark: their CEO plays golf with ours", "Quillmark",
    )  # fmt: skip


def test_a_loss_to_an_unnamed_rival_keeps_the_competitor_column_else_is_unknown() -> None:
    assert loss_competitor("Brightfold", "Quillmark") == "Brightfold"  # the text names who won
    assert loss_competitor(UNKNOWN_COMPETITOR, "Quillmark") == "Quillmark"
    assert loss_competitor(UNKNOWN_COMPETITOR, None) == UNKNOWN_COMPETITOR
    assert loss_competitor(UNKNOWN_COMPETITOR, NO_COMPETITOR) == UNKNOWN_COMPETITOR  # a rival won: not "none"
    assert loss_competitor(None, NO_COMPETITOR) == NO_COMPETITOR  # the text spoke of no rival


def test_competitor_words_for_none_and_unknown() -> None:
    assert clean_competitor("None") == NO_COMPETITOR
    assert clean_competitor("n/a") == NO_COMPETITOR
    assert clean_competitor("unknown") == UNKNOWN_COMPETITOR
    assert clean_competitor("Quillmark") == "Quillmark"
    assert clean_competitor(None) is None
