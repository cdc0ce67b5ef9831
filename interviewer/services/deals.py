"""Reading deals for the Deals area: matching ids in order, rows by id, one deal's details."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from interviewer.enums import Outcome, RepReason
from interviewer.models import Account, Contact, Deal, DealContact
from interviewer.records import ContactRow, DealDetail, DealFilter, DealRow

SORT_KEYS: dict[str, ColumnElement[object]] = {
    "account": func.lower(Account.name),
    "outcome": Deal.outcome,
    "amount": Deal.amount,
    "close_date": Deal.close_date,
    "segment": func.lower(Account.segment),
    "competitor": func.lower(Deal.competitor),
    "rep_reason": Deal.rep_reason,
}
"""The columns the Deals table can be sorted by, and the SQL that orders them."""

_TEXT_COLUMNS = (Account.name, Account.segment, Account.industry, Account.region, Deal.competitor, Deal.owner_rep, Deal.name)


def count_deals(session: Session) -> int:
    return session.scalar(select(func.count(Deal.id))) or 0


def matching_deal_ids(session: Session, deal_filter: DealFilter) -> list[int]:
    """The ids of the deals that pass ``deal_filter``, in its sort order (ties by id)."""
    if deal_filter.sort not in SORT_KEYS:
        raise ValueError(f"cannot sort deals by {deal_filter.sort!r}")
    key = SORT_KEYS[deal_filter.sort]
    order = key.desc() if deal_filter.descending else key.asc()
    query = (
        select(Deal.id)
        .outerjoin(Account, Deal.account_id == Account.id)
        .where(*_conditions(deal_filter))
        .order_by(key.is_(None), order, Deal.id.desc() if deal_filter.descending else Deal.id)
    )
    return list(session.scalars(query))


def _conditions(deal_filter: DealFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if deal_filter.outcome is not None:
        conditions.append(Deal.outcome == deal_filter.outcome)
    if deal_filter.closed_since is not None:
        conditions.append(Deal.close_date >= deal_filter.closed_since)
    for word in deal_filter.text.lower().split():
        conditions.append(_matches_word(word))
    return conditions


def _matches_word(word: str) -> ColumnElement[bool]:
    """A deal matches a word if any text column contains it or an outcome/reason label does."""
    options: list[ColumnElement[bool]] = [
        func.lower(column).contains(word, autoescape=True) for column in _TEXT_COLUMNS
    ]
    outcomes = [o for o in Outcome if word in o.label.lower()]
    if outcomes:
        options.append(Deal.outcome.in_(outcomes))
    reasons = [r for r in RepReason if word in r.label.lower()]
    if reasons:
        options.append(Deal.rep_reason.in_(reasons))
    return or_(*options)


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
