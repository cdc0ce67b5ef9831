"""The criteria review workflow on both engines: roles, transitions, versions, audit trail, diff."""

from __future__ import annotations

from itertools import zip_longest

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.criteria.definition import AuthorityRule, CriteriaDefinition, Quotas, Weights
from interviewer.criteria.review import (
    DiffLine,
    ReviewError,
    approve,
    create_draft,
    diff,
    find_set,
    get_set,
    history,
    latest_approved,
    list_sets,
    new_version,
    reject,
    submit,
    update_draft,
)
from interviewer.enums import Authority, CriteriaStatus, Outcome, Role
from interviewer.models import AuditEntry, CriteriaSet
from interviewer.profiles import create_profile

S = CriteriaStatus


@pytest.fixture
def session(database) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with database.sessions() as opened, opened.begin():
        yield opened


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    return {
        "owner": create_profile(session, "Olga Owner", "olga@example.com", Role.PROGRAM_OWNER).id,
        "manager": create_profile(session, "Ana Ruiz", "ana@example.com", Role.MANAGER).id,
        "interviewer": create_profile(session, "Ian Vue", None, Role.INTERVIEWER).id,
    }


def test_whole_review_flow(session: Session, people: dict[str, int]) -> None:
    owner, manager = people["owner"], people["manager"]
    draft = create_draft(session, owner, "  Q3 losses  ", CriteriaDefinition(), "A person who signed or vetoed.")
    assert (draft.name, draft.version, draft.status, draft.author) == ("Q3 losses", 1, S.DRAFT, "Olga Owner")
    assert draft.family.startswith("q3-losses-") and draft.summary.startswith("Lost, won or no-decision deals")
    assert draft.qualified_buyer == "A person who signed or vetoed."

    submitted = submit(session, owner, draft.id)
    assert submitted.status == S.SUBMITTED and isinstance(submitted.submitted_at, datetime)
    with pytest.raises(ReviewError, match="under review"):
        update_draft(session, owner, draft.id, name="Sneaky")
    with pytest.raises(ReviewError, match="Only a manager can reject"):
        reject(session, owner, draft.id, "no")
    with pytest.raises(ReviewError, match="Say why the set is rejected, so its author can fix it."):
        reject(session, manager, draft.id, "   ")

    rejected = reject(session, manager, draft.id, "  Too broad: leave out SMB.  ")
    assert (rejected.status, rejected.reviewer, rejected.review_comment) == (
        S.REJECTED,
        "Ana Ruiz",
        "Too broad: leave out SMB.",
    )
    with pytest.raises(ReviewError, match="rejected; edit it"):
        submit(session, owner, draft.id)

    narrower = CriteriaDefinition(excluded_segments=("SMB",))
    edited = update_draft(session, owner, draft.id, definition=narrower)
    assert (edited.status, edited.version, edited.reviewer, edited.review_comment) == (S.DRAFT, 1, None, None)
    assert "excluding the SMB segment" in edited.summary and edited.definition == narrower

    submit(session, owner, draft.id)
    approved = approve(session, manager, draft.id, "Good.")
    assert (approved.status, approved.reviewer, approved.review_comment) == (S.APPROVED, "Ana Ruiz", "Good.")
    assert latest_approved(session) == approved

    actions = [(h.actor, h.action, h.version, h.comment) for h in history(session, draft.family)]
    assert actions == [
        ("Olga Owner", "created", 1, None),
        ("Olga Owner", "submitted", 1, None),
        ("Ana Ruiz", "rejected", 1, "Too broad: leave out SMB."),
        ("Olga Owner", "edited", 1, None),
        ("Olga Owner", "submitted", 1, None),
        ("Ana Ruiz", "approved", 1, "Good."),
    ]
    stamps = [h.at for h in history(session, draft.family)]
    assert stamps == sorted(stamps) and all(s.tzinfo is not None for s in stamps)


