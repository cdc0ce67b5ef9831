"""After the call: the buyer's own reasons, takeaways routed to teams and backed by quotes, and completion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, update
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
from interviewer.models import Deal, Guide, GuideItem, Interview, Quote, Takeaway, TakeawayRoute
from interviewer.scheduling.pipeline import move
from interviewer.console.calls import CallError

IMPORTANCE = {1: "Low", 2: "Medium", 3: "High"}


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


def default_teams(session: Session, interview_id: int, quote_ids: Sequence[int] = ()) -> tuple[Team, ...]:
    """Where a takeaway goes by default: the routing of the questions its quotes answer (else of every asked one)."""
    items = select(GuideItem.teams).join(Guide, Guide.id == GuideItem.guide_id).where(Guide.interview_id == interview_id)
    if quote_ids:
        items = items.join(Quote, Quote.guide_item_id == GuideItem.id).where(Quote.id.in_(list(quote_ids)))
    else:  # asked, or with time on it (the console settles states only at the wrap-up)
        items = items.where((GuideItem.state == GuideItemState.ASKED) | (GuideItem.spent_seconds > 0))
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
    if wrap_up.primary_reason is None:
        problems.insert(0, "Choose the buyer's primary reason.")
    return problems


def complete_call(session: Session, interview_id: int, wrap_up: WrapUp, takeaways: Sequence[TakeawayDraft], *,
                  actor: str, clock: Clock) -> None:
    """Record the wrap-up and takeaways, settle each question's state and time, and mark the interview completed.

    Questions with time on them count as asked (their seconds feed the guide
    builder's learned estimates); questions never reached count as skipped.
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
                                                GuideItem.spent_seconds > 0).values(state=GuideItemState.ASKED))
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
