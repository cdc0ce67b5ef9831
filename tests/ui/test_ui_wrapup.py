"""The wrap-up window driven like a user: reasons beside the rep's, takeaways routed and backed, drafts kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from builders import booked_interview
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy import func, select

from interviewer import APP_NAME, ORG_NAME
from interviewer.clock import FixedClock
from interviewer.console.calls import (
    CallItem,
    add_quote,
    add_tag,
    load_call,
    save_note,
    save_progress,
    set_consent,
    start_call,
)
from interviewer.db import Database
from interviewer.enums import (
    UNKNOWN_COMPETITOR,
    GuideItemState,
    InterviewStatus,
    Outcome,
    RepReason,
    Sentiment,
    TakeawayKind,
    Team,
)
from interviewer.models import Interview, Takeaway
from ui.wrapup.dialog import WrapUpDialog, open_wrapup
from ui.wrapup.drafts import DraftStore
from interviewer.console.wrapup_form import FORMAT, FormState

CLOCK = FixedClock(datetime(2026, 11, 20, 15, tzinfo=UTC))
CTRL = Qt.KeyboardModifier.ControlModifier
P = GuideItemState.PENDING


@dataclass(frozen=True)
class StartedCall:
    database: Database
    interview_id: int
    items: tuple[CallItem, ...]
    decision_quote: int
    """On the question of who took part in the decision (position 1)."""
    roadmap_quote: int
    """On the question of missing capabilities (the product roadmap phase)."""


def start_a_call(database: Database) -> StartedCall:
    """A lost deal's call with consent, notes, two quotes on differently routed questions and time on three."""
    interview_id = booked_interview(database, CLOCK.now(), minutes_ago=20)
    with database.sessions() as session, session.begin():
        start_call(session, interview_id, CLOCK, actor="ida")
        set_consent(session, interview_id, True, CLOCK, actor="ida")
        items = load_call(session, interview_id).items
        roadmap = next(i for i in items if i.teams == (Team.PRODUCT,))
        save_note(session, interview_id, items[0].id, "Runs operations for 40 depots; led the evaluation.", None, CLOCK)
        save_note(session, interview_id, items[1].id, "CFO and two depot leads; depot leads feared the rollout.",
                  None, CLOCK)
        save_note(session, interview_id, roadmap.id, "Wanted offline scanning for yards without signal.", None, CLOCK)
        decision = add_quote(session, interview_id, items[1].id, "The rollout plan scared our depot leads.", 312)
        roadmap_quote = add_quote(session, interview_id, roadmap.id, "Half our yards have no signal at all.", 655)
        add_tag(session, interview_id, items[1].id, RepReason.PRODUCT_FIT, 320)
        save_progress(session, interview_id, elapsed_seconds=840, current_position=None,
                      items={items[0].id: (P, 95), items[1].id: (P, 150), roadmap.id: (P, 120)})
    return StartedCall(database, interview_id, items, decision, roadmap_quote)


@pytest.fixture
def call(sqlite_database: Database) -> StartedCall:
    return start_a_call(sqlite_database)


@pytest.fixture
def opened(qtbot) -> Iterator[list[WrapUpDialog]]:
    """Dialogs a test opened (they delete themselves on close); any still open are closed at the end."""
    dialogs: list[WrapUpDialog] = []
    yield dialogs
    for dialog in dialogs:
        if shiboken6.isValid(dialog):
            dialog.close()


# -- steps ---------------------------------------------------------------------------------------------------


