"""The criteria editor: every setting of a definition, its plain-language summary and a live funnel.

The funnel (how many closed deals and contacts pass each rule) is computed on
a worker thread a moment after each change, so typing never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.criteria.definition import AuthorityRule, CriteriaDefinition, Quotas, Weights
from interviewer.enums import NO_COMPETITOR, UNKNOWN_COMPETITOR, Authority, Outcome
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from interviewer.services.values import ProgramValues

FunnelRunner = Callable[[CriteriaDefinition], list[Any]]
"""Computes the funnel steps of a definition (called on a worker thread)."""

ANY = "any"


class ChoiceList(QListWidget):
    """A compact list of checkable values (segments, industries, …); nothing checked means any."""

    def __init__(self, name: str, values: Sequence[str], checked: Sequence[str]) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setMaximumHeight(110)
        for value in sorted(set(values) | set(checked), key=str.casefold):
            item = QListWidgetItem(value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
            self.addItem(item)

    def checked(self) -> tuple[str, ...]:
        return tuple(self.item(i).text() for i in range(self.count()) if self.item(i).checkState() == Qt.CheckState.Checked)

    def set_checked(self, value: str, on: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).text() == value:
                self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _optional_spin(maximum: float, decimals: int = 0, prefix: str = "") -> QDoubleSpinBox:
    """A number that may be left as "any" (its minimum)."""
    box = QDoubleSpinBox()
    box.setRange(-1, maximum)
    box.setDecimals(decimals)
    box.setSpecialValueText(ANY)
    box.setPrefix(prefix)
    box.setSingleStep(1000 if maximum > 100_000 else 1)
    box.setValue(-1)
    return box


def _optional_value(box: QDoubleSpinBox) -> float | None:
    return None if box.value() < 0 else box.value()


class CriteriaEditor(QDialog):
    """Edits a name, the written definition of a qualified buyer, and a definition."""

    funnel_shown = Signal()
    """The funnel on screen now matches the settings."""

    def __init__(
        self,
        name: str,
        qualified_buyer: str,
        definition: CriteriaDefinition,
        values: ProgramValues,
        tasks: TaskRunner,
        run_funnel: FunnelRunner,
        summarise: Callable[[CriteriaDefinition], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Criteria set: {name}" if name else "New criteria set")
        self.setObjectName("criteriaEditor")
        self.resize(1100, 760)
        self._tasks = tasks
        self._run_funnel = run_funnel
        self._summarise = summarise
        self._stale = True
        """The funnel on screen is older than the settings (a count is pending or running)."""
        self._count_task: Task | None = None
        self._base = definition

        self.name = QLineEdit(name)
        self.name.setObjectName("criteriaName")
        self.name.setAccessibleName("Name of the criteria set")
        self.qualified_buyer = QPlainTextEdit(qualified_buyer)
        self.qualified_buyer.setObjectName("qualifiedBuyer")
        self.qualified_buyer.setAccessibleName("Definition of a qualified buyer")
        self.qualified_buyer.setPlaceholderText("In your words: who is a qualified buyer to interview, and why")
        self.qualified_buyer.setMaximumHeight(70)

        tabs = QTabWidget()
        tabs.addTab(self._deals_tab(definition, values), "Deals")
        tabs.addTab(self._contacts_tab(definition), "Contacts")
        tabs.addTab(self._quotas_tab(definition), "Quotas and score")

        self.funnel = QTableWidget(0, 3)
        self.funnel.setObjectName("criteriaFunnel")
        self.funnel.setAccessibleName("How many deals and contacts pass each rule")
        self.funnel.setHorizontalHeaderLabels(["Rule", "Deals", "Contacts"])
        self.funnel.verticalHeader().hide()
        self.funnel.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.funnel.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.funnel_state = QLabel("Counting…")
        self.summary = QLabel()
        self.summary.setObjectName("criteriaSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QLabel()
        self.problems.setObjectName("criteriaProblems")
        self.problems.setStyleSheet("color: #c62828;")
        self.problems.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel("<b>What each rule costs</b> (closed deals and their contacts)"))
        right_layout.addWidget(self.funnel, 1)
        right_layout.addWidget(self.funnel_state)
        right_layout.addWidget(QLabel("<b>What the manager reads</b>"))
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.problems)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Qualified buyer:", self.qualified_buyer)
        left_layout.addLayout(form)
        left_layout.addWidget(tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 460])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._count)
        self._connect_changes()
        self.changed()

    # -- tabs ------------------------------------------------------------------------------------

    def _deals_tab(self, d: CriteriaDefinition, values: ProgramValues) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.window_days = QSpinBox()
        self.window_days.setRange(1, 3660)
        self.window_days.setSuffix(" days")
        self.window_days.setValue(d.window_days)
        self.window_days.setAccessibleName("Closed in the last N days")
        self.freshness_days = QSpinBox()
        self.freshness_days.setRange(1, 3660)
        self.freshness_days.setSuffix(" days")
        self.freshness_days.setValue(d.freshness_days)
        self.freshness_days.setAccessibleName("At most N days since close")
        self.outcome_boxes: dict[Outcome, QCheckBox] = {}
        outcomes = QHBoxLayout()
        for outcome in (Outcome.LOST, Outcome.WON, Outcome.NO_DECISION):
            box = QCheckBox(outcome.label)
            box.setChecked(outcome in d.outcomes)
            self.outcome_boxes[outcome] = box
            outcomes.addWidget(box)
        self.amount_min = _optional_spin(1e12, 0)
        self.amount_max = _optional_spin(1e12, 0)
        for box, value in ((self.amount_min, d.amount_min), (self.amount_max, d.amount_max)):
            box.setValue(-1 if value is None else value)
        amounts = QHBoxLayout()
        amounts.addWidget(QLabel("from"))
        amounts.addWidget(self.amount_min)
        amounts.addWidget(QLabel("to"))
        amounts.addWidget(self.amount_max)
        self.employees_min = _optional_spin(10_000_000)
        self.employees_max = _optional_spin(10_000_000)
        for box, value in ((self.employees_min, d.employees_min), (self.employees_max, d.employees_max)):
            box.setValue(-1 if value is None else value)
        sizes = QHBoxLayout()
        sizes.addWidget(QLabel("from"))
        sizes.addWidget(self.employees_min)
        sizes.addWidget(QLabel("to"))
        sizes.addWidget(self.employees_max)
        self.segments = ChoiceList("Segments to include", values.segments, d.segments)
        self.excluded_segments = ChoiceList("Segments to exclude", values.segments, d.excluded_segments)
        self.industries = ChoiceList("Industries to include", values.industries, d.industries)
        self.excluded_industries = ChoiceList("Industries to exclude", values.industries, d.excluded_industries)
        self.regions = ChoiceList("Regions to include", values.regions, d.regions)
        self.excluded_regions = ChoiceList("Regions to exclude", values.regions, d.excluded_regions)
        named = [c for c in values.competitors if c not in (NO_COMPETITOR, UNKNOWN_COMPETITOR)]
        self.competitors = ChoiceList("Competitors of interest", named, d.competitors_of_interest)
        form.addRow("Closed in the last:", self.window_days)
        form.addRow("Closed at most:", self.freshness_days)
        form.addRow("Outcomes:", outcomes)
        form.addRow("Amount:", amounts)
        form.addRow("Employees:", sizes)
        form.addRow("Only these segments:", self.segments)
        form.addRow("Never these segments:", self.excluded_segments)
        form.addRow("Only these industries:", self.industries)
        form.addRow("Never these industries:", self.excluded_industries)
        form.addRow("Only these regions:", self.regions)
        form.addRow("Never these regions:", self.excluded_regions)
        form.addRow("Competitors of interest:", self.competitors)
        return page

    def _contacts_tab(self, d: CriteriaDefinition) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.authority_boxes: dict[Authority, QCheckBox] = {}
        allowed = QGroupBox("Who may be interviewed")
        allowed_layout = QHBoxLayout(allowed)
        for authority in Authority:
            box = QCheckBox(authority.label)
            box.setChecked(authority in d.authorities)
            self.authority_boxes[authority] = box
            allowed_layout.addWidget(box)
        rules = QGroupBox("How a title gives an authority (first matching line wins; whole words, any case)")
        rules_layout = QVBoxLayout(rules)
        self.rules = QTableWidget(0, 2)
        self.rules.setObjectName("authorityRules")
        self.rules.setAccessibleName("Authority rules")
        self.rules.setHorizontalHeaderLabels(["Words in the title (comma-separated)", "Authority"])
        self.rules.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rules.verticalHeader().hide()
        for rule in d.authority_rules:
            self._add_rule_row(rule)
        rule_buttons = QHBoxLayout()
        add = QPushButton("Add rule")
        add.clicked.connect(lambda: (self._add_rule_row(AuthorityRule(("",), Authority.INFLUENCER)), self.changed()))
        remove = QPushButton("Remove rule")
        remove.clicked.connect(self._remove_rule)
        rule_buttons.addWidget(add)
        rule_buttons.addWidget(remove)
        rule_buttons.addStretch(1)
        rules_layout.addWidget(self.rules)
        rules_layout.addLayout(rule_buttons)
        disqualifiers = QGroupBox("Never interview")
        form = QFormLayout(disqualifiers)
        self.exclude_dnc = QCheckBox("contacts marked do-not-contact")
        self.exclude_dnc.setChecked(d.exclude_do_not_contact)
        self.interviewed_within = QSpinBox()
        self.interviewed_within.setRange(0, 120)
        self.interviewed_within.setSuffix(" months")
        self.interviewed_within.setSpecialValueText("no pause")
        self.interviewed_within.setValue(d.interviewed_within_months)
        self.excluded_domains = QLineEdit(", ".join(d.excluded_email_domains))
        self.excluded_domains.setPlaceholderText("competitors' and partners' domains, e.g. brightfold.com")
        self.exclude_personal = QCheckBox("personal email addresses (gmail.com, outlook.com, …)")
        self.exclude_personal.setChecked(d.exclude_personal_email)
        self.require_details = QCheckBox("contacts without an email address or phone number")
        self.require_details.setChecked(d.require_contact_details)
        form.addRow(self.exclude_dnc)
        form.addRow("Interviewed in the last:", self.interviewed_within)
        form.addRow("Email domains:", self.excluded_domains)
        form.addRow(self.exclude_personal)
        form.addRow(self.require_details)
        layout.addWidget(allowed)
        layout.addWidget(rules, 1)
        layout.addWidget(disqualifiers)
        return page

    def _add_rule_row(self, rule: AuthorityRule) -> None:
        row = self.rules.rowCount()
        self.rules.insertRow(row)
        self.rules.setItem(row, 0, QTableWidgetItem(", ".join(rule.words)))
        choice = QComboBox()
        for authority in Authority:
            choice.addItem(authority.label, authority.value)
        choice.setCurrentIndex(choice.findData(rule.authority.value))
        choice.currentIndexChanged.connect(self.changed)
        self.rules.setCellWidget(row, 1, choice)

    def _remove_rule(self) -> None:
        row = self.rules.currentRow()
        if row >= 0:
            self.rules.removeRow(row)
            self.changed()

    def _quotas_tab(self, d: CriteriaDefinition) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.quota_boxes: dict[str, QSpinBox] = {}
        for key, label in (("lost", "Lost"), ("won", "Won"), ("no_decision", "No decision")):
            box = QSpinBox()
            box.setRange(0, 500)
            box.setValue(getattr(d.quotas, key))
            box.setAccessibleName(f"Quota of {label.lower()} deals")
            self.quota_boxes[key] = box
            form.addRow(f"{label} candidates:", box)
        self.losses_first = QCheckBox("Losses first (they surface patterns fastest)")
        self.losses_first.setChecked(d.quotas.losses_first)
        self.max_per_segment = QSpinBox()
        self.max_per_competitor = QSpinBox()
        for box, value in ((self.max_per_segment, d.quotas.max_per_segment), (self.max_per_competitor, d.quotas.max_per_competitor)):
            box.setRange(0, 500)
            box.setSpecialValueText("no limit")
            box.setValue(value or 0)
        form.addRow(self.losses_first)
        form.addRow("At most per segment (per outcome):", self.max_per_segment)
        form.addRow("At most per competitor (per outcome):", self.max_per_competitor)
        self.weight_boxes: dict[str, QDoubleSpinBox] = {}
        for key, label in (("freshness", "Freshness"), ("deal_size", "Deal size"), ("authority", "Contact authority"),
                           ("competitor", "Competitor of interest")):  # fmt: skip
            box = QDoubleSpinBox()
            box.setRange(0, 100)
            box.setDecimals(2)
            box.setSingleStep(0.05)
            box.setValue(getattr(d.weights, key))
            box.setAccessibleName(f"Weight of {label.lower()}")
            self.weight_boxes[key] = box
            form.addRow(f"Score weight, {label.lower()}:", box)
        return page

    # -- reading the form --------------------------------------------------------------------------

    def definition(self) -> CriteriaDefinition:
        """The definition the form shows now (it may have problems; see ``CriteriaDefinition.problems``)."""
        rules = []
        for row in range(self.rules.rowCount()):
            words = tuple(w.strip() for w in (self.rules.item(row, 0).text() if self.rules.item(row, 0) else "").split(",") if w.strip())
            if words:
                authority = Authority(self.rules.cellWidget(row, 1).currentData())  # type: ignore[union-attr]
                rules.append(AuthorityRule(words, authority))
        cap = lambda box: box.value() or None  # noqa: E731 - 0 means no limit
        return self._base.with_changes(
            window_days=self.window_days.value(),
            freshness_days=self.freshness_days.value(),
            outcomes=tuple(o for o, box in self.outcome_boxes.items() if box.isChecked()),
            amount_min=_optional_value(self.amount_min),
            amount_max=_optional_value(self.amount_max),
            employees_min=None if self.employees_min.value() < 0 else int(self.employees_min.value()),
            employees_max=None if self.employees_max.value() < 0 else int(self.employees_max.value()),
            segments=self.segments.checked(),
            excluded_segments=self.excluded_segments.checked(),
            industries=self.industries.checked(),
            excluded_industries=self.excluded_industries.checked(),
            regions=self.regions.checked(),
            excluded_regions=self.excluded_regions.checked(),
            competitors_of_interest=self.competitors.checked(),
            authorities=tuple(a for a, box in self.authority_boxes.items() if box.isChecked()),
            authority_rules=tuple(rules),
            exclude_do_not_contact=self.exclude_dnc.isChecked(),
            interviewed_within_months=self.interviewed_within.value(),
            excluded_email_domains=tuple(d.strip().lower().lstrip("@") for d in self.excluded_domains.text().split(",") if d.strip()),
            exclude_personal_email=self.exclude_personal.isChecked(),
            require_contact_details=self.require_details.isChecked(),
            quotas=Quotas(
                won=self.quota_boxes["won"].value(),
                lost=self.quota_boxes["lost"].value(),
                no_decision=self.quota_boxes["no_decision"].value(),
                losses_first=self.losses_first.isChecked(),
                max_per_segment=cap(self.max_per_segment),
                max_per_competitor=cap(self.max_per_competitor),
            ),
            weights=Weights(**{key: box.value() for key, box in self.weight_boxes.items()}),
        )

    def _connect_changes(self) -> None:
        for box in (self.window_days, self.freshness_days, self.interviewed_within, self.max_per_segment,
                    self.max_per_competitor, *self.quota_boxes.values()):  # fmt: skip
            box.valueChanged.connect(self.changed)
        for box in (self.amount_min, self.amount_max, self.employees_min, self.employees_max, *self.weight_boxes.values()):
            box.valueChanged.connect(self.changed)
        for check in (*self.outcome_boxes.values(), *self.authority_boxes.values(), self.exclude_dnc,
                      self.exclude_personal, self.require_details, self.losses_first):  # fmt: skip
            check.toggled.connect(self.changed)
        for choices in (self.segments, self.excluded_segments, self.industries, self.excluded_industries,
                        self.regions, self.excluded_regions, self.competitors):  # fmt: skip
            choices.itemChanged.connect(self.changed)
        self.excluded_domains.textChanged.connect(self.changed)
        self.rules.itemChanged.connect(self.changed)

    # -- live summary and funnel ---------------------------------------------------------------------

    def changed(self) -> None:
        """Show the summary and problems at once; count the funnel shortly after the last change."""
        definition = self.definition()
        problems = definition.problems()
        self.summary.setText(self._summarise(definition))
        self.problems.setText("\n".join(f"• {p}" for p in problems))
        self.problems.setVisible(bool(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        self._stale = True
        self._tasks.forget((self, "funnel"))  # a count of the settings as they were is no longer wanted
        self.funnel_state.setText("Counting…")
        self._debounce.start()

    def _count(self) -> None:
        if self._tasks.running(self._count_task):
            self._debounce.start()  # one count at a time; the newest settings win
            return
        definition, run = self.definition(), self._run_funnel
        if definition.problems():
            self.funnel_state.setText("Fix the settings above to count.")
            return
        self._count_task = self._tasks.submit(lambda _control: run(definition), self._show_funnel,
                                              self._funnel_failed, latest=(self, "funnel"))

    def _show_funnel(self, steps: list[Any]) -> None:
        self._stale = False
        self.funnel.setRowCount(len(steps))
        for row, step in enumerate(steps):
            for column, text in enumerate((step.rule, f"{step.deals:,}", f"{step.contacts:,}")):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.funnel.setItem(row, column, item)
        final = steps[-1].deals if steps else 0
        self.funnel_state.setText(f"{final:,} deals keep at least one contact who may be interviewed.")
        self.funnel_shown.emit()

    @property
    def counting(self) -> bool:
        """Whether the funnel on screen is older than the settings (a count is pending or running)."""
        return self._stale

    def _funnel_failed(self, error: BaseException) -> None:
        self.funnel_state.setText(f"The funnel could not be counted ({type(error).__name__}); see the log file.")
