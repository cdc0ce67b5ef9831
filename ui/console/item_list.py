"""The guide on the side of the console: the introduction, every question with its mark and planned time, the wrap-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from interviewer.console.calls import WRAP
from interviewer.enums import GuideItemState
from interviewer.console.live import LiveCall
from ui.console.pace_bar import clock

MARKS = {
    GuideItemState.ASKED: "✓",
    GuideItemState.SKIPPED: "↷",
    GuideItemState.DROPPED: "✕",
    GuideItemState.PENDING: " ",
}
CURRENT_MARK = "▶"
WORDS = {GuideItemState.ASKED: "asked", GuideItemState.SKIPPED: "skipped", GuideItemState.DROPPED: "dropped",
         GuideItemState.PENDING: "remaining"}  # fmt: skip
ITEM_ROLE = Qt.ItemDataRole.UserRole


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class GuideList(QTreeWidget):
    """Rows "Introduction", "✓ 3  Looking back, what was…  2:00" for each question, then "Wrap-up"; ``ITEM_ROLE``
    holds the item id (introduction: None; wrap-up: ``WRAP``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideList")
        self.setAccessibleName("The guide: asked, skipped, dropped and remaining questions")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def show_call(self, live: LiveCall) -> None:
        """Rebuild the rows from ``live`` (a dozen rows: cheap), keeping the current one selected."""
        self.blockSignals(True)
        self.clear()
        intro = QTreeWidgetItem([f"{CURRENT_MARK if live.current is None else '  '}  Introduction",
                                 clock(live.call.intro_seconds)])
        intro.setData(0, ITEM_ROLE, None)
        rows = [intro]
        for number, item in enumerate(live.items, 1):
            state = live.states[item.id]
            mark = CURRENT_MARK if item.id == live.current else MARKS[state]
            label = f"{mark}  {number}  {_short(item.text)}" + ("  (added)" if item.ad_hoc else "")
            row = QTreeWidgetItem([label, clock(item.planned_seconds)])
            row.setData(0, ITEM_ROLE, item.id)
            words = "current" if item.id == live.current else WORDS[state]
            row.setToolTip(0, f"{number}. {item.text}\n({words}; {item.phase.label.lower()})")
            row.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"Question {number}, {words}: {item.text}")
            if state in (GuideItemState.DROPPED, GuideItemState.SKIPPED) and item.id != live.current:
                font = QFont(self.font())
                font.setStrikeOut(state is GuideItemState.DROPPED)
                row.setFont(0, font)
                row.setForeground(0, self.palette().placeholderText())
                row.setForeground(1, self.palette().placeholderText())
            rows.append(row)
        wrap = QTreeWidgetItem([f"{CURRENT_MARK if live.closing else '  '}  Wrap-up", clock(live.call.wrap_seconds)])
        wrap.setData(0, ITEM_ROLE, WRAP)
        rows.append(wrap)
        for row in rows:
            row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        current = wrap if live.closing else rows[0] if live.current is None else rows[live.number(live.current)]
        bold = QFont(self.font())
        bold.setBold(True)
        current.setFont(0, bold)
        self.addTopLevelItems(rows)
        self.setCurrentItem(current)
        self.blockSignals(False)
