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

from sqlalchemy import Integer, String, and_, case, func, literal, or_, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from interviewer.criteria.definition import PERSONAL_EMAIL_DOMAINS, CriteriaDefinition
from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Authority, Outcome
from interviewer.models import Account, Contact, Deal

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
    """One contact rule: its words, and for the rules the database checks, when a contact fails it."""

    text: str
    kind: str
    """do_not_contact, interviewed, personal_email, excluded_domain, details or authority."""
    fails: ColumnElement[Any] | None = None
    """A SQL condition true when the contact fails; None for the rules read in Python (email domains, authority)."""


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


def contact_rules(definition: CriteriaDefinition, today: date, dialect: str = "sqlite") -> list[ContactRule]:
    """The contact rules in funnel order; rules switched off are left out. Authority, when it applies, is last.

    ``dialect`` names the database ("sqlite" or "postgresql"): finding the "@"
    in an address is spelled differently.
    """
    d = definition
    rules: list[ContactRule] = []
    if d.exclude_do_not_contact:
        rules.append(ContactRule("not marked do-not-contact", "do_not_contact", Contact.do_not_contact))
    if d.interviewed_within_months > 0:
        months = d.interviewed_within_months
        since = months_before(today, months)
        rules.append(ContactRule(
            f"not interviewed in the last {months} month{'s' if months != 1 else ''}",
            "interviewed",
            Contact.last_interviewed_on >= since,
        ))  # fmt: skip
    domain = email_domain_sql(dialect)
    if d.exclude_personal_email:
        rules.append(ContactRule("no personal email address", "personal_email", domain.in_(PERSONAL_EMAIL_DOMAINS)))
    excluded = excluded_domains(d)
    if excluded:
        at = [or_(domain == x, domain.like("%." + _escape_like(x), escape="\\")) for x in excluded]
        rules.append(ContactRule(f"no email address at {or_list(excluded)}", "excluded_domain", or_(*at)))
    if d.require_contact_details:
        blank = func.trim(func.coalesce(Contact.email, "")) == ""
        rules.append(ContactRule("has an email address or a phone number", "details",
                                 and_(blank, func.trim(func.coalesce(Contact.phone, "")) == "")))  # fmt: skip
    if frozenset(d.authorities) != frozenset(Authority):
        rules.append(ContactRule(authority_words(d.authorities), "authority"))
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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ContactChecker:
    """How many contact rules in a row a contact passes.

    The database checks every rule but authority and hands over one number
    with a bit per failed rule (``failed_mask``); Python reads the authority
    from the title (once per distinct title). ``reach`` combines them: the
    index of the first rule failed, or ``rules`` when none is.
    """

    def __init__(
        self, definition: CriteriaDefinition, today: date, authority_of: Callable[[str | None], Authority],
        dialect: str = "sqlite",
    ) -> None:  # fmt: skip
        rules = contact_rules(definition, today, dialect)
        self.rules = len(rules)
        self._sql = [(index, rule.fails) for index, rule in enumerate(rules) if rule.fails is not None]
        self.first_failed = [
            min((index for bit, (index, _) in enumerate(self._sql) if mask >> bit & 1), default=self.rules)
            for mask in range(1 << len(self._sql))
        ]
        """Per mask of failed database rules: the index of the first one (``rules`` for none)."""
        self.authority_at = self.rules - 1 if rules and rules[-1].kind == "authority" else None
        self.allowed = frozenset(definition.authorities)
        self.authority = authority_of

    def failed_mask(self) -> ColumnElement[Any]:
        """SQL: the sum of 2**k for each database-checked rule k the contact fails."""
        expression: ColumnElement[Any] = literal(0, Integer)
        for bit, (_index, fails) in enumerate(self._sql):
            expression = expression + case((fails, literal(1 << bit, Integer)), else_=literal(0, Integer))
        return expression

    def reach(self, mask: int, title: str | None) -> int:
        reach = self.first_failed[mask]
        if reach == self.rules and self.authority_at is not None and self.authority(title) not in self.allowed:
            return self.authority_at
        return reach
