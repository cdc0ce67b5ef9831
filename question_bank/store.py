"""The question bank in the database: the default bank, the view's rows, edits, import and export."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.db import Database
from interviewer.enums import Outcome, Phase, Team
from interviewer.models import Question, QuestionBank
from question_bank.bank_file import BankFile, default_bank
from question_bank.durations import Observed, blend, observed_durations
from question_bank.spec import INTERVIEW_OUTCOMES, QuestionSpec, spec_problems


class QuestionError(ValueError):
    """A question that cannot be saved; ``str()`` says why in the user's words."""


class QuestionConflict(QuestionError):
    """Someone else changed the question since it was opened."""


@dataclass(frozen=True)
class QuestionRow:
    """A question as the bank view shows it: the spec, what it really took, and the seconds a guide plans."""

    spec: QuestionSpec
    observed: Observed | None
    planned_seconds: int
    updated_at: datetime

    @property
    def id(self) -> int:
        assert self.spec.id is not None
        return self.spec.id


@dataclass(frozen=True)
class BankImport:
    """What importing a bank file changed."""

    added: int
    updated: int
    unchanged: int


def ensure_default_bank(session: Session, actor: str = "app") -> int:
    """The default bank's id, loading the shipped bank first when the database has none."""
    bank_id = session.scalar(select(QuestionBank.id).where(QuestionBank.is_default.is_(True)))
    if bank_id is not None:
        return bank_id
    shipped = default_bank()
    bank = QuestionBank(name=shipped.name, description=shipped.description, is_default=True)
    session.add(bank)
    session.flush()
    for spec in shipped.questions:
        session.add(_new_question(bank.id, spec))
    audit.record(session, actor, "bank.loaded", "question_bank", bank.id, questions=len(shipped.questions))
    session.flush()
    return bank.id


def load_into_new_database(database: Database, actor: str = "app") -> None:
    """Give a database that opening has just created the shipped bank (others keep the bank they have)."""
    if database.migrated and database.migrated_from is None:
        with database.sessions() as session, session.begin():
            ensure_default_bank(session, actor)


def bank_specs(session: Session, bank_id: int) -> list[QuestionSpec]:
    """Every question of the bank (retired ones too), in the bank's order.

    Read once per change of the bank: a cheap fingerprint (how many questions,
    the newest change, the highest id) decides whether the copy kept from the
    last call still holds, so rebuilding a guide does not decode the bank again.
    """
    fingerprint = tuple(session.execute(
        select(func.count(Question.id), func.max(Question.updated_at), func.max(Question.id))
        .where(Question.bank_id == bank_id)
    ).one())  # fmt: skip
    key = (str(session.get_bind().url), bank_id)
    kept = _SPECS.get(key)
    if kept is not None and kept[0] == fingerprint:
        return list(kept[1])
    questions = session.scalars(select(Question).where(Question.bank_id == bank_id).order_by(Question.id))
    specs = tuple(to_spec(question) for question in questions)
    _SPECS[key] = (fingerprint, specs)
    return list(specs)


_SPECS: dict[tuple[str, int], tuple[tuple[object, ...], tuple[QuestionSpec, ...]]] = {}


def planned_seconds(session: Session, specs: list[QuestionSpec]) -> dict[str, int]:
    """Per key, the seconds a guide plans: the estimate blended with observed durations."""
    observed = observed_durations(session)
    return {spec.key: blend(spec.seconds, observed.get(spec.id or -1)) for spec in specs}


def list_questions(session: Session, bank_id: int) -> list[QuestionRow]:
    """The bank view's rows, in the bank's order."""
    observed = observed_durations(session)
    questions = session.scalars(select(Question).where(Question.bank_id == bank_id).order_by(Question.id))
    rows = []
    for question in questions:
        seen = observed.get(question.id)
        rows.append(QuestionRow(to_spec(question), seen, blend(question.seconds, seen), question.updated_at))
    return rows


