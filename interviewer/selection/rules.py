"""A criteria definition as ordered rules, each a Python test over one column of the program snapshot.

Each rule carries the plain words the funnel and the shortfall report show,
the snapshot column it reads (see snapshot.py) and a test of that column's
value. A missing value (None) fails a deal rule, as NULL would in SQL; a
contact rule names when a contact *fails* it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, func, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from interviewer.criteria.definition import PERSONAL_EMAIL_DOMAINS, CriteriaDefinition
from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Authority, Outcome
from interviewer.models import Contact, Deal

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
    """One deal rule: its words, the snapshot column it reads and whether a value passes (None never does)."""

    text: str
    column: str
    """outcome, closed (date ordinal), amount, segment, industry, region or employees."""
    passes: Callable[[Any], bool]


@dataclass(frozen=True)
class ContactRule:
    """One contact rule: its words, the snapshot column it reads and whether a value fails it."""

    text: str
    kind: str
    """do_not_contact, interviewed, personal_email, excluded_domain, details or authority."""
    column: str
    """do_not_contact, interviewed (date ordinal), domain, blank (no email or phone) or title."""
    fails: Callable[[Any], bool]
    key: tuple[Any, ...]
    """Equal for rules that fail the same contacts (a contact's reach is remembered per list of keys)."""


# -- words ------------------------------------------------------------------------------------------


def or_list(words: Sequence[str], joiner: str = "or") -> str:
    """"a", "a or b", "a, b or c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def money(amount: float | Any, currency: str | None = "USD") -> str:
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


def _number(value: float) -> str:
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


def _present(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """``test``, failing a missing value as SQL's NULL would."""
    return lambda value: value is not None and test(value)


def deal_rules(definition: CriteriaDefinition, today: date) -> list[DealRule]:
    """The deal rules after the window, in funnel order; a rule that cannot remove anything is left out."""
    d = definition
    outcomes = frozenset(o.value for o in d.outcomes)
    rules = [DealRule(outcome_words(d.outcomes), "outcome", outcomes.__contains__)]
    if d.freshness_days < d.window_days:
        fresh = (today - timedelta(days=d.freshness_days)).toordinal()
        rules.append(DealRule(f"closed at most {d.freshness_days} days ago", "closed", _present(lambda v: v >= fresh)))
    low, high = d.amount_min, d.amount_max
    if low is not None and high is not None:
        rules.append(DealRule(f"amount between {money(low)} and {money(high)}", "amount",
                              _present(lambda v: low <= v <= high)))  # fmt: skip
    elif low is not None:
        rules.append(DealRule(f"amount of at least {money(low)}", "amount", _present(lambda v: v >= low)))
    elif high is not None:
        rules.append(DealRule(f"amount of at most {money(high)}", "amount", _present(lambda v: v <= high)))
    for column, included, excluded, noun in (
        ("segment", d.segments, d.excluded_segments, ""),
        ("industry", d.industries, d.excluded_industries, " industry"),
        ("region", d.regions, d.excluded_regions, " region"),
    ):
        if included:
            rules.append(DealRule(f"in {or_list(list(included))}{noun}", column, frozenset(included).__contains__))
        if excluded:
            out = frozenset(excluded)
            rules.append(DealRule(f"not in {or_list(list(excluded))}{noun}", column, lambda v, out=out: v not in out))
    least, most = d.employees_min, d.employees_max
    if least is not None and most is not None:
        rules.append(DealRule(f"{_number(least)} to {_number(most)} employees", "employees",
                              _present(lambda v: least <= v <= most)))  # fmt: skip
    elif least is not None:
        rules.append(DealRule(f"at least {_number(least)} employees", "employees", _present(lambda v: v >= least)))
    elif most is not None:
        rules.append(DealRule(f"at most {_number(most)} employees", "employees", _present(lambda v: v <= most)))
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


def contact_rules(
    definition: CriteriaDefinition, today: date, authority_of: Callable[[str | None], Authority]
) -> list[ContactRule]:
    """The contact rules in funnel order; rules switched off are left out. Authority, when it applies, is last.

    ``authority_of`` reads a title's authority under ``definition.authority_rules``.
    """
    d = definition
    rules: list[ContactRule] = []
    if d.exclude_do_not_contact:
        rules.append(ContactRule("not marked do-not-contact", "do_not_contact", "do_not_contact", bool, ("do_not_contact",)))
    if d.interviewed_within_months > 0:
        months = d.interviewed_within_months
        since = months_before(today, months).toordinal()
        rules.append(ContactRule(
            f"not interviewed in the last {months} month{'s' if months != 1 else ''}", "interviewed", "interviewed",
            lambda v: v is not None and v >= since, ("interviewed", since),
        ))  # fmt: skip
    if d.exclude_personal_email:
        personal = frozenset(PERSONAL_EMAIL_DOMAINS)
        rules.append(ContactRule("no personal email address", "personal_email", "domain", personal.__contains__,
                                 ("personal_email", personal)))  # fmt: skip
    excluded = excluded_domains(d)
    if excluded:
        exact, subdomains = frozenset(excluded), tuple("." + x for x in excluded)
        rules.append(ContactRule(f"no email address at {or_list(excluded)}", "excluded_domain", "domain",
                                 lambda v: v is not None and (v in exact or v.endswith(subdomains)),
                                 ("excluded_domain", exact)))  # fmt: skip
    if d.require_contact_details:
        rules.append(ContactRule("has an email address or a phone number", "details", "blank", bool, ("details",)))
    if frozenset(d.authorities) != frozenset(Authority):
        allowed = frozenset(d.authorities)
        rules.append(ContactRule(authority_words(d.authorities), "authority", "title",
                                 lambda title: authority_of(title) not in allowed,
                                 ("authority", tuple(d.authority_rules), allowed)))  # fmt: skip
    return rules


def excluded_domains(definition: CriteriaDefinition) -> list[str]:
    """The definition's excluded email domains, cleaned ("@Rival.com " → "rival.com"), sorted."""
    return sorted({x.strip().lower().lstrip("@") for x in definition.excluded_email_domains if x.strip()})


def email_domain_sql(dialect: str) -> ColumnElement[Any]:
    """SQL: the lower-case domain of a contact's address (what follows its first "@"; the whole text without one).

    Personal domains match exactly (nobody's mailbox is at a subdomain of
    gmail.com); excluded domains match with their subdomains.
    """
    position = func.strpos(Contact.email, "@") if dialect == "postgresql" else func.instr(Contact.email, "@")
    return func.lower(func.trim(func.substr(Contact.email, position + 1)))
