"""The periods the dashboard offers, as dates relative to today (plain Python: tested without a window)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

LAST_90_DAYS = "Last 90 days"
LAST_6_MONTHS = "Last 6 months"
LAST_12_MONTHS = "Last 12 months"
THIS_YEAR = "This year"
MONTHS = "Months…"
PERIODS = (LAST_90_DAYS, LAST_6_MONTHS, LAST_12_MONTHS, THIS_YEAR, MONTHS)
DEFAULT = LAST_12_MONTHS


def months_back(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def period_dates(period: str, today: date) -> tuple[date, date]:
    """(start, end), both included, of a named rolling period ending today."""
    if period == LAST_90_DAYS:
        return today - timedelta(days=89), today
    if period == LAST_6_MONTHS:
        return months_back(today, 6) + timedelta(days=1), today
    if period == THIS_YEAR:
        return date(today.year, 1, 1), today
    return months_back(today, 12) + timedelta(days=1), today


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_range(first: str, last: str) -> tuple[date, date]:
    """(first day of ``first``, last day of ``last``) for months written ``2026-10``; swapped if given backwards."""
    if first > last:
        first, last = last, first
    start = date(int(first[:4]), int(first[5:7]), 1)
    year, month = int(last[:4]), int(last[5:7])
    return start, date(year, month, monthrange(year, month)[1])


def months_between(start: date, end: date) -> list[str]:
    """Every month from ``start``'s to ``end``'s, newest first, as ``2026-10``."""
    keys, index = [], end.year * 12 + end.month - 1
    while index >= start.year * 12 + start.month - 1:
        keys.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index -= 1
    return keys


def month_label(key: str) -> str:
    """``2026-10`` as ``Oct 2026``."""
    return date(int(key[:4]), int(key[5:7]), 1).strftime("%b %Y")
