"""The demo program: deterministic, realistic (its history too), fast to write, refusing to overwrite, cancellable."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from interviewer.db import Database, open_database
from interviewer.enums import (
    NO_COMPETITOR,
    UNKNOWN_COMPETITOR,
    Authority,
    InterviewerKind,
    Outcome,
    Phase,
    RepReason,
    Role,
)
from interviewer.models import (
    Account,
    Contact,
    Deal,
    DealContact,
    Interview,
    Interviewer,
    Profile,
    Question,
    QuestionBank,
    Recipient,
    TeamRecord,
)
from interviewer.progress import Cancelled, CancelToken
from winloss.demo import vocabulary as vocab
from winloss.demo.build import DemoRefused, DemoSummary, build_demo
from winloss.demo.workdays import OFFICE_ZONE

TODAY = date(2026, 3, 16)
NOT_NAMED = {NO_COMPETITOR, UNKNOWN_COMPETITOR}


def _open(path: Path) -> Database:
    return open_database(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The default demo program (seed 7, 2,400 closed deals), built once for the read-only tests."""
    database = _open(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    build_demo(database, today=TODAY)
    yield database
    database.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Database]:
    database = _open(tmp_path / "demo.sqlite")
    yield database
    database.close()


def _deal_rows(database: Database) -> list[tuple[object, ...]]:
    with database.sessions() as session:
        return [tuple(row) for row in session.execute(select(Deal.__table__).order_by(Deal.id))]


def _count(database: Database, model: type) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


GENERATED = Deal.source_system == "demo"
"""The generated program's deals (the demo also imports a small CRM export, tested on its own)."""


def _generated(database: Database, model: type[Deal] | type[Account]) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.source_system == "demo")) or 0


def _closed(database: Database) -> list[tuple[Deal, Account]]:
    with database.sessions() as session:
        query = select(Deal, Account).join(Account, Deal.account_id == Account.id).where(Deal.outcome != Outcome.OPEN, GENERATED)
        return [(deal, account) for deal, account in session.execute(query)]


def _win_rate(pairs: list[tuple[Deal, Account]]) -> float:
    return sum(deal.outcome is Outcome.WON for deal, _ in pairs) / len(pairs)


# -- determinism ------------------------------------------------------------------------------------------


def test_same_seed_and_day_build_identical_rows(demo: Database, tmp_path: Path) -> None:
    again = _open(tmp_path / "again.sqlite")
    build_demo(again, today=TODAY)
    assert _deal_rows(again) == _deal_rows(demo)
    with demo.sessions() as first, again.sessions() as second:
        for table in (Account.__table__, Contact.__table__, DealContact.__table__):
            query = select(table).order_by(*table.primary_key)
            assert [tuple(r) for r in first.execute(query)] == [tuple(r) for r in second.execute(query)]
    again.close()


def test_another_seed_builds_another_program(demo: Database, tmp_path: Path) -> None:
    other = _open(tmp_path / "other.sqlite")
    build_demo(other, seed=8, today=TODAY)
    assert _deal_rows(other) != _deal_rows(demo)
    other.close()


def test_dates_follow_today(empty: Database) -> None:
    build_demo(empty, deals=300)
    today = date.today()
    with empty.sessions() as session:
        latest_closed = session.scalar(select(func.max(Deal.close_date)).where(Deal.outcome != Outcome.OPEN))
    assert latest_closed is not None and abs((latest_closed - today).days) <= 1


def test_summary_reads_as_one_line() -> None:
    summary = DemoSummary(deals=2400, open_deals=192, accounts=1555, contacts=3600, interviewers=3, seconds=1.84,
                          export_rows=44, export_rejected=4)
    assert str(summary) == ("2,400 closed deals (+192 open), 1,555 accounts, 3,600 contacts, 3 interviewers, "
                            "a 44-row CRM export imported (4 rows rejected) in 1.8 s")


