"""What leaves the app and what it leads to: teams, reports, deliveries, reviews, actions, audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interviewer.enums import ActionStatus, Channel, DeliveryStatus, ReportKind, Team
from interviewer.models.base import Base, checked, utcnow


class TeamRecord(Base):
    """A stakeholder team that receives reports (product, CS, marketing, sales, leadership)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[Team] = mapped_column(checked(Team, "team_key"), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    recipients: Mapped[list[Recipient]] = relationship(back_populates="team", cascade="all, delete-orphan")


class Recipient(Base):
    """A person who receives a team's reports."""

    __tablename__ = "recipients"
    __table_args__ = (UniqueConstraint("team_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    team: Mapped[TeamRecord] = relationship(back_populates="recipients")


class Report(Base):
    """A Word document the app produced: an interview report, a team digest or a monthly review."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReportKind] = mapped_column(checked(ReportKind, "report_kind"))
    team: Mapped[Team | None] = mapped_column(checked(Team, "report_team"))
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id", ondelete="SET NULL"))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    sha256: Mapped[str | None] = mapped_column(String(64))
    include_identities: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    """The .docx itself, kept so a failed delivery can be retried and a report never lost."""

    deliveries: Mapped[list[Delivery]] = relationship(back_populates="report")
    """Deleting a report keeps its deliveries (and their log), which then name it by ``report_title``."""


class Delivery(Base):
    """One report sent (or attempted) to one recipient."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("report_id", "recipient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"), index=True)
    """None once the report was deleted: the delivery and its log stay, named by ``report_title``."""
    report_title: Mapped[str | None] = mapped_column(String(255))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("recipients.id", ondelete="SET NULL"))
    email: Mapped[str] = mapped_column(String(320))
    status: Mapped[DeliveryStatus] = mapped_column(checked(DeliveryStatus, "delivery_status"), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]

    report: Mapped[Report | None] = relationship(back_populates="deliveries")
    log: Mapped[list[DeliveryAttempt]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", order_by="DeliveryAttempt.id"
    )


class DeliveryAttempt(Base):
    """One try at delivering a report to a recipient: the delivery log's line."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    channel: Mapped[Channel] = mapped_column(checked(Channel, "attempt_channel"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    """For an .eml attempt, the file written."""

    delivery: Mapped[Delivery] = relationship(back_populates="log")


class ReviewMeeting(Base):
    """The monthly 30-minute review: data, patterns, actions."""

    __tablename__ = "review_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, unique=True)
    win_pattern: Mapped[str | None] = mapped_column(Text)
    loss_pattern: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    held_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actions: Mapped[list[Action]] = relationship(back_populates="review")


class Action(Base):
    """A change agreed at a review, with an owner, a due date and the figure it should move."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_status_due", "status", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review_meetings.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(255))
    team: Mapped[Team] = mapped_column(checked(Team, "action_team"))
    due_on: Mapped[date] = mapped_column(Date)
    metric: Mapped[dict[str, Any]] = mapped_column(default=dict)
    baseline_value: Mapped[float | None]
    baseline_n: Mapped[int | None]
    result_value: Mapped[float | None]
    result_n: Mapped[int | None]
    measured_at: Mapped[datetime | None]
    status: Mapped[ActionStatus] = mapped_column(checked(ActionStatus, "action_status"), default=ActionStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[ReviewMeeting | None] = relationship(back_populates="actions")


class AuditEntry(Base):
    """Who did what to which record, and when. Rows are only ever added."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(80))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
