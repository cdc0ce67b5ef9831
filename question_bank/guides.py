"""Guides in the database: whom a guide is for, building one from the bank, saving it to the interview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import Clock
from interviewer.enums import GuideItemState, InterviewStatus, Outcome, Phase, Team
from interviewer.models import (
    Account,
    Answer,
    Contact,
    Deal,
    Guide,
    GuideItem,
    Interview,
    Interviewer,
    Question,
)
from interviewer.scheduling.availability import AvailabilityError, zone
from question_bank.builder import BuildRequest, BuiltGuide, build_guide
from question_bank.fill import Fill
from question_bank.guide import (
    DEFAULT_INTRO_SECONDS,
    DEFAULT_WRAP_SECONDS,
    GuideLine,
    PrintableGuide,
    Window,
)
from question_bank.spec import MAX_SECONDS, MIN_SECONDS
from question_bank.store import bank_specs, ensure_default_bank, planned_seconds


class GuideError(ValueError):
    """A guide that cannot be built or saved; ``str()`` says why in the user's words."""


class GuideConflict(GuideError):
    """The interview changed since the guide was opened."""


@dataclass(frozen=True)
class GuideSubject:
    """Whom a guide is for: the interview (if any), the deal's outcome and the values its questions are filled with."""

    outcome: Outcome
    fill: Fill
    title: str
    facts: tuple[tuple[str, str], ...] = ()
    interview_id: int | None = None
    version: int | None = None
    """The interview's version when it was read, so a save can refuse to overwrite a newer change."""
    locked: str | None = None
    """Why the interview's guide can no longer change (the call has started), or None."""


@dataclass(frozen=True)
class SavedGuide:
    """The guide saved on an interview."""

    lines: tuple[GuideLine, ...]
    window: Window
    intro_seconds: int
    wrap_seconds: int