def test_the_demo_imports_a_crm_export_with_the_real_importer(demo: Database) -> None:
    from interviewer.models import ImportBatch, ImportRejection

    with demo.sessions() as session:
        batch = session.scalars(select(ImportBatch).where(ImportBatch.source_system == "hubspot")).one()
        reasons = [r.reason for r in session.scalars(select(ImportRejection).order_by(ImportRejection.row_number))]
        imported = session.scalar(select(func.count()).select_from(Deal).where(Deal.import_batch_id == batch.id))
        segments = set(session.scalars(
            select(Account.segment).join(Deal, Deal.account_id == Account.id).where(Deal.import_batch_id == batch.id)
        ))
    assert (batch.file_name, batch.rows_total, batch.rows_rejected) == ("hubspot-deals-last-week.csv", 44, 4)
    assert imported == 40 and None not in segments
    assert any("is not a date" in r for r in reasons) and any("same id" in r for r in reasons)
    assert any("is not an amount" in r for r in reasons) and any("neither won, lost" in r for r in reasons)


# -- a realistic program ----------------------------------------------------------------------------------


def test_closed_deals_span_eighteen_months_with_open_deals_on_top(demo: Database) -> None:
    with demo.sessions() as session:
        closed = session.execute(
            select(func.count(), func.min(Deal.close_date), func.max(Deal.close_date)).where(Deal.outcome != Outcome.OPEN, GENERATED)
        ).one()
        open_deals = session.execute(
            select(func.count(), func.min(Deal.close_date)).where(Deal.outcome == Outcome.OPEN, GENERATED)
        ).one()
        stages = set(session.scalars(select(Deal.raw_stage).where(GENERATED).distinct()))
        external = session.scalars(select(Deal.external_id).order_by(Deal.id).limit(1)).one()
    count, first, last = closed
    assert count == 2400 and first is not None and last is not None
    assert TODAY - timedelta(days=548) <= first and TODAY - timedelta(days=7) <= last <= TODAY
    assert 0.07 <= open_deals[0] / count <= 0.09 and open_deals[1] is not None and open_deals[1] > TODAY
    assert {"Closed Won", "Closed Lost", "Closed - No Decision"} <= stages and len(stages) >= 6
    assert external == "DEMO-000001"


def test_outcomes_come_in_plausible_proportions(demo: Database) -> None:
    outcomes = Counter(deal.outcome for deal, _ in _closed(demo))
    total = sum(outcomes.values())
    # the segments' odds average about 34% won, 43% lost, 23% no decision; 2,400 deals vary by about 1 point
    assert 0.31 <= outcomes[Outcome.WON] / total <= 0.37
    assert 0.40 <= outcomes[Outcome.LOST] / total <= 0.46
    assert 0.20 <= outcomes[Outcome.NO_DECISION] / total <= 0.26


def test_planted_patterns_are_there_to_find(demo: Database) -> None:
    closed = _closed(demo)
    since = TODAY - timedelta(days=90)
    recent = [(d, a) for d, a in closed if a.segment == "Public Sector" and d.close_date and d.close_date > since]
    assert len(recent) >= 20 and _win_rate(recent) < 0.15
    losses = [deal for deal, _ in closed if deal.outcome is Outcome.LOST]
    top, count = Counter(deal.competitor for deal in losses if deal.competitor not in NOT_NAMED).most_common(1)[0]
    assert top and 0.30 <= count / len(losses) <= 0.40
    rival = [(d, a) for d, a in closed if d.competitor == "Quillmark"]
    mid_market = [(d, a) for d, a in rival if a.segment == "Mid-Market"]
    elsewhere = [(d, a) for d, a in rival if a.segment != "Mid-Market"]
    assert _win_rate(mid_market) < _win_rate(elsewhere) / 2


