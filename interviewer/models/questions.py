"""The question bank and the guides built from it for each interview."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interviewer.enums import GuideItemState, Outcome, Phase
from interviewer.models.base import Base, checked, utcnow


class QuestionBank(Base):
    """A named collection of questions; new databases get the default bank."""

    __tablename__ = "question_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    questions: Mapped[list[Question]] = relationship(back_populates="bank", cascade="all, delete-orphan")


class Question(Base):
    """An open question with its place in the interview arc, its purpose and its audience."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("bank_id", "key"),
        CheckConstraint("seconds BETWEEN 10 AND 900", name="seconds_range"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    phase: Mapped[Phase] = mapped_column(checked(Phase, "phase"))
    outcomes: Mapped[list[str]] = mapped_column(default=list)
    seconds: Mapped[int] = mapped_column(default=120)
    priority: Mapped[int] = mapped_column(default=3)
    purpose: Mapped[str | None] = mapped_column(Text)
    probes: Mapped[list[str]] = mapped_column(default=list)
    teams: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")


class Guide(Base):
    """The chosen questions for one interview (or for an outcome and competitor)."""

    __tablename__ = "guides"
    __table_args__ = (CheckConstraint("window_min_minutes <= window_max_minutes", name="window_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[Outcome] = mapped_column(checked(Outcome, "guide_outcome"))
    competitor: Mapped[str | None] = mapped_column(String(120))
    window_min_minutes: Mapped[int] = mapped_column(default=15)
    window_max_minutes: Mapped[int] = mapped_column(default=20)
    intro_seconds: Mapped[int] = mapped_column(default=90)
    wrap_seconds: Mapped[int] = mapped_column(default=60)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[GuideItem]] = relationship(
        back_populates="guide", cascade="all, delete-orphan", order_by="GuideItem.position"
    )


class GuideItem(Base):
    """A question in a guide: a snapshot of its text, so bank edits never change a built guide."""

    __tablename__ = "guide_items"
    __table_args__ = (
        Index("ix_guide_items_guide_position", "guide_id", "position"),
        CheckConstraint("planned_seconds BETWEEN 10 AND 900", name="planned_seconds_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guides.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    phase: Mapped[Phase] = mapped_column(checked(Phase, "item_phase"))
    purpose: Mapped[str | None] = mapped_column(Text)
    probes: Mapped[list[str]] = mapped_column(default=list)
    teams: Mapped[list[str]] = mapped_column(default=list)
    planned_seconds: Mapped[int] = mapped_column(default=120)
    priority: Mapped[int] = mapped_column(default=3)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    ad_hoc: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[GuideItemState] = mapped_column(checked(GuideItemState, "item_state"), default=GuideItemState.PENDING)
    spent_seconds: Mapped[int] = mapped_column(default=0)

    guide: Mapped[Guide] = relationship(back_populates="items")
