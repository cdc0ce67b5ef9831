"""The Questions area through the window: filter the bank, write and edit questions, retire, import and export."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from window_steps import become, open_window

from interviewer.enums import Outcome, Phase, Role, Team
from question_bank.spec import QuestionSpec
from ui.main_window import MainWindow
from ui.questions.area import QuestionsArea
from ui.questions.editor import QuestionEditor, suggest_key
from ui.questions.model import FLAGS, OUTCOMES, PHASE, PRIORITY, TEAMS, QuestionsModel
from ui.questions.problems import BankProblemsDialog
from winloss.demo.build import build_demo

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)


@pytest.fixture
def window(qtbot, tmp_path: Path, sqlite_database):  # noqa: ANN001, ANN201
    build_demo(sqlite_database, deals=900, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, NOW)
    yield window
    window.tasks.wait()


@pytest.fixture
def area(qtbot, window: MainWindow) -> QuestionsArea:  # noqa: ANN001
    become(qtbot, window, Role.PROGRAM_OWNER)
    assert window.show_area("questions")
    area = window.questions
    qtbot.waitUntil(lambda: area.model.rowCount() > 0, timeout=5000)
    return area


def stored(window: MainWindow, question_id: int) -> QuestionSpec:
    from question_bank.store import ensure_default_bank, list_questions

    with window.opened.database.sessions() as session:
        rows = list_questions(session, ensure_default_bank(session))
    return next(row.spec for row in rows if row.id == question_id)


def editor_on_screen(window: MainWindow) -> QuestionEditor:
    return next(d for d in window.findChildren(QuestionEditor) if d.isVisible())


def focus(qtbot, widget: QWidget) -> None:  # noqa: ANN001
    """Give ``widget`` the keyboard, as clicking into the window would."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow, timeout=5000)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=5000)


def column(area: QuestionsArea, number: int) -> list[str]:
    return [area.proxy.index(row, number).data() for row in range(area.proxy.rowCount())]


def test_typing_and_the_filters_narrow_the_bank_instantly(qtbot, window, area) -> None:  # noqa: ANN001
    total = area.model.rowCount()
    assert area.count_label.text() == f"{total} of {total} questions"
    assert area.selected() is not None and "Why we ask" in area.detail.toPlainText()

    focus(qtbot, area.table)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Edit → Find in this area
    assert area.filter_box.hasFocus()
    qtbot.keyClicks(area.filter_box, "competitor")
    shown = area.proxy.rowCount()
    assert 0 < shown < total and area.count_label.text().startswith(f"{shown} of {total}")
    shown_ids = [area.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(shown)]
    assert all("competitor" in area.model.haystack(area.model.position_of(i)) for i in shown_ids)
    qtbot.keyClicks(area.filter_box, " zzzunheard")
    assert area.proxy.rowCount() == 0 and area.stack.currentIndex() == 1 and "Esc" in area.empty_label.text()
    qtbot.keyClick(area.filter_box, Qt.Key.Key_Escape)
    assert area.proxy.rowCount() == total

    area.phase_box.setCurrentIndex(area.phase_box.findData(Phase.COMPETITION))
    assert area.proxy.rowCount() and set(column(area, PHASE)) == {Phase.COMPETITION.label}
    area.phase_box.setCurrentIndex(0)
    area.outcome_box.setCurrentIndex(area.outcome_box.findData(Outcome.NO_DECISION))
    assert 0 < area.proxy.rowCount() < total
    assert all(text == "All" or "No decision" in text for text in column(area, OUTCOMES))
    area.outcome_box.setCurrentIndex(0)
    area.team_box.setCurrentIndex(area.team_box.findData(Team.CS))
    assert 0 < area.proxy.rowCount() < total and all("Customer success" in text for text in column(area, TEAMS))
    area.team_box.setCurrentIndex(0)

    first = area.model.row(0)
    area.select_question(first.id)
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_Delete)  # retires at once: Restore undoes it
    assert not stored(window, first.id).active
    assert "Retired" in area.message.text() and "Restore" in area.message.text()
    assert area.proxy.rowCount() == total - 1 and "1 retired hidden" in area.count_label.text()
    qtbot.mouseClick(area.show_retired, Qt.MouseButton.LeftButton)
    assert area.proxy.rowCount() == total
    assert area.select_question(first.id)
    assert "retired" in area.proxy.index(area.table.currentIndex().row(), FLAGS).data()
    assert area.retire_action.text() == "&Restore"
    area.message.linkActivated.emit("restore")  # the status line's "Restore" link
    assert stored(window, first.id).active and area.selected_id() == first.id


