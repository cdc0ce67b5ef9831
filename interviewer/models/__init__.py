"""The ORM models of the whole workflow; importing this package registers every table."""

from interviewer.models.base import Base, utcnow
from interviewer.models.capture import Answer, Quote, ReasonTag, Takeaway, TakeawayRoute, takeaway_quotes
from interviewer.models.crm import Account, Contact, Deal, DealContact, ImportBatch, ImportRejection, MappingProfile
from interviewer.models.outputs import (
    Action,
    AuditEntry,
    Delivery,
    DeliveryAttempt,
    Recipient,
    Report,
    ReviewMeeting,
    TeamRecord,
)
from interviewer.models.program import Candidate, CriteriaSet, Interview, Interviewer, MessageTemplate, Profile
from interviewer.models.questions import Guide, GuideItem, Question, QuestionBank

__all__ = [
    "Account", "Action", "Answer", "AuditEntry", "Base", "Candidate", "Contact", "CriteriaSet", "Deal",
    "DealContact", "Delivery", "DeliveryAttempt", "Guide", "GuideItem", "ImportBatch", "ImportRejection", "Interview",
    "Interviewer", "MappingProfile", "MessageTemplate", "Profile", "Question", "QuestionBank", "Quote",
    "ReasonTag", "Recipient", "Report", "ReviewMeeting", "Takeaway", "TakeawayRoute", "TeamRecord",
    "takeaway_quotes", "utcnow",
]
