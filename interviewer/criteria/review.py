"""The review workflow of criteria sets: draft → submitted → approved or rejected, with versions.

An approved set is never changed (except retired when its successor is
approved); editing it means ``new_version``. Every transition writes an audit
entry in the caller's transaction. Services flush but never commit: the caller
wraps them in ``with session.begin()``.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.criteria.authority import describe_rules
from interviewer.criteria.definition import AuthorityRule, CriteriaDefinition, DefinitionError
from interviewer.criteria.summary import either, summarise
from interviewer.enums import CriteriaStatus, Vocabulary
from interviewer.models import AuditEntry, CriteriaSet, Profile, utcnow
from interviewer.profiles import can_edit_criteria, can_review

ENTITY = "criteria_set"
NAME_MAX = 255
S = CriteriaStatus


class ReviewError(Exception):
    """A move the workflow refuses; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class CriteriaRow:
    """One version of a criteria set, as the window shows it."""

    id: int
    family: str
    version: int
    name: str
    status: CriteriaStatus
    definition: CriteriaDefinition
    summary: str
    qualified_buyer: str
    author: str | None
    reviewer: str | None
    review_comment: str | None
    created_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None


@dataclass(frozen=True)
class HistoryRow:
    """One audit entry of a family: ``action`` is a verb ("submitted", "new version", …)."""

    at: datetime
    actor: str
    action: str
    version: int | None
    comment: str | None


@dataclass(frozen=True)
class DiffLine:
    """One setting that differs between two definitions, both values in words."""

    setting: str
    before: str
    after: str


# -- reading ---------------------------------------------------------------------------------------


def list_sets(session: Session) -> list[CriteriaRow]:
    """Every version: families by the name of their latest version, versions newest first."""
    rows = [_row(s) for s in session.scalars(select(CriteriaSet))]
    latest: dict[str, CriteriaRow] = {}
    for row in rows:
        if row.family not in latest or row.version > latest[row.family].version:
            latest[row.family] = row
    return sorted(rows, key=lambda r: (latest[r.family].name.casefold(), r.family, -r.version))


def get_set(session: Session, set_id: int) -> CriteriaRow:
    return _row(_load(session, set_id))


def latest_approved(session: Session) -> CriteriaRow | None:
    """The most recently approved set that is still approved (None if there is none)."""
    query = (
        select(CriteriaSet)
        .where(CriteriaSet.status == S.APPROVED)
        .order_by(CriteriaSet.reviewed_at.desc(), CriteriaSet.id.desc())
        .limit(1)
    )
    found = session.scalars(query).first()
    return _row(found) if found is not None else None


def find_set(session: Session, name_or_id: str) -> CriteriaRow:
    """A set by id, or by name (or family): the latest approved version, else the latest version."""
    wanted = str(name_or_id).strip()
    if not wanted:
        raise ReviewError("Name a criteria set, or give its number.")
    if wanted.isdigit():
        found = session.get(CriteriaSet, int(wanted))
        if found is not None:
            return _row(found)
    key = wanted.casefold()
    matches = [
        s for s in session.scalars(select(CriteriaSet)) if key in (s.name.strip().casefold(), s.family.casefold())
    ]
    if not matches:
        raise ReviewError(f"There is no criteria set called “{wanted}”.")
    approved = [s for s in matches if s.status == S.APPROVED]
    if approved:
        return _row(max(approved, key=lambda s: (s.reviewed_at or s.created_at, s.id)))
    return _row(max(matches, key=lambda s: (s.created_at, s.version, s.id)))