def test_segments_industries_regions_and_amounts(demo: Database) -> None:
    with demo.sessions() as session:
        accounts = list(session.scalars(select(Account).where(Account.source_system == "demo")))
        amounts: dict[str | None, object] = dict(session.execute(
            select(Account.segment, func.max(Deal.amount)).join(Deal, Deal.account_id == Account.id)
            .where(GENERATED).group_by(Account.segment)
        ).all())
        currencies = set(session.scalars(select(Deal.currency).where(GENERATED).distinct()))
        deals = _generated(demo, Deal)
    assert {a.segment for a in accounts} == {"SMB", "Mid-Market", "Enterprise", "Public Sector"}
    assert len({a.industry for a in accounts}) == 6
    assert len({a.region for a in accounts}) >= 4
    assert len({a.name for a in accounts}) == len(accounts)
    assert 0.55 <= len(accounts) / deals <= 0.65
    assert all(a.employee_count and a.employee_count < 200 for a in accounts if a.segment == "SMB")
    assert all(a.employee_count and a.employee_count >= 1000 for a in accounts if a.segment == "Enterprise")
    largest = {segment: float(str(amount)) for segment, amount in amounts.items()}
    assert largest["SMB"] < largest["Mid-Market"] < largest["Enterprise"]
    assert currencies == {"USD", "EUR", "GBP"}


def test_competitors_are_eight_named_plus_none_and_unknown(demo: Database) -> None:
    with demo.sessions() as session:
        competitors = set(session.scalars(select(Deal.competitor).where(Deal.competitor.is_not(None)).distinct()))
    assert NOT_NAMED <= competitors
    assert len(competitors - NOT_NAMED) == 8


def test_rep_reasons_agree_with_outcome_and_competitor(demo: Database) -> None:
    allowed = {
        Outcome.WON: {RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT, RepReason.MESSAGING_RESONATED, RepReason.OTHER},
        Outcome.LOST: {RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT, RepReason.CHAMPION_LEFT,
                       RepReason.POOR_ONBOARDING, RepReason.OTHER},
        Outcome.NO_DECISION: {RepReason.NO_DECISION_TIMING, RepReason.CHAMPION_LEFT, RepReason.OTHER},
    }
    closed = [deal for deal, _ in _closed(demo)]
    for deal in closed:
        assert deal.rep_reason is None or deal.rep_reason in allowed[deal.outcome], deal.external_id
        rivals = {name for name in vocab.COMPETITORS if name in (deal.rep_note or "")}
        assert rivals <= {deal.competitor}, deal.external_id  # a note names only the deal's own competitor
    lost = [deal for deal in closed if deal.outcome is Outcome.LOST]
    named = [deal for deal in lost if deal.competitor and deal.competitor not in NOT_NAMED]
    assert 0.6 <= len(named) / len(lost) <= 0.8  # who won is the competitor field, not a reason
    losses = Counter(deal.rep_reason for deal in lost if deal.rep_reason)
    assert [reason for reason, _ in losses.most_common(2)] == [RepReason.PRICE_ADVANTAGE, RepReason.PRODUCT_FIT]
    no_decision = [d.rep_reason for d in closed if d.outcome is Outcome.NO_DECISION]
    assert no_decision.count(RepReason.NO_DECISION_TIMING) > len(no_decision) / 2
    notes = [d.rep_note for d in closed if d.rep_note]
    assert 0.35 <= len(notes) / len(closed) <= 0.45
    assert len(set(notes)) >= 40 and all("{" not in note for note in notes)
    with demo.sessions() as session:
        teams = dict(session.execute(
            select(Deal.rep_team, func.count(func.distinct(Deal.owner_rep))).where(GENERATED).group_by(Deal.rep_team)
        ).all())
    assert len(teams) == 4 and sum(teams.values()) == 16


