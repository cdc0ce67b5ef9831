"""The owner's and the manager's criteria week, only through the window: a set is drafted, rejected with a reason
(an empty one is refused), fixed, approved with a comment; its candidates are accepted (each handed on to the
Schedule area) and declined with a reason, and Edit → Undo takes a decline back."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import CandidateStatus, CriteriaStatus
from interviewer.models import AuditEntry, Candidate, CriteriaSet, Interview
from winloss.demo.build import build_demo
from person import activate, become, button, field, go_to, labels_text, menu, new_profile, rows_shown, shortcut
from steps_criteria import (
    accept_candidate,
    answer,
    candidates_table,
    cell,
    column,
    criteria_table,
    decide,
    decline_candidate,
    compare_versions,
    edit_criteria,
    new_version,
    propose_candidates,
    select_set,
    submit,
    write_criteria,
)
from ui.format import format_datetime
from window_steps import open_window

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
NAME = "Q4 losses first"
BUYER = "Someone who took part in the decision, at a company that closed with us in the last two months."
REASON = "Add no-decision deals: they are the ones we understand least."
COMMENT = "Good balance; keep the cap per segment."
DECLINE = "Their champion left last week; ask again next quarter, once the new head of operations has settled in."


def stored_set(database: Database) -> CriteriaSet:
    with database.sessions() as session:
        found = session.scalars(select(CriteriaSet).where(CriteriaSet.name == NAME)).one()
        session.expunge(found)
        return found


def review_a_set(qtbot: Any, window: Any, database: Database, owner: str, manager: str) -> None:
    """The owner drafts and submits; the manager rejects (an empty reason refused); the owner reads the reason,
    edits and resubmits; the manager approves with a comment, and the list shows who, when and what they said."""
    write_criteria(qtbot, window, NAME, BUYER, lost=3, won=2, no_decision=0)
    submit(qtbot, window, NAME)
    assert not button(window, "Approve…").isEnabled()  # an owner does not approve

    become(qtbot, window, manager)
    refused = decide(qtbot, window, NAME, "Reject", "   ")
    assert refused.isVisible() and "Say why" in labels_text(refused)
    assert stored_set(database).status is CriteriaStatus.SUBMITTED
    answer(qtbot, refused, "Reason", REASON, "Reject")
    qtbot.waitUntil(lambda: not refused.isVisible(), timeout=5000)

    become(qtbot, window, owner)
    row = select_set(qtbot, window, NAME)
    assert cell(criteria_table(window), row, "Status") == "Rejected"
    assert cell(criteria_table(window), row, "Comment") == REASON
    assert f"Rejected by {manager}" in labels_text(window) and REASON in labels_text(window)
    assert any(REASON in line for line in rows_shown(field(window, "Review history")))  # type: ignore[arg-type]
    edit_criteria(qtbot, window, NAME, no_decision=2)
    assert cell(criteria_table(window), select_set(qtbot, window, NAME), "Status") == "Draft"
    submit(qtbot, window, NAME)

    become(qtbot, window, manager)
    approved = decide(qtbot, window, NAME, "Approve", COMMENT)
    qtbot.waitUntil(lambda: not approved.isVisible(), timeout=5000)
    stored = stored_set(database)
    assert (stored.status, stored.review_comment, stored.definition["quotas"]["no_decision"]) == (
        CriteriaStatus.APPROVED, COMMENT, 2)
    row = select_set(qtbot, window, NAME)
    table = criteria_table(window)
    shown = {header: cell(table, row, header) for header in ("Version", "Status", "Reviewer", "Reviewed", "Comment")}
    assert shown == {"Version": "1", "Status": "Approved", "Reviewer": manager,
                     "Reviewed": format_datetime(stored.reviewed_at), "Comment": COMMENT}  # fmt: skip
    with database.sessions() as session:
        decisions = session.execute(select(AuditEntry.action, AuditEntry.actor, AuditEntry.details)
                                    .where(AuditEntry.entity_type == "criteria_set", AuditEntry.entity_id == stored.id)
                                    .where(AuditEntry.action.in_(["criteria.rejected", "criteria.approved"]))
                                    .order_by(AuditEntry.id)).all()  # fmt: skip
    assert [(a, who, d["comment"]) for a, who, d in decisions] == [
        ("criteria.rejected", manager, REASON), ("criteria.approved", manager, COMMENT)]


def test_a_new_program_s_first_set_is_rejected_fixed_and_approved(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, person=True)
    new_profile(qtbot, window, "Olivia Marsh", "olivia@example.com", "Program owner")
    menu(qtbot, window, "File", "Switch profile…")
    new_profile(qtbot, window, "Mateo Diaz", "mateo@example.com", "Manager")
    become(qtbot, window, "Olivia Marsh")
    review_a_set(qtbot, window, sqlite_database, "Olivia Marsh", "Mateo Diaz")

    become(qtbot, window, "Olivia Marsh")  # an approved set never changes: the next version carries the edit
    row = new_version(qtbot, window, NAME)
    assert cell(criteria_table(window), row, "Version") == "2"
    edit_criteria(qtbot, window, NAME, lost=4)
    assert compare_versions(qtbot, window, NAME) == [("Quota: lost", "3", "4")]
    with sqlite_database.sessions() as session:
        versions = session.execute(select(CriteriaSet.version, CriteriaSet.status).where(CriteriaSet.name == NAME)
                                   .order_by(CriteriaSet.version)).all()  # fmt: skip
    assert versions == [(1, CriteriaStatus.APPROVED), (2, CriteriaStatus.DRAFT)]
    window.tasks.wait()


@pytest.fixture
def demo(sqlite_database: Database) -> Database:
    build_demo(sqlite_database, deals=900, today=NOW.date(), reports=False)
    return sqlite_database


def candidate(database: Database, set_id: int, contact: str) -> Candidate:
    """The stored candidate of the set whose row shows ``contact``."""
    from interviewer.models import Contact

    with database.sessions() as session:
        found = session.scalars(select(Candidate).join(Contact, Contact.id == Candidate.contact_id)
                                .where(Candidate.criteria_set_id == set_id)).all()  # fmt: skip
        [match] = [c for c in found if session.get(Contact, c.contact_id).full_name == contact]
        session.expunge(match)
        return match


def test_the_owner_gets_a_set_approved_and_decides_on_its_candidates(qtbot, tmp_path: Path, demo: Database) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path, demo, NOW)
    review_a_set(qtbot, window, demo, "Maren Oduya", "Tobias Kerrane")
    set_id = stored_set(demo).id

    become(qtbot, window, "Maren Oduya")
    contacts = propose_candidates(qtbot, window, f"{NAME} · version 1")
    distinct = [c for c in contacts if contacts.count(c) == 1]
    assert len(distinct) >= 3, contacts
    first, second, third = distinct[:3]
    table = candidates_table(window)
    reasons = table.item(0, column(table, "Why this buyer"))
    assert reasons.toolTip().replace("\n", " · ") == reasons.text()  # the whole text on hover, and it wraps

    for contact in (first, second):
        accept_candidate(qtbot, window, contact)  # the Schedule area opens on the new interview
        assert f"Accepted {contact}" in window.statusBar().currentMessage()
    go_to(qtbot, window, "Candidates")

    def statuses() -> dict[str, str]:
        return dict(zip(rows_shown(table, column(table, "Contact")), rows_shown(table, column(table, "Status"))))

    assert statuses()[first] == statuses()[second] == "Accepted"
    assert f"Accepted {second}" in labels_text(window)
    with demo.sessions() as session:
        handed_on = session.scalars(select(Interview.candidate_id).join(Candidate, Candidate.id == Interview.candidate_id)
                                    .where(Candidate.criteria_set_id == set_id)).all()  # fmt: skip
    assert sorted(handed_on) == sorted(candidate(demo, set_id, c).id for c in (first, second))

    refused = decline_candidate(qtbot, window, third, "")
    assert refused.isVisible() and "Say why" in labels_text(refused)
    answer(qtbot, refused, "Reason", DECLINE, "Decline")
    qtbot.waitUntil(lambda: not refused.isVisible(), timeout=5000)
    declined = candidate(demo, set_id, third)
    assert (declined.status, declined.exclusion_reason) == (CandidateStatus.EXCLUDED, DECLINE)
    assert DECLINE in labels_text(window)  # the details pane shows the reason whole

    activate(qtbot, window)  # the dialog has closed: the window takes the keys again
    shortcut(qtbot, window, "Ctrl+Z")
    back = candidate(demo, set_id, third)
    assert (back.status, back.exclusion_reason) == (CandidateStatus.PROPOSED, None)
    assert statuses()[third] == "Proposed"

    answer_dialog = decline_candidate(qtbot, window, third, DECLINE)
    qtbot.waitUntil(lambda: not answer_dialog.isVisible(), timeout=5000)
    assert candidate(demo, set_id, third).status is CandidateStatus.EXCLUDED
    menu(qtbot, window, "Edit", f"Undo decline {third}")
    assert candidate(demo, set_id, third).status is CandidateStatus.PROPOSED
    window.tasks.wait()
