"""The dashboard's boxes: headline figures with their n, warnings, the weekly summary, actions, the funnel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import Outcome
from ui.format import OUTCOME_COLOURS, format_amount, format_date

if TYPE_CHECKING:
    from interviewer.analytics.dashboard import ActionDue
    from interviewer.analytics.money import Total

EARLY_N = 20
EARLY_TIP = f"Fewer than {EARLY_N} deals: an early signal, not yet a finding"


class Tile(QFrame):
    """One headline figure: what it is, its value, its n, and the words "Early signal" when n is small."""

    def __init__(self, name: str, title: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        self.title = title
        self.caption = QLabel(title)
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        self.value = QLabel()
        self.value.setObjectName(f"{name}Value")
        self.value.setTextFormat(Qt.TextFormat.RichText)
        self.value.setWordWrap(True)
        self.value.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.n = QLabel()
        self.n.setObjectName(f"{name}N")
        self.n.setWordWrap(True)  # a long "n=…" line must not widen the row of tiles past the window
        self.badge = QLabel("⚠ Early signal")  # a note in words under the n, not something to press
        self.badge.setObjectName(f"{name}Early")
        self.badge.setToolTip(EARLY_TIP)
        self.badge.setStyleSheet("color: #b26a00; font-style: italic;")
        self.badge.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addStretch(1)
        layout.addWidget(self.n)
        layout.addWidget(self.badge)

    def show_figure(self, value: str, n_text: str, n: int | None, *, rich: bool = False) -> None:
        """``value`` (escaped unless ``rich``), ``n_text`` such as "n=1,788 deals", "Early signal" when ``n`` < 20
        (``n`` None: a sum, not a pattern, never an early signal)."""
        self.value.setText(value if rich else escape(value))
        self.n.setText(n_text)
        early = n is not None and n < EARLY_N
        self.badge.setVisible(early)
        plain = QTextDocumentFragment.fromHtml(self.value.text()).toPlainText()
        self.setAccessibleName(f"{self.title}: {plain}, {n_text}" + (" — early signal" if early else ""))

    @property
    def early(self) -> bool:
        return not self.badge.isHidden()


def closes_html(closes: dict[Outcome, int]) -> str:
    """"● 577 won", "● 777 lost", "● 434 no decision" on lines of their own, each dot in its outcome's colour
    (the words carry the meaning)."""
    parts = [f"<span style='color:{OUTCOME_COLOURS[o]}'>●</span>&nbsp;{closes.get(o, 0):,}&nbsp;{escape(word)}"
             for o, word in ((Outcome.WON, "won"), (Outcome.LOST, "lost"), (Outcome.NO_DECISION, "no decision"))]
    return "<br>".join(parts)


def amount_html(total: Total) -> str:
    """A sum as the tile shows it: the converted total, then, smaller, each currency without a rate on a line of
    its own ("€4,793,100 · no rate")."""
    lines = [escape(format_amount(total.converted.quantize(Decimal(1)), total.reporting))] \
        if total.converted is not None else []
    lines += [f"<span style='font-size: 10pt; font-weight: 400'>{escape(format_amount(amount.quantize(Decimal(1)), code))}"
              " · no rate</span>" for code, amount in total.apart]
    return "<br>".join(lines) or "No amounts"


class HeadlineRow(QWidget):
    """The headline tiles in a grid of five columns."""

    COLUMNS = 5

    def __init__(self, tiles: Sequence[Tile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for position, tile in enumerate(tiles):
            grid.addWidget(tile, position // self.COLUMNS, position % self.COLUMNS)
        for column in range(self.COLUMNS):
            grid.setColumnStretch(column, 1)


class SummaryBox(QGroupBox):
    """The week's figures as three bullets, and a button copying them for chat or email."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Weekly summary", parent)
        self.setObjectName("weeklySummary")
        self.bullets: tuple[str, ...] = ()
        self.text = QLabel()
        self.text.setObjectName("weeklySummaryText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Cop&y")  # Alt+C ticks consent in the live console
        self.copy_button.setObjectName("copyWeeklySummary")
        self.copy_button.setAccessibleName("Copy the weekly summary")
        self.copy_button.setToolTip("Copy the three bullets to paste into chat or email (Alt+Y)")
        self.copy_button.clicked.connect(self.copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

    def show_summary(self, bullets: Sequence[str], week_end: date) -> None:
        self.bullets = tuple(bullets)
        self.setTitle(f"Weekly summary — week ending {format_date(week_end)}")
        self.text.setText("".join(f"• {escape(line)}<br>" for line in bullets))
        self.text.setAccessibleName(" ".join(bullets))

    def plain(self) -> str:
        return "\n".join(f"• {line}" for line in self.bullets)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.plain())
        self.copy_button.setText("Copied")
        self.copy_button.setAccessibleName("Copied the weekly summary")


class WrappingDelegate(QStyledItemDelegate):
    """Row heights from column ``column``'s text wrapped to its width (a tree view asks without a width)."""

    def __init__(self, view: QTreeWidget, column: int) -> None:
        super().__init__(view)
        self.column = column

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        assert isinstance(view, QTreeWidget)
        if index.column() != self.column:
            return super().sizeHint(option, index)
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, view.header().sectionSize(index.column()), max(option.rect.height(), 1))
        return super().sizeHint(sized, index)


def small_table(name: str, accessible: str, headers: list[str], wrap: int | None = None) -> QTreeWidget:
    """A read-only list with columns, reachable by Tab; column ``wrap`` (else the last) takes the width left, and
    its words wrap onto more lines instead of being cut."""
    table = QTreeWidget()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHeaderLabels(headers)
    table.setRootIsDecorated(False)
    table.setAlternatingRowColors(True)
    header = table.header()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(wrap is None)
    if wrap is not None:
        table.setWordWrap(True)
        table.setItemDelegate(WrappingDelegate(table, wrap))
        header.setSectionResizeMode(wrap, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda column, _old, _new: column == wrap and fit_height(table))
    return table


def fit_height(table: QTreeWidget) -> None:
    """Tall enough for every row, wrapped ones too, without a scroll bar (the page scrolls, not each table)."""
    table.doItemsLayout()  # row heights follow the columns' widths
    line = table.fontMetrics().height()
    rows = sum(table.visualItemRect(table.topLevelItem(i)).height() for i in range(table.topLevelItemCount()))
    header = max(table.header().sizeHint().height(), line + 10)
    table.setFixedHeight(header + max(rows, line + 4) + 2 * table.frameWidth() + 4)


def fill_actions(table: QTreeWidget, actions: Sequence[ActionDue], today: date) -> None:
    """Overdue actions first, marked in words ("Overdue by 23 days"), then those due within two weeks."""
    table.clear()
    for action in actions:
        days = (action.due_on - today).days
        state = f"Overdue by {-days} day{'s' if days != -1 else ''}" if action.overdue else (
            "Due today" if days == 0 else f"Due in {days} day{'s' if days != 1 else ''}")
        item = QTreeWidgetItem([state, format_date(action.due_on), action.text, action.owner])
        item.setData(0, Qt.ItemDataRole.UserRole, action.id)
        if action.overdue:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        table.addTopLevelItem(item)
    fit_height(table)


def fill_funnel(table: QTreeWidget, funnel: Sequence[tuple[str, int]]) -> None:
    """Each step with its count and its share of the step before."""
    table.clear()
    previous: int | None = None
    for step, count in funnel:
        share = f"{count / previous:.0%} of {previous:,}" if previous else ""
        table.addTopLevelItem(QTreeWidgetItem([step, f"{count:,}", share]))
        previous = count
    fit_height(table)
