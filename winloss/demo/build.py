"""The demo program: a realistic, reproducible B2B win-loss dataset written in one transaction.

``build_demo`` invents accounts, contacts, closed and open deals, interviewers,
profiles and stakeholder teams. The same seed and ``today`` always give the same
rows; every date is relative to ``today`` so the demo always looks current.
Patterns are planted for the analytics to find: Public Sector wins under 15% of
its deals over the last 90 days, Quillmark beats us in Mid-Market, and
Brightfold is present in about a third of losses.

Rows are written with bulk Core inserts and explicit primary keys, in chunks,
so 100,000 deals take seconds; a cancelled build leaves the database untouched.
"""

from __future__ import annotations

import gc
import math
import random
import re
import time as timer
from bisect import bisect
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from itertools import accumulate
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.db import Database
from interviewer.enums import (
    NO_COMPETITOR,
    UNKNOWN_COMPETITOR,
    Authority,
    Outcome,
    RepReason,
    Team,
    named_competitor,
)
from interviewer.models import (
    Account,
    Base,
    Contact,
    Deal,
    DealContact,
    ImportBatch,
    Interviewer,
    Profile,
    Recipient,
    TeamRecord,
)
from interviewer.progress import CancelToken, Progress, no_progress
from winloss.demo import vocabulary as vocab
from winloss.demo.calls import record_demo_calls
from winloss.demo.criteria import review_demo_criteria
from winloss.demo.crm_export import import_recent_export
from winloss.demo.guides import guide_demo_interviews
from winloss.demo.history import hold_demo_reviews, hold_past_interviews
from winloss.demo.reports import make_demo_reports
from winloss.demo.schedule import schedule_demo_interviews

SOURCE = "demo"
CHUNK_ROWS = 5000
SQLITE_CACHE_KIB = 131_072
WINDOW_DAYS = 540
"""Closed deals fall within this many days before today (just under 18 months)."""
OPEN_SHARE = 0.08
ACCOUNTS_PER_DEAL = 0.6
RECENT_DAYS = 90

_KEPT_TABLES = frozenset({"question_banks", "questions", "message_templates", "mapping_profiles"})
"""Configuration that ``replace`` keeps: the demo builds none of it and a program needs it."""
_CHECKED_TABLES = (Deal, Account, Contact, Interviewer, Profile, TeamRecord)

Row = dict[str, Any]
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class DemoRefused(Exception):
    """The database already holds data and replacing it was not asked for."""


@dataclass(frozen=True)
class DemoSummary:
    """What ``build_demo`` wrote and how long it took."""

    deals: int
    open_deals: int
    accounts: int
    contacts: int
    interviewers: int
    seconds: float
    export_rows: int = 0
    export_rejected: int = 0
    candidates: int = 0
    accepted: int = 0
    scheduled: int = 0
    completed: int = 0
    actions: int = 0
    reports: int = 0

    def __str__(self) -> str:
        export = f", a {self.export_rows}-row CRM export imported ({self.export_rejected} rows rejected)" if self.export_rows else ""
        criteria = (f", an approved criteria set with {self.candidates} candidates ({self.accepted} accepted)"
                    if self.candidates else "")  # fmt: skip
        if self.scheduled or self.completed:
            criteria += f", {self.scheduled} interviews scheduled and {self.completed} completed with takeaways"
        if self.actions:
            criteria += f", {self.actions} actions from monthly reviews"
        if self.reports:
            criteria += f", {self.reports} Word reports"
        return (
            f"{self.deals:,} closed deals (+{self.open_deals:,} open), {self.accounts:,} accounts, "
            f"{self.contacts:,} contacts, {self.interviewers} interviewers{export}{criteria} in {self.seconds:.1f} s"
        )


T = TypeVar("T")


class _Weights(Generic[T]):
    """Options with weights, prepared once so that drawing one is a bisection."""

    __slots__ = ("options", "cumulative", "total")

    def __init__(self, options: Sequence[T], weights: Sequence[float]) -> None:
        self.options = tuple(options)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> _Weights[T]:
        return cls([option for option, _ in pairs], [weight for _, weight in pairs])


