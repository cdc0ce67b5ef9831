"""What the monthly program review says: the data, the patterns to discuss, and the actions.

Patterns are computed from the themes of the interviews wrapped up in the month,
per outcome, each theme counted once per interview. A pattern someone typed in
the review meeting is kept apart as their note (``Note``), never as computed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.actions import ActionLine, review_actions, review_as_of
from interviewer.analytics.adequacy import Adequacy, adequacy
from interviewer.analytics.facts import deal_facts
from interviewer.analytics.figures import (
    CLOSED,
    Group,
    ParetoBar,
    PeriodFigures,
    by_competitor,
    by_segment,
    loss_share,
    pareto,
    period_figures,
)
from interviewer.analytics.reasons import Reasons, reasons
from interviewer.enums import Outcome, named_competitor
from interviewer.models import AuditEntry, Deal, Interview, Quote, ReviewMeeting, Takeaway
from interviewer.reporting.anonymity import Context, Identities, program_identities

SEGMENT_WINDOW_DAYS = 90
"""Segments are judged on the last 90 days, so one thin month does not condemn one."""

SAVED = "review.saved"
"""The audit action of saving the review's patterns and notes; its actor wrote them."""

_TIE_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}


@dataclass(frozen=True)
class Pattern:
    """The themes raised most among one outcome's interviews wrapped up in the month."""

    outcome: Outcome
    label: str
    interviews: int
    """The outcome's interviews wrapped up in the month."""
    themes: tuple[str, ...]
    """The most raised themes (more than one when they tie), by name."""
    count: int
    """How many of the interviews raised each of ``themes``."""

    @property
    def text(self) -> str:
        """The pattern in one sentence with its n and month."""
        kind = self.outcome.label.lower().replace(" ", "-")
        noun = f"{kind} interview"
        if not self.interviews:
            return f"No interview of a {kind} deal was wrapped up in {self.label}."
        plural = noun if self.interviews == 1 else f"{noun}s"
        of = f"{self.count} of {self.interviews} {plural} wrapped up in {self.label}"
        if not self.themes:
            return f"None of the {self.interviews} {plural} wrapped up in {self.label} has a takeaway with a theme."
        if len(self.themes) == 1:
            return f"Raised in {of}: {self.themes[0]}."
        many = _TIE_WORDS.get(len(self.themes), str(len(self.themes)))
        return f"{many} themes tie, each raised in {of}: {'; '.join(self.themes)}."


@dataclass(frozen=True)
class Note:
    """A pattern typed by a person in the review meeting, shown as theirs."""

    text: str
    by: str | None
    """Who saved it (None when no save was logged)."""
    on: date | None


@dataclass(frozen=True)
class Review:
    """Everything the monthly review report shows, in the order of the 30-minute agenda."""

    month: date
    end: date
    label: str
    figures: PeriodFigures
    segments: tuple[Group, ...]
    """Win rate per segment over the 90 days ending with the month, under-15% segments flagged."""
    competitors: tuple[Group, ...]
    no_competitor: int
    """Closed deals of the month naming no competitor (left out of ``competitors``)."""
    loss_share: tuple[Group, ...]
    losses_unnamed: int
    """Lost deals of the month naming no competitor (in no row of ``loss_share``)."""
    loss_reasons: tuple[ParetoBar, ...]
    win_reasons: tuple[ParetoBar, ...]
    no_decision_reasons: tuple[ParetoBar, ...]
    reasons: Reasons
    interviews: int
    """Interviews wrapped up during the month."""
    patterns: tuple[Pattern, ...]
    """Computed from the month's wrapped-up interviews: won, lost, no decision."""
    adequacy: tuple[Adequacy, ...]
    """Per outcome, over the month's wrapped-up interviews."""
    win_note: Note | None
    loss_note: Note | None
    notes: Note | None
    """The meeting's notes, as typed."""
    actions: tuple[ActionLine, ...]
    """As they stood on ``as_of``."""
    as_of: date
    """The day of the month's review meeting if held after the month, else the month's last day; never after
    today."""

    @property
    def title(self) -> str:
        return f"Monthly win-loss review · {self.label}"

    def pattern(self, outcome: Outcome) -> Pattern:
        return next(pattern for pattern in self.patterns if pattern.outcome is outcome)

    @property
    def win_pattern(self) -> str:
        """The computed win pattern in words."""
        return self.pattern(Outcome.WON).text

    @property
    def loss_pattern(self) -> str:
        """The computed loss pattern in words."""
        return self.pattern(Outcome.LOST).text


