"""Reading deals for the Deals area: rows by id and one deal's details (filtering is in deal_index.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from interviewer.models import Account, Contact, Deal, DealContact
from interviewer.records import ContactRow, DealDetail, DealRow


def deal_rows(session: Session, ids: Sequence[int]) -> dict[int, DealRow]:
    """The table rows of the given deals, keyed by id (missing ids are simply absent)."""
    if not ids:
        return {}
    query = (
        select(
            Deal.id,
            Account.name,
            Deal.outcome,
            Deal.amount,
            Deal.currency,
            Deal.close_date,
            Account.segment,
            Deal.competitor,
            Deal.rep_reason,
        )
        .outerjoin(Account, Deal.account_id == Account.id)
        .where(Deal.id.in_(list(ids)))
    )
    return {row.id: _row(row) for row in session.execute(query)}


def _row(row: object) -> DealRow:
    values = tuple(row)  # type: ignore[arg-type]
    deal_id, account, outcome, amount, currency, close_date, segment, competitor, reason = values
    return DealRow(deal_id, account or "(no account)", outcome, amount, currency, close_date, segment, competitor, reason)


def deal_detail(session: Session, deal_id: int) -> DealDetail | None:
    """Everything about one deal that the details pane shows, or None if it is gone."""
    deal = session.get(Deal, deal_id)
    if deal is None:
        return None
    account = deal.account
    row = deal_rows(session, [deal_id])[deal_id]
    return DealDetail(
        row=row,
        name=deal.name,
        external_id=deal.external_id,
        source_system=deal.source_system,
        raw_stage=deal.raw_stage,
        industry=account.industry if account else None,
        region=account.region if account else None,
        employee_count=account.employee_count if account else None,
        owner_rep=deal.owner_rep,
        product=deal.product,
        lead_source=deal.lead_source,
        rep_note=deal.rep_note,
        contacts=list(_contacts(session, deal_id)),
    )


def _contacts(session: Session, deal_id: int) -> Iterable[ContactRow]:
    query = (
        select(Contact, DealContact.role, DealContact.is_primary)
        .join(DealContact, and_(DealContact.contact_id == Contact.id, DealContact.deal_id == deal_id))
        .order_by(DealContact.is_primary.desc(), Contact.last_name, Contact.first_name)
    )
    for contact, role, is_primary in session.execute(query):
        yield ContactRow(
            id=contact.id,
            name=contact.full_name,
            title=contact.title,
            email=contact.email,
            phone=contact.phone,
            authority=contact.authority,
            do_not_contact=contact.do_not_contact,
            role=role,
            is_primary=is_primary,
        )
