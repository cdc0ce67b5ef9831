"""Properties of slot finding in zones with daylight-saving quirks: every suggestion is inside the hours."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from interviewer.scheduling.availability import DAYS, normalised, parse, within
from interviewer.scheduling.slots import slot_starts

ZONES = ["Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
TRANSITIONS = [datetime(2026, 3, 6), datetime(2026, 3, 27), datetime(2026, 4, 3), datetime(2026, 9, 4),
               datetime(2026, 10, 23), datetime(2026, 10, 30)]  # fmt: skip
"""Fridays shortly before clock changes in one zone or another (Santiago, Lord Howe, Europe, the US)."""


@st.composite
def weeks(draw: st.DrawFn) -> dict[str, list[str]]:
    """Weekly hours: up to three non-overlapping stretches on some days, any time of day, 24:00 included."""
    hours: dict[str, list[str]] = {}
    for day in draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True)):
        cuts = sorted(draw(st.lists(st.integers(0, 96), min_size=2, max_size=6, unique=True)))
        stretches = [(a * 15, b * 15) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
        hours[day] = [f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in stretches]
    return hours


@settings(max_examples=300, deadline=None)
@given(
    hours=weeks(),
    zone_name=st.sampled_from(ZONES),
    near=st.sampled_from(TRANSITIONS),
    offset_minutes=st.integers(0, 4 * 24 * 60),
    minutes=st.sampled_from([15, 20, 30, 45, 60]),
    step=st.sampled_from([15, 30, 60]),
    busy_at=st.lists(st.integers(0, 6 * 24 * 4), max_size=4),
)
@example(  # a window ending at 02:00 as Berlin repeats 02:00-03:00 must not take in the first pass
    hours={"sun": ["00:00-02:00"]}, zone_name="Europe/Berlin", near=datetime(2026, 10, 23), offset_minutes=0,
    minutes=15, step=15, busy_at=[],
)
@example(  # and one starting at 02:30 must not take in the second pass of 02:00-02:30
    hours={"sun": ["02:30-05:00"]}, zone_name="Europe/Berlin", near=datetime(2026, 10, 23), offset_minutes=0,
    minutes=60, step=15, busy_at=[],
)
def test_every_suggested_slot_lies_inside_the_wall_clock_hours(
    hours: dict[str, list[str]], zone_name: str, near: datetime, offset_minutes: int, minutes: int, step: int,
    busy_at: list[int],
) -> None:
    tz = ZoneInfo(zone_name)
    parsed = parse(normalised(hours))
    start_after = near.replace(tzinfo=timezone.utc) + timedelta(minutes=offset_minutes)
    taken = [(start_after + timedelta(minutes=15 * q), start_after + timedelta(minutes=15 * q + 30)) for q in busy_at]
    slots = slot_starts(parsed, tz, start_after=start_after, minutes=minutes, count=12, step_minutes=step,
                        horizon_days=7, taken=taken)
    assert len(slots) <= 12
    assert slots == sorted(set(slots))
    for slot in slots:
        assert start_after <= slot <= start_after + timedelta(days=7)
        assert within(parsed, tz, slot, minutes)  # whatever is suggested can be booked
        assert not any(s < slot + timedelta(minutes=minutes) and slot < e for s, e in taken)
        for minute in [*range(0, minutes, 5), minutes - 1]:
            local = (slot + timedelta(minutes=minute)).astimezone(tz)
            wall = local.hour * 60 + local.minute
            assert any(a <= wall < b for a, b in parsed[DAYS[local.weekday()]]), (slot, local)
