"""What the window remembers between runs (QSettings): geometry, areas, the last database."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings

from interviewer import APP_NAME, ORG_NAME

if TYPE_CHECKING:
    from exports.delivery import SmtpSettings

MAIL_GROUP = "mail"
"""The mail server's plain values (host, port, security, user, sender); the password is only in the keyring."""
LEGACY_MAIL_GROUP = "areas/mail"
"""Where the Reports area kept the mail server before it moved to Preferences."""


class WindowSettings:
    """Typed access to the app's QSettings; database URLs are stored without passwords."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(ORG_NAME, APP_NAME)
        self._move_group(LEGACY_MAIL_GROUP, MAIL_GROUP)

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

    def console_layout(self, screen: str) -> tuple[QByteArray | None, QByteArray | None]:
        """The live console's geometry and splitter as last left on ``screen`` (its name and size)."""
        key = f"console/{settings_key(screen)}"
        return self._bytes(f"{key}/geometry"), self._bytes(f"{key}/splitter")

    def save_console_layout(self, screen: str, geometry: QByteArray, splitter: QByteArray) -> None:
        key = f"console/{settings_key(screen)}"
        self._settings.setValue(f"{key}/geometry", geometry)
        self._settings.setValue(f"{key}/splitter", splitter)

    @property
    def last_area(self) -> str | None:
        value = self._settings.value("window/area")
        return str(value) if value else None

    @last_area.setter
    def last_area(self, name: str) -> None:
        self._settings.setValue("window/area", name)

    def area_state(self, area: str) -> dict[str, Any]:
        return self._group(f"areas/{area}")

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

    @property
    def smtp(self) -> SmtpSettings | None:
        """The mail server reports are sent through, or None when none was set up (never a password)."""
        from exports.delivery import SmtpSettings

        values = self._group(MAIL_GROUP)
        return SmtpSettings.from_dict(values) if values.get("host") else None

    @smtp.setter
    def smtp(self, smtp: SmtpSettings) -> None:
        self._settings.beginGroup(MAIL_GROUP)
        try:
            for key, value in smtp.to_dict().items():
                self._settings.setValue(key, value)
        finally:
            self._settings.endGroup()

    @property
    def display_zone(self) -> str | None:
        """The IANA time zone the user reads times in, or None for the system's own."""
        value = self._settings.value("display/zone")
        return str(value) if value else None

    @display_zone.setter
    def display_zone(self, name: str | None) -> None:
        if name:
            self._settings.setValue("display/zone", name)
        else:
            self._settings.remove("display/zone")

    def _group(self, group: str) -> dict[str, Any]:
        self._settings.beginGroup(group)
        try:
            return {key: self._settings.value(key) for key in self._settings.childKeys()}
        finally:
            self._settings.endGroup()

    def _move_group(self, old: str, new: str) -> None:
        """Carry values kept under an earlier group name over to ``new`` (once; ``new`` wins if both exist)."""
        values = self._group(old)
        if not values:
            return
        if not self._group(new):
            for key, value in values.items():
                self._settings.setValue(f"{new}/{key}", value)
        self._settings.remove(old)

    @property
    def reporting_currency(self) -> str:
        """The currency amounts are added up in (an ISO code); USD until one is chosen."""
        value = self._settings.value("currency/reporting")
        return str(value).strip().upper() if value else "USD"

    @reporting_currency.setter
    def reporting_currency(self, code: str) -> None:
        self._settings.setValue("currency/reporting", code.strip().upper())

    @property
    def currency_rates(self) -> dict[str, Decimal]:
        """Units of the reporting currency per unit of each other currency (``{"EUR": Decimal("1.08")}``)."""
        from interviewer.analytics.money import parse_rate

        self._settings.beginGroup("currency/rates")
        try:
            stored = {key: parse_rate(str(self._settings.value(key))) for key in self._settings.childKeys()}
        finally:
            self._settings.endGroup()
        return {key.upper(): rate for key, rate in stored.items() if rate is not None}

    @currency_rates.setter
    def currency_rates(self, rates: dict[str, Decimal]) -> None:
        """Replace the whole table; a rate must be a positive number."""
        if any(rate <= 0 for rate in rates.values()):
            raise ValueError("a currency rate must be a positive number")
        self._settings.remove("currency/rates")
        for code, rate in rates.items():
            self._settings.setValue(f"currency/rates/{code.strip().upper()}", str(rate))

    def sync(self) -> None:
        self._settings.sync()


def settings_key(text: str) -> str:
    """A settings key for a database URL (QSettings treats slashes as groups)."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
