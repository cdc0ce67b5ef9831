"""What a live call reads and writes: its guide, notes, quotes, tags, consent and timers.

Every write is small and stands in its own transaction (the caller's), so the
console can save each change within a second. Notes carry a version: a note
saved from a stale version raises ``NoteConflict`` with the other text instead
of overwriting it. Progress (elapsed times, the current question) is written
with plain UPDATEs that leave the interview's own version alone, so timers
ticking never conflict with anyone's edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import Clock
from interviewer.enums import GuideItemState, InterviewStatus, Outcome, Phase, RepReason, Team
from interviewer.models import (
    Account,
    Answer,
    Contact,
    Deal,
    Guide,
    GuideItem,
    Interview,
    Quote,
    ReasonTag,
)

NoteKey = int | Phase
"""Whose notes: a guide item's id, or ``INTRO`` / ``WRAP`` for the parts of the call around the questions."""
INTRO = Phase.OPENING
WRAP = Phase.CLOSING

MAX_NOTE = 100_000
MAX_QUOTE = 5_000
"""Characters: far beyond any real note or quote, short of what would slow every save down."""


class CallError(ValueError):
    """Something the call cannot do; ``str()`` is a sentence for the interviewer."""


class NoteConflict(CallError):
    """Someone else saved this note meanwhile: both texts, so nobody's words are lost."""

    def __init__(self, theirs: str, version: int, mine: str) -> None:
        super().__init__("Someone else changed these notes while you were typing; both versions are shown.")
        self.theirs = theirs
        self.version = version
        self.mine = mine


@dataclass(frozen=True)
class CallItem:
    """A question of the call's guide, with what the call has recorded for it so far."""

    id: int
    position: int
    text: str
    phase: Phase
    purpose: str
    probes: tuple[str, ...]
    teams: tuple[Team, ...]
    planned_seconds: int
    priority: int
    required: bool
    ad_hoc: bool
    state: GuideItemState
    spent_seconds: int


@dataclass(frozen=True)
class CallQuote:
    id: int
    item_id: int | None
    text: str
    offset_seconds: int


@dataclass(frozen=True)
class CallTag:
    id: int
    item_id: int | None
    reason: RepReason
    offset_seconds: int


@dataclass(frozen=True)
class Note:
    text: str
    version: int


@dataclass(frozen=True)
class Call:
    """Everything the console shows, as saved."""

    interview_id: int
    status: InterviewStatus
    title: str
    outcome: Outcome
    competitor: str | None
    rep_reason: RepReason | None
    consent: bool
    started_at: datetime | None
    wrapped_up: bool
    elapsed_seconds: int
    current_position: int | None
    window_max_minutes: int
    intro_seconds: int
    wrap_seconds: int
    items: tuple[CallItem, ...]
    notes: Mapping[NoteKey, Note]
    quotes: tuple[CallQuote, ...]
    tags: tuple[CallTag, ...]


