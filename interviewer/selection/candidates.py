"""Stored candidates: an approved set's proposals, and the owner's decision on each (accept or skip).

``propose`` runs the selection and writes it: accepted and skipped candidates
keep their decision (a skipped deal is not proposed again; its place goes to
the next best), earlier proposals are replaced. ``accept`` moves a candidate
on to scheduling by creating its interview; ``skip`` (a decline, as the
window says) needs a reason, and ``reopen`` takes it back. Only a program owner or a manager decides. Every change is audit-logged in the
caller's transaction; services flush but never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, delete, func, select as sql_select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.criteria.definition import CriteriaDefinition
from interviewer.criteria.review import CriteriaRow, ReviewError, get_set
from interviewer.enums import CandidateStatus, CriteriaStatus, InterviewStatus, Outcome, Role
from interviewer.models import Account, Candidate, Contact, Deal, Interview, Profile, utcnow
from interviewer.selection.proposals import select

ENTITY = "candidate"
DECIDERS = (Role.PROGRAM_OWNER, Role.MANAGER)


class SelectionError(Exception):
    """A move on candidates that is refused; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class CandidateRow:
    """A stored candidate as the window lists it."""

    id: int
    deal_id: int
    contact_id: int | None
    status: CandidateStatus
    score: float
    reasons: list[str]
    account: str
    contact_name: str
    title: str | None
    outcome: Outcome
    segment: str | None
    competitor: str | None
    amount: Decimal | None
    currency: str
    close_date: date | None
    exclusion_reason: str | None
    interview_id: int | None
    """The interview an accepted candidate was handed on to scheduling as."""


def approved_set(session: Session, criteria_set_id: int) -> CriteriaRow:
    """The set, if it exists and is approved; SelectionError otherwise."""
    try:
        criteria = get_set(session, criteria_set_id)
    except ReviewError as exc:
        raise SelectionError(str(exc)) from None
    if criteria.status != CriteriaStatus.APPROVED:
        raise SelectionError(
            f"Candidates come only from an approved criteria set; “{criteria.name}” v{criteria.version} "
            f"is {criteria.status.label.lower()}."
        )
    return criteria


def propose(session: Session, criteria_set_id: int, actor: str, today: date) -> list[CandidateRow]:
    """Run the set's selection and store it; return every candidate of the set (see ``list_candidates``)."""
    criteria = approved_set(session, criteria_set_id)
    existing = {c.deal_id: c for c in session.scalars(sql_select(Candidate).where(Candidate.criteria_set_id == criteria.id))}
    skipped = [deal_id for deal_id, c in existing.items() if c.status == CandidateStatus.EXCLUDED]
    selection = select(session, criteria.definition, today, leave_out=skipped)
    proposed_now = {p.deal_id for p in selection.proposals}
    stale = [c.id for c in existing.values() if c.status == CandidateStatus.PROPOSED and c.deal_id not in proposed_now]
    if stale:
        session.execute(delete(Candidate).where(Candidate.id.in_(stale)))
    added = updated = kept = 0
    for proposal in selection.proposals:
        current = existing.get(proposal.deal_id)
        if current is None:
            session.add(Candidate(
                criteria_set_id=criteria.id, deal_id=proposal.deal_id, contact_id=proposal.contact_id,
                score=proposal.score, reasons=list(proposal.reasons), status=CandidateStatus.PROPOSED,
            ))  # fmt: skip
            added += 1
        elif current.status == CandidateStatus.PROPOSED:
            current.contact_id, current.score, current.reasons = proposal.contact_id, proposal.score, list(proposal.reasons)
            updated += 1
        else:
            kept += 1  # an accepted candidate keeps its decision (and the contact its interview was made for)
    session.flush()
    audit.record(
        session, actor, "candidates.proposed", "criteria_set", criteria.id,
        version=criteria.version, today=today.isoformat(), proposed=len(selection.proposals), added=added,
        updated=updated, removed=len(stale), kept=kept, shortfall=[line.text for line in selection.shortfall],
    )  # fmt: skip
    return list_candidates(session, criteria.id)


def list_candidates(session: Session, criteria_set_id: int) -> list[CandidateRow]:
    """Proposed and accepted candidates by score (losses first when the set says so), then the skipped ones."""
    criteria = get_set(session, criteria_set_id)
    query = (
        sql_select(Candidate, Deal, Account, Contact, _interview_of(Candidate.id).scalar_subquery())
        .join(Deal, Deal.id == Candidate.deal_id)
        .outerjoin(Account, Account.id == Deal.account_id)
        .outerjoin(Contact, Contact.id == Candidate.contact_id)
        .where(Candidate.criteria_set_id == criteria_set_id)
    )
    rows = [_row(*found) for found in session.execute(query)]
    return sorted(rows, key=_order(criteria.definition))


def _order(definition: CriteriaDefinition):  # type: ignore[no-untyped-def]
    losses_first = definition.quotas.losses_first

    def key(row: CandidateRow) -> tuple[bool, bool, float, int]:
        excluded = row.status == CandidateStatus.EXCLUDED
        return (excluded, losses_first and row.outcome is not Outcome.LOST, -row.score, row.deal_id)

    return key


