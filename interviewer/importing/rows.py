"""One file row → the values to store, or the plain reason it is refused.

A converter is built once per file from the plan (which column holds which
field, each date column's format) and then called for every row. Exports
repeat the same stages, dates, flags, amounts and accounts thousands of
times, so every parse is memoised per column on the raw cell, and the
outcome, reason and account of a row on the raw cells they come from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any

from interviewer.enums import Outcome
from interviewer.importing.mapping import FIELDS
from interviewer.importing.outcomes import (
    OutcomeProblem,
    ReasonReading,
    clean_competitor,
    decide_outcome,
    loss_competitor,
    read_reason,
)
from interviewer.importing.values import (
    DateFormat,
    ValueProblem,
    clean_text,
    parse_amount,
    parse_bool,
    parse_date,
    parse_int,
)  # fmt: skip
from interviewer.models import Account, Contact, Deal

__all__ = [
    "DEAL_VALUES", "SEGMENT_RULE", "AccountFields", "ContactFields", "DealFields", "RowProblem", "account_converter",
    "account_key", "bounded_key", "contact_converter", "deal_converter", "derive_segment", "name_key", "raw_values",
    "record_key", "row_hash", "split_name",
]  # fmt: skip

SEGMENT_RULE = "segment from employee count (SMB under 200, Mid-Market under 2,000, Enterprise from 2,000)"
DEAL_VALUES = (
    "name", "outcome", "raw_stage", "amount", "currency", "close_date", "owner_rep", "product", "lead_source",
    "rep_reason", "competitor", "rep_note",
)  # fmt: skip
"""The deal columns a row gives, in the order of :attr:`DealFields.values`."""

_CACHE_LIMIT = 50_000
Reader = Callable[[Sequence[object]], Any]
"""Reads one field (or a key) from a row."""
_CENT = Decimal("0.01")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ASSOCIATED = re.compile(r"^(?P<name>.*?)\s*\((?P<email>[^()\s]+@[^()\s]+)\)\s*$")


class RowProblem(Exception):
    """The row cannot be stored; ``str()`` is the reason in plain words ("close date 31/02/2024 is not a date")."""


_MESSAGE_NAMES = {"is_closed": "closed flag", "is_won": "won flag", "do_not_contact": "do-not-contact flag"}


class _Bad(str):
    """A memoised problem: the message, raised afresh as a RowProblem each time it is met."""


def _length(column: Any) -> int | None:
    return getattr(column.type, "length", None)


def derive_segment(employees: int | None) -> str | None:
    """SMB under 200 employees, Mid-Market under 2,000, Enterprise otherwise; None when unknown."""
    if employees is None:
        return None
    if employees < 200:
        return "SMB"
    if employees < 2000:
        return "Mid-Market"
    return "Enterprise"


def name_key(name: str) -> str:
    """How account and contact names are matched: case-insensitive, inner whitespace collapsed."""
    return " ".join(name.casefold().split())


def bounded_key(prefix: str, text: str, limit: int = 120) -> str:
    """``prefix + text``, or ``prefix`` and a hash of the text when that is longer than an external id may be."""
    key = prefix + text
    if len(key) <= limit:
        return key
    return prefix[: limit - 48] + "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def account_key(name: str) -> str:
    """The external id of an account known only by its name ("name:acme corporation")."""
    return bounded_key("name:", name_key(name))


def row_hash(values: Mapping[str, str | None]) -> str:
    """A stable id for a row without one: a hash of its mapped values (same values → same id)."""
    text = "\x1f".join(f"{field}\x1e{values[field] or ''}" for field in sorted(values))
    return "row:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def record_key(record: Any) -> str:
    """What makes a converted row unique in its file: its external id (an account's name key when it has none)."""
    if isinstance(record, AccountFields):
        return record.external_id or account_key(record.name or "")
    return record.external_id  # type: ignore[no-any-return]


def raw_values(headers: Sequence[str], values: Sequence[object]) -> dict[str, str]:
    """A rejected row as {header: value as text}; extra or unnamed columns get "column N"."""
    raw: dict[str, str] = {}
    for index, value in enumerate(values):
        header = headers[index] if index < len(headers) and headers[index] else f"column {index + 1}"
        if header in raw:
            header = f"{header} (column {index + 1})"
        raw[header] = value if isinstance(value, str) else (clean_text(value) or "")
    return raw


def split_name(full: str | None) -> tuple[str | None, str | None]:
    """ "Rose Gonzalez" → ("Rose", "Gonzalez"); a single word is a last name."""
    if not full:
        return None, None
    parts = full.split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


# ---------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class AccountFields:
    """What a row says about an account; None means "not said". Hashable: equal rows resolve once."""

    external_id: str | None
    name: str | None
    industry: str | None = None
    employee_count: int | None = None
    region: str | None = None
    segment: str | None = None

    def attributes(self) -> dict[str, Any]:
        values = {"industry": self.industry, "employee_count": self.employee_count, "region": self.region,
                  "segment": self.segment}  # fmt: skip
        return {key: value for key, value in values.items() if value is not None}


@dataclass(frozen=True, slots=True)
class ContactFields:
    external_id: str | None
    account: AccountFields | None
    first_name: str | None
    last_name: str | None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    time_zone: str | None = None
    do_not_contact: bool | None = None


@dataclass(slots=True)
class DealFields:
    external_id: str
    values: tuple[Any, ...]
    """The deal's columns in :data:`DEAL_VALUES` order, as stored (account excepted)."""
    account: AccountFields | None
    contact: ContactFields | None

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(DEAL_VALUES, self.values, strict=True))


