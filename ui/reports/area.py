"""The Reports area: the Word reports made, each one's recipients and delivery log; make, save and deliver them."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock
from interviewer.enums import Role
from ui.area import (
    WORDS_TIP,
    Area,
    SelectsById,
    filter_box,
    rows_table,
    table_or_message,
    text_width,
)
from ui.reports.model import (
    BY,
    DELIVERY,
    IDENTITIES,
    KIND,
    KIND_WORDS,
    MADE_ON,
    PERIOD,
    SIZE,
    TEAM,
    TITLE,
    ReportFilter,
    ReportsModel,
)
from ui.format import format_date, format_datetime
from ui.settings import WindowSettings
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:  # SQLAlchemy, and dialogs loaded when first opened
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from interviewer.reporting.library import ReportRow
    from interviewer.secrets import SecretStore
    from ui.reports.deliver_dialog import DeliverDialog
    from ui.reports.make_dialog import MakeReportDialog
    from ui.reports.reading import ReportDetails
    from ui.reports.recipients_dialog import RecipientsDialog
    from ui.reports.smtp_dialog import MailSettingsDialog

log = logging.getLogger(__name__)

MAKE_SHORTCUT = "Ctrl+Shift+R"
IN_DETAILS_ONLY = (PERIOD, SIZE)
"""Columns hidden in the table to leave the title room: a digest's or review's title names its month, and the
details tell both."""
MESSAGE_LINES = 2
"""The sentence above the table keeps this many lines' height whether it shows something or not."""


