"""How values look in the window: locale dates and amounts, outcome colours with words."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from interviewer.enums import Outcome

OUTCOME_COLOURS: dict[Outcome, str] = {
    Outcome.WON: "#2e7d32",
    Outcome.LOST: "#c62828",
    Outcome.NO_DECISION: "#757575",
    Outcome.OPEN: "#1565c0",
}
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "CHF": "CHF "}

_icons: dict[Outcome, QIcon] = {}


def outcome_icon(outcome: Outcome) -> QIcon:
    """A small filled circle in the outcome's colour (always shown beside the word)."""
    if outcome not in _icons:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(OUTCOME_COLOURS[outcome]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _icons[outcome] = QIcon(pixmap)
    return _icons[outcome]


def format_date(value: date | None, locale: QLocale | None = None) -> str:
    if value is None:
        return ""
    return (locale or QLocale()).toString(QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat)


def format_amount(amount: Decimal | None, currency: str, locale: QLocale | None = None) -> str:
    """An amount with its currency, grouped for the user's locale, without cents for round figures."""
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    decimals = 0 if amount == amount.to_integral_value() else 2
    return (locale or QLocale()).toCurrencyString(float(amount), symbol, decimals)


def format_datetime(value: datetime | None, locale: QLocale | None = None) -> str:
    """A UTC timestamp shown in the user's time zone and locale."""
    if value is None:
        return ""
    local = value.astimezone()
    moment = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return (locale or QLocale()).toString(moment, QLocale.FormatType.ShortFormat)


def local_text(moment: datetime, zone_name: str | None) -> str:
    """A moment in a zone, e.g. "Tue 24 Nov 15:00 (Europe/Berlin)"."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name or "UTC")
    return f"{moment.astimezone(zone):%a %d %b %H:%M} ({zone_name or 'UTC'})"