# ------------------------------------------------------------------ cell readers


class _Columns:
    """Readers of one file's cells by field: text, memoised parses, and the row's content hash."""

    def __init__(self, kind: str, mapping: Mapping[str, str], headers: Sequence[str],
                 date_formats: Mapping[str, DateFormat | None]) -> None:  # fmt: skip
        positions: dict[str, int] = {}
        for index, header in enumerate(headers):
            positions.setdefault(header, index)
        self.kind = kind
        self.index = {name: positions[header] for name, header in mapping.items() if header in positions}
        self.formats = {name: date_formats.get(mapping[name]) for name in self.index}

    def label(self, name: str) -> str:
        """How a rejection names the field: its label in lower case ("close date"), flags as flags."""
        return _MESSAGE_NAMES.get(name) or FIELDS[self.kind].get(name, name.replace("_", " ")).lower()

    def text(self, name: str, limit: int | None = None, label: str | None = None) -> Callable[[Sequence[object]], str | None]:
        """A reader of the field's text, stripped; None when empty or unmapped; too long is a RowProblem."""
        index = self.index.get(name)
        if index is None:
            return _nothing
        label = label or self.label(name)

        def read(row: Sequence[object]) -> str | None:
            value = row[index]
            if value.__class__ is str:
                value = value.strip()  # type: ignore[union-attr]
                if not value:
                    return None
            elif value is None:
                return None
            else:
                value = clean_text(value)
                if value is None:
                    return None
            if limit is not None and len(value) > limit:  # type: ignore[arg-type]
                raise RowProblem(f"{label} is longer than {limit:,} characters")
            return value  # type: ignore[return-value]

        return read

    def parsed(self, name: str, parse: Callable[[object], Any]) -> Callable[[Sequence[object]], Any]:
        """A reader of the field parsed by ``parse`` (memoised per raw cell); a ValueProblem becomes a RowProblem."""
        index = self.index.get(name)
        if index is None:
            return _nothing
        return _memoised(itemgetter(index), parse, self.label(name))

    def date(self, name: str) -> Callable[[Sequence[object]], Any]:
        fmt = self.formats.get(name)
        return self.parsed(name, lambda value: parse_date(value, fmt))

    def identity(self, row: Sequence[object]) -> dict[str, str | None]:
        """The row's mapped values as text, for its content hash."""
        values: dict[str, str | None] = {}
        for name, index in self.index.items():
            value = row[index]
            values[name] = value.strip() if isinstance(value, str) else clean_text(value)
        return values

    def key(self, *names: str) -> Callable[[Sequence[object]], Any]:
        """The raw cells of these fields (those mapped), as a hashable key."""
        indexes = [self.index[name] for name in names if name in self.index]
        if not indexes:
            return _empty_key
        getter = itemgetter(*indexes)
        return getter if len(indexes) > 1 else (lambda row: (getter(row),))