class _Dice(random.Random):
    """``random.Random`` with quicker draws built on ``random()`` alone (a demo needs millions)."""

    def below(self, count: int) -> int:
        return int(self.random() * count)

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def pick(self, options: Sequence[T]) -> T:
        return options[int(self.random() * len(options))]

    def weighted(self, table: _Weights[T]) -> T:
        return table.options[bisect(table.cumulative, self.random() * table.total)]


@dataclass(frozen=True)
class _Shape:
    """How accounts and deals of one segment look: sizes, amounts, sales cycle, people and odds."""

    employees: tuple[int, int]
    amount: tuple[int, int]
    round_to: int
    cycle_days: tuple[int, int]
    contacts: _Weights[int]
    authority: _Weights[Authority]
    industries: _Weights[str] | None
    outcomes: _Weights[Outcome]


def _shape(employees: tuple[int, int], amount: tuple[int, int], round_to: int, cycle_days: tuple[int, int],
           contacts: Sequence[int], authority: Sequence[int], industries: Sequence[int], outcomes: Sequence[float]) -> _Shape:
    return _Shape(
        employees, amount, round_to, cycle_days,
        _Weights((1, 2, 3, 4), contacts),
        _Weights((Authority.DECISION_MAKER, Authority.INFLUENCER, Authority.USER, Authority.PROCUREMENT), authority),
        _Weights(vocab.INDUSTRIES, industries) if industries else None,
        _Weights((Outcome.WON, Outcome.LOST, Outcome.NO_DECISION), outcomes),
    )


_SEGMENTS = _Weights(vocab.SEGMENTS, (38, 30, 18, 14))
_SHAPES: dict[str, _Shape] = {
    "SMB": _shape((8, 199), (3_000, 30_000), 50, (14, 60), (35, 40, 20, 5), (40, 30, 25, 5),
                  (30, 14, 12, 18, 26, 0), (0.37, 0.41, 0.22)),
    "Mid-Market": _shape((200, 999), (25_000, 150_000), 500, (40, 120), (20, 35, 30, 15), (30, 35, 25, 10),
                         (25, 20, 18, 20, 15, 2), (0.31, 0.48, 0.21)),
    "Enterprise": _shape((1_000, 60_000), (120_000, 1_200_000), 1_000, (90, 270), (10, 25, 35, 30), (22, 38, 25, 15),
                         (20, 25, 18, 22, 15, 0), (0.35, 0.39, 0.26)),
    "Public Sector": _shape((150, 25_000), (40_000, 600_000), 1_000, (120, 365), (15, 30, 35, 20), (22, 33, 25, 20),
                            (), (0.28, 0.43, 0.29)),
}
_PUBLIC_SECTOR_RECENT = _Weights((Outcome.WON, Outcome.LOST, Outcome.NO_DECISION), (0.06, 0.56, 0.38))
"""Public Sector's odds over the last 90 days: the segment a review should question."""
_REGIONS = _Weights(vocab.REGIONS, [region.weight for region in vocab.REGIONS])
_CURRENCIES = {region.name: _Weights.of(region.currencies) for region in vocab.REGIONS}
_REPS = {segment: _Weights(team[1:], (34, 26, 22, 18)) for segment, team in vocab.REP_TEAMS.items()}
_PRODUCTS = _Weights(vocab.PRODUCTS, vocab.PRODUCT_WEIGHTS)
_DEAL_KINDS = _Weights.of(vocab.DEAL_KINDS)
_OPEN_STAGES = _Weights.of(vocab.OPEN_STAGES)
_LEAD_SOURCES = _Weights.of(vocab.LEAD_SOURCES)
_RANK = {Authority.DECISION_MAKER: 0, Authority.INFLUENCER: 1, Authority.PROCUREMENT: 2, Authority.USER: 3, Authority.UNKNOWN: 4}
_REASONS: dict[Outcome, _Weights[RepReason]] = {
    Outcome.WON: _Weights((RepReason.PRODUCT_FIT, RepReason.PRICE_ADVANTAGE, RepReason.MESSAGING_RESONATED,
                           RepReason.OTHER), (42, 20, 26, 12)),
    Outcome.LOST: _Weights((RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT, RepReason.CHAMPION_LEFT,
                            RepReason.POOR_ONBOARDING, RepReason.OTHER), (36, 32, 10, 8, 9)),
    Outcome.NO_DECISION: _Weights((RepReason.NO_DECISION_TIMING, RepReason.CHAMPION_LEFT, RepReason.OTHER), (76, 17, 7)),
}
_NAMED_ODDS: dict[RepReason, tuple[float, float]] = {
    # chance of a named competitor, then of "Unknown"; the rest is "None". Who won is the competitor, why is the reason.
    RepReason.PRICE_ADVANTAGE: (0.90, 0.08), RepReason.PRODUCT_FIT: (0.75, 0.12), RepReason.CHAMPION_LEFT: (0.15, 0.15),
    RepReason.POOR_ONBOARDING: (0.35, 0.10), RepReason.OTHER: (0.55, 0.20),
}
_WON_ODDS, _NO_DECISION_ODDS, _OPEN_ODDS = (0.55, 0.12), (0.15, 0.25), (0.40, 0.20)
_BASE_RIVALS = (14.5, 3.0, 3.0, 2.5, 2.0, 1.5, 1.2, 0.8)  # in vocab.COMPETITORS order: Brightfold, Quillmark, ...


