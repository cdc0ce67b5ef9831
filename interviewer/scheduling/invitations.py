"""Invitation messages: editable templates per outcome, drafted for one interview.

A template is plain text with ``{placeholder}`` fields (see ``PLACEHOLDERS``);
``{{`` and ``}}`` write literal braces. A drafted invitation is built only from
the buyer's name, their company, the interviewer, the incentive, the proposed
times and our company's name: never the deal's amount, the competitor, the
rep's reason or their notes.

Services flush but never commit: the caller wraps them in ``session.begin()``.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import Clock
from interviewer.enums import InterviewerKind, Outcome
from interviewer.models import (
    Account,
    Contact,
    Deal,
    Interview,
    Interviewer,
    MessageTemplate,
)
from interviewer.scheduling.availability import AvailabilityError, zone

DEFAULT_NAME = "Default"
DEFAULT_INCENTIVE = "a $50 gift card or a donation to a charity of their choice"
OUTCOMES = (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)
NAME_MAX, SUBJECT_MAX = 120, 255

PLACEHOLDERS: dict[str, str] = {
    "first_name": "The buyer's first name (\"there\" when it is not known).",
    "full_name": "The buyer's first and last name.",
    "company": "The buyer's company.",
    "interviewer": "The name of the person who will hold the conversation.",
    "interviewer_organisation": "The interviewer's organisation, noting when it is an independent firm.",
    "incentive": "The thank-you offered for the buyer's time.",
    "proposed_times": "The proposed times, one per line, in the buyer's time zone.",
    "our_company": "Our company's name.",
}
"""Every placeholder a template may use, with what it becomes."""

DEFAULT_TEMPLATES: dict[Outcome, tuple[str, str]] = {
    Outcome.WON: (
        "A short conversation about choosing {our_company}?",
        (
            "Hi {first_name},\n\n"
            "Thank you for choosing {our_company}. We would like to understand how {company} made its decision: "
            "what mattered most, what nearly made you go another way, and what we could have made easier.\n\n"
            "Would you have 15–20 minutes for a confidential conversation with {interviewer} "
            "({interviewer_organisation})? There is nothing to prepare and no right or wrong answers; what you say "
            "is shared only as themes, never with your name attached. As a thank-you, we would like to offer "
            "{incentive}.\n\n"
            "Some times that could work:\n{proposed_times}\n\n"
            "If none of these suit you, reply with a time that does.\n\n"
            "With thanks,\n{interviewer}"
        ),
    ),
    Outcome.LOST: (
        "A short conversation about how {company} made its decision?",
        (
            "Hi {first_name},\n\n"
            "Thank you for the time your team gave us while you evaluated {our_company}. We know you went another "
            "way, and that is completely fine: we are not trying to reopen anything. We simply want to learn how "
            "the decision looked from your side.\n\n"
            "Would you have 15–20 minutes for a confidential conversation with {interviewer} "
            "({interviewer_organisation})? There is nothing to prepare; your honest view, whatever it is, helps us "
            "most, and it is shared only as themes, never with your name attached. As a thank-you, we would like "
            "to offer {incentive}.\n\n"
            "Some times that could work:\n{proposed_times}\n\n"
            "If none of these suit you, reply with a time that does; and if you would rather not take part, "
            "that is completely fine.\n\n"
            "With thanks,\n{interviewer}"
        ),
    ),
    Outcome.NO_DECISION: (
        "A short conversation about your recent evaluation?",
        (
            "Hi {first_name},\n\n"
            "Thank you for looking at {our_company} with us. Deciding not to change anything for now is often the "
            "right call, and we would like to understand what shaped that choice at {company}.\n\n"
            "Would you have 15–20 minutes for a confidential conversation with {interviewer} "
            "({interviewer_organisation})? There is nothing to prepare and no sales pitch; what you say is shared "
            "only as themes, never with your name attached. As a thank-you, we would like to offer {incentive}.\n\n"
            "Some times that could work:\n{proposed_times}\n\n"
            "If none of these suit you, reply with a time that does; and if you would rather not take part, "
            "that is completely fine.\n\n"
            "With thanks,\n{interviewer}"
        ),
    ),
}
"""(subject, body) of the template each outcome starts with, named "Default"."""

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_NO_TIMES = "- Any time this week or next that suits you (reply with one and we will fit around it)"


class TemplateError(ValueError):
    """A template or invitation that cannot be saved or drafted; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class TemplateRow:
    id: int
    outcome: Outcome
    name: str
    subject: str
    body: str


@dataclass(frozen=True)
class Invitation:
    """A drafted invitation to one buyer (nothing internal in it)."""

    to_name: str
    to_email: str | None
    subject: str
    body: str
    interview_id: int