def _nothing(row: Sequence[object]) -> None:
    return None


def _empty_key(row: Sequence[object]) -> tuple[()]:
    return ()


def _memoised(cell: Reader, parse: Callable[[object], Any], label: str) -> Reader:
    """``parse`` of the cell, memoised on the cell (spreadsheet values also on their type: True is not 1)."""
    cache: dict[Any, Any] = {}

    def compute(value: object) -> Any:
        if value is None or (value.__class__ is str and not value.strip()):  # type: ignore[attr-defined]
            return None
        try:
            return parse(value)
        except ValueProblem as problem:
            return _Bad(f"{label} {problem}")
        except RowProblem as problem:
            return _Bad(str(problem))

    def read(row: Sequence[object]) -> Any:
        value = cell(row)
        key = value if value.__class__ is str else (value.__class__, value)
        try:
            result = cache[key]
        except KeyError:
            result = compute(value)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[key] = result
        except TypeError:  # an unhashable cell (none is read from files today): parse it without the memo
            result = compute(value)
        if result.__class__ is _Bad:
            raise RowProblem(result)
        return result

    return read


def _memo_by_key(key: Reader, compute: Reader) -> Reader:
    """``compute(row)``, memoised on ``key(row)``; a RowProblem is memoised too."""
    cache: dict[Any, Any] = {}

    def read(row: Sequence[object]) -> Any:
        k = key(row)
        try:
            result = cache[k]
        except KeyError:
            try:
                result = compute(row)
            except RowProblem as problem:
                result = _Bad(str(problem))
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[k] = result
        if result.__class__ is _Bad:
            raise RowProblem(result)
        return result

    return read


def _amount(value: object) -> tuple[Decimal | None, str | None]:
    if value.__class__ is str:
        text = value.strip()  # type: ignore[attr-defined]
        if text.isascii() and text.isdigit() and len(text) <= 15:
            return Decimal(text + ".00"), None
    amount, code = parse_amount(value)
    if amount is not None:
        if amount < 0:
            raise ValueProblem(f"{clean_text(value)} is negative")
        amount = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    return amount, code


def _currency(value: object) -> str:
    text = (clean_text(value) or "").upper()
    if _CURRENCY.fullmatch(text):
        return text
    try:
        _, code = parse_amount(f"1 {clean_text(value)}")
    except ValueProblem:
        code = None
    if code is None:
        raise ValueProblem(f"'{clean_text(value)}' is not a currency code")
    return code


def _employees(value: object) -> int | None:
    count = parse_int(value)
    if count is not None and not 0 <= count < 2**31:
        raise ValueProblem(f"{count} is not a number of employees")
    return count


_DEAL = Deal.__table__.c
_ACC = Account.__table__.c
_CON = Contact.__table__.c


def _account_reader(columns: _Columns, *, own: bool) -> Callable[[Sequence[object]], AccountFields | None]:
    """A reader of the account a row names (``own``: the row *is* an account), memoised on its raw cells."""
    id_field, name_field = ("external_id", "name") if own else ("account_external_id", "account_name")
    external_id = columns.text(id_field, _length(_ACC.external_id), "account id")
    name = columns.text(name_field, _length(_ACC.name), "account name")
    industry = columns.text("industry", _length(_ACC.industry))
    region = columns.text("region", _length(_ACC.region))
    segment = columns.text("segment", _length(_ACC.segment))
    employees = columns.parsed("employees", _employees)
    derive = "segment" not in columns.index

    def read(row: Sequence[object]) -> AccountFields | None:
        account_id, account_name = external_id(row), name(row)
        if account_id is None and account_name is None:
            return None
        count = employees(row)
        stated = segment(row)
        return AccountFields(account_id, account_name, industry(row), count, region(row),
                             derive_segment(count) if derive else stated)  # fmt: skip

    return _memo_by_key(columns.key(id_field, name_field, "industry", "region", "segment", "employees"), read)


Converter = Callable[[Sequence[object]], Any]


