"""The program owner's reports on the demo program, done with the mouse and keys only.

Setup builds the demo and opens the window; after that every step is a click, a key or a typed word (see
steps_reports), and the checks read the database, the files written, the mail a local SMTP server received and
what the screen shows.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from mail_server import Collector, attachment, start_server
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget
from sqlalchemy import select
from steps_reports import (
    close_dialog,
    delete_report,
    deliver,
    details,
    edit_recipient,
    make_report,
    reports_table,
    save_report,
    select_report,
    set_up_mail,
)

from interviewer.db import Database
from interviewer.enums import DeliveryStatus, Team
from interviewer.models import Account, Contact, Deal, Delivery, Interview, Recipient, Report
from interviewer.reporting.library import delivery_log, recipients_for
from winloss.demo.build import build_demo
from person import become, click, click_row, field, go_to, is_closed, labels_text, live_dialog, menu, rows_shown
from window_steps import open_window

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
OWNER = "Maren Oduya"
PRODUCT_TEAM = ["aurelio.banks@example.com", "leontine.marsh@example.com"]


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database: Database):  # noqa: ANN001, ANN201
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, wait_for="reports")
    become(qtbot, window, "Program owner")
    yield window
    window.tasks.wait()


def column(window: QMainWindow, name: str) -> list[str]:
    """What the reports table shows in the column headed ``name``, top to bottom."""
    table = reports_table(window)
    model = table.model()
    number = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == name)
    return rows_shown(table, number)


def statuses(database: Database) -> dict[str, DeliveryStatus]:
    with database.sessions() as session:
        return {d.email: d.status for d in session.scalars(select(Delivery))}


def newest_interview(database: Database) -> tuple[str, str, str]:
    """The buyer's name, company and the day of the call (as the US locale writes it) of the interview the Make
    dialog lists first."""
    with database.sessions() as session:
        interview = session.scalars(select(Interview).where(Interview.wrapped_up_at.is_not(None))
                                    .order_by(Interview.wrapped_up_at.desc(), Interview.id.desc())).first()
        contact = session.get(Contact, interview.contact_id)
        account = session.get(Account, session.get(Deal, interview.deal_id).account_id)
        held = (interview.started_at or interview.scheduled_start).astimezone()
        return contact.full_name, account.name, f"{held.month}/{held.day}/{held:%y}"


def test_the_owner_makes_saves_delivers_and_deletes_reports(qtbot, tmp_path: Path, window: QMainWindow,  # noqa: ANN001
                                                            sqlite_database: Database) -> None:
    # -- a digest and a review, made through the dialog; the list tells them apart -------------------
    digest = make_report(qtbot, window, sqlite_database, "digest", team="Product", month="October 2026")
    review = make_report(qtbot, window, sqlite_database, "review", month="October 2026")
    assert column(window, "Kind") == ["Monthly review", "Team digest"]  # newest first
    assert column(window, "Period") == ["October 2026", "October 2026"]
    assert column(window, "Team") == ["", "Product"] and column(window, "By") == [OWNER, OWNER]
    assert all(made for made in column(window, "Made"))

    # -- the digest saved through the real save dialog; the message never moves the table ------------
    select_report(qtbot, window, "Team digest")
    table = reports_table(window)
    top = table.mapTo(window, QPoint(0, 0))
    said = save_report(qtbot, window, tmp_path / "product digest")
    assert said.startswith("Saved") and str(tmp_path / "product digest.docx") in said
    assert table.mapTo(window, QPoint(0, 0)) == top
    with sqlite_database.sessions() as session:
        assert (tmp_path / "product digest.docx").read_bytes() == session.get(Report, digest).content

    # -- as .eml files: written, never "sent" or "delivered" ------------------------------------------
    outbox = tmp_path / "outbox"
    dialog = deliver(qtbot, window, "eml", folder=outbox)
    assert ".eml files written for 2 people" in labels_text(dialog) and "not sent" in labels_text(dialog)
    close_dialog(qtbot, dialog)
    assert len(list(outbox.glob("*.eml"))) == 2
    assert statuses(sqlite_database) == dict.fromkeys(PRODUCT_TEAM, DeliveryStatus.WRITTEN)
    qtbot.waitUntil(lambda: details(window).count("✉ written") == 2, timeout=20_000)
    shown = details(window)
    assert shown.count("✉ written") == 2 and "✓ sent" not in shown and "delivered" not in shown
    assert column(window, "Delivery")[1] == ".eml written for 2 · not sent"

    # -- then by SMTP: the .eml written did not count, the mail arrives --------------------------------
    server = Collector()
    controller = start_server(server)
    try:
        set_up_mail(qtbot, window, controller.port)
        select_report(qtbot, window, "Team digest")
        dialog = deliver(qtbot, window, "smtp")
        assert "Sent to 2 people" in labels_text(dialog)
        close_dialog(qtbot, dialog)
    finally:
        controller.stop()
    assert sorted(envelope.rcpt_tos[0] for envelope in server.envelopes) == PRODUCT_TEAM
    with sqlite_database.sessions() as session:
        content = session.get(Report, digest).content
    assert all(attachment(message)[0] == content for message in server.messages())
    assert statuses(sqlite_database) == dict.fromkeys(PRODUCT_TEAM, DeliveryStatus.SENT)
    qtbot.waitUntil(lambda: details(window).count("✓ sent") == 4, timeout=20_000)  # two recipients, two log lines
    assert column(window, "Delivery")[1] == "Sent to 2 of 2"

    # -- deleting: asked once, naming the report; the delivered one keeps its log ---------------------
    asked = delete_report(qtbot, window, "Monthly review")
    assert "Delete “Monthly win-loss review · October 2026”?" in asked and "never delivered" in asked
    qtbot.waitUntil(lambda: column(window, "Kind") == ["Team digest"], timeout=20_000)
    asked = delete_report(qtbot, window, "Team digest")
    assert "Product digest" in asked and "4 delivery log lines stay" in asked
    qtbot.waitUntil(lambda: table.model().rowCount() == 0, timeout=20_000)
    with sqlite_database.sessions() as session:
        assert session.get(Report, review) is None and session.get(Report, digest) is None
        log = delivery_log(session)
    assert len(log) == 4 and {line.report_title for line in log} == {"Product digest · October 2026"}


def test_a_report_naming_buyers_goes_out_only_after_a_confirmation_naming_its_recipients(
        qtbot, tmp_path: Path, window: QMainWindow, sqlite_database: Database) -> None:  # noqa: ANN001
    name, company, day = newest_interview(sqlite_database)

    def picker_names_the_buyer(dialog: QDialog) -> None:
        first = rows_shown(field(dialog, "Wrapped-up interviews"))[0]  # type: ignore[arg-type]
        assert name in first and company in first and first.startswith(day)

    report = make_report(qtbot, window, sqlite_database, "interview", identities=True, check=picker_names_the_buyer)
    assert column(window, "Identities")[0] == "Names buyers"
    with sqlite_database.sessions() as session:
        people = [f"{r.name} ({r.email})" for r in recipients_for(session, report)]
    assert people

    asked: list[str] = []

    def answer(press: str):  # noqa: ANN202
        def reply(box: QWidget) -> None:
            asked.append(labels_text(box))
            click(qtbot, press, box)
        return reply

    dialog = deliver(qtbot, window, "eml", folder=tmp_path / "named", answer=answer("Cancel"))
    assert "Nothing was sent" in labels_text(dialog) and statuses(sqlite_database) == {}
    assert all(person in asked[0] for person in people) and "names buyers" in asked[0]
    close_dialog(qtbot, dialog)

    dialog = deliver(qtbot, window, "eml", folder=tmp_path / "named", answer=answer("Write the .eml files"))
    assert all(person in asked[1] for person in people)
    assert set(statuses(sqlite_database).values()) == {DeliveryStatus.WRITTEN}
    assert len(list((tmp_path / "named").glob("*.eml"))) == len(people)
    close_dialog(qtbot, dialog)


def test_a_manager_picks_interviews_without_names_and_sees_who_receives_reports(
        qtbot, window: QMainWindow, sqlite_database: Database) -> None:  # noqa: ANN001
    name, company, _day = newest_interview(sqlite_database)
    become(qtbot, window, "Manager")
    go_to(qtbot, window, "Reports")
    click(qtbot, "Make report", window)
    dialog = live_dialog(qtbot, "Make report")
    first = rows_shown(field(dialog, "Wrapped-up interviews"))[0]  # type: ignore[arg-type]
    assert name not in first and company not in first and " at a" in first
    click(qtbot, "Close", dialog)
    qtbot.waitUntil(lambda: is_closed(dialog), timeout=5000)

    click(qtbot, "Teams and recipients", window)
    teams = live_dialog(qtbot, "Teams and recipients")
    assert "aurelio.banks@example.com" in " ".join(rows_shown(field(teams, "Recipients of the team"), 1))
    click(qtbot, "Close", teams)


def test_an_edited_recipient_is_taken_back_with_edit_undo(qtbot, window: QMainWindow,  # noqa: ANN001
                                                          sqlite_database: Database) -> None:
    def address() -> str:
        with sqlite_database.sessions() as session:
            return session.scalars(select(Recipient.email).where(Recipient.name == "Aurelio Banks")).one()

    edit_recipient(qtbot, window, "Product", "Aurelio Banks", email="aurelio@product.example.com")
    assert address() == "aurelio@product.example.com"
    menu(qtbot, window, "Edit", "Undo edit of Aurelio Banks")
    assert address() == PRODUCT_TEAM[0]
    assert "Undone: edit of Aurelio Banks" in window.statusBar().currentMessage()


def test_a_removed_recipient_comes_back_with_edit_undo(qtbot, window: QMainWindow, sqlite_database: Database) -> None:  # noqa: ANN001
    def product_team() -> list[str]:
        with sqlite_database.sessions() as session:
            return sorted(session.scalars(select(Recipient.email).join(Recipient.team)
                                          .where(Recipient.team.has(key=Team.PRODUCT))))  # fmt: skip

    go_to(qtbot, window, "Reports")
    click(qtbot, "Teams and recipients", window)
    dialog = live_dialog(qtbot, "Teams and recipients")
    click_row(qtbot, field(dialog, "Teams"), "Product")  # type: ignore[arg-type]
    click_row(qtbot, field(dialog, "Recipients of the team"), "Aurelio Banks")  # type: ignore[arg-type]
    click(qtbot, "Remove…", dialog)
    box = live_dialog(qtbot, "Remove recipient", QMessageBox)
    assert "Aurelio Banks" in box.text()
    click(qtbot, "Yes", box)
    qtbot.waitUntil(lambda: product_team() == PRODUCT_TEAM[1:], timeout=5000)
    close_dialog(qtbot, dialog)
    menu(qtbot, window, "Edit", "Undo removal of Aurelio Banks")
    assert product_team() == PRODUCT_TEAM
    assert "Undone: removal of Aurelio Banks" in window.statusBar().currentMessage()