def open_it(qtbot, call: StartedCall, opened: list[WrapUpDialog]) -> WrapUpDialog:
    dialog = open_wrapup(None, call.database, call.interview_id, actor="ida", clock=CLOCK)
    opened.append(dialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def child(dialog: QWidget, kind: type, name: str):
    found = dialog.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def choose(qtbot, combo: QComboBox, label: str) -> None:
    """Pick a combo's entry with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    target = combo.findText(label)
    assert target >= 0, f"{label} is not offered"
    for _ in range(combo.count() + 1):
        if combo.currentIndex() == target:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    assert combo.currentText() == label


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def tick(qtbot, listing: QListWidget, starts: str) -> None:
    """Select the list entry whose text starts with ``starts`` and press Space to (un)tick it."""
    row = next(r for r in range(listing.count()) if listing.item(r).text().startswith(starts))
    listing.setFocus()
    listing.setCurrentRow(row)
    qtbot.keyClick(listing, Qt.Key.Key_Space)


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    """A key as the keyboard sends it: to whichever widget has the focus."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifiers)


def checked_teams(dialog: WrapUpDialog) -> set[Team]:
    return {team for team in Team if child(dialog, QCheckBox, f"team_{team.value}").isChecked()}


def stored_counts(database: Database, interview_id: int) -> tuple[InterviewStatus, int]:
    with database.sessions() as session:
        status = session.get(Interview, interview_id).status
        takeaways = session.scalar(select(func.count(Takeaway.id)).where(Takeaway.interview_id == interview_id))
    return status, takeaways or 0


# -- the scenario --------------------------------------------------------------------------------------


def test_reasons_takeaways_refusal_and_completion(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    assert dialog.objectName() == "wrapUp" and dialog.isVisible() and not dialog.isModal()
    outcome = child(dialog, QComboBox, "buyerOutcome")
    competitor = child(dialog, QComboBox, "buyerCompetitor")
    primary = child(dialog, QComboBox, "primaryReason")
    assert (outcome.currentText(), competitor.currentText(), primary.currentIndex()) == ("Lost", "Routewise", -1)
    notes = child(dialog, QWidget, "callNotes")
    assert "feared the rollout" in notes.toPlainText() and "at 5:12" in notes.toPlainText()

    # The buyer's reason differs from the rep's: the marker says both, in words.
    mismatch = child(dialog, QLabel, "reasonMismatch")
    assert not mismatch.isVisible()
    choose(qtbot, primary, RepReason.PRODUCT_FIT.label)
    qtbot.waitUntil(mismatch.isVisible)
    assert mismatch.text() == "≠ Rep said: Price advantage — mismatch"
    secondary = child(dialog, QListWidget, "secondaryReasons")
    tick(qtbot, secondary, RepReason.PRICE_ADVANTAGE.label)
    type_into(qtbot, child(dialog, QPlainTextEdit, "decisionCriteria"), "Rollout risk first, then price")
    type_into(qtbot, child(dialog, QPlainTextEdit, "marketingFeedback"), "Show a phased rollout plan early")

    # A takeaway typed in, backed by a quote: its teams come from that quote's question.
    press(qtbot, Qt.Key.Key_N)
    text = child(dialog, QPlainTextEdit, "takeawayText")
    qtbot.waitUntil(text.hasFocus)
    qtbot.keyClicks(text, "Rollout risk outweighed price")
    type_into(qtbot, child(dialog, QLineEdit, "takeawayTheme"), "Rollout")
    choose(qtbot, child(dialog, QComboBox, "takeawayImportance"), "High")
    choose(qtbot, child(dialog, QComboBox, "takeawaySentiment"), "Negative")
    choose(qtbot, child(dialog, QComboBox, "takeawayKind"), "Gap")
    no_quote = child(dialog, QLineEdit, "noQuoteReason")
    assert no_quote.isEnabled()
    quotes = child(dialog, QListWidget, "takeawayQuotes")
    assert any("at 5:12" in quotes.item(r).text() for r in range(quotes.count()))
    tick(qtbot, quotes, "“The rollout plan")
    qtbot.waitUntil(lambda: not no_quote.isEnabled())
    assert checked_teams(dialog) == set(call.items[1].teams) == {Team.SALES, Team.MARKETING}

    # A second takeaway without a quote: routed by hand, and refused until it says why.
    press(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(text.hasFocus)
    qtbot.keyClicks(text, "Sales team was responsive")
    choose(qtbot, child(dialog, QComboBox, "takeawaySentiment"), "Positive")
    choose(qtbot, child(dialog, QComboBox, "takeawayKind"), "Differentiator")
    for team in Team:
        box = child(dialog, QCheckBox, f"team_{team.value}")
        if box.isChecked() != (team is Team.SALES):
            box.setFocus()
            qtbot.keyClick(box, Qt.Key.Key_Space)
    assert checked_teams(dialog) == {Team.SALES}
    listing = child(dialog, QListWidget, "takeaways")
    assert listing.item(1).text().startswith("⚠ 2.") and not listing.item(0).text().startswith("⚠")

    press(qtbot, Qt.Key.Key_Return)
    error = child(dialog, QLabel, "wrapUpError")
    qtbot.waitUntil(error.isVisible)
    assert "Takeaway 2: Attach the quote that backs it, or say why there is none." in error.text()
    inline = child(dialog, QLabel, "takeawayProblems")
    assert "Attach the quote that backs it, or say why there is none." in inline.text() and inline.isVisible()
    assert stored_counts(call.database, call.interview_id) == (InterviewStatus.SCHEDULED, 0)
    assert listing.currentRow() == 1 and dialog.isVisible()

    type_into(qtbot, no_quote, "Said in passing, not quotable")
    qtbot.waitUntil(lambda: not listing.item(1).text().startswith("⚠"))
    with qtbot.waitSignal(dialog.completed, timeout=5000) as done:
        press(qtbot, Qt.Key.Key_Return)
    assert done.args == [call.interview_id]
    assert "Completed" in child(dialog, QLabel, "wrapUpStatus").text()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())

    with call.database.sessions() as session:
        interview = session.get(Interview, call.interview_id)
        takeaways = session.scalars(select(Takeaway).where(Takeaway.interview_id == call.interview_id)
                                    .order_by(Takeaway.position)).all()
        first, second = takeaways
        routes = [{r.team for r in t.routes} for t in takeaways]
        quoted = [[q.id for q in t.quotes] for t in takeaways]
        saved = load_call(session, call.interview_id)
    assert interview.status is InterviewStatus.COMPLETED and interview.wrapped_up_at is not None
    assert (interview.buyer_outcome, interview.buyer_reason, interview.secondary_reasons) == (
        Outcome.LOST, RepReason.PRODUCT_FIT, ["price_advantage"])
    assert interview.buyer_competitor == "Routewise"
    assert interview.decision_criteria == "Rollout risk first, then price"
    assert interview.marketing_feedback == "Show a phased rollout plan early"
    assert (first.text, first.theme, first.importance, first.sentiment, first.kind) == (
        "Rollout risk outweighed price", "Rollout", 3, Sentiment.NEGATIVE, TakeawayKind.GAP)
    assert (second.importance, second.sentiment, second.kind) == (2, Sentiment.POSITIVE, TakeawayKind.DIFFERENTIATOR)
    assert routes == [{Team.SALES, Team.MARKETING}, {Team.SALES}]
    assert quoted == [[call.decision_quote], []]
    assert (first.no_quote_reason, second.no_quote_reason) == (None, "Said in passing, not quotable")
    with_time = {item.id for item in saved.items if item.spent_seconds}
    assert len(with_time) == 3
    assert {item.state for item in saved.items if item.id in with_time} == {GuideItemState.ASKED}
    assert {item.state for item in saved.items if item.id not in with_time} == {GuideItemState.SKIPPED}


def test_teams_follow_the_quotes_until_changed_by_hand(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    qtbot.mouseClick(child(dialog, QWidget, "addTakeaway"), Qt.MouseButton.LeftButton)
    quotes = child(dialog, QListWidget, "takeawayQuotes")
    tick(qtbot, quotes, "“Half our yards")
    qtbot.waitUntil(lambda: checked_teams(dialog) == {Team.PRODUCT})
    tick(qtbot, quotes, "“The rollout plan")
    qtbot.waitUntil(lambda: checked_teams(dialog) == {Team.PRODUCT, Team.SALES, Team.MARKETING})
    leadership = child(dialog, QCheckBox, "team_leadership")
    leadership.setFocus()
    qtbot.keyClick(leadership, Qt.Key.Key_Space)
    tick(qtbot, quotes, "“Half our yards")  # unticked: the teams chosen by hand stay
    assert checked_teams(dialog) == {Team.PRODUCT, Team.SALES, Team.MARKETING, Team.LEADERSHIP}
    assert "by hand" in child(dialog, QLabel, "teamsNote").text()


def test_a_removed_takeaway_comes_back_with_ctrl_z(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    listing = child(dialog, QListWidget, "takeaways")
    for words in ("Rollout risk", "Offline scanning"):
        press(qtbot, Qt.Key.Key_N)
        qtbot.keyClicks(QApplication.focusWidget(), words)
    listing.setFocus()
    listing.setCurrentRow(0)
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert [t.text for t in dialog.takeaways.takeaways()] == ["Offline scanning"]
    assert "Ctrl+Z" in child(dialog, QLabel, "takeawaysMessage").text()
    qtbot.keyClick(listing, Qt.Key.Key_Z, CTRL)
    assert [t.text for t in dialog.takeaways.takeaways()] == ["Rollout risk", "Offline scanning"]
    assert listing.item(0).text() == "⚠ 1. Rollout risk" and listing.currentRow() == 0


def test_the_reason_marker_follows_the_choice(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    primary, mismatch = child(dialog, QComboBox, "primaryReason"), child(dialog, QLabel, "reasonMismatch")
    rep = child(dialog, QLabel, "repReason")
    assert rep.isVisible() and rep.text() == "Rep said at close: Price advantage"
    choose(qtbot, primary, "Champion left")
    qtbot.waitUntil(mismatch.isVisible)
    assert not rep.isVisible()
    choose(qtbot, primary, "Price advantage")
    qtbot.waitUntil(lambda: not mismatch.isVisible())
    assert rep.isVisible() and "same" in rep.text()


def test_nothing_chosen_is_refused_inline(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    qtbot.mouseClick(child(dialog, QWidget, "completeInterview"), Qt.MouseButton.LeftButton)
    problem = child(dialog, QLabel, "primaryReasonProblem")
    qtbot.waitUntil(problem.isVisible)
    assert "Choose the buyer's primary reason." in child(dialog, QLabel, "wrapUpError").text()
    assert child(dialog, QComboBox, "primaryReason").hasFocus()
    assert stored_counts(call.database, call.interview_id) == (InterviewStatus.SCHEDULED, 0)
    choose(qtbot, child(dialog, QComboBox, "primaryReason"), "Other")
    qtbot.waitUntil(lambda: not problem.isVisible())


def test_a_draft_survives_closing_and_is_gone_after_completion(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    choose(qtbot, child(dialog, QComboBox, "primaryReason"), "Product fit")
    type_into(qtbot, child(dialog, QPlainTextEdit, "decisionCriteria"), "Rollout risk")
    press(qtbot, Qt.Key.Key_N)
    qtbot.keyClicks(QApplication.focusWidget(), "Phased rollout wanted")  # Ctrl+N put the cursor in the new one
    tick(qtbot, child(dialog, QListWidget, "takeawayQuotes"), "“Half our yards")
    dialog.close()  # the close box: typed text is kept all the same
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))

    again = open_it(qtbot, call, opened)
    assert child(again, QComboBox, "primaryReason").currentText() == "Product fit"
    assert child(again, QPlainTextEdit, "decisionCriteria").toPlainText() == "Rollout risk"
    assert child(again, QPlainTextEdit, "takeawayText").toPlainText() == "Phased rollout wanted"
    quotes = child(again, QListWidget, "takeawayQuotes")
    ticked = [quotes.item(r).data(Qt.ItemDataRole.UserRole) for r in range(quotes.count())
              if quotes.item(r).checkState() == Qt.CheckState.Checked]
    assert ticked == [call.roadmap_quote] and checked_teams(again) == {Team.PRODUCT}
    assert "restored" in child(again, QLabel, "wrapUpStatus").text()

    type_into(qtbot, child(again, QPlainTextEdit, "marketingFeedback"), "A rollout case study")
    qtbot.mouseClick(child(again, QWidget, "saveDraft"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(again))
    third = open_it(qtbot, call, opened)
    assert child(third, QPlainTextEdit, "marketingFeedback").toPlainText() == "A rollout case study"
    with qtbot.waitSignal(third.completed, timeout=5000):
        press(qtbot, Qt.Key.Key_Return)
    store = DraftStore(QSettings(ORG_NAME, APP_NAME), call.database.url.render_as_string(hide_password=True))
    assert store.load(call.interview_id) is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(third))

    done = open_it(qtbot, call, opened)
    assert "already wrapped up" in child(done, QLabel, "wrapUpError").text()
    assert not child(done, QWidget, "completeInterview").isEnabled()


def test_untouched_form_leaves_no_draft(qtbot, call: StartedCall, opened, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "drafts.ini"), QSettings.Format.IniFormat)
    dialog = WrapUpDialog(call.database, call.interview_id, actor="ida", clock=CLOCK, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_draft() and dialog.drafts.load(call.interview_id) is None
    type_into(qtbot, child(dialog, QPlainTextEdit, "decisionCriteria"), "x")
    qtbot.waitUntil(lambda: dialog.drafts.load(call.interview_id) is not None, timeout=3000)  # saved within a second
    assert settings.allKeys() == [dialog.drafts.key(call.interview_id)]


def offered(combo: QComboBox) -> list[str]:
    """The entries a person can pick (a separator is not one)."""
    return [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]


def listed(listing: QListWidget) -> list[str]:
    return [listing.item(row).text() for row in range(listing.count())]


def test_the_error_line_follows_the_fixes_and_goes_once_nothing_is_left(qtbot, call: StartedCall, opened) -> None:
    dialog = open_it(qtbot, call, opened)
    error = child(dialog, QLabel, "wrapUpError")
    press(qtbot, Qt.Key.Key_N)
    qtbot.keyClicks(QApplication.focusWidget(), "Phased rollout wanted")
    qtbot.mouseClick(child(dialog, QWidget, "completeInterview"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(error.isVisible)
    assert "Choose the buyer's primary reason." in error.text() and "Takeaway 1: Attach the quote" in error.text()

    choose(qtbot, child(dialog, QComboBox, "primaryReason"), "Product fit")
    qtbot.waitUntil(lambda: "primary reason" not in error.text())
    assert error.isVisible() and "Takeaway 1: Attach the quote" in error.text()
    tick(qtbot, child(dialog, QListWidget, "takeawayQuotes"), "“Half our yards")
    qtbot.waitUntil(lambda: not error.isVisible())
    assert stored_counts(call.database, call.interview_id) == (InterviewStatus.SCHEDULED, 0)  # nothing saved yet


def test_reasons_fit_the_outcome_and_the_calls_tags_come_first(qtbot, call: StartedCall, opened) -> None:
    with call.database.sessions() as session, session.begin():
        add_tag(session, call.interview_id, call.items[2].id, RepReason.CHAMPION_LEFT, 400)
        add_tag(session, call.interview_id, call.items[3].id, RepReason.CHAMPION_LEFT, 500)
    dialog = open_it(qtbot, call, opened)
    primary, secondary = child(dialog, QComboBox, "primaryReason"), child(dialog, QListWidget, "secondaryReasons")
    lost = offered(primary)
    assert lost[:2] == ["Champion left", "Product fit"]  # tagged twice, then once
    assert "Messaging resonated" not in lost and "Lost to competitor" not in lost  # who won is the competitor field
    assert listed(secondary) == lost
    choose(qtbot, primary, "Product fit")
    tick(qtbot, secondary, "Price advantage")

    choose(qtbot, child(dialog, QComboBox, "buyerOutcome"), "Won")  # the buyer says they chose us after all
    won = offered(primary)
    assert won[0] == "Product fit" and "Messaging resonated" in won
    assert not {"Poor onboarding", "Champion left", "No decision / timing"} & set(won)
    assert primary.currentText() == "Product fit"  # still fits: kept
    ticked = [secondary.item(r).text() for r in range(secondary.count())
              if secondary.item(r).checkState() == Qt.CheckState.Checked]
    assert ticked == ["Price advantage"]
    choose(qtbot, primary, "Messaging resonated")
    choose(qtbot, child(dialog, QComboBox, "buyerOutcome"), "Lost")
    assert primary.currentIndex() == -1 and "Messaging resonated" not in offered(primary)  # no longer fits: cleared


def test_a_draft_saved_before_lost_to_competitor_was_retired_still_opens() -> None:
    data = {"format": FORMAT, "buyer_outcome": "lost", "primary_reason": "lost_to_competitor",
            "secondary_reasons": ["lost_to_competitor", "price_advantage"], "competitor": "", "takeaways": []}
    wrap = FormState.from_json(data, set()).wrap_up
    assert (wrap.primary_reason, wrap.secondary_reasons, wrap.competitor) == (
        None, (RepReason.PRICE_ADVANTAGE,), UNKNOWN_COMPETITOR,
    )  # fmt: skip
    named = FormState.from_json({**data, "competitor": "Brightfold"}, set()).wrap_up
    assert named.competitor == "Brightfold"
