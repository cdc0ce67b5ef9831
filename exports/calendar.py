"""Calendar invites (.ics, RFC 5545) for scheduled interviews, through the ``icalendar`` package.

One VEVENT per interview, with a stable UID (the interview's ``ics_uid``) and its
``ics_sequence``: a reschedule is the same UID with a higher SEQUENCE, a
cancellation the same UID with METHOD:CANCEL and STATUS:CANCELLED.

The interviewer organises the call (or the program owner, on their behalf);
the buyer and the interviewer are its attendees, the organising interviewer
as the chair who has accepted. The interviews table holds no meeting link, so
LOCATION says it is an online call and with whom, unless one is given. What the buyer
reads is written here in neutral words: never the rep's note or reason, the
deal's amount, nor the competitor. Times are written in UTC (``Z``); the
description also shows the start in the buyer's and the interviewer's zones.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer import __version__
from interviewer.enums import InterviewStatus
from interviewer.files import write_atomically
from interviewer.models import Account, Contact, Deal, Interview, Interviewer

PRODID = f"-//Win-Loss Studio//Interview invites {__version__}//EN"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"
_ENDED_STATUSES = frozenset({InterviewStatus.CANCELLED, InterviewStatus.DECLINED})
"""Interviews in these states no longer take place: their invite is a cancellation."""


class CalendarError(Exception):
    """An invite that cannot be written; the message is one plain sentence for the user."""


@dataclass(frozen=True)
class InviteData:
    """Everything one VEVENT says, read from an interview (nothing internal in it)."""

    uid: str
    sequence: int
    start: datetime
    """Aware, UTC."""
    minutes: int
    summary: str
    description: str
    location: str | None
    organiser: tuple[str, str]
    """(name, email)."""
    attendees: tuple[tuple[str, str], ...] = field(default=())
    """(name, email) of each person taking part: the buyer, and the interviewer (the chair when organising)."""
    status: str = CONFIRMED
    buyer_time_zone: str | None = None
    interviewer_time_zone: str | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("an invite's start must be an aware datetime")
        if self.status not in (CONFIRMED, CANCELLED):
            raise ValueError(f"an invite's status is {CONFIRMED} or {CANCELLED}, not {self.status!r}")
        object.__setattr__(self, "start", self.start.astimezone(timezone.utc))
        object.__setattr__(self, "attendees", tuple(tuple(a) for a in self.attendees))
        if self.created is not None:
            object.__setattr__(self, "created", self.created.astimezone(timezone.utc))

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


# -- reading an interview ----------------------------------------------------------------------------


def invite_data(
    session: Session,
    interview_id: int,
    *,
    organiser_name: str | None = None,
    organiser_email: str | None = None,
    location: str | None = None,
) -> InviteData:
    """The invite of one interview.

    The interviewer organises it unless an organiser is given (the program owner
    sending on their behalf). The buyer (when they have an email address) and
    the interviewer attend. ``location`` (a meeting link, a room) defaults to
    an online call with the interviewer.
    """
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise CalendarError(f"There is no interview {interview_id}.")
    if interview.scheduled_start is None:
        raise CalendarError(f"Interview {interview_id} has no time slot yet; schedule it before exporting its invite.")
    if not interview.ics_uid:
        raise CalendarError(f"Interview {interview_id} has no calendar identifier (UID); schedule it again to get one.")
    interviewer = interview.interviewer
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    deal = session.get(Deal, interview.deal_id)
    account = session.get(Account, deal.account_id) if deal is not None and deal.account_id is not None else None

    if organiser_email:
        organiser = (_name(organiser_name or organiser_email), _email(organiser_email))
    elif interviewer is not None:
        organiser = (_name(interviewer.name), _email(interviewer.email))
    else:
        raise CalendarError(f"Interview {interview_id} has no interviewer; assign one before exporting its invite.")
    attendees: list[tuple[str, str]] = []
    if contact is not None and contact.email and _email(contact.email):
        attendees.append((_name(_person(contact) or contact.email), _email(contact.email)))
    if interviewer is not None and _email(interviewer.email):
        attendees.append((_name(interviewer.name), _email(interviewer.email)))
    if not location and interviewer is not None:
        location = f"Online call with {interviewer.name} ({interviewer.email})"

    buyer_zone = interview.buyer_time_zone or (contact.time_zone if contact is not None else None)
    interviewer_zone = interview.interviewer_time_zone or (interviewer.time_zone if interviewer is not None else None)
    company = _clean(account.name) if account is not None and account.name else None
    start = interview.scheduled_start.astimezone(timezone.utc)
    return InviteData(
        uid=interview.ics_uid,
        sequence=interview.ics_sequence or 0,
        start=start,
        minutes=interview.planned_minutes,
        summary=f"Feedback conversation: {company}" if company else "Feedback conversation",
        description=_description(
            buyer=_person(contact) if contact is not None else None,
            company=company,
            interviewer=interviewer,
            minutes=interview.planned_minutes,
            start=start,
            buyer_zone=buyer_zone,
            interviewer_zone=interviewer_zone,
        ),
        location=_clean(location) if location else None,
        organiser=organiser,
        attendees=tuple(attendees),
        status=CANCELLED if interview.status in _ENDED_STATUSES else CONFIRMED,
        buyer_time_zone=buyer_zone,
        interviewer_time_zone=interviewer_zone,
        created=interview.created_at,
    )


def _person(contact: Contact) -> str | None:
    name = " ".join(part.strip() for part in (contact.first_name, contact.last_name) if part and part.strip())
    return _clean(name) or None


def _description(
    *,
    buyer: str | None,
    company: str | None,
    interviewer: Interviewer | None,
    minutes: int,
    start: datetime,
    buyer_zone: str | None,
    interviewer_zone: str | None,
) -> str:
    """What the call is about, in words the buyer may read; built only from the fields named here."""
    who = buyer or "you"
    if company:
        who += f" ({company})"
    lines = []
    if interviewer is not None:
        by = _clean(interviewer.name)
        if interviewer.organisation:
            by += f" of {_clean(interviewer.organisation)}"
        lines.append(f"A {minutes}-minute conversation between {who} and {by}.")
    else:
        lines.append(f"A {minutes}-minute conversation with {who}.")
    lines += [
        "",
        "This is a short, confidential conversation about how your team reached its recent decision: "
        "what mattered to you, how the options compared and what could have gone better. "
        "There are no right or wrong answers and nothing to prepare.",
        "",
    ]
    shown: set[str] = set()
    interviewer_name = _clean(interviewer.name) if interviewer is not None else None
    for person, zone in ((buyer, buyer_zone), (interviewer_name, interviewer_zone)):
        local = _local(start, zone)
        if local is not None and zone not in shown:
            lines.append(f"Start for {person}: {local}" if person else f"Start: {local}")
            shown.add(zone)  # type: ignore[arg-type]
    lines.append(f"Start in UTC: {start.strftime('%A %d %B %Y, %H:%M')}")
    return "\n".join(lines)


def _local(moment: datetime, zone: str | None) -> str | None:
    if not zone:
        return None
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return f"{moment.astimezone(tz).strftime('%A %d %B %Y, %H:%M')} ({zone})"


# -- writing the calendar ----------------------------------------------------------------------------


def calendar_bytes(invites: Sequence[InviteData], *, method: str, stamp: datetime | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per invite; ``method`` is REQUEST (invites, updates) or CANCEL.

    ``stamp`` is the DTSTAMP of every event (default: now).
    """
    method = method.upper()
    if method not in (METHOD_REQUEST, METHOD_CANCEL):
        raise ValueError(f"method is {METHOD_REQUEST} or {METHOD_CANCEL}, not {method!r}")
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for invite in invites:
        calendar.add_component(_event(invite, stamp, cancel=method == METHOD_CANCEL))
    return calendar.to_ical()