def test_approved_is_immutable_and_versions_retire(session: Session, people: dict[str, int]) -> None:
    owner, manager = people["owner"], people["manager"]
    v1 = create_draft(session, owner, "Wins", CriteriaDefinition())
    submit(session, owner, v1.id)
    approve(session, manager, v1.id)
    stored_before = dict(session.get(CriteriaSet, v1.id).definition)  # type: ignore[union-attr]

    with pytest.raises(ReviewError, match=r"An approved set cannot be changed; edit it to make version 2\."):
        update_draft(session, owner, v1.id, definition=CriteriaDefinition(window_days=30))
    for move in (submit, approve):
        with pytest.raises(ReviewError):
            move(session, manager, v1.id)
    with pytest.raises(ReviewError, match="already approved"):
        reject(session, manager, v1.id, "changed my mind")

    v2 = new_version(session, owner, v1.id)
    assert (v2.family, v2.version, v2.status, v2.name, v2.definition) == (v1.family, 2, S.DRAFT, "Wins", v1.definition)
    with pytest.raises(ReviewError, match="Version 2 of “Wins” is already a draft"):
        new_version(session, owner, v1.id)
    with pytest.raises(ReviewError, match="draft: edit it directly"):
        new_version(session, owner, v2.id)
    update_draft(session, owner, v2.id, definition=CriteriaDefinition(window_days=30))
    submit(session, owner, v2.id)
    with pytest.raises(ReviewError, match="Version 2 of “Wins” is already under review"):
        new_version(session, owner, v1.id)

    assert get_set(session, v1.id).status == S.APPROVED  # still in force while v2 is reviewed
    approve(session, manager, v2.id)
    assert get_set(session, v1.id).status == S.RETIRED
    assert get_set(session, v1.id).definition == CriteriaDefinition()
    assert session.get(CriteriaSet, v1.id).definition == stored_before  # type: ignore[union-attr]
    with pytest.raises(ReviewError, match="retired"):
        update_draft(session, owner, v1.id, name="x")

    v3 = new_version(session, owner, v1.id)  # from a retired version: numbered after the latest
    assert v3.version == 3 and v3.definition == CriteriaDefinition()
    actions = [(h.action, h.version) for h in history(session, v1.family)]
    assert actions[-4:] == [("submitted", 2), ("retired", 1), ("approved", 2), ("new version", 3)]


def test_interviewer_is_refused_everywhere(session: Session, people: dict[str, int]) -> None:
    owner, interviewer = people["owner"], people["interviewer"]
    with pytest.raises(ReviewError, match="Only a program owner or a manager"):
        create_draft(session, interviewer, "Mine", CriteriaDefinition())
    draft = create_draft(session, owner, "Ours", CriteriaDefinition())
    for move in (update_draft, submit, new_version):
        with pytest.raises(ReviewError, match="Only a program owner or a manager"):
            move(session, interviewer, draft.id)
    submit(session, owner, draft.id)
    with pytest.raises(ReviewError, match="Only a manager can approve a criteria set."):
        approve(session, interviewer, draft.id)
    with pytest.raises(ReviewError, match="Only a manager can reject"):
        reject(session, interviewer, draft.id, "no")
    with pytest.raises(ReviewError, match="Only a manager can approve"):
        approve(session, owner, draft.id)
    with pytest.raises(ReviewError, match="Choose a profile"):
        submit(session, 999_999, draft.id)
    assert get_set(session, draft.id).status == S.SUBMITTED


def test_refused_moves(session: Session, people: dict[str, int]) -> None:
    owner, manager = people["owner"], people["manager"]
    draft = create_draft(session, owner, "Moves", CriteriaDefinition())
    with pytest.raises(ReviewError, match="still a draft"):
        approve(session, manager, draft.id)
    with pytest.raises(ReviewError, match="still a draft"):
        reject(session, manager, draft.id, "why")
    submit(session, owner, draft.id)
    with pytest.raises(ReviewError, match="already submitted"):
        submit(session, owner, draft.id)
    with pytest.raises(ReviewError, match="no longer exists"):
        get_set(session, 999_999)
    with pytest.raises(ReviewError, match="Give the criteria set a name"):
        create_draft(session, owner, "   ", CriteriaDefinition())
    with pytest.raises(ReviewError, match="choose at least one outcome and choose at least one contact authority"):
        create_draft(session, owner, "Bad", CriteriaDefinition(outcomes=(), authorities=()))
    other = create_draft(session, owner, "Other", CriteriaDefinition())
    with pytest.raises(ReviewError, match="the close-date window"):
        update_draft(session, owner, other.id, definition=CriteriaDefinition(window_days=0))
    assert get_set(session, other.id).definition == CriteriaDefinition()