def load_call(session: Session, interview_id: int) -> Call:
    """The interview's call as saved; ``CallError`` when it has no guide yet."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise CallError(f"There is no interview {interview_id}.")
    guide = session.scalar(select(Guide).where(Guide.interview_id == interview_id))
    if guide is None:
        raise CallError("This interview has no guide yet: build and save one first (Guide…).")
    deal = session.get(Deal, interview.deal_id)
    assert deal is not None
    account = session.get(Account, deal.account_id) if deal.account_id is not None else None
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    who = ", ".join(p for p in (contact.title if contact else None, account.name if account else None) if p)
    items = session.scalars(select(GuideItem).where(GuideItem.guide_id == guide.id).order_by(GuideItem.position))
    answers = session.execute(select(Answer.guide_item_id, Answer.phase, Answer.notes, Answer.version)
                              .where(Answer.interview_id == interview_id))
    quotes = session.execute(select(Quote.id, Quote.guide_item_id, Quote.text, Quote.offset_seconds)
                             .where(Quote.interview_id == interview_id).order_by(Quote.offset_seconds, Quote.id))
    tags = session.execute(select(ReasonTag.id, ReasonTag.guide_item_id, ReasonTag.reason, ReasonTag.offset_seconds)
                           .where(ReasonTag.interview_id == interview_id).order_by(ReasonTag.offset_seconds, ReasonTag.id))
    return Call(
        interview_id=interview.id, status=interview.status, title=who or f"Interview {interview.id}",
        outcome=deal.outcome, competitor=deal.competitor, rep_reason=deal.rep_reason, consent=interview.consent,
        started_at=interview.started_at, wrapped_up=interview.wrapped_up_at is not None,
        elapsed_seconds=interview.elapsed_seconds, current_position=interview.current_position,
        window_max_minutes=guide.window_max_minutes, intro_seconds=guide.intro_seconds,
        wrap_seconds=guide.wrap_seconds, items=tuple(_item(item) for item in items),
        notes={item_id if item_id is not None else Phase(phase): Note(text, version)
               for item_id, phase, text, version in answers},
        quotes=tuple(CallQuote(*row) for row in quotes), tags=tuple(CallTag(*row) for row in tags),
    )


def start_call(session: Session, interview_id: int, clock: Clock, *, actor: str) -> None:
    """Mark the call started (once); refused for an interview that is not booked or already wrapped up."""
    interview = _interview(session, interview_id)
    if interview.wrapped_up_at is not None or interview.status is InterviewStatus.COMPLETED:
        raise CallError("This interview is completed: its notes can be read, not changed.")
    if interview.status is not InterviewStatus.SCHEDULED:
        raise CallError(f"This interview is {interview.status.label.lower()}: schedule it before starting the call.")
    if interview.started_at is None:
        session.execute(update(Interview).where(Interview.id == interview_id).values(started_at=clock.now()))
        audit.record(session, actor, "call.started", "interview", interview_id).at = clock.now()


def set_consent(session: Session, interview_id: int, given: bool, clock: Clock, *, actor: str) -> None:
    """Record that the buyer agreed (or withdrew agreement) to the interview and to notes being taken."""
    session.execute(update(Interview).where(Interview.id == interview_id)
                    .values(consent=given, consent_at=clock.now() if given else None))
    audit.record(session, actor, "call.consent" if given else "call.consent_withdrawn", "interview",
                 interview_id).at = clock.now()


def reopen_call(session: Session, interview_id: int, clock: Clock, *, actor: str) -> None:
    """Open a wrapped-up call for edits to its notes, quotes and tags (logged); it stays completed."""
    interview = _interview(session, interview_id)
    if interview.wrapped_up_at is None:
        raise CallError("This call is not wrapped up: there is nothing to reopen.")
    session.execute(update(Interview).where(Interview.id == interview_id).values(wrapped_up_at=None))
    audit.record(session, actor, "call.reopened", "interview", interview_id).at = clock.now()


def close_edits(session: Session, interview_id: int, clock: Clock, *, actor: str) -> None:
    """Make a call reopened for edits read-only again (logged)."""
    interview = _interview(session, interview_id)
    if interview.wrapped_up_at is not None:
        return
    if interview.status is not InterviewStatus.COMPLETED:
        raise CallError("This call was never wrapped up: end it and fill in the wrap-up instead.")
    session.execute(update(Interview).where(Interview.id == interview_id).values(wrapped_up_at=clock.now()))
    audit.record(session, actor, "call.edits_closed", "interview", interview_id).at = clock.now()


def save_note(session: Session, interview_id: int, item_id: NoteKey, text: str, expected_version: int | None,
              clock: Clock) -> int:
    """Save the notes of one question (or of the introduction or wrap-up); returns their new version.

    ``expected_version`` is the version the text was typed over (None for a
    first note). If someone saved in between, ``NoteConflict`` carries their
    text and nothing is written.
    """
    _require_consent(session, interview_id)
    text = _clean(text)[:MAX_NOTE]
    now = clock.now()
    owner = {"phase": item_id} if isinstance(item_id, Phase) else {"guide_item_id": item_id}
    whose = (Answer.phase == item_id) if isinstance(item_id, Phase) else (Answer.guide_item_id == item_id)
    if expected_version is None:
        try:
            with session.begin_nested():
                session.execute(insert(Answer).values(interview_id=interview_id, notes=text, version=1, updated_at=now,
                                                      **owner))
            return 1
        except IntegrityError:
            expected_version = 0  # someone else wrote the first note: fall through to the conflict
    changed = session.execute(
        update(Answer)
        .where(Answer.interview_id == interview_id, whose, Answer.version == expected_version)
        .values(notes=text, version=Answer.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip
    if changed == 1:
        return expected_version + 1
    theirs = session.execute(select(Answer.notes, Answer.version)
                             .where(Answer.interview_id == interview_id, whose)).first()
    if theirs is None:
        raise CallError("This question is no longer in the guide.")
    raise NoteConflict(theirs.notes, theirs.version, text)


def save_progress(session: Session, interview_id: int, *, elapsed_seconds: float, current_position: int | None,
                  items: Mapping[int, tuple[GuideItemState, float]]) -> None:
    """Write the timers and each question's state as they stand (plain UPDATEs; no version is bumped)."""
    session.execute(update(Interview).where(Interview.id == interview_id).values(
        elapsed_seconds=int(elapsed_seconds), current_position=current_position))
    guide_id = _guide_id(session, interview_id)
    for item_id, (state, spent) in items.items():
        session.execute(update(GuideItem).where(GuideItem.id == item_id, GuideItem.guide_id == guide_id)
                        .values(state=state, spent_seconds=int(spent)))


def quote_words(text: str) -> str:
    """The buyer's words as a quote keeps them: without the quote marks typed around them or control characters,
    and on one line with single spaces unless they were typed over several lines ("" when nothing is left)."""
    words = _clean(text).strip().strip('"“”„«»').strip()
    return words if "\n" in words else " ".join(words.split())