def monthly_review(session: Session, start: date, end: date, label: str, *, today: date,
                   known: Identities | None = None) -> Review:
    """Gather the review of the deals closed from ``start`` to ``end`` (a month), as of ``today``.

    It names no buyer: their quotes are told with ``known`` (default: the program's identities) hidden."""
    facts = deal_facts(session, start, end)
    recent = deal_facts(session, end - timedelta(days=SEGMENT_WINDOW_DAYS - 1), end)
    figures = period_figures(facts)
    meeting = session.scalar(select(ReviewMeeting).where(ReviewMeeting.month == start))
    as_of = review_as_of(end, meeting, today)
    first = datetime.combine(start, time(0), tzinfo=UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC)
    interviews = session.execute(
        select(Interview.id, Deal.outcome).join(Deal, Deal.id == Interview.deal_id)
        .where(Interview.wrapped_up_at >= first, Interview.wrapped_up_at < after)
    ).all()  # fmt: skip
    patterns = tuple(_pattern(session, outcome, [i for i, o in interviews if o == outcome], label)
                     for outcome in CLOSED)
    by_outcome = Counter(o for _, o in interviews)
    win_note, loss_note, notes = _notes(session, meeting, patterns)

    def bars(outcome: Outcome) -> tuple[ParetoBar, ...]:
        return tuple(pareto(f.rep_reason for f in facts if f.outcome is outcome))

    return Review(
        month=start, end=end, label=label, figures=figures, segments=tuple(by_segment(recent)),
        competitors=tuple(by_competitor(facts)),
        no_competitor=sum(not named_competitor(f.competitor) for f in facts if f.outcome in CLOSED),
        loss_share=tuple(loss_share(facts)),
        losses_unnamed=sum(not named_competitor(f.competitor) for f in facts if f.outcome is Outcome.LOST),
        loss_reasons=bars(Outcome.LOST), win_reasons=bars(Outcome.WON), no_decision_reasons=bars(Outcome.NO_DECISION),
        reasons=_anonymous(session, reasons(session, start, end), known or program_identities(session)),
        interviews=len(interviews), patterns=patterns,
        adequacy=tuple(adequacy(by_outcome[o], o) for o in (Outcome.LOST, Outcome.WON, Outcome.NO_DECISION)),
        win_note=win_note, loss_note=loss_note, notes=notes,
        actions=tuple(review_actions(session, start, end, meeting, as_of=as_of)), as_of=as_of,
    )  # fmt: skip


def _anonymous(session: Session, found: Reasons, known: Identities) -> Reasons:
    """``found`` with the buyers' quotes anonymised, each told from the interview it was said in."""
    texts = {text for outcome in found.outcomes for text in outcome.quotes}
    if not texts:
        return found
    said = session.execute(
        select(Quote.text, Interview.contact_id, Deal.account_id, Deal.owner_rep)
        .join(Interview, Interview.id == Quote.interview_id).join(Deal, Deal.id == Interview.deal_id)
        .where(Quote.text.in_(texts))
    ).all()  # fmt: skip
    about = {row.text: Context(row.contact_id, row.account_id, row.owner_rep) for row in said}
    return replace(found, outcomes=tuple(
        replace(outcome, quotes=tuple(known.hide(text, about.get(text)) for text in outcome.quotes))
        for outcome in found.outcomes))


def _pattern(session: Session, outcome: Outcome, interview_ids: list[int], label: str) -> Pattern:
    """The themes raised by the most of ``interview_ids`` (each interview counts a theme once), ties kept."""
    rows = set(session.execute(
        select(Takeaway.interview_id, Takeaway.theme)
        .where(Takeaway.interview_id.in_(interview_ids), Takeaway.theme.is_not(None), Takeaway.theme != "")
    ).all()) if interview_ids else set()  # fmt: skip
    counts = Counter(theme.strip() for _, theme in rows if theme.strip())
    best = max(counts.values(), default=0)
    themes = tuple(sorted(theme for theme, count in counts.items() if count == best)) if best else ()
    return Pattern(outcome, label, len(interview_ids), themes, best)


def _notes(session: Session, meeting: ReviewMeeting | None, patterns: tuple[Pattern, ...]
           ) -> tuple[Note | None, Note | None, Note | None]:
    """The win and loss patterns and the notes a person saved with the meeting, with who saved them and when.

    Text equal to the computed sentence is the suggestion kept, not a note. The author is the actor of the
    last save that changed that pattern (or of the last save, for meetings saved before saves said so)."""
    if meeting is None:
        return None, None, None
    saves = session.execute(
        select(AuditEntry.actor, AuditEntry.at, AuditEntry.details)
        .where(AuditEntry.action == SAVED, AuditEntry.entity_type == "review", AuditEntry.entity_id == meeting.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()  # fmt: skip
    computed = {pattern.outcome: pattern.text for pattern in patterns}

    def note(text: str | None, field: str, outcome: Outcome | None = None) -> Note | None:
        if not text or not text.strip() or (outcome is not None and text.strip() == computed[outcome]):
            return None
        save = next((s for s in saves if field in (s.details or {}).get("changed", ())), saves[0] if saves else None)
        if save is None:
            return Note(text.strip(), None, meeting.held_on)
        return Note(text.strip(), save.actor, save.at.date())

    return (note(meeting.win_pattern, "win_pattern", Outcome.WON),
            note(meeting.loss_pattern, "loss_pattern", Outcome.LOST), note(meeting.notes, "notes"))
