"""Sample adequacy: how likely a set of interviews was to have heard an issue that affects a share of buyers.

The chance of hearing an issue at least once in n interviews, when it affects a
share p of the buyers, is 1 − (1 − p)ⁿ. ``ASSUMPTION`` says in one sentence what
that rests on; the dashboard and the review show it beside the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.enums import Outcome

ADEQUACY_SHARES = (0.10, 0.20, 0.30)

ASSUMPTION = (
    "These chances assume the buyers interviewed were picked at random and independently of one another, and "
    "that every affected buyer raises the issue; our interviews are picked by criteria, not at random, so an "
    "issue concentrated in the deals those criteria favour is heard more often than this, and one concentrated "
    "in the deals they pass over less often."
)
"""What 1 − (1 − p)ⁿ assumes, and why interviews picked by criteria may hear an issue more or less often."""


@dataclass(frozen=True)
class Adequacy:
    """How likely the interviews of one outcome were to have heard an issue that affects a share of its buyers."""

    outcome: Outcome
    interviews: int
    chances: tuple[tuple[float, float], ...]
    """(share of buyers affected, chance of having heard it at least once) = (p, 1 − (1 − p)ⁿ)."""

    @property
    def text(self) -> str:
        """"With 12 lost interviews, an issue affecting 10% of those buyers was heard at least once with a 72%
        chance (20%: 93%; 30%: 99%).", or what no interview means."""
        kind = self.outcome.label.lower().replace(" ", "-")  # "no-decision interviews"
        if not self.interviews:
            return f"No interview of a {kind} deal was wrapped up: no issue of those buyers could be heard yet."
        noun = "interview" if self.interviews == 1 else "interviews"
        (share, chance), *rest = self.chances
        others = "; ".join(f"{s:.0%}: {c:.0%}" for s, c in rest)
        return (f"With {self.interviews} {kind} {noun}, an issue affecting {share:.0%} of those buyers was heard "
                f"at least once with a {chance:.0%} chance ({others}).")


def adequacy(interviews: int, outcome: Outcome) -> Adequacy:
    """The chance of having heard, at least once in ``interviews``, an issue affecting 10%, 20% or 30% of buyers."""
    return Adequacy(outcome, interviews, tuple((p, 1 - (1 - p) ** interviews) for p in ADEQUACY_SHARES))
