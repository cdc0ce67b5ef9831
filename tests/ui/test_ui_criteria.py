"""Criteria and candidates through the window: draft, review, approve, propose, decide; roles enforced."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from interviewer.enums import CandidateStatus, Role
from interviewer.secrets import SecretStore
from ui.candidates import CANDIDATE_HEADERS
from ui.criteria.editor import CriteriaEditor
from ui.criteria.reason import ReasonDialog
from ui.main_window import MainWindow
from ui.profile_dialog import ProfileDialog
from ui.settings import WindowSettings
from winloss.demo.build import build_demo
from window_steps import become, open_window

TODAY = date(2026, 11, 20)


@pytest.fixture
def program(sqlite_database):  # noqa: ANN001, ANN201
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    return sqlite_database


@pytest.fixture
def window(qtbot, tmp_path: Path, program):  # noqa: ANN001, ANN201
    window = open_window(qtbot, tmp_path, program, datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    yield window
    window.tasks.wait()


def edit_and_save(qtbot, window: MainWindow, change) -> None:  # noqa: ANN001
    editor = next(e for e in window.findChildren(CriteriaEditor) if e.isVisible())  # an earlier one may await deletion
    qtbot.waitUntil(lambda: not editor.counting, timeout=20_000)
    change(editor)
    assert editor.counting
    qtbot.waitUntil(lambda: not editor.counting, timeout=20_000)
    assert editor.funnel.rowCount() >= 8
    assert editor.buttons.button(editor.buttons.StandardButton.Save).isEnabled()
    editor.accept()


def press_and_answer(qtbot, window: MainWindow, button, text: str) -> ReasonDialog:  # noqa: ANN001
    """Press a button that asks for a reason, type ``text`` into the dialog and press its OK."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(ReasonDialog) if d.isVisible())
    dialog.text.setPlainText(text)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    return dialog


def status_of_selected(window: MainWindow) -> str:
    area = window.criteria
    return area.table.item(area.table.currentRow(), 2).text()


