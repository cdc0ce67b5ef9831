"""The dashboard's periods as dates, worked out by hand at their edges (month ends, leap days, a year's turn)."""

from __future__ import annotations

from datetime import date

from interviewer.analytics import periods


def test_rolling_periods_end_today_and_include_both_ends() -> None:
    today = date(2026, 11, 20)
    assert periods.period_dates(periods.LAST_90_DAYS, today) == (date(2026, 8, 23), today)  # 90 days with today
    assert periods.period_dates(periods.LAST_6_MONTHS, today) == (date(2026, 5, 21), today)
    assert periods.period_dates(periods.LAST_12_MONTHS, today) == (date(2025, 11, 21), today)
    assert periods.period_dates(periods.THIS_YEAR, today) == (date(2026, 1, 1), today)
    assert periods.DEFAULT == periods.LAST_12_MONTHS


def test_a_month_back_from_a_longer_month_lands_on_the_shorter_months_last_day() -> None:
    assert periods.months_back(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert periods.months_back(date(2028, 8, 31), 6) == date(2028, 2, 29)  # a leap year
    assert periods.months_back(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_months_are_read_in_either_order_and_listed_newest_first() -> None:
    assert periods.month_range("2026-10", "2026-02") == (date(2026, 2, 1), date(2026, 10, 31))
    assert periods.month_range("2028-02", "2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert periods.months_between(date(2025, 11, 30), date(2026, 2, 1)) == ["2026-02", "2026-01", "2025-12", "2025-11"]
    assert (periods.month_key(date(2026, 3, 9)), periods.month_label("2026-03")) == ("2026-03", "Mar 2026")
