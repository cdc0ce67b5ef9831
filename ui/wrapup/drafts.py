"""Unfinished wrap-ups kept on this computer (QSettings), one per database and interview, until completed."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QSettings

from ui.settings import settings_key

log = logging.getLogger(__name__)

GROUP = "wrapup_drafts"


class DraftStore:
    """Saved wrap-up drafts as JSON under ``wrapup_drafts/<database>_<interview>``.

    The schema has no place for a half-written wrap-up, so it waits here; the
    database is named by a hash of its URL without password (QSettings treats
    slashes as groups, and a password must never reach the settings file).
    """

    def __init__(self, settings: QSettings, database_url: str) -> None:
        self._settings = settings
        self._database = settings_key(database_url)

    def key(self, interview_id: int) -> str:
        return f"{GROUP}/{self._database}_{interview_id}"

    def load(self, interview_id: int) -> dict[str, Any] | None:
        raw = self._settings.value(self.key(interview_id))
        if not raw:
            return None
        try:
            data = json.loads(str(raw))
        except ValueError:
            log.warning("Ignoring an unreadable wrap-up draft for interview %s", interview_id)
            return None
        return data if isinstance(data, dict) else None

    def save(self, interview_id: int, data: dict[str, Any]) -> None:
        self._settings.setValue(self.key(interview_id), json.dumps(data, ensure_ascii=False))
        self._settings.sync()

    def clear(self, interview_id: int) -> None:
        self._settings.remove(self.key(interview_id))
        self._settings.sync()
