"""The three sections of the 30-minute agenda: the data, the patterns to discuss, and the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import ActionStatus, Outcome
from ui.area import rows_table, table_or_message
from ui.review.model import RowsModel
from ui.review.words import (
    EARLY_TIP,
    closes_words,
    competitor_rows,
    competitor_words,
    mismatch_words,
    rate_words,
    reason_words,
    segment_rows,
    why_words,
)

if TYPE_CHECKING:
    from interviewer.reporting.review import Review

SEGMENT_COLUMNS = (("Segment", "Deals closed in the 90 days ending with the month"),
                   ("Win rate (n)", "Won of all closed deals in the segment"),
                   ("Flag", "Under 15% on 20 deals or more: a candidate to stop targeting"))
COMPETITOR_COLUMNS = (("Competitor", "Named competitors in the running in the month's closed deals"),
                      ("Win rate against (n)", "Won of the closed deals where it was in the running"),
                      ("Share of losses", "Losses to it of all the month's losses"),
                      ("Flag", "In 30% or more of losses: competitive positioning work"))
ACTION_COLUMNS = (("Action", "What will be done"), ("Owner", "The person who owns it"),
                  ("Team", "The team that carries it out"), ("Due", "When the win rate is measured again"),
                  ("Status", "Open, in progress, done or dropped"), ("Metric", "The win rate it should move"),
                  ("Before → after", "The win rate when agreed (90 days before) and over the 60 days after, with n"))
ACTION_WIDTHS = (260, 120, 112, 80, 76, 160)
SEGMENTS_SHOWN = 6
"""Segments are few: shown without a scroll bar up to this many."""


SECTION_STYLE = "QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }"
"""Section titles in bold, their contents as usual."""


def compact_table(model: RowsModel, name: str, accessible: str) -> QTableView:
    """A small read-only table whose columns fit their contents."""
    height = QFontMetrics(QApplication.font()).height() + 6
    return rows_table(name, accessible, model, height, QHeaderView.ResizeMode.ResizeToContents)


def fit_rows(table: QTableView, most: int) -> None:
    """Make the table exactly as tall as its rows (up to ``most``), so a short list never scrolls."""
    rows = min(table.model().rowCount(), most)
    height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height + 2 * table.frameWidth())


class DataPanel(QGroupBox):
    """1 · Data: closes, win rate, top reasons and competitor (each with n), segments and competitors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("1 · Data (10 minutes)", parent)
        self.setObjectName("reviewData")
        self.setStyleSheet(SECTION_STYLE)
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, tip in (("closes", "Closed deals:", "Deals closed in the month, by outcome"),
                                ("win_rate", "Win rate:", "Won of all closed deals (no decision counts as not won)"),
                                ("win_reason", "Top win reason:", "The reason reps gave most often for wins"),
                                ("loss_reason", "Top loss reason:", "The reason reps gave most often for losses"),
                                ("competitor", "Top competitor:", "The competitor named in the most losses"),
                                ("interviews", "Interviews:", "Interviews wrapped up in the month"),
                                ("why_lost", "Why lost:", "Buyers' primary reasons (wrapped-up interviews about the "
                                 "month's lost deals), then the reps' reasons at close"),
                                ("why_won", "Why won:", "Buyers' primary reasons (wrapped-up interviews about the "
                                 "month's won deals), then the reps' reasons at close"),
                                ("why_no_decision", "Why no decision:", "Buyers' primary reasons (wrapped-up "
                                 "interviews about the month's no-decision deals), then the reps' reasons at close"),
                                ("mismatch", "Buyer vs rep:", "Interviews whose buyer's primary reason differs from "
                                 "the rep's, of those with both (by team and segment in the report)")):
            value = QLabel()
            value.setObjectName(f"figure{key.title().replace('_', '')}")
            value.setAccessibleName(label.rstrip(":"))
            value.setToolTip(f"{tip}. {EARLY_TIP}.")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.figures[key] = value
            form.addRow(label, value)
        self.segments = RowsModel(SEGMENT_COLUMNS, right=(1,), parent=self)
        self.competitors = RowsModel(COMPETITOR_COLUMNS, right=(1, 2), parent=self)
        self.segments_table = compact_table(self.segments, "reviewSegments", "Win rate by segment, last 90 days")
        self.competitors_table = compact_table(self.competitors, "reviewCompetitors", "Win rate by competitor")
        self.competitors_stack, self.no_competitors = table_or_message(self.competitors_table, "reviewNoCompetitors")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_caption("Segments · last 90 days"))
        layout.addWidget(self.segments_table)
        layout.addWidget(_caption("Competitors · this month"))
        layout.addWidget(self.competitors_stack, 1)

    def show_review(self, review: Review) -> None:
        figures = review.figures
        self.figures["closes"].setText(closes_words(figures))
        self.figures["win_rate"].setText(rate_words(figures.win_rate))
        self.figures["win_reason"].setText(reason_words(figures.top_win_reason, review.win_reasons, "wins",
                                                        figures.closes[Outcome.WON]))
        self.figures["loss_reason"].setText(reason_words(figures.top_loss_reason, review.loss_reasons, "losses",
                                                         figures.closes[Outcome.LOST]))
        self.figures["competitor"].setText(competitor_words(figures, review.loss_share))
        self.figures["interviews"].setText(f"{review.interviews} wrapped up in {review.label}")
        for key, outcome in (("why_lost", Outcome.LOST), ("why_won", Outcome.WON),
                             ("why_no_decision", Outcome.NO_DECISION)):
            self.figures[key].setText(why_words(review.reasons.of(outcome)))
        self.figures["mismatch"].setText(mismatch_words(review.reasons))
        self.segments.set_rows(segment_rows(review.segments))
        fit_rows(self.segments_table, SEGMENTS_SHOWN)
        self.competitors.set_rows(competitor_rows(review.competitors, review.loss_share))
        self.no_competitors.setText("No named competitor in this month's closed deals.")
        self.competitors_stack.setCurrentIndex(0 if review.competitors else 1)