def _rivals(outcome: Outcome, mid_market: bool) -> _Weights[str]:
    """Which named competitor a deal met: Brightfold is everywhere, Quillmark beats us in Mid-Market."""
    weights = list(_BASE_RIVALS)
    if outcome is Outcome.WON:
        weights[0] = 5.0
    if mid_market:
        weights[1] = {Outcome.LOST: 10.0, Outcome.WON: 0.8}.get(outcome, 3.0)
    return _Weights(vocab.COMPETITORS, weights)


_RIVALS = {(outcome, mid_market): _rivals(outcome, mid_market) for outcome in Outcome for mid_market in (False, True)}


def build_demo(
    database: Database,
    *,
    seed: int = 7,
    deals: int = 2400,
    replace: bool = False,
    today: date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    reports: bool = True,
) -> DemoSummary:
    """Write the demo program into ``database`` and say what was written.

    Raises ``DemoRefused`` when the database already holds data and ``replace``
    is false, and ``Cancelled`` (leaving the database as it was) when ``cancel``
    fires. With ``replace`` the existing program data is deleted in the same
    transaction; the question bank, message templates and mapping profiles stay.
    ``reports=False`` leaves out the Word reports (about a second: tests of other areas skip them).
    """
    if deals < 1:
        raise ValueError("a demo program needs at least one deal")
    started = timer.perf_counter()
    check = cancel.raise_if_cancelled if cancel is not None else _never
    if not replace:
        with database.sessions() as session:
            _refuse_if_not_empty(session, database.label)
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived acyclic rows: cycle collection would only slow the build down
    try:
        today = today or datetime.now(timezone.utc).date()
        inventor = _Generator(_Dice(seed), today, check, progress)
        tables = inventor.build(deals, seed)
        with database.sessions() as session, session.begin():
            if replace:
                _clear(session)
            else:
                _refuse_if_not_empty(session, database.label)
            _write(session, tables, progress, check)
            audit.record(session, "demo", "demo.built", "program", None, seed=seed, deals=deals, replaced=replace)
            check()
    finally:
        if collecting:
            gc.enable()
    recent = import_recent_export(database, seed=seed, today=today)  # after the last chance to cancel: it takes ~50 ms
    # the program's history in the order it happened: earlier interviews, then this round's selection and calls
    held = hold_past_interviews(database, today, seed)
    reviewed = review_demo_criteria(database, today)
    guide_demo_interviews(database, today)
    booked = schedule_demo_interviews(database, today)
    held += record_demo_calls(database, seed, today)
    actions = hold_demo_reviews(database, today)
    made = make_demo_reports(database, today) if reports else 0
    counts = {table.name: len(rows) for table, rows in tables}
    open_deals = sum(row["outcome"] is Outcome.OPEN for row in dict(tables)[_table(Deal)])
    return DemoSummary(
        deals=counts["deals"] - open_deals,
        open_deals=open_deals,
        accounts=counts["accounts"],
        contacts=counts["contacts"],
        interviewers=counts["interviewers"],
        seconds=timer.perf_counter() - started,
        export_rows=recent.rows,
        export_rejected=recent.rejected,
        candidates=reviewed.candidates,
        accepted=reviewed.accepted,
        scheduled=booked.scheduled,
        completed=held,
        actions=actions,
        reports=made,
    )