def test_buyers_and_reps_disagree_on_reasons_not_on_outcomes(demo: Database) -> None:
    """A wrap-up's reasons fit how the deal ended, so a rep-vs-buyer mismatch is a different reason, not a category slip."""
    with demo.sessions() as session:
        wrapped = session.execute(
            select(Interview.buyer_reason, Interview.secondary_reasons, Deal.rep_reason, Deal.outcome)
            .join(Deal, Deal.id == Interview.deal_id).where(Interview.wrapped_up_at.is_not(None))
        ).all()
    assert len(wrapped) >= 10
    for buyer, secondary, _, outcome in wrapped:
        assert buyer is not None and buyer.fits(outcome)
        assert all(RepReason(value).fits(outcome) for value in secondary)
    both = [(buyer, rep) for buyer, _, rep, _ in wrapped if rep is not None]
    mismatched = sum(buyer != rep for buyer, rep in both)
    assert 0.25 <= mismatched / len(both) <= 0.75  # reps are often wrong about why, but not always


def test_every_deal_has_contacts_and_exactly_one_primary(demo: Database) -> None:
    with demo.sessions() as session:
        per_deal = session.execute(
            select(Deal.id, func.count(DealContact.contact_id), func.sum(cast(DealContact.is_primary, Integer)))
            .outerjoin(DealContact, DealContact.deal_id == Deal.id)
            .where(GENERATED)
            .group_by(Deal.id)
        ).all()
        foreign = session.scalar(
            select(func.count()).select_from(DealContact)
            .join(Deal, Deal.id == DealContact.deal_id).join(Contact, Contact.id == DealContact.contact_id)
            .where(Contact.account_id != Deal.account_id)
        )
    assert len(per_deal) == _generated(demo, Deal)
    assert all(links >= 1 and primaries == 1 for _, links, primaries in per_deal)
    assert foreign == 0


def _authority_of(title: str | None) -> Authority:
    """An independent reading of a job title, to check the one the demo stored."""
    if title is None:
        return Authority.UNKNOWN
    words = title.replace(",", " ").replace("&", " ").split()
    if any(word in ("Procurement", "Purchasing") for word in words):
        return Authority.PROCUREMENT
    if any(word in ("Chief", "VP", "Director", "CEO", "Founder") for word in words):
        return Authority.DECISION_MAKER
    if any(word in ("Manager", "Lead", "Architect") for word in words):
        return Authority.INFLUENCER
    if any(word in ("Analyst", "Specialist", "Engineer") for word in words):
        return Authority.USER
    raise AssertionError(f"unexpected title {title!r}")


def test_contacts_look_like_people_at_their_company(demo: Database) -> None:
    with demo.sessions() as session:
        rows = session.execute(select(Contact, Account).join(Account, Contact.account_id == Account.id)).all()
    assert all(contact.authority is _authority_of(contact.title) for contact, _ in rows)
    assert {contact.authority for contact, _ in rows} == set(Authority)
    per_account = Counter(account.id for _, account in rows)
    assert set(per_account.values()) == {1, 2, 3, 4}
    emails = [contact.email for contact, _ in rows]
    personal = [e for e in emails if e and e.split("@")[1] in {"gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com"}]
    assert 0.02 <= len(personal) / len(rows) <= 0.10
    assert 0.03 <= emails.count(None) / len(rows) <= 0.12
    by_domain: dict[int, set[str]] = {}
    for contact, account in rows:
        if contact.email and contact.email not in personal:
            by_domain.setdefault(account.id, set()).add(contact.email.split("@")[1])
    assert all(len(domains) == 1 for domains in by_domain.values())
    assert 0.01 <= sum(c.do_not_contact for c, _ in rows) / len(rows) <= 0.06
    continents = {"North America": ("America/",), "LATAM": ("America/",), "APAC": ("Asia/", "Australia/")}
    for contact, account in rows:
        zone, region = contact.time_zone or "", account.region or ""
        ZoneInfo(zone)
        expected = next((zones for key, zones in continents.items() if region.startswith(key)), ("Europe/",))
        assert zone.startswith(expected), (region, zone)


