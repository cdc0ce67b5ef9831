"""The demo's held calls, recorded through the console's own functions: consent, notes, quotes, tags, wrap-up.

Each booked call whose time has passed (and that has a guide) gets what an
interviewer would have typed, from a story of ``demo_stories``: notes per
question asked (one question skipped), the buyer's exact words as quotes
stamped in the call, reason tags, the seconds each question took, and a
wrap-up whose takeaways are routed to teams and backed by quotes (or say why
not). The call is started, and each note saved, at its own moment of the call;
the wrap-up follows a few minutes after the buyer hangs up, and completing it
completes the interview (and stamps the call's end, as the console does).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.console.calls import (
    Call,
    add_quote,
    add_tag,
    load_call,
    save_note,
    save_progress,
    set_consent,
    start_call,
)
from interviewer.console.wrapup import TakeawayDraft, WrapUp, complete_call
from interviewer.db import Database
from interviewer.enums import (
    GuideItemState,
    InterviewStatus,
    Outcome,
)
from interviewer.models import Guide, Interview
from winloss.demo.stories import LOST, NO_DECISION, SUMMARISED, WON, Story
from winloss.demo.workdays import DemoClock


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
            clock = DemoClock(interview.scheduled_start + timedelta(seconds=dice.randint(40, 200)), session)
            actor = interview.interviewer.name if interview.interviewer else "demo"
            record_call(session, call, clock, actor, dice, story_for(call.outcome, recorded))
            recorded += 1
    return recorded


def story_for(outcome: Outcome, number: int) -> Story:
    """The ``number``-th story of the stories told for ``outcome`` (round robin)."""
    stories = {Outcome.WON: WON, Outcome.NO_DECISION: NO_DECISION}.get(outcome, LOST)
    return stories[number % len(stories)]


def record_call(session: Session, call: Call, clock: DemoClock, actor: str, dice: random.Random, story: Story) -> None:
    """Take the call as the console would, from ``clock``'s moment: start, consent, notes, quotes, tags and
    timings as the questions go by; then, a few minutes after the call, the wrap-up.

    ``clock`` belongs to ``session``, so quotes and takeaways carry their moment too.
    """
    interview_id = call.interview_id
    start = clock.now()
    start_call(session, interview_id, clock, actor=actor)
    set_consent(session, interview_id, True, clock.move_to(start + timedelta(seconds=dice.randint(15, 50))),
                actor=actor)  # fmt: skip
    skipped = min((item for item in call.items if not item.required), key=lambda item: item.priority)
    elapsed = call.intro_seconds
    progress: dict[int, tuple[GuideItemState, float]] = {}
    quotes: dict[int, int] = {}
    for item in call.items:
        if item is skipped:
            progress[item.id] = (GuideItemState.SKIPPED, 0)
            continue
        spent = max(20, round(item.planned_seconds * dice.uniform(0.75, 1.45)))
        if item.phase in story.tags:
            clock.move_to(start + timedelta(seconds=elapsed + spent // 3))
            add_tag(session, interview_id, item.id, story.tags[item.phase], elapsed + spent // 3)
        for index, (phase, words) in enumerate(story.quotes):
            if phase is item.phase and index not in quotes:
                clock.move_to(start + timedelta(seconds=elapsed + spent // 2))
                quotes[index] = add_quote(session, interview_id, item.id, words, elapsed + spent // 2)
        note = story.notes.get(item.phase, "")
        if note:  # typed while the buyer talked, saved as the question ends
            saved = clock.move_to(start + timedelta(seconds=elapsed + spent * 4 // 5))
            save_note(session, interview_id, item.id, note, None, saved)
        elapsed += spent
        progress[item.id] = (GuideItemState.ASKED, spent)
    elapsed += call.wrap_seconds
    save_progress(session, interview_id, elapsed_seconds=elapsed, current_position=None, items=progress)
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
    wrapped = start + timedelta(seconds=elapsed + dice.randint(240, 600))  # the wrap-up dialog, after the buyer hung up
    complete_call(session, interview_id, wrap_up, drafts, actor=actor, clock=clock.move_to(wrapped))
