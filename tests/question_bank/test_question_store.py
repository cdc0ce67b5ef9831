"""The bank in the database, guides saved to interviews, and durations learned from completed calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from builders import DealSpec, add_deals
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Authority, GuideItemState, InterviewStatus, Outcome, Phase
from interviewer.models import Answer, Contact, Guide, GuideItem, Interview, Question, QuestionBank
from question_bank.bank_file import BankFile, default_bank
from question_bank.draft import BudgetState, GuideDraft, budget
from question_bank.durations import PRIOR_WEIGHT, Observed, blend, observed_durations
from question_bank.guide import Window
from question_bank.guides import (
    GuideConflict,
    GuideError,
    build_for,
    save_guide,
    saved_guide,
    subject_by_hand,
    subject_for_interview,
)
from question_bank.spec import QuestionSpec
from question_bank.store import (
    QuestionConflict,
    QuestionError,
    bank_specs,
    duplicate_question,
    ensure_default_bank,
    export_bank,
    import_bank,
    list_questions,
    save_question,
    set_active,
)

CLOCK = FixedClock(datetime(2026, 11, 20, 9, tzinfo=UTC))
ALL = frozenset({Outcome.WON, Outcome.LOST, Outcome.NO_DECISION})


def _bank(database: Database) -> int:
    with database.sessions() as session, session.begin():
        return ensure_default_bank(session)


def _interview(database: Database, account: str = "Harbor Freight Co") -> int:
    [deal_id] = add_deals(database, [DealSpec(account, Outcome.LOST, competitor="Routewise",
                                              contacts=[("Ana", "Ruiz", "VP Operations", Authority.DECISION_MAKER)])])
    with database.sessions() as session, session.begin():
        contact = session.scalars(select(Contact).where(Contact.last_name == "Ruiz").order_by(Contact.id.desc())).first()
        interview = Interview(deal_id=deal_id, contact_id=contact.id, status=InterviewStatus.SCHEDULED)
        session.add(interview)
        session.flush()
        return interview.id


def test_the_default_bank_is_loaded_once(database: Database) -> None:
    first = _bank(database)
    assert _bank(database) == first
    with database.sessions() as session:
        assert session.scalar(select(func.count(QuestionBank.id))) == 1
        stored = bank_specs(session, first)
    assert [spec.key for spec in stored] == [spec.key for spec in default_bank().questions]
    assert stored[0] == default_bank().questions[0]


def test_questions_are_created_edited_and_protected_from_lost_updates(database: Database) -> None:
    bank_id = _bank(database)
    new = QuestionSpec("evaluation.trial", "What did the trial show you?", Phase.EVALUATION, ALL, 150, 4)
    with database.sessions() as session, session.begin():
        question_id = save_question(session, bank_id, new, actor="test")
    with database.sessions() as session:
        [row] = [row for row in list_questions(session, bank_id) if row.id == question_id]
    assert row.spec == new and row.planned_seconds == 150 and row.observed is None

    with database.sessions() as session, session.begin():  # someone else edits first
        session.execute(update(Question).where(Question.id == question_id).values(
            text="What did the pilot show you?", updated_at=datetime(2030, 1, 1, tzinfo=UTC)))
    with database.sessions() as session, session.begin(), pytest.raises(QuestionConflict, match="Someone else"):
        save_question(session, bank_id, replace(new, priority=5), actor="test", question_id=question_id,
                      expected_updated_at=row.updated_at)
    with database.sessions() as session:
        assert session.get(Question, question_id).text == "What did the pilot show you?"


@pytest.mark.parametrize(("change", "message"), [
    ({"key": "Bad Key"}, "key must start"),
    ({"text": "   "}, "no text"),
    ({"text": "How did {customer} decide?"}, "Unknown placeholder {customer}"),
    ({"outcomes": frozenset()}, "Choose the outcomes"),
    ({"seconds": 5}, "between 10 and 900"),
])  # fmt: skip
def test_a_question_that_cannot_be_saved_says_why(sqlite_database: Database, change: dict, message: str) -> None:
    bank_id = _bank(sqlite_database)
    spec = replace(QuestionSpec("x.one", "What happened?", Phase.OPENING, ALL), **change)
    with sqlite_database.sessions() as session, session.begin(), pytest.raises(QuestionError, match=message):
        save_question(session, bank_id, spec, actor="test")


def test_keys_are_unique_and_duplicates_get_a_free_key(sqlite_database: Database) -> None:
    bank_id = _bank(sqlite_database)
    with sqlite_database.sessions() as session, session.begin():
        first = bank_specs(session, bank_id)[0]
        with pytest.raises(QuestionError, match="already has the key"):
            save_question(session, bank_id, replace(first, text="What else?"), actor="test")
        copies = [duplicate_question(session, first.id, actor="test") for _ in range(2)]
        keys = [session.get(Question, copy).key for copy in copies]
    assert keys == [f"{first.key}-copy", f"{first.key}-copy-2"]


def test_import_merges_by_key_and_export_round_trips(sqlite_database: Database) -> None:
    bank_id = _bank(sqlite_database)
    with sqlite_database.sessions() as session:
        exported = export_bank(session, bank_id)
    changed = replace(exported.questions[0], priority=1 if exported.questions[0].priority != 1 else 2)
    added = QuestionSpec("closing.extra", "What would you tell a peer about us?", Phase.CLOSING, ALL)
    incoming = BankFile("Mine", "", (changed, *exported.questions[1:3], added))
    with sqlite_database.sessions() as session, session.begin():
        summary = import_bank(session, bank_id, incoming, actor="test")
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 2)
    with sqlite_database.sessions() as session:
        again = export_bank(session, bank_id)
    assert len(again.questions) == len(exported.questions) + 1
    assert again.questions[0] == changed


def test_a_saved_guide_is_a_snapshot_that_bank_edits_do_not_touch(database: Database) -> None:
    bank_id = _bank(database)
    interview_id = _interview(database)
    with database.sessions() as session:
        subject = subject_for_interview(session, interview_id)
        built = build_for(session, subject)
    assert subject.outcome is Outcome.LOST and subject.fill.competitor == "Routewise"
    assert ("Company", "Harbor Freight Co") in subject.facts
    assert Window().min_seconds <= built.total_seconds <= Window().max_seconds
    lines = list(reversed(built.lines))
    with database.sessions() as session, session.begin():
        version = save_guide(session, subject, lines, Window(), actor="test", clock=CLOCK)
    assert version == subject.version + 1

    first = lines[0]
    with database.sessions() as session, session.begin():
        question = session.get(Question, first.question_id)
        save_question(session, bank_id, replace(bank_specs(session, bank_id)[0], text="What changed?"), actor="t",
                      question_id=bank_specs(session, bank_id)[0].id)
        question.text = "Rewritten in the bank"
        set_active(session, first.question_id, False, actor="test")
    with database.sessions() as session:
        saved = saved_guide(session, interview_id)
    assert saved is not None and list(saved.lines) == lines


def test_saving_refuses_a_stale_interview_and_a_started_call(sqlite_database: Database) -> None:
    _bank(sqlite_database)
    interview_id = _interview(sqlite_database)
    with sqlite_database.sessions() as session:
        subject = subject_for_interview(session, interview_id)
        lines = build_for(session, subject).lines
    with sqlite_database.sessions() as session, session.begin():
        session.get(Interview, interview_id).planned_minutes = 45  # someone reschedules meanwhile
    with sqlite_database.sessions() as session, session.begin(), pytest.raises(GuideConflict):
        save_guide(session, subject, lines, Window(), actor="test", clock=CLOCK)

    with sqlite_database.sessions() as session, session.begin():
        subject = subject_for_interview(session, interview_id)
        save_guide(session, subject, lines, Window(), actor="test", clock=CLOCK)
        item = session.scalars(select(GuideItem).join(Guide).where(Guide.interview_id == interview_id)).first()
        session.add(Answer(interview_id=interview_id, guide_item_id=item.id, notes="They said…"))
    with sqlite_database.sessions() as session:
        subject = subject_for_interview(session, interview_id)
    assert subject.locked and "started" in subject.locked
    with sqlite_database.sessions() as session, session.begin(), pytest.raises(GuideError, match="started"):
        save_guide(session, subject, lines[:2], Window(), actor="test", clock=CLOCK)
    with sqlite_database.sessions() as session:
        assert session.scalar(select(func.count(Answer.id))) == 1


def test_by_hand_guides_name_the_competitor_and_cannot_be_saved(sqlite_database: Database) -> None:
    _bank(sqlite_database)
    subject = subject_by_hand(Outcome.LOST, "Routewise")
    with sqlite_database.sessions() as session:
        built = build_for(session, subject)
    assert any("Routewise" in line.text for line in built.lines)
    with sqlite_database.sessions() as session, pytest.raises(GuideError, match="print it"):
        save_guide(session, subject, built.lines, Window(), actor="test", clock=CLOCK)
    with pytest.raises(GuideError, match="won, lost or no-decision"):
        subject_by_hand(Outcome.OPEN)


def test_durations_are_learned_from_completed_interviews_only(sqlite_database: Database) -> None:
    _bank(sqlite_database)
    spent = [200, 260, 240]
    key = None
    for index, seconds in enumerate([*spent, 900]):
        interview_id = _interview(sqlite_database, f"Account {index}")
        with sqlite_database.sessions() as session, session.begin():
            subject = subject_for_interview(session, interview_id)
            lines = build_for(session, subject).lines
            save_guide(session, subject, lines, Window(), actor="test", clock=CLOCK)
            first = session.scalars(select(GuideItem).join(Guide).where(
                Guide.interview_id == interview_id, GuideItem.position == 1)).one()
            key = key or lines[1].key
            first.state, first.spent_seconds = GuideItemState.ASKED, seconds
            done = index < len(spent)  # the last interview is not completed: it must not count
            session.get(Interview, interview_id).status = InterviewStatus.COMPLETED if done else InterviewStatus.SCHEDULED
    with sqlite_database.sessions() as session:
        observed = observed_durations(session)
        [row] = [row for row in list_questions(session, _bank(sqlite_database)) if row.spec.key == key]
        lines = build_for(session, subject_for_interview(session, _interview(sqlite_database, "Next"))).lines
    assert row.observed == Observed(240, 3)
    assert observed[row.id] == Observed(240, 3)
    expected = round((3 * 240 + PRIOR_WEIGHT * row.spec.seconds) / (3 + PRIOR_WEIGHT))
    assert row.planned_seconds == expected
    assert [line.planned_seconds for line in lines if line.key == key] in ([], [round(expected / 5) * 5])


def test_the_blend_moves_from_the_estimate_toward_the_median() -> None:
    assert blend(120, None) == 120
    assert blend(120, Observed(240, 1)) == 150
    assert blend(120, Observed(240, 3)) == 180
    assert 230 < blend(120, Observed(240, 100)) < 240


@pytest.mark.parametrize(("total", "state"), [
    (14 * 60 + 59, BudgetState.OUTSIDE), (15 * 60, BudgetState.NEAR_EDGE), (16 * 60, BudgetState.INSIDE),
    (19 * 60, BudgetState.INSIDE), (19 * 60 + 1, BudgetState.NEAR_EDGE), (20 * 60, BudgetState.NEAR_EDGE),
    (20 * 60 + 1, BudgetState.OUTSIDE),
])  # fmt: skip
def test_the_budget_is_green_inside_amber_near_the_edges_red_outside(total: int, state: BudgetState) -> None:
    assert budget(total, Window(15, 20)).state is state


def test_a_draft_reorders_retimes_and_reports_its_budget() -> None:
    from question_bank.guide import GuideLine

    lines = [GuideLine(f"Q{i}?", Phase.EVALUATION, 120, key=f"q{i}") for i in range(6)]
    draft = GuideDraft(lines, Window(15, 20))
    assert draft.total_seconds == 90 + 720 + 60 and draft.budget().state is BudgetState.OUTSIDE
    assert "short of" in draft.budget().message
    draft.move(0, 5)
    assert [line.key for line in draft.lines] == ["q1", "q2", "q3", "q4", "q5", "q0"]
    assert draft.set_seconds(0, 5000) == 900
    assert draft.budget().state is BudgetState.OUTSIDE
    draft.set_seconds(0, 420)
    assert draft.budget().state is BudgetState.NEAR_EDGE and "less than a minute to spare" in draft.budget().message
    draft.set_seconds(1, 400)
    assert draft.budget().state is BudgetState.OUTSIDE and "over the 15–20 min window" in draft.budget().message
    draft.remove(0)
    assert draft.keys() == {"q2", "q3", "q4", "q5", "q0"}
