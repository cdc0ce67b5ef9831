"""Closed vocabularies of the domain.

Every enumeration is stored as its lower-case ``value`` in a VARCHAR column
guarded by a CHECK constraint, so both engines refuse anything else.
This module imports nothing but the standard library: the window can use it
before the database layer is loaded.
"""

from __future__ import annotations

from enum import Enum


class Vocabulary(str, Enum):
    """A string enumeration whose members carry a human label."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def parse(cls, text: str) -> "Vocabulary":
        """Return the member whose value or label matches ``text`` (any case)."""
        wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
        for member in cls:
            if wanted in (member.value, member.label.lower().replace(" ", "_")):
                return member
        raise ValueError(f"{text!r} is not one of: {', '.join(m.value for m in cls)}")


class Outcome(Vocabulary):
    WON = "won"
    LOST = "lost"
    NO_DECISION = "no_decision"
    OPEN = "open"


class RepReason(Vocabulary):
    """The primary reason a rep records at close (the closed list).

    Losing to a competitor is an outcome, not a reason: the deal's competitor field says who won,
    and the reason says why they did (price, product fit, ...).
    """

    PRICE_ADVANTAGE = "price_advantage"
    PRODUCT_FIT = "product_fit"
    CHAMPION_LEFT = "champion_left"
    NO_DECISION_TIMING = "no_decision_timing"
    POOR_ONBOARDING = "poor_onboarding"
    MESSAGING_RESONATED = "messaging_resonated"
    OTHER = "other"

    def fits(self, outcome: Outcome) -> bool:
        """Whether a deal with ``outcome`` can come down to this reason (an open deal takes any)."""
        return outcome is Outcome.OPEN or outcome in _REASON_OUTCOMES.get(self, _CLOSED_OUTCOMES)


class Authority(Vocabulary):
    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    USER = "user"
    PROCUREMENT = "procurement"
    UNKNOWN = "unknown"


class Role(Vocabulary):
    PROGRAM_OWNER = "program_owner"
    MANAGER = "manager"
    INTERVIEWER = "interviewer"


class CriteriaStatus(Vocabulary):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETIRED = "retired"


class CandidateStatus(Vocabulary):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    EXCLUDED = "excluded"


class InterviewerKind(Vocabulary):
    INTERNAL = "internal"
    EXTERNAL = "external"


class InterviewStatus(Vocabulary):
    TO_CONTACT = "to_contact"
    INVITED = "invited"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Phase(Vocabulary):
    """The arc of an interview, in the order a guide follows."""

    OPENING = "opening"
    DECISION_PROCESS = "decision_process"
    EVALUATION = "evaluation"
    COMPETITION = "competition"
    SALES_EXPERIENCE = "sales_experience"
    PRODUCT_ROADMAP = "product_roadmap"
    CLOSING = "closing"


class Team(Vocabulary):
    PRODUCT = "product"
    CS = "cs"
    MARKETING = "marketing"
    SALES = "sales"
    LEADERSHIP = "leadership"


class GuideItemState(Vocabulary):
    PENDING = "pending"
    ASKED = "asked"
    SKIPPED = "skipped"
    DROPPED = "dropped"


class Sentiment(Vocabulary):
    """How the buyer felt about what a takeaway describes."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"


class TakeawayKind(Vocabulary):
    """Whether a takeaway names something we lack, or something that sets us apart."""

    GAP = "gap"
    DIFFERENTIATOR = "differentiator"


class ImportStatus(Vocabulary):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


class ReportKind(Vocabulary):
    INTERVIEW = "interview"
    TEAM_DIGEST = "team_digest"
    MONTHLY_REVIEW = "monthly_review"


class DeliveryStatus(Vocabulary):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    WRITTEN = "written"
    """An .eml was written for the recipient's own mail program: not sent, so a later SMTP run still sends it."""


class Channel(Vocabulary):
    """How a report reached (or was meant to reach) a recipient."""

    SMTP = "smtp"
    EML = "eml"


class ActionStatus(Vocabulary):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


_LABELS: dict[Vocabulary, str] = {
    Outcome.NO_DECISION: "No decision",
    RepReason.NO_DECISION_TIMING: "No decision / timing",
    Team.CS: "Customer success",
    Phase.EVALUATION: "Evaluation and criteria",
    Phase.PRODUCT_ROADMAP: "Product and roadmap",
    Role.PROGRAM_OWNER: "Program owner",
    InterviewStatus.TO_CONTACT: "To contact",
}

_CLOSED_OUTCOMES = frozenset({Outcome.WON, Outcome.LOST, Outcome.NO_DECISION})
_NOT_WON = frozenset({Outcome.LOST, Outcome.NO_DECISION})
_REASON_OUTCOMES: dict[RepReason, frozenset[Outcome]] = {
    RepReason.MESSAGING_RESONATED: frozenset({Outcome.WON}),
    RepReason.CHAMPION_LEFT: _NOT_WON,
    RepReason.NO_DECISION_TIMING: _NOT_WON,
    RepReason.POOR_ONBOARDING: _NOT_WON,
}
"""The outcomes each reason can explain; price, product fit and other explain any of the three."""

NO_COMPETITOR = "None"
UNKNOWN_COMPETITOR = "Unknown"
"""Competitor values that are not a named rival: stored as these two words."""


def named_competitor(name: str | None) -> str | None:
    """The competitor's name, or None for no competitor and unknown ones."""
    text = (name or "").strip()
    return text if text and text not in (NO_COMPETITOR, UNKNOWN_COMPETITOR) else None
