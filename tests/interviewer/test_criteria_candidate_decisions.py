"""Decisions on candidates from an approved set: accepting names the interview handed on to scheduling, and a
skip can be taken back (``reopen``), which is audit-logged and refused for anything but a skipped candidate."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select as sql_select

from builders import DealSpec, add_deals
from interviewer.criteria import review
from interviewer.criteria.definition import CriteriaDefinition, Quotas
from interviewer.db import Database
from interviewer.enums import Authority, CandidateStatus, Outcome, Role
from interviewer.models import AuditEntry, Interview
from interviewer.profiles import create_profile
from interviewer.selection.candidates import SelectionError, accept, list_candidates, propose, reopen, skip

TODAY = date(2026, 10, 20)


@pytest.fixture
def proposed(sqlite_database: Database) -> tuple[Database, dict[str, int], int, list[int]]:
    """Two lost deals proposed by an approved set: the profiles by role, the set's id and the candidates' ids."""
    add_deals(sqlite_database, [
        DealSpec("Acme", Outcome.LOST, contacts=[("Ana", "Ruiz", "VP Operations", Authority.DECISION_MAKER)]),
        DealSpec("Birch", Outcome.LOST, contacts=[("Ben", "Okafor", "Head of IT", Authority.DECISION_MAKER)]),
    ])  # fmt: skip
    with sqlite_database.sessions() as session, session.begin():
        people = {role.value: create_profile(session, f"{role.label} One", f"{role.value}@example.com", role).id
                  for role in (Role.PROGRAM_OWNER, Role.MANAGER, Role.INTERVIEWER)}  # fmt: skip
        draft = review.create_draft(session, people["program_owner"], "Losses",
                                    CriteriaDefinition(quotas=Quotas(lost=2, won=0, no_decision=0)))
        review.submit(session, people["program_owner"], draft.id)
        review.approve(session, people["manager"], draft.id)
        rows = propose(session, draft.id, "Program owner One", TODAY)
    return sqlite_database, people, draft.id, [row.id for row in rows]


def test_accepting_names_the_interview_it_hands_on(proposed) -> None:  # noqa: ANN001
    database, people, set_id, (first, second) = proposed
    with database.sessions() as session, session.begin():
        accepted = accept(session, first, people["program_owner"])
    with database.sessions() as session:
        interview = session.scalars(sql_select(Interview)).one()
        rows = {row.id: row for row in list_candidates(session, set_id)}
    assert accepted.interview_id == interview.id
    assert rows[first].interview_id == interview.id and rows[second].interview_id is None


def test_a_skip_is_taken_back_and_the_audit_log_keeps_its_reason(proposed) -> None:  # noqa: ANN001
    database, people, _set, (first, _second) = proposed
    with database.sessions() as session, session.begin():
        skip(session, first, people["program_owner"], "Interviewed by product last week")
        back = reopen(session, first, people["manager"])
    assert (back.status, back.exclusion_reason) == (CandidateStatus.PROPOSED, None)
    with database.sessions() as session:
        entry = session.scalars(sql_select(AuditEntry).where(AuditEntry.action == "candidate.reopened")).one()
    assert entry.actor == "Manager One" and entry.details["reason"] == "Interviewed by product last week"
    with database.sessions() as session, session.begin():
        accept(session, first, people["program_owner"])  # proposed again, so it can be accepted


def test_only_a_skipped_candidate_is_reopened_and_only_by_a_decider(proposed) -> None:  # noqa: ANN001
    database, people, _set, (first, second) = proposed
    with database.sessions() as session, session.begin():
        with pytest.raises(SelectionError, match="not declined"):
            reopen(session, first, people["program_owner"])
        skip(session, second, people["program_owner"], "Wrong segment")
        with pytest.raises(SelectionError, match="Only a program owner or a manager"):
            reopen(session, second, people["interviewer"])
        with pytest.raises(SelectionError, match="no longer exists"):
            reopen(session, 9999, people["program_owner"])
