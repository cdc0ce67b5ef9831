"""What the wrap-up stores: which questions were answered or skipped, and which reasons fit which outcome."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from builders import booked_interview

from interviewer.clock import FixedClock
from interviewer.console.calls import (
    CallError,
    add_quote,
    add_tag,
    load_call,
    save_note,
    save_progress,
    set_consent,
    start_call,
)
from interviewer.console.wrapup import TakeawayDraft, WrapUp, complete_call, reasons_offered, wrap_up_problems
from interviewer.db import Database
from interviewer.enums import GuideItemState, Outcome, RepReason, Team

CLOCK = FixedClock(datetime(2026, 11, 20, 15, tzinfo=UTC))
S = GuideItemState
R = RepReason
NOTE = TakeawayDraft("Rollout risk decided it", teams=(Team.PRODUCT,), no_quote_reason="Summarised from the notes")


def test_a_question_with_notes_a_quote_or_a_tag_is_answered_even_without_time(database: Database) -> None:
    interview_id = booked_interview(database, CLOCK.now())
    with database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="ida")
        set_consent(session, interview_id, True, CLOCK, actor="ida")
        items = load_call(session, interview_id).items
        timed, noted, quoted, tagged, blank, skipped, untouched = (item.id for item in items[:7])
        save_note(session, interview_id, noted, "Finance could veto.", None, CLOCK)
        save_note(session, interview_id, blank, "   \n", None, CLOCK)  # only spaces: nothing was written
        add_quote(session, interview_id, quoted, "We never saw a rollout plan.", 200)
        add_tag(session, interview_id, tagged, R.PRODUCT_FIT, 260)
        save_note(session, interview_id, skipped, "Came up later.", None, CLOCK)
        save_progress(session, interview_id, elapsed_seconds=600, current_position=None,
                      items={timed: (S.PENDING, 95), skipped: (S.SKIPPED, 0)})
        complete_call(session, interview_id, WrapUp(Outcome.LOST, R.PRODUCT_FIT), [NOTE], actor="ida", clock=CLOCK)
    with database.sessions() as session:
        states = {item.id: item.state for item in load_call(session, interview_id).items}
    assert [states[i] for i in (timed, noted, quoted, tagged)] == [S.ASKED] * 4
    assert [states[i] for i in (blank, skipped, untouched)] == [S.SKIPPED] * 3  # the interviewer's skip stands


@pytest.mark.parametrize(
    ("outcome", "offered", "not_offered"),
    [
        (Outcome.WON, {R.MESSAGING_RESONATED, R.PRICE_ADVANTAGE, R.PRODUCT_FIT, R.OTHER},
         {R.CHAMPION_LEFT, R.NO_DECISION_TIMING, R.POOR_ONBOARDING}),
        (Outcome.LOST, {R.PRODUCT_FIT, R.CHAMPION_LEFT, R.PRICE_ADVANTAGE, R.POOR_ONBOARDING, R.OTHER},
         {R.MESSAGING_RESONATED}),
        (Outcome.NO_DECISION, {R.NO_DECISION_TIMING, R.CHAMPION_LEFT, R.PRODUCT_FIT, R.OTHER},
         {R.MESSAGING_RESONATED}),
        (Outcome.OPEN, set(R), set()),
    ],
)
def test_each_outcome_is_offered_only_the_reasons_that_fit_it(outcome: Outcome, offered: set[RepReason],
                                                              not_offered: set[RepReason]) -> None:
    reasons = set(reasons_offered(outcome))
    assert offered <= reasons and not reasons & not_offered
    assert reasons == {reason for reason in R if reason.fits(outcome)}


def test_the_tags_used_in_the_call_come_first_most_used_first() -> None:
    tagged = [R.PRICE_ADVANTAGE, R.CHAMPION_LEFT, R.CHAMPION_LEFT, R.MESSAGING_RESONATED]
    reasons = reasons_offered(Outcome.LOST, tagged)
    assert reasons[:2] == (R.CHAMPION_LEFT, R.PRICE_ADVANTAGE)  # a win-only tag is not offered for a loss
    assert reasons[2:] == tuple(r for r in R if r.fits(Outcome.LOST) and r not in tagged)
    assert reasons_offered(Outcome.WON, []) == (R.PRICE_ADVANTAGE, R.PRODUCT_FIT, R.MESSAGING_RESONATED, R.OTHER)


def test_a_reason_that_does_not_fit_the_outcome_is_refused(sqlite_database: Database) -> None:
    wrap = WrapUp(Outcome.LOST, R.MESSAGING_RESONATED, (R.PRICE_ADVANTAGE, R.MESSAGING_RESONATED))
    assert wrap_up_problems(wrap, [NOTE]) == ["“Messaging resonated” is not a reason a deal is lost: choose another."]
    assert wrap_up_problems(WrapUp(Outcome.WON, R.PRODUCT_FIT, (R.CHAMPION_LEFT,)), [NOTE]) == [
        "“Champion left” is not a reason a deal is won: choose another."]
    interview_id = booked_interview(sqlite_database, CLOCK.now())
    with sqlite_database.sessions() as session, session.begin(), pytest.raises(CallError, match="Messaging"):
        complete_call(session, interview_id, wrap, [NOTE], actor="ida", clock=CLOCK)
