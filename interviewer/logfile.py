"""Logging to a rotating file in the user log folder: technical detail goes there, not on screen."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from interviewer.config import APP_DIR_NAME


def log_path() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_DIR_NAME, appauthor=False) / "winloss.log"


def configure(level: int = logging.INFO) -> Path | None:
    """Send the app's log records to the log file; returns its path (None if it cannot be written)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return path
