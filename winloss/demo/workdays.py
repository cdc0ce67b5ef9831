"""The demo's calendar: a clock moved from one event to the next, and moments inside people's working days.

Every service that records an event is called with the ``DemoClock`` set to
that event's moment, so the program's history spreads over weeks, at hours
the people involved would keep.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session

from interviewer.db import Database
from interviewer.scheduling.availability import zone

OFFICE_ZONE = "Europe/London"
"""Where the demo's program owner and manager work."""
STAMPED = ("created_at", "updated_at", "at")
"""The columns the models fill with the wall clock when nobody sets them."""
LAST_START = time(16, 30)
"""The latest start, on the interviewer's clock, that leaves the call and its wrap-up inside the working day."""


class DemoClock:
    """The demo's clock, standing at the moment of the event being recorded.

    The demo moves it before each event and hands it to the service that
    records the event. New rows whose ``STAMPED`` columns nobody set (a
    takeaway's ``created_at``, the audit entry of a service that takes no
    clock) get the clock's time when flushed in ``session`` (or, for services
    that open their own sessions, inside ``dated_sessions``). Moving the clock
    flushes ``session`` first, so what was written at one moment is never
    dated by the next.
    """

    def __init__(self, at: datetime, session: Session | None = None) -> None:
        self.at = at.astimezone(UTC)
        self.session = session
        if session is not None:
            event.listen(session, "before_flush", self.stamp)

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()

    def move_to(self, at: datetime) -> DemoClock:
        """Stand at ``at`` (aware); returns the clock, to pass on to the service that records the event."""
        if self.session is not None:
            self.session.flush()
        self.at = at.astimezone(UTC)
        return self

    def stamp(self, session: Session, _context: object = None, _instances: object = None) -> None:
        """Date ``session``'s new rows by this clock (a ``before_flush`` listener)."""
        for row in session.new:
            for name in STAMPED:
                if hasattr(row, name) and getattr(row, name) is None:
                    setattr(row, name, self.at)


@contextmanager
def dated_sessions(database: Database, clock: DemoClock) -> Iterator[None]:
    """While inside, every session ``database`` opens dates its new rows by ``clock``."""
    stamp = clock.stamp
    event.listen(database.sessions, "before_flush", stamp)
    try:
        yield
    finally:
        event.remove(database.sessions, "before_flush", stamp)


def at_work(day: date, zone_name: str, dice: random.Random, start: time = time(9, 0), end: time = time(17, 0)) -> datetime:
    """A moment (whole seconds) on ``day`` between ``start`` and ``end`` of the wall clock in ``zone_name``, in UTC."""
    opens = datetime.combine(day, start, tzinfo=zone(zone_name))
    span = (datetime.combine(day, end) - datetime.combine(day, start)).seconds
    return (opens + timedelta(seconds=dice.randrange(span))).astimezone(UTC)


def workdays_after(day: date, count: int) -> date:
    """The ``count``-th weekday after ``day`` (``day`` itself, moved on off a weekend, when ``count`` is 0)."""
    return _walk(day, count, timedelta(days=1))


def workdays_before(day: date, count: int) -> date:
    """The ``count``-th weekday before ``day`` (``day`` itself, moved back off a weekend, when ``count`` is 0)."""
    return _walk(day, count, timedelta(days=-1))


def _walk(day: date, count: int, step: timedelta) -> date:
    while day.weekday() >= 5:
        day += step
    for _ in range(count):
        day += step
        while day.weekday() >= 5:
            day += step
    return day


def buyer_friendly(slots: list[datetime], buyer_zone: str, interviewer_zone: str) -> datetime:
    """The first slot on a weekday inside the buyer's working day (09:00-17:00 their time) that starts early
    enough for the interviewer to wrap up before 18:00 their time; else the first slot."""
    buyer, ours = zone(buyer_zone), zone(interviewer_zone)
    for slot in slots:
        local = slot.astimezone(buyer)
        if local.weekday() < 5 and 9 <= local.hour < 17 and slot.astimezone(ours).time() <= LAST_START:
            return slot
    return slots[0]
