"""After the call: the buyer's own reasons, takeaways routed to teams and backed by quotes, and completion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.clock import Clock
from interviewer.enums import (
    NO_COMPETITOR,
    GuideItemState,
    InterviewStatus,
    Outcome,
    RepReason,
    Sentiment,
    TakeawayKind,
    Team,
)
from interviewer.models import (
    Answer,
    Deal,
    Guide,
    GuideItem,
    Interview,
    Quote,
    ReasonTag,
    Takeaway,
    TakeawayRoute,
)
from interviewer.scheduling.pipeline import move
from interviewer.console.calls import CallError

IMPORTANCE = {1: "Low", 2: "Medium", 3: "High"}
WHITESPACE = " \t\r\n"
"""What a note made only of these holds nothing."""


@dataclass(frozen=True)
class WrapUp:
    """What the buyer said the decision came down to, in the wrap-up form's fields."""

    buyer_outcome: Outcome
    primary_reason: RepReason | None
    secondary_reasons: tuple[RepReason, ...] = ()
    competitor: str | None = None
    decision_criteria: str = ""
    marketing_feedback: str = ""


@dataclass(frozen=True)
class TakeawayDraft:
    """A takeaway as the interviewer writes it; ``problems`` says what keeps it from being saved."""

    text: str
    teams: tuple[Team, ...]
    quote_ids: tuple[int, ...] = ()
    no_quote_reason: str = ""
    theme: str = ""
    importance: int = 2
    sentiment: Sentiment = Sentiment.MIXED
    kind: TakeawayKind | None = None

    def problems(self) -> list[str]:
        found = []
        if not self.text.strip():
            found.append("Write the takeaway.")
        if not self.teams:
            found.append("Route it to at least one team.")
        if not self.quote_ids and not self.no_quote_reason.strip():
            found.append("Attach the quote that backs it, or say why there is none.")
        if self.importance not in IMPORTANCE:
            found.append("Importance is low, medium or high.")
        return found


@dataclass(frozen=True)
class ReasonCheck:
    """The rep's reason at close beside the buyer's; a mismatch is worth a look (and feeds the dashboard)."""

    rep: RepReason | None
    buyer: RepReason | None
    mismatch: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mismatch", self.rep is not None and self.buyer is not None and self.rep != self.buyer)


def touched(interview_id: int) -> ColumnElement[bool]:
    """True for a guide item of the interview that got time, notes, a quote or a reason tag during the call."""
    noted = select(Answer.guide_item_id).where(Answer.interview_id == interview_id,
                                               func.trim(Answer.notes, WHITESPACE) != "")
    quoted = select(Quote.guide_item_id).where(Quote.interview_id == interview_id, Quote.guide_item_id.is_not(None))
    tagged = select(ReasonTag.guide_item_id).where(ReasonTag.interview_id == interview_id,
                                                   ReasonTag.guide_item_id.is_not(None))
    return (GuideItem.spent_seconds > 0) | GuideItem.id.in_(noted) | GuideItem.id.in_(quoted) | GuideItem.id.in_(tagged)


def reasons_offered(outcome: Outcome, tagged: Sequence[RepReason] = ()) -> tuple[RepReason, ...]:
    """The reasons that fit ``outcome``, those tagged during the call first (most tagged first, ties in the
    order they were first tagged), then the others in the closed list's order."""
    counts: dict[RepReason, int] = {}
    for reason in tagged:
        counts[reason] = counts.get(reason, 0) + 1
    first = sorted(counts, key=lambda reason: -counts[reason])  # stable: ties keep their first tagging order
    ordered = dict.fromkeys([*first, *RepReason])
    return tuple(reason for reason in ordered if reason.fits(outcome))


def default_teams(session: Session, interview_id: int, quote_ids: Sequence[int] = ()) -> tuple[Team, ...]:
    """Where a takeaway goes by default: the routing of the questions its quotes answer (else of every asked one)."""
    items = select(GuideItem.teams).join(Guide, Guide.id == GuideItem.guide_id).where(Guide.interview_id == interview_id)
    if quote_ids:
        items = items.join(Quote, Quote.guide_item_id == GuideItem.id).where(Quote.id.in_(list(quote_ids)))
    else:  # asked, or touched during the call (the console settles states only at the wrap-up)
        items = items.where((GuideItem.state == GuideItemState.ASKED) | touched(interview_id))
    seen: dict[Team, None] = {}
    for (teams,) in session.execute(items):
        for team in teams or ():
            seen.setdefault(Team(team), None)
    return tuple(team for team in Team if team in seen)