def _event(invite: InviteData, stamp: datetime, *, cancel: bool) -> Event:
    event = Event()
    event.add("uid", _clean(invite.uid, single_line=True))
    event.add("sequence", invite.sequence)
    event.add("dtstamp", stamp)
    if invite.created is not None:
        event.add("created", invite.created.replace(microsecond=0))
    start = invite.start.replace(microsecond=0)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=invite.minutes))
    event.add("summary", _clean(invite.summary, single_line=True))
    event.add("description", _clean(invite.description))
    if invite.location:
        event.add("location", _clean(invite.location, single_line=True))
    event.add("organizer", _address(*invite.organiser))
    for name, email in invite.attendees:
        attendee = _address(name, email)
        chair = _email(email) == _email(invite.organiser[1])
        attendee.params["ROLE"] = "CHAIR" if chair else "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "ACCEPTED" if chair else "NEEDS-ACTION"
        attendee.params["RSVP"] = "FALSE" if chair else "TRUE"
        event.add("attendee", attendee)
    event.add("status", CANCELLED if cancel else invite.status)
    event.add("transp", "TRANSPARENT" if cancel or invite.status == CANCELLED else "OPAQUE")
    return event


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{_email(email)}")
    cn = _name(name)
    if cn:
        address.params["CN"] = vText(cn)
    return address