def deal_converter(mapping: Mapping[str, str], headers: Sequence[str],
                   date_formats: Mapping[str, DateFormat | None]) -> Converter:  # fmt: skip
    """A function turning one deals-file row into :class:`DealFields`, or raising RowProblem."""
    columns = _Columns("deals", mapping, headers, date_formats)
    mapped = columns.index
    limit = {name: _length(column) for name, column in _DEAL.items()}
    external_id = columns.text("external_id", limit["external_id"])
    name = columns.text("name", limit["name"])
    owner = columns.text("owner", limit["owner_rep"])
    product = columns.text("product", limit["product"])
    lead_source = columns.text("lead_source", limit["lead_source"])
    close_date = columns.date("close_date")
    won_time = columns.date("won_time")
    lost_time = columns.date("lost_time")
    amount = columns.parsed("amount", _amount)
    currency = columns.parsed("currency", _currency)
    account = _account_reader(columns, own=False)

    stage = columns.text("stage")
    status = columns.text("status")
    is_closed = columns.parsed("is_closed", parse_bool)
    is_won = columns.parsed("is_won", parse_bool)
    loss_reason = columns.text("loss_reason")
    won_reason = columns.text("won_reason")
    rep_note = columns.text("rep_note")
    closed_mapped, won_mapped = "is_closed" in mapped, "is_won" in mapped

    stage_limit = limit["raw_stage"]
    times_key = columns.key("won_time", "lost_time")
    has_won_time, has_lost_time = "won_time" in mapped, "lost_time" in mapped

    def decide(row: Sequence[object]) -> tuple[Outcome, str | None]:
        stage_text, status_text = stage(row), status(row)
        closed, won = is_closed(row), is_won(row)
        times = iter(times_key(row))
        won_at = next(times) if has_won_time else None
        lost_at = next(times) if has_lost_time else None
        try:
            outcome, _ = decide_outcome(
                stage=stage_text, status=status_text,
                is_closed=bool(closed) if closed_mapped else None, is_won=bool(won) if won_mapped else None,
                won_time=_present(won_at), lost_time=_present(lost_at), loss_reason=loss_reason(row),
            )  # fmt: skip
        except OutcomeProblem as problem:
            raise RowProblem(str(problem)) from None
        raw_stage = stage_text or status_text
        if raw_stage is not None and stage_limit is not None and len(raw_stage) > stage_limit:
            raise RowProblem(f"{'stage' if stage_text else 'status'} is longer than {stage_limit} characters")
        return outcome, raw_stage

    outcome_key = columns.key("stage", "status", "is_closed", "is_won", "loss_reason")
    if has_won_time or has_lost_time:
        outcome_of = _memo_by_key(
            lambda row: (outcome_key(row), *(_present(value) is None for value in times_key(row))), decide
        )
    else:
        outcome_of = _memo_by_key(outcome_key, decide)
    has_note = "rep_note" in mapped
    won_first, lost_first = "won_reason" in mapped, "loss_reason" in mapped
    reason_key = columns.key("won_reason", "loss_reason", "rep_note")
    reasons: dict[Any, ReasonReading] = {}

    def reason_of(row: Sequence[object], won: bool) -> ReasonReading:
        key = (reason_key(row), won)
        found = reasons.get(key)
        if found is None:
            won_text, lost_text = won_reason(row), loss_reason(row)
            text = (won_text if won_first else lost_text) if won else (lost_text if lost_first else won_text)
            found = read_reason(text, rep_note(row), has_note_column=has_note)
            if len(reasons) >= _CACHE_LIMIT:
                reasons.clear()
            reasons[key] = found
        return found

    competitor_limit = limit["competitor"]
    competitor = columns.parsed("competitor", lambda value: _competitor(value, competitor_limit))
    contact = _contact_reader(columns)

    def convert(row: Sequence[object]) -> DealFields:
        identifier = external_id(row)
        if identifier is None:
            identifier = row_hash(columns.identity(row))
        outcome, raw_stage = outcome_of(row)
        closed_on, won_on, lost_on = close_date(row), won_time(row), lost_time(row)
        if closed_on is None and outcome is not Outcome.OPEN:
            closed_on = won_on if outcome is Outcome.WON else lost_on
        value, code = amount(row) or (None, None)
        rep_reason, note, named = reason_of(row, outcome is Outcome.WON)
        rival = competitor(row)
        if outcome is Outcome.LOST:
            rival = loss_competitor(named, rival)
        values = (
            name(row), outcome, raw_stage, value, currency(row) or code or "USD", closed_on, owner(row), product(row),
            lead_source(row), rep_reason, rival, note,
        )  # fmt: skip
        return DealFields(identifier, values, account(row), contact(row))

    return convert


