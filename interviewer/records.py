"""Plain data handed from services to the window: no ORM objects, no sessions.

Only the standard library and ``interviewer.enums`` are imported here, so the
window can build its models before the database layer is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from interviewer.enums import Authority, Outcome, RepReason


@dataclass(frozen=True)
class DealRow:
    """One line of the Deals table."""

    id: int
    account: str
    outcome: Outcome
    amount: Decimal | None
    currency: str
    close_date: date | None
    segment: str | None
    competitor: str | None
    rep_reason: RepReason | None


@dataclass(frozen=True)
class ContactRow:
    """A contact as shown beside a deal."""

    id: int
    name: str
    title: str | None
    email: str | None
    phone: str | None
    authority: Authority
    do_not_contact: bool
    role: str | None
    is_primary: bool


@dataclass(frozen=True)
class DealDetail:
    """Everything the details pane shows for one deal."""

    row: DealRow
    name: str | None
    external_id: str
    source_system: str
    raw_stage: str | None
    industry: str | None
    region: str | None
    employee_count: int | None
    owner_rep: str | None
    product: str | None
    lead_source: str | None
    rep_note: str | None
    contacts: list[ContactRow] = field(default_factory=list)


@dataclass(frozen=True)
class DealFilter:
    """What the Deals table shows: words to match, an outcome, a period and the sort order."""

    text: str = ""
    outcome: Outcome | None = None
    include_open: bool = True
    """False: only closed deals (won, lost, no decision), whatever ``outcome`` is None."""
    closed_since: date | None = None
    sort: str = "close_date"
    descending: bool = True


@dataclass(frozen=True)
class BatchRow:
    """One import as the Imports area lists it."""

    id: int
    file_name: str
    source: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    rows: int
    imported: int
    updated: int
    unchanged: int
    rejected: int
    sha256: str | None
    actor: str | None
    outcome_rule: str | None


@dataclass(frozen=True)
class RejectionRow:
    """A row an import refused: where it was in the file, why, and what it held."""

    row_number: int
    reason: str
    raw: dict[str, str]
