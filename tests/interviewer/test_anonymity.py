"""Keeping buyers and reps out of what stakeholders read."""

from __future__ import annotations

from interviewer.models import Account, Contact
from interviewer.reporting.anonymity import describe_buyer, redactor, scrub


def test_a_buyer_is_described_by_role_segment_and_industry() -> None:
    contact = Contact(first_name="Ana", last_name="Ruiz", title="VP Operations", email="ana@acme.test")
    assert describe_buyer(contact, Account(name="Acme", segment="SMB", industry="Logistics")) == (
        "VP Operations at an SMB company in Logistics")
    mid = Account(name="Acme", segment="Mid-Market")
    assert describe_buyer(contact, mid) == "VP Operations at a Mid-Market company"
    assert describe_buyer(None, Account(name="Acme", segment="Enterprise")) == "A buyer at an Enterprise company"
    assert describe_buyer(None, None) == "A buyer at a company"


def test_names_companies_and_emails_are_hidden_whole_words_only() -> None:
    hide = redactor(["Sam Porter"], ["Ana Ruiz", "Ana", "ana@acme.test"], ["Acme Freight"])
    text = "Ana (ana@acme.test) said Sam was great; what is your role at ACME FREIGHT? Banana stays."
    assert hide(text) == (
        "the buyer (the buyer) said the rep was great; what is your role at the buyer's company? Banana stays.")
    assert scrub("Nothing to hide", []) == "Nothing to hide"
