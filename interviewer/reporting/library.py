"""Reports kept in the database with their .docx, who each goes to, and the log of every delivery attempt.

Keeping the document's bytes means a failed delivery is retried later with the very same file, and a report
is never lost because a mail server was down.

Who receives a report (``recipients_for``):

- a **team digest** goes to the active recipients of its team;
- an **interview report** goes to the active recipients of every team one of the interview's takeaways is
  routed to (the report groups its takeaways by those teams); when none is routed, to every team;
- a **monthly review** goes to the active recipients of every team.

A person on two teams receives one copy (the first team in the fixed team order names them).
Sending the same report to the same recipient twice needs an explicit "send again": see ``delivery_plan``.
An .eml file written for someone's own mail program is logged as *written*, never as sent: the app cannot know
whether it went out, so a later SMTP run still sends the report to them.

Deleting a report removes it and its document; its deliveries and their log stay, naming it by its title.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, undefer

from interviewer.audit import record
from interviewer.enums import Channel, DeliveryStatus, ReportKind, Team
from interviewer.models import (
    Delivery,
    DeliveryAttempt,
    Recipient,
    Report,
    Takeaway,
    TakeawayRoute,
)
from interviewer.models.base import utcnow
from interviewer.reporting.recipients import (
    RecipientError,
    RecipientRow,
    get_recipient,
    list_recipients,
)

if TYPE_CHECKING:
    from interviewer.reporting.periods import Period

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class LibraryError(ValueError):
    """A report or delivery that cannot be found or stored; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class ReportRow:
    """A stored report without its bytes, with how its deliveries stand."""

    id: int
    kind: ReportKind
    title: str
    file_name: str
    size: int
    sha256: str
    team: Team | None
    interview_id: int | None
    period_start: date | None
    period_end: date | None
    include_identities: bool
    created_by: str | None
    created_at: datetime
    sent: int
    failed: int
    written: int
    """Recipients an .eml file was written for and who were not sent it since."""


@dataclass(frozen=True)
class LogRow:
    """One line of the delivery log: one attempt to deliver one report to one person."""

    attempt_id: int
    report_id: int | None
    """None when the report was deleted since; ``report_title`` still names it."""
    report_title: str
    recipient_id: int | None
    recipient_name: str | None
    """None when the recipient was removed since; ``email`` still says where it went."""
    email: str
    channel: Channel
    at: datetime
    ok: bool
    error: str | None
    file_name: str | None


@dataclass(frozen=True)
class PlannedDelivery:
    """What a delivery run would do for one recipient."""

    recipient: RecipientRow
    status: DeliveryStatus | None
    """How earlier deliveries of this report to this person stand (None: never tried)."""
    sent_at: datetime | None
    attempts: int
    last_error: str | None
    send: bool
    """False when already sent and "send again" was not asked for."""


# -- reports -----------------------------------------------------------------------------------------


def save_report(session: Session, *, kind: ReportKind, title: str, file_name: str, content: bytes,
                team: Team | None = None, interview_id: int | None = None, period: Period | None = None,
                identities: bool = False, actor: str, created_at: datetime | None = None) -> int:
    """Store a report with its .docx bytes (and their SHA-256); return its id."""
    if not content or not content.startswith(b"PK"):
        raise LibraryError("A report is stored as a Word document (.docx); these bytes are not one.")
    if kind is ReportKind.TEAM_DIGEST and team is None:
        raise LibraryError("A team digest needs its team.")
    if kind is ReportKind.INTERVIEW and interview_id is None:
        raise LibraryError("An interview report needs its interview.")
    name = file_name.strip() or "report.docx"
    if not name.lower().endswith(".docx"):
        name += ".docx"
    report = Report(
        kind=kind, team=team, interview_id=interview_id, title=" ".join(title.split())[:255] or "Report",
        period_start=period.start if period else None, period_end=period.end if period else None,
        file_name=name[-255:], sha256=hashlib.sha256(content).hexdigest(), include_identities=identities,
        created_by=actor, created_at=created_at or utcnow(), content=content,
    )  # fmt: skip
    session.add(report)
    session.flush()
    record(session, actor, "report.saved", "report", report.id, kind=kind.value, size=len(content),
           identities=identities)
    return report.id


