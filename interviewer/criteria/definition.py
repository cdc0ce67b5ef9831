"""The definition of a criteria set: which closed deals and which contacts may be interviewed.

A definition is a frozen dataclass, stored as JSON in ``CriteriaSet.definition``
(``to_json`` / ``from_json``). ``from_json`` accepts what ``to_json`` wrote and
reports every problem of a hand-edited or older document at once.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from interviewer.enums import Authority, Outcome

PERSONAL_EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
    "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.ru",
)  # fmt: skip
"""Domains of personal mailboxes: a buyer reached there is not reached at work."""


class DefinitionError(ValueError):
    """A definition document that cannot be used; ``problems`` lists each one in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AuthorityRule:
    """Titles containing ``words`` (any of them, whole words, any case) mean ``authority``; the first matching rule wins."""

    words: tuple[str, ...]
    authority: Authority


DEFAULT_AUTHORITY_RULES: tuple[AuthorityRule, ...] = (
    AuthorityRule(("procurement", "purchasing", "buyer", "sourcing", "vendor management"), Authority.PROCUREMENT),
    AuthorityRule(("executive assistant", "assistant to", "intern", "student"), Authority.USER),
    AuthorityRule(("product owner",), Authority.INFLUENCER),
    AuthorityRule(("chief", "ceo", "cfo", "cto", "coo", "cio", "cmo", "cro", "ciso", "president", "founder", "owner",
                   "partner", "vp", "svp", "evp", "vice president", "head", "director", "general manager"),
                  Authority.DECISION_MAKER),  # fmt: skip
    AuthorityRule(("manager", "lead", "principal", "architect", "controller", "superintendent", "supervisor"),
                  Authority.INFLUENCER),
    AuthorityRule(("analyst", "specialist", "engineer", "developer", "coordinator", "associate", "administrator",
                   "consultant", "assistant", "officer", "representative", "technician", "accountant"), Authority.USER),
)
"""Procurement first (a "Procurement Director" buys, they do not decide); then titles whose senior words
mislead ("Executive Assistant to the CEO", "Product Owner"); then rank from the top down."""


@dataclass(frozen=True)
class Quotas:
    """How many candidates of each outcome to propose, and how to balance them."""

    won: int = 4
    lost: int = 6
    no_decision: int = 2
    losses_first: bool = True
    """List (and fill) lost deals first: reviewing losses surfaces patterns fastest."""
    max_per_segment: int | None = None
    """At most this many candidates of one outcome from one segment (None: no limit)."""
    max_per_competitor: int | None = None
    """At most this many candidates of one outcome against one competitor (None: no limit)."""

    def for_outcome(self, outcome: Outcome) -> int:
        return {Outcome.WON: self.won, Outcome.LOST: self.lost, Outcome.NO_DECISION: self.no_decision}.get(outcome, 0)


@dataclass(frozen=True)
class Weights:
    """How much each quality counts in a candidate's score (any non-negative numbers; they are normalised)."""

    freshness: float = 0.4
    deal_size: float = 0.25
    authority: float = 0.2
    competitor: float = 0.15