def test_sorting_by_a_header_keeps_the_selection(qtbot, area) -> None:  # noqa: ANN001
    chosen = area.model.row(5).id
    assert area.select_question(chosen)
    area.table.sortByColumn(PRIORITY, Qt.SortOrder.DescendingOrder)  # priority, highest first
    priorities = [int(text) for text in column(area, PRIORITY)]
    assert priorities == sorted(priorities, reverse=True)
    assert area.selected_id() == chosen
    area.reload()
    assert area.selected_id() == chosen


def test_write_a_new_question_by_typing_then_it_is_stored_and_selected(qtbot, window, area) -> None:  # noqa: ANN001
    qtbot.mouseClick(area.buttons["newQuestion"], Qt.MouseButton.LeftButton)
    dialog = editor_on_screen(window)
    assert not dialog.save_button.isEnabled()  # no text yet
    qtbot.keyClicks(dialog.text, "What surprised you most about {competitor} during the evaluation?")
    dialog.phase.setCurrentIndex(dialog.phase.findData(Phase.COMPETITION))
    assert dialog.key.text() == suggest_key(Phase.COMPETITION, dialog.text.toPlainText())
    assert dialog.key.text().startswith("competition.what-surprised-you")
    assert not dialog.quality.isVisible() and dialog.save_button.isEnabled()
    dialog.outcomes[Outcome.WON].setChecked(False)
    dialog.estimate.clear()
    qtbot.keyClicks(dialog.estimate, "2:30")
    qtbot.keyClicks(dialog.purpose, "Shows how the rival looked from the buyer's side.")
    qtbot.keyClicks(dialog.probes, "What did they do that we did not?")
    qtbot.keyClick(dialog.probes, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.probes, "Who noticed it first?")
    qtbot.mouseClick(dialog.teams[Team.MARKETING], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.tags, "competition, surprise")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    row = area.selected()
    assert row is not None and row.spec.key == dialog.key.text()
    spec = stored(window, row.id)
    assert spec.text == "What surprised you most about {competitor} during the evaluation?"
    assert spec.phase is Phase.COMPETITION and spec.outcomes == {Outcome.LOST, Outcome.NO_DECISION}
    assert spec.seconds == 150 and spec.teams == (Team.MARKETING,) and spec.tags == ("competition", "surprise")
    assert spec.probes == ("What did they do that we did not?", "Who noticed it first?")


def test_wording_is_checked_as_you_type_and_a_bad_placeholder_blocks_save(qtbot, window, area) -> None:  # noqa: ANN001
    dialog = area.new_question()
    qtbot.keyClicks(dialog.text, "Did the price matter?")
    assert dialog.quality.isVisible() and dialog.issues()[0].kind == "closed"
    assert "yes or no" in dialog.quality.findChild(QLabel, "qualityIssue").text()
    assert dialog.save_button.isEnabled()  # a wording warning never blocks saving
    suggestion = dialog.issues()[0].suggestion
    qtbot.mouseClick(dialog.quality.findChild(QPushButton, "useSuggestion"), Qt.MouseButton.LeftButton)
    assert dialog.text.toPlainText() == suggestion and not dialog.issues()
    qtbot.waitUntil(lambda: not dialog.quality.isVisible(), timeout=2000)

    qtbot.keyClicks(dialog.text, " And how did {competitr} price it?")
    assert not dialog.save_button.isEnabled()
    assert dialog.problems.isVisible() and "{competitr}" in dialog.problems.text()
    dialog.reject()


def test_a_finding_that_replaces_another_is_shown_whole(qtbot, window, area) -> None:  # noqa: ANN001
    dialog = area.new_question()
    qtbot.keyClicks(dialog.text, "Do")  # "Do…" reads closed; "Don't you agree" then reads leading
    assert [issue.kind for issue in dialog.issues()] == ["closed"]
    qtbot.keyClicks(dialog.text, "n't you agree our price was fair?")
    assert [issue.kind for issue in dialog.issues()] == ["leading"]
    labels = [label for label in dialog.quality.findChildren(QLabel) if label.isVisible()]
    assert len(labels) == 2 and "which answer you expect" in labels[0].text()
    for label in labels:
        assert label.visibleRegion().boundingRect().height() >= label.heightForWidth(label.width()), label.text()
    dialog.reject()


def test_a_key_is_suggested_from_words_without_their_apostrophes() -> None:
    key = suggest_key(Phase.EVALUATION, "Don't you agree our price wasn't fair?")
    assert key == "evaluation.dont-you-agree-our-price"


