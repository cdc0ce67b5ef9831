"""A criteria definition as ordered rules: deal rules as SQL conditions, contact rules as Python checks.

Each rule carries the plain words the funnel and the shortfall report show.
Deal rules run inside the database (close_date and (outcome, close_date) are
indexed); contact rules need the authority read from the job title, so they
run in Python over the few columns fetched for the deals that remain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, or_, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from interviewer.criteria.definition import PERSONAL_EMAIL_DOMAINS, CriteriaDefinition
from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Authority, Outcome
from interviewer.models import Account, Deal

AUTHORITY_RANK: dict[Authority, int] = {
    Authority.DECISION_MAKER: 4,
    Authority.INFLUENCER: 3,
    Authority.PROCUREMENT: 2,
    Authority.USER: 1,
    Authority.UNKNOWN: 0,
}
"""Which contact of a deal fits best: decision maker > influencer > procurement > user > unknown."""

NOT_A_RIVAL = frozenset({None, "", NO_COMPETITOR, UNKNOWN_COMPETITOR})
"""Competitor values that name no rival: never "lost to …", never capped per competitor."""

_AUTHORITY_PLURAL = {
    Authority.DECISION_MAKER: "decision makers",
    Authority.INFLUENCER: "influencers",
    Authority.PROCUREMENT: "procurement",
    Authority.USER: "users",
    Authority.UNKNOWN: "contacts of unknown authority",
}
_OUTCOME_WORDS = {Outcome.LOST: "lost", Outcome.WON: "won", Outcome.NO_DECISION: "no decision", Outcome.OPEN: "open"}

OUTCOME_COLUMN = type_coerce(Deal.outcome, String)
"""The stored outcome value, read without the Enum's per-row conversion."""


@dataclass(frozen=True)
class DealRule:
    """One deal rule: its words and a condition that is true, false or NULL (NULL fails)."""

    text: str
    condition: ColumnElement[Any]
    uses_account: bool = False


@dataclass(frozen=True)
class ContactRule:
    """One contact rule: its words and a check on a ``ContactFacts`` (True: the contact may be interviewed)."""

    text: str
    passes: Callable[[ContactFacts], bool]


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the contact rules look at."""

    do_not_contact: bool
    last_interviewed_on: str | None
    """ISO date (strings compare in date order)."""
    email_domain: str | None
    """Lower-case domain of the email address (None without an address)."""
    has_details: bool
    authority: Authority


# -- words ------------------------------------------------------------------------------------------


def or_list(words: Sequence[str], joiner: str = "or") -> str:
    """"a", "a or b", "a, b or c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def money(amount: float | int | Any, currency: str | None = "USD") -> str:
    """"$48,000", "€1,250.50", "CHF 9,000"."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get((currency or "USD").upper())
    value = float(amount)
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def outcome_words(outcomes: Sequence[Outcome]) -> str:
    """"lost, won or no decision" in the definition's order."""
    return or_list([_OUTCOME_WORDS[o] for o in outcomes])


def authority_words(authorities: Sequence[Authority]) -> str:
    """"decision makers and influencers only"."""
    ordered = sorted(set(authorities), key=lambda a: -AUTHORITY_RANK[a])
    return f"{or_list([_AUTHORITY_PLURAL[a] for a in ordered], 'and')} only"


def _number(value: float | int) -> str:
    return f"{value:,.0f}" if float(value) == int(value) else f"{value:,}"


# -- deal rules -------------------------------------------------------------------------------------


def window_start(definition: CriteriaDefinition, today: date) -> date:
    return today - timedelta(days=definition.window_days)


def population(definition: CriteriaDefinition, today: date) -> ColumnElement[Any]:
    """Closed deals in the window: the population the funnel starts from and coverage compares with."""
    return and_(
        OUTCOME_COLUMN != Outcome.OPEN.value,
        Deal.close_date >= window_start(definition, today),
        Deal.close_date <= today,
    )


def population_text(definition: CriteriaDefinition) -> str:
    return f"closed in the last {definition.window_days} days"


