"""The outreach pipeline: every allowed move, every refusal with its sentence, the audit trail."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from itertools import product
from typing import Any

import pytest
from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.enums import InterviewerKind, InterviewStatus, Outcome
from interviewer.models import Account, AuditEntry, Contact, Deal, Interview, Interviewer
from interviewer.scheduling.pipeline import ALLOWED, PipelineError, move, record_move, refusal, take_back
from interviewer.scheduling.slots import schedule

S = InterviewStatus
AT = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
START = datetime(2026, 11, 10, 14, 0, tzinfo=timezone.utc)  # Tue 15:00 Berlin, 09:00 New York


def add_interview(session: Any, status: S = S.TO_CONTACT) -> int:
    """One interview of a Berlin interviewer with a buyer in New York, in ``status`` (booked when scheduled)."""
    interviewer = session.scalar(select(Interviewer).where(Interviewer.email == "ana@example.com"))
    if interviewer is None:
        interviewer = Interviewer(name="Ana Ruiz", email="ana@example.com", kind=InterviewerKind.EXTERNAL,
                                  time_zone="Europe/Berlin", availability={"tue": ["13:00-17:00"]})
    account = Account(name="Harbor Freight Co")
    deal = Deal(external_id=f"D-{session.scalar(select(Deal.id).order_by(Deal.id.desc()).limit(1)) or 0}",
                account=account, outcome=Outcome.LOST, amount=Decimal("42000"), close_date=date(2026, 10, 20))
    contact = Contact(account=account, first_name="Lee", last_name="Park", title="CFO", time_zone="America/New_York")
    session.add_all([interviewer, deal, contact])
    session.flush()
    interview = Interview(deal_id=deal.id, contact_id=contact.id, interviewer_id=interviewer.id, status=status)
    if status in (S.SCHEDULED, S.COMPLETED, S.NO_SHOW):
        interview.scheduled_start = START
        interview.buyer_time_zone = "America/New_York"
    session.add(interview)
    session.flush()
    return interview.id


PAIRS = [(a, b) for a, b in product(S, S) if b != S.SCHEDULED]


@pytest.mark.parametrize(("current", "to"), PAIRS, ids=[f"{a.value}->{b.value}" for a, b in PAIRS])
def test_every_move_is_allowed_or_refused_as_the_table_says(sqlite_database, current: S, to: S) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(AT)
    with sqlite_database.sessions() as session, session.begin():
        interview_id = add_interview(session, current)
        if to in ALLOWED[current]:
            row = move(session, interview_id, to, actor="Maren", clock=clock, note="by phone")
            assert row.status == to
            entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == interview_id)).one()
            assert (entry.action, entry.actor, entry.at) == (f"interview.{to.value}", "Maren", AT)
            assert entry.details == {"from": current.value, "to": to.value, "note": "by phone"}
        else:
            with pytest.raises(PipelineError) as refused:
                move(session, interview_id, to, actor="Maren", clock=clock)
            assert str(refused.value) == refusal(current, to)
            assert session.get(Interview, interview_id).status == current
            assert session.scalars(select(AuditEntry)).all() == []


def test_the_table_matches_the_brief() -> None:
    assert ALLOWED[S.TO_CONTACT] == {S.INVITED, S.CANCELLED, S.DECLINED, S.NO_RESPONSE}
    assert ALLOWED[S.INVITED] == {S.SCHEDULED, S.DECLINED, S.NO_RESPONSE, S.CANCELLED}
    assert ALLOWED[S.SCHEDULED] == {S.SCHEDULED, S.COMPLETED, S.NO_SHOW, S.CANCELLED, S.DECLINED}
    assert ALLOWED[S.NO_RESPONSE] == {S.INVITED}
    assert ALLOWED[S.NO_SHOW] == {S.SCHEDULED}
    assert not (ALLOWED[S.DECLINED] or ALLOWED[S.COMPLETED] or ALLOWED[S.CANCELLED])


def test_refusals_are_sentences_naming_both_states() -> None:
    assert refusal(S.TO_CONTACT, S.COMPLETED) == "An interview cannot be completed before it is scheduled (it is still to contact)."
    assert refusal(S.INVITED, S.NO_SHOW) == "An interview cannot be marked as a no-show before it is scheduled (it is invited)."
    assert refusal(S.COMPLETED, S.CANCELLED) == "This interview is completed; it cannot be cancelled any more."
    assert refusal(S.NO_RESPONSE, S.DECLINED) == "An interview that is waiting without a response cannot be marked declined."
    assert refusal(S.INVITED, S.INVITED) == "This interview is already invited."
    assert refusal(S.INVITED, S.SCHEDULED) is None


def test_moving_into_scheduled_needs_a_time(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        interview_id = add_interview(session, S.INVITED)
        with pytest.raises(PipelineError, match="pick an interviewer and a time"):
            move(session, interview_id, S.SCHEDULED, actor="Maren", clock=FixedClock(AT))
        with pytest.raises(PipelineError, match="cannot be scheduled"):
            move(session, add_interview(session, S.COMPLETED), S.SCHEDULED, actor="Maren", clock=FixedClock(AT))


def test_a_whole_outreach_is_logged_with_actors_and_times_on_each_engine(database) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(AT)
    with database.sessions() as session, session.begin():
        interview_id = add_interview(session)
        interviewer_id = session.get(Interview, interview_id).interviewer_id
        move(session, interview_id, S.INVITED, actor="Maren", clock=clock, note="first email")
        move(session, interview_id, S.NO_RESPONSE, actor="Maren", clock=clock)
        clock.advance(days=3)
        move(session, interview_id, S.INVITED, actor="Maren", clock=clock, note="second attempt")
        clock.advance(days=1)
        schedule(session, interview_id, interviewer_id=interviewer_id, start=START, minutes=30, buyer_time_zone=None,
                 actor="Ines", clock=clock)
        clock.advance(days=4)
        row = move(session, interview_id, S.COMPLETED, actor="Ines", clock=clock)
    assert row.status == S.COMPLETED
    with database.sessions() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.actor, e.at, e.details["from"]) for e in entries] == [
            ("interview.invited", "Maren", AT, "to_contact"),
            ("interview.no_response", "Maren", AT, "invited"),
            ("interview.invited", "Maren", datetime(2026, 11, 5, 9, 30, tzinfo=timezone.utc), "no_response"),
            ("interview.scheduled", "Ines", datetime(2026, 11, 6, 9, 30, tzinfo=timezone.utc), "invited"),
            ("interview.completed", "Ines", datetime(2026, 11, 10, 9, 30, tzinfo=timezone.utc), "scheduled"),
        ]
        assert entries[2].details["note"] == "second attempt"
        interview = session.get(Interview, interview_id)
        # Completing records the day the buyer had the call (09:00 in New York on 10 November).
        assert session.get(Contact, interview.contact_id).last_interviewed_on == date(2026, 11, 10)


def test_a_missing_interview_is_a_sentence(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, pytest.raises(PipelineError, match="no longer exists"):
        move(session, 999, S.INVITED, actor="Maren", clock=FixedClock(AT))


def test_declining_a_booked_call_supersedes_its_invite(sqlite_database) -> None:  # noqa: ANN001
    """A declined call's calendar file is a cancellation, so its SEQUENCE must rise like a cancel's."""
    from builders import DealSpec, add_deals

    clock = FixedClock(datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    deal_id = add_deals(sqlite_database, [DealSpec("Globex", Outcome.LOST)])[0]
    with sqlite_database.sessions() as session, session.begin():
        interview = Interview(deal_id=deal_id, status=InterviewStatus.SCHEDULED, ics_uid="abc@winloss-studio", ics_sequence=2,
                              scheduled_start=datetime(2026, 11, 24, 15, tzinfo=timezone.utc))
        session.add(interview)
        session.flush()
        move(session, interview.id, InterviewStatus.DECLINED, actor="Ana", clock=clock)
        assert interview.ics_sequence == 3


def test_a_recorded_move_is_taken_back_and_logged(sqlite_database) -> None:  # noqa: ANN001
    clock = FixedClock(AT)
    with sqlite_database.sessions() as session, session.begin():
        invited = add_interview(session)
        moved = record_move(session, invited, S.INVITED, actor="Maren", clock=clock)
        assert (moved.before, moved.after) == (S.TO_CONTACT, S.INVITED)
        assert take_back(session, moved, actor="Maren", clock=clock).status == S.TO_CONTACT

        held = add_interview(session, S.SCHEDULED)
        contact = session.get(Contact, session.get(Interview, held).contact_id)
        contact.last_interviewed_on = date(2025, 1, 7)
        completed = record_move(session, held, S.COMPLETED, actor="Maren", clock=clock)
        assert contact.last_interviewed_on == date(2026, 11, 10)
        take_back(session, completed, actor="Maren", clock=clock)
        assert (session.get(Interview, held).status, contact.last_interviewed_on) == (S.SCHEDULED, date(2025, 1, 7))

        declined = add_interview(session, S.SCHEDULED)
        session.get(Interview, declined).ics_uid = "d@winloss-studio"
        moved = record_move(session, declined, S.DECLINED, actor="Maren", clock=clock)
        take_back(session, moved, actor="Maren", clock=clock)
        interview = session.get(Interview, declined)
        assert (interview.status, interview.ics_sequence) == (S.SCHEDULED, 2)  # the next invite replaces the cancellation

        moved = record_move(session, invited, S.INVITED, actor="Maren", clock=clock)
        move(session, invited, S.DECLINED, actor="Maren", clock=clock)
        with pytest.raises(PipelineError, match="declined now, so being invited cannot be taken back"):
            take_back(session, moved, actor="Maren", clock=clock)
    with sqlite_database.sessions() as session:
        undone = session.scalars(select(AuditEntry).where(AuditEntry.action == "interview.move_undone")
                                 .order_by(AuditEntry.id)).all()  # fmt: skip
        assert [(e.details["from"], e.details["to"], e.actor, e.at) for e in undone] == [
            ("invited", "to_contact", "Maren", AT), ("completed", "scheduled", "Maren", AT),
            ("declined", "scheduled", "Maren", AT)]
