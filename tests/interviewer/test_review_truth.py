"""The monthly review tells the truth, on crafted months whose answers are known by construction: patterns from
the month's wrapped-up interviews (ties said as ties, an outcome without interviews said so), typed patterns kept
apart as a person's note, buyers' reasons beside the reps', and the mismatch by team and segment."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from builders import DealSpec, HeldSpec, add_deals, add_held
from interviewer.analytics.reasons import reasons
from interviewer.analytics.review_workspace import open_workspace, save_workspace
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Outcome, RepReason
from interviewer.models import Deal, ReviewMeeting
from interviewer.reporting.periods import month
from interviewer.reporting.review import Review, monthly_review

W, L, N = Outcome.WON, Outcome.LOST, Outcome.NO_DECISION
P, F, T = RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT, RepReason.NO_DECISION_TIMING
NOVEMBER = month("2026-11")
CLOCK = FixedClock(datetime(2026, 12, 2, 10, tzinfo=UTC))


def crafted_month(database: Database) -> list[int]:
    """November 2026: 2 lost deals whose interviews tie on two themes, 1 won deal without an interview, 2
    no-decision deals (one without a rep reason), and a lost deal closed in October interviewed in November."""
    deals = add_deals(database, [
        DealSpec("Alder", L, closed=date(2026, 11, 4), segment="SMB", reason=P),
        DealSpec("Birch", L, closed=date(2026, 11, 12), segment="SMB", reason=P),
        DealSpec("Cedar", W, closed=date(2026, 11, 9), segment="Enterprise", reason=F),
        DealSpec("Dogwood", N, closed=date(2026, 11, 20), segment="SMB", reason=T),
        DealSpec("Elm", N, closed=date(2026, 11, 21), segment="SMB"),
        DealSpec("Fir", L, closed=date(2026, 10, 28), segment="SMB", reason=F),
    ])  # fmt: skip
    with database.sessions() as session, session.begin():
        for deal, team in zip(deals[:2], ("East", "West")):
            session.execute(update(Deal).where(Deal.id == deal).values(rep_team=team))
    add_held(database, deals, [
        HeldSpec(0, datetime(2026, 11, 18, 15, tzinfo=UTC), F, (P, F), ("Rollout risk", "Price", "Rollout risk"),
                 ("First words", "Second words", "Third words")),
        HeldSpec(1, datetime(2026, 11, 25, 15, tzinfo=UTC), P, (), ("Price", "Rollout risk", "Support")),
        HeldSpec(5, datetime(2026, 11, 3, 15, tzinfo=UTC), None, (), ("Contract terms",)),
    ])  # fmt: skip
    return deals


def _review(database: Database) -> Review:
    with database.sessions() as session:
        return monthly_review(session, NOVEMBER.start, NOVEMBER.end, NOVEMBER.label, today=CLOCK.today())


def test_a_tie_is_said_as_a_tie_and_a_month_without_won_interviews_says_so(database: Database) -> None:
    deals = add_deals(database, [DealSpec("Alder", L, closed=date(2026, 11, 4)),
                                 DealSpec("Birch", L, closed=date(2026, 11, 12))])
    add_held(database, deals, [HeldSpec(0, datetime(2026, 11, 18, tzinfo=UTC), themes=("Rollout risk", "Price")),
                               HeldSpec(1, datetime(2026, 11, 25, tzinfo=UTC), themes=("Price", "Rollout risk"))])
    review = _review(database)
    assert review.loss_pattern == ("Two themes tie, each raised in 2 of 2 lost interviews wrapped up in November "
                                   "2026: Price; Rollout risk.")
    assert review.win_pattern == "No interview of a won deal was wrapped up in November 2026."
    assert review.pattern(N).text == "No interview of a no-decision deal was wrapped up in November 2026."


def test_a_theme_counts_once_per_interview_over_the_interviews_wrapped_up_in_the_month(database: Database) -> None:
    crafted_month(database)
    review = _review(database)
    lost = review.pattern(L)
    # Alder names Rollout risk twice (counted once); Fir's deal closed in October but its interview is November's
    assert (lost.interviews, lost.themes, lost.count) == (3, ("Price", "Rollout risk"), 2)
    assert review.interviews == 3
    assert [(a.outcome, a.interviews) for a in review.adequacy] == [(L, 3), (W, 0), (N, 0)]


def test_buyers_reasons_lead_with_the_reps_beside_them(database: Database) -> None:
    crafted_month(database)
    with database.sessions() as session:
        found = reasons(session, NOVEMBER.start, NOVEMBER.end)
    lost = found.of(L)
    assert (lost.deals, lost.interviews, lost.buyer_missing) == (2, 2, 0)  # Fir closed in October: not this month's
    assert [(bar.label, bar.count) for bar in lost.buyer_primary] == [(P.label, 1), (F.label, 1)]
    assert [(bar.label, bar.count) for bar in lost.buyer_secondary] == [(P.label, 1)]  # the primary is not repeated
    assert [(bar.label, bar.count) for bar in lost.rep] == [(P.label, 2)]
    assert lost.quotes == ("First words", "Second words")  # two at most, the first said first
    assert lost.labels == (P.label, F.label)
    won, undecided = found.of(W), found.of(N)
    assert (won.deals, won.interviews, won.buyer_primary, won.rep_count(F.label)) == (1, 0, (), 1)
    assert (undecided.deals, undecided.rep_count(T.label), undecided.rep_missing) == (2, 1, 1)


def test_the_mismatch_is_by_rep_team_and_segment_with_its_n(database: Database) -> None:
    crafted_month(database)
    with database.sessions() as session:
        found = reasons(session, NOVEMBER.start, NOVEMBER.end)
    assert (found.mismatch.part, found.mismatch.n, found.mismatch_missing) == (1, 2, 0)  # Alder: product vs price
    assert [(g.label, g.rate.part, g.rate.n) for g in found.by_team] == [("East", 1, 1), ("West", 0, 1)]
    assert [(g.label, g.rate.part, g.rate.n) for g in found.by_segment] == [("SMB", 1, 2)]
    assert found.mismatch.early_signal


def test_opening_a_review_stores_no_computed_text_and_a_typed_pattern_is_the_writers(database: Database) -> None:
    crafted_month(database)
    with database.sessions() as session, session.begin():
        workspace = open_workspace(session, NOVEMBER, clock=CLOCK, actor="Maren Oduya")
        meeting = session.get(ReviewMeeting, workspace.review_id)
        assert (meeting.win_pattern, meeting.loss_pattern, workspace.loss_pattern) == (None, None, "")
        assert workspace.review.loss_pattern.startswith("Two themes tie")  # shown as computed
    assert (_review(database).win_note, _review(database).loss_note) == (None, None)

    with database.sessions() as session, session.begin():  # one person writes the loss pattern, another the notes
        save_workspace(session, workspace.review_id, win_pattern=workspace.review.win_pattern,
                       loss_pattern="Rollout risk loses SMB", notes="", clock=CLOCK, actor="Tobias Kerrane")
        save_workspace(session, workspace.review_id, win_pattern=workspace.review.win_pattern,
                       loss_pattern="Rollout risk loses SMB", notes="Ask sales", clock=FixedClock(datetime(
                           2026, 12, 3, 9, tzinfo=UTC)), actor="Maren Oduya")  # fmt: skip
    review = _review(database)
    assert review.win_note is None  # the computed sentence kept verbatim is nobody's note
    assert (review.loss_note.text, review.loss_note.by, review.loss_note.on) == (
        "Rollout risk loses SMB", "Tobias Kerrane", date(2026, 12, 2))
    assert (review.notes.text, review.notes.by, review.notes.on) == ("Ask sales", "Maren Oduya", date(2026, 12, 3))
    assert review.loss_pattern.startswith("Two themes tie")  # the computed one is still there
    with database.sessions() as session:
        assert session.scalar(select(ReviewMeeting.loss_pattern)) == "Rollout risk loses SMB"
