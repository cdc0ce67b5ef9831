"""Open a CRM export — CSV in any common encoding and delimiter, or XLSX — as a table of rows.

:func:`open_table` looks at the file once (hash, format, encoding, delimiter,
headers) and gives a :class:`Table` whose :meth:`Table.rows` streams the
records again on each call, numbered as a spreadsheet shows them.
Anything that makes the file unreadable as a whole is an :class:`UnreadableFile`
whose message is one sentence for the user; single bad rows are the importer's business.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .values import clean_text

__all__ = ["Table", "TableInfo", "UnreadableFile", "open_table"]

csv.field_size_limit(50 * 2**20)  # one cell may hold a long e-mail thread, not a whole file

_CHUNK = 1 << 20
_HEAD = 64 * 1024
"""Bytes looked at to sniff the delimiter and tell text from binary data."""
_SNIFF_RECORDS = 50
_DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) container
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class TableInfo:
    """What :func:`open_table` found out about a file."""

    path: Path
    sha256: str
    kind: str  # "csv" or "xlsx"
    encoding: str | None  # None for xlsx
    delimiter: str | None  # None for xlsx
    sheet: str | None  # the xlsx sheet read
    sheets: tuple[str, ...]  # every xlsx sheet, () for csv
    headers: tuple[str, ...]


class Table:
    """A file's header and a way to stream its data records, as many times as needed."""

    def __init__(self, info: TableInfo, header_row: int) -> None:
        self.info = info
        self._header_row = header_row

    def __repr__(self) -> str:
        return f"<Table {self.info.path.name} {self.info.kind} {len(self.info.headers)} columns>"

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """Every data record as ``(row number, values)``, reading the file again on each call.

        Row 1 is the header (unless blank rows precede it); a record spanning
        several lines is one row; records with nothing but blanks are skipped.
        Short records are padded to the header's width ("" for CSV, None for
        XLSX); long ones keep their extra values, minus trailing empty ones.
        """
        records = self._records()
        try:
            width = len(self.info.headers)
            blank: object = "" if self.info.kind == "csv" else None
            for number, values in records:
                if number <= self._header_row or _is_blank(values):
                    continue
                if len(values) < width:
                    values.extend([blank] * (width - len(values)))
                elif len(values) > width:
                    while len(values) > width and _is_empty(values[-1]):
                        values.pop()
                yield number, values
        finally:
            records.close()

    def sample(self, limit: int) -> list[tuple[int, list[object]]]:
        """The first ``limit`` data rows, for previews."""
        rows = self.rows()
        try:
            return list(islice(rows, max(limit, 0)))
        finally:
            rows.close()

    def _records(self) -> Iterator[tuple[int, list[Any]]]:
        if self.info.kind == "xlsx":
            return _xlsx_records(self.info.path, self.info.sheet)
        return _csv_records(self.info.path, self.info.encoding or "utf-8", self.info.delimiter or ",")


def open_table(path: Path | str, sheet: str | None = None) -> Table:
    """Open a CSV or XLSX export (told apart by content), detect how it is written and read its header.

    ``sheet`` picks an XLSX sheet by name (the first one otherwise); CSV files ignore it.
    Raises :class:`UnreadableFile` when the file cannot be read as a table.
    """
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise UnreadableFile(f"{name} does not exist.")
    if path.is_dir():
        raise UnreadableFile(f"{name} is a folder, not a file.")
    try:
        scan = _scan(path)
    except OSError as error:
        raise UnreadableFile(f"{name} cannot be opened ({error.strerror or error}).") from None
    if scan.size == 0:
        raise UnreadableFile(f"{name} is empty.")
    if scan.head.startswith(_ZIP):
        return _open_xlsx(path, scan.sha256, sheet)
    if scan.head.startswith(_OLE2):
        raise UnreadableFile(f"{name} is an old Excel (.xls) file; save it as .xlsx or CSV and import that.")
    return _open_csv(path, scan)


# ------------------------------------------------------------------------ scanning


@dataclass
class _Scan:
    sha256: str
    size: int
    head: bytes
    encoding: str | None  # from a BOM, else decided after the whole file was looked at
    has_nul: bool
    valid_utf8: bool
    cp1252_undefined: bool
    valid_utf16: bool


