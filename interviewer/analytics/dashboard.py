"""The dashboard's figures for a period, segment and competitor, each with its n, and the weekly summary.

Deal figures are counts over a ``Snapshot`` (numpy), so a refresh over 100,000
deals takes milliseconds once the snapshot is read; interview figures (funnel,
participation, reason mismatch, sample adequacy) come from one small query.
Rules, at their boundaries: a figure on fewer than 20 deals is an early
signal; a segment winning under 15% over the 90 days to the period's end (on
20 deals or more) is a candidate to stop targeting; a competitor in 30% or more
of the period's losses needs positioning work. Won and lost amounts are summed
per currency and converted only at the rates given (``money``).
Denominators say what they count: participation is completed ÷ (completed +
declined + no answer after the last reminder), with calls booked ahead and
pending invitations listed apart; "Eligible" is the deals meeting the approved
criteria's deal rules; each chart counts the deals it cannot show and why, and
the trend names the months the period covers only in part. No decision counts
as not won in the win rate (``NO_DECISION_RULE``) and has its own reasons.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.analytics.adequacy import Adequacy, adequacy
from interviewer.analytics.figures import (
    Group,
    ParetoBar,
    Rate,
    groups_from_counts,
    pareto_from_counts,
    shares_from_counts,
)
from interviewer.analytics.money import RateTable, Total, total
from interviewer.analytics.participation import Participation, participation
from interviewer.analytics.snapshot import (
    LOST,
    NO_DECISION,
    NONE,
    OUTCOMES,
    REASONS,
    WON,
    Codes,
    Snapshot,
)
from interviewer.enums import (
    ActionStatus,
    CandidateStatus,
    InterviewStatus,
    Outcome,
    ReportKind,
    RepReason,
)
from interviewer.criteria.review import latest_approved
from interviewer.models import Action, Candidate, Deal, Interview, Report
from interviewer.selection.rules import DealRule, deal_rules

SEGMENT_DAYS = 90
DUE_SOON_DAYS = 14
REASON_CHARTS = {"win_reasons": WON, "loss_reasons": LOST, "no_decision_reasons": NO_DECISION}
"""The reason charts and the outcome (snapshot code) each covers."""


@dataclass(frozen=True)
class Filters:
    """What the dashboard looks at: deals closed from ``start`` to ``end``, optionally one segment or competitor."""

    start: date
    end: date
    segment: str | None = None
    competitor: str | None = None


@dataclass(frozen=True)
class LeftOut:
    """Rows of the period a chart does not show: how many, and why (``why`` completes "N deals …")."""

    count: int
    why: str

    @property
    def text(self) -> str:
        """"37 deals with no rep team are not shown."."""
        noun = "deal" if self.count == 1 else "deals"
        verb = "is" if self.count == 1 else "are"
        return f"{self.count:,} {noun} {self.why} {verb} not shown."


@dataclass(frozen=True)
class PartialMonth:
    """A month of the trend that the period covers only in part, from ``first`` to ``last``."""

    label: str
    first: date
    last: date

    @property
    def text(self) -> str:
        """"partial: 3–31 Dec"."""
        return f"partial: {self.first.day}–{self.last.day} {self.first:%b}"


NO_DECISION_RULE = ("No decision counts as not won: win rate = won ÷ every closed deal (won, lost and no decision); "
                    "its reasons are charted on their own.")
"""How the win rate counts no-decision deals, shown on the dashboard as visible text."""


@dataclass(frozen=True)
class ActionDue:
    id: int
    text: str
    owner: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    closes: dict[Outcome, int]
    win_rate: Rate
    top_win_reason: str | None
    top_loss_reason: str | None
    top_competitor: str | None
    trend: tuple[Group, ...]
    segments: tuple[Group, ...]
    competitors: tuple[Group, ...]
    teams: tuple[Group, ...]
    win_reasons: tuple[ParetoBar, ...]
    loss_reasons: tuple[ParetoBar, ...]
    no_decision_reasons: tuple[ParetoBar, ...]
    loss_share: tuple[Group, ...]
    left_out: dict[str, LeftOut]
    """Per chart key (as ``deals_behind`` names them), the period's deals it does not show; absent when none."""
    partial_months: dict[str, PartialMonth]
    """Per trend month label, when the period covers only part of that month."""
    mismatch: Rate
    """Interviews whose buyer's primary reason differs from the rep's, of those with both."""
    funnel: tuple[tuple[str, int], ...]
    eligible_by: str | None
    """The approved criteria the funnel's "Eligible" step applies (“Name” vN); None, and no such step, without."""
    participation: Participation
    median_days_to_interview: float | None
    days_n: int
    """How many completed interviews (with a date) the median rests on."""
    adequacy: tuple[Adequacy, ...]
    actions: tuple[ActionDue, ...]
    won_amount: Total
    """The won deals' amounts in the reporting currency, with the rates used and the currencies kept apart."""
    lost_amount: Total

    @property
    def warnings(self) -> tuple[str, ...]:
        """The flags in words: segments to stop targeting, competitors needing positioning work."""
        words = [f"{g.label}: {g.rate.text()} over {SEGMENT_DAYS} days — candidate to stop targeting"
                 for g in self.segments if g.flagged]
        words += [f"{g.label}: in {g.rate.value:.0%} of losses (n={g.rate.n}) — needs positioning work"
                  for g in self.loss_share if g.flagged]
        return tuple(words)


