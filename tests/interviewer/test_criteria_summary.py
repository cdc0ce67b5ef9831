"""The plain-language summary a manager reads before approving a set."""

from __future__ import annotations

from interviewer.criteria.definition import AuthorityRule, CriteriaDefinition, Quotas, Weights
from interviewer.criteria.summary import format_amount, percentages, summarise
from interviewer.enums import Authority, Outcome


def test_default() -> None:
    assert summarise(CriteriaDefinition()) == (
        "Lost, won or no-decision deals closed in the last 90 days and at most 60 days ago. "
        "Contacts: decision makers and influencers only, never do-not-contact, not interviewed in the last 12 months, "
        "no personal email addresses, with an email or phone. "
        "Quotas: 6 lost, 4 won, 2 no decision, losses first. "
        "Score: freshness 40%, deal size 25%, authority 20%, competitor 15%."
    )


def test_rich_definition() -> None:
    definition = CriteriaDefinition(
        window_days=120, freshness_days=45, outcomes=(Outcome.LOST, Outcome.NO_DECISION),
        quotas=Quotas(lost=8, no_decision=3, max_per_segment=2, max_per_competitor=3),
        amount_min=20000, amount_max=250000.5, segments=("Mid-Market", "Enterprise"),
        excluded_segments=("Public Sector",), industries=("Software",), excluded_industries=("Gambling", "Tobacco"),
        regions=("EMEA", "NA", "LATAM"), employees_min=50, employees_max=5000,
        competitors_of_interest=("Brightfold", "Corvid"), authorities=(Authority.DECISION_MAKER,),
        interviewed_within_months=1, excluded_email_domains=("brightfold.com", "corvid.io"),
        weights=Weights(freshness=1, deal_size=1, authority=1, competitor=0),
    )  # fmt: skip
    assert summarise(definition, "eur") == (
        "Lost or no-decision deals closed in the last 120 days and at most 45 days ago, "
        "worth €20,000 to €250,000.50, in the Mid-Market or Enterprise segments, excluding the Public Sector segment, "
        "in the Software industry, excluding the Gambling and Tobacco industries, in the EMEA, NA or LATAM regions, "
        "at companies of 50 to 5,000 employees; competitors of interest: Brightfold, Corvid. "
        "Contacts: decision makers only, never do-not-contact, not interviewed in the last month, "
        "no personal email addresses, no addresses at brightfold.com or corvid.io, with an email or phone. "
        "Quotas: 8 lost, 3 no decision, losses first, at most 2 per outcome and segment, "
        "at most 3 per outcome and competitor. "
        "Score: freshness 34%, deal size 33%, authority 33%."
    )


def test_everything_relaxed() -> None:
    definition = CriteriaDefinition(
        window_days=30, freshness_days=30, outcomes=(Outcome.WON,), quotas=Quotas(won=5, losses_first=True),
        amount_max=1000, authorities=tuple(Authority), exclude_do_not_contact=False, interviewed_within_months=0,
        exclude_personal_email=False, require_contact_details=False, weights=Weights(0, 0, 0, 2),
        authority_rules=(AuthorityRule(("boss", "owner"), Authority.DECISION_MAKER),),
    )  # fmt: skip
    assert summarise(definition, "GBP") == (
        "Won deals closed in the last 30 days, worth at most £1,000. "
        "Contacts: do-not-contact flags ignored. "
        "Quotas: 5 won. "
        "Score: competitor 100%. "
        "Authority from job titles by custom rules: boss, owner → Decision maker."
    )


def test_is_deterministic() -> None:
    definition = CriteriaDefinition(segments=("B", "A"))
    assert summarise(definition) == summarise(CriteriaDefinition.from_json(definition.to_json()))


def test_amounts() -> None:
    assert format_amount(20000) == "$20,000"
    assert format_amount(1250.5, "EUR") == "€1,250.50"
    assert format_amount(1e6, "gbp") == "£1,000,000"
    assert format_amount(20000, "CHF") == "20,000 CHF"
    assert format_amount(0, "") == "0"


def test_percentages_add_up_to_100() -> None:
    assert percentages(Weights(1, 1, 1, 0)) == {"freshness": 34, "deal_size": 33, "authority": 33, "competitor": 0}
    assert sum(percentages(Weights(0.3, 0.3, 0.3, 0.1)).values()) == 100
    assert percentages(Weights(0, 0, 0, 0)) == dict.fromkeys(("freshness", "deal_size", "authority", "competitor"), 0)
