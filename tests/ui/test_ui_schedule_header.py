"""The Schedule header: the program's figures for the owner, an interviewer's own figures for them."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from interviewer.db import Database
from interviewer.enums import InterviewerKind, InterviewStatus, Outcome, Role
from interviewer.models import Account, Contact, Deal, Interview, Interviewer
from interviewer.profiles import create_profile
from window_steps import become, open_window

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
S = InterviewStatus


def _program(database: Database) -> None:
    """Ines (an interviewer's profile) held one call and has one booked; Dana holds two; one is to contact."""
    with database.sessions() as session, session.begin():
        create_profile(session, "Maren Oduya", "maren@example.com", Role.PROGRAM_OWNER)
        profile = create_profile(session, "Ines Vallory", "ines@example.com", Role.INTERVIEWER)
        ines = Interviewer(name="Ines Vallory", email="ines@example.com", kind=InterviewerKind.EXTERNAL,
                           time_zone="UTC", profile_id=profile.id)
        dana = Interviewer(name="Dana Whit", email="dana@example.com", kind=InterviewerKind.INTERNAL, time_zone="UTC")
        calls = [(S.COMPLETED, 5, ines), (S.SCHEDULED, 24, ines), (S.COMPLETED, 10, dana), (S.COMPLETED, 12, dana),
                 (S.SCHEDULED, 26, dana), (S.TO_CONTACT, None, None)]
        for number, (status, day, who) in enumerate(calls):
            account = Account(name=f"Account {number}")
            deal = Deal(external_id=f"D-{number}", account=account, outcome=Outcome.LOST, amount=Decimal("20000"),
                        close_date=date(2026, 11, 1))
            contact = Contact(account=account, first_name="Lee", last_name=f"Park {number}", title="CFO")
            session.add_all([deal, contact])
            session.flush()
            start = datetime(2026, 11, day, 15, tzinfo=timezone.utc) if day else None
            session.add(Interview(deal_id=deal.id, contact_id=contact.id, status=status, scheduled_start=start,
                                  interviewer=who))


def test_the_header_counts_the_program_for_the_owner_and_only_her_own_for_an_interviewer(
        qtbot, tmp_path: Path, sqlite_database: Database) -> None:  # noqa: ANN001
    _program(sqlite_database)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    become(qtbot, window, Role.PROGRAM_OWNER)
    assert window.show_area("schedule")
    header = window.schedule.health
    qtbot.waitUntil(lambda: "100% (3 completed of 3 who answered)" in header.text())
    assert "2 calls booked ahead are not counted." in header.text()
    assert "this month</b> 5 of" in header.text() and "Your interviews" not in header.text()

    become(qtbot, window, Role.INTERVIEWER)
    qtbot.waitUntil(lambda: "1 completed of 1 who answered" in header.text())
    assert "1 call booked ahead is not counted." in header.text()
    assert header.text().startswith("<b>Your interviews</b>")
    assert "median 4 days" in header.text() and "this month</b> 2 of" in header.text()
    window.tasks.wait()