def test_interviewers_profiles_and_teams(demo: Database) -> None:
    with demo.sessions() as session:
        interviewers = list(session.scalars(select(Interviewer)))
        profiles = {p.id: p for p in session.scalars(select(Profile))}
        teams = list(session.scalars(select(TeamRecord)))
        recipients = Counter(session.scalars(select(Recipient.team_id)))
    assert len(interviewers) == 3
    external = [i for i in interviewers if i.kind is InterviewerKind.EXTERNAL]
    assert len(external) == 1 and external[0].organisation and external[0].profile_id is not None
    assert profiles[external[0].profile_id].role is Role.INTERVIEWER
    assert {p.role for p in profiles.values()} == set(Role)
    for interviewer in interviewers:
        ZoneInfo(interviewer.time_zone)
        assert interviewer.availability and all(
            len(slot) == 11 and slot[2] == ":" and slot[5] == "-" for slots in interviewer.availability.values() for slot in slots
        )
    assert len(teams) == 5 and all(1 <= recipients[team.id] <= 2 for team in teams)


# -- writing safely ---------------------------------------------------------------------------------------


def test_refuses_a_database_with_deals_and_replaces_it_when_asked(empty: Database) -> None:
    build_demo(empty, deals=300, today=TODAY)
    before = _deal_rows(empty)
    with pytest.raises(DemoRefused, match="--force"):
        build_demo(empty, deals=500, today=TODAY)
    assert _deal_rows(empty) == before
    summary = build_demo(empty, seed=3, deals=500, replace=True, today=TODAY)
    assert summary.deals == 500 and summary.interviewers == 3
    assert _generated(empty, Deal) == summary.deals + summary.open_deals
    assert _generated(empty, Account) == summary.accounts and _count(empty, Contact) == summary.contacts
    assert _count(empty, Interviewer) == 3 and _count(empty, TeamRecord) == 5 and _count(empty, Profile) == 3


def test_replace_keeps_the_question_bank(empty: Database) -> None:
    with empty.sessions() as session, session.begin():
        bank = QuestionBank(name="Default", is_default=True)
        bank.questions.append(Question(key="biggest_factor", text="What mattered most?", phase=Phase.OPENING))
        session.add(bank)
    build_demo(empty, deals=200, today=TODAY)
    build_demo(empty, deals=200, replace=True, today=TODAY)
    assert _count(empty, Question) == 1


def test_cancelled_build_leaves_the_database_as_it_was(empty: Database) -> None:
    token = CancelToken()
    reports: list[tuple[int, int]] = []

    def cancel_after_first_chunk(done: int, total: int, message: str) -> None:
        reports.append((done, total))
        if done > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        build_demo(empty, deals=12_000, today=TODAY, progress=cancel_after_first_chunk, cancel=token)
    assert any(done > 0 for done, _ in reports)
    for model in (Deal, Account, Contact, DealContact, Interviewer, Profile, TeamRecord):
        assert _count(empty, model) == 0, model.__name__

    build_demo(empty, deals=300, today=TODAY)
    before = _deal_rows(empty)
    token = CancelToken()
    with pytest.raises(Cancelled):
        build_demo(empty, deals=12_000, replace=True, today=TODAY, progress=cancel_after_first_chunk, cancel=token)
    assert _deal_rows(empty) == before


def test_progress_counts_up_to_the_total(empty: Database) -> None:
    reports: list[tuple[int, int, str]] = []
    build_demo(empty, deals=2000, today=TODAY, progress=lambda done, total, message: reports.append((done, total, message)))
    written = [(done, total) for done, total, _ in reports if total]
    assert written[-1][0] == written[-1][1]
    assert all(a[0] < b[0] for a, b in zip(written, written[1:]))
    assert all(message for _, _, message in reports)


def test_later_inserts_without_ids_follow_the_demo(tmp_path: Path) -> None:
    database = _open(tmp_path / "more.sqlite")
    build_demo(database, deals=300, today=TODAY)
    with database.sessions() as session, session.begin():
        account = Account(name="Walk-in Customer Ltd")
        session.add(account)
        session.flush()
        contact = Contact(account_id=account.id, first_name="Ada", last_name="Quill")
        deal = Deal(external_id="MANUAL-1", account_id=account.id, outcome=Outcome.WON)
        session.add_all([contact, deal])
        session.flush()
        assert account.id == session.scalar(select(func.max(Account.id)))
        assert deal.id == session.scalar(select(func.max(Deal.id)))
    database.close()


