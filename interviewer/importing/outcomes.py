"""How a deal ended — won, lost, no decision or still open — and the rep's reason, from what CRMs write.

:func:`decide_outcome` applies the rules in a fixed order: an explicit status
column (Pipedrive's won/lost/open, a generic outcome or result), then
Salesforce-style IsClosed/IsWon flags, then the stage name, then won/lost
times. Stage and status texts go through a tolerant normaliser, so "Closed -
No Decision", "no-decision" and "stalled – no decision" all read as no
decision. A stage that looks closed but is none of the known outcomes is a
:class:`OutcomeProblem` (the row is rejected), never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Outcome, RepReason, named_competitor

__all__ = [
    "OutcomeProblem",
    "ReasonReading",
    "classify_stage",
    "clean_competitor",
    "decide_outcome",
    "describe_rule",
    "loss_competitor",
    "parse_reason",
    "read_reason",
]  # fmt: skip


class OutcomeProblem(ValueError):
    """Nothing in the row says how the deal ended, or what it says is unclear; ``str()`` is the reason."""


_WORD = re.compile(r"[^\W_]+")

_WON = frozenset({"won", "win", "wins", "closedwon", "closewon", "wonclosed", "success", "successful"})
_LOST = frozenset({"lost", "loss", "lose", "closedlost", "closelost", "lostclosed"})
_NO_DECISION_PHRASES = ("nodecision", "nodecided", "undecided", "indecision", "statusquo", "donothing", "stalled")
_OPEN_STATUS = frozenset({"open", "active", "inprogress", "pending", "ongoing", "working", "pipeline"})
_CLOSED_LOOKING = frozenset({
    "closed", "dead", "cancelled", "canceled", "abandoned", "disqualified", "rejected", "declined", "churned",
    "finished", "done", "complete", "completed", "signed", "booked", "terminated", "killed", "deleted", "archived",
    "lapsed", "expired", "withdrawn", "void",
})  # fmt: skip


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def classify_stage(text: str | None) -> Outcome | None:
    """What a stage or status text says: WON, LOST, NO_DECISION, OPEN for an open-looking stage, or None when empty.

    Raises OutcomeProblem for a closed-looking text that names none of them ("Closed Maybe").
    """
    if text is None or not text.strip():
        return None
    words = _words(text)
    compact = "".join(words)
    if any(phrase in compact for phrase in _NO_DECISION_PHRASES):
        return Outcome.NO_DECISION
    won = any(w in _WON for w in words) or "closedwon" in compact or compact in _WON
    lost = any(w in _LOST for w in words) or "closedlost" in compact or compact in _LOST
    if won and lost:
        raise OutcomeProblem(f"stage '{text.strip()}' says both won and lost")
    if won:
        return Outcome.WON
    if lost:
        return Outcome.LOST
    if compact in _OPEN_STATUS:
        return Outcome.OPEN
    if any(w in _CLOSED_LOOKING for w in words):
        raise OutcomeProblem(f"stage '{text.strip()}' is neither won, lost, no decision nor open")
    return Outcome.OPEN


def _says_no_decision(text: str | None) -> bool:
    if not text:
        return False
    compact = "".join(_words(text))
    return any(phrase in compact for phrase in _NO_DECISION_PHRASES)


def decide_outcome(
    *,
    stage: str | None,
    status: str | None,
    is_closed: bool | None,
    is_won: bool | None,
    won_time: Any,
    lost_time: Any,
    loss_reason: str | None = None,
) -> tuple[Outcome, str]:
    """The outcome of one row and the rule that decided it, as a short sentence.

    ``won_time`` and ``lost_time`` count when they are not None. A lost deal
    whose stage (or loss reason) says no decision is NO_DECISION. Raises
    OutcomeProblem when the row says nothing usable or contradicts itself.
    """
    if status is not None and status.strip():
        try:
            outcome = classify_stage(status)
        except OutcomeProblem:
            raise OutcomeProblem(f"status '{status.strip()}' is neither won, lost, no decision nor open") from None
        words = "".join(_words(status))
        if outcome is Outcome.OPEN and words not in _OPEN_STATUS:
            raise OutcomeProblem(f"status '{status.strip()}' is neither won, lost, no decision nor open")
        if outcome is Outcome.LOST and (_says_no_decision(stage) or _says_no_decision(loss_reason)):
            return Outcome.NO_DECISION, "status lost, but the stage or loss reason says no decision"
        return outcome, f"status '{status.strip()}'"  # type: ignore[return-value]
    if is_closed is not None or is_won is not None:
        if is_closed is False:
            return Outcome.OPEN, "not closed"
        if is_won:
            return Outcome.WON, "closed and won"
        if is_closed:
            if _says_no_decision(stage) or _says_no_decision(loss_reason):
                return Outcome.NO_DECISION, "closed, not won, and the stage says no decision"
            return Outcome.LOST, "closed and not won"
    staged = classify_stage(stage)
    if staged is not None:
        if staged is Outcome.LOST and _says_no_decision(loss_reason):
            return Outcome.NO_DECISION, "stage lost, and the loss reason says no decision"
        return staged, f"stage '{stage.strip()}'"  # type: ignore[union-attr]
    if won_time is not None and lost_time is not None:
        raise OutcomeProblem("the row has both a won time and a lost time")
    if won_time is not None:
        return Outcome.WON, "won time set"
    if lost_time is not None:
        if _says_no_decision(loss_reason):
            return Outcome.NO_DECISION, "lost time set, and the loss reason says no decision"
        return Outcome.LOST, "lost time set"
    if is_won is False:
        return Outcome.LOST, "not won"
    raise OutcomeProblem("nothing in the row says whether the deal was won, lost or is still open")


def describe_rule(detection: Any) -> str:
    """How a batch decides outcomes, as one line for its record ("won/lost from IsClosed and IsWon; …").

    Takes a :class:`~interviewer.importing.mapping.Detection`, or anything with a
    ``mapping`` (field → header), or the mapping itself.
    """
    mapping: Mapping[str, str] = detection if isinstance(detection, Mapping) else detection.mapping
    parts: list[str] = []
    if "status" in mapping:
        parts.append(f"won/lost/open from {mapping['status']}")
    flags = [mapping[name] for name in ("is_closed", "is_won") if name in mapping]
    if flags:
        parts.append(f"{'won/lost' if parts == [] else 'then won/lost'} from {' and '.join(flags)}")
        if "is_closed" in mapping:
            parts.append(f"open when {mapping['is_closed']} is false")
        if "stage" in mapping:
            parts.append(f"no decision from the stage name ({mapping['stage']})")
        else:
            parts.append("no decision only from the loss reason")
    elif "stage" in mapping:
        prefix = "otherwise " if parts else ""
        parts.append(
            f"{prefix}from the stage name ({mapping['stage']}): won, lost and no-decision stages by name, "
            "other stages open, unknown closed stages rejected"
        )
    times = [mapping[name] for name in ("won_time", "lost_time") if name in mapping]
    if times:
        parts.append(f"{'otherwise ' if parts else ''}won/lost from {' and '.join(times)}")
    if "loss_reason" in mapping and not flags:
        parts.append(f"lost deals whose {mapping['loss_reason']} says no decision count as no decision")
    if not parts:
        return "no column says how deals ended: every row is rejected"
    return "; ".join(parts)


# -------------------------------------------------------------------------- reasons

_REASON_KEYWORDS: tuple[tuple[RepReason, tuple[str, ...]], ...] = (
    (RepReason.CHAMPION_LEFT, (
        "champion", "sponsor left", "sponsor change", "contact left", "left the company", "lost sponsor",
        "reorg", "re org", "reorganisation", "reorganization", "key contact", "decision maker left",
        "new management", "leadership change",
    )),
    (RepReason.NO_DECISION_TIMING, (
        "no decision", "timing", "not now", "postpone", "delay", "on hold", "status quo", "do nothing", "went dark",
        "unresponsive", "no response", "stalled", "deprioriti", "next year", "next quarter", "budget freeze",
        "not a priority", "undecided", "ghost",
    )),
    (RepReason.PRICE_ADVANTAGE, (
        "price", "pricing", "cost", "budget", "expensive", "cheap", "discount", "roi", "afford", "value for money",
        "too high",
    )),
    (RepReason.PRODUCT_FIT, (
        "product", "feature", "functionality", "fit", "requirement", "integration", "technical", "capabilit",
        "missing", "security", "compliance", "scalab", "performance", "usability", "roadmap", "demo",
    )),
    (RepReason.POOR_ONBOARDING, (
        "onboarding", "on boarding", "implementation", "support", "training", "rollout", "roll out", "setup",
        "service",
    )),
    (RepReason.MESSAGING_RESONATED, (
        "messaging", "message", "value prop", "resonat", "positioning", "story", "brand", "marketing", "pitch",
    )),
    (RepReason.OTHER, ("other", "misc", "n a", "unknown")),
)  # fmt: skip


# A loss to a competitor is an outcome, not a reason: the text's rival goes to the competitor field and
# only the rest of the text is read for a reason. A rival is named after "lost to", "went with", ... or
# after the word competitor ("Lost to competitor Brightfold", "Competitor: Quillmark"), in capitals.
_NAME = r"(?P<name>[A-Z0-9][\w&'-]*(?:[ \t]+[A-Z0-9][\w&'-]*)*)"
_NAMED_RIVAL = re.compile(
    r"(?i:\b(?:lost(?:[ \t]+out)?[ \t]+to|went[ \t]+with|chose|picked|selected|switched[ \t]+to|signed[ \t]+with)"
    r"(?:[ \t]+(?:a|an|the))?(?:[ \t]+(?:competitor|rival|vendor|incumbent))?"
    r"|\bcompetitor)[ \t]*[:\-–—]?[ \t]*" + _NAME
)
_RIVAL_WORDS = frozenset({"competitor", "competitors", "competition", "competitive", "rival", "rivals", "incumbent"})
_RIVAL_PHRASES = (" another vendor", " other vendor", " different vendor", " alternative vendor", " cheaper vendor",
                  " chose another", " chose a different")
_RIVAL_FILLER = frozenset({
    "lost", "loss", "out", "to", "went", "with", "chose", "picked", "selected", "switched", "signed", "a", "an", "the",
    "another", "other", "different", "alternative", "vendor", "vendors", "provider", "supplier", "solution", "deal",
    *_RIVAL_WORDS,
})  # fmt: skip
"""Words that only say a competitor won; what is left once they are gone is the reason, if any."""
_NOT_A_NAME = frozenset({"price", "pricing", "budget", "timing", "decision", "status", "quo", "other", "unknown",
                         "none", "nothing", "internal", "in", "house", "vendor", *_RIVAL_WORDS})


class ReasonReading(NamedTuple):
    """What a CRM reason text says: the reason code, the rep's note, and the rival it names.

    ``competitor`` is the rival's name, :data:`UNKNOWN_COMPETITOR` when the text says a competitor won
    without naming it, or None when it says nothing of a competitor.
    """

    reason: RepReason | None
    note: str | None
    competitor: str | None = None


def _rival(text: str) -> tuple[str | None, str]:
    """The competitor a reason text names (or Unknown), and the text left once the rival is taken out."""
    for match in _NAMED_RIVAL.finditer(text):
        name = match["name"].strip()
        if not set(_words(name)) & _NOT_A_NAME and clean_competitor(name) == name and not _recognised(name):
            return name, text[: match.start()] + " " + text[match.end():]
    padded = " " + " ".join(_words(text)) + " "
    if set(padded.split()) & _RIVAL_WORDS or any(phrase + " " in padded for phrase in _RIVAL_PHRASES):
        return UNKNOWN_COMPETITOR, text
    return None, text


def _keyword_reason(text: str) -> RepReason | None:
    padded = " " + " ".join(_words(text)) + " "
    for reason, keywords in _REASON_KEYWORDS:
        if any(" " + keyword in padded for keyword in keywords):
            return reason
    return None


def parse_reason(text: str | None) -> RepReason | None:
    """The closed-list reason a free text most plausibly means; OTHER when none fits.

    None when the text is empty or only says a competitor won (that is the competitor, not a reason).
    """
    return read_reason(text, None, has_note_column=True).reason


def _recognised(text: str) -> bool:
    """Whether ``text`` matched a keyword (or is a reason's own name), rather than falling through to OTHER."""
    try:
        RepReason.parse(text)
        return True
    except ValueError:
        return _keyword_reason(text) is not None


def read_reason(text: str | None, note: str | None, *, has_note_column: bool) -> ReasonReading:
    """The rep's reason code, note and the competitor the text names.

    Unrecognised text is OTHER, its words kept as "Reason given: …" unless the file has a rep-note
    column (then that column is the note). A text that names a rival reads as that competitor plus the
    reason the rest of it states, or no reason when the rest says nothing more.
    """
    if text is None or not text.strip():
        return ReasonReading(None, note)
    try:
        return ReasonReading(RepReason.parse(text), note)  # type: ignore[arg-type]
    except ValueError:
        pass
    competitor, rest = _rival(text)
    if competitor is not None:
        rest = " ".join(word for word in _words(rest) if word not in _RIVAL_FILLER)
        if not rest:
            return ReasonReading(None, note, competitor)
    reason = _keyword_reason(rest)
    if reason is not None:
        return ReasonReading(reason, note, competitor)
    return ReasonReading(RepReason.OTHER, note if has_note_column else f"Reason given: {text.strip()}", competitor)


def loss_competitor(named: str | None, column: str | None) -> str | None:
    """The competitor of a lost deal whose reason text says a rival won.

    The rival the text names, else the file's competitor column when it names one, else Unknown.
    ``named`` is None when the text spoke of no rival: the column stands as it is.
    """
    if named is None:
        return column
    if named != UNKNOWN_COMPETITOR:
        return named
    return column if named_competitor(column) else UNKNOWN_COMPETITOR


_NONE = frozenset({"none", "no competitor", "n a", "na", "nobody", "no one", "no", "nil"})
_UNKNOWN = frozenset({"unknown", "not known", "unsure", "dont know", "don t know", "tbd", "not sure"})


def clean_competitor(text: str | None) -> str | None:
    """The competitor as written, with the words for "none" and "unknown" made the app's own two values."""
    if text is None:
        return None
    words = " ".join(_words(text))
    if not words and text.strip() in {"-", "–", "—", "?", ""}:
        return None if not text.strip() else (UNKNOWN_COMPETITOR if text.strip() == "?" else NO_COMPETITOR)
    if words in _NONE:
        return NO_COMPETITOR
    if words in _UNKNOWN:
        return UNKNOWN_COMPETITOR
    return text
