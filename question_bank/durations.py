"""What questions really take: medians observed in completed interviews, blended with the author's estimate."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.enums import GuideItemState, InterviewStatus
from interviewer.models import Guide, GuideItem, Interview
from question_bank.spec import MAX_SECONDS, MIN_SECONDS

PRIOR_WEIGHT = 3
"""The author's estimate counts as this many observations: one call moves the plan a quarter of the way."""


@dataclass(frozen=True)
class Observed:
    """The median seconds a question took when it was asked, over ``count`` completed interviews."""

    median_seconds: int
    count: int


def blend(estimate: int, observed: Observed | None) -> int:
    """The seconds to plan: the estimate shrunk toward the observed median as observations accumulate."""
    if observed is None or observed.count == 0:
        return estimate
    mixed = (observed.count * observed.median_seconds + PRIOR_WEIGHT * estimate) / (observed.count + PRIOR_WEIGHT)
    return max(MIN_SECONDS, min(MAX_SECONDS, round(mixed)))


def observed_durations(session: Session) -> dict[int, Observed]:
    """Per question id, the median time spent on it in completed interviews (questions asked, not skipped)."""
    rows = session.execute(
        select(GuideItem.question_id, GuideItem.spent_seconds)
        .join(Guide, Guide.id == GuideItem.guide_id)
        .join(Interview, Interview.id == Guide.interview_id)
        .where(
            Interview.status == InterviewStatus.COMPLETED,
            GuideItem.state == GuideItemState.ASKED,
            GuideItem.question_id.is_not(None),
            GuideItem.spent_seconds > 0,
        )
    )
    spent: dict[int, list[int]] = defaultdict(list)
    for question_id, seconds in rows:
        spent[question_id].append(seconds)
    return {qid: Observed(round(statistics.median(values)), len(values)) for qid, values in spent.items()}