def list_reports(session: Session) -> list[ReportRow]:
    """Every stored report, newest first, with its size and delivery counts (the bytes are not loaded)."""
    return _report_rows(session, None)


def report_row(session: Session, report_id: int) -> ReportRow:
    """One stored report, without its bytes."""
    rows = _report_rows(session, report_id)
    if not rows:
        raise LibraryError(f"There is no report {report_id}.")
    return rows[0]


def _report_rows(session: Session, report_id: int | None) -> list[ReportRow]:
    counts = (
        select(
            Delivery.report_id,
            func.sum(case((Delivery.status == DeliveryStatus.SENT, 1), else_=0)).label("sent"),
            func.sum(case((Delivery.status == DeliveryStatus.FAILED, 1), else_=0)).label("failed"),
            func.sum(case((Delivery.status == DeliveryStatus.WRITTEN, 1), else_=0)).label("written"),
        )
        .group_by(Delivery.report_id)
        .subquery()
    )
    query = (
        select(Report, func.length(Report.content), counts.c.sent, counts.c.failed, counts.c.written)
        .outerjoin(counts, counts.c.report_id == Report.id)
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    if report_id is not None:
        query = query.where(Report.id == report_id)
    return [
        ReportRow(report.id, report.kind, report.title, report.file_name or "report.docx", size or 0,
                  report.sha256 or "", report.team, report.interview_id, report.period_start, report.period_end,
                  report.include_identities, report.created_by, report.created_at, int(sent or 0), int(failed or 0),
                  int(written or 0))
        for report, size, sent, failed, written in session.execute(query)
    ]


def delete_report(session: Session, report_id: int, *, actor: str) -> int:
    """Delete a stored report and its document; its deliveries and their log stay. Returns the log lines kept."""
    report = session.get(Report, report_id)
    if report is None:
        raise LibraryError(f"There is no report {report_id}.")
    kept = session.scalar(select(func.count(DeliveryAttempt.id)).join(Delivery)
                          .where(Delivery.report_id == report_id)) or 0
    for delivery in report.deliveries:
        delivery.report_title = report.title
    record(session, actor, "report.deleted", "report", report.id, kind=report.kind.value, title=report.title,
           log_lines_kept=kept)
    session.delete(report)
    session.flush()
    return kept


def report_content(session: Session, report_id: int) -> bytes:
    """The report's .docx exactly as stored."""
    report = session.get(Report, report_id, options=[undefer(Report.content)])
    if report is None:
        raise LibraryError(f"There is no report {report_id}.")
    if not report.content:
        raise LibraryError(f"Report {report_id} has no document stored: make it again.")
    return report.content


# -- who receives what -------------------------------------------------------------------------------


def recipients_for(session: Session, report_id: int) -> list[RecipientRow]:
    """The active recipients a report goes to by default (see the module's notes), one per address."""
    report = session.get(Report, report_id)
    if report is None:
        raise LibraryError(f"There is no report {report_id}.")
    teams = set(Team)
    if report.kind is ReportKind.TEAM_DIGEST and report.team is not None:
        teams = {report.team}
    elif report.kind is ReportKind.INTERVIEW and report.interview_id is not None:
        routed = set(session.scalars(
            select(TakeawayRoute.team).join(Takeaway).where(Takeaway.interview_id == report.interview_id)
        ))  # fmt: skip
        teams = routed or teams
    chosen: list[RecipientRow] = []
    seen: set[str] = set()
    for row in list_recipients(session, active_only=True):
        if row.team in teams and row.email.lower() not in seen:
            seen.add(row.email.lower())
            chosen.append(row)
    return chosen


def delivery_plan(session: Session, report_id: int, recipient_ids: list[int] | None = None, *,
                  send_again: bool = False) -> list[PlannedDelivery]:
    """Who a delivery run reaches: ``recipient_ids`` (active recipients the user picked) or ``recipients_for``.

    Recipients already sent this report are listed with ``send=False`` unless ``send_again``.
    """
    if session.get(Report, report_id) is None:
        raise LibraryError(f"There is no report {report_id}.")
    if recipient_ids is None:
        people = recipients_for(session, report_id)
    else:
        try:
            people = [get_recipient(session, number) for number in dict.fromkeys(recipient_ids)]
        except RecipientError as exc:
            raise LibraryError(str(exc)) from None
        inactive = [row.name for row in people if not row.active]
        if inactive:
            raise LibraryError(f"{', '.join(inactive)} no longer receive reports: reactivate them first.")
    known = {d.recipient_id: d for d in session.scalars(select(Delivery).where(Delivery.report_id == report_id))}
    plan = []
    for person in people:
        earlier = known.get(person.id)
        status = earlier.status if earlier else None
        plan.append(PlannedDelivery(
            person, status, earlier.sent_at if earlier else None, earlier.attempts if earlier else 0,
            earlier.last_error if earlier else None, send=send_again or status is not DeliveryStatus.SENT,
        ))  # fmt: skip
    return plan


# -- the delivery log --------------------------------------------------------------------------------


def record_attempt(session: Session, report_id: int, recipient: RecipientRow, *, channel: Channel, ok: bool,
                   at: datetime, error: str | None = None, file_name: str | None = None) -> int:
    """Log one attempt and update the recipient's delivery of the report; return the attempt's id.

    A success by SMTP makes the delivery *sent*; an .eml written makes it *written* (unless it was sent before).
    Call it in a transaction of its own, right after the attempt, so the log survives whatever comes next.
    """
    report = session.get(Report, report_id)
    if report is None:
        raise LibraryError(f"There is no report {report_id}.")
    delivery = session.scalars(
        select(Delivery).where(Delivery.report_id == report_id, Delivery.recipient_id == recipient.id)
    ).one_or_none()
    if delivery is None:
        delivery = Delivery(report_id=report_id, recipient_id=recipient.id, email=recipient.email, attempts=0)
        session.add(delivery)
    delivery.email, delivery.report_title = recipient.email, report.title
    delivery.attempts = (delivery.attempts or 0) + 1
    if ok and channel is Channel.SMTP:
        delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, at, None
    elif ok:
        if delivery.status is not DeliveryStatus.SENT:
            delivery.status, delivery.last_error = DeliveryStatus.WRITTEN, None
    elif delivery.status is not DeliveryStatus.SENT:  # a failed "send again" does not undo an earlier success
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, error
    session.flush()
    attempt = DeliveryAttempt(delivery_id=delivery.id, channel=channel, at=at, ok=ok, error=error,
                              file_name=file_name)
    session.add(attempt)
    session.flush()
    return attempt.id


def delivery_log(session: Session, report_id: int | None = None) -> list[LogRow]:
    """Every delivery attempt (of one report, or of all, deleted reports' too), newest first."""
    query = (
        select(DeliveryAttempt, Delivery, func.coalesce(Report.title, Delivery.report_title, ""), Recipient.name)
        .join(Delivery, DeliveryAttempt.delivery_id == Delivery.id)
        .outerjoin(Report, Delivery.report_id == Report.id)
        .outerjoin(Recipient, Delivery.recipient_id == Recipient.id)
        .order_by(DeliveryAttempt.at.desc(), DeliveryAttempt.id.desc())
    )
    if report_id is not None:
        query = query.where(Delivery.report_id == report_id)
    return [
        LogRow(attempt.id, delivery.report_id, title, delivery.recipient_id, name, delivery.email, attempt.channel,
               attempt.at, attempt.ok, attempt.error, attempt.file_name)
        for attempt, delivery, title, name in session.execute(query)
    ]
