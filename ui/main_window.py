"""The main window: navigation on the left, one area at a time, status bar with background work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QWidget,
)

from interviewer import APP_NAME, __version__
from interviewer.clock import Clock, SystemClock
from interviewer.enums import Role
from interviewer.config import demo_db_url, normalise_url
from interviewer.secrets import SecretStore
from ui.area import Area
from ui.areas import AREAS, AreaSpec
from ui.database_opener import DatabaseOpener, DemoBuilder, OpenedDatabase
from ui.settings import WindowSettings
from ui.tasks import Task, TaskRunner
from ui.undo import UndoStack

if TYPE_CHECKING:  # SQLAlchemy, and dialogs loaded when first opened
    from interviewer.profiles import ProfileRow
    from ui.candidates import CandidatesArea
    from ui.profile_dialog import Creator
    from ui.console.window import ConsoleWindow
    from ui.criteria.area import CriteriaArea
    from ui.dashboard.area import DashboardArea
    from ui.deals.area import DealsArea
    from ui.imports.area import ImportsArea
    from ui.imports.dialog import ImportDialog
    from ui.preferences import PreferencesDialog
    from ui.questions.area import QuestionsArea
    from ui.reports.area import ReportsArea
    from ui.review.area import ReviewArea
    from ui.schedule.area import ScheduleArea
    from ui.shortcuts_dialog import ShortcutsDialog

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """One window for the whole program; areas appear in the navigation only when they work."""

    profile_changed = Signal(object)
    """The person using the app changed (a ProfileRow, or None)."""

    def __init__(
        self,
        settings: WindowSettings,
        secrets: SecretStore,
        tasks: TaskRunner | None = None,
        log_path: Callable[[], object] | None = None,
        clock: Clock | None = None,
        demo: DemoBuilder | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.secrets = secrets
        self.tasks = tasks or TaskRunner(parent=self)
        self.clock = clock or SystemClock()
        self.undo_stack = UndoStack(self)
        self._log_path = log_path
        self.opened: OpenedDatabase | None = None
        self.profile: ProfileRow | None = None
        self.interactive = True
        """False for --screenshot and benchmarks: no dialog may wait for a person."""
        self._current_task: Task | None = None
        self.consoles: dict[int, ConsoleWindow] = {}
        """Open live consoles by interview id (windows of their own: they outlive this one until closed)."""
        self.resume_box: QMessageBox | None = None
        self._offered_resume: set[tuple[str, int]] = set()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(720, 480))

        self._specs: dict[str, AreaSpec] = {spec.key: spec for spec in AREAS}
        self._built: dict[str, Area] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Areas")
        self.nav.setMaximumWidth(180)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 5px 8px; }")
        self.stack = QStackedWidget()
        for position, spec in enumerate(AREAS):
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} (Ctrl+{position + 1})")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the area the first time it is shown
        self.area("deals")  # shown first: its rows are read as soon as a database opens
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.currentRowChanged.connect(self._remember_area)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("mainSplitter")
        body.addWidget(self.nav)
        body.addWidget(self.stack)
        body.setStretchFactor(1, 1)
        body.setSizes([150, 1100])
        body.setContentsMargins(6, 6, 6, 0)
        self.setCentralWidget(body)

        self.database_label = QLabel("No database open")
        self.database_label.setObjectName("databaseLabel")
        self.database_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long URL is clipped, never widens the window
        self.profile_label = QLabel()
        self.profile_label.setObjectName("profileLabel")
        self.profile_label.setToolTip("Who you are in this program (File → Switch profile…)")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogCancelButton))
        self.cancel_button.setToolTip("Cancel this work")
        self.cancel_button.setAccessibleName("Cancel background work")
        self.cancel_button.clicked.connect(self._cancel_task)
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addWidget(self.profile_label)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            self.statusBar().addPermanentWidget(widget)
            widget.hide()

        self.opener = DatabaseOpener(self.tasks, secrets, self.clock, demo, self)
        self.opener.opened.connect(self._on_opened)
        self.opener.failed.connect(self._on_open_failed)
        self.opener.password_needed.connect(self._ask_password)
        self.tasks.started.connect(self._track_task)
        self._build_menus()
        self._restore()

    # -- menus ------------------------------------------------------------------

    def _build_menus(self) -> None:
        icons = self.style()
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open database…", self.choose_database, QKeySequence.StandardKey.Open,
                     icons.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self._action(file_menu, "&New database…", self.create_database, QKeySequence.StandardKey.New,
                     icons.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self._action(file_menu, "Connect to &server…", self.connect_server)
        self._action(file_menu, "Open &demo program", self.open_demo).setVisible(self.opener.demo is not None)
        file_menu.addSeparator()
        self.import_action = self._action(file_menu, "&Import deals…", self.import_deals, QKeySequence("Ctrl+I"))
        file_menu.addSeparator()
        self._action(file_menu, "Switch &profile…", self.choose_profile)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence("Ctrl+Q"))  # Ctrl+Q on every platform (UX.md)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit_menu, "&Undo", self._undo, QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("undo")  # its words change with what it would take back
        self.undo_stack.changed.connect(self._show_undo)
        self._show_undo()
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find…", self._find, QKeySequence.StandardKey.Find)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Preferences…", self.show_preferences, QKeySequence("Ctrl+,"))

        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Refresh", self.refresh, QKeySequence.StandardKey.Refresh)
        view_menu.addSeparator()
        self.area_actions: dict[str, QAction] = {}
        for position, spec in enumerate(AREAS):
            self.area_actions[spec.key] = self._action(view_menu, spec.title, lambda k=spec.key: self.show_area(k),
                                                       QKeySequence(f"Ctrl+{position + 1}"))

        program_menu = self.menuBar().addMenu("&Program")
        self.program_menu = program_menu
        self.program_actions = [
            self._action(program_menu, "&Teams and recipients…", lambda: self.reports.manage_recipients()),
            self._action(program_menu, "&Mail settings…", lambda: self.show_preferences("Mail")),
        ]

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, QKeySequence("F1"))
        help_menu.addSeparator()
        self._action(help_menu, "&About Win-Loss Studio", self.show_about)

    def _action(self, menu: object, text: str, slot: Callable[[], object], shortcut: object = None, icon: object = None) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)  # type: ignore[arg-type]
        if shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({action.shortcut().toString()})")
        action.triggered.connect(lambda _checked=False: slot())  # never hand `checked` to the slot
        menu.addAction(action)
        return action

    def import_deals(self) -> ImportDialog | None:
        """Ask for one or more CRM exports (deals, accounts, contacts in any order) and open the import dialog on them."""
        from ui.imports.dialog import ImportDialog

        if self.opened is None:
            self.statusBar().showMessage("Open a database first (File → Open database…).", 8000)
            return None
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Import deals", "", "CRM exports (*.csv *.txt *.tsv *.xlsx);;All files (*)"
        )
        if not chosen:
            return None
        dialog = ImportDialog(self.opened.database, self.tasks, [Path(name) for name in chosen],
                              self.opened.context.actor, self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, summary: object) -> None:
        self.deals.reload()
        self.imports.reload()
        self.imports.select_batch(summary.files[-1].result.batch)  # type: ignore[attr-defined]

    def _show_undo(self) -> None:
        text = self.undo_stack.text
        self.undo_action.setEnabled(text is not None)
        self.undo_action.setText(f"&Undo {text}" if text else "&Undo")

    def _undo(self) -> None:
        text = self.undo_stack.text
        try:
            command = self.undo_stack.undo()
        except Exception as exc:  # noqa: BLE001 - a refusal (the data moved on since) is said, never raised
            log.warning("could not undo %s: %r", text, exc)
            self.statusBar().showMessage(f"Could not undo the {text}: {exc}", 15000)
            return
        if command is not None:
            self.statusBar().showMessage(f"Undone: {command.text}.", 8000)

    def refresh(self) -> None:
        """Read the open database again (after changes made elsewhere, e.g. by a colleague)."""
        for key, area in self._built.items():
            if self.opened is not None or self._specs[key].reader:
                area.refresh()

    def _find(self) -> None:
        current = self.current_area()
        if current in ("questions", "reports"):
            getattr(self, current).focus_filter()
            return
        self.nav.setCurrentRow(0)
        self.deals.focus_filter()

    # -- areas ------------------------------------------------------------------------------

    def area(self, key: str) -> Area:
        """The area called ``key``, built (and given the open database and profile) the first time it is asked for."""
        built = self._built.get(key)
        if built is not None:
            return built
        spec = self._specs[key]
        area = spec.build(self)
        area.undo_stack = self.undo_stack
        self._built[key] = area
        index = list(self._specs).index(key)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, area)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        area.restore_state(self.settings.area_state(key))
        self._attach(spec, area)
        return area

    def built(self, key: str) -> bool:
        """Whether the area has been built (it is shown, or was)."""
        return key in self._built

    def current_area(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _attach(self, spec: AreaSpec, area: Area) -> None:
        """Give an area the open database (or its reader) and the profile."""
        if spec.reader:
            area.set_reader(getattr(self.opened, spec.key) if self.opened else None)  # type: ignore[attr-defined]
            return
        area.set_database(self.opened.database if self.opened else None)
        area.set_profile(self.profile)

    def _show_row(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self.area(item.data(Qt.ItemDataRole.UserRole))
        self.stack.setCurrentIndex(row)

    @property
    def deals(self) -> DealsArea:
        return cast("DealsArea", self.area("deals"))

    @property
    def criteria(self) -> CriteriaArea:
        return cast("CriteriaArea", self.area("criteria"))

    @property
    def candidates(self) -> CandidatesArea:
        return cast("CandidatesArea", self.area("candidates"))

    @property
    def schedule(self) -> ScheduleArea:
        return cast("ScheduleArea", self.area("schedule"))

    @property
    def questions(self) -> QuestionsArea:
        return cast("QuestionsArea", self.area("questions"))

    @property
    def reports(self) -> ReportsArea:
        return cast("ReportsArea", self.area("reports"))

    @property
    def dashboard(self) -> DashboardArea:
        return cast("DashboardArea", self.area("dashboard"))

    @property
    def review(self) -> ReviewArea:
        return cast("ReviewArea", self.area("review"))

    @property
    def imports(self) -> ImportsArea:
        return cast("ImportsArea", self.area("imports"))

    # -- opening databases ----------------------------------------------------------

    def open_database(self, url: str, *, demo: bool = False, password: str | None = None) -> Task:
        """Open ``url`` in the background; the window stays usable meanwhile."""
        self.database_label.setText("Opening the database…")
        return self.opener.open(normalise_url(url), demo=demo, password=password)

    def open_demo(self) -> None:
        self.open_database(demo_db_url(), demo=True)

    def choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open database", "", "Win-Loss Studio databases (*.sqlite *.db);;All files (*)")
        if path:
            self.open_database(normalise_url(path))

    def create_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New database", "program.sqlite", "Win-Loss Studio databases (*.sqlite)")
        if path:
            self.open_database(normalise_url(path))

    def connect_server(self) -> None:
        url, ok = QInputDialog.getText(
            self,
            "Connect to a PostgreSQL server",
            "Server URL (the password is asked for next and kept in the system keyring):",
            QLineEdit.EchoMode.Normal,
            "postgresql://user@host:5432/winloss",
        )
        if ok and url.strip():
            self.open_database(self._store_password(normalise_url(url)))

    def _store_password(self, url: str) -> str:
        """Move a password typed into the URL to the keyring; the URL kept has none."""
        from sqlalchemy.engine import make_url

        from interviewer.db import database_key

        parsed = make_url(url)
        if parsed.password is None:
            return url
        self.secrets.set(database_key(parsed), str(parsed.password))
        return parsed.set(password=None).render_as_string(hide_password=False)

    def _ask_password(self, url: str, reason: str) -> None:
        from sqlalchemy.engine import make_url

        from interviewer.db import database_key

        note = "" if self.secrets.available else f"\n\n{self.secrets.unavailable_message()}"
        password, ok = QInputDialog.getText(self, "Database password", f"{reason}\nPassword:{note}", QLineEdit.EchoMode.Password)
        if ok:
            self.secrets.set(database_key(make_url(url)), password)
            self.open_database(url, password=password)
        else:
            self._on_open_failed(url, "No password was given, so the database was not opened.")

    def _on_opened(self, opened: OpenedDatabase) -> None:
        if self.opened is not None:
            self.opened.database.close()
        self.opened = opened
        self.undo_stack.clear()
        database = opened.database
        self.database_label.setText(f"Database: {database.label}")
        self.database_label.setToolTip(database.label)
        self.setWindowTitle(f"{APP_NAME} — {database.label}")
        self.settings.last_database = database.url.set(password=None).render_as_string(hide_password=False)
        for key, area in self._built.items():
            if self._specs[key].reader:
                self._attach(self._specs[key], area)
            else:
                area.set_database(database)
        self._restore_profile()
        if opened.built_demo:
            self.statusBar().showMessage(f"Demo program built: {opened.built_demo}", 10000)
        if database.backup_path:
            self.statusBar().showMessage(f"Database upgraded; the previous version was copied to {database.backup_path}", 15000)

    # -- profiles ------------------------------------------------------------------------

    def _profile_key(self) -> str:
        assert self.opened is not None
        return self.opened.database.url.set(password=None).render_as_string(hide_password=False)

    def _restore_profile(self) -> None:
        """Use the profile last used with this database; otherwise ask (or, without a person, pick the owner)."""
        from interviewer.profiles import get_profile, list_profiles

        self._set_profile(None)
        with self.opened.database.sessions() as session:  # type: ignore[union-attr]
            saved = self.settings.profile_for(self._profile_key())
            profile = get_profile(session, saved) if saved is not None else None
            profiles = list_profiles(session)
        if profile is not None:
            self._set_profile(profile)
        elif self.interactive:
            self.choose_profile()
        elif profiles:
            owners = [p for p in profiles if p.role is Role.PROGRAM_OWNER]
            self._set_profile((owners or profiles)[0])

    def _profile_choice(self) -> tuple[list[ProfileRow], Creator]:
        """The open database's profiles, and how to create one there."""
        from interviewer.profiles import create_profile, list_profiles

        assert self.opened is not None
        database = self.opened.database

        def create(name: str, email: str | None, role: Role) -> ProfileRow:
            with database.sessions() as session, session.begin():
                return create_profile(session, name, email, role, actor=name.strip() or "local user")

        with database.sessions() as session:
            return list_profiles(session), create

    def choose_profile(self) -> None:
        """Ask who is using the app (a window-modal dialog; the window keeps painting)."""
        from ui.profile_dialog import ProfileDialog

        if self.opened is None:
            return
        dialog = ProfileDialog(*self._profile_choice(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_profile(dialog.chosen, remember=True))
        dialog.open()

    def _set_profile(self, profile: ProfileRow | None, remember: bool = False) -> None:
        self.profile = profile
        if self.opened is not None:
            self.opened.context.actor = profile.name if profile else "local user"
            if profile is not None and remember:
                self.settings.set_profile_for(self._profile_key(), profile.id)
        self.profile_label.setText(profile.label if profile else "No profile")
        for key, area in self._built.items():
            if not self._specs[key].reader:
                area.set_profile(profile)
        self._apply_role(profile.role if profile else None)
        self.profile_changed.emit(profile)
        self.offer_resume()

    # -- live calls --------------------------------------------------------------------------

    def open_console(self, interview_id: int) -> ConsoleWindow:
        """The live console for an interview, in a window of its own (the one already open, if any)."""
        from ui.console.window import open_console

        assert self.opened is not None
        console = self.consoles.get(interview_id)
        if console is not None:
            console.show()
            console.raise_()
            console.activateWindow()
            return console
        console = open_console(None, self.opened.database, interview_id, actor=self.opened.context.actor,
                               clock=self.clock)
        self.consoles[interview_id] = console
        console.destroyed.connect(lambda _obj=None, i=interview_id: self.consoles.pop(i, None))
        return console

    def offer_resume(self) -> QMessageBox | None:
        """After a database opens (or the profile changes): offer, without blocking, to resume an interrupted call."""
        from interviewer.console.timers import clock_text
        from ui.console.resume import calls_to_resume

        if self.opened is None or self.profile is None or not self.interactive:
            return None
        with self.opened.database.sessions() as session:
            waiting = [call for call in calls_to_resume(session, self.profile)
                       if call[0] not in self.consoles and (self._profile_key(), call[0]) not in self._offered_resume]
        if not waiting:
            return None
        interview_id, who, elapsed = waiting[0]
        self._offered_resume.add((self._profile_key(), interview_id))
        box = QMessageBox(QMessageBox.Icon.Question, "Resume the call?",
                          f"A call with {who} was interrupted at {clock_text(elapsed)}. Resume it?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("resumeCall")
        box.setInformativeText("Every note, quote and tag saved is kept; the timers carry on from where they stopped.")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._resume_answered(result, interview_id))
        box.open()
        self.resume_box = box
        return box

    def _resume_answered(self, result: int, interview_id: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            self.open_console(interview_id)

    def _apply_role(self, role: Role | None) -> None:
        """An interviewer sees only the Schedule area, holding their own interviews: no deals, no criteria."""
        hidden = {spec.key for spec in AREAS if not spec.interviewers} if role is Role.INTERVIEWER else set()
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(key in hidden)
            self.area_actions[key].setVisible(key not in hidden)
        self.program_menu.menuAction().setVisible(role is not Role.INTERVIEWER)  # teams and mail: not for interviewers
        current = self.nav.currentItem()
        if current is None or current.isHidden():
            self.show_area("schedule" if role is Role.INTERVIEWER else "deals")

    def _on_open_failed(self, url: str, message: str) -> None:
        log.warning("could not open %s: %s", url, message)
        if self.opened is None:
            self.database_label.setText("No database open")
            for key, area in self._built.items():
                self._attach(self._specs[key], area)
        else:
            self.database_label.setText(f"Database: {self.opened.database.label}")
        self.statusBar().showMessage(message, 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open the database", message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("openFailedMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- background work in the status bar ----------------------------------------------

    def _track_task(self, task: Task) -> None:
        self._current_task = task
        self.progress_label.setText(task.title or "")
        self.progress.setRange(0, 0)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.show()
        task.progressed.connect(self._show_progress)
        task.finished.connect(lambda: self._task_finished(task))

    def _show_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        if total:
            self.progress.setValue(done)
        self.progress_label.setText(message)

    def _task_finished(self, task: Task) -> None:
        if task is self._current_task:
            self._current_task = None
            for widget in (self.progress_label, self.progress, self.cancel_button):
                widget.hide()

    def _cancel_task(self) -> None:
        if self._current_task is not None:
            self._current_task.cancel()
            self.progress_label.setText("Cancelling…")

    # -- preferences, shortcuts, about, persistence ------------------------------------------

    def show_preferences(self, page: str | None = None) -> PreferencesDialog:
        """Edit → Preferences… (window-modal): mail and currency rates only for roles that send reports."""
        from interviewer.config import data_dir
        from ui.preferences import PAGES, PreferencesDialog

        profiles, create = self._profile_choice() if self.opened is not None else ([], None)
        hidden = {"Mail", "Currency rates"} if self.profile is not None and self.profile.role is Role.INTERVIEWER else set()
        dialog = PreferencesDialog(self.settings, self.secrets, data_dir(), profiles=profiles, create=create,
                                   current=self.profile, pages=[p for p in PAGES if p not in hidden], parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.profile_chosen.connect(lambda profile: self._set_profile(profile, remember=True))
        dialog.saved.connect(lambda: self.statusBar().showMessage("Preferences saved.", 5000))
        if page is not None:
            dialog.show_page(page)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help → Keyboard shortcuts: the menus', each area's this profile sees, and the live console's."""
        from ui.shortcuts_dialog import ShortcutsDialog, console_shortcuts, window_shortcuts

        areas = [(self._specs[key].title, self.area(key)) for key in self._specs if self.area_actions[key].isVisible()]
        dialog = ShortcutsDialog(window_shortcuts(self, areas) + console_shortcuts(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- about, persistence ---------------------------------------------------------------

    def show_about(self) -> None:
        database = self.opened.database.label if self.opened else "none open"
        log_file = self._log_path() if self._log_path else "not written"
        keyring = "system keyring" if self.secrets.available else "no system keyring (passwords are asked once per session)"
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br><br>Database: {database}<br>Log file: {log_file}<br>Passwords: {keyring}",
        )

    def _remember_area(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self.settings.last_area = item.data(Qt.ItemDataRole.UserRole)

    def show_area(self, name: str) -> bool:
        """Switch to the area called ``name`` (its key or title, any case), if this profile may see it."""
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if name.lower() in (item.data(Qt.ItemDataRole.UserRole), item.text().lower()) and not item.isHidden():
                self.nav.setCurrentRow(row)
                return True
        return False

    def _restore(self) -> None:
        if self.settings.display_zone:
            from ui.preferences import use_display_zone

            use_display_zone(self.settings.display_zone)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        else:
            self.resize(1280, 800)
        if self.settings.window_state is not None:
            self.restoreState(self.settings.window_state)
        if not self.show_area(self.settings.last_area or "deals"):
            self.nav.setCurrentRow(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        for console in list(self.consoles.values()):  # quitting closes the calls too (each stays resumable)
            console.close_now()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        for key, area in self._built.items():
            self.settings.save_area_state(key, area.save_state())
        self.settings.sync()
        if self._current_task is not None:
            self._current_task.cancel()
        self.tasks.wait(10_000)
        if self.opened is not None:
            self.opened.database.close()
        super().closeEvent(event)