def dashboard(session: Session, snapshot: Snapshot, filters: Filters, *, today: date,
              rates: RateTable = RateTable()) -> Dashboard:
    """Every figure of the dashboard for ``filters``, judged as of ``today``; amounts converted at ``rates``."""
    keep = snapshot.mask(filters.start, filters.end, filters.segment, filters.competitor)
    recent = snapshot.mask(filters.end - timedelta(days=SEGMENT_DAYS - 1), filters.end, None, filters.competitor)
    outcome = snapshot.outcome
    won, lost, undecided = keep & (outcome == WON), keep & (outcome == LOST), keep & (outcome == NO_DECISION)
    closes = {o: int(np.count_nonzero(keep & (outcome == code))) for code, o in enumerate(OUTCOMES)}
    win_reasons = _pareto(snapshot.reason[won])
    loss_reasons = _pareto(snapshot.reason[lost])
    no_decision_reasons = _pareto(snapshot.reason[undecided])
    shares = _shares(snapshot.competitor, lost)
    trend = _by_month(snapshot, keep)
    interviews = _interview_rows(session, snapshot, keep)
    eligible = eligible_deals(session, snapshot, keep, filters.end)
    return Dashboard(
        filters=filters, closes=closes, win_rate=Rate(int(won.sum()), int(keep.sum())),
        top_win_reason=win_reasons[0].label if win_reasons else None,
        top_loss_reason=loss_reasons[0].label if loss_reasons else None,
        top_competitor=shares[0].label if shares else None,
        trend=tuple(trend),
        segments=tuple(_groups(snapshot.segment, recent, outcome, flag_below=0.15)),
        competitors=tuple(_groups(snapshot.competitor, keep, outcome)),
        teams=tuple(_groups(snapshot.team, keep, outcome)),
        win_reasons=tuple(win_reasons), loss_reasons=tuple(loss_reasons),
        no_decision_reasons=tuple(no_decision_reasons), loss_share=tuple(shares),
        left_out=_left_out(snapshot, keep, recent), partial_months=_partial_months(trend, filters),
        mismatch=_mismatch(interviews), funnel=_funnel(session, snapshot, keep, interviews, eligible),
        eligible_by=eligible[0] if eligible else None,
        participation=participation([(i.status, i.call_day) for i in interviews], today),
        median_days_to_interview=_median_days(interviews),
        days_n=sum(i.days_to_interview is not None for i in interviews),
        adequacy=tuple(_adequacy(interviews)), actions=tuple(actions_due(session, today)),
        won_amount=_amount(snapshot, won, rates), lost_amount=_amount(snapshot, lost, rates),
    )


