"""Candidate selection: an approved criteria set applied the same way to every closed deal.

rules.py turns a definition into ordered rules with their words; snapshot.py
holds the program's deals and contacts in memory, read once per database and
kept current by freshness.py; pool.py applies the rules to it; funnel.py
counts what each rule costs; scoring.py scores and explains; quotas.py fills each outcome's quota within
the caps (min-cost flow); proposals.py puts them together in ``select``;
candidates.py stores proposals and the owner's accept / skip decisions;
coverage.py compares closed, eligible and selected deals (the guard against
cherry-picking).
"""

from interviewer.selection.coverage import CoverageRow, coverage
from interviewer.selection.funnel import FunnelStep, funnel
from interviewer.selection.proposals import Proposal, Selection, ShortfallLine, select

__all__ = ["CoverageRow", "FunnelStep", "Proposal", "Selection", "ShortfallLine", "coverage", "funnel", "select"]
