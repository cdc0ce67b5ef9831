"""The demo's held calls, recorded through the console's own functions: consent, notes, quotes, tags, wrap-up.

Each booked call whose time has passed (and that has a guide) gets what an
interviewer would have typed, from a story of ``demo_stories``: notes per
question asked (one question skipped), the buyer's exact words as quotes
stamped in the call, reason tags, the seconds each question took, and a
wrap-up whose takeaways are routed to teams and backed by quotes (or say why
not). Completing the wrap-up completes the interview.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from interviewer.clock import FixedClock
from interviewer.console.calls import (
    Call,
    add_quote,
    add_tag,
    load_call,
    save_note,
    save_progress,
    set_consent,
)
from interviewer.console.wrapup import TakeawayDraft, WrapUp, complete_call
from interviewer.db import Database
from interviewer.demo_stories import LOST, NO_DECISION, SUMMARISED, WON, Story
from interviewer.enums import (
    GuideItemState,
    InterviewStatus,
    Outcome,
)
from interviewer.models import Guide, Interview


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
            record_call(session, call, start, actor, dice, story_for(call.outcome, recorded))
            recorded += 1
    return recorded


def story_for(outcome: Outcome, number: int) -> Story:
    """The ``number``-th story of the stories told for ``outcome`` (round robin)."""
    stories = {Outcome.WON: WON, Outcome.NO_DECISION: NO_DECISION}.get(outcome, LOST)
    return stories[number % len(stories)]


def record_call(session: Session, call: Call, start: datetime, actor: str, dice: random.Random, story: Story) -> None:
    """Take the call as the console would (consent, notes, quotes, tags, timings), then wrap it up."""
    interview_id = call.interview_id
    session.execute(update(Interview).where(Interview.id == interview_id).values(started_at=start))
    set_consent(session, interview_id, True, FixedClock(start), actor=actor)
    skipped = min((item for item in call.items if not item.required), key=lambda item: item.priority)
    elapsed = call.intro_seconds
    progress: dict[int, tuple[GuideItemState, float]] = {}
    quotes: dict[int, int] = {}
    for item in call.items:
        if item is skipped:
            progress[item.id] = (GuideItemState.SKIPPED, 0)
            continue
        spent = max(20, round(item.planned_seconds * dice.uniform(0.75, 1.45)))
        note = story.notes[item.phase] if item.phase in story.notes else ""
        if note:
            save_note(session, interview_id, item.id, note, None, FixedClock(start + timedelta(seconds=elapsed)))
        for index, (phase, words) in enumerate(story.quotes):
            if phase is item.phase and index not in quotes:
                quotes[index] = add_quote(session, interview_id, item.id, words, elapsed + spent // 2)
        if item.phase in story.tags:
            add_tag(session, interview_id, item.id, story.tags[item.phase], elapsed + spent // 3)
        elapsed += spent
        progress[item.id] = (GuideItemState.ASKED, spent)
    elapsed += call.wrap_seconds
    save_progress(session, interview_id, elapsed_seconds=elapsed, current_position=None, items=progress)
    session.execute(update(Interview).where(Interview.id == interview_id)
                    .values(ended_at=start + timedelta(seconds=elapsed)))
    drafts = []
    for finding in story.findings:
        backing = tuple(quotes[i] for i in finding.quotes if i in quotes)
        drafts.append(TakeawayDraft(
            finding.text, teams=finding.teams, quote_ids=backing,
            no_quote_reason=finding.no_quote_reason or ("" if backing else SUMMARISED), theme=finding.theme,
            importance=finding.importance, sentiment=finding.sentiment, kind=finding.kind,
        ))
    wrap_up = WrapUp(
        buyer_outcome=call.outcome if call.outcome is not Outcome.OPEN else Outcome.NO_DECISION,
        primary_reason=story.primary, secondary_reasons=story.secondary, competitor=call.competitor,
        decision_criteria=story.criteria, marketing_feedback=story.marketing,
    )
    end = FixedClock(start + timedelta(seconds=elapsed + 600))  # the wrap-up, ten minutes after the call
    complete_call(session, interview_id, wrap_up, drafts, actor=actor, clock=end)