def deals_behind(snapshot: Snapshot, filters: Filters, chart: str, label: str) -> list[int]:
    """The ids of the deals a bar stands for: ``chart`` is segments, competitors, teams, months, win_reasons,
    loss_reasons, no_decision_reasons or loss_share, and ``label`` the bar's label."""
    keep = snapshot.mask(filters.start, filters.end, filters.segment, filters.competitor)
    if chart == "segments":
        keep = snapshot.mask(filters.end - timedelta(days=SEGMENT_DAYS - 1), filters.end, None, filters.competitor)
        keep &= snapshot.segment.codes == snapshot.segment.code_of(label)
    elif chart in ("competitors", "loss_share"):
        keep &= snapshot.competitor.codes == snapshot.competitor.code_of(label)
        if chart == "loss_share":
            keep &= snapshot.outcome == LOST
    elif chart == "teams":
        keep &= snapshot.team.codes == snapshot.team.code_of(label)
    elif chart == "months":
        first = date(int(label[:4]), int(label[5:7]), 1)
        keep &= (snapshot.day >= first.toordinal()) & (snapshot.day < _month_after(first).toordinal())
    elif chart in REASON_CHARTS:
        code = next((i for i, reason in enumerate(REASONS) if reason.label == label), NONE)
        keep &= (snapshot.reason == code) & (snapshot.outcome == REASON_CHARTS[chart])
    else:
        raise ValueError(f"no chart called {chart!r}")
    return [int(i) for i in snapshot.ids[keep]]


def weekly_summary(snapshot: Snapshot, week_end: date) -> tuple[str, str, str]:
    """The week's five figures as three bullets to paste into chat or email."""
    start = week_end - timedelta(days=6)
    keep = snapshot.mask(start, week_end)
    outcome = snapshot.outcome
    won, lost = keep & (outcome == WON), keep & (outcome == LOST)
    rate = Rate(int(won.sum()), int(keep.sum()))
    wins, losses = _pareto(snapshot.reason[won]), _pareto(snapshot.reason[lost])
    rivals = _shares(snapshot.competitor, lost)
    counts = [int(np.count_nonzero(keep & (outcome == code))) for code in range(3)]
    early = " (early signal: fewer than 20 deals)" if rate.early_signal else ""
    return (
        f"Week of {start:%d %b} – {week_end:%d %b %Y}: {rate.n} deals closed — {counts[0]} won, {counts[1]} lost, "
        f"{counts[2]} no decision.",
        f"Win rate {rate.text()}{early}.",
        f"Top win reason: {wins[0].label if wins else 'none recorded'}; top loss reason: "
        f"{losses[0].label if losses else 'none recorded'}; "
        f"top competitor: {rivals[0].label if rivals else 'none named'}.",
    )


def actions_due(session: Session, today: date) -> list[ActionDue]:
    """Open actions past their due date or due within two weeks, the most overdue first."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = session.execute(
        select(Action.id, Action.text, Action.owner, Action.due_on)
        .where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)), Action.due_on <= soon)
        .order_by(Action.due_on, Action.id)
    ).all()  # fmt: skip
    return [ActionDue(r.id, r.text, r.owner, r.due_on, r.due_on < today) for r in rows]


# -- counting ----------------------------------------------------------------------------------------


def _groups(column: Codes, keep: np.ndarray, outcome: np.ndarray, *, flag_below: float | None = None) -> list[Group]:
    codes = column.codes[keep]
    present = codes != NONE
    size = len(column.labels)
    total = np.bincount(codes[present], minlength=size)
    won = np.bincount(codes[present & (outcome[keep] == WON)], minlength=size)
    labels = column.labels
    return groups_from_counts({labels[i]: int(won[i]) for i in range(size)},
                              {labels[i]: int(total[i]) for i in range(size)}, flag_below=flag_below)


def _pareto(reasons: np.ndarray) -> list[ParetoBar]:
    counts = np.bincount(reasons[reasons != NONE], minlength=len(REASONS))
    return pareto_from_counts({REASONS[i]: int(c) for i, c in enumerate(counts)})


def _shares(column: Codes, lost: np.ndarray) -> list[Group]:
    codes = column.codes[lost]
    counts = np.bincount(codes[codes != NONE], minlength=len(column.labels))
    return shares_from_counts({column.labels[i]: int(c) for i, c in enumerate(counts)}, int(lost.sum()))


def _by_month(snapshot: Snapshot, keep: np.ndarray) -> list[Group]:
    dated = keep & (snapshot.day != NONE)
    days = snapshot.day[dated]
    won = snapshot.outcome[dated] == WON
    if days.size == 0:
        return []
    distinct, index = np.unique(days, return_inverse=True)  # each distinct day named once, then spread back
    keys = np.array([_month_key(int(d)) for d in distinct])[index]
    labels, inverse = np.unique(keys, return_inverse=True)
    total = np.bincount(inverse)
    wins = np.bincount(inverse[won], minlength=labels.size)
    return [Group(str(label), Rate(int(w), int(t))) for label, w, t in zip(labels, wins, total)]


def _left_out(snapshot: Snapshot, keep: np.ndarray, recent: np.ndarray) -> dict[str, LeftOut]:
    """Per chart, the period's deals it leaves out for want of the value it groups by."""
    outcome = snapshot.outcome
    missing = {
        "segments": (recent & (snapshot.segment.codes == NONE), "of the last 90 days with no segment"),
        "competitors": (keep & (snapshot.competitor.codes == NONE), "with no named competitor"),
        "teams": (keep & (snapshot.team.codes == NONE), "with no rep team"),
        "win_reasons": (keep & (outcome == WON) & (snapshot.reason == NONE), "won with no reason recorded"),
        "loss_reasons": (keep & (outcome == LOST) & (snapshot.reason == NONE), "lost with no reason recorded"),
        "no_decision_reasons": (keep & (outcome == NO_DECISION) & (snapshot.reason == NONE),
                                "ending in no decision with no reason recorded"),
        "loss_share": (keep & (outcome == LOST) & (snapshot.competitor.codes == NONE),
                       "lost with no named competitor"),
    }  # fmt: skip
    counts = {chart: (int(np.count_nonzero(rows)), why) for chart, (rows, why) in missing.items()}
    return {chart: LeftOut(count, why) for chart, (count, why) in counts.items() if count}


