"""The interview program: people, criteria, candidates, interviewers and interviews."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interviewer.enums import (
    CandidateStatus,
    CriteriaStatus,
    InterviewerKind,
    InterviewStatus,
    Outcome,
    RepReason,
    Role,
)
from interviewer.models.base import Base, checked, utcnow


class Profile(Base):
    """A local person using the app, with the role that decides what they may do."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    role: Mapped[Role] = mapped_column(checked(Role, "role"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CriteriaSet(Base):
    """One version of the written rule that picks which buyers to interview.

    Versions of one set share a ``family``; an approved version is never edited,
    a change makes the next version.
    """

    __tablename__ = "criteria_sets"
    __table_args__ = (UniqueConstraint("family", "version"), CheckConstraint("version >= 1", name="version_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[CriteriaStatus] = mapped_column(checked(CriteriaStatus, "criteria_status"), default=CriteriaStatus.DRAFT)
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    qualified_buyer: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]

    author: Mapped[Profile | None] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[Profile | None] = relationship(foreign_keys=[reviewer_id])


class Candidate(Base):
    """A buyer an approved criteria set proposes to interview, with its score and reasons."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("criteria_set_id", "deal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criteria_set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id", ondelete="CASCADE"), index=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[CandidateStatus] = mapped_column(
        checked(CandidateStatus, "candidate_status"), default=CandidateStatus.PROPOSED
    )
    exclusion_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interviewer(Base):
    """Someone who runs calls: an employee or an independent firm's interviewer."""

    __tablename__ = "interviewers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    organisation: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[InterviewerKind] = mapped_column(checked(InterviewerKind, "interviewer_kind"))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    availability: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))


class Interview(Base):
    """One conversation with one buyer, from first outreach to the last takeaway.

    ``version`` is an optimistic-locking counter: a write based on a stale
    version fails instead of overwriting someone else's edit.
    """

    __tablename__ = "interviews"
    __table_args__ = (
        CheckConstraint("planned_minutes BETWEEN 5 AND 60", name="planned_minutes_range"),
        Index("ix_interviews_interviewer_start", "interviewer_id", "scheduled_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="SET NULL"), index=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("interviewers.id", ondelete="SET NULL"))
    status: Mapped[InterviewStatus] = mapped_column(
        checked(InterviewStatus, "interview_status"), default=InterviewStatus.TO_CONTACT, index=True
    )
    scheduled_start: Mapped[datetime | None]
    buyer_time_zone: Mapped[str | None] = mapped_column(String(64))
    interviewer_time_zone: Mapped[str | None] = mapped_column(String(64))
    planned_minutes: Mapped[int] = mapped_column(default=20)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    elapsed_seconds: Mapped[int] = mapped_column(default=0)
    buyer_reason: Mapped[RepReason | None] = mapped_column(checked(RepReason, "buyer_reason"))
    buyer_competitor: Mapped[str | None] = mapped_column(String(120))
    buyer_outcome: Mapped[Outcome | None] = mapped_column(checked(Outcome, "buyer_outcome"))
    """The outcome as the buyer described it in the wrap-up (None until confirmed)."""
    secondary_reasons: Mapped[list[str]] = mapped_column(default=list, server_default="[]")
    decision_criteria: Mapped[str | None] = mapped_column(Text)
    marketing_feedback: Mapped[str | None] = mapped_column(Text)
    current_position: Mapped[int | None]
    """The guide item the call was on when last saved, so a restart resumes there."""
    wrapped_up_at: Mapped[datetime | None]
    ics_uid: Mapped[str | None] = mapped_column(String(255), unique=True)
    ics_sequence: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    interviewer: Mapped[Interviewer | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class MessageTemplate(Base):
    """An outreach message per outcome, with placeholders filled at drafting time."""

    __tablename__ = "message_templates"
    __table_args__ = (UniqueConstraint("outcome", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome: Mapped[Outcome] = mapped_column(checked(Outcome, "template_outcome"))
    name: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
