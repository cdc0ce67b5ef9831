"""Edit → Preferences… (Ctrl+,): the one place for settings — mail, profile, time zone, currency rates, data folder.

Every value goes through ``WindowSettings``; the mail password goes only to the keyring (``SecretStore``).
Nothing is kept until OK, and OK keeps nothing while a page still shows a problem.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, MutableMapping, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.format import CURRENCY_SYMBOLS
from ui.profile_dialog import Creator, ProfileChooser, intro_label
from ui.settings import WindowSettings

if TYPE_CHECKING:
    from interviewer.profiles import ProfileRow
    from interviewer.secrets import SecretStore
    from ui.reports.smtp_dialog import MailSettingsDialog

ERROR_STYLE = "color: #c62828;"
QUIET_STYLE = "color: palette(placeholder-text);"
CURRENCY_CODE = re.compile(r"[A-Z]{3}")

PAGES = ("Mail", "Profile", "Time zone", "Currency rates", "Data folder")
"""The pages, in the order the list shows them (``PreferencesDialog.show_page`` takes these names)."""


def use_display_zone(name: str | None, environ: MutableMapping[str, str] | None = None,
                     tzset: Callable[[], None] | None = getattr(time, "tzset", None)) -> bool:
    """Show times in the IANA zone ``name`` from now on (None: the computer's own zone again).

    The process's local zone is what every date in the window is converted to, so this sets it (``TZ``);
    False where the system offers no way to change it while running (Windows): then it applies from the next start.
    """
    if tzset is None:
        return False
    environ = os.environ if environ is None else environ
    if name:
        environ["TZ"] = name
    else:
        environ.pop("TZ", None)
    tzset()
    return True


def read_rates(rows: Sequence[tuple[str, str]], reporting: str) -> tuple[dict[str, Decimal], list[str]]:
    """The rate table typed as (currency, rate) rows, and a sentence for each row that cannot be kept."""
    from interviewer.analytics.money import parse_rate

    rates: dict[str, Decimal] = {}
    problems: list[str] = []
    for code_text, rate_text in rows:
        code = code_text.strip().upper()
        if not CURRENCY_CODE.fullmatch(code):
            problems.append(f"“{code_text.strip()}” is not a currency code: use three letters such as EUR.")
            continue
        rate = parse_rate(rate_text)
        if rate is None:
            problems.append(f"The rate for {code} must be a number above zero, such as 1.08.")
        elif code == reporting:
            problems.append(f"{code} is the reporting currency: it needs no rate.")
        elif code in rates:
            problems.append(f"{code} is listed twice: keep one rate for it.")
        else:
            rates[code] = rate
    return rates, problems


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(QUIET_STYLE)
    return label


def _show_problems(label: QLabel, problems: Sequence[str]) -> bool:
    """Show ``problems`` in ``label`` (hidden when there are none); True when there are none."""
    label.setText("\n".join(problems))
    label.setVisible(bool(problems))
    return not problems


class MailPage(QWidget):
    """The mail server form of Program → Mail settings…, shown as a page (its own Save and Cancel hidden)."""

    def __init__(self, settings: WindowSettings, secrets: SecretStore, parent: QWidget | None = None) -> None:
        from ui.reports.smtp_dialog import MailSettingsDialog

        super().__init__(parent)
        self.form: MailSettingsDialog = MailSettingsDialog(settings, secrets, self)
        self.form.setWindowFlags(Qt.WindowType.Widget)
        self.form.buttons.hide()
        self.form.installEventFilter(self)
        self._loaded = self.form.smtp()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addStretch(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the form means the OK of Preferences (the form's own Save is hidden): pass it on."""
        if watched is self.form and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def changed(self) -> bool:
        return self.form.smtp() != self._loaded or bool(self.form.password.text())

    def save(self) -> bool:
        """Keep the server (and a typed password, in the keyring) when anything changed; False on a problem."""
        if not self.changed():
            return True
        if not self.form.save():
            return False
        self.form.setVisible(True)  # the form closes itself when it saves; here it stays a page
        self._loaded = self.form.smtp()
        return True


class ProfilePage(QWidget):
    """Who you are in the open program: pick another profile of its database, or create one."""

    def __init__(self, profiles: Sequence[ProfileRow], create: Creator | None, current: ProfileRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = current
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label())
        self.chooser: ProfileChooser | None = None
        if create is None:
            layout.addWidget(_note("Profiles belong to a program's database: open one first (File → Open database…)."))
        else:
            now = QLabel(f"You are <b>{escape(current.label)}</b>." if current else "No profile is chosen yet.")
            now.setObjectName("currentProfile")
            layout.addWidget(now)
            self.chooser = ProfileChooser(profiles, create, self)
            self.chooser.select(current.id if current else None)
            layout.addWidget(self.chooser)
        layout.addStretch(1)

    def chosen(self) -> tuple[bool, ProfileRow | None]:
        """(ok, the profile to switch to — None when it stays the same); not ok when a new one cannot be made."""
        if self.chooser is None:
            return True, None
        selected = self.chooser.selected()
        if selected is None and not self.chooser.name.text().strip():
            return True, None  # nothing picked, nobody typed in
        if selected is not None and self._current is not None and selected.id == self._current.id:
            return True, None
        profile = self.chooser.choose()
        return profile is not None, profile


class ZonePage(QWidget):
    """The time zone the window shows times in; any IANA name, offered as you type; an unknown one is refused."""

    def __init__(self, settings: WindowSettings, parent: QWidget | None = None) -> None:
        from interviewer.scheduling.availability import zone_names

        super().__init__(parent)
        self.zone = QLineEdit(settings.display_zone or "")
        self.zone.setObjectName("displayZone")
        self.zone.setAccessibleName("Time zone")
        self.zone.setPlaceholderText("e.g. Europe/Berlin — empty: the computer's own")
        completer = QCompleter(QStringListModel(list(zone_names()), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.setCompleter(completer)
        self.problem = _error_label("zoneProblem")
        form = QFormLayout()
        form.addRow("&Time zone:", self.zone)
        layout = QVBoxLayout(self)
        layout.addWidget(_note("Dates and times in the window are shown in this zone (on Windows, from the next "
                               "start). Leave it empty to follow the computer's own zone. Calls keep the "
                               "interviewer's and the buyer's zones."))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def value(self) -> tuple[bool, str | None]:
        """(ok, the zone typed — None for the computer's own); not ok, with the reason shown, for an unknown name."""
        from interviewer.scheduling.availability import zone_problem

        text = self.zone.text().strip()
        problem = zone_problem(text) if text else None
        _show_problems(self.problem, [problem] if problem else [])
        return problem is None, text or None


class RatesPage(QWidget):
    """The reporting currency, and a small table of rates to it (one unit of each currency in reporting units)."""

    def __init__(self, settings: WindowSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reporting = QComboBox()
        self.reporting.setObjectName("reportingCurrency")
        self.reporting.setAccessibleName("Reporting currency")
        self.reporting.setEditable(True)
        self.reporting.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reporting.addItems(sorted(set(CURRENCY_SYMBOLS) | {settings.reporting_currency}))
        self.reporting.setCurrentText(settings.reporting_currency)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("currencyRates")
        self.table.setAccessibleName("Currency rates")
        self.table.setHorizontalHeaderLabels(["Currency", "Rate"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for code, rate in sorted(settings.currency_rates.items()):
            self._put(code, f"{rate.normalize():f}")
        self.code = QLineEdit()
        self.code.setObjectName("rateCurrency")
        self.code.setAccessibleName("Currency")
        self.code.setPlaceholderText("EUR")
        self.code.setMaxLength(3)
        self.rate = QLineEdit()
        self.rate.setObjectName("rateValue")
        self.rate.setAccessibleName("Rate")
        self.rate.setPlaceholderText("1.08")
        self.add_button = QPushButton("&Add rate")
        self.add_button.setObjectName("addRate")
        self.add_button.clicked.connect(self.add_rate)
        self.remove_button = QPushButton("&Remove rate")
        self.remove_button.setObjectName("removeRate")
        self.remove_button.clicked.connect(self.remove_rate)
        self.problem = _error_label("ratesProblem")
        self.example = _note("")
        self.reporting.currentTextChanged.connect(self._explain)
        self._explain()

        form = QFormLayout()
        form.addRow("Reporting &currency:", self.reporting)
        adding = QHBoxLayout()
        adding.addWidget(QLabel("1"))
        adding.addWidget(self.code)
        adding.addWidget(QLabel("="))
        adding.addWidget(self.rate, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_note("Amounts in several currencies are added up in the reporting currency at these "
                               "rates; a currency without a rate is shown on its own, never added in."))
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(self.example)
        layout.addWidget(self.problem)

    def _put(self, code: str, rate: str) -> None:
        found = self.table.findItems(code, Qt.MatchFlag.MatchFixedString)
        row = next((item.row() for item in found if item.column() == 0), None)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(code))
        self.table.setItem(row, 1, QTableWidgetItem(rate))

    def _explain(self) -> None:
        reporting = self.reporting.currentText().strip().upper() or "USD"
        self.example.setText(f"A rate says what one unit of a currency is worth in {reporting}: "
                             f"1 EUR = 1.08 {reporting} is written EUR, 1.08.")

    def add_rate(self) -> None:
        """Put the rate typed under the table into it (replacing that currency's rate, if it had one)."""
        code = self.code.text().strip().upper()
        rates, problems = read_rates([(code, self.rate.text())], self._reporting())
        if _show_problems(self.problem, problems):
            self._put(code, f"{rates[code].normalize():f}")
            self.code.clear()
            self.rate.clear()
            self.code.setFocus()

    def remove_rate(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def _reporting(self) -> str:
        return self.reporting.currentText().strip().upper()

    def value(self) -> tuple[bool, str, dict[str, Decimal]]:
        """(ok, reporting currency, rates); not ok, with the reasons shown, while a row or the currency is wrong."""
        reporting = self._reporting()
        cells = [tuple((self.table.item(row, column).text() if self.table.item(row, column) else "")
                       for column in (0, 1)) for row in range(self.table.rowCount())]
        if self.code.text().strip() or self.rate.text().strip():
            cells.append((self.code.text(), self.rate.text()))  # typed under the table, not added yet: it counts
        rates, problems = read_rates(cells, reporting)  # type: ignore[arg-type]
        if not CURRENCY_CODE.fullmatch(reporting):
            problems.insert(0, f"“{reporting}” is not a currency code: use three letters such as USD.")
        return _show_problems(self.problem, problems), reporting, rates


class DataFolderPage(QWidget):
    """Where the app keeps its own databases: shown, opened in the file manager, or its path copied."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.path = QLineEdit(str(folder))
        self.path.setObjectName("dataFolder")
        self.path.setAccessibleName("Data folder")
        self.path.setReadOnly(True)
        self.open_button = QPushButton("&Open folder")
        self.open_button.setObjectName("openDataFolder")
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton("Copy &path")
        self.copy_button.setObjectName("copyDataFolder")
        self.copy_button.clicked.connect(self.copy_path)
        self.message = _note("")
        self.message.setObjectName("dataFolderMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_note("The default database and the demo program are kept here. Back it up with your "
                               "other documents (a shared PostgreSQL program lives on its server instead)."))
        layout.addWidget(self.path)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))):
            self.message.setText("No file manager answered: copy the path and open it yourself.")

    def copy_path(self) -> None:
        QGuiApplication.clipboard().setText(str(self.folder))
        self.message.setText("The path is on the clipboard.")


class PreferencesDialog(QDialog):
    """The app's settings, a page each; OK keeps them all (or shows the page with a problem), Cancel none."""

    profile_chosen = Signal(object)
    """The person chose (or created) another profile (a ProfileRow)."""
    saved = Signal()

    def __init__(self, settings: WindowSettings, secrets: SecretStore, data_folder: Path, *,
                 profiles: Sequence[ProfileRow] = (), create: Creator | None = None,
                 current: ProfileRow | None = None, pages: Sequence[str] = PAGES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumSize(760, 520)
        self._settings = settings
        self.mail = MailPage(settings, secrets) if "Mail" in pages else None
        self.profile = ProfilePage(profiles, create, current)
        self.zone = ZonePage(settings)
        self.rates = RatesPage(settings) if "Currency rates" in pages else None
        self.data = DataFolderPage(data_folder)
        built: dict[str, QWidget | None] = {"Mail": self.mail, "Profile": self.profile, "Time zone": self.zone,
                                            "Currency rates": self.rates, "Data folder": self.data}
        self._pages = {name: page for name, page in built.items() if page is not None and name in pages}
        if self.mail is not None:
            self.mail.form.rejected.connect(self.reject)  # Esc in the mail form closes Preferences, not just the form
        self.page_list = QListWidget()
        self.page_list.setObjectName("preferencePages")
        self.page_list.setAccessibleName("Preference pages")
        self.page_list.setMaximumWidth(170)
        self.page_list.setStyleSheet("QListWidget::item { padding: 5px 8px; }")
        self.stack = QStackedWidget()
        for name, page in self._pages.items():
            self.page_list.addItem(name)
            self.stack.addWidget(page)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.page_list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def show_page(self, name: str) -> None:
        """Open on the page called ``name`` (one of ``PAGES``), if this profile may see it."""
        names = list(self._pages)
        if name in names:
            self.page_list.setCurrentRow(names.index(name))

    def page(self) -> str:
        return list(self._pages)[self.stack.currentIndex()]

    def accept(self) -> None:
        """Check every page, then keep everything; on a problem, stay open on that page with it shown."""
        zone_ok, zone = self.zone.value()
        rates_ok, reporting, rates = self.rates.value() if self.rates else (True, "", {})
        for name, ok in (("Time zone", zone_ok), ("Currency rates", rates_ok)):
            if not ok:
                self.show_page(name)
                return
        if self.mail is not None and not self.mail.save():
            self.show_page("Mail")
            return
        profile_ok, profile = self.profile.chosen()
        if not profile_ok:
            self.show_page("Profile")
            return
        if zone != self._settings.display_zone:
            self._settings.display_zone = zone
            use_display_zone(zone)
        if self.rates is not None:
            self._settings.reporting_currency = reporting
            self._settings.currency_rates = rates
        self._settings.sync()
        if profile is not None:
            self.profile_chosen.emit(profile)
        self.saved.emit()
        super().accept()
