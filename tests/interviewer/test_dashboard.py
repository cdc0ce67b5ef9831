"""Dashboard figures on a hand-checked program, the rules at their boundaries, adequacy, measured actions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from builders import DealSpec, add_deals
from interviewer.analytics.actions import ActionError, Metric, action_views, add_action, follow_up
from interviewer.analytics.adequacy import adequacy
from interviewer.analytics.dashboard import Filters, dashboard, deals_behind, weekly_summary
from interviewer.analytics.figures import EARLY_SIGNAL_N, Rate, by_segment, loss_share
from interviewer.analytics.money import RateTable, Total, parse_rate, total
from interviewer.analytics.snapshot import read_snapshot
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Outcome, RepReason, Team
from interviewer.models import Account, Deal

W, L, N = Outcome.WON, Outcome.LOST, Outcome.NO_DECISION
PERIOD = Filters(date(2026, 9, 1), date(2026, 10, 31))
TODAY = date(2026, 11, 2)


def program(database: Database) -> None:
    """30 SMB deals (12 won), 20 Public Sector deals (2 won), 5 Enterprise deals (1 won); Brightfold in 9 of 26
    losses; one won and one lost deal outside the period."""
    specs = []
    day = date(2026, 9, 15)
    for i in range(30):
        outcome = W if i < 12 else (L if i < 26 else N)
        specs.append(DealSpec(f"Smb {i}", outcome, segment="SMB", closed=day,
                              competitor="Brightfold" if outcome is L and i < 21 else "Quillmark",
                              reason=RepReason.PRODUCT_FIT if outcome is W else RepReason.CHAMPION_LEFT))
    for i in range(20):
        outcome = W if i < 2 else (L if i < 14 else N)
        specs.append(DealSpec(f"Gov {i}", outcome, segment="Public Sector", closed=date(2026, 10, 10),
                              competitor=None, reason=RepReason.PRICE_ADVANTAGE if outcome is L else None))
    for i in range(5):
        specs.append(DealSpec(f"Ent {i}", W if i == 0 else L, segment="Enterprise", closed=date(2026, 10, 20),
                              competitor="Unknown"))
    specs.append(DealSpec("Old win", W, segment="SMB", closed=date(2026, 6, 1)))
    specs.append(DealSpec("Old loss", L, segment="SMB", closed=date(2026, 6, 1), competitor="Brightfold"))
    add_deals(database, specs)


@pytest.fixture
def figures(database: Database):  # type: ignore[no-untyped-def]
    program(database)
    with database.sessions() as session:
        snapshot = read_snapshot(session)
        return database, snapshot, dashboard(session, snapshot, PERIOD, today=TODAY)


def test_every_figure_on_a_hand_checked_program(figures) -> None:  # type: ignore[no-untyped-def]
    _, _, board = figures
    # 55 closed in the period: won 12 + 2 + 1 = 15; lost 14 + 12 + 4 = 30; no decision 4 + 6 = 10
    assert board.closes == {W: 15, L: 30, N: 10}
    assert board.win_rate == Rate(15, 55)
    segments = {g.label: (g.rate.part, g.rate.n, g.flagged) for g in board.segments}
    assert segments == {"SMB": (12, 30, False), "Public Sector": (2, 20, True), "Enterprise": (1, 5, False)}
    assert board.loss_share[0].label == "Brightfold" and board.loss_share[0].rate == Rate(9, 30)
    assert board.loss_share[0].flagged  # 9 of 30 losses = 30%: at the threshold
    assert board.top_competitor == "Brightfold" and board.top_loss_reason == "Champion left"
    assert board.top_win_reason == "Product fit"
    assert [(b.label, b.count) for b in board.loss_reasons] == [("Champion left", 14), ("Price advantage", 12)]
    assert [(g.label, g.rate.n) for g in board.trend] == [("2026-09", 30), ("2026-10", 25)]
    assert any("Public Sector" in w and "stop targeting" in w for w in board.warnings)
    assert any("Brightfold" in w and "positioning" in w for w in board.warnings)
    assert board.median_days_to_interview is None and board.days_n == 0  # no interview yet


def test_the_same_figures_as_the_row_by_row_functions(figures) -> None:  # type: ignore[no-untyped-def]
    _, snapshot, board = figures
    facts = snapshot.facts(snapshot.mask(PERIOD.start, PERIOD.end))
    assert [g for g in loss_share(facts)] == list(board.loss_share)
    assert {g.label: g.rate for g in by_segment(facts)} == {g.label: g.rate for g in board.segments}


def test_the_bars_lead_to_their_deals(figures) -> None:  # type: ignore[no-untyped-def]
    _, snapshot, board = figures
    assert len(deals_behind(snapshot, PERIOD, "segments", "Public Sector")) == 20
    assert len(deals_behind(snapshot, PERIOD, "loss_share", "Brightfold")) == 9
    assert len(deals_behind(snapshot, PERIOD, "loss_reasons", "Price advantage")) == 12
    assert len(deals_behind(snapshot, PERIOD, "months", "2026-09")) == 30
    with pytest.raises(ValueError):
        deals_behind(snapshot, PERIOD, "pies", "x")


def test_filters_narrow_every_figure(figures) -> None:  # type: ignore[no-untyped-def]
    database, snapshot, _ = figures
    with database.sessions() as session:
        smb = dashboard(session, snapshot, Filters(PERIOD.start, PERIOD.end, segment="SMB"), today=TODAY)
        rival = dashboard(session, snapshot, Filters(PERIOD.start, PERIOD.end, competitor="Brightfold"), today=TODAY)
    assert smb.win_rate == Rate(12, 30) and not smb.win_rate.early_signal
    assert rival.win_rate == Rate(0, 9) and rival.win_rate.early_signal


def test_won_amounts_in_several_currencies_are_converted_at_the_given_rates_never_added_raw(figures) -> None:  # type: ignore[no-untyped-def]
    database, _, _ = figures
    # the period's 15 won deals are worth 10,000 each: SMB's 12 in euros, Enterprise's one in francs, and one of
    # the two Public Sector wins (in dollars) has no amount at all
    with database.sessions() as session, session.begin():
        for segment, currency in (("SMB", "EUR"), ("Enterprise", "CHF")):
            accounts = select(Account.id).where(Account.segment == segment)
            session.execute(update(Deal).where(Deal.account_id.in_(accounts)).values(currency=currency))
        gov = select(Account.id).where(Account.name == "Gov 0")
        session.execute(update(Deal).where(Deal.account_id.in_(gov)).values(amount=None))
    with database.sessions() as session:
        snapshot = read_snapshot(session)

        def won(rates: RateTable) -> Total:
            return dashboard(session, snapshot, PERIOD, today=TODAY, rates=rates).won_amount

        raw = won(RateTable())
        euros = won(RateTable("USD", {"EUR": Decimal("1.10")}))
        in_euros = won(RateTable("EUR", {"USD": Decimal("0.9"), "CHF": Decimal("1.05")}))
    assert raw.converted == Decimal("10000.00") and raw.deals == 14  # only the dollars: nothing else has a rate
    assert raw.apart == (("EUR", Decimal("120000")), ("CHF", Decimal("10000")))  # per currency, largest first
    assert raw.rates_text() == "in USD; no rate for CHF, EUR to USD (shown apart)"
    assert euros.converted == Decimal("142000.00") and euros.rates_used == (("EUR", Decimal("1.10")),)
    assert euros.apart == (("CHF", Decimal("10000")),)
    assert euros.rates_text() == "in USD at 1 EUR = 1.1 USD; no rate for CHF to USD (shown apart)"
    assert in_euros.converted == Decimal("139500.00") and in_euros.apart == ()  # 120,000 + 9,000 + 10,500
    assert in_euros.rates_text() == "in EUR at 1 CHF = 1.05 EUR, 1 USD = 0.9 EUR"


def test_a_total_states_what_it_rests_on() -> None:
    assert total({}, RateTable(), 0).rates_text() == "no amounts recorded"
    only_euros = total({"EUR": Decimal("500")}, RateTable(), 1)
    assert only_euros.converted is None and only_euros.apart == (("EUR", Decimal("500")),)
    dollars = total({"usd": Decimal("2.5"), "EUR": Decimal("0")}, RateTable("usd"), 2)
    assert dollars.converted == Decimal("2.50") and dollars.rates_used == () and dollars.rates_text() == "in USD"
    assert RateTable("USD", {"EUR": Decimal("1.1")}).rate(" eur ") == Decimal("1.1")


@pytest.mark.parametrize(("text", "rate"), [("1.08", Decimal("1.08")), ("0,92", Decimal("0.92")), (" 155 ", Decimal(155)),
                                            ("0", None), ("-1", None), ("abc", None), ("NaN", None), ("", None)])
def test_a_rate_is_a_positive_number(text: str, rate: Decimal | None) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize(("won", "n", "flagged"), [(2, 19, False), (2, 20, True), (3, 20, False)])
def test_the_stop_targeting_rule_at_its_boundaries(won: int, n: int, flagged: bool) -> None:
    from interviewer.analytics.figures import DealFact

    facts = [DealFact(W if i < won else L, date(2026, 10, 1), "Public Sector") for i in range(n)]
    [group] = by_segment(facts)
    assert group.flagged is flagged  # under 15% on 20 deals or more; 3 of 20 is exactly 15%: not under
    assert group.rate.early_signal is (n < EARLY_SIGNAL_N)


def test_the_positioning_rule_at_its_boundary() -> None:
    from interviewer.analytics.figures import DealFact

    def share(brightfold: int, losses: int) -> bool:
        facts = [DealFact(L, date(2026, 10, 1), competitor="Brightfold" if i < brightfold else "Other")
                 for i in range(losses)]
        return next(g for g in loss_share(facts) if g.label == "Brightfold").flagged

    assert share(3, 10) and not share(29, 100)


def test_sample_adequacy_is_one_minus_the_chance_of_never_hearing_it() -> None:
    result = adequacy(10, Outcome.LOST)
    assert [round(chance, 4) for _, chance in result.chances] == [round(1 - 0.9 ** 10, 4), round(1 - 0.8 ** 10, 4),
                                                                  round(1 - 0.7 ** 10, 4)]
    assert "With 10 lost interviews, an issue affecting 10% of those buyers was heard" in result.text
    assert "65%" in result.text
    assert adequacy(0, Outcome.WON).chances[0][1] == 0


def test_the_weekly_summary_is_three_bullets(figures) -> None:  # type: ignore[no-untyped-def]
    _, snapshot, _ = figures
    bullets = weekly_summary(snapshot, date(2026, 9, 20))
    assert len(bullets) == 3
    assert "30 deals closed — 12 won, 14 lost, 4 no decision" in bullets[0]
    assert bullets[1] == "Win rate 40% (n=30)."
    assert "top competitor: Brightfold" in bullets[2]


def test_an_action_is_measured_before_and_at_its_due_date(database: Database) -> None:
    program(database)
    agreed = FixedClock(datetime(2026, 11, 1, 10, tzinfo=UTC))
    metric = Metric(segment="Public Sector")
    with database.sessions() as session, session.begin():
        with pytest.raises(ActionError, match="owns"):
            add_action(session, text="Stop outbound", owner=" ", team=Team.LEADERSHIP, metric=metric, clock=agreed,
                       actor="t")
        action_id = add_action(session, text="Stop outbound to Public Sector", owner="Percival Otunga",
                               team=Team.LEADERSHIP, metric=metric, clock=agreed, actor="t")
    [view] = [v for v in action_views_for(database) if v.id == action_id]
    assert view.metric.label == "Win rate in Public Sector" and view.due_on == date(2026, 12, 31)
    assert view.before == Rate(2, 20) and view.after is None and "measured again when due" in view.verdict

    add_deals(database, [DealSpec(f"New gov {i}", W if i < 3 else L, segment="Public Sector",
                                  closed=date(2026, 12, 1)) for i in range(10)])
    with database.sessions() as session, session.begin():
        assert follow_up(session, FixedClock(datetime(2026, 12, 30, tzinfo=UTC))) == []  # not due yet
        assert follow_up(session, FixedClock(datetime(2026, 12, 31, 18, tzinfo=UTC))) == [action_id]
    [view] = [v for v in action_views_for(database) if v.id == action_id]
    assert view.after == Rate(3, 10)
    assert view.verdict == "10% (n=20) → 30% (n=10): +20 points. Early signal: too few deals to test the change."


def action_views_for(database: Database):  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        return action_views(session)


def test_the_review_workspace_follows_up_earlier_actions_due_this_month(database: Database) -> None:
    from interviewer.analytics.actions import set_status
    from interviewer.analytics.review_workspace import open_workspace
    from interviewer.enums import ActionStatus
    from interviewer.models import ReviewMeeting
    from interviewer.reporting.periods import month

    program(database)
    august = FixedClock(datetime(2026, 8, 20, 10, tzinfo=UTC))
    with database.sessions() as session, session.begin():
        earlier = ReviewMeeting(month=date(2026, 7, 1))
        session.add(earlier)
        session.flush()
        due, done, later = (
            add_action(session, text=text, owner="Isla Fenwright", team=Team.MARKETING, metric=Metric(), clock=august,
                       review_id=earlier.id, due_on=due_on, actor="t")
            for text, due_on in (("Due in October", date(2026, 10, 15)), ("Done already", date(2026, 10, 1)),
                                 ("Due in November", date(2026, 11, 15)))
        )
        set_status(session, done, ActionStatus.DONE, clock=august, actor="t")
        workspace = open_workspace(session, month("2026-10"), clock=FixedClock(datetime(2026, 11, 2, tzinfo=UTC)),
                                   actor="t")
    assert [view.id for view in workspace.followed] == [due]
    assert workspace.actions == ()
