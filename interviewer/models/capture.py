"""What the buyer said: answers, exact quotes, reason tags and the takeaways drawn from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interviewer.enums import Phase, RepReason, Sentiment, TakeawayKind, Team
from interviewer.models.base import Base, checked, utcnow


class Answer(Base):
    """The interviewer's notes on one guide item, or on the introduction or wrap-up (``phase``), saved as typed."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("interview_id", "guide_item_id"), UniqueConstraint("interview_id", "phase"))

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    guide_item_id: Mapped[int | None] = mapped_column(ForeignKey("guide_items.id", ondelete="CASCADE"))
    phase: Mapped[Phase | None] = mapped_column(checked(Phase, "answer_phase"))
    """``opening`` for notes of the introduction, ``closing`` for the wrap-up; None for a guide item's notes."""
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Quote(Base):
    """The buyer's exact words, stamped with the moment in the call they were said."""

    __tablename__ = "quotes"
    __table_args__ = (CheckConstraint("offset_seconds >= 0", name="offset_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    guide_item_id: Mapped[int | None] = mapped_column(ForeignKey("guide_items.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    offset_seconds: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReasonTag(Base):
    """A reason from the closed list attached to a moment of the call."""

    __tablename__ = "reason_tags"
    __table_args__ = (CheckConstraint("offset_seconds >= 0", name="offset_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    guide_item_id: Mapped[int | None] = mapped_column(ForeignKey("guide_items.id", ondelete="SET NULL"))
    reason: Mapped[RepReason] = mapped_column(checked(RepReason, "tag_reason"))
    offset_seconds: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


takeaway_quotes = Table(
    "takeaway_quotes",
    Base.metadata,
    Column("takeaway_id", ForeignKey("takeaways.id", ondelete="CASCADE"), primary_key=True),
    Column("quote_id", ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True),
)


class Takeaway(Base):
    """A finding from one interview, routed to the teams that should act on it."""

    __tablename__ = "takeaways"
    __table_args__ = (CheckConstraint("importance BETWEEN 1 AND 3", name="importance_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(120), index=True)
    position: Mapped[int] = mapped_column(default=0)
    importance: Mapped[int] = mapped_column(default=2, server_default="2")
    """1 low, 2 medium, 3 high."""
    sentiment: Mapped[Sentiment] = mapped_column(
        checked(Sentiment, "takeaway_sentiment"), default=Sentiment.MIXED, server_default=Sentiment.MIXED.value
    )
    kind: Mapped[TakeawayKind | None] = mapped_column(checked(TakeawayKind, "takeaway_kind"))
    no_quote_reason: Mapped[str | None] = mapped_column(Text)
    """Why no quote backs the takeaway; required when it has none."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    routes: Mapped[list[TakeawayRoute]] = relationship(back_populates="takeaway", cascade="all, delete-orphan")
    quotes: Mapped[list[Quote]] = relationship(secondary=takeaway_quotes)


class TakeawayRoute(Base):
    """One team a takeaway is routed to."""

    __tablename__ = "takeaway_routes"

    takeaway_id: Mapped[int] = mapped_column(ForeignKey("takeaways.id", ondelete="CASCADE"), primary_key=True)
    team: Mapped[Team] = mapped_column(checked(Team, "route_team"), primary_key=True)

    takeaway: Mapped[Takeaway] = relationship(back_populates="routes")
