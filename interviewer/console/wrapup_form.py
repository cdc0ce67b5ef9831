"""What the wrap-up form holds, as plain values: turned into the domain's drafts, or into JSON for a saved draft."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from interviewer.console.wrapup import IMPORTANCE, TakeawayDraft, WrapUp
from interviewer.enums import UNKNOWN_COMPETITOR, Outcome, RepReason, Sentiment, TakeawayKind, Team

FORMAT = 1
"""The version of the saved-draft JSON; a draft of another version is ignored rather than misread."""
RETIRED_REASON = "lost_to_competitor"
"""A reason drafts saved before migration 0006 may hold: read as no reason, the competitor kept (Unknown if blank)."""


@dataclass
class TakeawayState:
    """One takeaway as typed; ``teams_by_hand`` stops the quotes' routing from overriding the teams chosen."""

    text: str = ""
    theme: str = ""
    importance: int = 2
    sentiment: Sentiment = Sentiment.MIXED
    kind: TakeawayKind | None = None
    teams: tuple[Team, ...] = ()
    teams_by_hand: bool = False
    quote_ids: tuple[int, ...] = ()
    no_quote_reason: str = ""

    def draft(self) -> TakeawayDraft:
        return TakeawayDraft(self.text, self.teams, self.quote_ids, self.no_quote_reason, self.theme,
                             self.importance, self.sentiment, self.kind)

    def problems(self) -> list[str]:
        return self.draft().problems()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "theme": self.theme, "importance": self.importance,
                "sentiment": self.sentiment.value, "kind": self.kind.value if self.kind else None,
                "teams": [t.value for t in self.teams], "teams_by_hand": self.teams_by_hand,
                "quote_ids": list(self.quote_ids), "no_quote_reason": self.no_quote_reason}

    @classmethod
    def from_json(cls, data: dict[str, Any], quote_ids: Collection[int]) -> TakeawayState:
        """Read a saved takeaway, keeping only the quotes the call still has."""
        importance = int(data.get("importance", 2))
        return cls(
            text=str(data.get("text", "")), theme=str(data.get("theme", "")),
            importance=importance if importance in IMPORTANCE else 2,
            sentiment=Sentiment(data.get("sentiment", Sentiment.MIXED.value)),
            kind=TakeawayKind(data["kind"]) if data.get("kind") else None,
            teams=tuple(Team(t) for t in data.get("teams", ())), teams_by_hand=bool(data.get("teams_by_hand")),
            quote_ids=tuple(int(q) for q in data.get("quote_ids", ()) if int(q) in quote_ids),
            no_quote_reason=str(data.get("no_quote_reason", "")),
        )


@dataclass
class FormState:
    """The whole wrap-up: what the buyer said, and the takeaways."""

    wrap_up: WrapUp
    takeaways: list[TakeawayState] = field(default_factory=list)

    def drafts(self) -> list[TakeawayDraft]:
        return [takeaway.draft() for takeaway in self.takeaways]

    def to_json(self) -> dict[str, Any]:
        wrap = self.wrap_up
        return {
            "format": FORMAT, "buyer_outcome": wrap.buyer_outcome.value,
            "primary_reason": wrap.primary_reason.value if wrap.primary_reason else None,
            "secondary_reasons": [r.value for r in wrap.secondary_reasons], "competitor": wrap.competitor or "",
            "decision_criteria": wrap.decision_criteria, "marketing_feedback": wrap.marketing_feedback,
            "takeaways": [t.to_json() for t in self.takeaways],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], quote_ids: Collection[int]) -> FormState:
        """Read a saved draft; ``ValueError`` (or ``KeyError``/``TypeError``) when it is not one this version wrote."""
        if data.get("format") != FORMAT:
            raise ValueError("not a wrap-up draft of this version")
        reason = data.get("primary_reason")
        competitor = str(data.get("competitor", ""))
        if reason == RETIRED_REASON:
            reason, competitor = None, competitor or UNKNOWN_COMPETITOR
        secondary = (RepReason(r) for r in data.get("secondary_reasons", ()) if r != RETIRED_REASON)
        wrap = WrapUp(
            Outcome(data["buyer_outcome"]), RepReason(reason) if reason else None, tuple(secondary), competitor,
            str(data.get("decision_criteria", "")), str(data.get("marketing_feedback", "")),
        )
        return cls(wrap, [TakeawayState.from_json(t, quote_ids) for t in data.get("takeaways", ())])

    def copy(self) -> FormState:
        return FormState(self.wrap_up, [replace(t) for t in self.takeaways])
