"""Add action…: what will be done, who owns it, the team, the due date and the win rate it should move."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import Team
from ui.review.reading import Choices
from ui.review.words import rate_words
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from interviewer.analytics.actions import Metric
    from interviewer.analytics.figures import Rate
    from interviewer.db import Database

log = logging.getLogger(__name__)

DEFAULT_DAYS = 60
ALL_SEGMENTS = "All segments"
ANY_COMPETITOR = "Any competitor"


class PickingCompleter(QCompleter):
    """Completion where Enter, while the list of names is open, takes the highlighted name (the first one when
    none is highlighted) into the field and closes the list: a half-typed name is never what gets submitted,
    and the next Enter, with the list closed, presses the dialog's default button."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self.popup()
        if (watched is popup and event.type() == QEvent.Type.KeyPress and popup.isVisible()
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):  # type: ignore[attr-defined]
            index = popup.currentIndex()
            if not index.isValid():
                index = self.completionModel().index(0, 0)
            popup.hide()
            if index.isValid():
                self.activated[str].emit(str(index.data(self.completionRole())))
            return True
        return super().eventFilter(watched, event)


class ActionDialog(QDialog):
    """Agree one action at a review; its baseline is measured when it is added (shown beforehand)."""

    added = Signal(int)
    """The new action's id."""

    def __init__(self, database: Database, review_id: int, choices: Choices, tasks: TaskRunner, clock: Clock,
                 actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionDialog")
        self.setWindowTitle("Add action")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self._database, self._review_id, self._tasks, self._clock, self._actor = (database, review_id, tasks,
                                                                                  clock, actor)
        self._owners = dict(choices.owners)
        self._team_chosen = False
        self.baseline_rate: Rate | None = None

        self.text_edit = _line("actionText", "Action", "What will be done, in one sentence "
                               "(e.g. Send the security pack with every Mid-Market proposal)")
        self.owner_edit = _line("actionOwner", "Owner", "The person who owns it (a name; recipients are offered)")
        completer = PickingCompleter([name for name, _team in choices.owners], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner_edit.setCompleter(completer)
        self.team_box = _combo("actionTeam", "Team", "The team that carries the action out")
        for team in Team:
            self.team_box.addItem(team.label, team.value)
        self.due_edit = QDateEdit()
        self.due_edit.setObjectName("actionDue")
        self.due_edit.setAccessibleName("Due date")
        self.due_edit.setCalendarPopup(True)
        today = clock.today()
        self.due_edit.setMinimumDate(_qdate(today + timedelta(days=1)))
        self.due_edit.setDate(_qdate(today + timedelta(days=DEFAULT_DAYS)))
        self.due_edit.setToolTip("When the win rate is measured again: 60 days by default, the time a change "
                                 "needs to show in closed deals")
        self.segment_box = _combo("metricSegment", "Segment of the metric", "The segment whose win rate "
                                  "the action should move")
        self.segment_box.addItem(ALL_SEGMENTS, "")
        for segment in choices.segments:
            self.segment_box.addItem(segment, segment)
        self.competitor_box = _combo("metricCompetitor", "Competitor of the metric", "Only deals where this "
                                     "competitor was in the running")
        self.competitor_box.addItem(ANY_COMPETITOR, "")
        for competitor in choices.competitors:
            self.competitor_box.addItem(competitor, competitor)
        metric_row = QHBoxLayout()
        metric_row.addWidget(QLabel("in"))
        metric_row.addWidget(self.segment_box, 1)
        metric_row.addWidget(QLabel("against"))
        metric_row.addWidget(self.competitor_box, 1)

        self.metric_label = QLabel()
        self.metric_label.setObjectName("metricLabel")
        self.baseline_label = QLabel()
        self.baseline_label.setObjectName("baselineLabel")
        self.baseline_label.setWordWrap(True)
        self.baseline_label.setToolTip("Measured over the deals closed in the 90 days before today; "
                                       "fewer than 20 deals make it an early signal")
        self.error_label = QLabel()
        self.error_label.setObjectName("actionError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (("&Action:", self.text_edit), ("&Owner:", self.owner_edit), ("&Team:", self.team_box),
                             ("&Due on:", self.due_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        metric_label = QLabel("&Win rate:")
        metric_label.setBuddy(self.segment_box)
        form.addRow(metric_label, metric_row)
        form.addRow("", self.metric_label)
        form.addRow("Baseline:", self.baseline_label)

        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("&Add action", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addActionButton")
        self.add_button.setToolTip("Measure the baseline and add the action to this review (Enter)")
        self.add_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.clicked.connect(self.add)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.owner_edit.textChanged.connect(self._owner_changed)
        self.team_box.activated.connect(lambda _i: setattr(self, "_team_chosen", True))
        self.segment_box.currentIndexChanged.connect(lambda _i: self._metric_changed())
        self.competitor_box.currentIndexChanged.connect(lambda _i: self._metric_changed())
        self._metric_changed()

    def chosen_metric(self) -> Metric:
        from interviewer.analytics.actions import Metric

        return Metric(self.segment_box.currentData() or None, self.competitor_box.currentData() or None)

    def due_on(self) -> date:
        return self.due_edit.date().toPython()  # type: ignore[return-value]

    def choose(self, box: QComboBox, value: str) -> bool:
        """Pick the item with this value (a segment, a competitor or a team's value)."""
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)
        return index >= 0

    def _owner_changed(self, text: str) -> None:
        """A recipient's name brings their team, unless a team was chosen by hand."""
        team = self._owners.get(" ".join(text.split()))
        if team is not None and not self._team_chosen:
            self.team_box.setCurrentIndex(self.team_box.findData(team.value))

    def _metric_changed(self) -> None:
        metric = self.chosen_metric()
        self.metric_label.setText(metric.label)
        self.baseline_label.setText("Measuring…")
        database, clock = self._database, self._clock

        def done(rate: Rate) -> None:
            self.baseline_rate = rate
            self.baseline_label.setText(f"{rate_words(rate)} over the last 90 days — measured again on the due date")

        def failed(_error: BaseException) -> None:
            self.baseline_label.setText("Could not be measured now; it is measured when the action is added.")

        from ui.review.reading import baseline

        self._tasks.submit(lambda _control: baseline(database, metric, clock), done, failed, latest=(self, "baseline"))

    def add(self) -> int | None:
        """Add the action (its baseline measured now); an inline sentence when it cannot be; the id when added."""
        from interviewer.analytics.actions import ActionError
        from ui.review.reading import add_action

        try:
            action_id = add_action(self._database, self._review_id, text=self.text_edit.text(),
                                   owner=self.owner_edit.text(), team=Team(self.team_box.currentData()),
                                   metric=self.chosen_metric(), due_on=self.due_on(), clock=self._clock,
                                   actor=self._actor)
        except ActionError as error:
            self._error(str(error))
            return None
        except Exception:  # a database error: a sentence here, the detail in the log
            log.exception("adding an action failed")
            self._error("The action could not be saved (details in the log file). Try again.")
            return None
        self.add_button.setEnabled(False)
        self.added.emit(action_id)
        QTimer.singleShot(0, self.accept)  # after the click that added it has been handled
        return action_id

    def done(self, result: int) -> None:
        """Closing forgets any baseline still being measured."""
        self._tasks.forget((self, "baseline"))
        super().done(result)

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))


def _line(name: str, accessible: str, tip: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setToolTip(tip)
    edit.setPlaceholderText(tip.split(" (")[0])
    edit.setClearButtonEnabled(True)
    return edit


def _combo(name: str, accessible: str, tip: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setToolTip(tip)
    return box


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