def _never() -> None:
    """The cancel check when nobody can cancel."""


def _refuse_if_not_empty(session: Session, label: str) -> None:
    for model in _CHECKED_TABLES:
        count = session.scalar(select(func.count()).select_from(model)) or 0
        if count:
            what = f"{count:,} {model.__tablename__}"
            raise DemoRefused(f"{label} already holds {what}; use --force to replace its data with the demo program.")


def _clear(session: Session) -> None:
    """Delete the program data, children before parents."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in _KEPT_TABLES:
            session.execute(table.delete())


def _write(session: Session, tables: list[tuple[Table, list[Row]]], progress: Progress, check: Callable[[], None]) -> None:
    """Insert every table's rows in chunks, reporting progress and checking for cancel between chunks."""
    total = sum(len(rows) for _, rows in tables)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":  # a larger page cache keeps index pages in memory through the bulk insert
        previous = int(session.execute(text("PRAGMA cache_size")).scalar_one())
        session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))
    try:
        done = 0
        for table, rows in tables:
            for start in range(0, len(rows), CHUNK_ROWS):
                check()
                chunk = rows[start:start + CHUNK_ROWS]
                session.execute(table.insert(), chunk)
                done += len(chunk)
                progress(done, total, f"Writing {table.name.replace('_', ' ')}…")
    finally:
        if dialect == "sqlite":
            with suppress(SQLAlchemyError):  # never hide the error that brought us here
                session.execute(text(f"PRAGMA cache_size = {previous}"))
    if dialect == "postgresql":
        _advance_sequences(session, [table for table, _ in tables if "id" in table.c])


def _advance_sequences(session: Session, tables: Sequence[Table]) -> None:
    """Move PostgreSQL's id sequences past the ids written explicitly."""
    for table in tables:
        highest = select(func.max(table.c.id)).scalar_subquery()
        session.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), highest)))


