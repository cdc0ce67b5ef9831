"""What the Reports area reads from the database, as plain rows (called on a worker thread or briefly on the UI's).

The domain modules are imported inside each function: building the main window must not load SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ui.format import format_date

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.models import Contact
    from interviewer.reporting.library import LogRow, PlannedDelivery, ReportRow


@dataclass(frozen=True)
class ReportDetails:
    """One report's facts, who it goes to with how each delivery stands, and its delivery log."""

    row: ReportRow
    plan: list[PlannedDelivery]
    log: list[LogRow]


@dataclass(frozen=True)
class InterviewChoice:
    """A wrapped-up interview as the Make dialog lists it: by name and company, or anonymous by role."""

    id: int
    buyer: str
    """The buyer's name and role when named, else their role, segment and industry."""
    company: str
    """The account's name when named, else empty."""
    outcome: str
    held_on: date | None
    wrapped_up: date

    def label(self) -> str:
        """One line of the picker: "12 Nov 2026 · Lost · Jane Doe, VP Operations · Acme Logistics"."""
        when = self.held_on or self.wrapped_up
        return " · ".join(filter(None, [format_date(when), self.outcome, self.buyer, self.company]))


def load_reports(database: Database) -> tuple[list[ReportRow], dict[int, int]]:
    """Every stored report (newest first) and how many active recipients each goes to by default."""
    from interviewer.reporting.library import list_reports, recipients_for

    with database.sessions() as session:
        rows = list_reports(session)
        return rows, {row.id: len(recipients_for(session, row.id)) for row in rows}


def load_details(database: Database, report_id: int, *, send_again: bool = False) -> ReportDetails:
    from interviewer.reporting.library import delivery_log, delivery_plan, report_row

    with database.sessions() as session:
        return ReportDetails(report_row(session, report_id),
                             delivery_plan(session, report_id, send_again=send_again),
                             delivery_log(session, report_id))


def report_bytes(database: Database, report_id: int) -> bytes:
    from interviewer.reporting.library import report_content

    with database.sessions() as session:
        return report_content(session, report_id)


def wrapped_up_interviews(database: Database, *, named: bool = False) -> list[InterviewChoice]:
    """The interviews a report can be made of (wrapped up), newest first: by name and company when ``named``
    (for the program owner), else described without names."""
    from sqlalchemy import select

    from interviewer.models import Account, Contact, Deal, Interview
    from interviewer.reporting.anonymity import describe_buyer

    query = (
        select(Interview, Deal, Account, Contact)
        .join(Deal, Interview.deal_id == Deal.id)
        .outerjoin(Account, Deal.account_id == Account.id)
        .outerjoin(Contact, Interview.contact_id == Contact.id)
        .where(Interview.wrapped_up_at.is_not(None))
        .order_by(Interview.wrapped_up_at.desc(), Interview.id.desc())
    )
    choices = []
    with database.sessions() as session:
        for interview, deal, account, contact in session.execute(query):
            held = interview.started_at or interview.scheduled_start
            choices.append(InterviewChoice(
                interview.id, _named(contact) if named else describe_buyer(contact, account),
                (account.name or "") if named and account is not None else "", deal.outcome.label,
                _day(held) if held is not None else None, _day(interview.wrapped_up_at)))
    return choices


def _named(contact: Contact | None) -> str:
    if contact is None:
        return "Unknown buyer"
    return ", ".join(filter(None, [contact.full_name, contact.title]))


def _day(moment: datetime) -> date:
    return moment.astimezone().date() if moment.tzinfo else moment.date()
