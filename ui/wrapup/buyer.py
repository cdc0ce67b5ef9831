"""The wrap-up's first section: what the buyer said — outcome, reasons, competitor, criteria, marketing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from interviewer.console.wrapup import ReasonCheck, WrapUp, reasons_offered
from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Outcome, RepReason
from ui.format import outcome_icon
from ui.wrapup.widgets import ERROR_STYLE, NOTE_STYLE, buddy

OUTCOMES = (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION)
MISMATCH_STYLE = ("color: #7a4100; background: #fff3e0; border: 1px solid #ef6c00; border-radius: 3px;"
                  " padding: 1px 6px; font-weight: 600;")
CHOOSE_REASON = "Choose the buyer's primary reason."


class BuyerSection(QGroupBox):
    """The buyer's own account of the decision; the rep's reason at close is shown beside theirs.

    Only the reasons that fit the outcome chosen are offered, those tagged during the call first.
    """

    changed = Signal()

    def __init__(self, rep_reason: RepReason | None, competitors: Sequence[str], tagged: Sequence[RepReason] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__("What the buyer said", parent)
        self.setObjectName("buyerSection")
        self._rep_reason = rep_reason
        self._tagged = tuple(tagged)

        self.outcome = QComboBox()
        self.outcome.setObjectName("buyerOutcome")
        self.outcome.setAccessibleName("Outcome, as the buyer confirmed it")
        self.outcome.setToolTip("The outcome as the buyer tells it; it starts at the deal's outcome")
        for outcome in OUTCOMES:
            self.outcome.addItem(outcome_icon(outcome), outcome.label, outcome)

        self.primary = QComboBox()
        self.primary.setObjectName("primaryReason")
        self.primary.setAccessibleName("The buyer's primary reason")
        self.primary.setToolTip("The one reason the buyer says decided it, from the closed list (required)")
        self.primary.setPlaceholderText("Choose the buyer's reason…")
        self.rep_note = QLabel()
        self.rep_note.setObjectName("repReason")
        self.rep_note.setStyleSheet(NOTE_STYLE)
        self.mismatch = QLabel()
        self.mismatch.setObjectName("reasonMismatch")
        self.mismatch.setStyleSheet(MISMATCH_STYLE)
        self.mismatch.setToolTip("The buyer's reason differs from the one the rep recorded at close; "
                                 "the dashboard counts these")
        self.mismatch.hide()
        self.reason_error = QLabel(CHOOSE_REASON)
        self.reason_error.setObjectName("primaryReasonProblem")
        self.reason_error.setStyleSheet(ERROR_STYLE)
        self.reason_error.hide()
        reason_box = QWidget()
        reason_column = QVBoxLayout(reason_box)
        reason_column.setContentsMargins(0, 0, 0, 0)
        reason_column.setSpacing(3)
        reason_column.addWidget(self.primary)
        marker_row = QHBoxLayout()
        marker_row.addWidget(self.rep_note)
        marker_row.addWidget(self.mismatch)
        marker_row.addStretch(1)
        reason_column.addLayout(marker_row)
        reason_column.addWidget(self.reason_error)

        self.secondary = QListWidget()
        self.secondary.setObjectName("secondaryReasons")
        self.secondary.setAccessibleName("Secondary reasons")
        self.secondary.setToolTip("Other reasons the buyer gave; Space ticks the selected one")
        self._offer(self._outcome())
        rows = self.secondary.sizeHintForRow(0) * len(RepReason) + 2 * self.secondary.frameWidth() + 4
        self.secondary.setFixedHeight(max(rows, 120))

        self.competitor = QComboBox()
        self.competitor.setObjectName("buyerCompetitor")
        self.competitor.setAccessibleName("Competitor the buyer chose or weighed")
        self.competitor.setToolTip("Pick from the program's competitors or type a name; None when there was none")
        self.competitor.setEditable(True)
        self.competitor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        named = [c for c in competitors if c not in (NO_COMPETITOR, UNKNOWN_COMPETITOR)]
        self.competitor.addItems([*named, NO_COMPETITOR, UNKNOWN_COMPETITOR])
        self.competitor.lineEdit().setPlaceholderText("None")

        self.criteria = QPlainTextEdit()
        self.criteria.setObjectName("decisionCriteria")
        self.criteria.setAccessibleName("The buyer's decision criteria")
        self.criteria.setPlaceholderText("What the buyer weighed, in their words, most important first")
        self.criteria.setTabChangesFocus(True)
        self.marketing = QPlainTextEdit()
        self.marketing.setObjectName("marketingFeedback")
        self.marketing.setAccessibleName("What could marketing have done differently?")
        self.marketing.setPlaceholderText("Content, messaging or proof the buyer missed")
        self.marketing.setTabChangesFocus(True)
        for edit in (self.criteria, self.marketing):
            edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: the column is narrow
        form.addRow(buddy("&Outcome:", self.outcome), self.outcome)
        form.addRow(buddy("&Primary reason:", self.primary), reason_box)
        form.addRow(buddy("Seco&ndary reasons:", self.secondary), self.secondary)
        form.addRow(buddy("Co&mpetitor:", self.competitor), self.competitor)
        form.addRow(buddy("&Decision criteria:", self.criteria), self.criteria)
        form.addRow(buddy("What could ma&rketing have done differently?", self.marketing), self.marketing)

        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_changed())
        self.primary.currentIndexChanged.connect(lambda _i: self._primary_changed())
        self.secondary.itemChanged.connect(lambda _item: self.changed.emit())
        self.competitor.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.criteria.textChanged.connect(self.changed.emit)
        self.marketing.textChanged.connect(self.changed.emit)
        self._show_check()
        reason_box.setMinimumWidth(self.mismatch.sizeHint().width())  # room for the marker before it shows

    # -- values -----------------------------------------------------------------------------------------

    def wrap_up(self) -> WrapUp:
        primary = self.primary_reason()
        secondary = tuple(RepReason(self.secondary.item(row).data(Qt.ItemDataRole.UserRole))
                          for row in range(self.secondary.count())
                          if self.secondary.item(row).checkState() == Qt.CheckState.Checked)
        return WrapUp(Outcome(self.outcome.currentData()), primary, tuple(r for r in secondary if r != primary),
                      self.competitor.currentText().strip(), self.criteria.toPlainText(), self.marketing.toPlainText())

    def set_wrap_up(self, wrap: WrapUp) -> None:
        self.blockSignals(True)
        try:
            self.outcome.blockSignals(True)
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(wrap.buyer_outcome)))
            self.outcome.blockSignals(False)
            self._offer(self._outcome())
            self.primary.setCurrentIndex(self.primary.findData(wrap.primary_reason) if wrap.primary_reason else -1)
            for row in range(self.secondary.count()):
                item = self.secondary.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in wrap.secondary_reasons
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.competitor.setCurrentText(wrap.competitor or "")
            self.criteria.setPlainText(wrap.decision_criteria)
            self.marketing.setPlainText(wrap.marketing_feedback)
        finally:
            self.blockSignals(False)
        self._primary_changed()

    def _outcome(self) -> Outcome:
        return Outcome(self.outcome.currentData())

    def primary_reason(self) -> RepReason | None:
        data = self.primary.currentData()
        return RepReason(data) if data is not None and self.primary.currentIndex() >= 0 else None

    def check(self) -> ReasonCheck:
        return ReasonCheck(self._rep_reason, self.primary_reason())

    def show_problems(self, shown: bool) -> None:
        """Say inline that the primary reason is missing (after a refused completion), until it is chosen."""
        self.reason_error.setVisible(shown and self.primary_reason() is None)

    # -- reactions ---------------------------------------------------------------------------------------

    def _offer(self, outcome: Outcome) -> None:
        """Offer the reasons that fit ``outcome``, the call's tags first; choices that still fit are kept."""
        offered = reasons_offered(outcome, self._tagged)
        chosen = self.primary_reason()
        ticked = {self.secondary.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.secondary.count())
                  if self.secondary.item(row).checkState() == Qt.CheckState.Checked}
        tagged = [reason for reason in offered if reason in self._tagged]
        self.primary.blockSignals(True)
        self.secondary.blockSignals(True)
        try:
            self.primary.clear()
            self.secondary.clear()
            for reason in offered:
                hint = self._tag_hint(reason)
                self.primary.addItem(reason.label, reason)
                self.primary.setItemData(self.primary.count() - 1, hint, Qt.ItemDataRole.ToolTipRole)
                item = QListWidgetItem(reason.label)
                item.setData(Qt.ItemDataRole.UserRole, reason)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if reason in ticked else Qt.CheckState.Unchecked)
                item.setToolTip(hint)
                self.secondary.addItem(item)
            if tagged and len(tagged) < len(offered):
                self.primary.insertSeparator(len(tagged))  # the call's tags, then the rest of the list
            self.primary.setCurrentIndex(self.primary.findData(chosen) if chosen in offered else -1)
        finally:
            self.primary.blockSignals(False)
            self.secondary.blockSignals(False)

    def _tag_hint(self, reason: RepReason) -> str:
        times = self._tagged.count(reason)
        return f"Tagged {times}× during the call" if times else ""

    def _outcome_changed(self) -> None:
        self._offer(self._outcome())
        self._primary_changed()

    def _primary_changed(self) -> None:
        primary = self.primary_reason()
        for row in range(self.secondary.count()):  # the primary reason is not also a secondary one
            item = self.secondary.item(row)
            same = item.data(Qt.ItemDataRole.UserRole) == primary
            flags = item.flags() & ~Qt.ItemFlag.ItemIsEnabled if same else item.flags() | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setToolTip("This is the primary reason" if same else "")
        if primary is not None:
            self.reason_error.hide()
        self._show_check()
        self.changed.emit()

    def _show_check(self) -> None:
        check = self.check()
        rep = check.rep.label if check.rep else None
        self.mismatch.setText(f"≠ Rep said: {rep} — mismatch" if rep else "")
        self.mismatch.setAccessibleName(f"Mismatch: the rep said {rep} at close" if rep else "")
        self.mismatch.setVisible(check.mismatch)
        if rep is None:
            self.rep_note.setText("The rep recorded no reason at close.")
        elif check.buyer is None:
            self.rep_note.setText(f"Rep said at close: {rep}")
        else:
            self.rep_note.setText(f"= Rep said: {rep} — same")
        self.rep_note.setVisible(not check.mismatch)