# -- the command line -------------------------------------------------------------------------------------


def test_winloss_demo_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    env.pop("WINLOSS_DB", None)
    command = [sys.executable, "-m", "winloss", "demo", "--db", url]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Demo program built in" in first.stdout and "2,400 closed deals (+192 open)" in first.stdout
    assert "3 interviewers" in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 1 and "--force" in again.stderr
    forced = subprocess.run([*command, "--force", "--deals", "2000", "--seed", "2"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert forced.returncode == 0, forced.stderr
    assert "2,000 closed deals (+160 open)" in forced.stdout


# -- PostgreSQL -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    from pg_server import ENV_URL, NoServerBinaries, PgServer

    server = PgServer(os.environ.get(ENV_URL))
    try:
        server.start()
    except (NoServerBinaries, RuntimeError) as exc:
        pytest.skip(str(exc))
    try:
        yield server.create_database().render_as_string(hide_password=False)
    finally:
        server.stop()


@pytest.mark.postgres
def test_postgresql_build_then_inserts_without_ids(postgres_url: str) -> None:
    database = open_database(postgres_url)
    try:
        build_demo(database, deals=300, today=TODAY)
        with pytest.raises(DemoRefused):
            build_demo(database, deals=300, today=TODAY)
        summary = build_demo(database, deals=400, replace=True, today=TODAY)
        assert _generated(database, Deal) == summary.deals + summary.open_deals
        highest = _count(database, Account)  # generated and imported accounts, numbered from 1
        with database.sessions() as session, session.begin():
            account = Account(name="Walk-in Customer Ltd")
            session.add(account)
            session.flush()
            session.add_all([Deal(external_id="MANUAL-1", account_id=account.id, outcome=Outcome.LOST),
                             Interviewer(name="New Person", email="new.person@example.com", kind=InterviewerKind.INTERNAL)])
            session.flush()
            assert account.id == highest + 1
    finally:
        database.close()


def test_the_demo_has_a_reviewed_criteria_set_with_decided_candidates(demo: Database) -> None:
    from interviewer.criteria.review import history, list_sets
    from interviewer.enums import CandidateStatus, CriteriaStatus, InterviewStatus
    from interviewer.models import Candidate, Interview

    with demo.sessions() as session:
        sets = list_sets(session)
        approved = [s for s in sets if s.status is CriteriaStatus.APPROVED]
        actions = [entry.action for entry in history(session, approved[0].family)]
        statuses = Counter(session.scalars(select(Candidate.status)))
        interviews = Counter(session.scalars(select(Interview.status).where(Interview.candidate_id.is_not(None))))
        past = Counter(session.scalars(select(Interview.status).where(Interview.candidate_id.is_(None))))
    assert len(approved) == 1 and {s.status for s in sets} == {CriteriaStatus.APPROVED, CriteriaStatus.DRAFT}
    assert "rejected" in actions and "approved" in actions
    assert statuses[CandidateStatus.ACCEPTED] == 5 and statuses[CandidateStatus.EXCLUDED] == 1
    assert statuses[CandidateStatus.PROPOSED] >= 1
    assert interviews == {InterviewStatus.SCHEDULED: 3, InterviewStatus.COMPLETED: 1, InterviewStatus.INVITED: 1}
    assert past[InterviewStatus.COMPLETED] >= 10  # earlier calls, and earlier invitations that were turned down
    assert (past[InterviewStatus.DECLINED], past[InterviewStatus.NO_RESPONSE]) == (6, 3)
    assert set(past) == {InterviewStatus.COMPLETED, InterviewStatus.DECLINED, InterviewStatus.NO_RESPONSE}


def test_the_demo_has_past_interviews_with_takeaways_and_measured_actions(demo: Database) -> None:
    from interviewer.enums import Outcome
    from interviewer.models import (
        Action,
        Deal,
        Interview,
        Quote,
        ReviewMeeting,
        Takeaway,
    )

    with demo.sessions() as session:
        outcomes = Counter(session.scalars(
            select(Deal.outcome).join(Interview, Interview.deal_id == Deal.id).where(Interview.wrapped_up_at.is_not(None))))
        takeaways = session.scalars(select(Takeaway)).all()
        unbacked = [t for t in takeaways if not t.quotes]
        quotes = session.scalar(select(func.count(Quote.id)))
        actions = session.scalars(select(Action)).all()
        reviews = session.scalar(select(func.count(ReviewMeeting.id)))
        themes = {t.theme for t in takeaways}
        assert all(t.routes for t in takeaways)
    assert outcomes[Outcome.LOST] >= 5 and outcomes[Outcome.WON] >= 3 and outcomes[Outcome.NO_DECISION] >= 2
    assert len(takeaways) >= 25 and quotes >= 20 and len(themes) >= 6
    assert unbacked and all(t.no_quote_reason for t in unbacked)
    assert reviews == 2 and len(actions) == 4
    assert all(a.baseline_n and a.baseline_value is not None and a.metric["label"] for a in actions)
    due = [a for a in actions if a.due_on < TODAY]  # one action from the first review is already due
    assert due and all(a.measured_at is not None and a.result_n is not None for a in due)


def test_the_demo_has_reports_and_a_delivery_log(demo: Database) -> None:
    from interviewer.enums import ReportKind
    from interviewer.reporting.library import delivery_log, list_reports

    with demo.sessions() as session:
        reports = list_reports(session)
        log = delivery_log(session)
    assert {r.kind for r in reports} == {ReportKind.MONTHLY_REVIEW, ReportKind.TEAM_DIGEST, ReportKind.INTERVIEW}
    assert log and all(line.ok and line.channel.value == "eml" for line in log)


# -- a believable history ---------------------------------------------------------------------------------


def _people_zones(session: Session) -> dict[str, ZoneInfo]:
    """Each named person's working time zone: interviewers their own, the owner and the manager the office's."""
    zones = {name: ZoneInfo(OFFICE_ZONE) for name in session.scalars(select(Profile.name))}
    zones.update({name: ZoneInfo(zone) for name, zone in session.execute(select(Interviewer.name, Interviewer.time_zone))})
    return zones


def test_the_history_spreads_over_weeks_of_working_hours(demo: Database) -> None:
    from interviewer.models import Answer, AuditEntry, Interview

    with demo.sessions() as session:
        zones = _people_zones(session)
        wrapped = sorted(session.scalars(select(Interview.wrapped_up_at).where(Interview.wrapped_up_at.is_not(None))))
        entries = session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.at)
                                  .where(AuditEntry.actor.in_(list(zones)))).all()
        notes = session.execute(select(Interviewer.name, Answer.updated_at)
                                .join(Interview, Interview.id == Answer.interview_id)
                                .join(Interviewer, Interviewer.id == Interview.interviewer_id)).all()
        kinds = {action.split(".")[0] for _, action, _ in entries}
    assert wrapped[-1] - wrapped[0] >= timedelta(weeks=3)
    assert {"interview", "call", "guide", "criteria", "candidate", "review", "action", "report"} <= kinds
    assert len(entries) >= 100 and len(notes) >= 60
    for who, what, moment in [*entries, *((name, "note", at) for name, at in notes)]:
        local = moment.astimezone(zones[who])
        assert local.weekday() < 5 and time(8) <= local.time() <= time(18), (who, what, local)
    assert len({moment.date() for _, _, moment in entries}) >= 40


