"""The wrap-up window: after the call, what the buyer said and the takeaways, then the interview is completed."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interviewer import APP_NAME, ORG_NAME
from interviewer.clock import Clock
from interviewer.console.calls import Call, CallError, load_call
from interviewer.console.timers import clock_text
from interviewer.console.wrapup import WrapUp, complete_call, default_teams, wrap_up_problems
from interviewer.enums import Outcome, Team
from ui.format import OUTCOME_COLOURS, outcome_icon
from ui.wrapup.buyer import OUTCOMES, BuyerSection
from ui.wrapup.call_notes import CallNotesPanel, question_label
from ui.wrapup.drafts import DraftStore
from interviewer.console.wrapup_form import FormState
from ui.wrapup.takeaways import QuoteChoice, TakeawaysSection
from ui.wrapup.widgets import ERROR_STYLE, NOTE_STYLE

if TYPE_CHECKING:
    from interviewer.db import Database

log = logging.getLogger(__name__)

SETTINGS_GROUP = "wrapup"
AUTOSAVE_MS = 1000
CLOSE_AFTER_MS = 900
"""How long "Completed" stays on screen before the window closes."""
DONE_STYLE = f"color: {OUTCOME_COLOURS[Outcome.WON]}; font-weight: 600;"
DATABASE_REFUSED = ("The wrap-up could not be saved: the database did not accept it. Nothing is lost — your text "
                    "stays here and in a draft on this computer. Try again, or check the connection.")


def open_wrapup(parent: QWidget | None, database: Database, interview_id: int, *, actor: str,
                clock: Clock) -> WrapUpDialog:
    """Open (non-modal) and return the wrap-up for a call; completing it marks the interview completed."""
    dialog = WrapUpDialog(database, interview_id, actor=actor, clock=clock, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()  # the interviewer goes on typing here, straight from the console
    return dialog


class WrapUpDialog(QDialog):
    """One call's wrap-up; what is typed is kept as a draft on this computer until the interview is completed."""

    completed = Signal(int)
    """The interview with this id was wrapped up and marked completed."""

    def __init__(self, database: Database, interview_id: int, *, actor: str, clock: Clock,
                 settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUp")
        self.setWindowTitle("Wrap-up")
        self.setSizeGripEnabled(True)
        self.resize(1360, 820)
        self.interview_id = interview_id
        self._database, self._actor, self._clock = database, actor, clock
        self.drafts = DraftStore(settings or QSettings(ORG_NAME, APP_NAME),
                                 database.url.render_as_string(hide_password=True))
        self.wrapped_up = False
        self.refusal_shown = False
        """The error line says why completing was refused: it follows the form until nothing is left to fix."""
        self._teams_cache: dict[tuple[int, ...], tuple[Team, ...]] = {}
        self.call, competitors, problem = self._load()
        call = self.call
        default_outcome = call.outcome if call and call.outcome in OUTCOMES else Outcome.NO_DECISION
        self.fresh = FormState(WrapUp(default_outcome, None, (), (call.competitor or "") if call else ""))

        self.buyer = BuyerSection(call.rep_reason if call else None, competitors,
                                  tuple(tag.reason for tag in call.tags) if call else ())
        self.takeaways = TakeawaysSection(self._quote_choices(), self._teams_for)
        self.notes = CallNotesPanel(call)
        self._build(call)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._restore(problem)
        for section in (self.buyer, self.takeaways):
            section.changed.connect(self._autosave.start)
            section.changed.connect(self._recheck)
        self._restore_geometry()
        self.buyer.primary.setFocus()

    # -- reading the call ---------------------------------------------------------------------------------

    def _load(self) -> tuple[Call | None, tuple[str, ...], str]:
        from interviewer.services.values import program_values

        try:
            with self._database.sessions() as session:
                call = load_call(session, self.interview_id)
                competitors = program_values(session).competitors
        except CallError as exc:
            return None, (), str(exc)
        return call, competitors, "This interview is already wrapped up." if call.wrapped_up else ""

    def _quote_choices(self) -> list[QuoteChoice]:
        if self.call is None:
            return []
        items = {item.id: item for item in self.call.items}
        return [QuoteChoice(q.id, q.text, " · ".join(filter(None, (  # the time first: it is never cut off
            f"at {clock_text(q.offset_seconds)}", question_label(items[q.item_id], 70) if q.item_id in items else ""))))
            for q in self.call.quotes]

    def _teams_for(self, quote_ids: tuple[int, ...]) -> tuple[Team, ...]:
        """Routing defaults for a takeaway backed by these quotes (read once per set of quotes)."""
        key = tuple(sorted(quote_ids))
        if key not in self._teams_cache:
            with self._database.sessions() as session:
                self._teams_cache[key] = default_teams(session, self.interview_id, key)
        return self._teams_cache[key]

    # -- layout -------------------------------------------------------------------------------------------

    def _build(self, call: Call | None) -> None:
        self.title = QLabel(f"Wrap-up · {call.title}" if call else "Wrap-up")
        self.title.setObjectName("wrapUpTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.setWindowTitle(self.title.text())
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(16)
        if call is not None:
            icon = QLabel()
            icon.setPixmap(outcome_icon(call.outcome).pixmap(12, 12))
            header.addWidget(icon)
            facts = [f"Deal {call.outcome.label.lower()}", f"competitor {call.competitor or 'none recorded'}",
                     f"rep's reason {call.rep_reason.label if call.rep_reason else 'not recorded'}",
                     f"call {clock_text(call.elapsed_seconds)}", f"{len(call.quotes)} quotes"]
            self.facts = QLabel(" · ".join(facts))
            self.facts.setObjectName("wrapUpFacts")
            self.facts.setStyleSheet(NOTE_STYLE)
            header.addWidget(self.facts)
        header.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(self.buyer)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # never scroll sideways
        scroll.setMinimumWidth(self.buyer.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        side = QGroupBox("From the call")
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.notes)
        side.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("wrapUpSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget, share in ((scroll, 31), (self.takeaways, 41), (side, 28)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, share)
        self.splitter.setSizes([self.width() * share // 100 for share in (31, 41, 28)])

        self.error = QLabel()
        self.error.setObjectName("wrapUpError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.status = QLabel()
        self.status.setObjectName("wrapUpStatus")
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save draft and close")
        self.save_button.setObjectName("saveDraft")
        self.save_button.setToolTip("Keep what you typed on this computer and close; opening the wrap-up again "
                                    "brings it back (Ctrl+S, or Esc)")
        self.complete_button = QPushButton("Complete interview")
        self.complete_button.setObjectName("completeInterview")
        self.complete_button.setToolTip("Check everything, record the wrap-up and takeaways, and mark the interview "
                                        "completed (Ctrl+Enter)")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # acts at once, unlike a button's shortcut (clicked 100 ms later)
            QShortcut(QKeySequence(keys), self, self.complete)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_and_close)
        self.save_button.clicked.connect(lambda: self.save_and_close())
        self.complete_button.clicked.connect(lambda: self.complete())
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.complete_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field never completes the interview by accident
            button.setDefault(False)

    # -- the form's state ---------------------------------------------------------------------------------

    def state(self) -> FormState:
        return FormState(self.buyer.wrap_up(), self.takeaways.takeaways())

    def set_state(self, state: FormState) -> None:
        self.buyer.set_wrap_up(state.wrap_up)
        self.takeaways.set_takeaways(state.copy().takeaways)

    def _restore(self, problem: str) -> None:
        """Fill the form from the deal, then from a draft left on this computer; a call that cannot be wrapped
        up is shown read-only with the reason."""
        self.set_state(self.fresh)
        if problem:
            self._show_error(problem)
            for widget in (self.buyer, self.takeaways, self.complete_button, self.save_button):
                widget.setEnabled(False)
            self.wrapped_up = self.call is not None and self.call.wrapped_up
            return
        data = self.drafts.load(self.interview_id)
        if data is None:
            return
        try:
            draft = FormState.from_json(data, {q.id for q in self.call.quotes} if self.call else set())
        except (ValueError, KeyError, TypeError):
            log.warning("Ignoring a wrap-up draft this version cannot read (interview %s)", self.interview_id)
            return
        self.set_state(draft)
        self.status.setText("Your unfinished wrap-up was restored.")

    def save_draft(self) -> bool:
        """Keep the form on this computer (or forget the draft when nothing was typed); True when one is kept."""
        self._autosave.stop()
        if self.wrapped_up or self.call is None:
            return False
        data = self.state().to_json()
        if data == self.fresh.to_json():
            self.drafts.clear(self.interview_id)
            return False
        self.drafts.save(self.interview_id, data)
        return True

    def save_and_close(self) -> None:
        self.save_draft()
        self.close()

    # -- completing ---------------------------------------------------------------------------------------

    def complete(self) -> bool:
        """Check and record everything in one transaction; refused with every problem shown, nothing written."""
        if self.wrapped_up or self.call is None:
            return False
        state = self.state()
        try:
            with self._database.sessions() as session, session.begin():
                complete_call(session, self.interview_id, state.wrap_up, state.drafts(), actor=self._actor,
                              clock=self._clock)
        except CallError as exc:
            self._refused(str(exc))
            return False
        except Exception:  # the database refused or went away: keep every word, say what to do
            log.exception("Completing the wrap-up of interview %s failed", self.interview_id)
            self.save_draft()
            self._show_error(DATABASE_REFUSED)
            return False
        self.wrapped_up = True
        self._autosave.stop()
        self.drafts.clear(self.interview_id)
        self._show_error("")
        self.status.setText("✓ Completed")
        self.status.setStyleSheet(DONE_STYLE)
        for widget in (self.buyer, self.takeaways, self.complete_button, self.save_button):
            widget.setEnabled(False)
        self.completed.emit(self.interview_id)
        QTimer.singleShot(CLOSE_AFTER_MS, self.accept)
        return True

    def _refused(self, message: str) -> None:
        self._show_error(f"Not completed yet — {message}")
        self.refusal_shown = True
        self.buyer.show_problems(True)
        incomplete = self.takeaways.first_incomplete()
        if self.buyer.primary_reason() is None:
            self.buyer.primary.setFocus()
        elif incomplete is not None:
            self.takeaways.select(incomplete)
            self.takeaways.list.setFocus()
        self.save_draft()

    def _recheck(self) -> None:
        """After a refusal, say only what is still to fix; once everything is fixed the line goes."""
        if not self.refusal_shown:
            return
        state = self.state()
        problems = wrap_up_problems(state.wrap_up, state.drafts())
        self._show_error(f"Not completed yet — {' '.join(problems)}" if problems else "")
        self.refusal_shown = bool(problems)

    def _show_error(self, text: str) -> None:
        self.refusal_shown = False
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- closing and geometry -------------------------------------------------------------------------------

    def _window_settings(self) -> Any:
        from ui.settings import WindowSettings

        settings = getattr(self.parentWidget().window(), "settings", None) if self.parentWidget() else None
        return settings if isinstance(settings, WindowSettings) else None

    def _restore_geometry(self) -> None:
        settings = self._window_settings()
        state = settings.area_state(SETTINGS_GROUP) if settings else {}
        if isinstance(state.get("geometry"), QByteArray):
            self.restoreGeometry(state["geometry"])
        if isinstance(state.get("splitter"), QByteArray):
            self.splitter.restoreState(state["splitter"])

    def hideEvent(self, event: QHideEvent) -> None:
        """However the window goes (Esc, the close box, the button), nothing typed is lost."""
        self.save_draft()
        settings = self._window_settings()
        if settings is not None:
            settings.save_area_state(SETTINGS_GROUP, {"geometry": self.saveGeometry(),
                                                      "splitter": self.splitter.saveState()})
        super().hideEvent(event)
