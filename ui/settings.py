"""What the window remembers between runs (QSettings): geometry, areas, the last database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from interviewer import APP_NAME, ORG_NAME


class WindowSettings:
    """Typed access to the app's QSettings; database URLs are stored without passwords."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(ORG_NAME, APP_NAME)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    @property
    def last_area(self) -> str | None:
        value = self._settings.value("window/area")
        return str(value) if value else None

    @last_area.setter
    def last_area(self, name: str) -> None:
        self._settings.setValue("window/area", name)

    def area_state(self, area: str) -> dict[str, Any]:
        self._settings.beginGroup(f"areas/{area}")
        try:
            return {key: self._settings.value(key) for key in self._settings.childKeys()}
        finally:
            self._settings.endGroup()

    def save_area_state(self, area: str, state: dict[str, Any]) -> None:
        self._settings.beginGroup(f"areas/{area}")
        try:
            for key, value in state.items():
                self._settings.setValue(key, value)
        finally:
            self._settings.endGroup()

    @property
    def last_database(self) -> str | None:
        value = self._settings.value("database/last")
        return str(value) if value else None

    @last_database.setter
    def last_database(self, url_without_password: str) -> None:
        self._settings.setValue("database/last", url_without_password)

    def profile_for(self, database: str) -> int | None:
        """The profile last used with ``database`` (keyed by its URL without password)."""
        value = self._settings.value(f"profiles/{settings_key(database)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_profile_for(self, database: str, profile_id: int) -> None:
        self._settings.setValue(f"profiles/{settings_key(database)}", profile_id)

    def sync(self) -> None:
        self._settings.sync()


def settings_key(text: str) -> str:
    """A settings key for a database URL (QSettings treats slashes as groups)."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
