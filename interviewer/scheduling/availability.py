"""Weekly availability: {"mon": ["09:00-12:00", "13:00-17:00"], …} in the interviewer's own time zone.

Time zone names are checked against the IANA list the system knows
(``zoneinfo.available_timezones()``), so a partial name such as "Europe/" or
an invented one such as "Mars/Olympus" is refused with a sentence and never
reaches ``ZoneInfo`` (which would raise an OS error for a folder name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Window = tuple[int, int]
"""Minutes after local midnight: start (inclusive) and end (exclusive, at most 24:00)."""


class AvailabilityError(ValueError):
    """Availability that cannot be read; ``str()`` is a sentence for the user."""


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA time zone name this system knows, sorted (what a zone field offers to complete)."""
    return tuple(sorted(available_timezones() | {"UTC"}))


def zone_problem(name: str | None) -> str | None:
    """Why ``name`` is not a time zone, as a sentence for the user; None when it is one."""
    text = (name or "").strip()
    if not text:
        return "Type a time zone name such as Europe/Berlin."
    if text in zone_names():
        return None
    if text.endswith("/") or any(known.startswith(text) for known in zone_names()):
        return f"“{text}” is not a whole time zone name yet: go on typing, or pick one from the list."
    return f"“{text}” is not a time zone name such as Europe/Berlin."


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone ``name``; ``AvailabilityError`` (with ``zone_problem``'s sentence) when there is no such zone."""
    problem = zone_problem(name)
    if problem is not None:
        raise AvailabilityError(problem)
    return ZoneInfo((name or "").strip())


def zone_label(name: str | None) -> str:
    """A short place name for a zone, as in "(Berlin time)"; "UTC" stays "UTC"."""
    return (name or "UTC").rsplit("/", 1)[-1].replace("_", " ")


def parse(availability: Any) -> dict[str, list[Window]]:
    """Validate and normalise availability: known day keys, "HH:MM-HH:MM", start < end, no overlaps."""
    if availability is None:
        return {}
    if not isinstance(availability, dict):
        raise AvailabilityError("Availability is a list of hours per weekday.")
    result: dict[str, list[Window]] = {}
    for key, ranges in availability.items():
        day = str(key).strip().lower()[:3]
        if day not in DAYS or str(key).strip().lower() not in (day, _DAY_NAMES[day].lower()):
            raise AvailabilityError(f"“{key}” is not a weekday (use mon, tue, … sun).")
        if isinstance(ranges, str):
            ranges = [ranges]
        if not isinstance(ranges, list):
            raise AvailabilityError(f"The hours for {_DAY_NAMES[day]} must be a list such as 09:00-12:00.")
        result.setdefault(day, []).extend(_window(day, text) for text in ranges)
    for day, windows in list(result.items()):
        windows.sort()
        for (_, end), (start, _) in pairwise(windows):
            if start < end:
                raise AvailabilityError(f"The hours on {_DAY_NAMES[day]} overlap; list each stretch once.")
        if not windows:
            del result[day]
    return result


def normalised(availability: Any) -> dict[str, list[str]]:
    """Availability as stored: days in week order, each range as "HH:MM-HH:MM"."""
    parsed = parse(availability)
    return {day: [f"{_hhmm(s)}-{_hhmm(e)}" for s, e in parsed[day]] for day in DAYS if parsed.get(day)}


def _window(day: str, text: Any) -> Window:
    match = _RANGE.match(str(text))
    if not match:
        raise AvailabilityError(f"“{text}” on {_DAY_NAMES[day]} is not a range such as 09:00-12:00.")
    sh, sm, eh, em = (int(part) for part in match.groups())
    if sh > 23 or sm > 59 or em > 59 or eh > 24 or (eh == 24 and em):
        raise AvailabilityError(f"“{text}” on {_DAY_NAMES[day]} is not a time of day.")
    start, end = sh * 60 + sm, eh * 60 + em
    if start >= end:
        raise AvailabilityError(f"“{text}” on {_DAY_NAMES[day]} ends before it starts.")
    return start, end


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def local_instant(day: date, minutes: int, tz: ZoneInfo, *, latest: bool = True) -> datetime:
    """The UTC instant of wall time ``minutes`` after midnight on ``day`` in ``tz``.

    A wall time the clocks skip or repeat has two readings (PEP 495 ``fold``):
    ``latest`` picks the later one, else the earlier. A window starts at the
    later reading and ends at the earlier one, so it never reaches into a
    skipped hour nor into a repeated pass outside its wall-clock hours.
    """
    wall = datetime.combine(day, time()) + timedelta(minutes=minutes)
    readings = [wall.replace(tzinfo=tz, fold=fold).astimezone(timezone.utc) for fold in (0, 1)]
    return max(readings) if latest else min(readings)


def windows_on(parsed: dict[str, list[Window]], day: date, tz: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
    """The availability windows of local ``day`` as UTC (start, end) pairs (empty ones left out)."""
    for start, end in parsed.get(DAYS[day.weekday()], []):
        utc_start = local_instant(day, start, tz, latest=True)
        utc_end = local_instant(day, end, tz, latest=False)
        if utc_start < utc_end:
            yield utc_start, utc_end


def within(parsed: dict[str, list[Window]], tz: ZoneInfo, start: datetime, minutes: int) -> bool:
    """Whether start..start+minutes lies inside one availability window (in the zone's wall time)."""
    end = start + timedelta(minutes=minutes)
    day = start.astimezone(tz).date()
    return any(ws <= start and end <= we for ws, we in windows_on(parsed, day, tz))