# -- files -------------------------------------------------------------------------------------------


def write_invite(
    session: Session,
    interview_id: int,
    path: Path | str,
    *,
    organiser_name: str | None = None,
    organiser_email: str | None = None,
    stamp: datetime | None = None,
) -> int:
    """Write the invite of one interview (a cancellation when it was cancelled); return 1."""
    invite = invite_data(session, interview_id, organiser_name=organiser_name, organiser_email=organiser_email)
    method = METHOD_CANCEL if invite.status == CANCELLED else METHOD_REQUEST
    write_atomically(Path(path), calendar_bytes([invite], method=method, stamp=stamp))
    return 1


def upcoming_interview_ids(session: Session, interviewer_id: int, *, now: datetime) -> list[int]:
    """The interviewer's scheduled interviews that have not ended by ``now``, earliest first."""
    rows = session.execute(
        select(Interview.id, Interview.scheduled_start, Interview.planned_minutes)
        .where(
            Interview.interviewer_id == interviewer_id,
            Interview.status == InterviewStatus.SCHEDULED,
            Interview.scheduled_start.is_not(None),
            Interview.scheduled_start >= now - timedelta(hours=2),
        )
        .order_by(Interview.scheduled_start, Interview.id)
    ).all()
    return [i for i, start, minutes in rows if start + timedelta(minutes=minutes) > now]


def write_upcoming(
    session: Session, interviewer_id: int, path: Path | str, *, now: datetime, stamp: datetime | None = None
) -> int:
    """Write all of an interviewer's upcoming scheduled interviews into one file; return how many.

    With none upcoming, no file is written and 0 is returned.
    """
    if session.get(Interviewer, interviewer_id) is None:
        raise CalendarError(f"There is no interviewer {interviewer_id}.")
    ids = upcoming_interview_ids(session, interviewer_id, now=now)
    if not ids:
        return 0
    invites = [invite_data(session, i) for i in ids]
    write_atomically(Path(path), calendar_bytes(invites, method=METHOD_REQUEST, stamp=stamp or now))
    return len(invites)


# -- text hygiene ------------------------------------------------------------------------------------


def _clean(text: str | None, *, single_line: bool = False) -> str:
    """The text without control characters; newlines kept (as \\n) unless ``single_line``."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char == "\n":
            kept.append(" " if single_line else "\n")
        elif char == "\t":
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs") or char in ("\u2028", "\u2029"):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def _name(text: str | None) -> str:
    """A common name for a CN parameter: one line, no double quotes (they cannot be escaped there)."""
    return " ".join(_clean(text, single_line=True).replace('"', "'").split())


def _email(text: str | None) -> str:
    return "".join(_clean(text, single_line=True).split())
