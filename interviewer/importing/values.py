"""Raw cells from CRM exports turned into text, amounts, dates, flags and counts.

Pure functions, no I/O. Each parser takes what a CSV (``str``) or openpyxl
(``str``, ``int``, ``float``, ``bool``, ``datetime``, ``None``) gives and
returns ``None`` for an empty cell, a value, or raises :class:`ValueProblem`
with one plain sentence that does not name the field; the importer prefixes
it ("close date 31/02/2024 is not a date").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

__all__ = [
    "DateFormat",
    "ValueProblem",
    "clean_text",
    "infer_date_format",
    "parse_amount",
    "parse_bool",
    "parse_date",
    "parse_int",
]

MAX_INTEGER_DIGITS = 15
"""Amounts with more digits before the decimal point are refused (beyond a double's exact range)."""


class ValueProblem(ValueError):
    """A cell that cannot be read as what its column holds; ``str()`` is a sentence for the user."""


def _shown(value: object, limit: int = 60) -> str:
    """The value as the user typed it, shortened for a message."""
    text = value.strip() if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(value: object) -> str:
    return f"'{_shown(value)}'"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _is_finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


# --------------------------------------------------------------------------- text


def clean_text(value: object) -> str | None:
    """Text of a cell without surrounding whitespace, or None when there is none.

    Whole numbers from spreadsheets lose their ``.0`` (12345.0 → "12345"),
    dates and datetimes become ISO text (a datetime at midnight is its date),
    booleans become TRUE / FALSE; inner text, control characters included, is kept.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() and value.tzinfo is None else value.isoformat()
    elif isinstance(value, (date, time)):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


# ------------------------------------------------------------------------- amounts

_SYMBOLS = {
    "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "₩": "KRW", "₪": "ILS", "₺": "TRY", "₽": "RUB", "zł": "PLN", "Kč": "CZK",
}  # fmt: skip
_CODES = frozenset({
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "NZD", "CNY", "HKD", "SGD", "SEK",
    "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "INR", "BRL", "MXN", "ARS",
    "CLP", "COP", "PEN", "ZAR", "KRW", "TWD", "THB", "MYR", "IDR", "PHP", "VND", "ILS",
    "TRY", "RUB", "UAH", "AED", "SAR", "QAR", "KWD", "EGP", "NGN", "KES", "MAD",
})  # fmt: skip
_DOLLAR_CODES = frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD"})
_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_PREFIX = re.compile(rf"\s*(?:(?P<sign>[-+])|(?P<symbol>{_SYMBOL_RE})|(?P<code>[A-Za-z]{{3}})(?![A-Za-z]))")
_SUFFIX = re.compile(rf"(?:(?P<sign>-)|(?P<symbol>{_SYMBOL_RE})|(?<![A-Za-z])(?P<code>[A-Za-z]{{3}}))\s*$")
_NUMBER = re.compile(r"[0-9]*(?:[.,' \u00a0\u202f\u2009\u2019][0-9]+)*")
_PLAIN = re.compile(r"-?(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?")
_SPACES = frozenset(" \u00a0\u202f\u2009")
_SEPARATOR = re.compile(r"[.,' \u00a0\u202f\u2009\u2019]")


class _NotANumber(Exception):
    pass


def _number(text: str) -> Decimal:
    """A plain number with thousands separators and a decimal point or comma; raises _NotANumber."""
    if not text or not _NUMBER.fullmatch(text):
        raise _NotANumber
    parts = _SEPARATOR.split(text)
    seps = ["space" if s in _SPACES else "'" if s in "'\u2019" else s for s in _SEPARATOR.findall(text)]
    if not seps:
        return Decimal(text)
    decimal_at: int | None = None  # index in seps of the decimal separator
    marks = {s for s in seps if s in ",."}
    if len(marks) == 2:
        decimal_at = len(seps) - 1  # the later of the two is the decimal mark, and only once
        if seps[-1] not in ",." or seps.count(seps[-1]) != 1:
            raise _NotANumber
    elif len(marks) == 1:
        mark = marks.pop()
        others = set(seps) - {mark}
        if seps.count(mark) == 1 and seps[-1] == mark:
            # One , or . at the end: "1,234" is a thousand (three digits after it), "1234,5" a decimal,
            # "0.123" a decimal (no thousands start with 0); beside spaces or apostrophes it is the decimal mark.
            grouping = len(parts[-1]) == 3 and 1 <= len(parts[-2]) <= 3 and parts[-2] != "0" and not others
            decimal_at = None if grouping else len(seps) - 1
    groups, fraction = (parts, "") if decimal_at is None else (parts[:-1], parts[-1])
    thousands = seps if decimal_at is None else seps[:-1]
    if len(set(thousands)) > 1 or (fraction == "" and decimal_at is not None):
        raise _NotANumber
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        raise _NotANumber
    if groups == [""] and fraction:  # ".5"
        groups = ["0"]
    return Decimal("".join(groups) + ("." + fraction if fraction else ""))


def _check_size(amount: Decimal, shown: str) -> Decimal:
    if not amount.is_finite():
        raise ValueProblem(f"{shown} is not an amount")
    if amount and amount.adjusted() + 1 > MAX_INTEGER_DIGITS:
        raise ValueProblem(f"{shown} is too large to be an amount")
    return amount


def parse_amount(value: object) -> tuple[Decimal | None, str | None]:
    """An amount and the ISO currency code written with it: ``"€1.234,50"`` → ``(Decimal("1234.50"), "EUR")``.

    Accepts currency symbols and codes before or after the number, thousands
    separators (``,`` ``.`` spaces, apostrophes), a decimal point or comma,
    and negatives as ``-5``, ``5-`` or ``(5)``. A single ``,`` or ``.``
    followed by exactly three digits is a thousands separator ("1.234" → 1234).
    "$" alone means USD unless a dollar code is also given ("$100 CAD").
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        raise ValueProblem(f"{_quoted(value)} is not an amount")
    if _is_number(value):
        if not _is_finite(value):  # type: ignore[arg-type]
            raise ValueProblem(f"{_quoted(value)} is not an amount")
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return _check_size(amount, _shown(value)), None
    if not isinstance(value, str):
        raise ValueProblem(f"{_quoted(value)} is not an amount")
    text = value.strip().replace("\u2212", "-")
    if not text:
        return None, None
    plain = _PLAIN.fullmatch(text)
    if plain and not (len(plain["fraction"] or "") == 3 and plain["whole"] != "0" and len(plain["whole"]) <= 3):
        return _check_size(Decimal(text), text), None  # the common case: "15000", "-99.5"; not "1.234"
    not_amount = ValueProblem(f"{_quoted(value)} is not an amount")
    signs: list[str] = []
    symbols: list[str] = []
    codes: list[str] = []
    parentheses = 0
    rest = text
    while True:
        rest = rest.strip()
        if rest.startswith("(") and rest.endswith(")") and len(rest) > 1:
            parentheses += 1
            rest = rest[1:-1]
            if len(signs) + parentheses > 1:
                raise not_amount
            continue
        match = _PREFIX.match(rest) or _SUFFIX.search(rest)
        if match is None or (match.group("code") and match.group("code").upper() not in _CODES):
            break
        if match.group("sign"):
            signs.append(match.group("sign"))
        elif match.group("symbol"):
            symbols.append(_SYMBOLS[match.group("symbol")])
        else:
            codes.append(match.group("code").upper())
        rest = rest[: match.start()] + rest[match.end() :]
        if len(signs) + parentheses > 1 or len(symbols) > 1 or len(codes) > 1:
            raise not_amount
    currency = codes[0] if codes else symbols[0] if symbols else None
    if symbols and codes and symbols[0] != codes[0] and not (symbols[0] == "USD" and codes[0] in _DOLLAR_CODES):
        raise not_amount
    try:
        amount = _number(rest)
    except (_NotANumber, InvalidOperation):
        raise not_amount from None
    if parentheses or signs == ["-"]:
        amount = -amount
    return _check_size(amount, _shown(value)), currency


# --------------------------------------------------------------------------- dates

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_TIME = (
    r"(?:[ T]+(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,][0-9]+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
)
_PATTERNS = {
    "iso": re.compile(
        r"(?P<year>[0-9]{4})(?P<sep>[-/])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
        r"(?:[ T](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,][0-9]+)?)?"
        r"\s*(?P<offset>Z|UTC|GMT|[-+][0-9]{2}(?::?[0-9]{2})?)?)?"
    ),
    "us": re.compile(r"(?P<month>[0-9]{1,2})/(?P<day>[0-9]{1,2})/(?P<year>[0-9]{4}|[0-9]{2})" + _TIME),
    "eu_dot": re.compile(r"(?P<day>[0-9]{1,2})\.(?P<month>[0-9]{1,2})\.(?P<year>[0-9]{4}|[0-9]{2})\.?" + _TIME),
    "eu_slash": re.compile(r"(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4}|[0-9]{2})" + _TIME),
    "excel_serial": re.compile(r"(?P<days>[0-9]{1,7})(?:\.(?P<fraction>[0-9]+))?"),
}


class DateFormat(str, Enum):
    """How a column writes its dates; inferred per column, shown to the user, who may override it."""

    ISO = "iso"
    US = "us"
    EU_DOT = "eu_dot"
    EU_SLASH = "eu_slash"
    EXCEL_SERIAL = "excel_serial"

    @property
    def label(self) -> str:
        """The format's name in the window."""
        return _LABELS[self]

    @property
    def form(self) -> str:
        """How a value looks in this format, for messages ("MM/DD/YYYY")."""
        return _FORMS[self]


_LABELS = {
    DateFormat.ISO: "YYYY-MM-DD (ISO)",
    DateFormat.US: "MM/DD/YYYY (US)",
    DateFormat.EU_DOT: "DD.MM.YYYY (European)",
    DateFormat.EU_SLASH: "DD/MM/YYYY (European)",
    DateFormat.EXCEL_SERIAL: "Excel serial numbers",
}
_FORMS = {
    DateFormat.ISO: "YYYY-MM-DD",
    DateFormat.US: "MM/DD/YYYY",
    DateFormat.EU_DOT: "DD.MM.YYYY",
    DateFormat.EU_SLASH: "DD/MM/YYYY",
    DateFormat.EXCEL_SERIAL: "of an Excel serial number",
}
_INFERENCE_ORDER = (DateFormat.ISO, DateFormat.US, DateFormat.EU_SLASH, DateFormat.EU_DOT, DateFormat.EXCEL_SERIAL)


def _year(digits: str) -> int:
    """Two-digit years as Excel and POSIX read them: 00–68 → 2000s, 69–99 → 1900s."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 69 else 1900
    return year


def _serial(days: Decimal | float, shown: str) -> date:
    if not 1 <= days <= _EXCEL_MAX_SERIAL:
        raise ValueProblem(f"{shown} is outside the range of Excel date serial numbers")
    return _EXCEL_EPOCH + timedelta(days=int(days))


def _not_in_form(text: str, fmt: DateFormat) -> ValueProblem:
    return ValueProblem(f"{_quoted(text)} is not a date in the form {fmt.form}")


@lru_cache(maxsize=64)
def _offset(text: str) -> timezone | None:
    """A UTC offset as written after an ISO time ("Z", "UTC", "+0000", "-02:00", "+05"); None if impossible."""
    if text in ("Z", "UTC", "GMT"):
        return UTC
    hours, minutes = int(text[1:3]), int(text[3:].lstrip(":") or 0)
    if hours > 23 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def _parse_text(text: str, fmt: DateFormat, match: re.Match[str] | None = None) -> date:
    """``text`` (stripped) read under ``fmt``; ``match`` is its pattern's match when already made."""
    if match is None and (match := _PATTERNS[fmt.value].fullmatch(text)) is None:
        raise _not_in_form(text, fmt)
    groups = match.groupdict()
    if fmt is DateFormat.EXCEL_SERIAL:
        return _serial(int(groups["days"]), text)
    month = int(groups["month"])
    if not 1 <= month <= 12:
        raise _not_in_form(text, fmt)  # most likely the wrong format for the column
    try:
        day = date(_year(groups["year"]), month, int(groups["day"]))
    except ValueError:
        raise ValueProblem(f"{text} is not a date") from None
    if groups["hour"] is None:
        return day
    hour, minute, second = int(groups["hour"]), int(groups["minute"]), int(groups["second"] or 0)
    ampm = groups.get("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            raise _not_in_form(text, fmt)
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _not_in_form(text, fmt)
    offset = groups.get("offset")
    if not offset:
        return day
    zone = _offset(offset)
    if zone is None:
        raise _not_in_form(text, fmt)
    try:
        return datetime.combine(day, time(hour, minute, second), zone).astimezone(UTC).date()
    except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it
        raise ValueProblem(f"{text} is not a date") from None


def parse_date(value: object, fmt: DateFormat | None) -> date | None:
    """The date a cell holds under ``fmt`` (None: ISO, else an Excel serial); None when empty.

    Spreadsheet date cells give their own date; an ISO value with an offset
    gives its date in UTC; numbers are Excel serials (days since 1899-12-30).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date()
    if isinstance(value, date):
        return value
    if _is_number(value):
        if fmt not in (None, DateFormat.EXCEL_SERIAL):
            raise ValueProblem(f"{_quoted(value)} is not a date in the form {fmt.form}")  # type: ignore[union-attr]
        if not _is_finite(value):  # type: ignore[arg-type]
            raise ValueProblem(f"{_quoted(value)} is not a date")
        return _serial(value, _shown(value))  # type: ignore[arg-type]
    if not isinstance(value, str):
        raise ValueProblem(f"{_quoted(value)} is not a date")
    text = value.strip()
    if not text:
        return None
    if fmt is not None:
        return _parse_text(text, fmt)
    try:
        return _parse_text(text, DateFormat.ISO)
    except ValueProblem as problem:
        if _PATTERNS["excel_serial"].fullmatch(text) is None:
            raise problem from None
    return _parse_text(text, DateFormat.EXCEL_SERIAL)


_INFERENCE_PATTERNS = tuple((fmt, _PATTERNS[fmt.value]) for fmt in _INFERENCE_ORDER)
_INFERENCE_MEMORY = 20_000
"""Distinct values remembered while inferring a column's format (bounded, so memory stays flat)."""


def _fits(value: object, fmt: DateFormat, pattern: re.Pattern[str]) -> bool:
    try:
        if not isinstance(value, str):
            parse_date(value, fmt)
        elif (match := pattern.fullmatch(text := value.strip())) is None:
            return False  # the quick answer for most values, without building a ValueProblem
        else:
            _parse_text(text, fmt, match)
    except ValueProblem:
        return False
    return True


def infer_date_format(values: Iterable[object]) -> DateFormat | None:
    """The format under which most of a column's non-empty values parse (all of them, ideally).

    Reads ``values`` once. Day-first and month-first slashes are told apart
    by a part above 12; a column where every part is 12 or less reads as US.
    Spreadsheet date cells parse under every format. None when nothing looks like a date.
    """
    counts = dict.fromkeys(_INFERENCE_ORDER, 0)
    known: dict[object, tuple[DateFormat, ...]] = {}  # columns repeat their dates: parse each once
    for value in values:
        if isinstance(value, (date, datetime)):
            fits: tuple[DateFormat, ...] = _INFERENCE_ORDER
        elif value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
            continue
        elif (fits := known.get(value)) is None:  # type: ignore[assignment]
            fits = tuple(fmt for fmt, pattern in _INFERENCE_PATTERNS if _fits(value, fmt, pattern))
            if len(known) < _INFERENCE_MEMORY:
                known[value] = fits
        for fmt in fits:
            counts[fmt] += 1
    best = max(_INFERENCE_ORDER, key=lambda fmt: counts[fmt])  # the first of equals wins: ISO, then US
    return best if counts[best] else None


# -------------------------------------------------------------------- flags, counts

_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})