def _partial_months(trend: list[Group], filters: Filters) -> dict[str, PartialMonth]:
    """The trend's first and last months when the period starts after the 1st or ends before the month's end."""
    found = {}
    for group in trend:
        first = date(int(group.label[:4]), int(group.label[5:7]), 1)
        last = _month_after(first) - timedelta(days=1)
        start, end = max(first, filters.start), min(last, filters.end)
        if (start, end) != (first, last):
            found[group.label] = PartialMonth(group.label, start, end)
    return found


def _month_after(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _amount(snapshot: Snapshot, keep: np.ndarray, rates: RateTable) -> Total:
    sums, deals = snapshot.amounts(keep)
    return total(sums, rates, deals)


def _month_key(ordinal: int) -> str:
    day = date.fromordinal(ordinal)
    return f"{day.year:04d}-{day.month:02d}"


# -- interviews --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Interview:
    id: int
    deal_id: int
    status: InterviewStatus
    outcome: Outcome
    rep_reason: RepReason | None
    buyer_reason: RepReason | None
    days_to_interview: int | None
    reported: bool
    candidate: CandidateStatus | None
    call_day: date | None
    """The day the call is (or was) booked for, in UTC."""


def _interview_rows(session: Session, snapshot: Snapshot, keep: np.ndarray) -> list[_Interview]:
    """The interviews about the kept deals."""
    kept = set(snapshot.ids[keep].tolist())
    reported = set(session.scalars(select(Report.interview_id).where(Report.kind == ReportKind.INTERVIEW)))
    digests = session.execute(select(Report.period_start, Report.period_end)
                              .where(Report.kind == ReportKind.TEAM_DIGEST)).all()
    rows = session.execute(
        select(Interview.id, Interview.deal_id, Interview.status, Deal.outcome, Deal.rep_reason, Interview.buyer_reason,
               Interview.scheduled_start, Deal.close_date, Interview.wrapped_up_at, Candidate.status)
        .join(Deal, Deal.id == Interview.deal_id).outerjoin(Candidate, Candidate.id == Interview.candidate_id)
    ).all()  # fmt: skip
    found = []
    for (iid, deal_id, status, outcome, rep, buyer, start, closed, wrapped, candidate) in rows:
        if deal_id not in kept:
            continue
        call_day = start.astimezone(UTC).date() if start is not None else None
        days = (call_day - closed).days if call_day is not None and closed is not None else None
        found.append(_Interview(iid, deal_id, status, outcome, rep, buyer,
                                days if status is InterviewStatus.COMPLETED else None,
                                iid in reported or _in_digest(wrapped, digests), candidate, call_day))
    return found


def _in_digest(wrapped: object, digests: list) -> bool:  # type: ignore[type-arg]
    """Whether a wrap-up falls in a period some team digest covered (its takeaways went out)."""
    if wrapped is None:
        return False
    day = wrapped.astimezone(UTC).date()  # type: ignore[attr-defined]
    return any(start is not None and end is not None and start <= day <= end for start, end in digests)


def _mismatch(interviews: list[_Interview]) -> Rate:
    both = [i for i in interviews if i.rep_reason is not None and i.buyer_reason is not None]
    return Rate(sum(i.rep_reason != i.buyer_reason for i in both), len(both))


def _median_days(interviews: list[_Interview]) -> float | None:
    days = [i.days_to_interview for i in interviews if i.days_to_interview is not None]
    return float(statistics.median(days)) if days else None


def _adequacy(interviews: list[_Interview]) -> list[Adequacy]:
    completed = [i for i in interviews if i.status is InterviewStatus.COMPLETED]
    return [adequacy(sum(i.outcome is o for i in completed), o)
            for o in (Outcome.LOST, Outcome.WON, Outcome.NO_DECISION)]


def _funnel(session: Session, snapshot: Snapshot, keep: np.ndarray, interviews: list[_Interview],
            eligible: tuple[str, np.ndarray] | None) -> tuple[tuple[str, int], ...]:
    """Closed → eligible → selected → invited → scheduled → completed → reported, for the kept deals.

    Eligible: the kept deals passing the deal rules of the latest approved criteria (``eligible_deals``); the step
    is left out when no criteria are approved."""
    kept = set(snapshot.ids[keep].tolist())
    candidates = session.execute(select(Candidate.deal_id, Candidate.status)).all()
    selected = {deal for deal, status in candidates if deal in kept and status is CandidateStatus.ACCEPTED}
    selected |= {i.deal_id for i in interviews}
    invited = [i for i in interviews if i.status not in (InterviewStatus.TO_CONTACT,)]
    scheduled = [i for i in interviews if i.status in (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED,
                                                       InterviewStatus.NO_SHOW)]
    completed = [i for i in interviews if i.status is InterviewStatus.COMPLETED]
    meeting = () if eligible is None else (("Eligible", int(eligible[1].sum())),)
    return (
        ("Closed", int(keep.sum())), *meeting, ("Selected", len(selected)),
        ("Invited", len(invited)), ("Scheduled", len(scheduled)), ("Completed", len(completed)),
        ("Reported", sum(i.reported for i in completed)),
    )


def eligible_deals(session: Session, snapshot: Snapshot, keep: np.ndarray, end: date
                   ) -> tuple[str, np.ndarray] | None:
    """The latest approved criteria's name and which kept deals pass its deal rules (outcomes, amount, segments,
    industries, regions, company size), as of ``end``; None when no criteria are approved.

    The rules are the selection's own (``deal_rules``), each judged once per distinct value. Freshness is judged at
    each deal's close (every deal was fresh when it closed), so a long period is not cut to its last weeks; the
    contact rules are judged when deals are picked and are not applied here."""
    approved = latest_approved(session)
    if approved is None:
        return None
    definition = replace(approved.definition, freshness_days=approved.definition.window_days)
    passing = keep.copy()
    for rule in deal_rules(definition, end):
        passing &= _passes(snapshot, rule)
    return f"“{approved.name}” v{approved.version}", passing


def _passes(snapshot: Snapshot, rule: DealRule) -> np.ndarray:
    """Which deals pass ``rule``, its test run once per distinct value (in the values the selection reads)."""
    if rule.column in ("segment", "industry", "region"):
        column: Codes = getattr(snapshot, rule.column)
        table = np.array([rule.passes(label) for label in column.labels] + [rule.passes(None)], dtype=bool)
        return table[column.codes]  # NONE (-1) picks the last entry: the test of a missing value
    if rule.column == "outcome":
        return np.array([rule.passes(o.value) for o in OUTCOMES], dtype=bool)[snapshot.outcome]
    values, read = {"closed": (snapshot.day, int), "amount": (snapshot.cents, lambda c: c / 100),
                    "employees": (snapshot.employees, int)}[rule.column]
    distinct, inverse = np.unique(values, return_inverse=True)
    table = np.array([rule.passes(None if v == NONE else read(int(v))) for v in distinct], dtype=bool)
    return table[inverse]