def accept(session: Session, candidate_id: int, actor_id: int) -> CandidateRow:
    """Accept a proposed candidate: it moves on to scheduling as an interview to contact."""
    actor = _decider(session, actor_id, "accept")
    candidate = _proposed(session, candidate_id, "accepted")
    candidate.status = CandidateStatus.ACCEPTED
    candidate.decided_by_id, candidate.decided_at = actor.id, utcnow()
    interview = Interview(
        candidate_id=candidate.id, deal_id=candidate.deal_id, contact_id=candidate.contact_id,
        status=InterviewStatus.TO_CONTACT,
    )  # fmt: skip
    session.add(interview)
    session.flush()
    audit.record(
        session, actor.name, "candidate.accepted", ENTITY, candidate.id,
        criteria_set=candidate.criteria_set_id, deal=candidate.deal_id, contact=candidate.contact_id,
        interview=interview.id,
    )  # fmt: skip
    return _load_row(session, candidate)


def skip(session: Session, candidate_id: int, actor_id: int, reason: str) -> CandidateRow:
    """Leave a proposed candidate out, saying why (the reason is required)."""
    actor = _decider(session, actor_id, "decline")
    clean = " ".join((reason or "").split())
    if not clean:
        raise SelectionError("Say why this candidate is declined: the reason is kept with the decision.")
    candidate = _proposed(session, candidate_id, "declined")
    candidate.status = CandidateStatus.EXCLUDED
    candidate.exclusion_reason = clean
    candidate.decided_by_id, candidate.decided_at = actor.id, utcnow()
    session.flush()
    audit.record(
        session, actor.name, "candidate.skipped", ENTITY, candidate.id,
        criteria_set=candidate.criteria_set_id, deal=candidate.deal_id, reason=clean,
    )  # fmt: skip
    return _load_row(session, candidate)


def reopen(session: Session, candidate_id: int, actor_id: int) -> CandidateRow:
    """Take back a skip: the candidate is proposed again (the audit log keeps the reason it had)."""
    actor = _decider(session, actor_id, "reopen")
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise SelectionError("This candidate no longer exists; propose candidates again.")
    if candidate.status != CandidateStatus.EXCLUDED:
        raise SelectionError("Only a declined candidate can be proposed again; this one is not declined.")
    reason = candidate.exclusion_reason
    candidate.status = CandidateStatus.PROPOSED
    candidate.exclusion_reason = candidate.decided_by_id = candidate.decided_at = None
    session.flush()
    audit.record(
        session, actor.name, "candidate.reopened", ENTITY, candidate.id,
        criteria_set=candidate.criteria_set_id, deal=candidate.deal_id, reason=reason,
    )  # fmt: skip
    return _load_row(session, candidate)


def _decider(session: Session, actor_id: int, verb: str) -> Profile:
    profile = session.get(Profile, actor_id)
    if profile is None:
        raise SelectionError("Choose a profile first: every decision on candidates is signed by someone.")
    if profile.role not in DECIDERS:
        raise SelectionError(f"Only a program owner or a manager can {verb} candidates.")
    return profile


def _proposed(session: Session, candidate_id: int, becoming: str) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise SelectionError("This candidate no longer exists; propose candidates again.")
    if candidate.status != CandidateStatus.PROPOSED:
        state = {CandidateStatus.ACCEPTED: "already accepted", CandidateStatus.EXCLUDED: "already declined"}[candidate.status]
        raise SelectionError(f"Only a proposed candidate can be {becoming}; this one is {state}.")
    return candidate


def _load_row(session: Session, candidate: Candidate) -> CandidateRow:
    deal = session.get(Deal, candidate.deal_id)
    assert deal is not None
    account = session.get(Account, deal.account_id) if deal.account_id is not None else None
    contact = session.get(Contact, candidate.contact_id) if candidate.contact_id is not None else None
    return _row(candidate, deal, account, contact, session.scalar(_interview_of(candidate.id)))


def _interview_of(candidate_id: Any) -> Select[tuple[int | None]]:
    """The interview a candidate was handed on as (the first one, should there be several)."""
    return sql_select(func.min(Interview.id)).where(Interview.candidate_id == candidate_id)


def _row(candidate: Candidate, deal: Deal, account: Account | None, contact: Contact | None,
         interview_id: int | None) -> CandidateRow:  # fmt: skip
    return CandidateRow(
        id=candidate.id, deal_id=candidate.deal_id, contact_id=candidate.contact_id, status=candidate.status,
        score=candidate.score, reasons=list(candidate.reasons or []),
        account=account.name if account else "(no account)",
        contact_name=contact.full_name if contact else "(no contact)", title=contact.title if contact else None,
        outcome=deal.outcome, segment=account.segment if account else None, competitor=deal.competitor,
        amount=deal.amount, currency=deal.currency or "USD", close_date=deal.close_date,
        exclusion_reason=candidate.exclusion_reason, interview_id=interview_id,
    )  # fmt: skip