def test_edit_saves_and_a_colleagues_edit_is_not_overwritten(qtbot, window, area) -> None:  # noqa: ANN001
    from question_bank.store import ensure_default_bank, save_question

    row = area.model.row(3)
    area.select_question(row.id)
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_Return)
    dialog = editor_on_screen(window)
    assert dialog.key.text() == row.spec.key and dialog.text.toPlainText() == row.spec.text
    dialog.priority.setValue(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert stored(window, row.id).priority == 1 and area.selected().spec.priority == 1

    dialog = area.edit_selected()
    with window.opened.database.sessions() as session, session.begin():  # a colleague saves first
        theirs = replace(stored(window, row.id), text="What was going on in your team at the time?")
        save_question(session, ensure_default_bank(session), theirs, actor="colleague", question_id=row.id)
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "How was this work done before you looked for help?")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible() and "Someone else changed" in dialog.error.text()
    assert dialog.text.toPlainText() == "How was this work done before you looked for help?"
    assert stored(window, row.id).text == "What was going on in your team at the time?"
    dialog.reject()


def test_duplicate_gives_a_copy_key_and_is_selected(qtbot, window, area) -> None:  # noqa: ANN001
    row = area.model.row(2)
    area.select_question(row.id)
    total = area.model.rowCount()
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: area.model.rowCount() == total + 1, timeout=5000)
    copy = area.selected()
    assert copy.id != row.id and copy.spec.key == f"{row.spec.key}-copy" and copy.spec.text == row.spec.text


def test_export_import_a_changed_file_and_refuse_a_broken_one(qtbot, window, area, tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "bank.yaml"
    assert area.export_bank(target)
    total = area.model.rowCount()
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert len(data["questions"]) == total
    data["questions"][0]["priority"] = 1 if data["questions"][0]["priority"] != 1 else 2
    added = {**deepcopy(data["questions"][1]), "key": "closing.brand-new", "text": "What else should we know?"}
    data["questions"].append(added)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = area.import_bank(target)
    assert result is not None, area.message.text()
    assert (result.added, result.updated, result.unchanged) == (1, 1, total - 1)
    assert f"1 added, 1 updated, {total - 1} unchanged" in area.message.text()
    assert area.model.rowCount() == total + 1

    broken = tmp_path / "broken.yaml"
    data["questions"][0]["phase"] = "smalltalk"
    data["questions"][2]["seconds"] = 5000
    data["questions"][3]["key"] = "closing.brand-new-2"
    data["questions"][3]["outcomes"] = ["won", "maybe"]
    broken.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert area.import_bank(broken) is None
    dialog = next(d for d in window.findChildren(BankProblemsDialog) if d.isVisible())
    problems = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert len(problems) == 3 and all(text.startswith("line ") for text in problems)
    assert any("smalltalk" in text for text in problems) and any("maybe" in text for text in problems)
    area.reload()
    assert area.model.rowCount() == total + 1  # nothing imported
    assert "closing.brand-new-2" not in {row.spec.key for row in area.model.rows()}
    dialog.reject()


def test_an_interviewer_does_not_see_the_questions_area(qtbot, window) -> None:  # noqa: ANN001
    become(qtbot, window, Role.INTERVIEWER)
    assert not window.show_area("questions")
    assert not window.area_actions["questions"].isVisible()


def test_a_manager_may_change_the_bank_and_nobody_without_a_profile_may(qtbot, window) -> None:  # noqa: ANN001
    become(qtbot, window, Role.MANAGER)
    assert window.questions.new_action.isEnabled()
    window.questions.set_profile(None)
    assert not window.questions.new_action.isEnabled()
    assert "program owner or a manager" in window.questions.buttons["newQuestion"].toolTip()
    assert window.questions.export_action.isEnabled()


def test_the_model_is_a_well_behaved_table(qtmodeltester) -> None:  # noqa: ANN001
    from question_bank.durations import Observed
    from question_bank.store import QuestionRow

    specs = [QuestionSpec(f"opening.q{n}", f"What happened {n}?", Phase.OPENING, frozenset({Outcome.WON}), id=n)
             for n in range(1, 4)]  # fmt: skip
    model = QuestionsModel()
    model.set_rows([QuestionRow(spec, Observed(100, 2) if spec.id == 2 else None, 110, NOW) for spec in specs])
    qtmodeltester.check(model)
    assert model.index(1, 4).data() == "1:40 (2)" and model.index(0, 4).data() == ""
