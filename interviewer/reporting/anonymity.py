"""Keeping buyers and reps anonymous in what stakeholders read."""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