def test_a_set_goes_from_draft_to_approved_and_yields_candidates(qtbot, window) -> None:  # noqa: ANN001
    become(qtbot, window, Role.PROGRAM_OWNER)
    assert window.show_area("criteria")
    area = window.criteria

    qtbot.mouseClick(area.new_button, Qt.MouseButton.LeftButton)

    def first_draft(editor: CriteriaEditor) -> None:
        editor.name.setText("Q4 losses and wins")
        editor.qualified_buyer.setPlainText("Someone who took part in the decision in the last two months.")
        editor.quota_boxes["lost"].setValue(3)
        editor.quota_boxes["won"].setValue(2)
        editor.quota_boxes["no_decision"].setValue(1)

    edit_and_save(qtbot, window, first_draft)
    qtbot.waitUntil(lambda: area.selected() is not None and area.selected().name == "Q4 losses and wins", timeout=5000)
    assert status_of_selected(window) == "Draft"
    assert "3 lost" in area.detail.text()
    qtbot.mouseClick(area.submit_button, Qt.MouseButton.LeftButton)
    assert status_of_selected(window) == "Waiting for review"
    assert not area.approve_button.isEnabled()  # an owner does not approve

    become(qtbot, window, Role.MANAGER)
    area.select_set(area.selected().id)
    assert area.approve_button.isEnabled()
    refused = press_and_answer(qtbot, window, area.reject_button, "   ")
    assert refused.isVisible() and "why" in refused.error.text().lower()
    refused.text.setPlainText("Add no-decision deals from Public Sector too.")
    refused.buttons.button(refused.buttons.StandardButton.Ok).click()
    assert not refused.isVisible()
    assert status_of_selected(window) == "Rejected"
    assert "Add no-decision deals" in area.detail.text()

    become(qtbot, window, Role.PROGRAM_OWNER)
    qtbot.mouseClick(area.edit_button, Qt.MouseButton.LeftButton)
    edit_and_save(qtbot, window, lambda editor: editor.quota_boxes["no_decision"].setValue(2))
    assert status_of_selected(window) == "Draft"
    qtbot.mouseClick(area.submit_button, Qt.MouseButton.LeftButton)

    become(qtbot, window, Role.MANAGER)
    assert not press_and_answer(qtbot, window, area.approve_button, "").isVisible()
    approved = area.selected()
    assert approved is not None and status_of_selected(window) == "Approved"
    history = [area.history.item(i).text() for i in range(area.history.count())]
    assert any("rejected" in line for line in history) and any("approved" in line for line in history)
    assert not area.edit_button.isEnabled() and area.version_button.isEnabled()

    become(qtbot, window, Role.PROGRAM_OWNER)
    assert window.show_area("candidates")
    candidates = window.candidates
    with qtbot.waitSignal(candidates.analysed, timeout=20_000):
        candidates.sets.setCurrentIndex(candidates.sets.findData(approved.id))
    with qtbot.waitSignal(candidates.analysed, timeout=20_000):
        qtbot.mouseClick(candidates.propose_button, Qt.MouseButton.LeftButton)
    assert candidates.table.rowCount() >= 1, candidates.message.text()
    reasons = candidates.table.item(0, CANDIDATE_HEADERS.index("Why this buyer")).text()
    assert " · " in reasons and ("ago" in reasons or "days" in reasons)
    assert candidates.coverage.rowCount() > 0

    candidates.table.selectRow(0)
    qtbot.mouseClick(candidates.accept_button, Qt.MouseButton.LeftButton)
    accepted = next(r for r in candidates._rows if r.status is CandidateStatus.ACCEPTED)
    assert window.current_area() == "schedule"
    assert window.schedule.selected() is not None and window.schedule.selected().id == accepted.interview_id
    assert "Accepted" in candidates.message.text()

    assert window.show_area("candidates")
    proposed = next(i for i, r in enumerate(candidates._rows) if r.status is CandidateStatus.PROPOSED)
    candidates.table.selectRow(proposed)
    refused = press_and_answer(qtbot, window, candidates.decline_button, "  ")
    assert refused.isVisible() and refused.error.text()
    refused.text.setPlainText("Already interviewed by the product team last week")
    refused.buttons.button(refused.buttons.StandardButton.Ok).click()
    assert any(r.status is CandidateStatus.EXCLUDED for r in candidates._rows)
    assert "Already interviewed by the product team last week" in candidates.detail.text()

    from interviewer.models import Candidate, Interview

    with window.opened.database.sessions() as session:
        ours = session.query(Interview).join(Candidate, Interview.candidate_id == Candidate.id)
        assert ours.filter(Candidate.criteria_set_id == approved.id).count() == 1


def test_an_interviewer_cannot_reach_criteria_or_candidates(qtbot, window) -> None:  # noqa: ANN001
    become(qtbot, window, Role.INTERVIEWER)
    assert not window.show_area("criteria") and not window.show_area("candidates")
    visible = [window.nav.item(r).text() for r in range(window.nav.count()) if not window.nav.item(r).isHidden()]
    assert visible == ["Schedule"]  # only their own interviews: no deals, no criteria
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is not window.criteria


def test_the_first_person_creates_a_profile(qtbot, tmp_path, sqlite_database) -> None:  # noqa: ANN001
    settings = WindowSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, SecretStore())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.deals.loaded, timeout=20_000):
        window.open_database(sqlite_database.url.render_as_string(hide_password=False))
    dialog = window.findChild(ProfileDialog)
    assert dialog is not None and dialog.profiles.count() == 0
    dialog.email.setText("not-an-email")
    dialog.accept()
    assert dialog.error.isVisible() and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Ana Ruiz")
    dialog.email.setText("ana@example.com")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.MANAGER.value))
    with qtbot.waitSignal(window.profile_changed, timeout=5000):
        dialog.accept()
    assert window.profile_label.text() == "Ana Ruiz · Manager"
    window.tasks.wait()