def _scan(path: Path) -> _Scan:
    """One pass over the bytes: hash, head, BOM, and what the encodings make of the rest."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    encoding: str | None = None
    has_nul = cp1252_undefined = False
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    utf16: codecs.IncrementalDecoder | None = None
    valid_utf8 = valid_utf16 = True
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if not size:
                head = chunk[:_HEAD]
                encoding = next((name for bom, name in _BOMS if chunk.startswith(bom)), None)
                if encoding and encoding.startswith("utf-16"):
                    utf16 = codecs.getincrementaldecoder(encoding)("strict")
            size += len(chunk)
            digest.update(chunk)
            if utf16 is not None:
                if valid_utf16:
                    try:
                        has_nul = has_nul or "\x00" in utf16.decode(chunk)
                    except UnicodeDecodeError:
                        valid_utf16 = False
                continue
            has_nul = has_nul or b"\x00" in chunk
            cp1252_undefined = cp1252_undefined or any(byte in chunk for byte in _CP1252_UNDEFINED)
            if valid_utf8:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    valid_utf8 = False
    if utf16 is not None and valid_utf16:
        try:
            utf16.decode(b"", final=True)
        except UnicodeDecodeError:
            valid_utf16 = False
    if valid_utf8 and utf16 is None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            valid_utf8 = False
    return _Scan(digest.hexdigest(), size, head, encoding, has_nul, valid_utf8, cp1252_undefined, valid_utf16)


def _text_encoding(name: str, scan: _Scan) -> str:
    if scan.encoding and scan.encoding.startswith("utf-16"):
        if not scan.valid_utf16:
            raise UnreadableFile(f"{name} is marked as UTF-16 text but is not valid UTF-16.")
        if scan.has_nul:
            raise UnreadableFile(f"{name} is not a text or Excel file (it contains binary data).")
        return scan.encoding
    if scan.has_nul:
        raise UnreadableFile(f"{name} is not a text or Excel file (it contains binary data).")
    if scan.encoding:  # the UTF-8 BOM
        return scan.encoding if scan.valid_utf8 else ("latin-1" if scan.cp1252_undefined else "cp1252")
    if scan.valid_utf8:
        return "utf-8"
    return "latin-1" if scan.cp1252_undefined else "cp1252"


def _looks_binary(text: str) -> bool:
    """Many control characters (other than tabs and line breaks) mean the file is not text."""
    controls = sum(1 for char in text if (char < " " or "\x7f" <= char <= "\x9f") and char not in _TEXT_CONTROLS)
    return controls > max(2, len(text) // 20)


# ---------------------------------------------------------------------------- csv


def _open_csv(path: Path, scan: _Scan) -> Table:
    name = path.name
    encoding = _text_encoding(name, scan)
    head = codecs.getincrementaldecoder(encoding)("replace").decode(scan.head, final=scan.size <= _HEAD)
    if _looks_binary(head):
        raise UnreadableFile(f"{name} is not a text or Excel file (it contains binary data).")
    delimiter = _sniff_delimiter(head, complete=scan.size <= _HEAD)
    header_row, header = 0, None
    records = _csv_records(path, encoding, delimiter)
    try:
        for number, values in records:
            if not _is_blank(values):
                header_row, header = number, values
                break
    finally:
        records.close()
    if header is None:
        raise UnreadableFile(f"{name} has no header row (it holds only blank lines).")
    headers = _headers(header)
    info = TableInfo(path, scan.sha256, "csv", encoding, delimiter, None, (), headers)
    return Table(info, header_row)


def _sniff_delimiter(head: str, complete: bool) -> str:
    """The delimiter that splits the first records into the same number (> 1) of columns most often.

    Parsed with the csv module, so delimiters inside quotes do not count; a
    title line above the header does not mislead it. Ties go to the wider
    split, then to the order , ; tab |. One column: ",".
    """
    best, best_score = ",", (0.0, 1)
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, strict=False)
        try:
            records = [r for r in islice(reader, _SNIFF_RECORDS + 1) if not _is_blank(r)]
        except csv.Error:
            continue
        if not complete and len(records) > 1:
            records.pop()  # the head may end in the middle of a record
        widths = Counter(len(record) for record in records)
        if not widths:
            continue
        width, matching = max(widths.items(), key=lambda item: (item[1], item[0]))
        if width < 2:
            continue
        score = (matching / len(records), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    """Every record of a CSV file, blank ones included, numbered from 1."""
    name = path.name
    number = 0
    try:
        with path.open("r", encoding=encoding, errors="replace", newline="") as stream:
            for number, record in enumerate(csv.reader(stream, delimiter=delimiter, strict=False), start=1):
                if number == 1 and record:
                    record[0] = _without_bom(record[0])
                yield number, record
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            limit = csv.field_size_limit() / 2**20
            raise UnreadableFile(f"{name} has a cell larger than {limit:g} MB at row {number + 1}.") from None
        raise UnreadableFile(f"{name} cannot be read as CSV at row {number + 1} ({error}).") from None
    except OSError as error:
        raise UnreadableFile(f"{name} cannot be read ({error.strerror or error}).") from None


# --------------------------------------------------------------------------- xlsx


def _load_workbook(path: Path, stream: IO[bytes]) -> Any:
    # loaded on demand: the command line starts faster without it
    from openpyxl import load_workbook

    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds (zip, XML, KeyError, its own) for one cause
        raise UnreadableFile(f"{path.name} is a zip file but not an Excel workbook (.xlsx) that can be read.") from None


def _worksheet(workbook: Any, path: Path, sheet: str | None) -> Any:
    names = tuple(workbook.sheetnames)
    if not names:
        raise UnreadableFile(f"{path.name} has no sheets.")
    if sheet is None:  # the first sheet that holds cells, not a chart
        tables = [name for name in names if hasattr(workbook[name], "iter_rows")]
        if not tables:
            raise UnreadableFile(f"{path.name} holds only charts, no sheet of cells.")
        return workbook[tables[0]]
    if sheet not in names:
        listed = ", ".join(f"'{n}'" for n in names)
        raise UnreadableFile(f"{path.name} has no sheet named '{sheet}'; its sheets are {listed}.")
    worksheet = workbook[sheet]
    if not hasattr(worksheet, "iter_rows"):
        raise UnreadableFile(f"{path.name} has a chart, not a table, on sheet '{sheet}'.")
    return worksheet


def _open_xlsx(path: Path, sha256: str, sheet: str | None) -> Table:
    with path.open("rb") as stream:
        workbook = _load_workbook(path, stream)
        try:
            names = tuple(workbook.sheetnames)
            chosen = _worksheet(workbook, path, sheet).title
        finally:
            workbook.close()
    header_row, header = 0, None
    records = _xlsx_records(path, chosen)
    try:
        for number, values in records:
            if not _is_blank(values):
                header_row, header = number, values
                break
    finally:
        records.close()
    if header is None:
        raise UnreadableFile(f"{path.name} has no header row (sheet '{chosen}' is empty).")
    info = TableInfo(path, sha256, "xlsx", None, None, chosen, names, _headers(header))
    return Table(info, header_row)


def _xlsx_records(path: Path, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    """Every row of a sheet, blank ones included, numbered as Excel numbers them."""
    try:
        with path.open("rb") as stream:
            workbook = _load_workbook(path, stream)
            try:
                worksheet = _worksheet(workbook, path, sheet)
                worksheet.reset_dimensions()  # some writers record a wrong size; read every row there is
                for number, row in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                    yield number, list(row)
            finally:
                workbook.close()
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be read ({error.strerror or error}).") from None
    except Exception as error:  # noqa: BLE001 - a damaged sheet inside a workbook that opened
        raise UnreadableFile(f"{path.name} is a damaged Excel workbook ({type(error).__name__}).") from None


# ------------------------------------------------------------------------ helpers


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_blank(values: list[Any]) -> bool:
    if values and not _is_empty(values[0]):
        return False  # the usual case, decided by the first cell alone
    return all(_is_empty(value) for value in values)


def _without_bom(text: str) -> str:
    """The first cell without a byte-order mark, also one read as Windows-1252 text ("ï»¿")."""
    for bom in ("\ufeff", codecs.BOM_UTF8.decode("latin-1")):
        if text.startswith(bom):
            return text[len(bom) :]
    return text


def _headers(values: list[Any]) -> tuple[str, ...]:
    """Header cells as stripped text, without a BOM and without trailing empty cells."""
    headers = [(clean_text(value) or "").strip() for value in values]
    if headers:
        headers[0] = _without_bom(headers[0]).strip()
    while headers and not headers[-1]:
        headers.pop()
    return tuple(headers)