class _Generator:
    """Invents every row of the demo from one random generator, in a fixed order."""

    def __init__(self, rng: _Dice, today: date, check: Callable[[], None], progress: Progress = no_progress) -> None:
        self.rng = rng
        self.progress = progress
        self.today = today
        self.check = check
        self.midnight = datetime.combine(today, time(), tzinfo=timezone.utc)
        self.names: set[str] = set()

    def build(self, closed: int, seed: int) -> list[tuple[Table, list[Row]]]:
        """Every table's rows, parents before children."""
        total = closed + round(closed * OPEN_SHARE)
        self.progress(0, 0, "Inventing accounts…")
        accounts = self._accounts(max(1, round(total * ACCOUNTS_PER_DEAL)))
        self.progress(0, 0, "Inventing deals…")
        deals = self._deals(closed, total, accounts)
        self.progress(0, 0, "Inventing contacts…")
        contacts, by_account = self._contacts(accounts)
        links = self._links(deals, by_account)
        people = _people(self.midnight)
        batch = {
            "id": 1, "source_system": SOURCE, "file_name": f"demo program (seed {seed})", "file_sha256": None,
            "mapping": {}, "outcome_rule": None, "status": "completed", "rows_total": total, "rows_created": total,
            "rows_updated": 0, "rows_unchanged": 0, "rows_rejected": 0, "actor": "demo",
            "started_at": self.midnight, "finished_at": self.midnight,
        }
        return [
            *people,
            (_table(ImportBatch), [batch]),
            (_table(Account), [{k: v for k, v in a.items() if not k.startswith("_")} for a in accounts]),
            (_table(Contact), contacts),
            (_table(Deal), deals),
            (_table(DealContact), links),
        ]

    # -- accounts -------------------------------------------------------------------------------

    def _accounts(self, count: int) -> list[Row]:
        rng = self.rng
        rows: list[Row] = []
        for number in range(1, count + 1):
            if number % CHUNK_ROWS == 0:
                self.check()
            segment = rng.weighted(_SEGMENTS)
            shape = _SHAPES[segment]
            region = rng.weighted(_REGIONS)
            if segment == "Public Sector":
                name, short, domain, industry = self._public_body(region)
            else:
                assert shape.industries is not None
                industry = rng.weighted(shape.industries)
                name, short, domain = self._company(industry, region)
            employees = _log_uniform(rng, *shape.employees)
            rows.append({
                "id": number, "source_system": SOURCE, "external_id": f"DEMO-A-{number:06d}", "name": name,
                "industry": industry, "employee_count": employees if employees < 1000 else employees // 50 * 50,
                "region": region.name, "segment": segment, "created_at": self.midnight,
                "_short": short, "_domain": domain, "_region": region, "_tz": rng.pick(region.time_zones),
                "_email": rng.pick(("{f}.{l}", "{f}.{l}", "{f}{l}", "{i}{l}", "{f}_{l}", "{f}")),
            })
        return rows

    def _company(self, industry: str, region: vocab.Region) -> tuple[str, str, str]:
        rng = self.rng
        for attempt in range(40):
            pattern = rng.below(4)
            if pattern == 0:
                base = rng.pick(vocab.STEM_HEADS) + rng.pick(vocab.STEM_TAILS)
            elif pattern == 1:
                base = self._place()
            elif pattern == 2:
                base = rng.pick(vocab.COMPOUND_FIRSTS) + rng.pick(vocab.COMPOUND_SECONDS)
            else:
                base = f"{rng.pick(vocab.LAST_NAMES)} & {rng.pick(vocab.LAST_NAMES)}"
            short = f"{base} {rng.pick(vocab.INDUSTRY_NOUNS[industry])}"
            if attempt >= 30:
                short = f"{rng.pick(vocab.PLACE_QUALIFIERS)}{short}"
            name = f"{short} {rng.pick(region.suffixes)}".strip()
            if name not in self.names:
                self.names.add(name)
                return name, short, _slug(short) + region.tld
        return self._unique(short), short, _slug(short) + region.tld

    def _public_body(self, region: vocab.Region) -> tuple[str, str, str, str]:
        rng = self.rng
        for attempt in range(40):
            pattern, industry = rng.pick(vocab.PUBLIC_BODY_PATTERNS)
            place = self._place()
            if attempt >= 20:
                place = rng.pick(vocab.PLACE_QUALIFIERS) + place
            name = pattern.format(place=place)
            if name not in self.names:
                break
        else:
            name = self._unique(name)
        self.names.add(name)
        tld = {"North America - East": ".gov", "North America - West": ".gov", "UK & Ireland": ".gov.uk"}.get(region.name, region.tld)
        return name, name, _slug(name) + tld, industry

    def _place(self) -> str:
        head = self.rng.pick(vocab.PLACE_HEADS if self.rng.random() < 0.6 else vocab.STEM_HEADS)
        return head + self.rng.pick(vocab.PLACE_TAILS)

    def _unique(self, name: str) -> str:
        number = 2
        while f"{name} {number}" in self.names:
            number += 1
        self.names.add(f"{name} {number}")
        return f"{name} {number}"

    # -- deals ----------------------------------------------------------------------------------

    def _deals(self, closed: int, total: int, accounts: list[Row]) -> list[Row]:
        rng, today = self.rng, self.today
        owners = list(range(len(accounts))) + [rng.below(len(accounts)) for _ in range(total - len(accounts))]
        rng.shuffle(owners)
        dates = [_close_day(rng, today) for _ in range(closed)]
        plan = sorted(zip(dates, owners[:closed])) + sorted(
            (today + timedelta(days=rng.between(3, 150)), owner) for owner in owners[closed:]
        )
        recent = today - timedelta(days=RECENT_DAYS)
        rows: list[Row] = []
        for number, (close_date, owner) in enumerate(plan, start=1):
            if number % CHUNK_ROWS == 0:
                self.check()
            account = accounts[owner]
            segment = account["segment"]
            shape = _SHAPES[segment]
            if number > closed:
                outcome = Outcome.OPEN
            else:
                recent_public = segment == "Public Sector" and close_date > recent
                outcome = rng.weighted(_PUBLIC_SECTOR_RECENT if recent_public else shape.outcomes)
            rows.append(self._deal(number, close_date, outcome, account, shape))
            created = rows[-1]["created_at"] - timedelta(days=rng.between(0, 30))
            account["created_at"] = min(account["created_at"], created)  # before its first deal
        return rows

    def _deal(self, number: int, close_date: date, outcome: Outcome, account: Row, shape: _Shape) -> Row:
        rng = self.rng
        segment = account["segment"]
        team, *reps = vocab.REP_TEAMS[segment]
        reason, competitor, note = self._capture(outcome, segment)
        amount = _log_uniform(rng, *shape.amount) // shape.round_to * shape.round_to
        product = rng.weighted(_PRODUCTS)
        kind = rng.weighted(_DEAL_KINDS)
        closed_at = datetime.combine(close_date, time(), tzinfo=timezone.utc)
        if outcome is Outcome.OPEN:
            stage = rng.weighted(_OPEN_STAGES)
            created = self.midnight - timedelta(days=rng.between(5, 200), minutes=rng.between(480, 1080))
            updated = self.midnight - timedelta(days=rng.between(0, 4), minutes=rng.between(0, 600))
        else:
            stage = vocab.CLOSED_STAGES[outcome.value]
            created = closed_at - timedelta(days=rng.between(*shape.cycle_days), minutes=rng.between(-300, 300))
            updated = min(closed_at + timedelta(minutes=rng.between(600, 2800)), self.midnight)
        return {
            "id": number, "source_system": SOURCE, "external_id": f"DEMO-{number:06d}", "import_batch_id": 1,
            "account_id": account["id"], "name": f"{account['_short']} - {product} ({kind})", "outcome": outcome,
            "raw_stage": stage, "amount": Decimal(amount), "currency": rng.weighted(_CURRENCIES[account["region"]]),
            "close_date": close_date, "owner_rep": rng.weighted(_REPS[segment]), "rep_team": team,
            "product": product, "lead_source": rng.weighted(_LEAD_SOURCES), "rep_reason": reason,
            "competitor": competitor, "rep_note": note, "created_at": min(created, updated), "updated_at": updated,
        }

    def _capture(self, outcome: Outcome, segment: str) -> tuple[RepReason | None, str | None, str | None]:
        """The rep's reason, competitor and optional note for one deal."""
        rng = self.rng
        if outcome is Outcome.OPEN:
            return None, self._competitor(_OPEN_ODDS, outcome, segment), None
        if rng.random() < 0.03:
            return None, None, None  # the rep never filled in the close form
        reason = rng.weighted(_REASONS[outcome])
        odds = _NAMED_ODDS.get(reason, (0.1, 0.2)) if outcome is Outcome.LOST else (
            _WON_ODDS if outcome is Outcome.WON else _NO_DECISION_ODDS)
        competitor = self._competitor(odds, outcome, segment)
        note = None
        if rng.random() < 0.4:
            notes = vocab.REP_NOTES[outcome.value, reason]
            if named_competitor(competitor):
                notes += vocab.RIVAL_NOTES.get((outcome.value, reason), ())
            note = rng.pick(notes).format(competitor=competitor)
        return reason, competitor, note

    def _competitor(self, odds: tuple[float, float], outcome: Outcome, segment: str) -> str:
        roll = self.rng.random()
        if roll >= odds[0] + odds[1]:
            return NO_COMPETITOR
        if roll >= odds[0]:
            return UNKNOWN_COMPETITOR
        return self.rng.weighted(_RIVALS[outcome, segment == "Mid-Market"])

    # -- contacts -------------------------------------------------------------------------------

    def _contacts(self, accounts: list[Row]) -> tuple[list[Row], list[list[tuple[int, Authority]]]]:
        rng = self.rng
        rows: list[Row] = []
        by_account: list[list[tuple[int, Authority]]] = []
        for account in accounts:
            if account["id"] % CHUNK_ROWS == 0:
                self.check()
            shape = _SHAPES[account["segment"]]
            people = []
            for _ in range(rng.weighted(shape.contacts)):
                row = self._contact(len(rows) + 1, account, shape)
                rows.append(row)
                people.append((row["id"], row["authority"]))
            by_account.append(people)
        return rows, by_account

    def _contact(self, number: int, account: Row, shape: _Shape) -> Row:
        rng = self.rng
        region: vocab.Region = account["_region"]
        first, last = rng.pick(vocab.FIRST_NAMES), rng.pick(vocab.LAST_NAMES)
        authority = rng.weighted(shape.authority)
        title: str | None = rng.pick(vocab.TITLES[authority])
        if rng.random() < 0.02:
            title, authority = None, Authority.UNKNOWN
        roll = rng.random()
        f, l = first.lower(), last.lower()
        if roll < 0.88:
            email: str | None = account["_email"].format(f=f, l=l, i=f[0]) + "@" + account["_domain"]
        elif roll < 0.93:
            email = f"{f}.{l}{rng.between(1, 99)}@{rng.pick(vocab.PERSONAL_DOMAINS)}"
        else:
            email = None
        phone = region.phone.format(a=rng.between(200, 989), n=rng.below(100)) if rng.random() < 0.75 else None
        interviewed = self.today - timedelta(days=rng.between(200, 500)) if rng.random() < 0.01 else None
        return {
            "id": number, "account_id": account["id"], "source_system": SOURCE, "external_id": f"DEMO-C-{number:06d}",
            "first_name": first, "last_name": last, "title": title, "email": email, "phone": phone,
            "time_zone": account["_tz"] if rng.random() < 0.8 else rng.pick(region.time_zones),
            "authority": authority, "do_not_contact": rng.random() < 0.03, "last_interviewed_on": interviewed,
            "created_at": min(account["created_at"] + timedelta(days=rng.between(0, 20)), self.midnight),
        }

    def _links(self, deals: list[Row], by_account: list[list[tuple[int, Authority]]]) -> list[Row]:
        """Who took part in each deal: one to all of its account's contacts, exactly one primary."""
        rng = self.rng
        rows: list[Row] = []
        for deal in deals:
            if deal["id"] % CHUNK_ROWS == 0:
                self.check()
            people = by_account[deal["account_id"] - 1]
            chosen = rng.sample(people, rng.between(1, len(people)))
            primary = min(chosen, key=lambda person: _RANK[person[1]]) if rng.random() < 0.75 else chosen[0]
            for contact_id, authority in chosen:
                rows.append({
                    "deal_id": deal["id"], "contact_id": contact_id,
                    "role": rng.pick(vocab.DEAL_ROLES[authority]), "is_primary": contact_id == primary[0],
                })
        return rows


