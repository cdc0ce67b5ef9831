"""The Reports area through the window: make each kind of report, save it, deliver it (.eml and SMTP), retry
failures, manage recipients and mail settings — with the password only in the keyring."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton
from sqlalchemy import select
from mail_server import (
    PASSWORD,
    USER,
    Collector,
    attachment,
    authenticate,
    free_port,
    start_server,
)
from window_steps import become, open_window

from interviewer.enums import ReportKind, Role, Team
from interviewer.models import Account, Contact, Deal, Interview, Report
from interviewer.reporting.recipients import list_recipients
from ui.main_window import MainWindow
from ui.reports.area import ReportsArea
from ui.reports.deliver_dialog import DeliverDialog
from ui.reports.make_dialog import MakeReportDialog
from ui.reports.model import DELIVERY, IDENTITIES, KIND, PERIOD, TEAM
from ui.reports.smtp_dialog import MailSettingsDialog
from winloss.demo.build import build_demo

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
LAST_MONTH = "2026-10"
SLOW = 60_000


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database):
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, wait_for="reports")
    yield window
    window.tasks.wait()


@pytest.fixture
def area(qtbot, window: MainWindow) -> ReportsArea:
    become(qtbot, window, Role.PROGRAM_OWNER)
    assert window.show_area("reports")
    return window.reports


def make(qtbot, area: ReportsArea, kind: ReportKind, *, team: Team | None = None,
         interview: int | None = None, identities: bool = False) -> int:
    """Make a report through the dialog as a user would; returns its id once the table selects it."""
    dialog = area.make_report()
    assert isinstance(dialog, MakeReportDialog) and dialog.isVisible()
    tick(qtbot, dialog.kind_buttons[kind])
    if kind is ReportKind.TEAM_DIGEST:
        dialog.team_box.setCurrentIndex(dialog.team_box.findData(team.value))
        dialog.choose_month(dialog.digest_month, LAST_MONTH)
    elif kind is ReportKind.MONTHLY_REVIEW:
        assert dialog.review_month.currentData() == LAST_MONTH  # last month is offered first
        assert not dialog.identities.isEnabled()
    else:
        assert dialog.choose_interview(interview)
    assert not dialog.identities.isChecked()  # anonymous by default
    assert "anonymous by default" in dialog.anonymous_note.text()
    if identities:
        dialog.identities.setChecked(True)
    with qtbot.waitSignal(area.made, timeout=SLOW) as made:
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    report_id = made.args[0]
    qtbot.waitUntil(lambda: area.selected_id() == report_id and area.details is not None, timeout=SLOW)
    return report_id


def tick(qtbot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its indicator, where a user clicks."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def shown(area: ReportsArea, column: int) -> list[str]:
    return [area.proxy.index(row, column).data() for row in range(area.proxy.rowCount())]


def document_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text.replace("\u00a0", " ") for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def stored(window: MainWindow, report_id: int) -> Report:
    with window.opened.database.sessions() as session:
        report = session.get(Report, report_id)
        session.expunge(report)
        return report


# -- making reports ---------------------------------------------------------------------------------------


def test_an_empty_program_says_how_to_make_a_report(qtbot, tmp_path, sqlite_database) -> None:
    window = open_window(qtbot, tmp_path, sqlite_database, NOW, wait_for="reports")
    window.show_area("reports")
    area = window.reports
    assert area.stack.currentWidget() is area.empty_label
    assert "No reports yet — Make report… (Ctrl+Shift+R)" in area.empty_label.text()
    assert "Ctrl+Shift+R" in area.make_action.toolTip()
    assert not area.deliver_action.isEnabled() and not area.save_action.isEnabled()
    window.tasks.wait()


def test_making_each_kind_of_report(qtbot, area: ReportsArea, window: MainWindow, tmp_path: Path) -> None:
    review = make(qtbot, area, ReportKind.MONTHLY_REVIEW)
    assert shown(area, KIND) == ["Monthly review"]
    assert "October 2026" in shown(area, PERIOD)[0] and shown(area, IDENTITIES) == ["Anonymous"]
    report = stored(window, review)
    assert report.kind is ReportKind.MONTHLY_REVIEW
    with window.opened.database.sessions() as session:
        assert session.get(Report, review).content.startswith(b"PK")
    assert "Not sent yet" in shown(area, DELIVERY)[0]

    digest = make(qtbot, area, ReportKind.TEAM_DIGEST, team=Team.PRODUCT)
    assert shown(area, KIND)[0] == "Team digest" and shown(area, TEAM)[0] == "Product"  # newest first
    assert stored(window, digest).team is Team.PRODUCT
    assert "Aurelio Banks" in area.detail.toPlainText()  # the product team's recipients

    dialog = area.make_report()
    first = dialog.interviews.item(0)
    interview_id = first.data(Qt.ItemDataRole.UserRole)
    with window.opened.database.sessions() as session:
        interview = session.get(Interview, interview_id)
        contact = session.get(Contact, interview.contact_id)
        name, email = contact.full_name, contact.email
        company = session.get(Account, session.get(Deal, interview.deal_id).account_id).name
    assert name in first.text() and company in first.text()  # the program owner picks by buyer and company
    dialog.reject()
    made = make(qtbot, area, ReportKind.INTERVIEW, interview=interview_id)
    assert shown(area, KIND)[0] == "Interview"
    target = area.save_as(tmp_path / "interview")
    assert target == tmp_path / "interview.docx" and target.read_bytes()[:2] == b"PK"
    text = document_text(target.read_bytes())
    assert len(text) > 200 and name not in text and email not in text
    assert target.read_bytes() == stored_content(window, made)
    assert area.model.rowCount() == 3

    qtbot.keyClicks(area.filter_box, "digest")
    assert shown(area, KIND) == ["Team digest"]


def stored_content(window: MainWindow, report_id: int) -> bytes:
    with window.opened.database.sessions() as session:
        return session.get(Report, report_id).content


def test_identities_when_asked_for_name_the_buyer(qtbot, area: ReportsArea, window: MainWindow) -> None:
    dialog = area.make_report()
    interview_id = dialog.interviews.item(0).data(Qt.ItemDataRole.UserRole)
    dialog.reject()
    made = make(qtbot, area, ReportKind.INTERVIEW, interview=interview_id, identities=True)
    assert shown(area, IDENTITIES)[0] == "Names buyers"
    with window.opened.database.sessions() as session:
        name = session.get(Contact, session.get(Interview, interview_id).contact_id).full_name
    assert name in document_text(stored_content(window, made))


def test_a_report_can_be_cancelled_while_being_made(qtbot, area: ReportsArea, window: MainWindow) -> None:
    dialog = area.make_report()
    dialog.choose(ReportKind.MONTHLY_REVIEW)
    window.tasks.started.connect(lambda task: task.cancel())  # the user cancels at once
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=SLOW)
    assert "cancelled" in dialog.error_label.text() and dialog.make_button.isEnabled()
    with window.opened.database.sessions() as session:
        assert session.scalars(select(Report)).all() == []


# -- delivering ------------------------------------------------------------------------------------------


def deliver_dialog(area: ReportsArea) -> DeliverDialog:
    dialog = area.deliver()
    assert isinstance(dialog, DeliverDialog) and dialog.isVisible()
    return dialog


def send(qtbot, dialog: DeliverDialog, area: ReportsArea, button=None) -> None:
    with qtbot.waitSignal(area.loaded, timeout=SLOW), qtbot.waitSignal(dialog.delivered, timeout=SLOW):
        qtbot.mouseClick(button or dialog.send_button, Qt.MouseButton.LeftButton)


def test_eml_files_are_written_not_sent_and_stay_offered(qtbot, area: ReportsArea, tmp_path: Path) -> None:
    make(qtbot, area, ReportKind.TEAM_DIGEST, team=Team.PRODUCT)
    dialog = deliver_dialog(area)
    tick(qtbot, dialog.eml_choice)
    dialog.folder.setText(str(tmp_path / "mail"))
    assert len(dialog.checked_ids()) == 2 and "2 of 2 selected" in dialog.selection_note.text()
    send(qtbot, dialog, area)
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert [f.name.split(" - ")[1] for f in files] == ["aurelio.banks@example.com.eml",
                                                        "leontine.marsh@example.com.eml"]
    assert ".eml files written for 2 people" in dialog.summary.text() and "not sent" in dialog.summary.text()
    assert len(area.details.log) == 2 and all(line.ok for line in area.details.log)
    assert area.detail.toPlainText().count("✉ written") == 2 and "delivered" not in area.detail.toPlainText()
    assert shown(area, DELIVERY)[0] == ".eml written for 2 · not sent"

    dialog.close()
    again = deliver_dialog(area)  # a file written is not a sending: both are still to send
    assert len(again.checked_ids()) == 2 and "2 with an .eml written, not sent" in again.selection_note.text()
    again.set_checked(["aurelio.banks@example.com"])
    tick(qtbot, again.eml_choice)
    send(qtbot, again, area)
    assert again.result.written == ("aurelio.banks@example.com",) and again.result.sent == ()
    assert len(area.details.log) == 3


def configure_mail(qtbot, area: ReportsArea, port: int, *, user: str = "", password: str = "") -> MailSettingsDialog:
    dialog = area.mail_settings()
    assert isinstance(dialog, MailSettingsDialog) and dialog.isVisible()
    dialog.host.setText("127.0.0.1")
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    dialog.port.setValue(port)
    dialog.user.setText(user)
    if password:
        qtbot.keyClicks(dialog.password, password)
    dialog.sender_name.setText("Win-Loss Program")
    dialog.sender_email.setText("winloss@example.test")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.problems.isVisible(), dialog.problems.text()
    return dialog


def test_delivering_by_smtp_with_the_password_only_in_the_keyring(qtbot, area: ReportsArea, window: MainWindow,
                                                                   tmp_path: Path, memory_keyring) -> None:
    handler = Collector()
    controller = start_server(handler, authenticator=authenticate, auth_required=True, auth_require_tls=False)
    try:
        settings_dialog = configure_mail(qtbot, area, controller.port, user=USER, password=PASSWORD)
        assert settings_dialog.password_kept is True
        assert PASSWORD in memory_keyring.secrets.values()
        report = make(qtbot, area, ReportKind.TEAM_DIGEST, team=Team.PRODUCT)
        dialog = deliver_dialog(area)
        assert dialog.smtp_choice.isChecked() and not dialog.password.isVisible()  # found in the keyring
        assert f"127.0.0.1:{controller.port}" in dialog.server_label.text()
        send(qtbot, dialog, area)
        assert sorted(e.rcpt_tos[0] for e in handler.envelopes) == ["aurelio.banks@example.com",
                                                                   "leontine.marsh@example.com"]
        content = stored_content(window, report)
        assert all(attachment(message)[0] == content for message in handler.messages())  # byte for byte
        assert "Sent to 2 people" in dialog.summary.text()
        assert [line.channel.value for line in area.details.log] == ["smtp", "smtp"]
    finally:
        controller.stop()
    window.settings.sync()
    ini = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert "127.0.0.1" in ini and USER in ini and PASSWORD not in ini


def test_a_failing_server_is_explained_and_failures_are_retried(qtbot, area: ReportsArea, window: MainWindow) -> None:
    handler = Collector()
    controller = start_server(handler)
    try:
        configure_mail(qtbot, area, free_port())  # nothing listens there
        make(qtbot, area, ReportKind.TEAM_DIGEST, team=Team.MARKETING)
        dialog = deliver_dialog(area)
        send(qtbot, dialog, area)
        assert len(dialog.result.failed) == 2 and handler.envelopes == []
        assert "refused the connection" in dialog.failures.item(0).text()
        assert "Retry failed" in dialog.summary.text()
        assert "refused the connection" in area.detail.toPlainText()
        assert all(not line.ok and "refused the connection" in line.error for line in area.details.log)
        assert "2 failed" in shown(area, DELIVERY)[0]
        assert dialog.retry_button.isVisible()

        configure_mail(qtbot, area, controller.port)  # the user fixes the port
        send(qtbot, dialog, area, dialog.retry_button)
        assert len(dialog.result.sent) == 2 and len(handler.envelopes) == 2
        assert not dialog.retry_button.isVisible()
        assert "Sent to 2 of 2" in shown(area, DELIVERY)[0]
    finally:
        controller.stop()


def test_mail_settings_explain_problems_inline(qtbot, area: ReportsArea) -> None:
    dialog = area.mail_settings()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "host name" in dialog.problems.text() and "sender" in dialog.problems.text()
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    assert dialog.port.value() == 465


# -- recipients ------------------------------------------------------------------------------------------


def test_recipients_are_added_with_inline_errors(qtbot, area: ReportsArea, window: MainWindow) -> None:
    dialog = area.manage_recipients()
    assert dialog.isVisible()
    dialog.select_team(Team.CS)
    assert dialog.table.rowCount() == 1
    qtbot.keyClicks(dialog.name, "Nadia Okafor")
    qtbot.keyClicks(dialog.email, "nadia@@example")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and "not a valid email address" in dialog.error_label.text()
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "Nadia.Okafor@Example.COM")
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 2 and "Added" in dialog.error_label.text()
    with window.opened.database.sessions() as session:
        emails = [row.email for row in list_recipients(session, Team.CS)]
    assert "Nadia.Okafor@example.com" in emails

    assert dialog.select_recipient(next(r.id for r in dialog.rows if r.name == "Nadia Okafor"))
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert "deactivated" in dialog.table.item(dialog.table.currentRow(), 2).text()
    assert dialog.remove_selected(confirm=False) is True
    assert dialog.table.rowCount() == 1


def test_interviewers_do_not_see_reports(qtbot, window: MainWindow) -> None:
    become(qtbot, window, Role.INTERVIEWER)
    assert not window.show_area("reports")
    assert not window.program_menu.menuAction().isVisible()
    become(qtbot, window, Role.MANAGER)
    assert window.show_area("reports") and window.program_menu.menuAction().isVisible()
