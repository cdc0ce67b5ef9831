"""Cells of CRM exports read as text, amounts, dates, flags and counts (interviewer/importing/values.py)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.importing.values import (
    DateFormat,
    ValueProblem,
    clean_text,
    infer_date_format,
    parse_amount,
    parse_bool,
    parse_date,
    parse_int,
)
from paths import SHARED_DATA

SHARED_DATA = SHARED_DATA


def _real_opportunities() -> list[dict[str, str]]:
    path = SHARED_DATA / "salesforce-devorg" / "Opportunity.csv"
    if not path.is_file():
        pytest.skip(f"the real Salesforce export is absent ({path}); the synthetic cases still run")
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


# ----------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   \t ", None),
        ("  Acme Corp \n", "Acme Corp"),
        ("a\x01b  c", "a\x01b  c"),  # inner text, control characters included, is kept
        (12345.0, "12345"),
        (12.5, "12.5"),
        (7, "7"),
        (True, "TRUE"),
        (datetime(2024, 1, 22), "2024-01-22"),
        (datetime(2024, 1, 22, 16, 14, 25), "2024-01-22T16:14:25"),
        (date(2024, 1, 22), "2024-01-22"),
    ],
)
def test_clean_text(value: object, expected: str | None) -> None:
    assert clean_text(value) == expected


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("value", "amount", "currency"),
    [
        ("15000", "15000", None),
        ("$1,234.50", "1234.50", "USD"),
        ("€1.234,50", "1234.50", "EUR"),
        ("1.234,50 €", "1234.50", "EUR"),
        ("£99", "99", "GBP"),
        ("¥120000", "120000", "JPY"),
        ("CHF 1'234.50", "1234.50", "CHF"),
        ("1'234.50", "1234.50", None),
        ("USD 1,000", "1000", "USD"),
        ("1000 EUR", "1000", "EUR"),
        ("1000EUR", "1000", "EUR"),
        ("eur 12", "12", "EUR"),
        ("CAD$ 5", "5", "CAD"),
        ("$100 CAD", "100", "CAD"),  # "$" is any dollar when a code says which
        ("1 234 567,89", "1234567.89", None),
        ("1\u00a0234,50", "1234.50", None),
        ("1\u202f234,50", "1234.50", None),
        ("1,234", "1234", None),
        ("1.234", "1234", None),  # one separator and exactly three digits: thousands
        ("1234,5", "1234.5", None),
        ("1234.567", "1234.567", None),  # four digits before it: a decimal point
        ("0.125", "0.125", None),  # no thousand starts with 0
        ("1,234,567", "1234567", None),
        ("1.234.567,5", "1234567.5", None),
        (".5", "0.5", None),
        ("(1,234.50)", "-1234.50", None),
        ("$(1,234.50)", "-1234.50", "USD"),
        ("($1,234.50)", "-1234.50", "USD"),
        ("-1,234.50", "-1234.50", None),
        ("-$5", "-5", "USD"),
        ("$-5", "-5", "USD"),
        ("1234.50-", "-1234.50", None),
        ("\u22127", "-7", None),
        ("+7", "7", None),
        ("999999999999999", "999999999999999", None),
        (15000, "15000", None),
        (1234.5, "1234.5", None),
        (0.1, "0.1", None),
        (Decimal("3.30"), "3.30", None),
        ("", None, None),
        ("  ", None, None),
        (None, None, None),
    ],
)
def test_parse_amount(value: object, amount: str | None, currency: str | None) -> None:
    assert parse_amount(value) == (None if amount is None else Decimal(amount), currency)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("twelve", "'twelve' is not an amount"),
        ("1,2,3", "'1,2,3' is not an amount"),
        ("12,34,567", "'12,34,567' is not an amount"),
        ("1.234.5", "'1.234.5' is not an amount"),
        ("1,234 567", "'1,234 567' is not an amount"),
        ("€100 USD", "'€100 USD' is not an amount"),
        ("$$5", "'$$5' is not an amount"),
        ("--5", "'--5' is not an amount"),
        ("-(5)", "'-(5)' is not an amount"),
        ("10%", "'10%' is not an amount"),
        ("1e5", "'1e5' is not an amount"),
        ("XYZ 5", "'XYZ 5' is not an amount"),
        ("-", "'-' is not an amount"),
        ("$", "'$' is not an amount"),
        ("1234567890123456", "1234567890123456 is too large to be an amount"),
        ("$9,999,999,999,999,999.00", "$9,999,999,999,999,999.00 is too large to be an amount"),
        (1e20, "1e+20 is too large to be an amount"),
        (float("nan"), "'nan' is not an amount"),
        (True, "'True' is not an amount"),
    ],
)
def test_parse_amount_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueProblem) as problem:
        parse_amount(value)
    assert str(problem.value) == message


def test_amounts_of_the_real_salesforce_export_read_as_written() -> None:
    for row in _real_opportunities():
        if row["Amount"]:
            amount, currency = parse_amount(row["Amount"])
            assert amount == Decimal(row["Amount"]) and currency is None
            # the same amount as an accountant's spreadsheet writes it, from the real value
            assert parse_amount(f"(${int(row['Amount']):,}.00)") == (-Decimal(row["Amount"]), "USD")
            assert parse_amount(f"{int(row['Amount']):,} €".replace(",", ".")) == (Decimal(row["Amount"]), "EUR")


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        ("2024-01-22", DateFormat.ISO, date(2024, 1, 22)),
        ("2024-1-2", DateFormat.ISO, date(2024, 1, 2)),
        ("2024-01-22T16:14:25.000+0000", DateFormat.ISO, date(2024, 1, 22)),
        ("2024-01-22T23:30:00.000-0200", DateFormat.ISO, date(2024, 1, 23)),  # the date in UTC
        ("2024-01-22T01:00:00+02:00", DateFormat.ISO, date(2024, 1, 21)),
        ("2024-01-22T16:14:25Z", DateFormat.ISO, date(2024, 1, 22)),
        ("2024-01-22 16:14:25", DateFormat.ISO, date(2024, 1, 22)),
        ("2024-01-22 23:14:25 UTC", DateFormat.ISO, date(2024, 1, 22)),
        ("2024/01/22", DateFormat.ISO, date(2024, 1, 22)),
        ("2024-01-22 16:14", DateFormat.ISO, date(2024, 1, 22)),
        ("02/03/24", DateFormat.US, date(2024, 2, 3)),
        ("2/3/2024", DateFormat.US, date(2024, 2, 3)),
        ("02/23/26 08:55 PM", DateFormat.US, date(2026, 2, 23)),
        ("02/24/26 02:18 AM", DateFormat.US, date(2026, 2, 24)),
        ("12/31/1999 11:59 pm", DateFormat.US, date(1999, 12, 31)),
        ("01/15/69", DateFormat.US, date(1969, 1, 15)),  # two-digit years as Excel reads them
        ("01/15/68", DateFormat.US, date(2068, 1, 15)),
        ("22.01.2024", DateFormat.EU_DOT, date(2024, 1, 22)),
        ("22.01.24 14:30", DateFormat.EU_DOT, date(2024, 1, 22)),
        ("22/01/2024", DateFormat.EU_SLASH, date(2024, 1, 22)),
        ("03/02/24 14:30", DateFormat.EU_SLASH, date(2024, 2, 3)),
        ("45313", DateFormat.EXCEL_SERIAL, date(2024, 1, 22)),
        ("45313.75", DateFormat.EXCEL_SERIAL, date(2024, 1, 22)),
        (45313, DateFormat.EXCEL_SERIAL, date(2024, 1, 22)),
        (45313.5, DateFormat.EXCEL_SERIAL, date(2024, 1, 22)),
        (1, DateFormat.EXCEL_SERIAL, date(1899, 12, 31)),
        (2958465, DateFormat.EXCEL_SERIAL, date(9999, 12, 31)),
        ("2024-01-22", None, date(2024, 1, 22)),
        ("45313", None, date(2024, 1, 22)),
        (45313, None, date(2024, 1, 22)),
        (datetime(2024, 1, 22, 16, 14), DateFormat.US, date(2024, 1, 22)),
        (datetime(2024, 1, 22, 23, 30, tzinfo=timezone(timedelta(hours=-2))), None, date(2024, 1, 23)),
        (date(2024, 1, 22), DateFormat.EU_DOT, date(2024, 1, 22)),
        ("", DateFormat.US, None),
        ("  ", None, None),
        (None, DateFormat.ISO, None),
    ],
)
def test_parse_date(value: object, fmt: DateFormat | None, expected: date | None) -> None:
    assert parse_date(value, fmt) == expected


@pytest.mark.parametrize(
    ("value", "fmt", "message"),
    [
        ("31/02/2024", DateFormat.EU_SLASH, "31/02/2024 is not a date"),
        ("02/30/2024", DateFormat.US, "02/30/2024 is not a date"),
        ("29.02.2023", DateFormat.EU_DOT, "29.02.2023 is not a date"),
        ("2023-02-29", DateFormat.ISO, "2023-02-29 is not a date"),
        ("2024/13/45", DateFormat.US, "'2024/13/45' is not a date in the form MM/DD/YYYY"),
        ("13/01/2024", DateFormat.US, "'13/01/2024' is not a date in the form MM/DD/YYYY"),
        ("22/01/2024", DateFormat.ISO, "'22/01/2024' is not a date in the form YYYY-MM-DD"),
        ("22.01.2024", DateFormat.EU_SLASH, "'22.01.2024' is not a date in the form DD/MM/YYYY"),
        ("01/02/2024", DateFormat.EU_DOT, "'01/02/2024' is not a date in the form DD.MM.YYYY"),
        ("02/23/26 13:55 PM", DateFormat.US, "'02/23/26 13:55 PM' is not a date in the form MM/DD/YYYY"),
        ("2024-01-22T25:00:00", DateFormat.ISO, "'2024-01-22T25:00:00' is not a date in the form YYYY-MM-DD"),
        ("next Tuesday", None, "'next Tuesday' is not a date in the form YYYY-MM-DD"),
        ("0", DateFormat.EXCEL_SERIAL, "0 is outside the range of Excel date serial numbers"),
        (2958466, DateFormat.EXCEL_SERIAL, "2958466 is outside the range of Excel date serial numbers"),
        (-3.5, None, "-3.5 is outside the range of Excel date serial numbers"),
        ("2024-01-22", DateFormat.EXCEL_SERIAL, "'2024-01-22' is not a date in the form of an Excel serial number"),
        (45313, DateFormat.US, "'45313' is not a date in the form MM/DD/YYYY"),
    ],
)
def test_parse_date_refuses(value: object, fmt: DateFormat | None, message: str) -> None:
    with pytest.raises(ValueProblem) as problem:
        parse_date(value, fmt)
    assert str(problem.value) == message


def test_date_format_labels() -> None:
    assert DateFormat.US.label == "MM/DD/YYYY (US)"
    assert DateFormat.EU_SLASH.label == "DD/MM/YYYY (European)"
    assert DateFormat.EU_DOT.label == "DD.MM.YYYY (European)"
    assert DateFormat.ISO.label == "YYYY-MM-DD (ISO)"
    assert DateFormat.EXCEL_SERIAL.label == "Excel serial numbers"
    assert DateFormat("eu_slash") is DateFormat.EU_SLASH and DateFormat.US == "us"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2024-01-22", "2024-02-03T10:00:00.000+0000", ""], DateFormat.ISO),
        (["02/03/24", "03/04/24"], DateFormat.US),  # every part 12 or less: undecidable, US
        (["02/03/24", "03/25/24"], DateFormat.US),  # a second part above 12 decides
        (["02/03/24", "25/03/24"], DateFormat.EU_SLASH),  # a first part above 12 decides
        (["01/02/2024"] * 50 + ["13/02/2024"], DateFormat.EU_SLASH),  # the decider may come last
        (["22.01.2024", "03.02.2024"], DateFormat.EU_DOT),
        (["45313", 45314, "45315.5"], DateFormat.EXCEL_SERIAL),
        ([datetime(2024, 1, 22), "25/03/24"], DateFormat.EU_SLASH),
        ([datetime(2024, 1, 22), None], DateFormat.ISO),  # spreadsheet dates parse under every format
        (["02/03/24", "31/02/2024", "03/04/24"], DateFormat.US),  # most values, when not all parse
        (["2024-01-22", "2024-01-23", "01/24/2024"], DateFormat.ISO),
        (["n/a", "", None, "  "], None),
        ([], None),
    ],
)
def test_infer_date_format(values: list[object], expected: DateFormat | None) -> None:
    assert infer_date_format(iter(values)) == expected  # an iterator: read once


def test_dates_of_the_real_salesforce_export_are_inferred_and_parsed() -> None:
    rows = _real_opportunities()
    assert infer_date_format(row["CloseDate"] for row in rows) is DateFormat.US
    assert infer_date_format(row["LastModifiedDate"] for row in rows) is DateFormat.US  # "02/23/26 08:55 PM"
    first = rows[0]
    assert parse_date(first["CloseDate"], DateFormat.US) == date(2024, 2, 3)
    assert parse_date(first["LastModifiedDate"], DateFormat.US) == date(2026, 2, 23)
    # the same dates rewritten in the other forms the issue lists
    closes = [parse_date(row["CloseDate"], DateFormat.US) for row in rows]
    for fmt, render in [
        (DateFormat.ISO, lambda d: f"{d.isoformat()}T16:14:25.000+0000"),
        (DateFormat.EU_DOT, lambda d: d.strftime("%d.%m.%Y")),
        (DateFormat.EU_SLASH, lambda d: d.strftime("%d/%m/%Y")),
        (DateFormat.EXCEL_SERIAL, lambda d: str((d - date(1899, 12, 30)).days)),
    ]:
        rendered = [render(d) for d in closes if d]
        assert infer_date_format(rendered) in (fmt, DateFormat.US if fmt is DateFormat.EU_SLASH else fmt)
        assert [parse_date(text, fmt) for text in rendered] == [d for d in closes if d]


# ----------------------------------------------------------------------- flags, counts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("TRUE", True), ("FALSE", False), ("true", True), ("false", False), ("True", True),
        ("yes", True), ("No", False), ("y", True), ("N", False), ("1", True), ("0", False),
        (" TRUE ", True), (True, True), (False, False), (1, True), (0, False), (1.0, True),
        ("", None), ("  ", None), (None, None),
    ],
)  # fmt: skip
def test_parse_bool(value: object, expected: bool | None) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize(("value", "message"), [("maybe", "'maybe' is not yes or no"), (2, "'2' is not yes or no")])
def test_parse_bool_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueProblem, match=message):
        parse_bool(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,200", 1200), ("1200", 1200), (1200.0, 1200), (1200, 1200), ("1.200", 1200), ("-3", -3),
     ("12.0", 12), (" 7 ", 7), ("", None), (None, None)],
)  # fmt: skip
def test_parse_int(value: object, expected: int | None) -> None:
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("1.5", "1.5 is not a whole number"), (2.5, "2.5 is not a whole number"),
     ("twelve", "'twelve' is not a whole number"), ("$5", "'$5' is not a whole number"),
     (True, "'True' is not a whole number")],
)  # fmt: skip
def test_parse_int_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueProblem) as problem:
        parse_int(value)
    assert str(problem.value) == message


# ----------------------------------------------------------------------- properties

_CELL_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789.,'-+()$€£¥ /:TZAPMUSDEURCHF\u00a0\u202f", max_size=30),
)


@settings(max_examples=300, deadline=None)
@given(_CELL_TEXT)
def test_parsers_return_or_raise_value_problem_on_any_text(text: str) -> None:
    """Arbitrary text never escapes as anything but a ValueProblem (or a value)."""
    for parse in (parse_amount, parse_bool, parse_int, clean_text, lambda t: infer_date_format([t, t])):
        try:
            parse(text)
        except ValueProblem:
            pass
    for fmt in (None, *DateFormat):
        try:
            parse_date(text, fmt)
        except ValueProblem:
            pass


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.datetimes(), st.dates(), st.decimals()))
def test_parsers_return_or_raise_value_problem_on_spreadsheet_values(value: object) -> None:
    for parse in (parse_amount, parse_bool, parse_int, clean_text):
        try:
            parse(value)
        except ValueProblem:
            pass
    for fmt in (None, *DateFormat):
        try:
            parse_date(value, fmt)
        except ValueProblem:
            pass


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-(10**14), max_value=10**14, places=2), st.sampled_from(["en", "de", "ch", "fr"]))
def test_amounts_written_with_separators_read_back(amount: Decimal, style: str) -> None:
    english = f"{abs(amount):,.2f}"
    written = {
        "en": english,
        "de": english.replace(",", "_").replace(".", ",").replace("_", "."),
        "ch": english.replace(",", "'"),
        "fr": english.replace(",", "\u202f").replace(".", ","),
    }[style]
    assert parse_amount(f"({written})" if amount < 0 else written) == (amount, None)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2060, 12, 31)))
def test_dates_written_in_each_form_read_back(day: date) -> None:
    for fmt, text in [
        (DateFormat.ISO, day.isoformat()),
        (DateFormat.US, day.strftime("%m/%d/%Y")),
        (DateFormat.US, day.strftime("%m/%d/%y %I:%M %p")),
        (DateFormat.EU_DOT, day.strftime("%d.%m.%Y")),
        (DateFormat.EU_SLASH, day.strftime("%d/%m/%y")),
        (DateFormat.EXCEL_SERIAL, str((day - date(1899, 12, 30)).days)),
    ]:
        assert parse_date(text, fmt) == day
