"""What comes from the CRM: accounts, contacts, deals, and the imports that brought them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interviewer.enums import Authority, ImportStatus, Outcome, RepReason
from interviewer.models.base import Base, checked, utcnow


class Account(Base):
    """A buying organisation."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("source_system", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(255), index=True)
    industry: Mapped[str | None] = mapped_column(String(120))
    employee_count: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(120))
    segment: Mapped[str | None] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="account")
    deals: Mapped[list[Deal]] = relationship(back_populates="account")


class Contact(Base):
    """A person at an account who may be interviewed."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("source_system", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    source_system: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(120))
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(60))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    authority: Mapped[Authority] = mapped_column(checked(Authority, "authority"), default=Authority.UNKNOWN)
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    last_interviewed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account | None] = relationship(back_populates="contacts")

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or "(no name)"


class ImportBatch(Base):
    """One run of an import: the file, the rules applied, and what happened to every row."""

    __tablename__ = "import_batches"
    __table_args__ = (CheckConstraint("rows_total >= 0", name="rows_total_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    outcome_rule: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ImportStatus] = mapped_column(checked(ImportStatus, "import_status"), default=ImportStatus.RUNNING)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_created: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    actor: Mapped[str | None] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    rejections: Mapped[list[ImportRejection]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="ImportRejection.row_number"
    )


class ImportRejection(Base):
    """A row an import refused, with its row number in the file and the reason."""

    __tablename__ = "import_rejections"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)

    batch: Mapped[ImportBatch] = relationship(back_populates="rejections")


class MappingProfile(Base):
    """A saved column mapping for one kind of export (Salesforce, HubSpot, …)."""

    __tablename__ = "mapping_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    source_system: Mapped[str] = mapped_column(String(40))
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Deal(Base):
    """A closed (or still open) opportunity, as the CRM reported it."""

    __tablename__ = "deals"
    __table_args__ = (
        UniqueConstraint("source_system", "external_id"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_non_negative"),
        Index("ix_deals_outcome_close_date", "outcome", "close_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str] = mapped_column(String(120))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    outcome: Mapped[Outcome] = mapped_column(checked(Outcome, "outcome"))
    raw_stage: Mapped[str | None] = mapped_column(String(120))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    close_date: Mapped[date | None] = mapped_column(Date, index=True)
    owner_rep: Mapped[str | None] = mapped_column(String(255))
    rep_team: Mapped[str | None] = mapped_column(String(120))
    product: Mapped[str | None] = mapped_column(String(255))
    lead_source: Mapped[str | None] = mapped_column(String(120))
    rep_reason: Mapped[RepReason | None] = mapped_column(checked(RepReason, "rep_reason"))
    competitor: Mapped[str | None] = mapped_column(String(120), index=True)
    rep_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    account: Mapped[Account | None] = relationship(back_populates="deals")
    contact_links: Mapped[list[DealContact]] = relationship(back_populates="deal", cascade="all, delete-orphan")


class DealContact(Base):
    """Which contacts took part in a deal, and in what role."""

    __tablename__ = "deal_contacts"

    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str | None] = mapped_column(String(120))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    deal: Mapped[Deal] = relationship(back_populates="contact_links")
    contact: Mapped[Contact] = relationship()
