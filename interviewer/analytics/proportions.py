"""Is a change in a win rate more than chance? The two-proportion z-test, in words a review can print.

An action's baseline and its result are two win rates over different deals.
Their difference is tested with the pooled two-proportion z-test: under "no
real change" both rest on one rate p = (x₁ + x₂) ÷ (n₁ + n₂), the difference
has standard error √(p(1−p)(1/n₁ + 1/n₂)), and z is the difference over that
error; the two-sided p-value is erfc(|z| ÷ √2). The normal approximation needs
enough deals on each side, so under ``MIN_PER_SIDE`` deals a side the change is
shown but not tested: "not enough data".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from interviewer.analytics.figures import Rate

MIN_PER_SIDE = 20
"""Fewer closed deals than this on either side: the change is not tested."""
SIGNIFICANCE = 0.05
"""A p-value under this is called a real change (5% chance of calling chance real)."""


@dataclass(frozen=True)
class Change:
    """A win rate's move from ``before`` to ``after``, and whether it could be chance."""

    before: Rate
    after: Rate
    z: float | None
    """None when either side has fewer than ``MIN_PER_SIDE`` deals."""
    p_value: float | None

    @property
    def points(self) -> float:
        """The difference in percentage points (after − before)."""
        return ((self.after.value or 0.0) - (self.before.value or 0.0)) * 100

    @property
    def tested(self) -> bool:
        return self.p_value is not None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE

    def points_text(self) -> str:
        """``+12 points``, ``−3 points``, ``no change``."""
        rounded = round(self.points)
        if rounded == 0:
            return "no change"
        return f"{'+' if rounded > 0 else '−'}{abs(rounded)} point{'' if abs(rounded) == 1 else 's'}"

    def test_text(self) -> str:
        """What the test says, with the p-value or why there is none."""
        if self.p_value is None:
            return f"not enough data to test (fewer than {MIN_PER_SIDE} deals a side)"
        if self.p_value < 0.001:
            p = "p < 0.001"
        elif self.p_value < 0.01:
            p = f"p = {self.p_value:.3f}"
        else:
            p = f"p = {self.p_value:.2f}" if self.p_value < 0.995 else "p = 1"
        verdict = "unlikely to be chance" if self.significant else "could be chance"
        return f"{p}, {verdict}"

    def text(self) -> str:
        """``+12 points (p = 0.03, unlikely to be chance)``."""
        return f"{self.points_text()} ({self.test_text()})"


def change(before: Rate, after: Rate) -> Change:
    """Test the difference between two win rates with the pooled two-proportion z-test."""
    if before.n < MIN_PER_SIDE or after.n < MIN_PER_SIDE:
        return Change(before, after, None, None)
    pooled = (before.part + after.part) / (before.n + after.n)
    error = math.sqrt(pooled * (1 - pooled) * (1 / before.n + 1 / after.n))
    if error == 0:  # every deal won, or none, on both sides: nothing moved
        return Change(before, after, 0.0, 1.0)
    z = ((after.value or 0.0) - (before.value or 0.0)) / error
    return Change(before, after, z, math.erfc(abs(z) / math.sqrt(2)))
