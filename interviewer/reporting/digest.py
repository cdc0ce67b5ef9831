"""What a team digest says: the takeaways routed to one team in a period, by theme, and what changed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from interviewer.enums import Sentiment, TakeawayKind, Team
from interviewer.models import (
    Account,
    Contact,
    Deal,
    Interview,
    Takeaway,
    TakeawayRoute,
)
from interviewer.reporting.anonymity import Context, Identities, describe_buyer, program_identities
from interviewer.reporting.periods import Period

OTHER_THEME = "Other"


@dataclass(frozen=True)
class DigestQuote:
    text: str
    buyer: str
    """Who said it: role, segment and industry (with identities, the name and company)."""


@dataclass(frozen=True)
class DigestTakeaway:
    text: str
    importance: int
    sentiment: Sentiment
    kind: TakeawayKind | None
    quotes: tuple[DigestQuote, ...]


@dataclass(frozen=True)
class Theme:
    name: str
    interviews: int
    """How many interviews raised it."""
    takeaways: tuple[DigestTakeaway, ...]


@dataclass(frozen=True)
class Change:
    theme: str
    before: int
    now: int

    @property
    def text(self) -> str:
        if self.before == 0:
            return f"New: {self.theme} ({self.now} interview{'s' if self.now != 1 else ''})"
        if self.now == 0:
            return f"No longer raised: {self.theme} (was {self.before})"
        direction = "up" if self.now > self.before else "down"
        return f"{self.theme}: {direction} from {self.before} to {self.now} interviews"


@dataclass(frozen=True)
class Digest:
    team: Team
    period: Period
    identities: bool
    interviews: int
    themes: tuple[Theme, ...]
    changes: tuple[Change, ...]
    previous: Period
    about: tuple[Context, ...] = ()
    """Whom the digest's takeaways are about: the leak check also looks for these people's first names."""

    @property
    def title(self) -> str:
        return f"{self.team.label} digest · {self.period.label}"


def team_digest(session: Session, team: Team, period: Period, *, identities: bool = False,
                known: Identities | None = None) -> Digest:
    """The takeaways routed to ``team`` from interviews wrapped up in ``period``; reps are never named.

    ``known`` (default: the program's) are the identities hidden: all of them unless ``identities``."""
    known = known or program_identities(session)
    themes, interviews, about = _themes(session, team, period, identities, known)
    before, _, _ = _themes(session, team, period.previous(), identities, known)
    counts_now = {theme.name: theme.interviews for theme in themes}
    counts_before = {theme.name: theme.interviews for theme in before}
    changes = [Change(name, counts_before.get(name, 0), counts_now.get(name, 0))
               for name in sorted(set(counts_now) | set(counts_before))
               if counts_before.get(name, 0) != counts_now.get(name, 0)]
    changes.sort(key=lambda c: (-abs(c.now - c.before), c.theme))
    return Digest(team, period, identities, interviews, tuple(themes), tuple(changes), period.previous(), about)


def _themes(session: Session, team: Team, period: Period, identities: bool, known: Identities
            ) -> tuple[list[Theme], int, tuple[Context, ...]]:
    start = datetime.combine(period.start, time(0), tzinfo=UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=UTC)
    rows = session.execute(
        select(Takeaway, Interview.id, Deal, Contact, Account)
        .join(TakeawayRoute, TakeawayRoute.takeaway_id == Takeaway.id)
        .join(Interview, Interview.id == Takeaway.interview_id)
        .join(Deal, Deal.id == Interview.deal_id)
        .outerjoin(Account, Account.id == Deal.account_id)
        .outerjoin(Contact, Contact.id == Interview.contact_id)
        .where(TakeawayRoute.team == team, Interview.wrapped_up_at >= start, Interview.wrapped_up_at < end)
        .options(selectinload(Takeaway.quotes))
        .order_by(Takeaway.importance.desc(), Takeaway.id)
    ).all()  # fmt: skip
    among = tuple(dict.fromkeys(Context.of(deal, contact) for _, _, deal, contact, _ in rows))
    grouped: dict[str, list[DigestTakeaway]] = defaultdict(list)
    raised: dict[str, set[int]] = defaultdict(set)
    for takeaway, interview_id, deal, contact, account in rows:
        buyer = describe_buyer(contact, account)
        if identities and contact is not None:
            buyer = f"{contact.full_name}, {account.name if account else buyer}"
        theme = (takeaway.theme or "").strip() or OTHER_THEME
        hide = known.hider(Context.of(deal, contact), among=among, reps_only=identities)  # reps: never named
        quotes = tuple(DigestQuote(hide(q.text), buyer) for q in sorted(takeaway.quotes, key=lambda q: q.id))
        grouped[theme].append(DigestTakeaway(hide(takeaway.text), takeaway.importance, takeaway.sentiment,
                                             takeaway.kind, quotes))
        raised[theme].add(interview_id)
    themes = [Theme(name, len(raised[name]), tuple(items)) for name, items in grouped.items()]
    themes.sort(key=lambda t: (-t.interviews, -max(x.importance for x in t.takeaways), t.name == OTHER_THEME, t.name))
    return themes, len({interview_id for _, interview_id, _, _, _ in rows}), among
