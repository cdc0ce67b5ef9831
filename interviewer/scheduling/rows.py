"""The row an interview shows as: what the owner and an (independent) interviewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from interviewer.clock import Clock
from interviewer.enums import InterviewStatus
from interviewer.models import Account, Contact, Deal, Interview, Interviewer

FRESHNESS_DAYS = 30
"""A candidate whose deal closed longer ago than this, still without an interview, is stale."""

OPEN_STATES = frozenset({
    InterviewStatus.TO_CONTACT, InterviewStatus.INVITED, InterviewStatus.NO_RESPONSE, InterviewStatus.NO_SHOW,
})  # fmt: skip
"""States in which an interview could still be (re)booked: only these can be stale."""

_BANDS: tuple[tuple[int, str], ...] = (
    (10_000, "<{s}10k"), (20_000, "{s}10k–20k"), (50_000, "{s}20k–50k"), (100_000, "{s}50k–100k"),
    (250_000, "{s}100k–250k"), (1_000_000, "{s}250k–1M"),
)  # fmt: skip
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def amount_band(amount: Decimal | float | int | None, currency: str = "USD") -> str | None:
    """The deal size as a band ("$20k–50k"), never the exact amount."""
    if amount is None:
        return None
    symbol = _SYMBOLS.get((currency or "USD").upper(), f"{(currency or '').upper()} ")
    for upper, label in _BANDS:
        if amount < upper:
            return label.format(s=symbol)
    return f"{symbol}1M+"


@dataclass(frozen=True)
class InterviewRow:
    """One interview with the candidate details needed for the call (no exact amount, no criteria)."""

    id: int
    status: InterviewStatus
    deal_id: int
    contact_id: int | None
    interviewer_id: int | None
    interviewer_name: str | None
    account: str | None
    contact_name: str | None
    title: str | None
    outcome: str
    competitor: str | None
    amount_band: str | None
    rep_reason: str | None
    close_date: date | None
    scheduled_start: datetime | None
    buyer_time_zone: str | None
    interviewer_time_zone: str | None
    planned_minutes: int
    days_since_close: int | None
    stale: bool
    started_at: datetime | None = None
    ended_at: datetime | None = None
    contact_time_zone: str | None = None
    """The buyer's zone on their contact record (what a first booking starts from)."""

    @property
    def held(self) -> bool:
        """Whether the call took place (completed), so its time is a past fact, not a booking."""
        return self.status is InterviewStatus.COMPLETED

    @property
    def when(self) -> tuple[datetime, datetime] | None:
        """Start and end as the schedule shows them: for a completed call when it really ran (the console's
        record, else its booking), otherwise the booked slot; None without a time."""
        start = (self.started_at if self.held else None) or self.scheduled_start
        if start is None:
            return None
        end = (self.ended_at if self.held and self.started_at else None) or start + timedelta(minutes=self.planned_minutes)
        return start, end


def interview_row(session: Session, interview: Interview, clock: Clock, freshness_days: int = FRESHNESS_DAYS) -> InterviewRow:
    """``interview`` as a row, with freshness judged against ``clock``."""
    deal = session.get(Deal, interview.deal_id)
    assert deal is not None  # deal_id is NOT NULL with ON DELETE CASCADE
    account = session.get(Account, deal.account_id) if deal.account_id is not None else None
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    interviewer = session.get(Interviewer, interview.interviewer_id) if interview.interviewer_id is not None else None
    days = (clock.today() - deal.close_date).days if deal.close_date is not None else None
    stale = days is not None and days > freshness_days and interview.status in OPEN_STATES
    return InterviewRow(
        id=interview.id,
        status=interview.status,
        deal_id=deal.id,
        contact_id=interview.contact_id,
        interviewer_id=interview.interviewer_id,
        interviewer_name=interviewer.name if interviewer is not None else None,
        account=account.name if account is not None else None,
        contact_name=contact.full_name if contact is not None else None,
        title=contact.title if contact is not None else None,
        outcome=deal.outcome.value,
        competitor=deal.competitor,
        amount_band=amount_band(deal.amount, deal.currency),
        rep_reason=deal.rep_reason.value if deal.rep_reason is not None else None,
        close_date=deal.close_date,
        scheduled_start=interview.scheduled_start,
        buyer_time_zone=interview.buyer_time_zone,
        interviewer_time_zone=interview.interviewer_time_zone,
        planned_minutes=interview.planned_minutes,
        days_since_close=days,
        stale=stale,
        started_at=interview.started_at,
        ended_at=interview.ended_at,
        contact_time_zone=contact.time_zone if contact is not None else None,
    )
