"""The live interview console: the question large, timers and pace, notes, quotes and tags — by keyboard.

Never lose a word: notes are queued for saving 0.4 s after the first unsaved keystroke (and at every
question change, pause, end and close); every write goes through one background worker in order
(``CallSaver``), so the window never waits for the database; failed writes are retried with a red line
on screen, and a note someone else saved meanwhile opens the conflict panel with both texts.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interviewer.clock import Clock, SystemClock
from interviewer.console import calls
from interviewer.console.calls import INTRO, WRAP, Call, CallError, NoteConflict, NoteKey
from interviewer.console.pace import Pace, PaceState
from interviewer.console.state import (
    RESUMED,
    CallState,
    Stage,
    StateError,
    Unanswered,
    end_question,
    pace_words,
    unanswered,
)
from interviewer.console.timers import clock_text
from interviewer.enums import GuideItemState, InterviewStatus, Phase
from interviewer.enums import Outcome, RepReason
from ui.console.conflict import ConflictPanel, merged
from ui.console.help_overlay import HelpOverlay
from ui.console.item_list import ITEM_ROLE, GuideList
from ui.console.keys import COMMANDS, TAGS, help_rows, keys_text, tag_keys
from interviewer.console.live import ASKED_AFTER_SECONDS, LiveCall
from ui.console.pace_bar import PACE_COLOURS, PaceBar, clock
from ui.console.saver import CallSaver
from ui.format import OUTCOME_COLOURS
from ui.settings import WindowSettings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from interviewer.db import Database

log = logging.getLogger(__name__)

TICK_MS = 250
NOTE_SAVE_MS = 400
PROGRESS_EVERY = 5.0
"""Seconds of call time between progress saves while the call runs."""
AD_HOC_SECONDS = 120
CLOSE_WAIT = 5.0
QUIT_WAIT = 1.0
"""Seconds closing waits for the database: a person closing the console can wait; quitting the app cannot."""
DEFAULT_SIZE = QSize(1240, 760)
FRAME_ALLOWANCE = QSize(16, 48)
"""Room kept for the window manager's frame and title bar before the window is shown (when Qt cannot know it)."""
REASONS = TAGS
ERROR_STYLE = "color: #c62828; font-weight: 600;"
QUIET_STYLE = "color: palette(placeholder-text);"
NO_CONSENT = ("Notes, quotes and tags are off until the buyer agrees to the interview and to notes being taken: "
              "tick Consent (Alt+C, or Space on it).")
__all__ = ["RESUMED", "ConsoleWindow", "open_console", "run_console"]


@dataclass
class _Ref:
    """The id of a quote or tag, filled in on the worker when it is written (a later delete reads it there)."""

    id: int | None = None

    def set(self, value: int) -> int:
        self.id = value
        return value


@dataclass
class _Entry:
    ref: _Ref
    item_id: int | None
    offset: float
    text: str = ""
    reason: RepReason | None = None