class ReportsArea(SelectsById, Area):
    """Reports made, newest first; the selected one's recipients and log beside them."""

    title = "Reports"
    loaded = Signal(int)
    """The table was filled again (how many reports)."""
    made = Signal(int)
    """A report was made and stored (its id)."""

    def __init__(self, tasks: TaskRunner, clock: Clock, settings: WindowSettings, secrets: SecretStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.clock = clock
        self.settings = settings
        self.secrets = secrets
        self._database: Database | None = None
        self._profile: ProfileRow | None = None
        self.details: ReportDetails | None = None

        self.filter_box = filter_box("reportsFilter", "Filter reports: words in the title, kind, team, period…",
                                     "Filter reports", WORDS_TIP)
        self.count_label = QLabel()
        self.count_label.setObjectName("reportsCount")
        self.model = ReportsModel(self)
        self.proxy = ReportFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = rows_table("reportsTable", "Reports", self.proxy, self.fontMetrics().height() + 8)
        self.columns = self.table
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._fit_columns()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # newest first, as read, until a header is clicked
        self.stack, self.empty_label = table_or_message(self.table, "reportsEmpty")

        self.make_action = self._action("&Make report…", "makeReport", self.make_report, MAKE_SHORTCUT,
                                        "Make an interview report, a team digest or the monthly review")
        self.save_action = self._action("&Save as…", "saveReport", self.save_as, "Ctrl+Shift+S",
                                        "Save the selected report's Word document to a file")
        self.deliver_action = self._action("&Deliver…", "deliverReport", self.deliver, "Ctrl+Shift+D",
                                           "Email the selected report to its recipients, or save .eml files")
        self.delete_action = self._action("De&lete…", "deleteReport", self.delete_selected, None,
                                          "Delete the selected report and its Word document (the delivery log stays)")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # not while typing in the filter
        self.table.addAction(self.delete_action)
        self.recipients_action = self._action("&Teams and recipients…", "manageRecipients", self.manage_recipients,
                                              None, "Who receives each team's reports")
        self.mail_action = self._action("Mail se&ttings…", "mailSettings", self.mail_settings, None,
                                        "The mail server reports are sent through (SMTP)")
        bar = QHBoxLayout()
        self.buttons: dict[str, QToolButton] = {}
        for action in (self.make_action, self.save_action, self.deliver_action, self.delete_action, None,
                       self.recipients_action, self.mail_action):
            if action is None:
                bar.addSpacing(12)
                continue
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(action.objectName() + "Button")
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.buttons[action.objectName()] = button
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.message = QLabel()
        self.message.setObjectName("reportsMessage")
        self.message.setAccessibleName("Reports message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.message.setFixedHeight(self.fontMetrics().lineSpacing() * MESSAGE_LINES + 4)  # the table never moves
        self.detail = QTextBrowser()
        self.detail.setObjectName("reportDetail")
        self.detail.setAccessibleName("Details of the selected report")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(300)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_box)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.stack, 1)
        self.split("reportsSplitter", left, self.detail, (900, 300), stretch=(3, 1))

        self.filter_box.textChanged.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.activated.connect(lambda _index: self.deliver())
        self.table.customContextMenuRequested.connect(self._context_menu)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_box, self.filter_box.clear)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._fill([], {})

    def _fit_columns(self) -> None:
        """Widths from what the columns hold, the title taking the width left; long cells wrap and their row grows,
        so every column shown fits beside the details pane at 1280×800."""
        table, header = self.table, self.table.horizontalHeader()
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        widths = {KIND: text_width(table, "Team digest"), DELIVERY: text_width(table, ".eml written for", extra=20),
                  TEAM: text_width(table, "Leadership"), MADE_ON: text_width(table, format_date(date(2026, 12, 31)), "12:59 PM"),
                  BY: text_width(table, "Maren Oduya"), IDENTITIES: text_width(table, "Anonymous", "Identities")}
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        for column in IN_DETAILS_ONLY:
            table.setColumnHidden(column, True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)

    def _action(self, text: str, name: str, slot: Any, shortcut: str | None, tip: str) -> QAction:
        """An action for a button and the context menu; its shortcut works anywhere in the area."""
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- state -----------------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        self._database = database
        self.say("")
        self._update_actions()  # Make report… works at once, before the list has been read
        self.reload()

    def set_profile(self, profile: ProfileRow | None) -> None:
        self._profile = profile

    @property
    def database(self) -> Database | None:
        return self._database

    def actor(self) -> str:
        return self._profile.name if self._profile else "local user"

    def reload(self, select_id: int | None = None) -> None:
        """Read the reports again on a worker thread; ``loaded`` says when the table shows them."""
        from ui.reports.reading import load_reports

        keep = select_id if select_id is not None else self.selected_id()
        database = self._database
        if database is None:
            self.tasks.forget((self, "reload"))
            self._fill([], {})
            self.loaded.emit(0)
            return

        def done(result: tuple[list[ReportRow], dict[int, int]]) -> None:
            self._fill(*result)
            if (keep is None or not self.select_report(keep)) and self.proxy.rowCount():
                self._select_proxy_row(0)
            self._show_selected()
            self.loaded.emit(self.model.rowCount())

        def failed(error: BaseException) -> None:
            log.error("reading the reports failed: %r", error)
            self.say("The reports could not be read (details in the log file). Try View → Refresh.")
            self._fill([], {})
            self.loaded.emit(0)

        self.tasks.submit(lambda _control: load_reports(database), done, failed, latest=(self, "reload"))

    def _fill(self, rows: list[ReportRow], recipients: dict[int, int]) -> None:
        self.model.set_rows(rows, recipients)
        self._update_count()

    def _filter(self, text: str) -> None:
        keep = self.selected_id()
        self.proxy.set_text(text)
        self._update_count()
        if (keep is None or not self.select_report(keep)) and self.proxy.rowCount():
            self._select_proxy_row(0)
        self._show_selected()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"{shown} of {total} reports" if shown != total else
                                 f"{total} report{'s' if total != 1 else ''}")
        keys = self.make_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if self._database is None:
            self.empty_label.setText("No database is open. Use File → Open database… or File → Open demo "
                                     "program.")
        elif not total:
            self.empty_label.setText(f"No reports yet — Make report… ({keys}) turns an interview, a team's month "
                                     "or the monthly review into a Word document for its stakeholders.")
        else:
            self.empty_label.setText("No report matches these words. Press Esc in the filter box to clear it.")
        self.stack.setCurrentIndex(0 if shown else 1)
        self._update_actions()

    def _update_actions(self) -> None:
        has_db, has_row = self._database is not None, self.selected_id() is not None
        self.make_action.setEnabled(has_db)
        self.recipients_action.setEnabled(has_db)
        self.save_action.setEnabled(has_row)
        self.deliver_action.setEnabled(has_row)
        self.delete_action.setEnabled(has_row)

    def say(self, text: str) -> None:
        """A sentence in the fixed-height line above the table (errors and confirmations); empty clears it."""
        self.message.setText(text)
        self.message.setToolTip(text)

    # -- selection ---------------------------------------------------------------------------------------

    def selected(self) -> ReportRow | None:
        return SelectsById.selected(self)

    def select_report(self, report_id: int) -> bool:
        """Select the report with this id if the filters show it."""
        return self.select_id(report_id)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def _show_selected(self) -> None:
        from ui.reports.detail import detail_html
        from ui.reports.reading import load_details

        self._update_actions()
        report_id = self.selected_id()
        self.details = None
        if report_id is None or self._database is None:
            self.detail.setHtml("<p style='color: palette(placeholder-text)'>Select a report to see who it goes to "
                                "and how its delivery stands.</p>")
            return
        try:
            self.details = load_details(self._database, report_id)
        except Exception:  # a database error is shown as a sentence, the detail goes to the log
            log.exception("reading report %s failed", report_id)
            self.detail.setHtml("<p>This report could not be read (details in the log file).</p>")
            return
        self.detail.setHtml(detail_html(self.details))

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.deliver_action, self.save_action, None, self.make_action, None, self.delete_action):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # -- actions -----------------------------------------------------------------------------------------

    def make_report(self) -> MakeReportDialog | None:
        """Open the Make report dialog (window-modal); the new report is selected once made."""
        from ui.reports.make_dialog import MakeReportDialog

        if self._database is None:
            return None
        named = self._profile is not None and self._profile.role is Role.PROGRAM_OWNER
        dialog = MakeReportDialog(self._database, self.tasks, self.clock, self.actor(), self, named_buyers=named)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.made.connect(self._made)
        dialog.open()
        return dialog

    def _made(self, report_id: int) -> None:
        self.filter_box.clear()
        self.reload(select_id=report_id)
        self.made.emit(report_id)

    def save_as(self, path: Path | None = None) -> Path | None:
        """Write the selected report's .docx to ``path`` (asked for when not given); the path written, or None."""
        from ui.reports.reading import report_bytes
        from ui.save_docx import save_docx

        row = self.selected()
        if row is None or self._database is None:
            return None
        database = self._database
        try:
            written, sentence = save_docx(self, lambda: report_bytes(database, row.id), row.file_name, row.title, path)
        except ValueError as exc:  # LibraryError: a sentence
            written, sentence = None, str(exc)
        if sentence:
            self.say(sentence)
        return written

    def deliver(self) -> DeliverDialog | None:
        """Open the Deliver dialog for the selected report."""
        from ui.reports.deliver_dialog import DeliverDialog

        row = self.selected()
        if row is None or self._database is None:
            return None
        dialog = DeliverDialog(self._database, row, self.tasks, self.clock, self.settings, self.secrets, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.delivered.connect(lambda _result: self.reload(select_id=row.id))
        dialog.mail_settings_requested.connect(self.mail_settings)
        dialog.open()
        return dialog

    def delete_selected(self) -> bool:
        """Ask once, naming the report, then delete it and its document on a worker thread (its log stays)."""
        from interviewer.reporting.library import delete_report

        row = self.selected()
        if row is None or self._database is None or self.details is None:
            return False
        kept = len(self.details.log)
        box = QMessageBox(QMessageBox.Icon.Question, "Delete report?", f"Delete “{row.title}”?", parent=self)
        box.setObjectName("confirmDeleteReport")
        log_words = (f"Its {kept} delivery log lines stay." if kept > 1 else
                     "Its delivery log line stays." if kept else "It was never delivered.")
        box.setInformativeText(f"{KIND_WORDS.get(row.kind, row.kind.label)} made {format_datetime(row.created_at)} "
                               f"by {row.created_by or 'someone'}. Its Word document is deleted with it. {log_words}")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return False
        database, actor, title = self._database, self.actor(), row.title

        def work(_control: TaskControl) -> int:
            with database.sessions() as session, session.begin():
                return delete_report(session, row.id, actor=actor)

        def done(_kept: int) -> None:
            self.say(f"Deleted “{title}”.")
            self.reload()

        def failed(error: BaseException) -> None:
            log.error("deleting report %s failed: %r", row.id, error)
            self.say(str(error) if isinstance(error, ValueError) else
                     "The report could not be deleted (details in the log file). Try again.")

        self.tasks.submit(work, done, failed, title="Deleting the report")
        return True

    def manage_recipients(self) -> RecipientsDialog | None:
        """Open the Teams and recipients dialog."""
        from ui.reports.recipients_dialog import RecipientsDialog

        if self._database is None:
            return None
        dialog = RecipientsDialog(self._database, self.actor(), self, undo_stack=self.undo_stack,
                                  refresh=lambda: self.reload())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def mail_settings(self) -> MailSettingsDialog:
        """Open the Mail settings dialog (the SMTP server; its password only in the keyring)."""
        from ui.reports.smtp_dialog import MailSettingsDialog

        dialog = MailSettingsDialog(self.settings, self.secrets, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