def _people(midnight: datetime) -> list[tuple[Table, list[Row]]]:
    """Profiles, interviewers, stakeholder teams and their recipients."""
    profiles = [
        {"id": number, "name": name, "email": email, "role": role, "created_at": midnight - timedelta(days=560)}
        for number, (name, email, role) in enumerate(vocab.PROFILES, start=1)
    ]
    profile_of = {row["email"]: row["id"] for row in profiles if row["role"] == "interviewer"}
    interviewers = [
        {"id": number, "name": name, "email": email, "organisation": organisation, "kind": kind, "time_zone": zone,
         "availability": availability, "active": True, "profile_id": profile_of.get(email)}
        for number, (name, email, organisation, kind, zone, availability) in enumerate(vocab.INTERVIEWERS, start=1)
    ]
    teams: list[Row] = [{"id": number, "key": team, "name": team.label} for number, team in enumerate(Team, start=1)]
    people = [(number, name, email) for number, team in enumerate(Team, start=1) for name, email in vocab.TEAM_RECIPIENTS[team.value]]
    recipients: list[Row] = [
        {"id": number, "team_id": team_id, "name": name, "email": email, "active": True}
        for number, (team_id, name, email) in enumerate(people, start=1)
    ]
    return [
        (_table(Profile), profiles),
        (_table(Interviewer), interviewers),
        (_table(TeamRecord), teams),
        (_table(Recipient), recipients),
    ]


def _close_day(rng: _Dice, today: date) -> date:
    """A close date in the window: recent months a little busier, few weekends, some month-end rush."""
    day = today - timedelta(days=1 + int((WINDOW_DAYS - 1) * rng.random() ** 1.15))  # closed by yesterday
    if day.weekday() >= 5 and rng.random() < 0.8:
        day -= timedelta(days=day.weekday() - 4)
    if rng.random() < 0.1:
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        day = month_end if month_end <= today else day
    return day


def _log_uniform(rng: _Dice, low: int, high: int) -> int:
    return int(low * math.exp(rng.random() * math.log(high / low)))


def _table(model: type[Base]) -> Table:
    """The Core table of a mapped class (every model here maps exactly one)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _slug(name: str) -> str:
    """A web domain's first label made from a name: lower-case letters and digits only."""
    return _NOT_ALNUM.sub("", name.lower())
