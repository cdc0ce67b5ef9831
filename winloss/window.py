"""The window's launcher: show it first, open the database in the background, then fill it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication

from interviewer import APP_NAME, ORG_NAME, __version__
from interviewer.config import default_db_url
from interviewer.logfile import log_path
from interviewer.progress import CancelToken, Progress
from interviewer.secrets import SecretStore
from ui.main_window import MainWindow
from ui.settings import WindowSettings

if TYPE_CHECKING:
    from interviewer.db import Database


def build_demo(database: Database, *, today: date, progress: Progress, cancel: CancelToken) -> object:
    """The demo builder the window is handed; loaded when first used (in the worker), not before the first paint."""
    from winloss.demo.build import build_demo as build

    return build(database, today=today, progress=progress, cancel=cancel)


def run(
    url: str | None,
    *,
    demo: bool = False,
    screenshot: str | None = None,
    area: str | None = None,
    report_startup: bool = False,
) -> int:
    """Open the main window on ``url`` (None: the last database, else the default one)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    if QLocale.system().language() == QLocale.Language.C:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    settings = WindowSettings()
    window = MainWindow(settings, SecretStore(), log_path=log_path, demo=build_demo)
    if area and not window.show_area(area):
        print(f"winloss: there is no area called {area!r}; showing Deals.", file=sys.stderr)
    window.interactive = not (screenshot or report_startup)
    if screenshot:
        window.resize(1280, 800)
    window.show()
    # Open the database once the window has painted: the worker's imports compete with the first paint for the GIL.
    target = url or settings.last_database or default_db_url()
    QTimer.singleShot(0, lambda: window.open_database(target, demo=demo))
    if screenshot:
        return _take_screenshot(app, window, Path(screenshot))
    if report_startup:
        _report_startup(window)
    return app.exec()


def _report_startup(window: MainWindow) -> None:
    """Print a line when the event loop first runs with the window shown, another when deals are shown, then quit."""

    def say(line: str) -> None:
        print(line, flush=True)

    QTimer.singleShot(0, lambda: say("window-shown"))
    window.deals.loaded.connect(lambda rows: (say(f"deals-shown {rows}"), window.close()))
    window.opener.failed.connect(lambda _url, message: (say(f"failed {message}"), window.close()))


def _take_screenshot(app: QApplication, window: MainWindow, target: Path) -> int:
    """Save a PNG of the window once its data is shown; exit 1 if the database cannot be opened."""
    status = {"code": 0}

    def save() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(target)):
            print(f"winloss: could not write {target}", file=sys.stderr)
            status["code"] = 1
        window.close()

    def failed(_url: str, message: str) -> None:
        print(f"winloss: {message}", file=sys.stderr)
        status["code"] = 1
        window.close()

    shown = window.area(window.current_area() or "deals")
    loaded = getattr(shown, "loaded", None) if window.opened is None else None
    signal = loaded if loaded is not None and shown is not window.deals else window.deals.loaded
    signal.connect(lambda *_args: QTimer.singleShot(150, save), Qt.ConnectionType.SingleShotConnection)
    for signal in (window.opener.failed, window.opener.password_needed):
        signal.disconnect()
        signal.connect(failed)
    app.exec()
    return status["code"]