# -- placeholders -------------------------------------------------------------------------------------


def placeholders_in(text: str) -> list[str]:
    """The placeholder names ``text`` uses, in order; ``TemplateError`` for braces that do not pair up or
    fields that are not a plain ``{name}``."""
    try:
        parts = list(string.Formatter().parse(text or ""))
    except ValueError:
        raise TemplateError(
            "A brace is not closed: write placeholders as {first_name}, and {{ or }} for a literal brace."
        ) from None
    names = []
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field == "":
            raise TemplateError("{} is empty; write a placeholder name inside the braces, such as {first_name}.")
        if spec or conversion or not field.isidentifier():
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise TemplateError(f"{shown} is not a placeholder; write a plain name such as {{first_name}}.")
        names.append(field)
    return names


def check_template(*texts: str) -> None:
    """Raise ``TemplateError`` naming every unknown placeholder in ``texts`` (or a brace problem)."""
    unknown = []
    for text in texts:
        for name in placeholders_in(text):
            if name not in PLACEHOLDERS and name not in unknown:
                unknown.append(name)
    if unknown:
        listed = _and(["{" + name + "}" for name in unknown])
        verb = "is not a placeholder" if len(unknown) == 1 else "are not placeholders"
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise TemplateError(f"{listed} {verb}; use one of {known}.")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- templates ----------------------------------------------------------------------------------------


def ensure_default_templates(session: Session) -> int:
    """Add the "Default" template of each outcome that has none; return how many were added."""
    existing = set(session.scalars(select(MessageTemplate.outcome).where(MessageTemplate.name == DEFAULT_NAME)))
    added = 0
    for outcome in OUTCOMES:
        if outcome in existing:
            continue
        subject, body = DEFAULT_TEMPLATES[outcome]
        template = MessageTemplate(outcome=outcome, name=DEFAULT_NAME, subject=subject, body=body)
        session.add(template)
        session.flush()
        audit.record(session, "system", "template.created", "message_template", template.id,
                     outcome=outcome.value, name=DEFAULT_NAME)
        added += 1
    return added


def list_templates(session: Session) -> list[TemplateRow]:
    """Every template, by outcome (won, lost, no decision), then "Default" first, then by name."""
    order = {outcome: index for index, outcome in enumerate(OUTCOMES)}
    rows = [_row(t) for t in session.scalars(select(MessageTemplate))]
    return sorted(rows, key=lambda r: (order.get(r.outcome, 9), r.name != DEFAULT_NAME, r.name.casefold(), r.id))


def save_template(session: Session, *, outcome: Outcome | str, name: str, subject: str, body: str,
                  actor: str) -> TemplateRow:
    """Create the template (outcome, name), or replace its subject and body; audit-logged."""
    try:
        clean_outcome = Outcome(outcome)
    except ValueError:
        clean_outcome = None
    if clean_outcome not in OUTCOMES:
        raise TemplateError(f"“{outcome}” is not an outcome with templates (won, lost or no decision).")
    assert clean_outcome is not None
    clean_name = " ".join((name or "").split())
    if not clean_name:
        raise TemplateError("Give the template a name.")
    if len(clean_name) > NAME_MAX:
        raise TemplateError(f"A template name can be at most {NAME_MAX} characters long.")
    clean_subject = " ".join((subject or "").split())
    if not clean_subject:
        raise TemplateError("Give the message a subject.")
    if len(clean_subject) > SUBJECT_MAX:
        raise TemplateError(f"A subject can be at most {SUBJECT_MAX} characters long.")
    clean_body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not clean_body.strip():
        raise TemplateError("Write the message's text.")
    check_template(clean_subject, clean_body)
    if "proposed_times" in placeholders_in(clean_subject):
        raise TemplateError("{proposed_times} is a list of lines; put it in the message, not in the subject.")
    template = session.scalar(select(MessageTemplate).where(
        MessageTemplate.outcome == clean_outcome, MessageTemplate.name == clean_name))
    if template is None:
        template = MessageTemplate(outcome=clean_outcome, name=clean_name, subject=clean_subject, body=clean_body)
        session.add(template)
        session.flush()
        audit.record(session, actor, "template.created", "message_template", template.id,
                     outcome=clean_outcome.value, name=clean_name)
    elif (template.subject, template.body) != (clean_subject, clean_body):
        changed = [key for key, before, after in (("subject", template.subject, clean_subject),
                                                   ("body", template.body, clean_body)) if before != after]
        template.subject, template.body = clean_subject, clean_body
        session.flush()
        audit.record(session, actor, "template.updated", "message_template", template.id,
                     outcome=clean_outcome.value, name=clean_name, changed=changed)
    return _row(template)