def test_no_two_kinds_of_event_happen_in_the_same_second(demo: Database) -> None:
    from interviewer.models import Answer, AuditEntry, Takeaway

    with demo.sessions() as session:
        entries = session.execute(select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.entity_id, AuditEntry.at)
                                  .where(AuditEntry.actor != "demo")).all()
        notes = session.execute(select(Answer.id, Answer.updated_at)).all()
        late = session.scalar(select(func.count(Takeaway.id)).join(Interview, Interview.id == Takeaway.interview_id)
                              .where(Takeaway.created_at != Interview.wrapped_up_at))
    events: dict[datetime, dict[tuple[str, int | None], str]] = {}
    for action, entity, entity_id, moment in entries:  # one change may log several lines (completed, wrapped up)
        events.setdefault(moment.replace(microsecond=0), {}).setdefault((entity, entity_id), action)
    for note_id, moment in notes:
        events.setdefault(moment.replace(microsecond=0), {})[("answer", note_id)] = "note.saved"
    shared = {moment: kinds for moment, kinds in events.items() if len(set(kinds.values())) > 1}
    assert not shared
    assert late == 0  # takeaways are written by their wrap-up


def test_every_booked_interview_has_a_calendar_uid_and_a_started_call(demo: Database) -> None:
    from interviewer.enums import InterviewStatus as S
    from interviewer.models import AuditEntry

    with demo.sessions() as session:
        interviews = session.scalars(select(Interview)).all()
        started = dict(session.execute(select(AuditEntry.entity_id, AuditEntry.at)
                                       .where(AuditEntry.action == "call.started")).all())
        booked = {entity_id for entity_id in session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.action == "interview.scheduled"))}
    past_invited = [i for i in interviews if i.status in (S.SCHEDULED, S.COMPLETED, S.NO_SHOW)]
    assert len(past_invited) >= 15
    assert all(i.ics_uid for i in past_invited)
    assert len({i.ics_uid for i in past_invited}) == len(past_invited)
    assert {i.id for i in past_invited} <= booked  # booked through the scheduling service
    completed = [i for i in interviews if i.status is S.COMPLETED]
    assert completed and all(started[i.id] == i.started_at < i.ended_at == i.wrapped_up_at for i in completed)


