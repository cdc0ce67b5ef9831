"""What an interview report says: the buyer, the decision, the takeaways by team, and the full record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from interviewer.enums import (
    GuideItemState,
    Outcome,
    Phase,
    RepReason,
    Sentiment,
    TakeawayKind,
    Team,
)
from interviewer.models import (
    Account,
    Answer,
    Contact,
    Deal,
    Guide,
    GuideItem,
    Interview,
    Quote,
    Takeaway,
)
from interviewer.reporting.anonymity import Context, Identities, describe_buyer, program_identities
from interviewer.scheduling.rows import amount_band


class ReportError(ValueError):
    """A report that cannot be made; ``str()`` says why."""


@dataclass(frozen=True)
class QuoteLine:
    text: str
    offset_seconds: int
    question: str | None = None


@dataclass(frozen=True)
class TakeawayLine:
    text: str
    theme: str | None
    importance: int
    sentiment: Sentiment
    kind: TakeawayKind | None
    teams: tuple[Team, ...]
    quotes: tuple[QuoteLine, ...]
    no_quote_reason: str | None


@dataclass(frozen=True)
class RecordLine:
    """One question of the call as asked: the notes, the quotes, how long it took."""

    question: str
    phase: Phase
    state: GuideItemState
    spent_seconds: int
    notes: str
    quotes: tuple[QuoteLine, ...]


@dataclass(frozen=True)
class InterviewReport:
    interview_id: int
    title: str
    buyer: str
    """Role, segment and industry; with identities, also the name and company."""
    identities: bool
    facts: tuple[tuple[str, str], ...]
    outcome: Outcome
    buyer_outcome: Outcome | None
    rep_reason: RepReason | None
    buyer_reason: RepReason | None
    secondary_reasons: tuple[RepReason, ...]
    competitor: str | None
    decision_criteria: str | None
    marketing_feedback: str | None
    held_on: date | None
    takeaways: tuple[TakeawayLine, ...]
    record: tuple[RecordLine, ...]
    intro_notes: str = ""
    """What the interviewer noted during the introduction, before the first question."""
    wrap_notes: str = ""
    """What they noted in the wrap-up, after the last question."""
    about: tuple[Context, ...] = ()
    """Whom the report is about: the leak check also looks for these people's first names."""

    @property
    def reason_mismatch(self) -> bool:
        return self.rep_reason is not None and self.buyer_reason is not None and self.rep_reason != self.buyer_reason

    def by_teams(self) -> dict[tuple[Team, ...], list[TakeawayLine]]:
        """Each takeaway once, under the teams it is routed to together (teams in their usual order); the groups
        ordered by their first team, a team alone before it shares; takeaways routed nowhere last, under ()."""
        order = list(Team)
        grouped: dict[tuple[Team, ...], list[TakeawayLine]] = {}
        for takeaway in self.takeaways:
            grouped.setdefault(takeaway.teams, []).append(takeaway)
        return dict(sorted(grouped.items(), key=lambda item: ([order.index(t) for t in item[0]] or [len(order)])))


def interview_report(session: Session, interview_id: int, *, identities: bool = False,
                     known: Identities | None = None) -> InterviewReport:
    """Gather an interview's report; anonymous unless ``identities``. ``ReportError`` when it is not wrapped up.

    ``known`` (default: the program's) are the identities an anonymous report hides."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise ReportError(f"There is no interview {interview_id}.")
    if interview.wrapped_up_at is None:
        raise ReportError("This interview is not wrapped up yet: finish its wrap-up first.")
    deal = session.get(Deal, interview.deal_id)
    assert deal is not None
    account = session.get(Account, deal.account_id) if deal.account_id is not None else None
    contact = session.get(Contact, interview.contact_id) if interview.contact_id is not None else None
    anonymous = describe_buyer(contact, account)
    about = Context.of(deal, contact)
    hide = str if identities else (known or program_identities(session)).hider(about)
    buyer = anonymous
    facts: list[tuple[str, str]] = []
    if identities and contact is not None:
        buyer = f"{contact.full_name}, {contact.title or 'buyer'} at {account.name if account else 'their company'}"
        facts.append(("Email", contact.email or "—"))
    facts += [("Segment", (account.segment if account else None) or "—"),
              ("Industry", (account.industry if account else None) or "—"),
              ("Region", (account.region if account else None) or "—"),
              ("Deal size", amount_band(deal.amount, deal.currency) or "—")]
    if identities and deal.owner_rep:
        facts.append(("Rep", deal.owner_rep))
    items = list(session.scalars(select(GuideItem).join(Guide).where(Guide.interview_id == interview_id)
                                 .order_by(GuideItem.position)))
    texts = {item.id: hide(item.text) for item in items}
    answers = session.execute(select(Answer.guide_item_id, Answer.phase, Answer.notes)
                              .where(Answer.interview_id == interview_id)).all()
    notes = {row.guide_item_id: row.notes for row in answers if row.guide_item_id is not None}
    phase_notes = {Phase(row.phase): hide(row.notes or "") for row in answers if row.guide_item_id is None and row.phase}
    quotes = list(session.scalars(select(Quote).where(Quote.interview_id == interview_id)
                                  .order_by(Quote.offset_seconds)))

    def quote_line(quote: Quote) -> QuoteLine:
        return QuoteLine(hide(quote.text), quote.offset_seconds, texts.get(quote.guide_item_id or -1))

    held = interview.started_at or interview.scheduled_start
    takeaways = session.scalars(select(Takeaway).where(Takeaway.interview_id == interview_id)
                                .options(selectinload(Takeaway.routes), selectinload(Takeaway.quotes))
                                .order_by(Takeaway.position))
    return InterviewReport(
        interview_id=interview.id, title=f"Interview report · {anonymous if not identities else buyer}",
        buyer=buyer, identities=identities, facts=tuple(facts), outcome=deal.outcome,
        buyer_outcome=interview.buyer_outcome, rep_reason=deal.rep_reason, buyer_reason=interview.buyer_reason,
        secondary_reasons=tuple(RepReason(r) for r in interview.secondary_reasons or ()),
        competitor=interview.buyer_competitor or deal.competitor,
        decision_criteria=hide(interview.decision_criteria or "") or None,
        marketing_feedback=hide(interview.marketing_feedback or "") or None,
        held_on=held.date() if held else None,
        takeaways=tuple(
            TakeawayLine(hide(t.text), t.theme, t.importance, t.sentiment, t.kind,
                         tuple(team for team in Team if team in {r.team for r in t.routes}),
                         tuple(quote_line(q) for q in sorted(t.quotes, key=lambda q: q.offset_seconds)),
                         t.no_quote_reason)
            for t in takeaways
        ),
        record=tuple(
            RecordLine(texts[item.id], Phase(item.phase), GuideItemState(item.state), item.spent_seconds,
                       hide(notes.get(item.id, "")),
                       tuple(quote_line(q) for q in quotes if q.guide_item_id == item.id))
            for item in items
        ),
        intro_notes=phase_notes.get(Phase.OPENING, ""), wrap_notes=phase_notes.get(Phase.CLOSING, ""),
        about=(about,),
    )  # fmt: skip
