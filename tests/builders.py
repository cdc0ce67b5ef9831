"""Small hand-made programs for tests: a few deals with accounts and contacts, exactly as specified."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from interviewer.db import Database
from interviewer.enums import Authority, Outcome, RepReason
from interviewer.models import Account, Contact, Deal, DealContact


@dataclass
class DealSpec:
    account: str
    outcome: Outcome
    amount: str | None = "10000"
    closed: date | None = date(2026, 10, 1)
    segment: str | None = None
    competitor: str | None = None
    reason: RepReason | None = None
    contacts: list[tuple[str, str, str, Authority]] = field(default_factory=list)
    """(first name, last name, title, authority); the first one is the primary contact."""


def add_deals(database: Database, specs: list[DealSpec]) -> list[int]:
    """Store the deals (one account per distinct name) and return their ids in the given order."""
    ids: list[int] = []
    with database.sessions() as session, session.begin():
        accounts: dict[str, Account] = {}
        for number, spec in enumerate(specs, start=1):
            account = accounts.get(spec.account)
            if account is None:
                account = accounts[spec.account] = Account(name=spec.account, segment=spec.segment, industry="Logistics")
            deal = Deal(
                source_system="test",
                external_id=f"T-{spec.account}-{number}",
                account=account,
                outcome=spec.outcome,
                amount=Decimal(spec.amount) if spec.amount else None,
                currency="USD",
                close_date=spec.closed,
                competitor=spec.competitor,
                rep_reason=spec.reason,
            )
            session.add(deal)
            for position, (first, last, title, authority) in enumerate(spec.contacts):
                contact = Contact(account=account, first_name=first, last_name=last, title=title,
                                  email=f"{first.lower()}@{spec.account.split()[0].lower()}.test", authority=authority)
                deal.contact_links.append(DealContact(contact=contact, is_primary=position == 0))
            session.flush()
            ids.append(deal.id)
    return ids


def booked_interview(database: Database, now: datetime, *, minutes_ago: int = 5) -> int:
    """A lost deal against Routewise (rep's reason: price) whose buyer, Ana Ruiz, was booked ``minutes_ago``
    before ``now``, with a 15–20 minute guide from the default bank saved on the interview; returns its id."""
    from sqlalchemy import select

    from interviewer.clock import FixedClock
    from interviewer.enums import InterviewStatus
    from interviewer.models import Interview
    from question_bank.guide import Window
    from question_bank.guides import build_for, save_guide, subject_for_interview
    from question_bank.store import ensure_default_bank

    [deal_id] = add_deals(database, [DealSpec("Harbor Freight Co", Outcome.LOST, competitor="Routewise",
                                              reason=RepReason.PRICE_ADVANTAGE,
                                              contacts=[("Ana", "Ruiz", "VP Operations", Authority.DECISION_MAKER)])])
    with database.sessions() as session, session.begin():
        ensure_default_bank(session)
        contact = session.scalar(select(Contact.id).where(Contact.last_name == "Ruiz"))
        interview = Interview(deal_id=deal_id, contact_id=contact, status=InterviewStatus.SCHEDULED,
                              scheduled_start=now - timedelta(minutes=minutes_ago))
        session.add(interview)
        session.flush()
        subject = subject_for_interview(session, interview.id)
        save_guide(session, subject, build_for(session, subject).lines, Window(), actor="t", clock=FixedClock(now))
        return interview.id


def held_call(database: Database, booked: int, spent: int, state: str = "asked") -> int:
    """Another completed call with the buyer of interview ``booked``, asking only the first question of that
    interview's guide, planned at 2:00, which took ``spent`` seconds; returns the question's id."""
    from sqlalchemy import select

    from interviewer.enums import GuideItemState, InterviewStatus
    from interviewer.models import Guide, GuideItem, Interview

    with database.sessions() as session, session.begin():
        first = session.scalars(select(GuideItem).join(Guide).where(Guide.interview_id == booked)
                                .order_by(GuideItem.position)).first()
        model = session.get(Interview, booked)
        held = Interview(deal_id=model.deal_id, contact_id=model.contact_id, status=InterviewStatus.COMPLETED)
        session.add(held)
        session.flush()
        session.add(Guide(interview_id=held.id, outcome=Outcome.LOST, items=[GuideItem(
            question_id=first.question_id, position=0, text=first.text, phase=first.phase, planned_seconds=120,
            spent_seconds=spent, state=GuideItemState(state))]))
        return first.question_id


@dataclass
class HeldSpec:
    """A wrapped-up interview about deal ``deal`` (an index into the deals added), what the buyer said and the
    takeaways' themes."""

    deal: int
    wrapped: datetime
    buyer_reason: RepReason | None = None
    secondary: tuple[RepReason, ...] = ()
    themes: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()


def add_held(database: Database, deal_ids: list[int], specs: list[HeldSpec]) -> list[int]:
    """Store completed, wrapped-up interviews (a takeaway per theme, quotes 30 s apart); returns their ids."""
    from interviewer.enums import InterviewStatus
    from interviewer.models import Interview, Quote, Takeaway

    ids = []
    with database.sessions() as session, session.begin():
        for spec in specs:
            interview = Interview(deal_id=deal_ids[spec.deal], status=InterviewStatus.COMPLETED,
                                  wrapped_up_at=spec.wrapped, buyer_reason=spec.buyer_reason,
                                  secondary_reasons=[reason.value for reason in spec.secondary])
            session.add(interview)
            session.flush()
            session.add_all(Takeaway(interview_id=interview.id, text=f"About {theme}", theme=theme, position=at)
                            for at, theme in enumerate(spec.themes))
            session.add_all(Quote(interview_id=interview.id, text=text, offset_seconds=30 * (at + 1))
                            for at, text in enumerate(spec.quotes))
            ids.append(interview.id)
    return ids
