"""The review's figures in words, each with its n and the early-signal word when it rests on too few deals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from interviewer.analytics.figures import EARLY_SIGNAL_N, Group, ParetoBar, Rate
from interviewer.enums import Outcome, RepReason
from ui.format import format_date
from ui.review.model import Row

if TYPE_CHECKING:
    from interviewer.analytics.actions import ActionView
    from interviewer.analytics.figures import PeriodFigures
    from interviewer.analytics.reasons import OutcomeReasons, Reasons

EARLY = "early signal"
EARLY_TIP = f"Fewer than {EARLY_SIGNAL_N} deals: an early signal, not a finding"
FEWEST, MOST = 3, 5
ACTIONS_HINT = "3–5 actions keep a review actionable"
WHY_SHOWN = 2
"""Reasons named per side in the data panel (the report has them all)."""


def rate_words(rate: Rate) -> str:
    """``27% (n=86)``, with ``· early signal`` below 20 deals."""
    return f"{rate.text()} · {EARLY}" if rate.early_signal else rate.text()


def closes_words(figures: PeriodFigures) -> str:
    counts = figures.closes
    return (f"{figures.closed} closed: {counts[Outcome.WON]} won, {counts[Outcome.LOST]} lost, "
            f"{counts[Outcome.NO_DECISION]} no decision")


def reason_words(reason: RepReason | None, bars: Sequence[ParetoBar], outcome: str, n: int) -> str:
    """The top reason and how many of the outcome's deals gave it: ``Product fit — 9 of 23 wins``."""
    if reason is None:
        return f"none recorded (n={n})"
    count = next((bar.count for bar in bars if bar.label == reason.label), 0)
    signal = f" · {EARLY}" if n < EARLY_SIGNAL_N else ""
    return f"{reason.label} — {count} of {n} {outcome}{signal}"


def competitor_words(figures: PeriodFigures, shares: Sequence[Group]) -> str:
    """The competitor named in the most losses: ``Brightfold — in 7 of 39 losses (18%)``."""
    losses = figures.closes[Outcome.LOST]
    share = next((g for g in shares if g.label == figures.top_competitor), None)
    if figures.top_competitor is None or share is None:
        return f"none named (n={losses} losses)"
    signal = f" · {EARLY}" if share.rate.early_signal else ""
    flag = " · positioning work" if share.flagged else ""
    return f"{share.label} — in {share.rate.part} of {losses} losses ({share.rate.value:.0%}){flag}{signal}"


def segment_rows(groups: Sequence[Group]) -> list[Row]:
    """Segment, win rate over 90 days with n, and the flag in words."""
    return [Row((g.label, g.rate.text(), _segment_flag(g)), tips={2: _segment_tip(g)}) for g in groups]


def _segment_flag(group: Group) -> str:
    if group.flagged:
        return "Stop targeting? Under 15%"
    return EARLY.capitalize() if group.rate.early_signal else ""


def _segment_tip(group: Group) -> str:
    if group.flagged:
        return "Won less than 15% over the last 90 days: a candidate to stop targeting"
    return EARLY_TIP if group.rate.early_signal else "Enough deals to call it"


def competitor_rows(competitors: Sequence[Group], shares: Sequence[Group]) -> list[Row]:
    """Competitor, our win rate against it, its share of our losses, and the flag in words."""
    share_of = {g.label: g for g in shares}
    rows = []
    for group in competitors:
        share = share_of.get(group.label)
        share_text = f"{share.rate.value:.0%} ({share.rate.part} of {share.rate.n})" if share else "—"
        flag = "Positioning work" if share and share.flagged else (EARLY.capitalize() if group.rate.early_signal
                                                                  else "")
        tip = ("In 30% or more of this month's losses: competitive positioning work is due" if share and share.flagged
               else EARLY_TIP if group.rate.early_signal else "Enough deals to call it")
        rows.append(Row((group.label, group.rate.text(), share_text, flag), tips={3: tip}))
    return rows


def due_words(action: ActionView, today: date) -> str:
    """The due date, with ``· overdue`` once it has passed with the action still open or in progress."""
    due = format_date(action.due_on)
    if action.overdue(today):
        return f"{due} · overdue"
    if action.due_on == today and action.overdue(today + timedelta(days=1)):  # still open on its last day
        return f"{due} · due today"
    return due


FOLLOWED_TIP = "Agreed at an earlier review and due by the end of this month: follow it up here."


def action_rows(actions: Sequence[ActionView], today: date, followed: Sequence[ActionView] = ()) -> list[Row]:
    """The actions with their figure before and after (the verdict flags early signals); earlier reviews' actions
    due this month follow, marked "↩"."""
    rows = [Row((a.text, a.owner, a.team.label, due_words(a, today), a.status.label, a.metric.label, a.verdict),
                id=a.id, tips={6: a.verdict}) for a in actions]
    rows += [Row((f"↩ {a.text}", a.owner, a.team.label, due_words(a, today), a.status.label, a.metric.label,
                  a.verdict), id=a.id, tips={0: FOLLOWED_TIP, 6: a.verdict}) for a in followed]
    return rows


def count_hint(count: int) -> str:
    """Empty within 3–5 actions; otherwise the reason to add or drop some."""
    if FEWEST <= count <= MOST:
        return ""
    if count < FEWEST:
        more = FEWEST - count
        return f"{ACTIONS_HINT}: agree {more} more, each with a named owner and a figure to move."
    return f"{ACTIONS_HINT}: {count} is more than a team can follow up — drop or merge some."


def why_words(reasons: OutcomeReasons) -> str:
    """Buyers' primary reasons first, then the reps': ``Buyers (2 interviews): Product fit 1, Price advantage 1 ·
    reps (95 deals with a reason): Lost to competitor 41, Price advantage 28``."""
    def top(bars: Sequence[ParetoBar]) -> str:
        return ", ".join(f"{bar.label} {bar.count}" for bar in bars[:WHY_SHOWN]) or "none given"

    rep_n = sum(bar.count for bar in reasons.rep)
    buyers = (f"buyers ({reasons.interviews} interview{'' if reasons.interviews == 1 else 's'}): "
              f"{top(reasons.buyer_primary)}" if reasons.interviews else "no buyer interviewed yet")
    return f"{buyers[0].upper()}{buyers[1:]} · reps ({rep_n} of {reasons.deals} deals): {top(reasons.rep)}"


def mismatch_words(reasons: Reasons) -> str:
    """``Buyer and rep differ in 9 of 15 interviews (60%) · early signal``."""
    rate = reasons.mismatch
    if not rate.n:
        return "No interview with both the buyer's and the rep's reason (n=0)"
    signal = f" · {EARLY}" if rate.early_signal else ""
    return f"Buyer and rep differ in {rate.part} of {rate.n} interviews ({rate.value:.0%}){signal}"