def test_the_review_patterns_agree_with_the_interviews_of_their_month(demo: Database) -> None:
    from interviewer.models import ReviewMeeting, Takeaway

    with demo.sessions() as session:
        reviews = session.scalars(select(ReviewMeeting).order_by(ReviewMeeting.month)).all()
        raised = session.execute(
            select(Interview.id, Interview.wrapped_up_at, Deal.outcome, Takeaway.theme)
            .join(Deal, Deal.id == Interview.deal_id).join(Takeaway, Takeaway.interview_id == Interview.id)
            .where(Interview.wrapped_up_at.is_not(None), Takeaway.theme.is_not(None))
        ).all()
    assert len(reviews) == 2

    for review in reviews:  # the review computes the patterns; the demo types none its data could contradict
        assert (review.win_pattern, review.loss_pattern) == (None, None), review.month
        assert review.notes and review.held_on is not None and review.held_on > review.month
    assert raised  # the months have themes to compute patterns from


def test_the_history_is_the_same_for_the_same_seed_and_day(demo: Database, tmp_path: Path) -> None:
    from interviewer.models import AuditEntry

    again = _open(tmp_path / "again.sqlite")
    build_demo(again, today=TODAY, reports=False)
    query = select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_id, AuditEntry.at).where(
        AuditEntry.actor != "demo", ~AuditEntry.action.startswith("report."))
    moments = select(Interview.status, Interview.scheduled_start, Interview.started_at, Interview.wrapped_up_at)
    with demo.sessions() as first, again.sessions() as second:
        assert first.execute(query.order_by(AuditEntry.id)).all() == second.execute(query.order_by(AuditEntry.id)).all()
        assert first.execute(moments.order_by(Interview.id)).all() == second.execute(moments.order_by(Interview.id)).all()
    again.close()
