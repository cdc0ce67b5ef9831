"""What the monthly program review says: the data, the patterns to discuss, and the actions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.actions import ActionLine, review_actions
from interviewer.analytics.facts import deal_facts
from interviewer.analytics.figures import (
    Group,
    ParetoBar,
    PeriodFigures,
    by_competitor,
    by_segment,
    loss_share,
    pareto,
    period_figures,
)
from interviewer.enums import Outcome
from interviewer.models import Deal, Interview, ReviewMeeting, Takeaway

SEGMENT_WINDOW_DAYS = 90
"""Segments are judged on the last 90 days, so one thin month does not condemn one."""


@dataclass(frozen=True)
class Review:
    """Everything the monthly review report shows, in the order of the 30-minute agenda."""

    month: date
    label: str
    figures: PeriodFigures
    segments: tuple[Group, ...]
    """Win rate per segment over the 90 days ending with the month, under-15% segments flagged."""
    competitors: tuple[Group, ...]
    loss_share: tuple[Group, ...]
    loss_reasons: tuple[ParetoBar, ...]
    win_reasons: tuple[ParetoBar, ...]
    interviews: int
    """Interviews wrapped up during the month."""
    win_pattern: str
    loss_pattern: str
    notes: str
    actions: tuple[ActionLine, ...]

    @property
    def title(self) -> str:
        return f"Monthly win-loss review · {self.label}"


def monthly_review(session: Session, start: date, end: date, label: str, *, today: date) -> Review:
    """Gather the review of the deals closed from ``start`` to ``end`` (a month), as of ``today``."""
    facts = deal_facts(session, start, end)
    recent = deal_facts(session, end - timedelta(days=SEGMENT_WINDOW_DAYS - 1), end)
    figures = period_figures(facts)
    meeting = session.scalar(select(ReviewMeeting).where(ReviewMeeting.month == start))
    first = datetime.combine(start, time(0), tzinfo=UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC)
    interviews = session.scalars(select(Interview.id).where(Interview.wrapped_up_at >= first,
                                                            Interview.wrapped_up_at < after)).all()
    win_pattern, loss_pattern = _patterns(session, list(interviews))
    return Review(
        month=start, label=label, figures=figures, segments=tuple(by_segment(recent)),
        competitors=tuple(by_competitor(facts)), loss_share=tuple(loss_share(facts)),
        loss_reasons=tuple(pareto(f.rep_reason for f in facts if f.outcome is Outcome.LOST)),
        win_reasons=tuple(pareto(f.rep_reason for f in facts if f.outcome is Outcome.WON)),
        interviews=len(interviews),
        win_pattern=(meeting.win_pattern if meeting and meeting.win_pattern else win_pattern),
        loss_pattern=(meeting.loss_pattern if meeting and meeting.loss_pattern else loss_pattern),
        notes=(meeting.notes or "") if meeting else "",
        actions=tuple(review_actions(session, start, end, meeting)),
    )


def _patterns(session: Session, interview_ids: list[int]) -> tuple[str, str]:
    """The most frequent takeaway theme among won and among lost interviews of the month."""
    if not interview_ids:
        return "", ""
    rows = session.execute(
        select(Takeaway.theme, Deal.outcome, Takeaway.interview_id)
        .join(Interview, Interview.id == Takeaway.interview_id).join(Deal, Deal.id == Interview.deal_id)
        .where(Takeaway.interview_id.in_(interview_ids), Takeaway.theme.is_not(None))
    ).all()  # fmt: skip

    def top(outcome: Outcome) -> str:
        counts = Counter(theme for theme, deal_outcome, _ in {tuple(r) for r in rows} if deal_outcome == outcome)
        if not counts:
            return ""
        theme, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
        return f"{theme} (raised in {count} interview{'s' if count != 1 else ''})"

    return top(Outcome.WON), top(Outcome.LOST)
