"""The plain-language summary of a criteria definition: what the manager reads before approving.

Deterministic: the same definition always gives the same words. Every setting
that narrows the choice appears; settings left at "any" do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from interviewer.criteria.authority import describe_rules
from interviewer.criteria.definition import DEFAULT_AUTHORITY_RULES, CriteriaDefinition, Weights
from interviewer.enums import Authority, Outcome

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_OUTCOME_WORDS = {Outcome.WON: "won", Outcome.LOST: "lost", Outcome.NO_DECISION: "no-decision", Outcome.OPEN: "open"}
_AUTHORITY_PEOPLE = {
    Authority.DECISION_MAKER: "decision makers",
    Authority.INFLUENCER: "influencers",
    Authority.USER: "users",
    Authority.PROCUREMENT: "procurement",
    Authority.UNKNOWN: "contacts of unknown authority",
}
_WEIGHT_WORDS = {
    "freshness": "freshness",
    "deal_size": "deal size",
    "authority": "authority",
    "competitor": "competitor",
}


def summarise(definition: CriteriaDefinition, currency: str = "USD") -> str:
    """One paragraph: the deals, the contacts, the quotas and the score, in that order."""
    sentences = [_deals(definition, currency), _contacts(definition), _quotas(definition), _score(definition.weights)]
    if tuple(definition.authority_rules) != DEFAULT_AUTHORITY_RULES:
        rules = "; ".join(describe_rules(definition.authority_rules)) or "none, so every contact's authority is unknown"
        sentences.append(f"Authority from job titles by custom rules: {rules}.")
    return " ".join(s for s in sentences if s)


def format_amount(amount: float, currency: str = "USD") -> str:
    """An amount with thousands separators and its currency: "$20,000", "€1,250.50", "20,000 CHF"."""
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    code = (currency or "").strip().upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    return f"{number} {code}".strip()


def either(items: Sequence[str], word: str = "or") -> str:
    """Items joined in a sentence: "A", "A or B", "A, B or C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n:,} days"


def _deals(d: CriteriaDefinition, currency: str) -> str:
    words = [_OUTCOME_WORDS.get(o, o.label.lower()) for o in d.outcomes]
    text = f"{either(words)} deals".capitalize() if words else "Deals"
    text += f" closed in the last {_days(d.window_days)}"
    if d.freshness_days < d.window_days:
        text += f" and at most {_days(d.freshness_days)} ago"
    parts = [text]
    if d.amount_min is not None and d.amount_max is not None:
        parts.append(f"worth {format_amount(d.amount_min, currency)} to {format_amount(d.amount_max, currency)}")
    elif d.amount_min is not None:
        parts.append(f"worth at least {format_amount(d.amount_min, currency)}")
    elif d.amount_max is not None:
        parts.append(f"worth at most {format_amount(d.amount_max, currency)}")
    for kind, plural, included, excluded in (
        ("segment", "segments", d.segments, d.excluded_segments),
        ("industry", "industries", d.industries, d.excluded_industries),
        ("region", "regions", d.regions, d.excluded_regions),
    ):
        if included:
            parts.append(f"in the {either(included)} {plural if len(included) > 1 else kind}")
        if excluded:
            parts.append(f"excluding the {either(excluded, 'and')} {plural if len(excluded) > 1 else kind}")
    low, high = d.employees_min, d.employees_max
    if low is not None and high is not None:
        parts.append(f"at companies of {low:,} to {high:,} employees")
    elif low is not None:
        parts.append(f"at companies of at least {low:,} employees")
    elif high is not None:
        parts.append(f"at companies of at most {high:,} employees")
    text = ", ".join(parts)
    if d.competitors_of_interest:
        text += f"; competitors of interest: {', '.join(d.competitors_of_interest)}"
    return text + "."


def _contacts(d: CriteriaDefinition) -> str:
    parts = []
    if set(d.authorities) != set(Authority):
        parts.append(f"{either([_AUTHORITY_PEOPLE[a] for a in d.authorities], 'and')} only")
    parts.append("never do-not-contact" if d.exclude_do_not_contact else "do-not-contact flags ignored")
    months = d.interviewed_within_months
    if months:
        parts.append(
            "not interviewed in the last month" if months == 1 else f"not interviewed in the last {months} months"
        )
    if d.exclude_personal_email:
        parts.append("no personal email addresses")
    if d.excluded_email_domains:
        parts.append(f"no addresses at {either(d.excluded_email_domains)}")
    if d.require_contact_details:
        parts.append("with an email or phone")
    return f"Contacts: {', '.join(parts)}."


def _quotas(d: CriteriaDefinition) -> str:
    words = {Outcome.WON: "won", Outcome.LOST: "lost", Outcome.NO_DECISION: "no decision"}
    parts = [f"{d.quotas.for_outcome(o)} {words[o]}" for o in d.outcomes if o in words]
    if d.quotas.losses_first and Outcome.LOST in d.outcomes:
        parts.append("losses first")
    if d.quotas.max_per_segment is not None:
        parts.append(f"at most {d.quotas.max_per_segment} per outcome and segment")
    if d.quotas.max_per_competitor is not None:
        parts.append(f"at most {d.quotas.max_per_competitor} per outcome and competitor")
    return f"Quotas: {', '.join(parts)}." if parts else ""


def _score(weights: Weights) -> str:
    shares = percentages(weights)
    parts = [f"{_WEIGHT_WORDS.get(name, name.replace('_', ' '))} {share}%" for name, share in shares.items() if share]
    return f"Score: {', '.join(parts)}." if parts else ""


def percentages(weights: Weights) -> dict[str, int]:
    """Each weight's share of the score in whole percent, adding up to exactly 100 (largest remainders)."""
    values = asdict(weights)
    total = sum(values.values())
    if total <= 0:
        return {name: 0 for name in values}
    exact = {name: value * 100 / total for name, value in values.items()}
    shares = {name: int(share) for name, share in exact.items()}
    remainders = sorted(values, key=lambda name: (-(exact[name] - shares[name]), list(values).index(name)))
    for name in remainders[: 100 - sum(shares.values())]:
        shares[name] += 1
    return shares