@dataclass(frozen=True)
class CriteriaDefinition:
    """Everything a criteria set decides. Empty include-lists mean "any"."""

    window_days: int = 90
    """Closed deals considered: those closed in the last N days (the population the coverage view compares with)."""
    freshness_days: int = 60
    """A deal closed more than N days ago is too old to ask about (memories fade)."""
    outcomes: tuple[Outcome, ...] = (Outcome.LOST, Outcome.WON, Outcome.NO_DECISION)
    quotas: Quotas = field(default_factory=Quotas)
    amount_min: float | None = None
    amount_max: float | None = None
    segments: tuple[str, ...] = ()
    excluded_segments: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    excluded_industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    excluded_regions: tuple[str, ...] = ()
    employees_min: int | None = None
    employees_max: int | None = None
    competitors_of_interest: tuple[str, ...] = ()
    authorities: tuple[Authority, ...] = (Authority.DECISION_MAKER, Authority.INFLUENCER)
    """Contact authorities that may be interviewed."""
    authority_rules: tuple[AuthorityRule, ...] = DEFAULT_AUTHORITY_RULES
    exclude_do_not_contact: bool = True
    interviewed_within_months: int = 12
    """Contacts interviewed in the last N months are left alone (0: no such rule)."""
    excluded_email_domains: tuple[str, ...] = ()
    """Competitors' and partners' domains, whose people are never interviewed as buyers."""
    exclude_personal_email: bool = True
    require_contact_details: bool = True
    """A contact needs an email address or a phone number."""
    weights: Weights = field(default_factory=Weights)

    def with_changes(self, **changes: Any) -> CriteriaDefinition:
        """A copy with some fields changed (definitions are immutable)."""
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (enumerations as their values)."""
        document = asdict(self)
        document["outcomes"] = [o.value for o in self.outcomes]
        document["authorities"] = [a.value for a in self.authorities]
        document["authority_rules"] = [{"words": list(r.words), "authority": r.authority.value} for r in self.authority_rules]
        for key, value in document.items():
            if isinstance(value, tuple):
                document[key] = list(value)
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> CriteriaDefinition:
        """Read a stored definition; missing keys take their defaults; raise DefinitionError listing every problem."""
        if not isinstance(document, dict):
            raise DefinitionError(["a definition must be a JSON object of settings"])
        problems: list[str] = []
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(document) - known)
        if unknown:
            problems.append(f"unknown settings: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in document:
                continue
            raw = document[f.name]
            try:
                values[f.name] = _read(f.name, raw)
            except (TypeError, ValueError, KeyError) as exc:
                problems.append(f"{f.name.replace('_', ' ')}: {exc}")
        if problems:
            raise DefinitionError(problems)
        definition = cls(**values)
        problems = definition.problems()
        if problems:
            raise DefinitionError(problems)
        return definition

    def problems(self) -> list[str]:
        """What makes this definition unusable, in plain words (an empty list when it is fine)."""
        found = []
        if not 1 <= self.window_days <= 3660:
            found.append("the close-date window must be between 1 and 3,660 days")
        if not 1 <= self.freshness_days <= 3660:
            found.append("the freshness limit must be between 1 and 3,660 days")
        if not self.outcomes:
            found.append("choose at least one outcome")
        if Outcome.OPEN in self.outcomes:
            found.append("open deals cannot be interviewed about a decision")
        quotas = (self.quotas.won, self.quotas.lost, self.quotas.no_decision)
        if any(q < 0 or q > 500 for q in quotas):
            found.append("quotas must be between 0 and 500")
        if self.outcomes and sum(self.quotas.for_outcome(o) for o in self.outcomes) == 0:
            found.append("the quotas of the chosen outcomes add up to zero")
        for name, cap in (("segment", self.quotas.max_per_segment), ("competitor", self.quotas.max_per_competitor)):
            if cap is not None and cap < 1:
                found.append(f"the limit per {name} must be at least 1")
        amounts = [a for a in (self.amount_min, self.amount_max) if a is not None]
        if any(not math.isfinite(a) or a < 0 for a in amounts):
            found.append("amounts must be finite and not negative")
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            found.append("the smallest amount is above the largest")
        if any(n is not None and n < 0 for n in (self.employees_min, self.employees_max)):
            found.append("company sizes cannot be negative")
        if self.employees_min is not None and self.employees_max is not None and self.employees_min > self.employees_max:
            found.append("the smallest company size is above the largest")
        if not self.authorities:
            found.append("choose at least one contact authority")
        if not 0 <= self.interviewed_within_months <= 120:
            found.append("the re-interview pause must be between 0 and 120 months")
        weights = asdict(self.weights).values()
        if any(not math.isfinite(w) or w < 0 for w in weights) or sum(weights) <= 0:
            found.append("score weights must be non-negative and not all zero")
        return found


_INTEGERS = frozenset({"window_days", "freshness_days", "employees_min", "employees_max", "interviewed_within_months"})
_NUMBERS = frozenset({"amount_min", "amount_max"})
_FLAGS = frozenset({"exclude_do_not_contact", "exclude_personal_email", "require_contact_details"})
_OPTIONAL = frozenset({"amount_min", "amount_max", "employees_min", "employees_max"})
_QUOTA_OPTIONAL = frozenset({"max_per_segment", "max_per_competitor"})


def _read(name: str, raw: Any) -> Any:
    """One field of a stored document, converted to its Python form (TypeError/ValueError on a wrong type)."""
    if raw is None and name in _OPTIONAL:
        return None
    if name in _INTEGERS:
        return _integer(raw)
    if name in _NUMBERS:
        return _number(raw)
    if name in _FLAGS:
        return _flag(raw)
    if name == "outcomes":
        return tuple(Outcome(v) for v in _list(raw))
    if name == "authorities":
        return tuple(Authority(v) for v in _list(raw))
    if name == "authority_rules":
        return tuple(
            AuthorityRule(_strings(_mapping(r)["words"]), Authority(_mapping(r)["authority"])) for r in _list(raw)
        )
    if name == "quotas":
        values = _mapping(raw)
        return Quotas(**{
            k: (None if v is None and k in _QUOTA_OPTIONAL else _flag(v) if k == "losses_first" else _integer(v))
            for k, v in values.items()
        })  # fmt: skip
    if name == "weights":
        return Weights(**{k: _number(v) for k, v in _mapping(raw).items()})
    return _strings(raw)


def _integer(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise TypeError(f"expected a whole number, not {raw!r}")
    return raw


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise TypeError(f"expected a number, not {raw!r}")
    return raw


def _flag(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError(f"expected true or false, not {raw!r}")
    return raw


def _list(raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise TypeError(f"expected a list, not {raw!r}")
    return raw


def _mapping(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise TypeError(f"expected an object, not {raw!r}")
    return raw


def _strings(raw: Any) -> tuple[str, ...]:
    values = _list(raw)
    if not all(isinstance(v, str) for v in values):
        raise TypeError("expected a list of words")
    return tuple(values)