class PatternsPanel(QGroupBox):
    """2 · Patterns: the patterns computed from the month's interviews (read-only, labelled computed), the win and
    loss notes a person types (the report shows them as theirs), and the meeting's notes; ``edited`` on typing."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("2 · Patterns (10 minutes)", parent)
        self.setObjectName("reviewPatterns")
        self.setStyleSheet(SECTION_STYLE)
        self._filling = False
        self.computed: dict[Outcome, QLabel] = {}
        for outcome, name in ((Outcome.WON, "computedWinPattern"), (Outcome.LOST, "computedLossPattern"),
                              (Outcome.NO_DECISION, "computedNoDecisionPattern")):
            shown = QLabel()
            shown.setObjectName(name)
            shown.setAccessibleName(f"Computed {outcome.label.lower()} pattern")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setToolTip("Computed from the themes of the month's wrapped-up interviews, each counted once per "
                             "interview")
            self.computed[outcome] = shown
        self.win_edit = _pattern("winPattern", "Win pattern", "Why we win, as the meeting sees it")
        self.loss_edit = _pattern("lossPattern", "Loss pattern", "Why we lose, as the meeting sees it")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("reviewNotes")
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setPlaceholderText("What the meeting said about the data and the patterns…")
        self.notes_edit.setTabChangesFocus(True)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("patternsSaved")
        self.saved_label.setStyleSheet("color: palette(placeholder-text)")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Computed · won:", self.computed[Outcome.WON])
        form.addRow("Computed · lost:", self.computed[Outcome.LOST])
        form.addRow("Computed · no decision:", self.computed[Outcome.NO_DECISION])
        for text, widget in (("Noted · &win:", self.win_edit), ("Noted · &loss:", self.loss_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            label.setToolTip("Typed by you: the report shows it as your note, beside the computed pattern")
            form.addRow(label, widget)
        notes_label = QLabel("N&otes:")
        notes_label.setBuddy(self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes_edit, 1)
        layout.addWidget(self.saved_label)
        for edit in (self.win_edit, self.loss_edit):
            edit.textEdited.connect(lambda _text: self.edited.emit())
        self.notes_edit.textChanged.connect(lambda: None if self._filling else self.edited.emit())

    def fill(self, win: str, loss: str, notes: str, review: Review) -> None:
        """Show the computed patterns as computed and what was typed as typed."""
        self._filling = True
        try:
            self.win_edit.setText(win)
            self.loss_edit.setText(loss)
            self.notes_edit.setPlainText(notes)
        finally:
            self._filling = False
        for pattern in review.patterns:
            self.computed[pattern.outcome].setText(pattern.text)
        for edit in (self.win_edit, self.loss_edit):
            edit.setPlaceholderText("Optional: the report shows it as your note")

    def values(self) -> tuple[str, str, str]:
        return self.win_edit.text(), self.loss_edit.text(), self.notes_edit.toPlainText()

    def set_editable(self, editable: bool, tip: str) -> None:
        for edit in (self.win_edit, self.loss_edit, self.notes_edit):
            edit.setReadOnly(not editable)
        self.setToolTip("" if editable else tip)


class ActionsPanel(QGroupBox):
    """3 · Actions: the month's actions with their figure before and after, and the status of the selected one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("3 · Actions (10 minutes)", parent)
        self.setObjectName("reviewActions")
        self.setStyleSheet(SECTION_STYLE)
        self.model = RowsModel(ACTION_COLUMNS, parent=self)
        self.table = compact_table(self.model, "actionsTable", "Actions agreed at this review")
        self.table.setWordWrap(True)  # an action and its verdict are sentences: read them whole
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        header = self.table.horizontalHeader()
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(ACTION_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.stack, self.empty_label = table_or_message(self.table, "actionsEmpty")
        self.status_box = QComboBox()
        self.status_box.setObjectName("actionStatus")
        self.status_box.setAccessibleName("Status of the selected action")
        for status in ActionStatus:
            self.status_box.addItem(status.label, status.value)
        status_label = QLabel("S&tatus of the selected action:")
        status_label.setBuddy(self.status_box)
        self.hint = QLabel()
        self.hint.setObjectName("actionsHint")
        self.hint.setWordWrap(True)
        self.bar = QHBoxLayout()
        self.bar.addStretch(1)
        self.bar.addWidget(self.hint, 4)
        self.bar.addWidget(status_label)
        self.bar.addWidget(self.status_box)
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.stack, 1)


def _pattern(name: str, accessible: str, tip: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setToolTip(f"{tip} (saved a second after you stop typing, or Ctrl+S)")
    return edit


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: palette(placeholder-text); margin-top: 6px;")
    return label
