"""The Review area as a user runs the monthly review: read the data, write the patterns and notes, agree actions
with owners (their baselines measured), see them measured 60 days later, and make the review report."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from builders import DealSpec, add_deals
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import ActionStatus, Outcome, ReportKind, Role, Team
from interviewer.models import Action, Report, ReviewMeeting
from interviewer.profiles import ProfileRow, list_profiles
from interviewer.reporting.library import report_content
from interviewer.reporting.periods import month
from interviewer.reporting.review import monthly_review
from ui.review.action_dialog import ActionDialog
from ui.review.area import ReviewArea
from ui.review.sections import ACTION_COLUMNS
from ui.tasks import TaskRunner
from winloss.demo.build import build_demo

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
LAST_MONTH = "2026-10"
SLOW = 60_000
VERDICT = [name for name, _tip in ACTION_COLUMNS].index("Before → after")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def demo(sqlite_database: Database) -> Database:
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    return sqlite_database


def profile(database: Database, role: Role) -> ProfileRow:
    with database.sessions() as session:
        return next(p for p in list_profiles(session) if p.role is role)


def open_area(qtbot, database: Database, clock: FixedClock, role: Role = Role.PROGRAM_OWNER) -> ReviewArea:
    """The area on its own, shown and active, once the default month (last month) is open."""
    tasks = TaskRunner()
    area = ReviewArea(tasks, clock)
    qtbot.addWidget(area)
    area.resize(1180, 760)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    area.set_profile(profile(database, role))
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.set_database(database)
    return area


@pytest.fixture
def area(qtbot, demo: Database):
    area = open_area(qtbot, demo, FixedClock(NOW))
    yield area
    area.tasks.wait()


def meeting(database: Database, key: str) -> ReviewMeeting:
    with database.sessions() as session:
        found = session.scalar(select(ReviewMeeting).where(ReviewMeeting.month == month(key).start))
        session.expunge(found)
        return found


def actions_of(database: Database, review_id: int) -> list[Action]:
    with database.sessions() as session:
        found = session.scalars(select(Action).where(Action.review_id == review_id).order_by(Action.id)).all()
        session.expunge_all()
        return list(found)


def cell(area: ReviewArea, action_text: str, column: int) -> str:
    model = area.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == action_text)
    return model.index(row, column).data()


def type_over(qtbot, widget, text: str) -> None:
    """Select what the field holds and type over it, as a user does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def add_by_typing(qtbot, area: ReviewArea, text: str, owner: str, *, segment: str = "", competitor: str = "",
                  team: Team | None = None) -> None:
    """Ctrl+Shift+N, type the action and its owner, pick the metric by keyboard, Add."""
    qtbot.keyClick(area.table, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = next(d for d in area.findChildren(ActionDialog) if d.isVisible())
    qtbot.keyClicks(dialog.text_edit, text)
    qtbot.keyClicks(dialog.owner_edit, owner)
    if team is not None:
        assert dialog.choose(dialog.team_box, team.value)
    for box, value in ((dialog.segment_box, segment), (dialog.competitor_box, competitor)):
        if value:
            pick(qtbot, box, value)
    qtbot.waitUntil(lambda: dialog.baseline_rate is not None and "n=" in dialog.baseline_label.text(), timeout=SLOW)
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def pick(qtbot, box: QComboBox, value: str) -> None:
    """Choose an item of a combo box by typing its first letters, as keyboard users do."""
    box.setFocus()
    qtbot.keyClicks(box, value)
    assert box.currentText() == value


# -- 1 · Data ------------------------------------------------------------------------------------------------


def test_last_months_data_panel_shows_the_reviews_figures_with_their_n(area: ReviewArea, demo: Database) -> None:
    assert area.month_box.currentData() == LAST_MONTH  # a review looks back on last month
    period = month(LAST_MONTH)
    with demo.sessions() as session:
        review = monthly_review(session, period.start, period.end, period.label, today=TODAY)
    figures = area.data.figures
    assert figures["win_rate"].text() == review.figures.win_rate.text()  # 86 deals: no early-signal word
    assert figures["closes"].text().startswith(f"{review.figures.closed} closed: ")
    assert figures["competitor"].text().startswith(f"{review.figures.top_competitor} — in ")
    assert " of " in figures["loss_reason"].text() and " losses" in figures["loss_reason"].text()
    segments = {area.data.segments.index(r, 0).data(): area.data.segments.index(r, 2).data()
                for r in range(area.data.segments.rowCount())}
    assert segments["Public Sector"] == "Stop targeting? Under 15%"  # the demo's weak segment, flagged in words
    competitors = [area.data.competitors.index(r, 3).data() for r in range(area.data.competitors.rowCount())]
    assert "Early signal" in competitors  # a competitor met in few deals is only an early signal


def test_the_month_picker_moves_between_months(qtbot, area: ReviewArea) -> None:
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.buttons["previousMonth"].click()
    assert area.month_box.currentData() == "2026-09"
    assert area.opened is not None and area.opened.workspace.period == month("2026-09")
    assert area.actions_panel.stack.currentWidget() is area.actions_panel.empty_label
    assert "3–5 actions keep a review actionable: agree 3 more" in area.actions_panel.hint.text()
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        qtbot.keyClick(area.month_box, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.next_month()
    assert area.month_box.currentIndex() == 0 and not area.next_action.isEnabled()


def test_the_data_panel_leads_with_what_buyers_said_and_the_mismatch(area: ReviewArea, demo: Database) -> None:
    period = month(LAST_MONTH)
    with demo.sessions() as session:
        review = monthly_review(session, period.start, period.end, period.label, today=TODAY)
    lost = review.reasons.of(Outcome.LOST)
    why = area.data.figures["why_lost"].text()
    rep_n = sum(bar.count for bar in lost.rep)
    assert why.endswith(f"reps ({rep_n} of {lost.deals} deals): {lost.rep[0].label} {lost.rep[0].count}"
                        + (f", {lost.rep[1].label} {lost.rep[1].count}" if len(lost.rep) > 1 else ""))
    assert why.startswith(f"Buyers ({lost.interviews} interview" if lost.interviews else "No buyer interviewed yet")
    rate = review.reasons.mismatch
    assert area.data.figures["mismatch"].text().startswith(
        f"Buyer and rep differ in {rate.part} of {rate.n} interviews" if rate.n else "No interview with both")


def test_computed_patterns_are_labelled_computed_and_typed_ones_are_notes(area: ReviewArea, demo: Database) -> None:
    period = month(LAST_MONTH)
    with demo.sessions() as session:
        review = monthly_review(session, period.start, period.end, period.label, today=TODAY)
    assert area.patterns.computed[Outcome.LOST].text() == review.loss_pattern
    assert area.patterns.computed[Outcome.WON].text() == review.win_pattern
    assert area.patterns.computed[Outcome.NO_DECISION].text() == review.pattern(Outcome.NO_DECISION).text
    assert area.patterns.loss_edit.text() == ""  # nothing typed yet: the computed text is not put in the field
    assert "your note" in area.patterns.loss_edit.placeholderText()


# -- 2 · Patterns ----------------------------------------------------------------------------------------------


def test_patterns_and_notes_are_saved_a_second_after_typing_and_with_ctrl_s(qtbot, area: ReviewArea,
                                                                           demo: Database) -> None:
    assert area.patterns.loss_edit.text() == (meeting(demo, LAST_MONTH).loss_pattern or "")  # as the team wrote it
    type_over(qtbot, area.patterns.win_edit, "Integrations win the pilot")
    type_over(qtbot, area.patterns.loss_edit, "Rollout risk, not price, loses Mid-Market")
    assert "Editing" in area.patterns.saved_label.text()
    with qtbot.waitSignal(area.saved, timeout=3000):  # typing stopped: saved after a second
        pass
    stored = meeting(demo, LAST_MONTH)
    assert (stored.win_pattern, stored.loss_pattern) == ("Integrations win the pilot",
                                                         "Rollout risk, not price, loses Mid-Market")
    type_over(qtbot, area.patterns.notes_edit, "Sales leadership owns the all-in price question.")
    with qtbot.waitSignal(area.saved, timeout=500):
        qtbot.keyClick(area.patterns.notes_edit, Qt.Key.Key_S, CTRL)
    assert meeting(demo, LAST_MONTH).notes == "Sales leadership owns the all-in price question."


def test_typed_text_is_kept_when_the_month_changes_at_once(qtbot, area: ReviewArea, demo: Database) -> None:
    type_over(qtbot, area.patterns.notes_edit, "Typed just before switching")
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.previous_month()  # no second to wait: switching saves first
    assert meeting(demo, LAST_MONTH).notes == "Typed just before switching"
    assert area.patterns.notes_edit.toPlainText() == ""  # September's own notes


# -- 3 · Actions, measured 60 days later, and the report -------------------------------------------------------


def test_run_a_review_add_actions_measure_them_and_make_the_report(qtbot, area: ReviewArea, demo: Database,
                                                                   tmp_path: Path) -> None:
    review_id = meeting(demo, LAST_MONTH).id
    # the demo agreed three at this review; the first review's action, due by now, follows marked "↩"
    assert area.model.rowCount() == 4 and area.actions_panel.hint.text() == ""
    assert area.model.index(3, 0).data().startswith("↩ Publish the security pack")
    add_by_typing(qtbot, area, "Send the phased rollout plan with every Mid-Market proposal", "Gwendolyn Oyelaran",
                  segment="Mid-Market")
    add_by_typing(qtbot, area, "Brief reps on the all-in price", "Rosalind Achebe-Hart")
    add_by_typing(qtbot, area, "Write a Brightfold comparison page", "Dana Whitfield", competitor="Brightfold",
                  team=Team.MARKETING)
    assert "Added “Write a Brightfold comparison page” for Dana Whitfield. Baseline " in area.message.text()
    assert area.model.rowCount() == 7
    assert "more than a team can follow up" in area.actions_panel.hint.text()

    added = actions_of(demo, review_id)[3:]
    assert [a.owner for a in added] == ["Gwendolyn Oyelaran", "Rosalind Achebe-Hart", "Dana Whitfield"]
    assert [a.team for a in added] == [Team.CS, Team.SALES, Team.MARKETING]  # a recipient's name brings the team
    assert [a.metric["label"] for a in added] == ["Win rate in Mid-Market", "Win rate, all closed deals",
                                                  "Win rate against Brightfold"]
    assert all(a.baseline_n > 0 and a.due_on == TODAY + timedelta(days=60) for a in added)
    assert cell(area, added[0].text, VERDICT).startswith("Baseline ")  # not measured again yet

    # the status of the selected action
    area.select_id(added[1].id)
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        area.actions_panel.status_box.setCurrentIndex(area.actions_panel.status_box.findData("in_progress"))
        area.actions_panel.status_box.activated.emit(area.actions_panel.status_box.currentIndex())
    assert actions_of(demo, review_id)[4].status is ActionStatus.IN_PROGRESS

    # 60 days of deals after the review: 30 closed, only 6 of them in Mid-Market
    days = [TODAY + timedelta(days=1 + i * 2) for i in range(30)]
    add_deals(demo, [DealSpec(f"After {i}", Outcome.WON if i % 2 else Outcome.LOST, closed=day,
                              segment="Mid-Market" if i < 6 else "SMB") for i, day in enumerate(days)])
    later = open_area(qtbot, demo, FixedClock(NOW + timedelta(days=61)))
    assert later.choose_month(LAST_MONTH) or later.month_box.currentData() == LAST_MONTH
    qtbot.waitUntil(lambda: later.opened is not None and later.opened.workspace.period == month(LAST_MONTH),
                    timeout=SLOW)
    assert "6 actions fell due and were measured again today" in later.message.text()
    all_deals = cell(later, added[1].text, VERDICT)
    mid_market = cell(later, added[0].text, VERDICT)
    assert " → " in all_deals and "points (p = " in all_deals and "Early signal" not in all_deals
    assert " → " in mid_market and "Early signal: too few deals to test the change." in mid_market
    after = actions_of(demo, review_id)[3]
    assert after.result_n is not None and 6 <= after.result_n < 20 and f"(n={after.result_n})" in mid_market
    later.tasks.wait()

    # the written output for both teams
    with qtbot.waitSignal(area.report_made, timeout=SLOW) as made:
        area.buttons["makeReviewReport"].click()
    report_id = made.args[0]
    with demo.sessions() as session:
        report = session.get(Report, report_id)
        assert report.kind is ReportKind.MONTHLY_REVIEW and "October 2026" in report.title
        document = Document(io.BytesIO(report_content(session, report_id)))
    assert "October 2026" in document.paragraphs[0].text + document.core_properties.title
    assert f"Made report ‘{report.title}’ — in the Reports area, ready to deliver" in area.message.text()
    saved = area.save_as(tmp_path / "review")
    assert saved == tmp_path / "review.docx" and saved.stat().st_size > 0


def test_enter_in_the_owner_field_takes_the_offered_name_and_only_the_next_enter_adds(qtbot, area: ReviewArea,
                                                                                     demo: Database) -> None:
    review_id = meeting(demo, LAST_MONTH).id
    before = len(actions_of(demo, review_id))
    qtbot.keyClick(area.table, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = next(d for d in area.findChildren(ActionDialog) if d.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.text_edit, "Share three won-deal stories with sales each month")
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Tab)
    owner = dialog.owner_edit
    assert owner.hasFocus()
    popup = owner.completer().popup()  # while it is open, the keyboard's keys go to it

    qtbot.keyClicks(owner, "gwen")
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # nothing highlighted: the name offered first, never "gwen"
    assert owner.text() == "Gwendolyn Oyelaran" and not popup.isVisible()
    assert dialog.isVisible() and len(actions_of(demo, review_id)) == before  # Enter took the name, nothing more
    assert dialog.team_box.currentData() == Team.CS.value

    type_over(qtbot, owner, "ach")
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert owner.text() == "Rosalind Achebe-Hart" and dialog.isVisible()
    qtbot.waitUntil(lambda: "n=" in dialog.baseline_label.text(), timeout=SLOW)
    with qtbot.waitSignal(area.loaded, timeout=SLOW):
        qtbot.keyClick(owner, Qt.Key.Key_Return)  # the list is closed: Enter adds the action
    added = actions_of(demo, review_id)[-1]
    assert len(actions_of(demo, review_id)) == before + 1
    assert (added.text, added.owner, added.team) == ("Share three won-deal stories with sales each month",
                                                     "Rosalind Achebe-Hart", Team.SALES)


def test_others_than_owners_and_managers_only_read_the_review(qtbot, demo: Database) -> None:
    area = open_area(qtbot, demo, FixedClock(NOW), Role.INTERVIEWER)
    assert area.patterns.win_edit.isReadOnly() and area.patterns.notes_edit.isReadOnly()
    assert not area.add_action.isEnabled() and not area.make_action.isEnabled()
    assert area.add_action_dialog() is None
    area.table.selectRow(0)
    assert not area.actions_panel.status_box.isEnabled()
    assert area.model.rowCount() == 4  # the actions are still there to read
    area.tasks.wait()


def test_every_control_has_an_accessible_name_and_buttons_name_their_shortcuts(area: ReviewArea) -> None:
    for name in ("makeReviewReport", "addAction", "saveReview", "previousMonth", "nextMonth"):
        button = area.buttons[name]
        assert button.accessibleName() and "(" in button.toolTip(), name
    for widget in (area.month_box, area.patterns.win_edit, area.patterns.loss_edit, area.patterns.notes_edit,
                   area.table, area.actions_panel.status_box, area.data.segments_table):
        assert widget.accessibleName(), widget.objectName()


def test_the_rows_model_behaves_as_qt_expects(qtmodeltester) -> None:
    from ui.review.model import Row, RowsModel

    model = RowsModel((("Segment", "tip"), ("Win rate (n)", "tip")), right=(1,))
    model.set_rows([Row(("SMB", "41% (n=74)"), id=1), Row(("Public Sector", "10% (n=20)"), id=2, tips={1: "low"})])
    qtmodeltester.check(model)
    assert model.position_of(2) == 1 and model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "low"