def deal_rules(definition: CriteriaDefinition, today: date) -> list[DealRule]:
    """The deal rules after the window, in funnel order; a rule that cannot remove anything is left out."""
    d = definition
    rules = [DealRule(outcome_words(d.outcomes), OUTCOME_COLUMN.in_([o.value for o in d.outcomes]))]
    if d.freshness_days < d.window_days:
        rules.append(DealRule(f"closed at most {d.freshness_days} days ago",
                              Deal.close_date >= today - timedelta(days=d.freshness_days)))  # fmt: skip
    if d.amount_min is not None and d.amount_max is not None:
        rules.append(DealRule(f"amount between {money(d.amount_min)} and {money(d.amount_max)}",
                              and_(Deal.amount >= d.amount_min, Deal.amount <= d.amount_max)))  # fmt: skip
    elif d.amount_min is not None:
        rules.append(DealRule(f"amount of at least {money(d.amount_min)}", Deal.amount >= d.amount_min))
    elif d.amount_max is not None:
        rules.append(DealRule(f"amount of at most {money(d.amount_max)}", Deal.amount <= d.amount_max))
    for column, included, excluded, noun in (
        (Account.segment, d.segments, d.excluded_segments, ""),
        (Account.industry, d.industries, d.excluded_industries, " industry"),
        (Account.region, d.regions, d.excluded_regions, " region"),
    ):
        if included:
            rules.append(DealRule(f"in {or_list(list(included))}{noun}", column.in_(list(included)), True))
        if excluded:
            rules.append(DealRule(f"not in {or_list(list(excluded))}{noun}",
                                  or_(column.is_(None), column.not_in(list(excluded))), True))  # fmt: skip
    size = Account.employee_count
    if d.employees_min is not None and d.employees_max is not None:
        rules.append(DealRule(f"{_number(d.employees_min)} to {_number(d.employees_max)} employees",
                              and_(size >= d.employees_min, size <= d.employees_max), True))  # fmt: skip
    elif d.employees_min is not None:
        rules.append(DealRule(f"at least {_number(d.employees_min)} employees", size >= d.employees_min, True))
    elif d.employees_max is not None:
        rules.append(DealRule(f"at most {_number(d.employees_max)} employees", size <= d.employees_max, True))
    return rules


# -- contact rules ----------------------------------------------------------------------------------

HAS_CONTACT_TEXT = "has a contact on record"
ELIGIBLE_TEXT = "has a contact who may be interviewed"


def months_before(today: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def contact_rules(definition: CriteriaDefinition, today: date) -> list[ContactRule]:
    """The contact rules in funnel order; rules switched off are left out."""
    d = definition
    rules: list[ContactRule] = []
    if d.exclude_do_not_contact:
        rules.append(ContactRule("not marked do-not-contact", lambda c: not c.do_not_contact))
    if d.interviewed_within_months > 0:
        since = months_before(today, d.interviewed_within_months).isoformat()
        months = d.interviewed_within_months
        rules.append(ContactRule(
            f"not interviewed in the last {months} month{'s' if months != 1 else ''}",
            lambda c: c.last_interviewed_on is None or c.last_interviewed_on < since,
        ))  # fmt: skip
    if d.exclude_personal_email:
        personal = frozenset(PERSONAL_EMAIL_DOMAINS)
        rules.append(ContactRule("no personal email address", lambda c: not _in_domains(c.email_domain, personal)))
    if d.excluded_email_domains:
        excluded = frozenset(x.strip().lower().lstrip("@") for x in d.excluded_email_domains if x.strip())
        shown = or_list(sorted(excluded))
        rules.append(ContactRule(f"no email address at {shown}", lambda c: not _in_domains(c.email_domain, excluded)))
    if d.require_contact_details:
        rules.append(ContactRule("has an email address or a phone number", lambda c: c.has_details))
    allowed = frozenset(d.authorities)
    if allowed != frozenset(Authority):
        rules.append(ContactRule(authority_words(d.authorities), lambda c: c.authority in allowed))
    return rules


def _in_domains(domain: str | None, domains: frozenset[str]) -> bool:
    """Whether ``domain`` is one of ``domains`` or a subdomain of one."""
    if not domain:
        return False
    if domain in domains:
        return True
    parts = domain.split(".")
    return any(".".join(parts[i:]) in domains for i in range(1, len(parts) - 1))


def email_domain(email: str | None) -> str | None:
    if not email:
        return None
    at = email.rfind("@")
    domain = email[at + 1 :].strip().lower() if at >= 0 else ""
    return domain or None