def _scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``font`` made ``factor`` times larger (and bold): the console reads from a distance."""
    scaled = QFont(font)
    scaled.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    scaled.setBold(bold)
    return scaled


def open_console(parent: QWidget | None, database: Database, interview_id: int, *, actor: str,
                 clock: Clock) -> ConsoleWindow:
    """Open (non-modal, deleted on close) and return the console for an interview."""
    window = ConsoleWindow(database, interview_id, actor=actor, clock=clock, parent=parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def run_console(url: str, interview_id: int, actor: str = "local user") -> int:
    """Open the database at ``url`` and run the console for one interview until it is closed (exit code)."""
    from interviewer.db import DatabaseError, open_database

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        database = open_database(url)
    except DatabaseError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    window = ConsoleWindow(database, interview_id, actor=actor, clock=SystemClock())
    window.show()
    try:
        return app.exec()
    finally:
        database.close()


class ConsoleWindow(QMainWindow):
    """One interview's call, in a window of its own (it can live on a second screen)."""

    def __init__(self, database: Database, interview_id: int, *, actor: str, clock: Clock,
                 monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None,
                 settings: WindowSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console")
        self.database = database
        self.interview_id = interview_id
        self._actor = actor
        self._clock = clock
        self._monotonic = monotonic
        self.saver = CallSaver(database, self)
        self.saver.failing.connect(self._show_save_error)
        self.saver.recovered.connect(lambda: self._show_save_error(""))
        self.live: LiveCall | None = None
        self.wrapup: QWidget | None = None
        self.state = CallState()
        self.end_box: QMessageBox | None = None
        self._loading = False
        self._closing_anyway = False
        self._close_timeout = CLOSE_WAIT
        self._last_progress = 0.0
        self._texts: dict[NoteKey, str] = {}
        self._queued: dict[NoteKey, str] = {}
        self._versions: dict[NoteKey, int | None] = {}
        """The version each note was last saved at; read and written on the worker only."""
        self._held: set[NoteKey] = set()
        """Notes in conflict: the worker does not save them until the interviewer chooses (worker only)."""
        self._quotes: list[_Entry] = []
        self._tags: list[_Entry] = []
        self._pace_state: PaceState | None = None
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(NOTE_SAVE_MS)
        self._throttle.timeout.connect(self._save_note_now)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._build()
        self._bind_keys()
        self._settings = settings or WindowSettings()
        self._restore_layout()
        try:
            with database.sessions() as session:
                call = calls.load_call(session, interview_id)
        except CallError as exc:
            self._refuse(str(exc))
            return
        self._load(call)
        self._timer.start()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(max(fixed.pointSizeF(), 10) * 1.45)
        self.header = QLabel()
        self.header.setObjectName("consoleHeader")
        self.header.setFont(_scaled(self.font(), 1.3))
        self.header.setWordWrap(True)
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.overall = QLabel("00:00 / 00:00")
        self.overall.setObjectName("overallTimer")
        self.overall.setFont(fixed)
        self.overall.setToolTip("Call time / planned end")
        self.pace_bar = PaceBar()
        self.pace_text = QLabel()
        self.pace_text.setObjectName("paceText")
        self.pace_text.setStyleSheet("font-weight: 600;")
        self.drop_text = QLabel()
        self.drop_text.setObjectName("dropText")
        self.drop_text.setWordWrap(True)
        self.drop_button = QPushButton("Drop them")
        self.drop_button.setObjectName("dropSuggested")
        self.paused = QLabel()
        self.paused.setObjectName("pausedLabel")
        self.paused.setStyleSheet("font-weight: 600;")
        self.number = QLabel()
        self.number.setObjectName("questionNumber")
        self.number.setFont(fixed)
        self.item_timer = QLabel("00:00 / 00:00")
        self.item_timer.setObjectName("questionTimer")
        self.item_timer.setFont(fixed)
        self.item_timer.setToolTip("Time on this question / planned")
        self.top_bar = QWidget()
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.overall)
        top.addSpacing(12)
        top.addWidget(self.pace_bar, 2)
        top.addWidget(self.pace_text)
        top.addStretch(1)
        top.addWidget(self.number)
        top.addSpacing(12)
        top.addWidget(self.item_timer)

        self.guide = GuideList()
        self.guide.itemActivated.connect(lambda row, _col: self.go_to(row.data(0, ITEM_ROLE)))
        self.consent = QCheckBox("&Consent: the buyer agreed to the interview and to notes being taken")
        self.consent.setObjectName("consent")
        self.consent.setToolTip("Tick when the buyer agrees (Alt+C, or Space here); ticking starts the call and timers")
        self.consent.toggled.connect(self._consent_toggled)
        self.consent_hint = QLabel(NO_CONSENT)
        self.consent_hint.setObjectName("consentHint")
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setStyleSheet("color: #b26a00;")
        self.question = QLabel()
        self.question.setObjectName("questionText")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question.setFont(_scaled(self.font(), 2.0, bold=True))
        self.question.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.question.setMinimumWidth(200)
        self.probes = QLabel()
        self.probes.setObjectName("probes")
        self.probes.setWordWrap(True)
        self.probes.setFont(_scaled(self.font(), 1.25))
        self.purpose = QLabel()
        self.purpose.setObjectName("purpose")
        self.purpose.setWordWrap(True)
        self.purpose.setStyleSheet(QUIET_STYLE)
        self.ad_hoc = QLineEdit()
        self.ad_hoc.setObjectName("adHocField")
        self.ad_hoc.setAccessibleName("Question to add after this one")
        self.ad_hoc.setPlaceholderText("The question to add after this one — Enter adds it, Esc cancels")
        self.ad_hoc.returnPressed.connect(self._add_question)
        self.ad_hoc.hide()
        self.conflict = ConflictPanel()
        self.conflict.chosen.connect(self._resolve_conflict)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName("Notes for this question")
        self.notes.setFont(_scaled(self.font(), 1.25))
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._notes_changed)
        self.quote_field = QLineEdit()
        self.quote_field.setObjectName("quoteField")
        self.quote_field.setAccessibleName("The buyer's exact words")
        self.quote_field.setPlaceholderText("“The buyer's exact words” — Enter keeps them as a quote")
        self.quote_field.returnPressed.connect(self._quote_field_entered)
        self.quote_button = QPushButton("Quote")
        self.quote_button.setObjectName("addQuote")
        self.quote_button.clicked.connect(self._quote_field_entered)
        self.quotes = QListWidget()
        self.quotes.setObjectName("quotes")
        self.quotes.setAccessibleName("Quotes of this question")
        self.quotes.setMaximumHeight(96)
        self.quotes.setWordWrap(True)
        self.tags = QLabel()
        self.tags.setObjectName("tags")
        self.tags.setTextFormat(Qt.TextFormat.RichText)
        self.tags.setAccessibleName("Reason tags of this question")
        self.legend = QLabel("   ".join(f"<b>{n}</b> {escape(r.label)}" for n, r in enumerate(REASONS, 1)))
        self.legend.setObjectName("tagLegend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(QUIET_STYLE)
        last = len(REASONS)
        self.legend.setToolTip(f"Outside text fields press 1–{last} (Alt+1–{last} anywhere) to tag this question; "
                               "again removes it")
        self.message = QLabel()
        self.message.setObjectName("consoleMessage")
        self.message.setWordWrap(True)
        self.save_error = QLabel()
        self.save_error.setObjectName("saveError")
        self.save_error.setStyleSheet(ERROR_STYLE)
        self.save_error.hide()

        quote_row = QHBoxLayout()
        quote_row.addWidget(self.quote_field, 1)
        quote_row.addWidget(self.quote_button)
        tag_row = QHBoxLayout()
        tag_caption = QLabel("Tags:")
        tag_row.addWidget(tag_caption)
        tag_row.addWidget(self.tags, 1)
        self.buttons = QHBoxLayout()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 4, 4, 4)
        right_layout.addWidget(self.consent)
        right_layout.addWidget(self.consent_hint)
        right_layout.addSpacing(6)
        right_layout.addWidget(self.question)
        right_layout.addWidget(self.probes)
        right_layout.addWidget(self.purpose)
        right_layout.addWidget(self.ad_hoc)
        right_layout.addWidget(self.conflict, 2)
        right_layout.addWidget(self.notes, 3)
        right_layout.addLayout(quote_row)
        right_layout.addWidget(self.quotes)
        right_layout.addLayout(tag_row)
        right_layout.addWidget(self.legend)
        right_layout.addWidget(self.save_error)
        right_layout.addWidget(self.message)
        right_layout.addLayout(self.buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("consoleSplitter")
        self.splitter.addWidget(self.guide)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 900])
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        self.refused = QLabel()
        self.refused.setObjectName("consoleRefused")
        self.refused.setWordWrap(True)
        self.refused.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refused.setFont(_scaled(self.font(), 1.4))
        self.refused.hide()
        second = QHBoxLayout()
        second.addWidget(self.paused)
        second.addSpacing(12)
        second.addWidget(self.drop_text, 1)
        second.addWidget(self.drop_button)
        layout.addWidget(self.header)
        layout.addWidget(self.top_bar)
        layout.addLayout(second)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.refused, 1)
        self.setCentralWidget(self.body)
        for field in (self.notes, self.quote_field, self.ad_hoc):
            field.installEventFilter(self)

    def _bind_keys(self) -> None:
        """Every command of the keys table as an action; buttons and the help overlay read them from here."""
        self.actions_by_name: dict[str, QAction] = {}
        slots: dict[str, Callable[[], Any]] = {
            "next": self.next_question, "previous": self.previous_question, "skip": self.skip_question,
            "pause": self.toggle_pause, "add": self.start_adding, "quote": self.quote_selection,
            "drop": self.drop_suggested, "notes": lambda: self._focus(self.notes),
            "quoteField": lambda: self._focus(self.quote_field), "guide": lambda: self._focus(self.guide),
            "end": self.end_call, "close": self.close, "help": self.toggle_help,
        }
        self._command_keys: set[QKeyCombination] = set()
        for command in COMMANDS:
            action = QAction(command.text, self)
            action.setShortcuts([QKeySequence(k) for k in command.keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(f"{command.text} ({keys_text(command.keys)})")
            action.triggered.connect(lambda _checked=False, s=slots[command.name]: s())
            self.addAction(action)
            self.actions_by_name[command.name] = action
            self._command_keys.update(QKeySequence(k)[0] for k in command.keys if "Ctrl" in k or "Alt" in k)
        for number, reason in enumerate(REASONS, 1):
            action = QAction(f"Tag: {reason.label}", self)
            action.setShortcuts([QKeySequence(k) for k in tag_keys(number)])
            action.triggered.connect(lambda _checked=False, n=number: self.toggle_tag(n))
            self.addAction(action)
            self._command_keys.add(QKeySequence(tag_keys(number)[1])[0])
        self.drop_button.clicked.connect(self.drop_suggested)
        self.command_buttons: dict[str, QPushButton] = {}
        self.drop_button.setToolTip(self.actions_by_name["drop"].toolTip())
        for name, caption, object_name in (("previous", "◀ Previous", "previousQuestion"),
                                           ("next", "Next ▶", "nextQuestion"), ("skip", "Skip ↷", "skipQuestion"),
                                           ("add", "Add question…", "addQuestion"), ("pause", "Pause", "pauseCall"),
                                           ("help", "Keys…", "showKeys"), ("end", "End call…", "endCall")):
            button = QPushButton(caption)
            button.setObjectName(object_name)
            button.setToolTip(self.actions_by_name[name].toolTip())
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(self.actions_by_name[name].trigger)
            if name == "help":
                self.buttons.addStretch(1)
            self.buttons.addWidget(button)
            self.command_buttons[name] = button
        self.reopen_button = QPushButton("Reopen for edits")
        self.reopen_button.setObjectName("reopenCall")
        self.reopen_button.setToolTip("Change the notes, quotes and tags of this wrapped-up call (the audit log "
                                      "records it)")
        self.reopen_button.clicked.connect(self.reopen)
        self.done_button = QPushButton("Done editing")
        self.done_button.setObjectName("doneEditing")
        self.done_button.setToolTip("Make the call read-only again")
        self.done_button.clicked.connect(self.done_editing)
        for button in (self.reopen_button, self.done_button):
            button.hide()
            self.buttons.addWidget(button)
        self.pause_button = self.command_buttons["pause"]
        self.end_button = self.command_buttons["end"]
        self.help = HelpOverlay(help_rows(), self.body)

    # -- loading -----------------------------------------------------------------------------------

    def _refuse(self, text: str) -> None:
        for part in (self.header, self.top_bar, self.splitter):
            part.hide()
        self.refused.setText(text)
        self.refused.show()
        self.message.setText(text)
        self.setWindowTitle("Interview console")

    def _load(self, call: Call) -> None:
        self.live = LiveCall(call, self._monotonic)
        self._texts = {item_id: note.text for item_id, note in call.notes.items()}
        self._queued = dict(self._texts)
        self._versions = {item_id: note.version for item_id, note in call.notes.items()}
        self._quotes = [_Entry(_Ref(q.id), q.item_id, q.offset_seconds, text=q.text) for q in call.quotes]
        self._tags = [_Entry(_Ref(t.id), t.item_id, t.offset_seconds, reason=t.reason) for t in call.tags]
        self.state = CallState.loaded(started=call.started_at is not None, consent=call.consent,
                                      wrapped_up=call.wrapped_up, completed=call.status is InterviewStatus.COMPLETED)
        outcome = Outcome(call.outcome)
        word = outcome.label.upper()
        against = {Outcome.LOST: " to ", Outcome.WON: " over "}.get(outcome, " · competitor ")
        competitor = f"{against}{escape(call.competitor)}" if call.competitor else ""
        self.header.setText(f"Interview · <b>{escape(call.title)}</b> · <b style='color: {OUTCOME_COLOURS[outcome]}'>"
                            f"● {word}</b>{competitor}")
        self.setWindowTitle(f"Interview · {call.title}")
        self._loading = True
        self.consent.setChecked(call.consent)
        self._loading = False
        if self.state.stage is Stage.WRAPPED:
            self.message.setText("This call is wrapped up: its notes can be read, not changed.")
        elif self.state.stage is Stage.INTERRUPTED:
            self.message.setText("This call was interrupted; everything saved is back. " + RESUMED + ".")
        self._show_current()
        self.tick()
        self.consent.setFocus()

    # -- public ------------------------------------------------------------------------------------

    def current_item_id(self) -> int | None:
        """The current question's guide item id; None during the introduction (or without a guide)."""
        return self.live.current if self.live is not None else None

    def tick(self) -> None:
        """Update the timers and the pace from the stopwatches; save progress every few seconds of call time."""
        live = self.live
        if live is None:
            return
        result = live.pace()
        self.overall.setText(f"{clock(result.elapsed)} / {clock(result.planned_end)}")
        self.pace_bar.set_pace(result)
        self.pace_text.setText(pace_words(result))
        if result.state is not self._pace_state:
            self._pace_state = result.state
            self.pace_text.setStyleSheet(f"font-weight: 600; color: {PACE_COLOURS[result.state]};")
        self._show_drop(result)
        item = live.current_item()
        total = len(live.items)
        if live.closing:
            self.number.setText(f"Wrap-up · {total} Q")
            planned = live.call.wrap_seconds
        elif item is None:
            self.number.setText(f"Intro · {total} Q")
            planned = live.call.intro_seconds
        else:
            self.number.setText(f"Q {live.number(item.id)}/{total}")
            planned = item.planned_seconds
        self.item_timer.setText(f"{clock(live.current_watch().elapsed())} / {clock(planned)}")
        if live.running and self._monotonic() - self._last_progress >= PROGRESS_EVERY:
            self._save_progress()

    def _show_drop(self, result: Pace) -> None:
        live = self.live
        assert live is not None
        if result.drop and self.state.can_add:
            numbers = ", ".join(f"Q{live.number(i)}" for i in sorted(result.drop, key=live.number))
            self.drop_text.setText(f"Drop {numbers} to land on time (saves {clock_text(result.drop_saves)})")
            self.drop_text.show()
            self.drop_button.show()
        else:
            self.drop_text.hide()
            self.drop_button.hide()

    def flush(self, timeout: float = 5.0) -> bool:
        """Save what is typed now and wait until every queued write is in the database; False on timeout."""
        self._save_note_now()
        return self.saver.flush(timeout)

    def next_question(self) -> bool:
        """Go to the next question (the one left counts as asked if it had time); False at the end."""
        if self.live is None:
            return False
        following = self.live.next_id()
        if following is None:
            if self.live.closing:
                self._say("This is the wrap-up: Ctrl+E ends the call and opens the wrap-up form.")
                return False
            self.go_to(WRAP)
            self._say("The last question is behind you: notes of the wrap-up go here; Ctrl+E ends the call.")
            return True
        self.go_to(following)
        return True

    def previous_question(self) -> bool:
        if self.live is None or (self.live.current is None and not self.live.closing):
            return False
        self.go_to(self.live.previous_id())
        return True

    def go_to(self, item_id: int | Phase | None) -> None:
        """Make ``item_id`` the current question (None: the introduction, ``WRAP``: the wrap-up), saving the notes
        left."""
        live = self.live
        closing = item_id == WRAP
        target = None if closing or item_id is None else int(item_id)
        if live is None or (target == live.current and closing == live.closing):
            return
        self._save_note_now()
        live.go_to(target, closing=closing)
        self._show_current()
        self._save_progress()

    def skip_question(self) -> bool:
        """Mark the current question skipped and go to the next."""
        if self.live is None:
            return False
        self._save_note_now()
        if not self.live.skip():
            self._say("Only a question can be skipped: Ctrl+→ goes to the next one.")
            return False
        self._show_current()
        self._save_progress()
        return True

    def drop_suggested(self) -> tuple[int, ...]:
        """Drop the questions the pace suggests; returns their ids."""
        if self.live is None:
            return ()
        drop = self.live.pace().drop
        if not drop:
            self._say("Nothing to drop: the call is on pace.")
            return ()
        numbers = ", ".join(f"Q{self.live.number(i)}" for i in sorted(drop, key=self.live.number))
        self.live.drop(drop)
        self._show_current()
        self._save_progress()
        self._say(f"Dropped {numbers}. Going back to one brings it back.")
        return drop

    def toggle_pause(self) -> None:
        """Pause both timers (saving everything), or carry on."""
        live = self.live
        if live is None:
            return
        try:
            self.state = self.state.toggle()
        except StateError as exc:
            self._say(str(exc))
            return
        if self.state.running:
            live.start()
        else:
            self._save_note_now()
            live.pause()
            self._save_progress()
        self._show_enabled()
        self.tick()

    def toggle_help(self) -> None:
        self.help.toggle()

    # -- consent -------------------------------------------------------------------------------------

    def _consent_toggled(self, given: bool) -> None:
        if self._loading or self.live is None:
            self._show_enabled()
            return
        interview_id, clock_, actor = self.interview_id, self._clock, self._actor

        def record(session: Session) -> None:
            if given:
                calls.start_call(session, interview_id, clock_, actor=actor)
            calls.set_consent(session, interview_id, given, clock_, actor=actor)

        before = self.state
        try:
            self.state = self.state.consent(given)
        except StateError as exc:
            self._say(str(exc), error=True)
            return
        self.saver.submit(record, on_error=lambda error: self._consent_refused(error, before))
        if given:
            if not self.live.running:
                self.live.start()
            self._say("The call has started. Ctrl+→ goes to question 1; F1 shows every key.")
        else:
            self._save_note_now()
            if self.live.running:
                self.live.pause()
            self._save_progress()
        self._show_enabled()
        self.tick()

    def _consent_refused(self, error: BaseException, before: CallState) -> None:
        self._say(str(error), error=True)
        self._loading = True
        self.consent.setChecked(False)
        self._loading = False
        if self.live is not None and self.live.running:
            self.live.pause()
        self.state = before
        self._show_enabled()

    def _writable(self) -> bool:
        return self.live is not None and self.consent.isChecked() and self.state.can_write

    def _show_enabled(self) -> None:
        """Show the call's stage: its banner, which commands it allows, what can be typed."""
        state = self.state
        self.paused.setText(state.banner)
        self.pause_button.setText(state.pause_label)
        allowed = {"pause": state.can_toggle, "end": state.can_end, "add": state.can_add, "skip": state.can_add,
                   "drop": state.can_add}
        for name, on in allowed.items():
            self.actions_by_name[name].setEnabled(on)
            if name in self.command_buttons:
                self.command_buttons[name].setVisible(not state.finished)
                self.command_buttons[name].setEnabled(on)
        self.reopen_button.setVisible(state.can_reopen)
        self.done_button.setVisible(state.stage is Stage.REOPENED)
        writable = self._writable()
        in_question = self.live is not None and self.live.current is not None
        self.notes.setReadOnly(not writable)
        self.notes.setEnabled(writable or bool(self.notes.toPlainText()))
        for widget in (self.quote_field, self.quote_button, self.quotes):
            widget.setEnabled(writable)
        self.consent.setEnabled(not state.finished)
        self.consent_hint.setVisible(not writable and not state.finished)
        if writable and self.live is not None and self.live.closing:
            self.notes.setPlaceholderText("Notes of the wrap-up — what they add at the end, what was agreed next.")
        elif writable and not in_question:
            self.notes.setPlaceholderText("Notes of the introduction — who they are, their role, what they agreed to. "
                                          "Ctrl+→ goes to question 1.")
        else:
            self.notes.setPlaceholderText("Notes for this question — the buyer's words as they say them. "
                                          "Select words and press Alt+Q to keep them as a quote.")

    # -- showing the current question ------------------------------------------------------------

    def _show_current(self) -> None:
        live = self.live
        assert live is not None
        item = live.current_item()
        if live.closing:
            self.question.setText("Wrap-up")
            self.probes.setText("Anything else they want to add? Thank them, and say what happens with what they said.")
            self.purpose.setText("")
            text = self._texts.get(WRAP, "")
        elif item is None:
            self.question.setText("Introduction")
            self.probes.setText("Thank them, say who you are and that you are independent, how long the call "
                                "takes, and ask whether notes may be taken.")
            self.purpose.setText("")
            text = self._texts.get(INTRO, "")
        else:
            self.question.setText(item.text)
            self.probes.setText(("<b>probes:</b> " + escape(" · ".join(item.probes))) if item.probes else "")
            self.purpose.setText(f"why we ask: {item.purpose}" if item.purpose else "")
            text = self._texts.get(item.id, "")
        self._loading = True
        if self.notes.toPlainText() != text:
            self.notes.setPlainText(text)
            self.notes.moveCursor(self.notes.textCursor().MoveOperation.End)
        self._loading = False
        self.guide.show_call(live)
        self._show_quotes()
        self._show_tags()
        self._show_enabled()
        self.tick()

    def _show_quotes(self) -> None:
        current = self.live.current if self.live is not None else None
        self.quotes.clear()
        for entry in self._quotes:
            if entry.item_id == current:
                self.quotes.addItem(f"{clock(entry.offset)}   “{entry.text}”")

    def _show_tags(self) -> None:
        current = self.live.current if self.live is not None else None
        chips = [f"<span style='background-color: rgba(128,128,128,55);'>&nbsp;{REASONS.index(e.reason) + 1}&nbsp;"
                 f"{escape(e.reason.label)}&nbsp;</span>" for e in self._tags
                 if e.item_id == current and e.reason is not None]  # fmt: skip
        self.tags.setText("&nbsp;&nbsp;".join(chips) if chips else f"<span style='{QUIET_STYLE}'>none yet</span>")

    # -- notes ---------------------------------------------------------------------------------------

    def _notes_changed(self) -> None:
        if self._loading or self.live is None:
            return
        self._texts[self._note_key()] = self.notes.toPlainText()
        if not self._throttle.isActive():
            self._throttle.start()

    def _save_note_now(self) -> None:
        """Queue the current question's notes if they changed since last queued (also cancels the throttle)."""
        self._throttle.stop()
        live = self.live
        if live is None or not self._writable():
            return
        item_id = self._note_key()
        text = self.notes.toPlainText()
        self._texts[item_id] = text
        if self._queued.get(item_id, "") == text:
            return
        self._queue_note(item_id, text)
        self._save_progress()

    def _note_key(self) -> NoteKey:
        """Whose notes the editor shows: the current question's, the introduction's or the wrap-up's."""
        assert self.live is not None
        if self.live.closing:
            return WRAP
        return self.live.current if self.live.current is not None else INTRO

    def _queue_note(self, item_id: NoteKey, text: str) -> None:
        self._queued[item_id] = text
        interview_id, clock_ = self.interview_id, self._clock

        def save(session: Session) -> int | None:
            if item_id in self._held:
                return None  # in conflict: saved when the interviewer chooses
            try:
                version = calls.save_note(session, interview_id, item_id, text, self._versions.get(item_id), clock_)
            except NoteConflict:
                self._held.add(item_id)
                raise
            self._versions[item_id] = version
            return version

        self.saver.submit(save, on_error=lambda error: self._note_refused(item_id, error))

    def _note_refused(self, item_id: NoteKey, error: BaseException) -> None:
        self._queued.pop(item_id, None)  # the next change (or flush) tries again
        if isinstance(error, NoteConflict) and self.live is not None:
            mine = self._texts.get(item_id, error.mine)
            where = "the introduction" if item_id == INTRO else f"question {self.live.number(item_id)}"
            self.conflict.show_conflict(item_id, where, error.theirs, error.version, mine)
            self._say("Someone else changed these notes — choose below; both texts are kept.", error=True)
        else:
            self._say(f"Not saved: {error}", error=True)

    def _resolve_conflict(self, choice: str) -> None:
        item_id, version = self.conflict.item_id, self.conflict.version
        if item_id is None:
            return
        theirs, mine = self.conflict.theirs.toPlainText(), self._texts.get(item_id, self.conflict.mine.toPlainText())
        text = {"mine": mine, "theirs": theirs, "merge": merged(theirs, mine)}[choice]
        if choice == "theirs" and mine != theirs:
            QGuiApplication.clipboard().setText(mine)
            log.info("notes of item %s replaced by another writer's; the interviewer's were:\n%s", item_id, mine)
        elif choice == "mine":
            log.info("notes of item %s saved over another writer's, which were:\n%s", item_id, theirs)
        interview_id, clock_ = self.interview_id, self._clock

        def settle(session: Session) -> int:
            self._held.discard(item_id)
            self._versions[item_id] = version
            if choice == "theirs":
                return version
            try:
                saved = calls.save_note(session, interview_id, item_id, text, version, clock_)
            except NoteConflict:
                self._held.add(item_id)
                raise
            self._versions[item_id] = saved
            return saved

        self._texts[item_id] = text
        self._queued[item_id] = text
        if self.live is not None and self._note_key() == item_id:
            self._loading = True
            self.notes.setPlainText(text)
            self.notes.moveCursor(self.notes.textCursor().MoveOperation.End)
            self._loading = False
        self.conflict.hide()
        self.saver.submit(settle, on_error=lambda error: self._note_refused(item_id, error))
        words = {"mine": "Your notes were kept.", "theirs": "Their notes were taken; yours are on the clipboard.",
                 "merge": "Both notes were merged."}[choice]  # fmt: skip
        self._say(words)
        self.notes.setFocus()

    # -- quotes and tags ------------------------------------------------------------------------------

    def quote_selection(self) -> bool:
        """Keep the words selected in the notes as a quote, stamped with the call time."""
        selected = self.notes.textCursor().selectedText().replace("\u2029", "\n").strip()
        if not selected:
            self._say("Select the buyer's words in the notes first (Shift+arrows), then press Alt+Q.")
            return False
        return self.add_quote(selected)

    def _quote_field_entered(self) -> None:
        if self.add_quote(self.quote_field.text()):
            self.quote_field.clear()

    def add_quote(self, text: str) -> bool:
        """Keep ``text`` as the buyer's exact words at this moment of the call."""
        live = self.live
        if live is None or not self._writable():
            self._say(NO_CONSENT, error=True)
            return False
        words = calls.quote_words(text)
        if not words:
            self._say("A quote needs the buyer's words: type them, or select them in the notes and press Alt+Q.")
            return False
        entry = _Entry(_Ref(), live.current, live.elapsed(), text=words)
        self._quotes.append(entry)
        interview_id, item_id, offset = self.interview_id, live.current, entry.offset
        self.saver.submit(lambda s: entry.ref.set(calls.add_quote(s, interview_id, item_id, words, offset)),
                          on_error=lambda error: self._forget(self._quotes, entry, error))
        self._show_quotes()
        self._say(f"Quote kept at {clock(entry.offset)}.")
        return True

    def toggle_tag(self, number: int) -> bool:
        """Attach reason ``number`` (1 … len(REASONS)) to the current question, or take it off if it is there."""
        live = self.live
        if live is None or not self._writable():
            self._say(NO_CONSENT, error=True)
            return False
        reason = REASONS[number - 1]
        existing = next((e for e in self._tags if e.item_id == live.current and e.reason is reason), None)
        if existing is not None:
            self._tags.remove(existing)
            ref = existing.ref
            self.saver.submit(lambda s: calls.delete_tag(s, ref.id) if ref.id is not None else None)
            self._say(f"Tag removed: {reason.label}.")
        else:
            entry = _Entry(_Ref(), live.current, live.elapsed(), reason=reason)
            self._tags.append(entry)
            interview_id, item_id, offset = self.interview_id, live.current, entry.offset
            self.saver.submit(lambda s: entry.ref.set(calls.add_tag(s, interview_id, item_id, reason, offset)),
                              on_error=lambda error: self._forget(self._tags, entry, error))
            self._say(f"Tagged: {reason.label}.")
        self._show_tags()
        return True

    def _forget(self, entries: list[_Entry], entry: _Entry, error: BaseException) -> None:
        if entry in entries:
            entries.remove(entry)
        self._show_quotes()
        self._show_tags()
        self._say(str(error), error=True)

    # -- adding a question ----------------------------------------------------------------------------

    def start_adding(self) -> None:
        """Show the inline field for a question to add after the current one."""
        if self.live is None or not self.state.can_add:
            return
        if self.live.closing:
            self._say("Go back to a question (Ctrl+←) to add one after it.")
            return
        self.ad_hoc.show()
        self.ad_hoc.setFocus()

    def _add_question(self) -> None:
        live = self.live
        text = " ".join(self.ad_hoc.text().split())
        self.ad_hoc.clear()
        self.ad_hoc.hide()
        if live is None or not text:
            self._focus(self.notes)
            return
        after = live.current
        after_position = live.item(after).position if after is not None else None
        interview_id = self.interview_id

        def added(item_id: int) -> None:
            live.insert_after(after if after in live.watches else None, item_id, text[:1000], AD_HOC_SECONDS)
            self._show_current()
            self._say(f"Added as question {live.number(item_id)}: Ctrl+→ asks it next.")

        self.saver.submit(lambda s: calls.add_question(s, interview_id, text, after_position, AD_HOC_SECONDS),
                          on_done=added, on_error=lambda error: self._say(str(error), error=True))
        self._focus(self.notes)

    # -- progress, messages, focus ----------------------------------------------------------------------

    def _save_progress(self) -> None:
        if self.live is None or self.state.stage in (Stage.WAITING, Stage.WRAPPED, Stage.REOPENED):
            return
        self._last_progress = self._monotonic()
        elapsed, position, items = self.live.progress()
        interview_id = self.interview_id
        self.saver.submit(lambda s: calls.save_progress(s, interview_id, elapsed_seconds=elapsed,
                                                        current_position=position, items=items),
                          on_error=lambda error: self._say(str(error), error=True))

    def _show_save_error(self, text: str) -> None:
        self.save_error.setText(text)
        self.save_error.setVisible(bool(text))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _focus(self, widget: QWidget) -> None:
        if widget.isEnabled():
            widget.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In text fields the console's Ctrl/Alt commands win over the field's own keys; Esc leaves the field."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.keyCombination() in self._command_keys:
                return True  # not accepted by the field: the window's shortcut runs
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            if watched is self.ad_hoc:
                self.ad_hoc.clear()
                self.ad_hoc.hide()
                self._focus(self.notes)
            else:
                self.guide.setFocus()
            return True
        return super().eventFilter(watched, event)

    # -- ending -----------------------------------------------------------------------------------------

    def end_call(self) -> QMessageBox | None:
        """Ask once (Enter confirms), saying which questions have no answer; confirming opens the wrap-up."""
        if self.live is None:
            return None
        try:
            self.state.end()
        except StateError as exc:
            self._say(str(exc))
            return None
        if self.end_box is not None:
            self.end_box.raise_()
            return self.end_box
        box = QMessageBox(QMessageBox.Icon.Question, "End the call?", end_question(self._unanswered()),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("endCallQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText("End call")
        box.button(QMessageBox.StandardButton.No).setText("Keep going")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setInformativeText("The timers stop and the wrap-up opens; Ctrl+P carries on if you end too early.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._end_answered)
        box.open()
        self.end_box = box
        return box

    def _unanswered(self) -> list[Unanswered]:
        live = self.live
        assert live is not None
        recorded = {entry.item_id for entry in (*self._quotes, *self._tags)}
        recorded |= {item_id for item_id, text in self._texts.items() if text.strip()}
        rows = []
        for item in live.items:
            state = live.states[item.id]
            if state is GuideItemState.PENDING and live.watches[item.id].elapsed() >= ASKED_AFTER_SECONDS:
                state = GuideItemState.ASKED
            rows.append((item.text, state, item.id in recorded))
        return unanswered(rows)

    def _end_answered(self, result: int) -> None:
        self.end_box = None
        if result == QMessageBox.StandardButton.Yes:
            self.finish_call()

    def finish_call(self) -> QWidget | None:
        """Save everything, stop the timers and open the wrap-up form (non-modal); returns it."""
        live = self.live
        if live is None:
            return None
        try:
            ended = self.state.end()
        except StateError as exc:
            self._say(str(exc))
            return None
        self._save_note_now()
        if live.running:
            live.pause()
            self.state = self.state.toggle()
        self._save_progress()
        if not self.flush(5.0):
            self._say("Not everything is saved yet — the database does not answer. Try Ctrl+E again.", error=True)
            self._show_enabled()
            return None
        self.state = ended
        self._show_enabled()
        self.tick()
        try:
            from ui.wrapup.dialog import open_wrapup
        except ImportError:
            self._say("Everything is saved. The wrap-up form is not available in this version.")
            return None
        self.wrapup = open_wrapup(self, self.database, self.interview_id, actor=self._actor, clock=self._clock)
        completed = getattr(self.wrapup, "completed", None)
        if completed is not None:
            completed.connect(lambda _id=None: self._wrapped_up())
        return self.wrapup

    def _wrapped_up(self) -> None:
        self.state = self.state.wrapped()
        self._say("The call is wrapped up: its notes can be read, not changed. Reopen for edits to change them.")
        self._show_enabled()

    def reopen(self) -> None:
        """Open the wrapped-up call for edits to its notes, quotes and tags (the audit log records it)."""
        try:
            self.state = self.state.reopen()
        except StateError as exc:
            self._say(str(exc))
            return
        interview_id, clock_, actor = self.interview_id, self._clock, self._actor
        self.saver.submit(lambda s: calls.reopen_call(s, interview_id, clock_, actor=actor),
                          on_error=self._reopen_refused)
        self._say("Reopened for edits: notes, quotes and tags can change; Done editing makes the call read-only again.")
        self._show_enabled()

    def _reopen_refused(self, error: BaseException) -> None:
        self.state = self.state.close_edits()
        self._say(str(error), error=True)
        self._show_enabled()

    def done_editing(self) -> None:
        """Make the reopened call read-only again (also on closing the console)."""
        if self.state.stage is not Stage.REOPENED:
            return
        self._save_note_now()
        self.state = self.state.close_edits()
        interview_id, clock_, actor = self.interview_id, self._clock, self._actor
        self.saver.submit(lambda s: calls.close_edits(s, interview_id, clock_, actor=actor),
                          on_error=lambda error: self._say(str(error), error=True))
        self._say("The call is read-only again.")
        self._show_enabled()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Write everything before closing; if the database does not answer, say so and close only when asked twice.

        Ctrl+W closes the same way: a call not wrapped up stays resumable, a call reopened for edits is read-only
        again.
        """
        if self.live is not None and not self._closing_anyway:
            self.done_editing()
            self._save_note_now()
            if self.live.running:
                self.live.pause()
            self._save_progress()
            if not self.saver.flush(self._close_timeout):
                self._closing_anyway = True
                for item_id, text in self._texts.items():
                    log.error("console closing with unsaved notes for item %s:\n%s", item_id, text)
                self._show_save_error("Not saved — the database does not answer. Close again to close anyway "
                                      "(your notes are written to the log file).")
                event.ignore()
                return
        self._timer.stop()
        self._throttle.stop()
        self.saver.close(0.5)
        self._settings.save_console_layout(self._screen_key(), self.saveGeometry(), self.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)

    def close_now(self) -> None:
        """Close within about a second even if the database does not answer (the app is quitting); notes that
        could not be written go to the log file."""
        self._close_timeout = QUIT_WAIT
        if not self.close():
            self.close()

    # -- geometry ---------------------------------------------------------------------------------------

    def _screen_key(self) -> str:
        """The screen the console is on, by name and size: a layout is remembered per screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        size = screen.geometry().size()
        return f"{screen.name()} {size.width()}x{size.height()}"

    def _restore_layout(self) -> None:
        """The geometry and splitter last left on this screen, then moved and shrunk to be fully visible."""
        geometry, splitter = self._settings.console_layout(self._screen_key())
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.fit_on_screen()

    def fit_on_screen(self) -> None:
        """Shrink and move the window (with its frame) inside the screen's available area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        frame, inner = self.frameGeometry(), self.geometry()
        extra_w = max(frame.width() - inner.width(), FRAME_ALLOWANCE.width())
        extra_h = max(frame.height() - inner.height(), FRAME_ALLOWANCE.height())
        width = min(self.width(), area.width() - extra_w)
        height = min(self.height(), area.height() - extra_h)
        self.resize(width, height)
        x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
        y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
        self.move(x, y)
