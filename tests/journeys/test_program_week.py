"""The marketer's and the manager's week on a new program, only through the window.

From an empty database: the program owner creates their profile on first run, imports the shared Salesforce
exports (accounts, contacts and opportunities in one pick), writes a criteria set and submits it; the manager
rejects it with a reason; the owner reads it, fixes the set and resubmits; the manager approves it with a
comment. The owner then accepts two candidates (each handed on to Schedule), declines one with a reason, adds
an interviewer, books both calls in the buyers' time zones, writes an invite, makes the monthly review report
and delivers it by SMTP to a local server and as .eml, looks at the dashboard, and agrees an action in the
review. Every step is a click or a key; the assertions read the database, the files and mail written, and the
screen.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from mail_server import Collector, start_server
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import CandidateStatus, CriteriaStatus, DeliveryStatus, InterviewStatus
from interviewer.models import Action, Candidate, Contact, CriteriaSet, Delivery, Interview
from paths import SHARED_DATA
from person import (
    activate,
    become,
    click,
    click_row,
    field,
    go_to,
    labels_text,
    live_dialog,
    menu,
    new_profile,
    rows_shown,
    type_into,
)
from steps_criteria import (
    accept_candidate,
    approve,
    cell,
    criteria_table,
    decide,
    decline_candidate,
    edit_criteria,
    propose_candidates,
    reject,
    select_set,
    submit,
    write_criteria,
)
from steps_imports import import_files, summary_counts
from steps_reports import close_dialog, deliver, make_report, select_report, set_up_mail
from steps_review import actions_listed, add_action, open_dashboard, open_review, tile_text
from steps_schedule import row_text, schedule_call, write_ics
from window_steps import open_window

SALESFORCE = SHARED_DATA / "salesforce-devorg"
NOW = datetime(2024, 2, 19, 9, tzinfo=timezone.utc)
"""A Monday two weeks after most of the shared opportunities closed (3 Feb 2024)."""
SET = "Q1 decisions, losses first"


def add_interviewer(qtbot, window, name: str, email: str, organisation: str, zone: str) -> None:  # noqa: ANN001
    """Schedule → Interviewers…: New interviewer, type who they are, Save interviewer, Close."""
    go_to(qtbot, window, "Schedule")
    click(qtbot, "Interviewers…", window)
    roster = live_dialog(qtbot, "Interviewers")
    click(qtbot, "New interviewer", roster)
    type_into(qtbot, field(roster, "Name"), name)
    type_into(qtbot, field(roster, "Email"), email)
    type_into(qtbot, field(roster, "Organisation"), organisation)
    type_into(qtbot, field(roster, "Time zone"), zone)
    click(qtbot, "Save interviewer", roster)
    qtbot.waitUntil(lambda: any(name in row for row in rows_shown(field(roster, "Interviewers"))), timeout=5000)
    click(qtbot, "Close", roster)
    qtbot.waitUntil(lambda: not roster.isVisible(), timeout=5000)


def add_recipient(qtbot, window, team: str, name: str, email: str) -> None:  # noqa: ANN001
    """Program → Teams and recipients…: click the team, type the person, Add, Close."""
    menu(qtbot, window, "Program", "Teams and recipients…")
    dialog = live_dialog(qtbot, "Teams and recipients")
    click_row(qtbot, field(dialog, "Teams"), team)  # type: ignore[arg-type]
    type_into(qtbot, field(dialog, "Recipient name"), name)
    type_into(qtbot, field(dialog, "Recipient email"), email)
    click(qtbot, "Add", dialog)
    qtbot.waitUntil(lambda: any(email in row for row in rows_shown(field(dialog, "Recipients of the team"), 1)),
                    timeout=5000)
    click(qtbot, "Close", dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_a_new_program_from_import_to_booked_calls_reports_and_a_review(qtbot, tmp_path: Path, sqlite_database: Database) -> None:  # noqa: ANN001
    if not SALESFORCE.is_dir():
        pytest.skip(f"the shared Salesforce exports are not at {SALESFORCE}")
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, person=True)
    new_profile(qtbot, window, "Olivia Marsh", "olivia@example.com", "Program owner")
    menu(qtbot, window, "File", "Switch profile…")
    new_profile(qtbot, window, "Tobias Kerrane", "tobias@example.com", "Manager")
    become(qtbot, window, "Olivia Marsh")

    # -- the owner brings the CRM's exports in, in one pick ------------------------------------------
    picked = [SALESFORCE / name for name in ("Opportunity.csv", "Contact.csv", "Account.csv")]
    summary = import_files(qtbot, window, picked)
    counts = summary_counts(summary)
    assert list(counts) == ["Account.csv", "Contact.csv", "Opportunity.csv"]  # companions first
    assert counts["Opportunity.csv"]["Imported"] == "36" and counts["Contact.csv"]["Imported"] == "25"
    assert "not imported yet" not in labels_text(summary)
    click(qtbot, "Close", summary)
    go_to(qtbot, window, "Deals")
    qtbot.waitUntil(lambda: "United Oil & Gas Corp." in rows_shown(field(window, "Deals"), 0), timeout=10_000)
    assert "20 of 36 deals" in labels_text(window)  # the closed ones, by default

    # -- criteria: written, rejected with a reason, fixed, approved with a comment -------------------
    write_criteria(qtbot, window, SET, "Took part in the decision; closed in the last 60 days", lost=3, won=2)
    submit(qtbot, window, SET)
    become(qtbot, window, "Tobias Kerrane")
    refused = decide(qtbot, window, SET, "Reject", "")
    assert refused.isVisible() and "why" in labels_text(refused).lower()  # a reject needs a reason
    click(qtbot, "Cancel", refused)
    reject(qtbot, window, SET, "Add a no-decision quota: those are the deals we forget.")
    become(qtbot, window, "Olivia Marsh")
    select_set(qtbot, window, SET)
    assert "Add a no-decision quota" in labels_text(window)  # the author reads the reason
    edit_criteria(qtbot, window, SET, no_decision=1)
    submit(qtbot, window, SET)
    become(qtbot, window, "Tobias Kerrane")
    approve(qtbot, window, SET, "Good: losses first, and the no-decisions are in.")
    table = criteria_table(window)
    row = select_set(qtbot, window, SET)
    assert (cell(table, row, "Status"), cell(table, row, "Reviewer")) == ("Approved", "Tobias Kerrane")
    assert cell(table, row, "Reviewed") and "no-decisions are in" in cell(table, row, "Comment")
    with sqlite_database.sessions() as session:
        approved = session.scalars(select(CriteriaSet).where(CriteriaSet.name == SET)).one()
        assert approved.status is CriteriaStatus.APPROVED and approved.review_comment.startswith("Good")

    # -- candidates: two accepted and handed on to Schedule, one declined with a reason --------------
    become(qtbot, window, "Olivia Marsh")
    proposed = propose_candidates(qtbot, window, f"{SET} · version 1")
    distinct = list(dict.fromkeys(proposed))
    assert len(distinct) >= 3, proposed
    first, second, third = distinct[:3]
    accept_candidate(qtbot, window, first)
    assert window.current_area() == "schedule"
    accept_candidate(qtbot, window, second)
    declined = decline_candidate(qtbot, window, third, "Their champion left; the new lead never saw us.")
    qtbot.waitUntil(lambda: not declined.isVisible(), timeout=5000)
    with sqlite_database.sessions() as session:
        statuses = {contact.full_name: (candidate.status, candidate.exclusion_reason) for candidate, contact in
                    session.execute(select(Candidate, Contact).join(Contact, Candidate.contact_id == Contact.id))}
    assert statuses[first][0] is statuses[second][0] is CandidateStatus.ACCEPTED
    assert statuses[third] == (CandidateStatus.EXCLUDED, "Their champion left; the new lead never saw us.")

    # -- schedule: an interviewer on the roster, both calls booked in the buyers' zones, an invite ---
    add_interviewer(qtbot, window, "Ines Vallory", "ines@fieldvoice.example", "Fieldvoice Research", "Europe/Lisbon")
    schedule_call(qtbot, window, first, "America/Chicago", "Ines Vallory")
    schedule_call(qtbot, window, second, "Europe/Berlin", "Ines Vallory", slot=1)
    assert "Europe/Berlin" in row_text(field(window, "Interviews"), second)  # type: ignore[arg-type]
    invite = tmp_path / "first call.ics"
    activate(qtbot, window)
    write_ics(qtbot, window, first, invite)
    text = invite.read_text()
    assert "ATTENDEE" in text and "ines@fieldvoice.example" in text
    with sqlite_database.sessions() as session:
        booked = session.scalars(select(Interview).where(Interview.status == InterviewStatus.SCHEDULED)).all()
        assert len(booked) == 2 and all(i.ics_uid for i in booked)
        assert {i.interviewer.email for i in booked} == {"ines@fieldvoice.example"}

    # -- the month's review report, delivered as .eml and then by SMTP to the team ------------------
    add_recipient(qtbot, window, "Product", "Aurelio Banks", "aurelio@example.com")
    review = make_report(qtbot, window, sqlite_database, "review", month="February 2024")
    select_report(qtbot, window, "Monthly review")
    outbox = tmp_path / "outbox"
    dialog = deliver(qtbot, window, "eml", folder=outbox)
    assert "not sent" in labels_text(dialog)
    close_dialog(qtbot, dialog)
    assert len(list(outbox.glob("*.eml"))) == 1
    server = Collector()
    controller = start_server(server)
    try:
        set_up_mail(qtbot, window, controller.port)
        select_report(qtbot, window, "Monthly review")
        dialog = deliver(qtbot, window, "smtp")
        assert "Sent to 1 people" in labels_text(dialog) or "Sent to 1 person" in labels_text(dialog)
        close_dialog(qtbot, dialog)
    finally:
        controller.stop()
    assert ["aurelio@example.com" in m["To"] for m in server.messages()] == [True]
    with sqlite_database.sessions() as session:
        delivery = session.scalars(select(Delivery).where(Delivery.report_id == review)).one()
        assert delivery.status is DeliveryStatus.SENT  # the .eml written first did not count as sent
        assert [(a.channel.value, a.ok) for a in delivery.log] == [("eml", True), ("smtp", True)]

    # -- the dashboard over the imported deals, and the month's review with an action ----------------
    activate(qtbot, window)  # the mail dialogs had the keys
    open_dashboard(qtbot, window)
    assert "n=" in tile_text(window, "Win rate")
    open_review(qtbot, window)
    add_action(qtbot, window, "Send the SLA pricing one-pager to every open Enterprise deal", ("aur", "Aurelio Banks"))
    assert "Send the SLA pricing one-pager to every open Enterprise deal" in actions_listed(window)
    with sqlite_database.sessions() as session:
        agreed = session.scalars(select(Action)).one()
        assert agreed.owner == "Aurelio Banks" and agreed.baseline_n is not None