def _present(value: object) -> object:
    """The cell when it holds something, else None."""
    if value is None or (value.__class__ is str and not value.strip()):  # type: ignore[attr-defined]
        return None
    return value


def _competitor(value: object, limit: int | None) -> str | None:
    text = clean_text(value)
    if text is not None and limit is not None and len(text) > limit:
        raise RowProblem(f"competitor is longer than {limit:,} characters")
    return clean_competitor(text)


def _contact_reader(columns: _Columns) -> Callable[[Sequence[object]], ContactFields | None]:
    """A reader of the contact a deals row names ("Jane Doe (jane@example.com)" is split; a list gives its first)."""
    name = columns.text("contact_name")
    email = columns.text("contact_email", _length(_CON.email))
    first_limit, last_limit = _length(_CON.first_name), _length(_CON.last_name)

    def read(row: Sequence[object]) -> ContactFields | None:
        full, address = name(row), email(row)
        if full and ";" in full:
            full = full.split(";")[0].strip() or None
        if full and address is None:
            match = _ASSOCIATED.match(full)
            if match:
                full, address = match["name"] or None, match["email"]
        if full is None and address is None:
            return None
        first, last = split_name(full)
        _check(first, first_limit, "contact first name")
        _check(last, last_limit, "contact last name")
        return ContactFields(None, None, first, last, email=address)

    if "contact_name" not in columns.index and "contact_email" not in columns.index:
        return _nothing
    return _memo_by_key(columns.key("contact_name", "contact_email"), read)


def _check(value: str | None, limit: int | None, label: str) -> None:
    if value is not None and limit is not None and len(value) > limit:
        raise RowProblem(f"{label} is longer than {limit:,} characters")


def account_converter(mapping: Mapping[str, str], headers: Sequence[str],
                      date_formats: Mapping[str, DateFormat | None]) -> Converter:  # fmt: skip
    """A function turning one accounts-file row into :class:`AccountFields`, or raising RowProblem."""
    account = _account_reader(_Columns("accounts", mapping, headers, date_formats), own=True)

    def convert(row: Sequence[object]) -> AccountFields:
        fields = account(row)
        if fields is None:
            raise RowProblem("the row has neither an account id nor an account name")
        return fields

    return convert


def contact_converter(mapping: Mapping[str, str], headers: Sequence[str],
                      date_formats: Mapping[str, DateFormat | None]) -> Converter:  # fmt: skip
    """A function turning one contacts-file row into :class:`ContactFields`, or raising RowProblem."""
    columns = _Columns("contacts", mapping, headers, date_formats)
    limit = {name: _length(column) for name, column in _CON.items()}
    first_name = columns.text("first_name", limit["first_name"])
    last_name = columns.text("last_name", limit["last_name"])
    full_name = columns.text("full_name")
    email = columns.text("email", limit["email"])
    external_id = columns.text("external_id", limit["external_id"], "contact id")
    account_id = columns.text("account_external_id", _length(_ACC.external_id), "account id")
    account_name = columns.text("account_name", _length(_ACC.name), "account name")
    title = columns.text("title", limit["title"])
    phone = columns.text("phone", limit["phone"])
    time_zone = columns.text("time_zone", limit["time_zone"])
    do_not_contact = columns.parsed("do_not_contact", parse_bool)

    def convert(row: Sequence[object]) -> ContactFields:
        first, last = first_name(row), last_name(row)
        if first is None and last is None:
            first, last = split_name(full_name(row))
            _check(first, limit["first_name"], "first name")
            _check(last, limit["last_name"], "last name")
        address = email(row)
        identifier = external_id(row)
        if identifier is None:
            if address is None and first is None and last is None:
                raise RowProblem("the row has no contact id, name or email")
            identifier = bounded_key("email:", address.casefold()) if address else row_hash(columns.identity(row))
        account_ref, account_label = account_id(row), account_name(row)
        account = AccountFields(account_ref, account_label) if account_ref or account_label else None
        return ContactFields(identifier, account, first, last, title(row), address, phone(row), time_zone(row),
                             do_not_contact(row))  # fmt: skip

    return convert