def history(session: Session, family: str) -> list[HistoryRow]:
    """Every audit entry of the family's versions, oldest first."""
    ids = list(session.scalars(select(CriteriaSet.id).where(CriteriaSet.family == family)))
    if not ids:
        return []
    query = (
        select(AuditEntry)
        .where(AuditEntry.entity_type == ENTITY, AuditEntry.entity_id.in_(ids))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    rows = []
    for entry in session.scalars(query):
        details: dict[str, Any] = entry.details or {}
        verb = entry.action.removeprefix("criteria.").replace("_", " ")
        rows.append(HistoryRow(entry.at, entry.actor, verb, details.get("version"), details.get("comment")))
    return rows


# -- moves -----------------------------------------------------------------------------------------


def create_draft(
    session: Session, actor_id: int, name: str, definition: CriteriaDefinition, qualified_buyer: str = ""
) -> CriteriaRow:
    """A new family's version 1, as a draft written by ``actor_id``."""
    actor = _editor(session, actor_id, "draft criteria sets")
    clean_name = _clean_name(name)
    _check(definition)
    criteria = CriteriaSet(
        family=_new_family(session, clean_name), version=1, name=clean_name, status=S.DRAFT,
        definition=definition.to_json(), summary=summarise(definition),
        qualified_buyer=(qualified_buyer or "").strip(), author_id=actor.id, created_at=utcnow(),
    )  # fmt: skip
    session.add(criteria)
    session.flush()
    audit.record(session, actor.name, "criteria.created", ENTITY, criteria.id, version=1, name=clean_name)
    return _row(criteria)


def update_draft(
    session: Session,
    actor_id: int,
    set_id: int,
    *,
    name: str | None = None,
    definition: CriteriaDefinition | None = None,
    qualified_buyer: str | None = None,
) -> CriteriaRow:
    """Change a draft or a rejected set (a rejected set edited becomes a draft again, same version)."""
    actor = _editor(session, actor_id, "edit criteria sets")
    criteria = _load(session, set_id)
    if criteria.status == S.APPROVED:
        raise ReviewError(
            f"An approved set cannot be changed; edit it to make version {_next_version(session, criteria.family)}."
        )
    if criteria.status == S.SUBMITTED:
        raise ReviewError("This set is under review; it can be changed once a manager approves or rejects it.")
    if criteria.status == S.RETIRED:
        raise ReviewError("A retired set cannot be changed; make a new version of it instead.")
    changed: list[str] = []
    if name is not None:
        clean_name = _clean_name(name)
        if clean_name != criteria.name:
            changed.append("Name")
            criteria.name = clean_name
    if qualified_buyer is not None and qualified_buyer.strip() != (criteria.qualified_buyer or ""):
        changed.append("Qualified buyer")
        criteria.qualified_buyer = qualified_buyer.strip()
    if definition is not None:
        _check(definition)
        lines = diff(_definition(criteria), definition)
        if lines:
            changed.extend(line.setting for line in lines)
            criteria.definition = definition.to_json()
            criteria.summary = summarise(definition)
    was_rejected = criteria.status == S.REJECTED
    if not changed and not was_rejected:
        return _row(criteria)
    if was_rejected:
        criteria.status = S.DRAFT
        criteria.submitted_at = criteria.reviewed_at = criteria.reviewer_id = criteria.review_comment = None
    session.flush()
    audit.record(
        session, actor.name, "criteria.edited", ENTITY, criteria.id,
        version=criteria.version, changed=changed, **({"reopened": True} if was_rejected else {}),
    )  # fmt: skip
    return _row(criteria)


def submit(session: Session, actor_id: int, set_id: int) -> CriteriaRow:
    """Send a draft to a manager for review."""
    actor = _editor(session, actor_id, "submit criteria sets")
    criteria = _load(session, set_id)
    if criteria.status != S.DRAFT:
        raise ReviewError(
            {
                S.SUBMITTED: "This set is already submitted and waits for a manager's review.",
                S.APPROVED: "This set is already approved.",
                S.REJECTED: "This set was rejected; edit it to address the comment, then submit it again.",
                S.RETIRED: "A retired set cannot be submitted; make a new version of it instead.",
            }[criteria.status]
        )
    _check(_definition(criteria))
    criteria.status = S.SUBMITTED
    criteria.submitted_at = utcnow()
    session.flush()
    audit.record(session, actor.name, "criteria.submitted", ENTITY, criteria.id, version=criteria.version)
    return _row(criteria)


def approve(session: Session, actor_id: int, set_id: int, comment: str | None = None) -> CriteriaRow:
    """Approve a submitted set; the family's previously approved version is retired."""
    actor = _reviewer(session, actor_id, "approve")
    criteria = _submitted(session, set_id, "approved")
    now = utcnow()
    clean_comment = (comment or "").strip() or None
    previous = session.scalars(
        select(CriteriaSet).where(
            CriteriaSet.family == criteria.family, CriteriaSet.status == S.APPROVED, CriteriaSet.id != criteria.id
        )
    ).all()
    for old in previous:
        old.status = S.RETIRED
        audit.record(
            session, actor.name, "criteria.retired", ENTITY, old.id, version=old.version, replaced_by=criteria.version
        )
    criteria.status = S.APPROVED
    criteria.reviewer_id, criteria.reviewed_at, criteria.review_comment = actor.id, now, clean_comment
    session.flush()
    audit.record(
        session, actor.name, "criteria.approved", ENTITY, criteria.id, version=criteria.version, comment=clean_comment
    )
    return _row(criteria)


def reject(session: Session, actor_id: int, set_id: int, comment: str) -> CriteriaRow:
    """Send a submitted set back to its author, saying why."""
    actor = _reviewer(session, actor_id, "reject")
    clean_comment = (comment or "").strip()
    if not clean_comment:
        raise ReviewError("Say why the set is rejected, so its author can fix it.")
    criteria = _submitted(session, set_id, "rejected")
    criteria.status = S.REJECTED
    criteria.reviewer_id, criteria.reviewed_at, criteria.review_comment = actor.id, utcnow(), clean_comment
    session.flush()
    audit.record(
        session, actor.name, "criteria.rejected", ENTITY, criteria.id, version=criteria.version, comment=clean_comment
    )
    return _row(criteria)


def new_version(session: Session, actor_id: int, set_id: int) -> CriteriaRow:
    """A new draft copying an approved, retired or rejected version, numbered after the family's latest."""
    actor = _editor(session, actor_id, "make new versions of criteria sets")
    source = _load(session, set_id)
    if source.status in (S.DRAFT, S.SUBMITTED):
        raise ReviewError(
            "This set is a draft: edit it directly."
            if source.status == S.DRAFT
            else "This set is under review; wait for a manager's decision before making a new version."
        )
    pending = session.scalars(
        select(CriteriaSet)
        .where(CriteriaSet.family == source.family, CriteriaSet.status.in_([S.DRAFT, S.SUBMITTED]))
        .order_by(CriteriaSet.version.desc())
    ).first()
    if pending is not None:
        state = "a draft; edit it instead" if pending.status == S.DRAFT else "under review; wait for the decision"
        raise ReviewError(f"Version {pending.version} of “{pending.name}” is already {state}.")
    version = _next_version(session, source.family)
    definition = _definition(source)
    criteria = CriteriaSet(
        family=source.family, version=version, name=source.name, status=S.DRAFT,
        definition=definition.to_json(), summary=summarise(definition),
        qualified_buyer=source.qualified_buyer or "", author_id=actor.id, created_at=utcnow(),
    )  # fmt: skip
    session.add(criteria)
    session.flush()
    audit.record(
        session, actor.name, "criteria.new_version", ENTITY, criteria.id, version=version, from_version=source.version
    )
    return _row(criteria)


# -- comparing -------------------------------------------------------------------------------------

_LABELS = {
    "window_days": "Close-date window",
    "freshness_days": "Freshness limit",
    "outcomes": "Outcomes",
    "amount_min": "Smallest amount",
    "amount_max": "Largest amount",
    "segments": "Segments",
    "excluded_segments": "Excluded segments",
    "industries": "Industries",
    "excluded_industries": "Excluded industries",
    "regions": "Regions",
    "excluded_regions": "Excluded regions",
    "employees_min": "Smallest company (employees)",
    "employees_max": "Largest company (employees)",
    "competitors_of_interest": "Competitors of interest",
    "authorities": "Contact authorities",
    "exclude_do_not_contact": "Leave out do-not-contact",
    "interviewed_within_months": "Re-interview pause",
    "excluded_email_domains": "Excluded email domains",
    "exclude_personal_email": "Leave out personal email addresses",
    "require_contact_details": "Require an email or phone",
    "quotas.won": "Quota: won",
    "quotas.lost": "Quota: lost",
    "quotas.no_decision": "Quota: no decision",
    "quotas.losses_first": "Losses first",
    "quotas.max_per_segment": "Limit per outcome and segment",
    "quotas.max_per_competitor": "Limit per outcome and competitor",
    "weights.freshness": "Weight: freshness",
    "weights.deal_size": "Weight: deal size",
    "weights.authority": "Weight: authority",
    "weights.competitor": "Weight: competitor",
}
_UNITS = {"window_days": "days", "freshness_days": "days", "interviewed_within_months": "months"}
_EMPTY = {"amount_min": "none", "amount_max": "none", "employees_min": "none", "employees_max": "none",
          "quotas.max_per_segment": "no limit", "quotas.max_per_competitor": "no limit",
          "interviewed_within_months": "none"}  # fmt: skip


def diff(before: CriteriaDefinition, after: CriteriaDefinition) -> list[DiffLine]:
    """Every setting that differs, in the definition's field order; nested settings field by field."""
    lines: list[DiffLine] = []
    for f in fields(CriteriaDefinition):
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old == new:
            continue
        if f.name == "authority_rules":
            lines.extend(_rule_lines(old, new))
        elif is_dataclass(old) and is_dataclass(new):
            for inner in fields(old):
                key = f"{f.name}.{inner.name}"
                a, b = getattr(old, inner.name), getattr(new, inner.name)
                if a != b:
                    lines.append(DiffLine(_label(key), _words(key, a), _words(key, b)))
        else:
            lines.append(DiffLine(_label(f.name), _words(f.name, old), _words(f.name, new)))
    return lines


def _rule_lines(old: tuple[AuthorityRule, ...], new: tuple[AuthorityRule, ...]) -> list[DiffLine]:
    lines = []
    for index in range(max(len(old), len(new))):
        a = old[index] if index < len(old) else None
        b = new[index] if index < len(new) else None
        if a != b:
            words = [describe_rules([r])[0] if r is not None else "(no rule)" for r in (a, b)]
            lines.append(DiffLine(f"Title rule {index + 1}", words[0], words[1]))
    return lines


def _label(key: str) -> str:
    return _LABELS.get(key) or key.split(".")[-1].replace("_", " ").capitalize()


def _words(key: str, value: Any) -> str:
    """A setting's value in words: "90 days", "Lost, Won", "any", "yes"."""
    if value is None:
        return _EMPTY.get(key, "any")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        if not value:
            return "any"
        return ", ".join(v.label if isinstance(v, Vocabulary) else str(v) for v in value)
    if isinstance(value, float) and key.startswith("weights."):
        return f"{value:g}"
    if isinstance(value, (int, float)):
        if value == 0 and key in _EMPTY:
            return _EMPTY[key]
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        unit = _UNITS.get(key)
        return f"{number} {unit}" if unit else number
    return str(value)


# -- helpers ---------------------------------------------------------------------------------------


def _row(criteria: CriteriaSet) -> CriteriaRow:
    return CriteriaRow(
        id=criteria.id, family=criteria.family, version=criteria.version, name=criteria.name,
        status=criteria.status, definition=_definition(criteria), summary=criteria.summary or "",
        qualified_buyer=criteria.qualified_buyer or "",
        author=criteria.author.name if criteria.author else None,
        reviewer=criteria.reviewer.name if criteria.reviewer else None,
        review_comment=criteria.review_comment, created_at=criteria.created_at,
        submitted_at=criteria.submitted_at, reviewed_at=criteria.reviewed_at,
    )  # fmt: skip


def _definition(criteria: CriteriaSet) -> CriteriaDefinition:
    try:
        return CriteriaDefinition.from_json(criteria.definition or {})
    except DefinitionError as exc:
        raise ReviewError(f"Criteria set “{criteria.name}” v{criteria.version} cannot be read: {exc}.") from None


def _load(session: Session, set_id: int) -> CriteriaSet:
    criteria = session.get(CriteriaSet, set_id)
    if criteria is None:
        raise ReviewError("This criteria set no longer exists.")
    return criteria


def _profile(session: Session, actor_id: int) -> Profile:
    profile = session.get(Profile, actor_id)
    if profile is None:
        raise ReviewError("Choose a profile first: every decision on criteria is signed by someone.")
    return profile


def _editor(session: Session, actor_id: int, doing: str) -> Profile:
    profile = _profile(session, actor_id)
    if not can_edit_criteria(profile.role):
        raise ReviewError(f"Only a program owner or a manager can {doing}.")
    return profile


def _reviewer(session: Session, actor_id: int, verb: str) -> Profile:
    profile = _profile(session, actor_id)
    if not can_review(profile.role):
        raise ReviewError(f"Only a manager can {verb} a criteria set.")
    return profile


def _submitted(session: Session, set_id: int, outcome: str) -> CriteriaSet:
    criteria = _load(session, set_id)
    if criteria.status != S.SUBMITTED:
        state = {S.DRAFT: "still a draft", S.APPROVED: "already approved", S.REJECTED: "already rejected",
                 S.RETIRED: "retired"}[criteria.status]  # fmt: skip
        raise ReviewError(f"Only a submitted set can be {outcome}; this one is {state}.")
    return criteria


def _check(definition: CriteriaDefinition) -> None:
    problems = definition.problems()
    if problems:
        raise ReviewError(f"This definition cannot be used: {either(problems, 'and')}.")


def _clean_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise ReviewError("Give the criteria set a name.")
    if len(clean) > NAME_MAX:
        raise ReviewError(f"A name can be at most {NAME_MAX} characters long.")
    return clean


def _new_family(session: Session, name: str) -> str:
    """A slug of the name plus a short random suffix, unused so far."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:48].strip("-") or "criteria"
    while True:
        family = f"{slug}-{secrets.token_hex(3)}"
        if session.scalar(select(func.count()).where(CriteriaSet.family == family)) == 0:
            return family


def _next_version(session: Session, family: str) -> int:
    return (session.scalar(select(func.max(CriteriaSet.version)).where(CriteriaSet.family == family)) or 0) + 1
