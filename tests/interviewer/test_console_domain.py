"""The live call without a window: timers, pace and drops, notes with versions, quotes, tags, wrap-up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from builders import booked_interview
from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.console.calls import (
    CallError,
    NoteConflict,
    add_question,
    add_quote,
    add_tag,
    calls_in_progress,
    load_call,
    quote_words,
    save_note,
    save_progress,
    set_consent,
    start_call,
)
from interviewer.console.pace import PaceState, PlanItem, pace
from interviewer.console.timers import Stopwatch, clock_text
from interviewer.console.wrapup import (
    ReasonCheck,
    TakeawayDraft,
    WrapUp,
    complete_call,
    default_teams,
    reason_check,
)
from interviewer.db import Database
from interviewer.enums import (
    GuideItemState,
    InterviewStatus,
    Outcome,
    RepReason,
    Sentiment,
    TakeawayKind,
    Team,
)
from interviewer.models import Interview, Takeaway
from question_bank.durations import observed_durations

CLOCK = FixedClock(datetime(2026, 11, 20, 15, tzinfo=UTC))
P = GuideItemState.PENDING


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_stopwatch_counts_only_while_running_and_resumes_from_saved_time() -> None:
    ticks = Ticks()
    watch = Stopwatch(ticks, elapsed=30)
    ticks.now += 10
    assert watch.elapsed() == 30 and not watch.running
    watch.start()
    ticks.now += 12.5
    watch.pause()
    ticks.now += 100
    assert watch.elapsed() == 42.5
    assert (clock_text(42.5), clock_text(-95), clock_text(3600)) == ("0:42", "-1:35", "60:00")


def _items(*planned: tuple[int, int, bool], spent: dict[int, float] | None = None) -> list[PlanItem]:
    return [PlanItem(i, seconds, (spent or {}).get(i, 0.0), P, required, priority)
            for i, (seconds, priority, required) in enumerate(planned)]


def test_on_pace_behind_and_over_the_limit() -> None:
    items = _items((120, 5, True), (120, 4, False), (120, 2, False), (60, 1, False))
    fresh = pace(items, None, 0, intro_seconds=90, wrap_seconds=60, limit_seconds=600)  # still introducing
    assert fresh.planned_end == 570 and fresh.projected_end == 570 and fresh.state is PaceState.ON_PACE
    # two minutes into the first question, plus the introduction: 90 s behind plan
    late = pace(_items((120, 5, True), (120, 4, False), (120, 2, False), (60, 1, False), spent={0: 120}), 0, 300,
                intro_seconds=90, wrap_seconds=60, limit_seconds=600)
    assert late.projected_end == 300 + 300 + 60 and late.state is PaceState.OVER_LIMIT and late.slack == -90
    assert late.drop == (3, 2) and late.drop_saves == 180  # lowest priority first, only as many as needed
    slightly = pace(items, 0, 150, intro_seconds=90, wrap_seconds=60, limit_seconds=700)
    assert slightly.state is PaceState.BEHIND and slightly.drop == (3,)


def test_required_and_current_questions_are_never_suggested_for_dropping() -> None:
    items = _items((300, 1, True), (300, 1, False), (300, 5, False))
    result = pace(items, 1, 900, intro_seconds=0, wrap_seconds=0, limit_seconds=1000)
    assert result.drop == (2,)


@pytest.fixture
def call(database: Database) -> tuple[Database, int]:
    return database, booked_interview(database, CLOCK.now())


def test_notes_need_consent_and_a_stale_save_gets_both_texts(call: tuple[Database, int]) -> None:
    database, interview_id = call
    with database.sessions() as session:
        first = load_call(session, interview_id).items[0]
    with database.sessions() as session, session.begin(), pytest.raises(CallError, match="consent"):
        save_note(session, interview_id, first.id, "hello", None, CLOCK)
    with database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="ida")
        set_consent(session, interview_id, True, CLOCK, actor="ida")
        version = save_note(session, interview_id, first.id, "Runs ops for 40 depots", None, CLOCK)
    with database.sessions() as session, session.begin():  # a second console saves over version 1
        assert save_note(session, interview_id, first.id, "Runs ops\x00 for 40 depots; hates spreadsheets", version,
                         CLOCK) == 2
    with database.sessions() as session, session.begin(), pytest.raises(NoteConflict) as conflict:
        save_note(session, interview_id, first.id, "Runs ops for 41 depots", version, CLOCK)
    assert conflict.value.theirs == "Runs ops for 40 depots; hates spreadsheets"
    assert conflict.value.mine == "Runs ops for 41 depots" and conflict.value.version == 2
    with database.sessions() as session:
        saved = load_call(session, interview_id)
    assert saved.notes[first.id].text == "Runs ops for 40 depots; hates spreadsheets" and saved.consent


def test_two_first_notes_at_once_conflict_instead_of_failing(call: tuple[Database, int]) -> None:
    database, interview_id = call
    with database.sessions() as session, session.begin():
        set_consent(session, interview_id, True, CLOCK, actor="ida")
        item_id = load_call(session, interview_id).items[1].id
        save_note(session, interview_id, item_id, "mine first", None, CLOCK)
    with database.sessions() as session, session.begin(), pytest.raises(NoteConflict):
        save_note(session, interview_id, item_id, "theirs", None, CLOCK)


def test_quotes_tags_progress_and_an_added_question_are_kept(call: tuple[Database, int]) -> None:
    database, interview_id = call
    with database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="ida")
        set_consent(session, interview_id, True, CLOCK, actor="ida")
        items = load_call(session, interview_id).items
        add_quote(session, interview_id, items[1].id, '  "Your price was fine; the rollout plan was not."  ', 312.7)
        add_tag(session, interview_id, items[1].id, RepReason.PRODUCT_FIT, 320)
        added = add_question(session, interview_id, "How did the  rollout plan compare?", items[1].position)
        save_progress(session, interview_id, elapsed_seconds=330.9, current_position=items[1].position,
                      items={items[0].id: (GuideItemState.ASKED, 95.4), items[1].id: (P, 140.0)})
    with database.sessions() as session:
        saved = load_call(session, interview_id)
        in_progress = calls_in_progress(session)
    assert saved.quotes[0].text == "Your price was fine; the rollout plan was not." and saved.quotes[0].offset_seconds == 312
    assert saved.tags[0].reason is RepReason.PRODUCT_FIT and saved.tags[0].item_id == items[1].id
    assert [i.id for i in saved.items][2] == added and saved.items[2].ad_hoc
    assert saved.items[2].text == "How did the rollout plan compare?"
    assert [i.position for i in saved.items] == list(range(len(saved.items)))
    assert (saved.items[0].state, saved.items[0].spent_seconds, saved.items[1].spent_seconds) == (
        GuideItemState.ASKED, 95, 140)
    assert (saved.elapsed_seconds, saved.current_position) == (330, items[1].position)
    assert in_progress == [(interview_id, "VP Operations, Harbor Freight Co", 330)]


def test_the_wrap_up_completes_the_call_and_teaches_the_bank(call: tuple[Database, int]) -> None:
    database, interview_id = call
    with database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="ida")
        set_consent(session, interview_id, True, CLOCK, actor="ida")
        items = load_call(session, interview_id).items
        quote = add_quote(session, interview_id, items[1].id, "The rollout plan scared our depot leads.", 200)
        save_progress(session, interview_id, elapsed_seconds=600, current_position=None,
                      items={items[0].id: (GuideItemState.ASKED, 80), items[1].id: (P, 150),
                             items[2].id: (GuideItemState.SKIPPED, 0)})
    with database.sessions() as session:
        teams = default_teams(session, interview_id, [quote])
        check = reason_check(session, interview_id, RepReason.PRODUCT_FIT)
    assert teams == tuple(t for t in Team if t in items[1].teams)
    assert check == ReasonCheck(RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT) and check.mismatch

    bare = TakeawayDraft("They want a phased rollout", teams=(Team.PRODUCT,))
    assert bare.problems() == ["Attach the quote that backs it, or say why there is none."]
    wrap = WrapUp(Outcome.LOST, RepReason.PRODUCT_FIT, (RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT), "Routewise",
                  "Rollout risk, then price", "Show a rollout plan earlier")
    with database.sessions() as session, session.begin(), pytest.raises(CallError, match="Takeaway 1"):
        complete_call(session, interview_id, wrap, [bare], actor="ida", clock=CLOCK)
    drafts = [
        TakeawayDraft("Rollout risk outweighed price", teams=teams, quote_ids=(quote,), theme="Rollout",
                      importance=3, sentiment=Sentiment.NEGATIVE, kind=TakeawayKind.GAP),
        TakeawayDraft("Sales team was responsive", teams=(Team.SALES,), no_quote_reason="Said in passing, not quotable",
                      sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR),
    ]
    with database.sessions() as session, session.begin():
        complete_call(session, interview_id, wrap, drafts, actor="ida", clock=CLOCK)
    with database.sessions() as session:
        interview = session.get(Interview, interview_id)
        saved = load_call(session, interview_id)
        takeaways = session.scalars(select(Takeaway).order_by(Takeaway.position)).all()
        observed = observed_durations(session)
        assert [q.id for q in takeaways[0].quotes] == [quote]
        assert {r.team for r in takeaways[1].routes} == {Team.SALES}
    assert interview.status is InterviewStatus.COMPLETED and interview.wrapped_up_at is not None
    assert (interview.buyer_reason, interview.secondary_reasons) == (RepReason.PRODUCT_FIT, ["price_advantage"])
    assert interview.buyer_outcome is Outcome.LOST and interview.buyer_competitor == "Routewise"
    assert takeaways[0].importance == 3 and takeaways[0].kind is TakeawayKind.GAP
    assert takeaways[1].no_quote_reason == "Said in passing, not quotable"
    states = [item.state for item in saved.items]
    assert states[:3] == [GuideItemState.ASKED, GuideItemState.ASKED, GuideItemState.SKIPPED]
    assert set(states[3:]) == {GuideItemState.SKIPPED}
    assert {observed[k].median_seconds for k in observed} == {80, 150}
    with database.sessions() as session, session.begin(), pytest.raises(CallError, match="wrapped up"):
        save_note(session, interview_id, items[0].id, "late", None, CLOCK)


def test_a_call_is_started_only_when_booked(call: tuple[Database, int]) -> None:
    database, interview_id = call
    with database.sessions() as session, session.begin():
        session.get(Interview, interview_id).status = InterviewStatus.INVITED
    with database.sessions() as session, session.begin(), pytest.raises(CallError, match="schedule it"):
        start_call(session, interview_id, CLOCK, actor="ida")


# -- the call's stage: labels and what is allowed ------------------------------------------------------


def test_before_consent_nothing_says_withdrawn_and_nothing_runs() -> None:
    from interviewer.console.state import CallState, StateError

    state = CallState()
    assert state.banner == "" and not state.can_write and not state.can_end and not state.can_toggle
    assert state.consent(False).banner == ""  # unticking before it was ever given is not a withdrawal
    with pytest.raises(StateError, match="consent is ticked"):
        state.toggle()
    with pytest.raises(StateError, match="not started"):
        state.end()
    running = state.consent(True)
    assert running.running and running.banner == "" and running.can_write and running.can_add
    withdrawn = running.consent(False)
    assert withdrawn.banner == "Paused — consent withdrawn" and not withdrawn.can_write
    assert CallState.loaded(started=True, consent=False, wrapped_up=False, completed=False).banner == withdrawn.banner


def test_the_pause_button_names_what_it_does_after_pause_and_resume() -> None:
    from interviewer.console.state import RESUMED, CallState

    running = CallState().consent(True)
    assert running.pause_label == "Pause"
    paused = running.toggle()
    assert paused.pause_label == "Resume" and paused.banner.startswith("Paused")
    resumed = paused.toggle()
    assert resumed.pause_label == "Pause" and resumed.banner == ""
    interrupted = CallState.loaded(started=True, consent=True, wrapped_up=False, completed=False)
    assert interrupted.banner == RESUMED and interrupted.pause_label == "Resume"
    assert interrupted.toggle().pause_label == "Pause"


def test_a_wrapped_up_call_is_read_only_until_reopened_for_edits() -> None:
    from interviewer.console.state import CallState, Stage, StateError

    ended = CallState().consent(True).end()
    assert ended.banner == "Call ended" and ended.can_toggle and not ended.can_add  # Ctrl+P carries on
    wrapped = ended.wrapped()
    assert (wrapped.can_toggle, wrapped.can_end, wrapped.can_add, wrapped.can_write) == (False,) * 4
    assert wrapped.can_reopen and wrapped.finished
    for step in (wrapped.toggle, wrapped.end, wrapped.close_edits, lambda: wrapped.consent(True)):
        with pytest.raises(StateError):
            step()
    reopened = wrapped.reopen()
    assert reopened.stage is Stage.REOPENED and reopened.can_write and not reopened.can_toggle
    assert not reopened.can_end and not reopened.can_add and not reopened.can_reopen
    assert reopened.close_edits() == wrapped
    assert CallState.loaded(started=True, consent=True, wrapped_up=False, completed=True) == reopened
    assert CallState.loaded(started=True, consent=True, wrapped_up=True, completed=True) == wrapped


def test_time_over_the_plan_or_the_limit_is_always_shown_as_a_positive_amount_over() -> None:
    from interviewer.console.pace import Pace
    from interviewer.console.state import pace_words

    def words(state: PaceState, projected: float) -> str:
        return pace_words(Pace(600, 1000, projected, 1200, state, (), 0))

    assert words(PaceState.OVER_LIMIT, 1370) == "over the limit (+2:50 over)"
    assert words(PaceState.BEHIND, 1070) == "behind (+1:10 over plan)"
    assert words(PaceState.ON_PACE, 965) == "on pace (+0:35 to spare)"
    assert all("−" not in words(s, p) for s in PaceState for p in (900, 1000, 1100, 1300))


def test_ending_says_how_many_questions_are_unanswered_and_which() -> None:
    from interviewer.console.state import Unanswered, end_question, unanswered

    rows = [("Why now?", GuideItemState.ASKED, False), ("Who decided?", GuideItemState.PENDING, True),
            ("Price?", GuideItemState.SKIPPED, False), ("Roadmap?", GuideItemState.DROPPED, False),
            ("Anything else?", GuideItemState.PENDING, False)]
    missing = unanswered(rows)
    assert missing == [Unanswered(3, "Price?"), Unanswered(5, "Anything else?")]
    assert end_question(missing) == "End the call? 2 questions unanswered: Q3 Price?; Q5 Anything else?"
    assert end_question([]) == "End the call? Every question has an answer."


def test_reopening_a_wrapped_up_call_is_logged_and_lets_notes_change(sqlite_database: Database) -> None:
    from interviewer.console.calls import close_edits, reopen_call
    from interviewer.models import AuditEntry

    interview_id = booked_interview(sqlite_database, CLOCK.now())
    with sqlite_database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="iv")
        set_consent(session, interview_id, True, CLOCK, actor="iv")
        item_id = load_call(session, interview_id).items[0].id
        save_note(session, interview_id, item_id, "first", None, CLOCK)
        with pytest.raises(CallError, match="not wrapped up"):
            reopen_call(session, interview_id, CLOCK, actor="iv")
        complete_call(session, interview_id, WrapUp(Outcome.LOST, RepReason.PRODUCT_FIT), [], actor="iv",
                      clock=CLOCK)
    with sqlite_database.sessions() as session, session.begin():
        with pytest.raises(CallError, match="wrapped up"):
            save_note(session, interview_id, item_id, "changed", 1, CLOCK)
    with sqlite_database.sessions() as session, session.begin():
        reopen_call(session, interview_id, CLOCK, actor="iv")
        assert save_note(session, interview_id, item_id, "changed", 1, CLOCK) == 2
        assert load_call(session, interview_id).status is InterviewStatus.COMPLETED
        close_edits(session, interview_id, CLOCK, actor="iv")
        assert load_call(session, interview_id).wrapped_up
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == interview_id,
                                                                       AuditEntry.entity_type == "interview")))
        assert "call.reopened" in actions and "call.edits_closed" in actions


def test_notes_of_the_introduction_and_the_wrap_up_are_kept_beside_the_questions(sqlite_database: Database) -> None:
    from interviewer.console.calls import INTRO, WRAP

    interview_id = booked_interview(sqlite_database, CLOCK.now())
    with sqlite_database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="iv")
        set_consent(session, interview_id, True, CLOCK, actor="iv")
        first = load_call(session, interview_id).items[0].id
        assert save_note(session, interview_id, INTRO, "Ops lead, 40 depots", None, CLOCK) == 1
        assert save_note(session, interview_id, first, "Price came up", None, CLOCK) == 1
        assert save_note(session, interview_id, WRAP, "Happy to talk again", None, CLOCK) == 1
        assert save_note(session, interview_id, INTRO, "Ops lead, 40 depots; new in role", 1, CLOCK) == 2
        with pytest.raises(NoteConflict):
            save_note(session, interview_id, INTRO, "stale", 1, CLOCK)
    with sqlite_database.sessions() as session:
        notes = {key: note.text for key, note in load_call(session, interview_id).notes.items()}
    assert notes == {INTRO: "Ops lead, 40 depots; new in role", first: "Price came up", WRAP: "Happy to talk again"}


def test_a_quote_keeps_the_words_without_marks_control_characters_or_runs_of_spaces() -> None:
    assert quote_words('  “Too   risky\x07 for us,” ') == "Too risky for us,"
    assert quote_words('"First line\n  second line"') == "First line\n  second line"
    assert quote_words("“ ”") == "" and quote_words("\x00\t") == ""
