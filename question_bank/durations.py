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
FLOOR_SECONDS = 20
FLOOR_SHARE = 4
CAP_TIMES = 3


def plausible(spent_seconds: int, planned_seconds: int) -> bool:
    """Whether the time an answered question took can teach durations.

    At least a quarter of the time planned for it and at least 20 seconds (a
    shorter visit is a glance or a click past, not an answer), and at most three
    times the plan (longer is a timer left running, not the question's length).
    """
    floor = max(FLOOR_SECONDS, planned_seconds / FLOOR_SHARE)
    return floor <= spent_seconds <= CAP_TIMES * planned_seconds


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
    """Per question id, the median time spent on it in completed interviews, over the calls where it was
    answered in a ``plausible`` time."""
    rows = session.execute(
        select(GuideItem.question_id, GuideItem.spent_seconds, GuideItem.planned_seconds)
        .join(Guide, Guide.id == GuideItem.guide_id)
        .join(Interview, Interview.id == Guide.interview_id)
        .where(
            Interview.status == InterviewStatus.COMPLETED,
            GuideItem.state == GuideItemState.ASKED,
            GuideItem.question_id.is_not(None),
        )
    )
    spent: dict[int, list[int]] = defaultdict(list)
    for question_id, seconds, planned in rows:
        if plausible(seconds, planned):
            spent[question_id].append(seconds)
    return {qid: Observed(round(statistics.median(values)), len(values)) for qid, values in spent.items()}
