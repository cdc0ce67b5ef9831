"""Filling a question's placeholders from the deal it is asked about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.enums import named_competitor

_PLACEHOLDER = re.compile(r"\{\s*(company|competitor|product)\s*\}")

COMPANY_FALLBACK = "your company"
PRODUCT_FALLBACK = "our product"


@dataclass(frozen=True)
class Fill:
    """The values a guide's questions are filled with; a missing competitor drops the questions that name one."""

    company: str | None = None
    competitor: str | None = None
    product: str | None = None

    @classmethod
    def for_deal(cls, company: str | None, competitor: str | None, product: str | None) -> Fill:
        """Values from a deal: 'None' and 'Unknown' competitors count as no competitor known."""
        return cls(_clean(company), _clean(named_competitor(competitor)), _clean(product))

    def can_fill(self, text: str) -> bool:
        """Whether every placeholder of ``text`` has a value (only the competitor can be missing)."""
        return self.competitor is not None or not any(m.group(1) == "competitor" for m in _PLACEHOLDER.finditer(text))

    def apply(self, text: str) -> str:
        """``text`` with its placeholders replaced (company and product fall back to neutral words)."""
        values = {
            "company": self.company or COMPANY_FALLBACK,
            "competitor": self.competitor or "the other option",
            "product": self.product or PRODUCT_FALLBACK,
        }
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None
