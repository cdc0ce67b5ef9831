"""The demo's held call, recorded through the console's own functions: consent, notes, quotes, tags, wrap-up.

Each booked call whose time has passed (and that has a guide) gets what an
interviewer would have typed, and its wrap-up completes it: notes per question asked (one question skipped), the buyer's exact
words as quotes stamped in the call, reason tags, the seconds each question
took, and a wrap-up with takeaways routed to teams (one backed by a quote,
one with a reason for having none). The words are invented for the demo.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.console.calls import add_quote, add_tag, load_call, save_note, save_progress, set_consent
from interviewer.console.wrapup import TakeawayDraft, WrapUp, complete_call, default_teams
from interviewer.db import Database
from interviewer.enums import (
    GuideItemState,
    InterviewStatus,
    Outcome,
    Phase,
    RepReason,
    Sentiment,
    TakeawayKind,
    Team,
)
from interviewer.models import Guide, Interview

NOTES: dict[Phase, str] = {
    Phase.OPENING: "Runs operations for the regional depots; signed off on the shortlist, not the budget.",
    Phase.DECISION_PROCESS: "Ops, finance and IT security in the room. Finance could veto; IT asked the most questions.",
    Phase.EVALUATION: "Ranked rollout effort first, then price, then reporting. Our demo was strong on reporting.",
    Phase.COMPETITION: "Shortlisted three. The winner offered a phased rollout with a named onboarding lead.",
    Phase.SALES_EXPERIENCE: "Rep was quick and straight with them; felt the security review dragged on our side.",
    Phase.PRODUCT_ROADMAP: "Wanted offline mode for drivers this year; our answer sounded like 'maybe next year'.",
    Phase.CLOSING: "Open to talking again at renewal. Suggested we publish a sample rollout plan.",
}
QUOTES: dict[Phase, str] = {
    Phase.EVALUATION: "Honestly the price gap was small. What scared us was a big-bang rollout across forty depots.",
    Phase.COMPETITION: "They put a name and a calendar on the rollout. You put a slide.",
    Phase.SALES_EXPERIENCE: "Your rep never once oversold, and that counted for a lot with our finance lead.",
}
TAGS: dict[Phase, RepReason] = {Phase.EVALUATION: RepReason.PRODUCT_FIT, Phase.COMPETITION: RepReason.LOST_TO_COMPETITOR}


def record_demo_calls(database: Database, seed: int, today: date) -> int:
    """Record and wrap up every scheduled call that took place before ``today`` and has a guide (a bank too
    small for a guide leaves none); returns how many."""
    dice = random.Random(seed)
    with database.sessions() as session:
        held = session.scalars(
            select(Interview.id).join(Guide, Guide.interview_id == Interview.id)
            .where(Interview.status == InterviewStatus.SCHEDULED, Interview.wrapped_up_at.is_(None),
                   Interview.scheduled_start < datetime.combine(today, time(0), tzinfo=UTC))
            .order_by(Interview.id)
        ).all()  # fmt: skip
    recorded = 0
    for interview_id in held:
        with database.sessions() as session, session.begin():
            interview = session.get(Interview, interview_id)
            call = load_call(session, interview_id)
            if not call.items or interview is None or interview.scheduled_start is None:
                continue
            start = interview.scheduled_start + timedelta(minutes=2)
            actor = interview.interviewer.name if interview.interviewer else "demo"
            _record(session, call, start, actor, dice)
            recorded += 1
    return recorded


def _record(session, call, start, actor: str, dice: random.Random) -> None:  # type: ignore[no-untyped-def]
    interview_id = call.interview_id
    clock = FixedClock(start)
    session.execute(Interview.__table__.update().where(Interview.id == interview_id).values(started_at=start))
    set_consent(session, interview_id, True, clock, actor=actor)
    skipped = min((item for item in call.items if not item.required), key=lambda item: item.priority)
    elapsed = call.intro_seconds
    progress: dict[int, tuple[GuideItemState, float]] = {}
    quotes: list[int] = []
    quoted: set[Phase] = set()
    for item in call.items:
        if item is skipped:
            progress[item.id] = (GuideItemState.SKIPPED, 0)
            continue
        spent = max(20, round(item.planned_seconds * dice.uniform(0.75, 1.45)))
        save_note(session, interview_id, item.id, NOTES[item.phase], None, FixedClock(start + timedelta(seconds=elapsed)))
        if item.phase in QUOTES and item.phase not in quoted:
            quoted.add(item.phase)
            quotes.append(add_quote(session, interview_id, item.id, QUOTES[item.phase], elapsed + spent // 2))
        if item.phase in TAGS:
            add_tag(session, interview_id, item.id, TAGS[item.phase], elapsed + spent // 3)
        elapsed += spent
        progress[item.id] = (GuideItemState.ASKED, spent)
    elapsed += call.wrap_seconds
    save_progress(session, interview_id, elapsed_seconds=elapsed, current_position=None, items=progress)
    session.execute(Interview.__table__.update().where(Interview.id == interview_id)
                    .values(ended_at=start + timedelta(seconds=elapsed)))
    end = FixedClock(start + timedelta(seconds=elapsed + 600))  # the wrap-up, ten minutes after the call
    lost = call.outcome is Outcome.LOST
    drafts = [
        TakeawayDraft(
            "Rollout risk outweighed the price difference: buyers want a phased plan with a named owner.",
            teams=default_teams(session, interview_id, quotes[:1]) or (Team.PRODUCT, Team.CS), quote_ids=tuple(quotes[:2]),
            theme="Rollout and onboarding", importance=3, sentiment=Sentiment.NEGATIVE, kind=TakeawayKind.GAP,
        ),
        TakeawayDraft(
            "A straight, unhurried sales style builds trust with finance.", teams=(Team.SALES,),
            quote_ids=tuple(quotes[2:3]), no_quote_reason="" if quotes[2:3] else "Said in passing, not in their words.",
            theme="Sales experience", importance=2, sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR,
        ),
        TakeawayDraft(
            "Publish a sample rollout plan on the website and in the proposal template.", teams=(Team.MARKETING,),
            no_quote_reason="The buyer's suggestion, summarised from the notes.", theme="Proof of delivery",
            importance=2, sentiment=Sentiment.MIXED,
        ),
    ]
    wrap_up = WrapUp(
        buyer_outcome=call.outcome if call.outcome is not Outcome.OPEN else Outcome.NO_DECISION,
        primary_reason=RepReason.PRODUCT_FIT if lost else RepReason.MESSAGING_RESONATED,
        secondary_reasons=(RepReason.PRICE_ADVANTAGE,), competitor=call.competitor,
        decision_criteria="Rollout effort and risk, then price, then reporting depth.",
        marketing_feedback="Show how a rollout runs, week by week, before the proposal stage.",
    )
    complete_call(session, interview_id, wrap_up, drafts, actor=actor, clock=end)
