"""A question as the bank, bank files and the guide builder see it, independent of storage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviewer.enums import Outcome, Phase, Team

INTERVIEW_OUTCOMES: tuple[Outcome, ...] = (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)
"""The outcomes a question can fit: open deals are never interviewed."""

PLACEHOLDERS: tuple[str, ...] = ("company", "competitor", "product")
"""The names a question's text may hold in braces, filled from the deal when a guide is built."""

MIN_SECONDS, MAX_SECONDS = 10, 900
"""The range of a question's estimated (and planned) seconds; the schema checks the same."""

MIN_PRIORITY, MAX_PRIORITY = 1, 5
"""Priority 5 is the most important."""

MAX_TEXT, MAX_PURPOSE, MAX_PROBE, MAX_PROBES, MAX_TAG = 1000, 1000, 500, 10, 60
"""The longest question text, purpose, probe and tag, and the most probes, in characters and items."""

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
"""A question's stable key inside its bank: lower case letters, digits, '_', '.', '-'; at most 80."""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True)
class QuestionSpec:
    """One question of a bank, with everything the builder and a bank file need."""

    key: str
    text: str
    phase: Phase
    outcomes: frozenset[Outcome]
    seconds: int = 120
    priority: int = 3
    purpose: str = ""
    probes: tuple[str, ...] = ()
    teams: tuple[Team, ...] = ()
    tags: tuple[str, ...] = ()
    active: bool = True
    required: bool = False
    id: int | None = field(default=None, compare=False)
    """The database id when the spec was read from a bank in the database."""

    def fits(self, outcome: Outcome) -> bool:
        """Whether the question may be asked of a buyer whose deal ended with ``outcome``."""
        return outcome in self.outcomes

    @property
    def placeholders(self) -> frozenset[str]:
        """The placeholder names the text uses, e.g. ``{"competitor"}``."""
        return placeholders_in(self.text)


def placeholders_in(text: str) -> frozenset[str]:
    """The names written in braces in ``text`` (known or not)."""
    return frozenset(name.strip() for name in _PLACEHOLDER.findall(text))


def spec_problems(spec: QuestionSpec) -> list[str]:
    """What keeps ``spec`` from being saved, as sentences for the user (empty when it can be)."""
    problems = []
    if not KEY_PATTERN.match(spec.key):
        problems.append(
            "The key must start with a lower-case letter or digit and hold only lower-case letters, digits, "
            "'_', '.' or '-' (at most 80)."
        )
    if not spec.text.strip():
        problems.append("The question has no text.")
    unknown = sorted(spec.placeholders - set(PLACEHOLDERS))
    if unknown:
        names = ", ".join("{" + name + "}" for name in unknown)
        problems.append(f"Unknown placeholder {names}: use {{company}}, {{competitor}} or {{product}}.")
    if not spec.outcomes or not spec.outcomes <= set(INTERVIEW_OUTCOMES):
        problems.append("Choose the outcomes the question fits: won, lost or no decision.")
    if "{" in _PLACEHOLDER.sub("", spec.text) or "}" in _PLACEHOLDER.sub("", spec.text):
        problems.append("An unmatched '{' or '}': braces only surround placeholders.")
    problems += _length_problems(spec)
    if any(_CONTROL.search(value) for value in (spec.text, spec.purpose, *spec.probes, *spec.tags)):
        problems.append("Remove the invisible control characters (pasted from another program?).")
    if not MIN_SECONDS <= spec.seconds <= MAX_SECONDS:
        problems.append(f"The estimate must be between {MIN_SECONDS} and {MAX_SECONDS} seconds.")
    if not MIN_PRIORITY <= spec.priority <= MAX_PRIORITY:
        problems.append(f"The priority must be between {MIN_PRIORITY} and {MAX_PRIORITY}.")
    return problems


def _length_problems(spec: QuestionSpec) -> list[str]:
    problems = []
    if len(spec.text) > MAX_TEXT:
        problems.append(f"The question is {len(spec.text)} characters long; keep it under {MAX_TEXT}.")
    if len(spec.purpose) > MAX_PURPOSE:
        problems.append(f"The purpose is {len(spec.purpose)} characters long; keep it under {MAX_PURPOSE}.")
    if len(spec.probes) > MAX_PROBES or any(len(probe) > MAX_PROBE for probe in spec.probes):
        problems.append(f"Keep to {MAX_PROBES} probes of at most {MAX_PROBE} characters each.")
    if any(len(tag) > MAX_TAG for tag in spec.tags):
        problems.append(f"Keep each tag under {MAX_TAG} characters.")
    return problems