def add_quote(session: Session, interview_id: int, item_id: int | None, text: str, offset_seconds: float) -> int:
    """Keep the buyer's exact words (``quote_words``), stamped with the moment of the call; returns the quote's id."""
    _require_consent(session, interview_id)
    words = quote_words(text)
    if not words:
        raise CallError("A quote needs the buyer's words: select them in the notes or type them in the quote field.")
    quote = Quote(interview_id=interview_id, guide_item_id=item_id, text=words[:MAX_QUOTE],
                  offset_seconds=max(0, int(offset_seconds)))
    session.add(quote)
    session.flush()
    return quote.id


def delete_quote(session: Session, quote_id: int) -> None:
    quote = session.get(Quote, quote_id)
    if quote is not None:
        session.delete(quote)


def add_tag(session: Session, interview_id: int, item_id: int | None, reason: RepReason, offset_seconds: float) -> int:
    """Attach a reason from the closed list to the current question; returns the tag's id."""
    _require_consent(session, interview_id)
    tag = ReasonTag(interview_id=interview_id, guide_item_id=item_id, reason=reason,
                    offset_seconds=max(0, int(offset_seconds)))
    session.add(tag)
    session.flush()
    return tag.id


def delete_tag(session: Session, tag_id: int) -> None:
    tag = session.get(ReasonTag, tag_id)
    if tag is not None:
        session.delete(tag)


def add_question(session: Session, interview_id: int, text: str, after_position: int | None,
                 planned_seconds: int = 120) -> int:
    """Write a question into this call's guide after ``after_position`` (first when None); returns its id."""
    words = " ".join(_clean(text).split())
    if not words:
        raise CallError("Type the question to add.")
    guide_id = _guide_id(session, interview_id)
    rows = session.execute(select(GuideItem.id, GuideItem.position, GuideItem.phase)
                           .where(GuideItem.guide_id == guide_id).order_by(GuideItem.position)).all()
    position = 0 if after_position is None else after_position + 1
    phase = next((row.phase for row in rows if row.position == after_position), rows[0].phase if rows else Phase.OPENING)
    session.execute(update(GuideItem).where(GuideItem.guide_id == guide_id, GuideItem.position >= position)
                    .values(position=GuideItem.position + 1).execution_options(synchronize_session=False))
    item = GuideItem(guide_id=guide_id, position=position, text=words[:1000], phase=phase, probes=[], teams=[],
                     planned_seconds=max(10, min(900, planned_seconds)), priority=3, ad_hoc=True)
    session.add(item)
    session.flush()
    return item.id


def calls_in_progress(session: Session, interviewer_id: int | None = None) -> list[tuple[int, str, int]]:
    """Calls started but not wrapped up (the app died, or the interviewer closed the console): id, who, elapsed."""
    query = (
        select(Interview.id, Contact.title, Account.name, Interview.elapsed_seconds)
        .join(Deal, Deal.id == Interview.deal_id)
        .outerjoin(Account, Account.id == Deal.account_id)
        .outerjoin(Contact, Contact.id == Interview.contact_id)
        .where(Interview.started_at.is_not(None), Interview.wrapped_up_at.is_(None),
               Interview.status == InterviewStatus.SCHEDULED)
        .order_by(Interview.started_at.desc())
    )  # fmt: skip
    if interviewer_id is not None:
        query = query.where(Interview.interviewer_id == interviewer_id)
    return [(row.id, ", ".join(p for p in (row.title, row.name) if p) or f"Interview {row.id}", row.elapsed_seconds)
            for row in session.execute(query)]


def note_count(session: Session, interview_id: int) -> int:
    return session.scalar(select(func.count(Answer.id)).where(Answer.interview_id == interview_id)) or 0


def _interview(session: Session, interview_id: int) -> Interview:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise CallError(f"There is no interview {interview_id}.")
    return interview


def _guide_id(session: Session, interview_id: int) -> int:
    guide_id = session.scalar(select(Guide.id).where(Guide.interview_id == interview_id))
    if guide_id is None:
        raise CallError("This interview has no guide yet: build and save one first (Guide…).")
    return guide_id


def _require_consent(session: Session, interview_id: int) -> None:
    row = session.execute(select(Interview.consent, Interview.wrapped_up_at).where(Interview.id == interview_id)).first()
    if row is None:
        raise CallError(f"There is no interview {interview_id}.")
    if row.wrapped_up_at is not None:
        raise CallError("This interview is wrapped up: its notes can be read, not changed.")
    if not row.consent:
        raise CallError("Tick consent first: the buyer must agree to the interview and to notes being taken.")


def _clean(text: str) -> str:
    """Text without the control characters a database or a Word report cannot hold (tabs and newlines stay)."""
    return "".join(ch for ch in text.replace("\r\n", "\n").replace("\r", "\n")
                   if ch in "\t\n" or (ch >= " " and ch != "\x7f" and not "\ud800" <= ch <= "\udfff"))


def _item(item: GuideItem) -> CallItem:
    return CallItem(
        id=item.id, position=item.position, text=item.text, phase=Phase(item.phase), purpose=item.purpose or "",
        probes=tuple(item.probes or ()), teams=tuple(Team(t) for t in item.teams or ()),
        planned_seconds=item.planned_seconds, priority=item.priority, required=item.required, ad_hoc=item.ad_hoc,
        state=GuideItemState(item.state), spent_seconds=item.spent_seconds,
    )
