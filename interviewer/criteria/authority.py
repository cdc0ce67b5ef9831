"""A contact's authority, read from a job title by an ordered list of rules.

Words match whole, in any case; a phrase ("vice president") matches its words
in order, separated by spaces, hyphens or slashes. Dotted abbreviations
("C.F.O.", "V.P.") read as their letters, and the short forms CRM exports are
full of ("Sr. Mgr", "Dir. of IT", "Sales Rep") as the words they stand for.
The first rule with a match wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.criteria.definition import DEFAULT_AUTHORITY_RULES, AuthorityRule
from interviewer.enums import Authority

_DOTTED = re.compile(r"(?<![A-Za-z])((?:[A-Za-z]\.){2,})")
_SEPARATOR = r"[\s\-/_]+"
_SHORT_FORMS = {
    "mgr": "manager", "mngr": "manager", "dir": "director", "pres": "president", "gm": "general manager",
    "mgmt": "management", "supv": "supervisor", "supvr": "supervisor", "coord": "coordinator",
    "admin": "administrator", "asst": "assistant", "rep": "representative", "eng": "engineer", "engr": "engineer",
}  # fmt: skip
"""Short forms that stand for one title word only ("MD" or "Tech" could be several things, so they are left)."""
_SHORT = re.compile(rf"(?<![^\W_])({'|'.join(_SHORT_FORMS)})(?![^\W_])\.?", re.IGNORECASE)


def _undot(title: str) -> str:
    """Dotted abbreviations as letters: "C.F.O." → "CFO", "Sr. V.P. Sales" → "Sr. VP Sales"."""
    return _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", title)


def _spell_out(title: str) -> str:
    """Short forms as words: "Sr. Mgr, IT" → "Sr. manager, IT", "Dir. of Ops" → "director of Ops"."""
    return _SHORT.sub(lambda m: _SHORT_FORMS[m.group(1).lower()], title)


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One regular expression matching any of ``words`` as whole words (None if there are none)."""
    phrases = []
    for word in words:
        parts = word.split()
        if parts:
            phrases.append(_SEPARATOR.join(re.escape(p) for p in parts))
    if not phrases:
        return None
    phrases.sort(key=len, reverse=True)  # longest first: "vice president" before "president"
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(phrases)})(?![^\W_])", re.IGNORECASE)


class AuthorityReader:
    """``reader(title) -> Authority`` with one compiled pattern per rule and a cache per distinct title."""

    def __init__(self, rules: Sequence[AuthorityRule] = DEFAULT_AUTHORITY_RULES) -> None:
        compiled = ((_pattern(rule.words), rule.authority) for rule in rules)
        self._rules: tuple[tuple[re.Pattern[str], Authority], ...] = tuple((p, a) for p, a in compiled if p is not None)
        self._cache: dict[str | None, Authority] = {}

    def __call__(self, title: str | None) -> Authority:
        try:
            return self._cache[title]
        except KeyError:
            authority = self._cache[title] = self._read(title)
            return authority

    def _read(self, title: str | None) -> Authority:
        if not title or not title.strip():
            return Authority.UNKNOWN
        text = _spell_out(_undot(title))
        for pattern, authority in self._rules:
            if pattern.search(text):
                return authority
        return Authority.UNKNOWN


def infer_authority(title: str | None, rules: Sequence[AuthorityRule] = DEFAULT_AUTHORITY_RULES) -> Authority:
    """The authority of the first rule matching ``title``; UNKNOWN for no title or no match."""
    return AuthorityReader(rules)(title)


def describe_rules(rules: Sequence[AuthorityRule]) -> list[str]:
    """One line per rule, in order: "procurement, purchasing, buyer → Procurement"."""
    return [
        f"{', '.join(w for w in rule.words if w.strip()) or '(no words)'} → {rule.authority.label}" for rule in rules
    ]
