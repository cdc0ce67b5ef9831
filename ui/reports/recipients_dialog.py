"""Teams and recipients…: who receives each team's reports; add, change, deactivate or remove people."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.enums import Team

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from interviewer.db import Database
    from ui.undo import UndoStack
    from interviewer.reporting.recipients import RecipientRow

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole


class RecipientsDialog(QDialog):
    """The five teams on the left, the chosen team's recipients on the right, a form to add or change one."""

    def __init__(self, database: Database, actor: str, parent: QWidget | None = None, *,
                 undo_stack: UndoStack | None = None, refresh: Callable[[], object] | None = None) -> None:
        """``undo_stack`` takes an edited recipient so Edit → Undo can bring the old name and address back;
        ``refresh`` is called after every change (the area reads its reports again), also one undone once the
        dialog is closed."""
        super().__init__(parent)
        self.setObjectName("recipientsDialog")
        self.setWindowTitle("Teams and recipients")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._database, self._actor = database, actor
        self._undo_stack, self._refresh = undo_stack, refresh or (lambda: None)
        self.rows: list[RecipientRow] = []

        self.teams = QListWidget()
        self.teams.setObjectName("teamsList")
        self.teams.setAccessibleName("Teams")
        self.teams.setMaximumWidth(210)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("recipientsTable")
        self.table.setAccessibleName("Recipients of the team")
        self.table.setHorizontalHeaderLabels(["Name", "Email", "Active"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 170)
        self.empty_note = QLabel()
        self.empty_note.setObjectName("recipientsEmpty")
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("color: palette(placeholder-text)")

        self.name = QLineEdit()
        self.name.setObjectName("recipientName")
        self.name.setAccessibleName("Recipient name")
        self.name.setPlaceholderText("Ann Lee")
        self.email = QLineEdit()
        self.email.setObjectName("recipientEmail")
        self.email.setAccessibleName("Recipient email")
        self.email.setPlaceholderText("ann.lee@example.com")
        self.error_label = QLabel()
        self.error_label.setObjectName("recipientError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.hide()
        self.add_button = self._button("&Add", "addRecipient", "Add the person typed above to this team", self.add)
        self.save_button = self._button("Save &changes", "saveRecipient", "Rename the selected recipient or change "
                                        "their address", self.save_changes)
        self.active_button = self._button("&Deactivate", "toggleRecipient", "Stop sending them reports; their "
                                          "history is kept (Reactivate brings them back)", self.toggle_active)
        self.remove_button = self._button("&Remove…", "removeRecipient", "Forget them (the delivery log keeps "
                                          "the address)", self.remove_selected)

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Email:", self.email)
        actions = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.active_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addWidget(self.empty_note)
        right.addLayout(form)
        right.addWidget(self.error_label)
        right.addLayout(actions)
        body = QHBoxLayout()
        body.addWidget(self.teams)
        body.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each team's recipients receive its digests, the interview reports routed to it and "
                                "the monthly review."))
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

        self.teams.currentRowChanged.connect(lambda _row: self._show_team())
        self.table.itemSelectionChanged.connect(self._show_recipient)
        self.name.returnPressed.connect(self._enter)
        self.email.returnPressed.connect(self._enter)
        self._load_teams()
        self.teams.setCurrentRow(0)
        self.resize(820, 480)

    def _button(self, text: str, name: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # -- reading ---------------------------------------------------------------------------------------

    def _load_teams(self) -> None:
        from interviewer.reporting.recipients import list_teams

        current = self.team()
        with self._database.sessions() as session, session.begin():
            teams = list_teams(session)
        self.teams.blockSignals(True)
        self.teams.clear()
        for row in teams:
            extra = f", {row.inactive_recipients} inactive" if row.inactive_recipients else ""
            item = QListWidgetItem(f"{row.name} ({row.active_recipients}{extra})")
            item.setData(ID_ROLE, row.key.value)
            item.setToolTip(f"{row.active_recipients} receive its reports{extra}")
            self.teams.addItem(item)
        self.teams.blockSignals(False)
        if current is not None:
            self.select_team(current)

    def team(self) -> Team | None:
        item = self.teams.currentItem()
        return Team(item.data(ID_ROLE)) if item is not None else None

    def select_team(self, team: Team) -> None:
        for row in range(self.teams.count()):
            if self.teams.item(row).data(ID_ROLE) == team.value:
                self.teams.setCurrentRow(row)

    def _show_team(self) -> None:
        from interviewer.reporting.recipients import list_recipients

        team = self.team()
        if team is None:
            return
        with self._database.sessions() as session:
            self.rows = list_recipients(session, team)
        grey = QBrush(QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            cells = (row.name, row.email, "Yes" if row.active else "No — deactivated")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.id)
                if not row.active:
                    item.setForeground(grey)
                self.table.setItem(number, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.empty_note.setText(f"Nobody receives {team.label}'s reports yet: type a name and an address below "
                                "and press Add.")
        self.empty_note.setVisible(not self.rows)
        self._say("")
        self._show_recipient()

    def selected(self) -> RecipientRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def select_recipient(self, recipient_id: int) -> bool:
        for number, row in enumerate(self.rows):
            if row.id == recipient_id:
                self.table.selectRow(number)
                return True
        return False

    def _show_recipient(self) -> None:
        row = self.selected()
        if row is not None:
            self.name.setText(row.name)
            self.email.setText(row.email)
        self.save_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        self.active_button.setText("Re&activate" if row is not None and not row.active else "&Deactivate")

    # -- changes -----------------------------------------------------------------------------------------

    def _enter(self) -> None:
        """Enter in the form saves the selected person, or adds a new one when none is selected."""
        self.save_changes() if self.selected() is not None else self.add()

    def add(self) -> bool:
        """Add the typed name and email to the current team; a refused entry is explained under the form."""
        from interviewer.reporting.recipients import add_recipient

        team = self.team()
        if team is None:
            return False
        new_id = self._change(lambda session: add_recipient(session, team, self.name.text(), self.email.text(),
                                                            actor=self._actor))
        if new_id is None:
            return False
        self.table.clearSelection()
        self.name.clear()
        self.email.clear()
        self._say(f"Added to {team.label}.", error=False)
        self.name.setFocus()
        return True

    def save_changes(self) -> bool:
        """Save the typed name and address for the selected recipient, as a change Edit → Undo takes back."""
        from ui.undo import Command

        row = self.selected()
        if row is None:
            return False
        if (self.name.text().strip(), self.email.text().strip()) == (row.name, row.email):
            return True
        command = Command(f"edit of {row.name}", self._editing(row.id, self.name.text(), self.email.text()),
                          self._editing(row.id, row.name, row.email))
        done = self._run(lambda: self._undo_stack.do(command) if self._undo_stack is not None else command.do(),
                         refresh=False)  # the command reads the reports again itself, also when undone
        if done is not None:
            self.select_recipient(row.id)
        return done is not None

    def _editing(self, recipient_id: int, name: str, email: str) -> Callable[[], int]:
        """A change that gives the recipient this name and address in a transaction of its own."""
        from interviewer.reporting.recipients import update_recipient

        database, actor, refresh = self._database, self._actor, self._refresh

        def edit() -> int:
            with database.sessions() as session, session.begin():
                update_recipient(session, recipient_id, name=name, email=email, actor=actor)
            refresh()
            return recipient_id

        return edit

    def toggle_active(self) -> bool:
        from interviewer.reporting.recipients import set_active

        row = self.selected()
        if row is None:
            return False
        done = self._change(lambda session: set_active(session, row.id, not row.active, actor=self._actor) or row.id)
        if done is not None:
            self.select_recipient(row.id)
        return done is not None

    def remove_selected(self, confirm: bool = True) -> QMessageBox | bool:
        """Forget the selected recipient, after asking once (``confirm=False``: without asking)."""
        row = self.selected()
        if row is None:
            return False
        if not confirm:
            return self._remove(row)
        box = QMessageBox(QMessageBox.Icon.Question, "Remove recipient",
                          f"Remove {row.name} <{row.email}> from {row.team_name}? They stop receiving reports and "
                          "are forgotten; the delivery log keeps the address their reports went to.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmRemoveRecipient")
        box.setInformativeText("To stop their reports but keep them, use Deactivate instead.")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: result == QMessageBox.StandardButton.Yes and self._remove(row))
        box.open()
        return box

    def _remove(self, row: RecipientRow) -> bool:
        """Forget ``row``'s recipient, as a change Edit → Undo takes back (they are added again as they were)."""
        from interviewer.reporting.recipients import add_recipient, remove_recipient, set_active
        from ui.undo import Command

        database, actor, refresh = self._database, self._actor, self._refresh

        def remove() -> int:
            with database.sessions() as session, session.begin():
                remove_recipient(session, row.id, actor=actor)
            refresh()
            return row.id

        def put_back() -> None:
            with database.sessions() as session, session.begin():
                again = add_recipient(session, row.team, row.name, row.email, actor=actor)
                if not row.active:
                    set_active(session, again, False, actor=actor)
            refresh()

        command = Command(f"removal of {row.name}", remove, put_back)
        done = self._run(lambda: self._undo_stack.do(command) if self._undo_stack is not None else command.do(),
                         refresh=False)  # the command reads the reports again itself, also when undone
        if done is not None:
            self.name.clear()
            self.email.clear()
        return done is not None

    def _change(self, change: Callable[[Session], object]) -> int | None:
        """Run ``change(session)`` in a transaction; a refusal is shown under the form (None returned)."""

        def run() -> object:
            with self._database.sessions() as session, session.begin():
                return change(session)

        return self._run(run)

    def _run(self, action: Callable[[], object], *, refresh: bool = True) -> int | None:
        """Run a change and show the teams again (and ``refresh`` the area); a refusal is shown under the form
        (None returned)."""
        from interviewer.reporting.recipients import RecipientError

        try:
            result = action()
        except RecipientError as exc:
            self._say(str(exc))
            return None
        except Exception:  # words on screen, the detail in the log
            log.exception("changing recipients failed")
            self._say("The change could not be saved (details in the log file). Try again.")
            return None
        self._load_teams()
        self._show_team()
        if refresh:
            self._refresh()
        return int(result) if result is not None else 0

    def _say(self, text: str, *, error: bool = True) -> None:
        self.error_label.setText(text)
        self.error_label.setStyleSheet("color: #c62828" if error else "color: #2e7d32")
        self.error_label.setVisible(bool(text))