def parse_bool(value: object) -> bool | None:
    """TRUE/FALSE, yes/no, y/n, 1/0 in any case, or a spreadsheet boolean or 0/1; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if _is_number(value) and _is_finite(value) and value in (0, 1):  # type: ignore[arg-type]
        return bool(value)
    text = value.strip().lower() if isinstance(value, str) else None
    if text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(f"{_quoted(value)} is not yes or no")


def parse_int(value: object) -> int | None:
    """A whole number: "1,200", "1200" and 1200.0 are 1200; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"{_quoted(value)} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if not _is_finite(value) or abs(value) >= 10**30 or value != int(value):
            raise ValueProblem(f"{_shown(value)} is not a whole number")
        return int(value)
    if not isinstance(value, str):
        raise ValueProblem(f"{_quoted(value)} is not a whole number")
    text = value.strip().replace("\u2212", "-")
    if not text:
        return None
    negative = text.startswith("-")
    try:
        number = _number(text[1:] if text[0] in "-+" else text)
    except (_NotANumber, InvalidOperation):
        raise ValueProblem(f"{_quoted(value)} is not a whole number") from None
    if number != number.to_integral_value() or number.adjusted() >= 30:
        raise ValueProblem(f"{_shown(value)} is not a whole number")
    return -int(number) if negative else int(number)