def save_question(
    session: Session, bank_id: int, spec: QuestionSpec, *, actor: str,
    question_id: int | None = None, expected_updated_at: datetime | None = None,
) -> int:
    """Create (``question_id`` None) or update a question; returns its id.

    An update whose ``expected_updated_at`` no longer matches raises
    ``QuestionConflict`` instead of overwriting someone else's edit.
    """
    problems = spec_problems(spec)
    if problems:
        raise QuestionError(" ".join(problems))
    clash = session.scalar(select(Question.id).where(Question.bank_id == bank_id, Question.key == spec.key))
    if clash is not None and clash != question_id:
        raise QuestionError(f"Another question already has the key '{spec.key}': choose another key.")
    if question_id is None:
        question = _new_question(bank_id, spec)
        session.add(question)
        session.flush()
        audit.record(session, actor, "question.created", "question", question.id, key=spec.key)
        return question.id
    question = session.get(Question, question_id, with_for_update=True)
    if question is None or question.bank_id != bank_id:
        raise QuestionConflict("This question was deleted by someone else; save it as a new question instead.")
    if expected_updated_at is not None and question.updated_at != expected_updated_at:
        raise QuestionConflict(
            "Someone else changed this question since you opened it; reopen it to see their change, then edit again."
        )
    _copy_into(question, spec)
    session.flush()
    audit.record(session, actor, "question.updated", "question", question.id, key=spec.key)
    return question.id


def duplicate_question(session: Session, question_id: int, *, actor: str) -> int:
    """A copy of the question under a new key ('…-copy', '…-copy-2', …), returned by id."""
    question = session.get(Question, question_id)
    if question is None:
        raise QuestionError("This question no longer exists.")
    taken = set(session.scalars(select(Question.key).where(Question.bank_id == question.bank_id)))
    stem = question.key[:70]
    key = f"{stem}-copy"
    number = 2
    while key in taken:
        key = f"{stem}-copy-{number}"
        number += 1
    copy = _new_question(question.bank_id, replace(to_spec(question), key=key, required=False))
    session.add(copy)
    session.flush()
    audit.record(session, actor, "question.duplicated", "question", copy.id, source=question.id)
    return copy.id


def set_active(session: Session, question_id: int, active: bool, *, actor: str) -> None:
    """Retire a question (guides stop choosing it) or bring it back; built guides keep their copy either way."""
    question = session.get(Question, question_id)
    if question is None:
        raise QuestionError("This question no longer exists.")
    if question.active != active:
        question.active = active
        audit.record(session, actor, "question.restored" if active else "question.retired", "question", question.id)
        session.flush()


def import_bank(session: Session, bank_id: int, bank: BankFile, *, actor: str) -> BankImport:
    """Merge a bank file by key: new keys are added, changed ones updated, the rest left as they are."""
    existing = {q.key: q for q in session.scalars(select(Question).where(Question.bank_id == bank_id))}
    added = updated = unchanged = 0
    for spec in bank.questions:
        question = existing.get(spec.key)
        if question is None:
            session.add(_new_question(bank_id, spec))
            added += 1
        elif to_spec(question) == spec:
            unchanged += 1
        else:
            _copy_into(question, spec)
            updated += 1
    session.flush()
    audit.record(session, actor, "bank.imported", "question_bank", bank_id, added=added, updated=updated)
    return BankImport(added, updated, unchanged)


def export_bank(session: Session, bank_id: int) -> BankFile:
    """The bank as a bank file, ready to write as YAML or JSON."""
    bank = session.get(QuestionBank, bank_id)
    if bank is None:
        raise QuestionError("This question bank no longer exists.")
    specs = tuple(replace(spec, id=None) for spec in bank_specs(session, bank_id))
    return BankFile(bank.name, bank.description or "", specs)


def to_spec(question: Question) -> QuestionSpec:
    """The stored question as a spec (enum values parsed, lists as tuples)."""
    return QuestionSpec(
        key=question.key, text=question.text, phase=Phase(question.phase),
        outcomes=frozenset(Outcome(value) for value in question.outcomes if value in _OUTCOME_VALUES),
        seconds=question.seconds, priority=question.priority, purpose=question.purpose or "",
        probes=tuple(question.probes or ()), teams=tuple(Team(value) for value in question.teams or ()),
        tags=tuple(question.tags or ()), active=question.active, required=question.required, id=question.id,
    )


_OUTCOME_VALUES = {outcome.value for outcome in INTERVIEW_OUTCOMES}


def _new_question(bank_id: int, spec: QuestionSpec) -> Question:
    question = Question(bank_id=bank_id, key=spec.key)
    _copy_into(question, spec)
    return question


def _copy_into(question: Question, spec: QuestionSpec) -> None:
    question.key = spec.key
    question.text = spec.text
    question.phase = spec.phase
    question.outcomes = [outcome.value for outcome in INTERVIEW_OUTCOMES if outcome in spec.outcomes]
    question.seconds = spec.seconds
    question.priority = spec.priority
    question.purpose = spec.purpose or None
    question.probes = list(spec.probes)
    question.teams = [team.value for team in spec.teams]
    question.tags = list(spec.tags)
    question.active = spec.active
    question.required = spec.required