def test_edits_are_audited_with_what_changed(session: Session, people: dict[str, int]) -> None:
    owner = people["owner"]
    draft = create_draft(session, owner, "Edits", CriteriaDefinition())
    unchanged = update_draft(session, owner, draft.id, name="Edits", definition=CriteriaDefinition())
    assert unchanged == draft
    update_draft(
        session,
        owner,
        draft.id,
        name="Edits 2",
        definition=CriteriaDefinition(window_days=30),
        qualified_buyer="Signer",
    )
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "criteria_set", AuditEntry.entity_id == draft.id)
        .order_by(AuditEntry.id)
    ).all()  # fmt: skip
    assert [e.action for e in entries] == ["criteria.created", "criteria.edited"]
    assert entries[1].actor == "Olga Owner"
    assert entries[1].details == {"version": 1, "changed": ["Name", "Qualified buyer", "Close-date window"]}


def test_listing_and_finding(session: Session, people: dict[str, int]) -> None:
    owner, manager = people["owner"], people["manager"]
    beta = create_draft(session, owner, "beta", CriteriaDefinition())
    alpha = create_draft(session, owner, "Alpha", CriteriaDefinition())
    submit(session, owner, alpha.id)
    approve(session, manager, alpha.id)
    alpha2 = new_version(session, owner, alpha.id)
    assert [(r.name, r.version) for r in list_sets(session)] == [("Alpha", 2), ("Alpha", 1), ("beta", 1)]

    assert find_set(session, "alpha").id == alpha.id  # the approved version, not the newer draft
    assert find_set(session, f" {alpha2.id} ").id == alpha2.id
    assert find_set(session, "BETA").id == beta.id  # none approved: the latest version
    assert find_set(session, beta.family).id == beta.id
    for missing in ("gamma", "", "999999"):
        with pytest.raises(ReviewError):
            find_set(session, missing)
    assert latest_approved(session).id == alpha.id  # type: ignore[union-attr]


def test_no_approved_set(session: Session, people: dict[str, int]) -> None:
    assert latest_approved(session) is None
    assert list_sets(session) == []
    assert history(session, "nothing") == []


# -- diff -------------------------------------------------------------------------------------------


def test_diff_of_equal_definitions_is_empty() -> None:
    assert diff(CriteriaDefinition(), CriteriaDefinition()) == []


def title_rule_lines(before: tuple[AuthorityRule, ...], after: tuple[AuthorityRule, ...]) -> list[DiffLine]:
    """The diff lines of two lists of title rules, compared position by position."""

    def text(rule: AuthorityRule | None) -> str:
        return f"{', '.join(rule.words)} → {rule.authority.label}" if rule else "(no rule)"

    return [DiffLine(f"Title rule {n}", text(b), text(a))
            for n, (b, a) in enumerate(zip_longest(before, after), start=1) if b != a]  # fmt: skip


def test_diff_lines_in_field_order() -> None:
    before = CriteriaDefinition()
    rules = (AuthorityRule(("procurement",), Authority.PROCUREMENT), AuthorityRule(("boss",), Authority.DECISION_MAKER))
    after = before.with_changes(
        window_days=60, outcomes=(Outcome.LOST,), quotas=Quotas(lost=10, max_per_segment=2), amount_min=20000.0,
        segments=("Mid-Market", "Enterprise"), authorities=(Authority.DECISION_MAKER,), authority_rules=rules,
        exclude_personal_email=False, interviewed_within_months=0, weights=Weights(freshness=0.5),
    )  # fmt: skip
    assert diff(before, after) == [
        DiffLine("Close-date window", "90 days", "60 days"),
        DiffLine("Outcomes", "Lost, Won, No decision", "Lost"),
        DiffLine("Quota: lost", "6", "10"),
        DiffLine("Limit per outcome and segment", "no limit", "2"),
        DiffLine("Smallest amount", "none", "20,000"),
        DiffLine("Segments", "any", "Mid-Market, Enterprise"),
        DiffLine("Contact authorities", "Decision maker, Influencer", "Decision maker"),
        *title_rule_lines(before.authority_rules, rules),
        DiffLine("Re-interview pause", "12 months", "none"),
        DiffLine("Leave out personal email addresses", "yes", "no"),
        DiffLine("Weight: freshness", "0.4", "0.5"),
    ]  # fmt: skip

