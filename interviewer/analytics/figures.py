"""The program's figures from closed deals: win rates with their n, reasons, competitors, and the warnings.

Everything here is a pure function of ``DealFact`` rows, so figures are
checked by hand on small sets and computed the same way for the monthly review
report and the dashboard. Win rate is won ÷ (won + lost + no decision): a deal
that ended without a decision is a deal not won.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from interviewer.enums import Outcome, RepReason, named_competitor

EARLY_SIGNAL_N = 20
"""Below this many closed deals a figure is an early signal, not a finding."""

STOP_TARGETING_RATE = 0.15
"""A segment winning less than this share is a candidate to stop targeting."""

POSITIONING_SHARE = 0.30
"""A competitor present in at least this share of losses needs positioning work."""

CLOSED = (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)


@dataclass(frozen=True)
class DealFact:
    """What the figures need of one closed deal."""

    outcome: Outcome
    close_date: date | None
    segment: str | None = None
    competitor: str | None = None
    rep_team: str | None = None
    rep_reason: RepReason | None = None
    industry: str | None = None


@dataclass(frozen=True)
class Rate:
    """A share with the count it rests on: ``part`` of ``n``."""

    part: int
    n: int

    @property
    def value(self) -> float | None:
        return self.part / self.n if self.n else None

    @property
    def early_signal(self) -> bool:
        """Too few deals to call it a pattern."""
        return self.n < EARLY_SIGNAL_N

    def text(self) -> str:
        """``42% (n=118)``, or ``no deals`` when there are none."""
        return f"{self.value:.0%} (n={self.n})" if self.n else "no deals (n=0)"


@dataclass(frozen=True)
class Group:
    """A win rate for one group of deals (a segment, a competitor, a team, a month)."""

    label: str
    rate: Rate
    flagged: bool = False
    """Below the stop-targeting rate (segments), with enough deals to say so."""


@dataclass(frozen=True)
class ParetoBar:
    """One reason, how often it was given, and the running share of all reasons up to it."""

    label: str
    count: int
    cumulative: float


@dataclass(frozen=True)
class PeriodFigures:
    """The weekly/monthly figures of a set of closed deals."""

    closes: Counter[Outcome]
    win_rate: Rate
    top_win_reason: RepReason | None
    top_loss_reason: RepReason | None
    top_competitor: str | None
    """The competitor named in the most losses (None and Unknown are not competitors)."""

    @property
    def closed(self) -> int:
        return sum(self.closes[o] for o in CLOSED)


def closed_only(facts: Iterable[DealFact]) -> list[DealFact]:
    return [fact for fact in facts if fact.outcome in CLOSED]


def within(facts: Iterable[DealFact], start: date, end: date) -> list[DealFact]:
    """Closed deals with a close date from ``start`` to ``end``, both included."""
    return [f for f in facts if f.outcome in CLOSED and f.close_date is not None and start <= f.close_date <= end]


def win_rate(facts: Sequence[DealFact]) -> Rate:
    closed = closed_only(facts)
    return Rate(sum(f.outcome is Outcome.WON for f in closed), len(closed))


def period_figures(facts: Sequence[DealFact]) -> PeriodFigures:
    """Closes by outcome, win rate, top win and loss reasons, top competitor."""
    closed = closed_only(facts)
    return PeriodFigures(
        closes=Counter(f.outcome for f in closed),
        win_rate=win_rate(closed),
        top_win_reason=_top(f.rep_reason for f in closed if f.outcome is Outcome.WON),
        top_loss_reason=_top(f.rep_reason for f in closed if f.outcome is Outcome.LOST),
        top_competitor=_top(named_competitor(f.competitor) for f in closed if f.outcome is Outcome.LOST),
    )


def by_group(facts: Sequence[DealFact], key: Callable[[DealFact], str | None], *, flag_below: float | None = None,
             unknown: str = "Not recorded") -> list[Group]:
    """Win rate per group, the largest groups first; ``flag_below`` flags groups under it (with enough deals)."""
    won: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for fact in closed_only(facts):
        label = key(fact) or unknown
        total[label] += 1
        won[label] += fact.outcome is Outcome.WON
    return groups_from_counts(won, total, flag_below=flag_below)


def groups_from_counts(won: Mapping[str, int], total: Mapping[str, int], *, flag_below: float | None = None
                       ) -> list[Group]:
    """Groups from counts of won and of all closed deals per label, the largest first, flagged under ``flag_below``."""
    rows = []
    for label, n in total.items():
        if not n:
            continue
        rate = Rate(int(won.get(label, 0)), int(n))
        flagged = flag_below is not None and not rate.early_signal and (rate.value or 0.0) < flag_below
        rows.append(Group(label, rate, flagged))
    return sorted(rows, key=lambda g: (-g.rate.n, g.label))


def by_segment(facts: Sequence[DealFact]) -> list[Group]:
    """Win rate per segment; segments under 15% (on 20 deals or more) are flagged as candidates to stop targeting."""
    return by_group(facts, lambda f: f.segment, flag_below=STOP_TARGETING_RATE)


def by_competitor(facts: Sequence[DealFact]) -> list[Group]:
    """Win rate against each named competitor (deals where it was in the running)."""
    named = [f for f in facts if named_competitor(f.competitor)]
    return by_group(named, lambda f: named_competitor(f.competitor))


def by_month(facts: Sequence[DealFact]) -> list[Group]:
    """Win rate per calendar month (``2026-10``), oldest first."""
    groups = by_group([f for f in facts if f.close_date], lambda f: f"{f.close_date:%Y-%m}")  # type: ignore[str-format]
    return sorted(groups, key=lambda g: g.label)


def loss_share(facts: Sequence[DealFact]) -> list[Group]:
    """Each named competitor's share of all losses (``rate`` = losses to it of all losses), flagged at 30% or more."""
    losses = [f for f in closed_only(facts) if f.outcome is Outcome.LOST]
    counts = Counter(named_competitor(f.competitor) for f in losses)
    counts.pop(None, None)
    return shares_from_counts(counts, len(losses))  # type: ignore[arg-type]


def shares_from_counts(counts: Mapping[str, int], losses: int) -> list[Group]:
    """Groups of each competitor's losses out of all ``losses``, the largest first, flagged at 30% or more."""
    rows = [Group(name, Rate(int(count), losses), count / losses >= POSITIONING_SHARE)
            for name, count in counts.items() if count and losses]
    return sorted(rows, key=lambda g: (-g.rate.part, g.label))


def pareto(reasons: Iterable[RepReason | None]) -> list[ParetoBar]:
    """Reasons from the most to the least frequent, with the cumulative share (for a Pareto chart)."""
    return pareto_from_counts(Counter(r for r in reasons if r is not None))


def pareto_from_counts(counts: Mapping[RepReason, int]) -> list[ParetoBar]:
    """Pareto bars from how often each reason was given."""
    total = sum(counts.values())
    bars, running = [], 0
    order = list(RepReason)
    for reason, count in sorted(((r, c) for r, c in counts.items() if c), key=lambda i: (-i[1], order.index(i[0]))):
        running += count
        bars.append(ParetoBar(reason.label, int(count), running / total))
    return bars


def _top(values: Iterable[object]) -> object:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    best = max(counts.values())
    return min((v for v, c in counts.items() if c == best), key=str)  # ties: the first by name, so it is stable
