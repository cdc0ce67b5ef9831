"""Report periods: a calendar month written ``2026-10``, and the month before it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with how reports name it."""

    start: date
    end: date

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end == _month_end(self.start):
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def key(self) -> str:
        """``2026-10`` for a calendar month, else the two ISO dates."""
        if self.start.day == 1 and self.end == _month_end(self.start):
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same length just before this one (the month before, for a month)."""
        if self.start.day == 1 and self.end == _month_end(self.start):
            end = self.start - timedelta(days=1)
            return Period(end.replace(day=1), end)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)


def month(text: str) -> Period:
    """``2026-10`` as the month of October 2026; ValueError with a sentence otherwise."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month like 2026-10.")
    start = date(int(match.group(1)), int(match.group(2)), 1)
    return Period(start, _month_end(start))


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