def _row(template: MessageTemplate) -> TemplateRow:
    return TemplateRow(template.id, template.outcome, template.name, template.subject, template.body)


# -- drafting -----------------------------------------------------------------------------------------


def draft_invitation(
    session: Session, interview_id: int, *, template_id: int | None = None, incentive: str = DEFAULT_INCENTIVE,
    proposed_times: Sequence[datetime] = (), clock: Clock, our_company: str | None = None,
) -> Invitation:
    """The invitation for one interview, from ``template_id`` or the outcome's default template.

    Proposed times (aware) are written in the buyer's zone with its name; times
    that have already passed are left out. ``our_company`` defaults to the organisation of our own
    (internal) interviewers.
    """
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise TemplateError("This interview no longer exists.")
    deal = session.get(Deal, interview.deal_id)
    if deal is None:
        raise TemplateError("This interview's deal no longer exists.")
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    if contact is not None and contact.do_not_contact:
        raise TemplateError("This buyer asked not to be contacted; no invitation can be drafted.")
    subject, body = _template(session, template_id, deal.outcome)
    account = session.get(Account, deal.account_id) if deal.account_id is not None else None
    interviewer = session.get(Interviewer, interview.interviewer_id) if interview.interviewer_id is not None else None
    ours = _one_line(our_company) or _our_company(session) or "our team"

    first = _one_line(contact.first_name) if contact is not None else ""
    full = " ".join(p for p in (first, _one_line(contact.last_name) if contact is not None else "") if p)
    buyer_zone = _buyer_zone(interview, contact)
    now = clock.now()
    lines = []
    for moment in sorted(proposed_times):
        if moment.tzinfo is None:
            raise TemplateError("A proposed time needs its time zone.")
        if moment < now:
            continue  # a time that has passed cannot be proposed any more
        lines.append(f"- {local_time(moment, buyer_zone)}")
    if interviewer is not None:
        who = _one_line(interviewer.name)
        organisation = _one_line(interviewer.organisation) or (ours if interviewer.kind == InterviewerKind.INTERNAL
                                                               else "an independent research firm")
        if interviewer.kind == InterviewerKind.EXTERNAL and _one_line(interviewer.organisation):
            organisation += ", an independent research firm"
    else:
        who, organisation = "a member of our research team", ours
    values = {
        "first_name": first or "there",
        "full_name": full or first,
        "company": _one_line(account.name) if account is not None else "your company",
        "interviewer": who,
        "interviewer_organisation": organisation,
        "incentive": _one_line(incentive) or "our thanks",
        "proposed_times": "\n".join(lines) if lines else _NO_TIMES,
        "our_company": ours,
    }
    check_template(subject, body)
    return Invitation(
        to_name=full or _one_line(contact.email if contact is not None else None),
        to_email=_one_line(contact.email) or None if contact is not None else None,
        subject=_one_line(subject.format_map(values)),
        body=body.format_map(values),
        interview_id=interview.id,
    )


def local_time(moment: datetime, zone_name: str) -> str:
    """``moment`` as "Tuesday 24 November, 10:00 (America/New_York)" (English names whatever the locale)."""
    local = moment.astimezone(ZoneInfo(zone_name))
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}, {local:%H:%M} ({zone_name})"


def _template(session: Session, template_id: int | None, outcome: Outcome) -> tuple[str, str]:
    if template_id is not None:
        template = session.get(MessageTemplate, template_id)
        if template is None:
            raise TemplateError("This template no longer exists.")
        return template.subject, template.body
    if outcome not in DEFAULT_TEMPLATES:
        raise TemplateError("This deal is still open; invitations are for won, lost or no-decision deals.")
    template = session.scalar(select(MessageTemplate).where(
        MessageTemplate.outcome == outcome, MessageTemplate.name == DEFAULT_NAME))
    return (template.subject, template.body) if template is not None else DEFAULT_TEMPLATES[outcome]


def _buyer_zone(interview: Interview, contact: Contact | None) -> str:
    for name in (interview.buyer_time_zone, contact.time_zone if contact is not None else None):
        if name:
            try:
                return zone(name).key
            except AvailabilityError:
                continue
    return "UTC"


def _our_company(session: Session) -> str | None:
    names = Counter(n for n in session.scalars(select(Interviewer.organisation).where(
        Interviewer.kind == InterviewerKind.INTERNAL, Interviewer.organisation.is_not(None))) if n and n.strip())
    return _one_line(names.most_common(1)[0][0]) if names else None


def _one_line(text: str | None) -> str:
    """``text`` on one line, without control characters (so no header or layout tricks)."""
    return " ".join("".join(c if c.isprintable() else " " for c in (text or "")).split())
