"""The dashboard's honest denominators on crafted programs whose answers are known by construction: participation
without future calls or pending invitations, eligible by the approved criteria, the rows each chart leaves out,
the partial months of the trend and no-decision reasons as an outcome of their own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from builders import DealSpec, add_deals
from interviewer.analytics.adequacy import ASSUMPTION
from interviewer.analytics.dashboard import NO_DECISION_RULE, Filters, dashboard, deals_behind
from interviewer.analytics.snapshot import read_snapshot
from interviewer.criteria import review
from interviewer.criteria.definition import CriteriaDefinition
from interviewer.db import Database
from interviewer.enums import InterviewStatus, Outcome, RepReason, Role
from interviewer.models import Deal, Interview
from interviewer.profiles import create_profile

W, L, N = Outcome.WON, Outcome.LOST, Outcome.NO_DECISION
TODAY = date(2026, 11, 20)
PERIOD = Filters(date(2026, 10, 1), date(2026, 11, 30))


def _board(database: Database, filters: Filters = PERIOD):  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        snapshot = read_snapshot(session)
        return snapshot, dashboard(session, snapshot, filters, today=TODAY)


def test_participation_counts_only_buyers_who_answered(database: Database) -> None:
    """4 completed, 2 declined, 1 no answer after the last reminder → 4 of 7; 3 calls booked ahead (one today),
    1 invitation awaiting an answer, 1 past call not yet marked and 1 no-show are listed apart."""
    statuses = ([InterviewStatus.COMPLETED] * 4 + [InterviewStatus.DECLINED] * 2 + [InterviewStatus.NO_RESPONSE]
                + [InterviewStatus.SCHEDULED] * 4 + [InterviewStatus.INVITED, InterviewStatus.NO_SHOW,
                                                     InterviewStatus.TO_CONTACT, InterviewStatus.CANCELLED])
    ids = add_deals(database, [DealSpec(f"Deal {i}", L, closed=date(2026, 10, 5)) for i in range(len(statuses))])
    noon = datetime(2026, 11, 20, 12, tzinfo=UTC)
    starts = {7: noon + timedelta(days=3), 8: noon + timedelta(days=10), 9: noon, 10: noon - timedelta(days=2)}
    with database.sessions() as session, session.begin():
        for index, (deal, status) in enumerate(zip(ids, statuses)):
            start = starts.get(index, noon - timedelta(days=20) if status is InterviewStatus.COMPLETED else None)
            session.add(Interview(deal_id=deal, status=status, scheduled_start=start))
    _, board = _board(database)
    p = board.participation
    assert (p.rate.part, p.rate.n) == (4, 7)
    assert (p.booked_ahead, p.awaiting_answer, p.not_yet_marked, p.no_shows) == (3, 1, 1, 1)
    assert p.apart_text == ("3 calls booked ahead, 1 invitation awaiting an answer, 1 past call not yet marked "
                            "and 1 no-show are not counted.")


def _approve(database: Database, definition: CriteriaDefinition) -> None:
    with database.sessions() as session, session.begin():
        owner = create_profile(session, "Olga Owner", "owner@example.com", Role.PROGRAM_OWNER).id
        manager = create_profile(session, "Max Manager", "manager@example.com", Role.MANAGER).id
        draft = review.create_draft(session, owner, "Mid-market losses", definition)
        review.submit(session, owner, draft.id)
        review.approve(session, manager, draft.id)


def test_eligible_is_the_deals_of_the_period_meeting_the_approved_criteria(database: Database) -> None:
    """Criteria: lost or no-decision deals of the SMB segment worth 5,000 or more. The period holds 3 SMB losses (one
    closed 55 days before the period's end, past the 30-day freshness limit, still eligible: it was fresh when it
    closed), 1 SMB no decision, 1 SMB loss of 1,000, 2 SMB wins and 4 Enterprise losses; an SMB loss closed before
    the period → eligible 4."""
    add_deals(database, [
        DealSpec("A", L, segment="SMB", closed=date(2026, 10, 6)),
        DealSpec("B", L, segment="SMB", closed=date(2026, 11, 2)),
        DealSpec("C", L, segment="SMB", closed=date(2026, 11, 10)),
        DealSpec("D", N, segment="SMB", closed=date(2026, 11, 11)),
        DealSpec("E", W, segment="SMB", closed=date(2026, 11, 12)),
        DealSpec("F", W, segment="SMB", closed=date(2026, 11, 13)),
        DealSpec("Small", L, amount="1000", segment="SMB", closed=date(2026, 11, 14)),
        *(DealSpec(f"G{i}", L, segment="Enterprise", closed=date(2026, 10, 20)) for i in range(4)),
        DealSpec("H", L, segment="SMB", closed=date(2026, 9, 20)),
    ])  # fmt: skip
    _, before = _board(database)
    assert [step for step, _ in before.funnel][:2] == ["Closed", "Selected"]  # no approved criteria: no step
    assert before.eligible_by is None
    _approve(database, CriteriaDefinition(outcomes=(L, N), segments=("SMB",), amount_min=5000, window_days=90,
                                          freshness_days=30))
    _, board = _board(database)
    steps = dict(board.funnel)
    assert steps["Closed"] == 11
    assert steps["Eligible"] == 4 and board.eligible_by == "“Mid-market losses” v1"
    _, enterprise = _board(database, Filters(PERIOD.start, PERIOD.end, segment="Enterprise"))
    assert dict(enterprise.funnel)["Eligible"] == 0


def test_each_chart_says_how_many_deals_it_leaves_out_and_why(database: Database) -> None:
    """6 deals in the period: 2 with no rep team, 3 with no segment, 4 with no named competitor (one "Unknown"),
    2 losses without a reason, 1 no decision without a reason and 1 with one."""
    ids = add_deals(database, [
        DealSpec("A", W, segment="SMB", competitor="Brightfold", reason=RepReason.PRODUCT_FIT),
        DealSpec("B", L, segment="SMB", competitor="Unknown"),
        DealSpec("C", L, segment="SMB"),
        DealSpec("D", L, competitor="Brightfold", reason=RepReason.PRICE_ADVANTAGE),
        DealSpec("E", N, reason=RepReason.PRICE_ADVANTAGE),
        DealSpec("F", N),
    ])  # fmt: skip
    with database.sessions() as session, session.begin():
        session.execute(update(Deal).where(Deal.id.in_(ids[:4])).values(rep_team="Field"))
    _, board = _board(database)
    texts = {chart: left.text for chart, left in board.left_out.items()}
    assert texts["teams"] == "2 deals with no rep team are not shown."
    assert texts["segments"] == "3 deals of the last 90 days with no segment are not shown."
    assert texts["competitors"] == "4 deals with no named competitor are not shown."
    assert texts["loss_reasons"] == "2 deals lost with no reason recorded are not shown."
    assert texts["no_decision_reasons"] == "1 deal ending in no decision with no reason recorded is not shown."
    assert "loss_share" in texts and "win_reasons" not in texts
    assert sum(bar.count for bar in board.no_decision_reasons) == 1


def test_the_trend_marks_the_months_the_period_covers_in_part(database: Database) -> None:
    add_deals(database, [DealSpec(f"D{i}", W, closed=day) for i, day in
                         enumerate((date(2025, 12, 3), date(2026, 1, 15), date(2026, 2, 10)))])
    _, board = _board(database, Filters(date(2025, 12, 3), date(2026, 2, 14)))
    assert [g.label for g in board.trend] == ["2025-12", "2026-01", "2026-02"]
    assert {label: month.text for label, month in board.partial_months.items()} == {
        "2025-12": "partial: 3–31 Dec", "2026-02": "partial: 1–14 Feb"}
    _, whole = _board(database, Filters(date(2025, 12, 1), date(2026, 2, 28)))
    assert whole.partial_months == {}


def test_no_decision_is_an_outcome_with_its_own_reasons_and_deals(database: Database) -> None:
    """3 no decisions (2 for one reason, 1 for another) beside a loss for the first reason."""
    first, second = list(RepReason)[:2]
    ids = add_deals(database, [DealSpec("A", N, reason=first), DealSpec("B", N, reason=first),
                               DealSpec("C", N, reason=second), DealSpec("D", L, reason=first)])
    snapshot, board = _board(database)
    assert [(bar.label, bar.count) for bar in board.no_decision_reasons] == [(first.label, 2), (second.label, 1)]
    assert deals_behind(snapshot, PERIOD, "no_decision_reasons", first.label) == ids[:2]
    assert "No decision counts as not won" in NO_DECISION_RULE
    assert board.win_rate.n == 4 and board.win_rate.part == 0


def test_the_adequacy_assumption_names_random_sampling_and_criteria() -> None:
    for words in ("at random", "independently", "every affected buyer raises the issue", "criteria",
                  "more often", "less often"):
        assert words in ASSUMPTION
