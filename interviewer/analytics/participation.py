"""Participation: completed ÷ the buyers who answered, with the interviews that have no answer yet listed apart.

One definition for every place that shows it (the dashboard, the monthly review, the Schedule header), so
no two screens print different rates for one program. Answered means completed, declined or no answer after
the last reminder; an invitation still awaiting an answer, a call booked ahead (today or later), a past call
not yet marked and a no-show are listed apart rather than counted as declined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from interviewer.analytics.figures import Rate
from interviewer.enums import InterviewStatus as S

ANSWERED = (S.COMPLETED, S.DECLINED, S.NO_RESPONSE)


@dataclass(frozen=True)
class Participation:
    """Completed ÷ (completed + declined + no answer after the last reminder), and the interviews left out of it."""

    rate: Rate
    booked_ahead: int
    awaiting_answer: int
    not_yet_marked: int
    no_shows: int

    @property
    def apart_text(self) -> str:
        """"3 calls booked ahead and 1 invitation awaiting an answer are not counted." (empty when none)."""
        parts = [_count(n, one, many) for n, one, many in (
            (self.booked_ahead, "call booked ahead", "calls booked ahead"),
            (self.awaiting_answer, "invitation awaiting an answer", "invitations awaiting an answer"),
            (self.not_yet_marked, "past call not yet marked", "past calls not yet marked"),
            (self.no_shows, "no-show", "no-shows")) if n]  # fmt: skip
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{listed} {'is' if sum(self._counts) == 1 else 'are'} not counted."

    @property
    def _counts(self) -> tuple[int, ...]:
        return self.booked_ahead, self.awaiting_answer, self.not_yet_marked, self.no_shows


def participation(interviews: Iterable[tuple[S, date | None]], today: date) -> Participation:
    """The participation of interviews given as (status, the UTC day their call is or was booked for)."""
    calls = list(interviews)
    status = [s for s, _ in calls]
    booked = [day for s, day in calls if s is S.SCHEDULED]
    ahead = sum(day is None or day >= today for day in booked)
    return Participation(Rate(status.count(S.COMPLETED), sum(s in ANSWERED for s in status)), booked_ahead=ahead,
                         awaiting_answer=status.count(S.INVITED), not_yet_marked=len(booked) - ahead,
                         no_shows=status.count(S.NO_SHOW))


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"
