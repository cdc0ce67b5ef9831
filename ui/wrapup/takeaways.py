"""The wrap-up's takeaways: a list, and an editor for the selected one with its teams and backing quotes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.console.wrapup import IMPORTANCE
from interviewer.enums import Sentiment, TakeawayKind, Team
from interviewer.console.wrapup_form import TakeawayState
from ui.wrapup.widgets import ERROR_STYLE, NOTE_STYLE, WARNING, buddy, short

NEITHER = "Neither"
EMPTY = ("No takeaways yet.\n\nAdd one (Ctrl+N) for each thing a team should hear: write it in a sentence, "
         "tick the quotes that back it, and check where it goes.")


@dataclass(frozen=True)
class QuoteChoice:
    """A quote of this call as the takeaway editor lists it."""

    id: int
    text: str
    where: str
    """The question it answers and when, e.g. "Q4 What was the biggest factor… · at 5:12"."""


class TakeawaysSection(QGroupBox):
    """Takeaways being written; ``teams_for(quote_ids)`` gives the routing defaults of those quotes."""

    changed = Signal()

    def __init__(self, quotes: Sequence[QuoteChoice], teams_for: Callable[[tuple[int, ...]], tuple[Team, ...]],
                 parent: QWidget | None = None) -> None:
        super().__init__("Takeaways", parent)
        self.setObjectName("takeawaysSection")
        self._teams_for = teams_for
        self._rows: list[TakeawayState] = []
        self._removed: tuple[int, TakeawayState] | None = None
        self._loading = False

        self.list = QListWidget()
        self.list.setObjectName("takeaways")
        self.list.setAccessibleName("Takeaways")
        self.list.setToolTip("Takeaways of this interview; ⚠ marks one that is not complete yet. "
                             "Ctrl+N adds one, Delete removes the selected one")
        self.list.setWordWrap(True)
        self.list.setFixedHeight(self.fontMetrics().lineSpacing() * 7)
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("addTakeaway")
        # A shortcut, not the button's own: a button's shortcut clicks 100 ms later, and what is typed at once
        # would land in the field the cursor was in before.
        self.add_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self.add_takeaway)
        self.add_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.add_button.setToolTip("Add a takeaway (Ctrl+N)")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeTakeaway")
        self.remove_button.setToolTip("Remove the selected takeaway (Delete in the list); Ctrl+Z brings it back")
        self.undo = QShortcut(QKeySequence("Ctrl+Z"), self.list, self.undo_remove)
        self.delete = QShortcut(QKeySequence.StandardKey.Delete, self.list, self.remove_selected)
        self.delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.undo.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.message = QLabel()
        self.message.setObjectName("takeawaysMessage")
        self.message.setStyleSheet(NOTE_STYLE)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.message, 1)

        self.stack = QStackedWidget()
        empty = QLabel(EMPTY)
        empty.setObjectName("takeawaysEmpty")
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        empty.setStyleSheet(NOTE_STYLE)
        self.stack.addWidget(empty)
        self.stack.addWidget(self._build_editor(quotes))

        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(lambda: self.add_takeaway())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.list.currentRowChanged.connect(self._show_row)
        self._show_row(-1)

    def _build_editor(self, quotes: Sequence[QuoteChoice]) -> QWidget:
        self.text = QPlainTextEdit()
        self.text.setObjectName("takeawayText")
        self.text.setAccessibleName("Takeaway")
        self.text.setPlaceholderText("What a team should hear, in one or two sentences")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.text.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.theme = QLineEdit()
        self.theme.setObjectName("takeawayTheme")
        self.theme.setAccessibleName("Theme")
        self.theme.setPlaceholderText("e.g. Rollout, Pricing, Onboarding")
        self.importance = _combo("takeawayImportance", "Importance",
                                 [(label, value) for value, label in IMPORTANCE.items()])
        self.sentiment = _combo("takeawaySentiment", "Sentiment",
                                [(s.label, s) for s in (Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.MIXED)])
        self.kind = _combo("takeawayKind", "Gap or differentiator",
                           [(NEITHER, None), *((k.label, k) for k in TakeawayKind)])
        self.kind.setToolTip("A gap names something we lack; a differentiator something that sets us apart")
        facets = QHBoxLayout()
        for label, combo in (("&Importance", self.importance), ("S&entiment", self.sentiment), ("&Kind", self.kind)):
            facets.addWidget(buddy(label, combo))
            facets.addWidget(combo)
            facets.addSpacing(6)
        facets.addStretch(1)

        self.team_boxes: dict[Team, QCheckBox] = {}
        teams_grid = QGridLayout()  # three across: the column stays narrow enough beside the buyer's answers
        teams_grid.setContentsMargins(0, 0, 0, 0)
        for number, team in enumerate(Team):
            box = QCheckBox(team.label)
            box.setObjectName(f"team_{team.value}")
            box.setAccessibleName(f"Route to {team.label}")
            box.setToolTip("Checked from the routing of the questions its quotes answer, until you change them")
            box.toggled.connect(lambda _on: self._teams_changed())
            self.team_boxes[team] = box
            teams_grid.addWidget(box, number // 3, number % 3)
        teams_grid.setColumnStretch(3, 1)
        self.teams_note = QLabel()
        self.teams_note.setObjectName("teamsNote")
        self.teams_note.setStyleSheet(NOTE_STYLE)

        self.quotes = QListWidget()
        self.quotes.setObjectName("takeawayQuotes")
        self.quotes.setAccessibleName("Quotes that back the takeaway")
        self.quotes.setToolTip("Tick the buyer's words that back this takeaway (Space ticks the selected one)")
        self.quotes.setWordWrap(True)
        self.quotes.setAlternatingRowColors(True)
        for quote in quotes:
            item = QListWidgetItem(f"“{short(quote.text, 200)}”\n    {quote.where}")
            item.setData(Qt.ItemDataRole.UserRole, quote.id)
            item.setToolTip(quote.text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.quotes.addItem(item)
        if not quotes:
            self.quotes.addItem(QListWidgetItem("No quotes were recorded in this call."))
            self.quotes.setEnabled(False)
        self.quotes.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.no_quote = QLineEdit()
        self.no_quote.setObjectName("noQuoteReason")
        self.no_quote.setAccessibleName("No quote because")
        self.no_quote.setPlaceholderText("Needed when no quote is ticked, e.g. said in passing, not quotable")
        self.problems = QLabel()
        self.problems.setObjectName("takeawayProblems")
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setWordWrap(True)

        editor = QWidget()
        form = QFormLayout(editor)
        form.setContentsMargins(0, 6, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(buddy("&Takeaway:", self.text), self.text)
        form.addRow(buddy("T&heme:", self.theme), self.theme)
        form.addRow("", facets)
        form.addRow(QLabel("Teams:"), teams_grid)
        form.addRow("", self.teams_note)
        form.addRow(buddy("&Quotes:", self.quotes), self.quotes)
        form.addRow(buddy("No quote &because…", self.no_quote), self.no_quote)
        form.addRow("", self.problems)

        self.text.textChanged.connect(lambda: self._edit(text=self.text.toPlainText()))
        self.theme.textChanged.connect(lambda text: self._edit(theme=text))
        self.importance.currentIndexChanged.connect(
            lambda _i: self._edit(importance=int(self.importance.currentData())))
        self.sentiment.currentIndexChanged.connect(
            lambda _i: self._edit(sentiment=Sentiment(self.sentiment.currentData())))
        self.kind.currentIndexChanged.connect(lambda _i: self._edit(kind=_kind(self.kind.currentData())))
        self.quotes.itemChanged.connect(lambda _item: self._quotes_changed())
        self.no_quote.textChanged.connect(lambda text: self._edit(no_quote_reason=text))
        return editor

    # -- the list -----------------------------------------------------------------------------------------

    def takeaways(self) -> list[TakeawayState]:
        return list(self._rows)

    def set_takeaways(self, rows: Sequence[TakeawayState]) -> None:
        self._rows = list(rows)
        self.list.clear()
        for _ in self._rows:
            self.list.addItem(QListWidgetItem())
        for row in range(len(self._rows)):
            self._refresh_item(row)
        self.list.setCurrentRow(0 if self._rows else -1)
        self._show_row(self.list.currentRow())

    def current(self) -> int:
        return self.list.currentRow()

    def select(self, row: int) -> None:
        self.list.setCurrentRow(row)

    def add_takeaway(self) -> int:
        """Add an empty takeaway routed to where the asked questions go, select it and put the cursor in its text."""
        self._rows.append(TakeawayState(teams=self._teams_for(())))
        self.list.addItem(QListWidgetItem())
        row = len(self._rows) - 1
        self._refresh_item(row)
        self.list.setCurrentRow(row)
        self.message.clear()
        self.text.setFocus()
        self.changed.emit()
        return row

    def remove_selected(self) -> TakeawayState | None:
        row = self.list.currentRow()
        if row < 0:
            return None
        removed = self._rows.pop(row)
        self._removed = (row, removed)
        self.list.takeItem(row)
        self._renumber()
        self._show_row(self.list.currentRow())
        what = f"“{short(removed.text)}”" if removed.text.strip() else "an empty takeaway"
        self.message.setText(f"Removed {what} — Ctrl+Z in the list brings it back.")
        self.changed.emit()
        return removed

    def undo_remove(self) -> None:
        if self._removed is None:
            return
        row, state = self._removed
        self._removed = None
        row = min(row, len(self._rows))
        self._rows.insert(row, state)
        self.list.insertItem(row, QListWidgetItem())
        self._renumber()
        self.list.setCurrentRow(row)
        self.message.setText("Brought it back.")
        self.changed.emit()

    def first_incomplete(self) -> int | None:
        return next((row for row, state in enumerate(self._rows) if state.problems()), None)

    def _renumber(self) -> None:
        for row in range(len(self._rows)):
            self._refresh_item(row)

    def _refresh_item(self, row: int) -> None:
        state, item = self._rows[row], self.list.item(row)
        problems = state.problems()
        words = short(state.text, 70) or "(not written yet)"
        item.setText(f"{WARNING + ' ' if problems else ''}{row + 1}. {words}")
        item.setToolTip("\n".join(problems) if problems else "Complete")
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"Takeaway {row + 1}{', incomplete' if problems else ''}: {words}")

    # -- the editor ---------------------------------------------------------------------------------------

    def _show_row(self, row: int) -> None:
        """Load the selected takeaway into the editor (or show what to do when there is none)."""
        has = 0 <= row < len(self._rows)
        self.stack.setCurrentIndex(1 if has else 0)
        self.remove_button.setEnabled(has)
        if not has:
            return
        state = self._rows[row]
        self._loading = True
        try:
            self.text.setPlainText(state.text)
            self.theme.setText(state.theme)
            self.importance.setCurrentIndex(self.importance.findData(state.importance))
            self.sentiment.setCurrentIndex(self.sentiment.findData(state.sentiment))
            self.kind.setCurrentIndex(max(0, self.kind.findData(state.kind)) if state.kind else 0)
            self._check_teams(state.teams)
            for i in range(self.quotes.count()):
                item = self.quotes.item(i)
                if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                    on = item.data(Qt.ItemDataRole.UserRole) in state.quote_ids
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.no_quote.setText(state.no_quote_reason)
        finally:
            self._loading = False
        self._show_state(state)

    def _edit(self, **values: object) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._rows):
            return
        state = self._rows[row]
        for name, value in values.items():
            setattr(state, name, value)
        self._refresh_item(row)
        self._show_state(state)
        self.changed.emit()

    def _quotes_changed(self) -> None:
        if self._loading:
            return
        chosen = tuple(self.quotes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.quotes.count())
                       if self.quotes.item(i).checkState() == Qt.CheckState.Checked)
        row = self.list.currentRow()
        if 0 <= row < len(self._rows) and not self._rows[row].teams_by_hand:
            teams = self._teams_for(chosen)
            self._loading = True
            try:
                self._check_teams(teams)
            finally:
                self._loading = False
            self._edit(quote_ids=chosen, teams=teams)
        else:
            self._edit(quote_ids=chosen)

    def _teams_changed(self) -> None:
        if not self._loading:
            self._edit(teams=tuple(t for t, box in self.team_boxes.items() if box.isChecked()), teams_by_hand=True)

    def _check_teams(self, teams: Sequence[Team]) -> None:
        for team, box in self.team_boxes.items():
            box.setChecked(team in teams)

    def _show_state(self, state: TakeawayState) -> None:
        needs_reason = not state.quote_ids
        self.no_quote.setEnabled(needs_reason)
        self.no_quote.setToolTip("Required when no quote backs the takeaway" if needs_reason
                                 else "A quote backs this takeaway; no reason is needed")
        if state.teams_by_hand:
            self.teams_note.setText("Teams chosen by hand.")
        elif state.quote_ids:
            self.teams_note.setText("Teams from the routing of the quoted questions.")
        elif state.teams:
            self.teams_note.setText("Teams from the routing of the questions asked; tick a quote to narrow them.")
        else:
            self.teams_note.setText("Tick the teams, or a quote to take the routing of its question.")
        problems = state.problems()
        self.problems.setText("\n".join(f"{WARNING} {p}" for p in problems))
        self.problems.setVisible(bool(problems))


def _combo(name: str, accessible: str, choices: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for label, value in choices:
        combo.addItem(label, value)
    return combo


def _kind(data: object) -> TakeawayKind | None:
    return TakeawayKind(data) if data else None
