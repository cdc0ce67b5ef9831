"""Keeping buyers and reps anonymous in what stakeholders read."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from interviewer.models import Account, Contact


def describe_buyer(contact: Contact | None, account: Account | None) -> str:
    """The buyer by role, segment and industry: "VP Operations at a Mid-Market company in Logistics"."""
    role = (contact.title or "").strip() if contact is not None else ""
    segment = (account.segment or "").strip() if account is not None else ""
    industry = (account.industry or "").strip() if account is not None else ""
    company = f"{_article(segment)} {segment} company" if segment else "a company"
    where = f" in {industry}" if industry else ""
    return f"{role or 'A buyer'} at {company}{where}"


def scrub(text: str, names: Iterable[str], replacement: str = "the rep") -> str:
    """``text`` with each of ``names`` (whole words, any case; first names alone too) replaced."""
    words: set[str] = set()
    for name in names:
        clean = " ".join((name or "").split())
        if len(clean) >= 3:
            words.add(clean)
            first = clean.split(" ")[0]
            if len(first) >= 3 and " " in clean:
                words.add(first)
    if not words:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    return pattern.sub(replacement, text)


def redactor(reps: Iterable[str], buyers: Iterable[str] = (), companies: Iterable[str] = ()) -> Callable[[str], str]:
    """A function hiding reps, buyers and their company in any text (guide questions carry the company too)."""
    reps, buyers, companies = list(reps), list(buyers), list(companies)

    def hide(text: str) -> str:  # people first: an email address holds the company's name
        text = scrub(text, buyers, "the buyer")
        return scrub(scrub(text, companies, "the buyer's company"), reps)

    return hide


def _article(word: str) -> str:
    """'an' before a vowel sound: words starting with a vowel, and initialisms read "ess-em-bee" (an SMB)."""
    if word.isupper() and len(word) <= 5:
        return "an" if word[:1] in "AEFHILMNORSX" else "a"
    return "an" if word[:1].lower() in "aeiou" else "a"
