"""Stakeholder teams and the people who receive their reports.

Each of the five teams (product, CS, marketing, sales, leadership) exists once;
its recipients have a name and one email address. A deactivated recipient is
kept (their delivery history still names them) but receives nothing until
reactivated; removing one forgets them (the delivery log keeps the address).
Every change is written to the audit log in the caller's transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewer.audit import record
from interviewer.enums import Team
from interviewer.models import Recipient, TeamRecord

MAX_NAME = 255
MAX_EMAIL = 254
"""RFC 5321's limit on a forward path, tighter than the column."""
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


class RecipientError(ValueError):
    """A change that cannot be made; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class RecipientRow:
    id: int
    team: Team
    team_name: str
    name: str
    email: str
    active: bool


@dataclass(frozen=True)
class TeamRow:
    id: int
    key: Team
    name: str
    active_recipients: int
    inactive_recipients: int


def normalise_email(text: str) -> str:
    """One plain address (``name@example.com``) checked and tidied, the domain in lower case.

    Refused with a sentence: empty text, line breaks or other control characters, several addresses,
    a display name or angle brackets, and anything not shaped like ``local@domain.tld``.
    """
    raw = text or ""
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise RecipientError("An email address cannot contain line breaks, tabs or other control characters.")
    email = raw.strip()
    if not email:
        raise RecipientError("Enter an email address.")
    if any(c in email for c in ",; <>\"()"):
        raise RecipientError(f"“{email}” is not one plain address: enter a single address, like name@example.com.")
    local, at, domain = email.rpartition("@")
    labels = domain.split(".")
    if (not at or len(email) > MAX_EMAIL or len(local) > 64 or not _LOCAL.fullmatch(local)
            or len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit()):
        raise RecipientError(f"“{email}” is not a valid email address (expected something like name@example.com).")
    return f"{local}@{domain.lower()}"


def ensure_teams(session: Session) -> int:
    """Create whichever of the five teams is missing, named by their labels; return how many were created."""
    present = set(session.scalars(select(TeamRecord.key)))
    missing = [team for team in Team if team not in present]
    session.add_all(TeamRecord(key=team, name=team.label) for team in missing)
    session.flush()
    return len(missing)


def list_teams(session: Session) -> list[TeamRow]:
    """The teams in their fixed order, with how many active and inactive recipients each has."""
    ensure_teams(session)
    counts = {
        (team_id, active): n
        for team_id, active, n in session.execute(
            select(Recipient.team_id, Recipient.active, func.count()).group_by(Recipient.team_id, Recipient.active)
        )
    }
    rows = {record.key: record for record in session.scalars(select(TeamRecord))}
    return [
        TeamRow(rows[team].id, team, rows[team].name, counts.get((rows[team].id, True), 0),
                counts.get((rows[team].id, False), 0))
        for team in Team
    ]


def list_recipients(session: Session, team: Team | None = None, *, active_only: bool = False) -> list[RecipientRow]:
    """Recipients by team (in the teams' order), then by name."""
    query = select(Recipient, TeamRecord).join(TeamRecord, Recipient.team_id == TeamRecord.id)
    if team is not None:
        query = query.where(TeamRecord.key == team)
    if active_only:
        query = query.where(Recipient.active.is_(True))
    order = {team: position for position, team in enumerate(Team)}
    rows = [_row(recipient, record) for recipient, record in session.execute(query)]
    return sorted(rows, key=lambda row: (order[row.team], row.name.casefold(), row.email, row.id))


def get_recipient(session: Session, recipient_id: int) -> RecipientRow:
    recipient = _recipient(session, recipient_id)
    return _row(recipient, recipient.team)


def add_recipient(session: Session, team: Team, name: str, email: str, *, actor: str) -> int:
    """Add a person to a team's recipients; return their id."""
    record_ = _team(session, team)
    clean_name, clean_email = _name(name), normalise_email(email)
    _refuse_duplicate(session, record_.id, clean_email)
    recipient = Recipient(team_id=record_.id, name=clean_name, email=clean_email, active=True)
    session.add(recipient)
    session.flush()
    record(session, actor, "recipient.added", "recipient", recipient.id, team=team.value, email=clean_email)
    return recipient.id


def update_recipient(session: Session, recipient_id: int, *, name: str | None = None, email: str | None = None,
                     actor: str) -> None:
    """Rename a recipient or change their address."""
    recipient = _recipient(session, recipient_id)
    changes: dict[str, str] = {}
    if name is not None and _name(name) != recipient.name:
        recipient.name = changes["name"] = _name(name)
    if email is not None:
        clean = normalise_email(email)
        if clean != recipient.email:
            _refuse_duplicate(session, recipient.team_id, clean, but=recipient.id)
            recipient.email = changes["email"] = clean
    if changes:
        session.flush()
        record(session, actor, "recipient.changed", "recipient", recipient.id, **changes)


def rename_recipient(session: Session, recipient_id: int, name: str, *, actor: str) -> None:
    update_recipient(session, recipient_id, name=name, actor=actor)


def set_active(session: Session, recipient_id: int, active: bool, *, actor: str) -> None:
    """Deactivate (no more reports, history kept) or reactivate a recipient."""
    recipient = _recipient(session, recipient_id)
    if recipient.active != active:
        recipient.active = active
        session.flush()
        record(session, actor, "recipient.reactivated" if active else "recipient.deactivated", "recipient",
               recipient.id)


def remove_recipient(session: Session, recipient_id: int, *, actor: str) -> None:
    """Forget a recipient; the delivery log keeps the address their reports went to."""
    recipient = _recipient(session, recipient_id)
    record(session, actor, "recipient.removed", "recipient", recipient.id, email=recipient.email,
           team=recipient.team.key.value)
    session.delete(recipient)
    session.flush()


def rename_team(session: Session, team: Team, name: str, *, actor: str) -> None:
    """Change the name a team is shown (and addressed) by; its key stays."""
    record_ = _team(session, team)
    clean = _name(name, what="A team")
    if clean != record_.name:
        record_.name = clean
        session.flush()
        record(session, actor, "team.renamed", "team", record_.id, name=clean)


# -- helpers -----------------------------------------------------------------------------------------


def _row(recipient: Recipient, team: TeamRecord) -> RecipientRow:
    return RecipientRow(recipient.id, team.key, team.name, recipient.name, recipient.email, recipient.active)


def _team(session: Session, team: Team) -> TeamRecord:
    ensure_teams(session)
    return session.scalars(select(TeamRecord).where(TeamRecord.key == team)).one()


def _recipient(session: Session, recipient_id: int) -> Recipient:
    recipient = session.get(Recipient, recipient_id)
    if recipient is None:
        raise RecipientError(f"There is no recipient {recipient_id}.")
    return recipient


def _name(text: str, *, what: str = "A recipient") -> str:
    clean = " ".join("".join(c if c.isprintable() else " " for c in (text or "")).split())
    if not clean:
        raise RecipientError(f"{what} needs a name.")
    if len(clean) > MAX_NAME:
        raise RecipientError(f"{what}'s name is limited to {MAX_NAME} characters.")
    return clean


def _refuse_duplicate(session: Session, team_id: int, email: str, *, but: int | None = None) -> None:
    query = select(Recipient.name).where(Recipient.team_id == team_id, func.lower(Recipient.email) == email.lower())
    if but is not None:
        query = query.where(Recipient.id != but)
    other = session.scalars(query).first()
    if other is not None:
        raise RecipientError(f"{email} already receives this team's reports (as {other}).")