def subject_for_interview(session: Session, interview_id: int) -> GuideSubject:
    """The interview's deal, buyer and state, as the guide builder needs them."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise GuideError(f"There is no interview {interview_id}.")
    deal = session.get(Deal, interview.deal_id)
    assert deal is not None  # deal_id is NOT NULL with ON DELETE CASCADE
    if deal.outcome is Outcome.OPEN:
        raise GuideError("This deal is still open: guides are built for won, lost or no-decision deals.")
    account = session.get(Account, deal.account_id) if deal.account_id is not None else None
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    interviewer = session.get(Interviewer, interview.interviewer_id) if interview.interviewer_id is not None else None
    company = account.name if account is not None else None
    buyer = ", ".join(part for part in (contact.full_name if contact else None, contact.title if contact else None)
                      if part)
    facts = [("Buyer", buyer or "not chosen yet"), ("Company", company or "unknown")]
    if deal.competitor:
        facts.append(("Competitor", deal.competitor))
    if interview.scheduled_start is not None:
        facts.append(("Scheduled", _when(interview.scheduled_start, interview.interviewer_time_zone)))
    if interviewer is not None:
        facts.append(("Interviewer", interviewer.name))
    who = ", ".join(part for part in (contact.title if contact else None, company) if part) or f"interview {interview.id}"
    return GuideSubject(
        outcome=deal.outcome, fill=Fill.for_deal(company, deal.competitor, deal.product),
        title=f"Interview guide · {who}", facts=tuple(facts), interview_id=interview.id,
        version=interview.version, locked=_locked(session, interview),
    )


def subject_by_hand(outcome: Outcome, competitor: str | None = None) -> GuideSubject:
    """A guide for an outcome and competitor chosen by hand, not tied to an interview."""
    if outcome is Outcome.OPEN:
        raise GuideError("Guides are built for won, lost or no-decision deals.")
    fill = Fill.for_deal(None, competitor, None)
    against = f" against {fill.competitor}" if fill.competitor else ""
    return GuideSubject(outcome=outcome, fill=fill, title=f"Interview guide · {outcome.label.lower()} deals{against}")


def build_for(session: Session, subject: GuideSubject, window: Window = Window(),
              intro_seconds: int = DEFAULT_INTRO_SECONDS, wrap_seconds: int = DEFAULT_WRAP_SECONDS) -> BuiltGuide:
    """The best guide from the default bank for ``subject``, planning learned durations."""
    specs = bank_specs(session, ensure_default_bank(session))
    request = BuildRequest(subject.outcome, subject.fill, window, intro_seconds, wrap_seconds)
    return build_guide(specs, request, planned_seconds(session, specs))


def saved_guide(session: Session, interview_id: int) -> SavedGuide | None:
    """The guide saved on the interview, or None."""
    guide = session.scalar(select(Guide).where(Guide.interview_id == interview_id))
    if guide is None:
        return None
    ids = [item.question_id for item in guide.items if item.question_id is not None]
    keys = {row.id: row.key for row in session.execute(select(Question.id, Question.key).where(Question.id.in_(ids)))}
    lines = tuple(
        GuideLine(
            text=item.text, phase=Phase(item.phase), planned_seconds=item.planned_seconds, priority=item.priority,
            required=item.required, purpose=item.purpose or "", probes=tuple(item.probes or ()),
            teams=tuple(Team(team) for team in item.teams or ()), key=keys.get(item.question_id),
            question_id=item.question_id,
        )
        for item in guide.items
    )
    window = Window(guide.window_min_minutes, guide.window_max_minutes)
    return SavedGuide(lines, window, guide.intro_seconds, guide.wrap_seconds)


def save_guide(
    session: Session, subject: GuideSubject, lines: Sequence[GuideLine], window: Window, *, actor: str, clock: Clock,
    intro_seconds: int = DEFAULT_INTRO_SECONDS, wrap_seconds: int = DEFAULT_WRAP_SECONDS,
) -> int:
    """Save ``lines`` as the interview's guide (replacing the previous one); returns the interview's new version.

    Refused once the call has started, and when the interview changed since
    ``subject`` was read (``GuideConflict``).
    """
    if subject.interview_id is None:
        raise GuideError("This guide is not for an interview: print it instead, or build it from an interview.")
    interview = session.get(Interview, subject.interview_id, with_for_update=True)
    if interview is None:
        raise GuideConflict("This interview was deleted by someone else.")
    if subject.version is not None and interview.version != subject.version:
        raise GuideConflict(
            "Someone else changed this interview since you opened its guide; close the guide and open it again."
        )
    locked = _locked(session, interview)
    if locked:
        raise GuideError(locked)
    for line in lines:
        if not MIN_SECONDS <= line.planned_seconds <= MAX_SECONDS:
            raise GuideError(f"Plan between {MIN_SECONDS} seconds and {MAX_SECONDS // 60} minutes per question.")
    guide = session.scalar(select(Guide).where(Guide.interview_id == interview.id))
    if guide is None:
        guide = Guide(interview_id=interview.id, outcome=subject.outcome, competitor=subject.fill.competitor)
        session.add(guide)
    guide.window_min_minutes, guide.window_max_minutes = window.min_minutes, window.max_minutes
    guide.intro_seconds, guide.wrap_seconds = intro_seconds, wrap_seconds
    session.flush()
    session.execute(delete(GuideItem).where(GuideItem.guide_id == guide.id))
    session.expire(guide, ["items"])
    for position, line in enumerate(lines):
        session.add(GuideItem(
            guide_id=guide.id, question_id=line.question_id, position=position, text=line.text, phase=line.phase,
            purpose=line.purpose or None, probes=list(line.probes), teams=[team.value for team in line.teams],
            planned_seconds=line.planned_seconds, priority=line.priority, required=line.required,
            ad_hoc=line.question_id is None, state=GuideItemState.PENDING,
        ))
    interview.updated_at = clock.now()
    entry = audit.record(session, actor, "guide.saved", "interview", interview.id, questions=len(lines),
                         planned_seconds=intro_seconds + sum(line.planned_seconds for line in lines) + wrap_seconds)
    entry.at = clock.now()
    session.flush()
    return interview.version


def printable(subject: GuideSubject, lines: Sequence[GuideLine], window: Window,
              intro_seconds: int = DEFAULT_INTRO_SECONDS, wrap_seconds: int = DEFAULT_WRAP_SECONDS) -> PrintableGuide:
    """What the Word document of this guide shows."""
    return PrintableGuide(
        title=subject.title, outcome=subject.outcome, lines=tuple(lines), window=window,
        intro_seconds=intro_seconds, wrap_seconds=wrap_seconds, competitor=subject.fill.competitor,
        facts=subject.facts,
    )


def _locked(session: Session, interview: Interview) -> str | None:
    if interview.status is InterviewStatus.COMPLETED:
        return "This interview is completed: its guide is kept as it was asked."
    answered = session.scalar(select(exists().where(Answer.interview_id == interview.id)))
    if interview.started_at is not None or answered:
        return "The call has started: its guide can no longer change."
    return None


def _when(moment: datetime, zone_name: str | None) -> str:
    """ISO date and time in the interviewer's zone (UTC when unknown), with the zone named."""
    try:
        local, named = moment.astimezone(zone(zone_name)), zone_name
    except AvailabilityError:
        local, named = moment.astimezone(UTC), "UTC"
    return f"{local:%Y-%m-%d %H:%M} {named}"