def reason_check(session: Session, interview_id: int, buyer: RepReason | None) -> ReasonCheck:
    deal_reason = session.scalar(select(Deal.rep_reason).join(Interview, Interview.deal_id == Deal.id)
                                 .where(Interview.id == interview_id))
    return ReasonCheck(deal_reason, buyer)


def wrap_up_problems(wrap_up: WrapUp, takeaways: Sequence[TakeawayDraft]) -> list[str]:
    """Every sentence that keeps the wrap-up from being completed (empty when it can be)."""
    problems = [f"Takeaway {n}: {p}" for n, draft in enumerate(takeaways, start=1) for p in draft.problems()]
    outcome = wrap_up.buyer_outcome
    unfit = [r for r in dict.fromkeys((*filter(None, [wrap_up.primary_reason]), *wrap_up.secondary_reasons))
             if not r.fits(outcome)]
    problems[:0] = [f"“{r.label}” is not a reason a deal is {outcome.label.lower()}: choose another." for r in unfit]
    if wrap_up.primary_reason is None:
        problems.insert(0, "Choose the buyer's primary reason.")
    return problems


def complete_call(session: Session, interview_id: int, wrap_up: WrapUp, takeaways: Sequence[TakeawayDraft], *,
                  actor: str, clock: Clock) -> None:
    """Record the wrap-up and takeaways, settle each question's state and time, and mark the interview completed.

    A question still pending counts as asked when it was touched (time, notes,
    a quote or a tag on it) and as skipped when it was never touched; the states
    the interviewer set (asked, skipped, dropped) stay as they are.
    """
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise CallError(f"There is no interview {interview_id}.")
    if interview.wrapped_up_at is not None:
        raise CallError("This interview is already wrapped up.")
    problems = wrap_up_problems(wrap_up, takeaways)
    if problems:
        raise CallError(" ".join(problems))
    own_quotes = set(session.scalars(select(Quote.id).where(Quote.interview_id == interview_id)))
    if any(qid not in own_quotes for draft in takeaways for qid in draft.quote_ids):
        raise CallError("A takeaway points at a quote from another interview, or one that was deleted.")

    interview.buyer_outcome = wrap_up.buyer_outcome
    interview.buyer_reason = wrap_up.primary_reason
    interview.secondary_reasons = [r.value for r in wrap_up.secondary_reasons if r != wrap_up.primary_reason]
    competitor = (wrap_up.competitor or "").strip()
    interview.buyer_competitor = competitor or NO_COMPETITOR
    interview.decision_criteria = wrap_up.decision_criteria.strip() or None
    interview.marketing_feedback = wrap_up.marketing_feedback.strip() or None
    guide_id = session.scalar(select(Guide.id).where(Guide.interview_id == interview_id))
    if guide_id is not None:
        session.execute(update(GuideItem).where(GuideItem.guide_id == guide_id, GuideItem.state == GuideItemState.PENDING,
                                                touched(interview_id)).values(state=GuideItemState.ASKED))
        session.execute(update(GuideItem).where(GuideItem.guide_id == guide_id, GuideItem.state == GuideItemState.PENDING)
                        .values(state=GuideItemState.SKIPPED))
    for position, draft in enumerate(takeaways):
        takeaway = Takeaway(
            interview_id=interview_id, text=draft.text.strip(), theme=draft.theme.strip() or None, position=position,
            importance=draft.importance, sentiment=draft.sentiment, kind=draft.kind,
            no_quote_reason=None if draft.quote_ids else draft.no_quote_reason.strip(),
            routes=[TakeawayRoute(team=team) for team in dict.fromkeys(draft.teams)],
        )
        if draft.quote_ids:
            takeaway.quotes = list(session.scalars(select(Quote).where(Quote.id.in_(list(draft.quote_ids)))))
        session.add(takeaway)
    now = clock.now()
    interview.ended_at = interview.ended_at or now
    interview.wrapped_up_at = now
    session.flush()
    if interview.status is not InterviewStatus.COMPLETED:
        move(session, interview_id, InterviewStatus.COMPLETED, actor=actor, clock=clock, note="Wrap-up done.")
    audit.record(session, actor, "call.wrapped_up", "interview", interview_id, takeaways=len(takeaways)).at = now
