"""Opening CRM exports as tables: encodings, delimiters, quoting, XLSX, row numbers, streaming
(interviewer/importing/reading.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import tracemalloc
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.importing.reading import Table, UnreadableFile, open_table
from paths import SHARED_DATA

SHARED_DATA = SHARED_DATA
OPPORTUNITIES = SHARED_DATA / "salesforce-devorg" / "Opportunity.csv"


def _rows(table: Table) -> list[tuple[int, list[object]]]:
    return list(table.rows())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def real_opportunity() -> tuple[list[str], list[str]]:
    """The header and the first Closed Won row of the real Salesforce export, with non-ASCII text put in.

    The name becomes one a European export would hold, so each encoding has
    something to get right: € ü “ ” are in Windows-1252 but not ASCII.
    """
    if not OPPORTUNITIES.is_file():
        pytest.skip(f"the real Salesforce export is absent ({OPPORTUNITIES}); cannot build rows from it")
    with OPPORTUNITIES.open(encoding="utf-8", newline="") as stream:
        records = list(csv.reader(stream))
    header = records[0]
    row = next(r for r in records[1:] if r[header.index("StageName")] == "Closed Won")
    row[header.index("Name")] = "Müller “Express” Generators – €220k"
    return header, row


def _encode(header: list[str], rows: list[list[str]], encoding: str, delimiter: str, bom: bytes = b"") -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return bom + text.getvalue().encode(encoding)


# ------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter", "detected"),
    [
        ("utf-8", b"", ",", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", ",", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "\t", "utf-16-le"),  # Excel's "Unicode text"
        ("utf-16-be", b"\xfe\xff", "\t", "utf-16-be"),
        ("cp1252", b"", ";", "cp1252"),
    ],
)
def test_a_real_row_reads_back_in_each_encoding(
    tmp_path: Path,
    real_opportunity: tuple[list[str], list[str]],
    encoding: str,
    bom: bytes,
    delimiter: str,
    detected: str,
) -> None:
    header, row = real_opportunity
    data = _encode(header, [row], encoding, delimiter, bom)
    table = open_table(_write(tmp_path / "Opportunity.csv", data))
    assert table.info.kind == "csv"
    assert table.info.encoding == detected
    assert table.info.delimiter == delimiter
    assert table.info.headers == tuple(header)  # no BOM in the first header
    assert table.info.sha256 == hashlib.sha256(data).hexdigest()
    assert table.info.sheet is None and table.info.sheets == ()
    assert _rows(table) == [(2, row)]


def test_latin1_is_detected_when_bytes_undefined_in_cp1252_appear(tmp_path: Path) -> None:
    """0x81, 0x8D, 0x8F, 0x90 and 0x9D mean nothing in Windows-1252; such a file is Latin-1."""
    data = "Name,City\nJürgen\x8d,Zürich\n".encode("latin-1")
    table = open_table(_write(tmp_path / "contacts.csv", data))
    assert table.info.encoding == "latin-1"
    assert _rows(table) == [(2, ["Jürgen\x8d", "Zürich"])]


def test_one_invalid_byte_late_in_a_large_file_decides_the_encoding(tmp_path: Path) -> None:
    """The whole file is looked at, not just its start: a cp1252 € after 2 MB of ASCII."""
    lines = ["Id,Amount\n"] + [f"{i},100\n" for i in range(150_000)] + ["last,€5\n"]
    data = "".join(lines).encode("cp1252")
    assert len(data) > 2**20  # beyond the first chunk read
    table = open_table(_write(tmp_path / "big.csv", data))
    assert table.info.encoding == "cp1252"
    assert _rows(table)[-1] == (150_002, ["last", "€5"])


def test_a_utf8_bom_before_cp1252_text_is_not_part_of_the_header(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfName,Amount\nM\xfcller,\x805\n"  # a BOM, then Windows-1252 bytes
    table = open_table(_write(tmp_path / "mixed.csv", data))
    assert table.info.encoding == "cp1252"
    assert table.info.headers == ("Name", "Amount")
    assert _rows(table) == [(2, ["Müller", "€5"])]


# ------------------------------------------------------------------------ delimiters


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_sniffed_from_real_rows(
    tmp_path: Path, real_opportunity: tuple[list[str], list[str]], delimiter: str
) -> None:
    header, row = real_opportunity
    # values holding the other delimiters, quoted, must not confuse the sniffing
    tricky = [*row]
    tricky[header.index("Description")] = "Generators; 3 units, 24/7 | backup\tsite"
    data = _encode(header, [row, tricky, row], "utf-8", delimiter)
    table = open_table(_write(tmp_path / "export.csv", data))
    assert table.info.delimiter == delimiter
    assert table.info.headers == tuple(header)
    assert _rows(table) == [(2, row), (3, tricky), (4, row)]


def test_semicolon_file_with_decimal_commas(tmp_path: Path) -> None:
    data = b'Deal;Amount;Close\nAcme;"1.234,50";22.01.2024\nBeta;"99,90";23.01.2024\n'
    table = open_table(_write(tmp_path / "deals.csv", data))
    assert table.info.delimiter == ";"
    assert _rows(table) == [(2, ["Acme", "1.234,50", "22.01.2024"]), (3, ["Beta", "99,90", "23.01.2024"])]


def test_a_title_line_above_the_header_does_not_mislead_the_sniffing(tmp_path: Path) -> None:
    data = b"Opportunities report\nDeal;Amount;Stage\nAcme;1,5;Won\nBeta;2,5;Lost\n"
    table = open_table(_write(tmp_path / "report.csv", data))
    assert table.info.delimiter == ";"
    assert table.info.headers == ("Opportunities report",)  # the first record is the header; the importer says so
    assert _rows(table)[0] == (2, ["Deal", "Amount", "Stage"])


def test_a_single_column_file_reads_with_a_comma(tmp_path: Path) -> None:
    table = open_table(_write(tmp_path / "ids.csv", b"Id\n006A\n006B\n"))
    assert table.info.delimiter == ","
    assert table.info.headers == ("Id",)
    assert _rows(table) == [(2, ["006A"]), (3, ["006B"])]


# -------------------------------------------------------------- quoting, row numbers


def test_embedded_newlines_and_doubled_quotes_count_as_one_row(tmp_path: Path) -> None:
    data = (
        b'Id,Name,Description\r\n'
        b'1,Acme,"First line\r\nsecond line\nthird"\r\n'
        b'2,"Beta ""Big"" Co","He said ""no"", twice"\r\n'
        b'3,Gamma,plain\r\n'
    )
    table = open_table(_write(tmp_path / "notes.csv", data))
    assert _rows(table) == [
        (2, ["1", "Acme", "First line\r\nsecond line\nthird"]),
        (3, ["2", 'Beta "Big" Co', 'He said "no", twice']),
        (4, ["3", "Gamma", "plain"]),
    ]


def test_short_rows_are_padded_long_rows_keep_their_extra_values(tmp_path: Path) -> None:
    data = b"A,B,C\n1\n1,2,3,4\n1,2,3,,,\n1,2,3,4,,\n 1 , 2 ,3\n"
    table = open_table(_write(tmp_path / "ragged.csv", data))
    assert _rows(table) == [
        (2, ["1", "", ""]),
        (3, ["1", "2", "3", "4"]),
        (4, ["1", "2", "3"]),  # trailing empty cells beyond the header are not extra values
        (5, ["1", "2", "3", "4"]),
        (6, [" 1 ", " 2 ", "3"]),  # values exactly as written
    ]


def test_blank_records_are_skipped_but_still_counted(tmp_path: Path) -> None:
    data = b"\n\nId,Name,,\n1,Acme\n\n,,\n  ,\t\n2,Beta\n\n"
    table = open_table(_write(tmp_path / "gaps.csv", data))
    assert table.info.headers == ("Id", "Name")  # trailing empty header cells dropped
    assert _rows(table) == [(4, ["1", "Acme"]), (8, ["2", "Beta"])]


def test_line_endings_of_every_kind(tmp_path: Path) -> None:
    for ending in (b"\n", b"\r\n", b"\r"):
        table = open_table(_write(tmp_path / "endings.csv", ending.join([b"a,b", b"1,2", b"3,4", b""])))
        assert _rows(table) == [(2, ["1", "2"]), (3, ["3", "4"])]


def test_a_header_without_rows_is_an_empty_table(tmp_path: Path) -> None:
    table = open_table(_write(tmp_path / "empty-export.csv", b"Id,Name\r\n"))
    assert table.info.headers == ("Id", "Name")
    assert _rows(table) == [] and table.sample(5) == []


def test_rows_read_again_on_each_call_and_sample_takes_the_first(tmp_path: Path) -> None:
    path = _write(tmp_path / "deals.csv", b"Id\n" + b"".join(b"%d\n" % i for i in range(10)))
    table = open_table(str(path))
    assert _rows(table) == _rows(table)
    assert table.sample(3) == [(2, ["0"]), (3, ["1"]), (4, ["2"])]
    assert len(table.sample(100)) == 10


def test_the_real_exports_open_with_their_row_counts() -> None:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the real exports are absent ({SHARED_DATA})")
    opportunities = open_table(OPPORTUNITIES)
    assert (opportunities.info.encoding, opportunities.info.delimiter) == ("utf-8", ",")
    assert opportunities.info.headers[:3] == ("Id", "AccountId", "Name")
    rows = _rows(opportunities)
    assert len(rows) == 36 and rows[0][0] == 2 and rows[-1][0] == 37
    assert all(len(values) == 19 for _number, values in rows)
    pipeline = open_table(SHARED_DATA / "maven-crm" / "sales_pipeline.csv")
    assert pipeline.info.headers == (
        "opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value",
    )  # fmt: skip
    assert sum(1 for _ in pipeline.rows()) == 8800


# ------------------------------------------------------------------------------ xlsx


def _workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    deals = workbook.active
    deals.title = "Deals"
    deals.append(["Opportunity ID", " Amount ", "Close Date", "Won", None])
    deals.append([6001234567, 220000.0, datetime(2024, 1, 22), True])
    deals.append([])
    deals.append([6001234568, "1.234,50 €", "22/01/2024", False, None, "extra"])
    deals.append([6001234569])
    other = workbook.create_sheet("Accounts")
    other.append(["Account Name", "Industry"])
    other.append(["Edge Communications", "Electronics"])
    workbook.save(path)
    return path


def test_xlsx_first_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "deals.xlsx")
    table = open_table(path)
    info = table.info
    assert (info.kind, info.encoding, info.delimiter) == ("xlsx", None, None)
    assert info.sheet == "Deals" and info.sheets == ("Deals", "Accounts")
    assert info.headers == ("Opportunity ID", "Amount", "Close Date", "Won")
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert _rows(table) == [
        (2, [6001234567, 220000, datetime(2024, 1, 22), True]),  # numeric ids stay numbers, dates are datetimes
        (4, [6001234568, "1.234,50 €", "22/01/2024", False, None, "extra"]),
        (5, [6001234569, None, None, None]),
    ]


def test_xlsx_chosen_sheet_and_content_detection(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "deals.xlsx")
    disguised = _write(tmp_path / "accounts-export.csv", path.read_bytes())  # an XLSX with the wrong name
    table = open_table(disguised, sheet="Accounts")
    assert table.info.kind == "xlsx" and table.info.sheet == "Accounts"
    assert table.info.headers == ("Account Name", "Industry")
    assert _rows(table) == [(2, ["Edge Communications", "Electronics"])]


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "deals.xlsx")
    with pytest.raises(UnreadableFile) as problem:
        open_table(path, sheet="Contacts")
    assert str(problem.value) == "deals.xlsx has no sheet named 'Contacts'; its sheets are 'Deals', 'Accounts'."


def test_xlsx_skips_a_chart_sheet_unless_it_is_asked_for(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "Data"
    data.append(["Id", 2024, None])  # a numeric header cell reads as text
    data.append([1, 2])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=2))
    workbook.create_chartsheet("Chart", 0).add_chart(chart)
    workbook.save(tmp_path / "charted.xlsx")
    table = open_table(tmp_path / "charted.xlsx")
    assert (table.info.sheet, table.info.sheets, table.info.headers) == ("Data", ("Chart", "Data"), ("Id", "2024"))
    assert _rows(table) == [(2, [1, 2])]
    with pytest.raises(UnreadableFile, match=r"^charted.xlsx has a chart, not a table, on sheet 'Chart'\.$"):
        open_table(tmp_path / "charted.xlsx", sheet="Chart")


def test_xlsx_with_an_empty_sheet_has_no_header(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "blank.xlsx")
    with pytest.raises(UnreadableFile, match=r"^blank.xlsx has no header row \(sheet 'Sheet' is empty\)\.$"):
        open_table(tmp_path / "blank.xlsx")


# ------------------------------------------------------------------------ unreadable


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "empty.csv is empty."),
        ("blank.csv", b"\r\n\n , \n", "blank.csv has no header row (it holds only blank lines)."),
        ("logo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
         "logo.csv is not a text or Excel file (it contains binary data)."),
        ("noise.csv", bytes(range(1, 32)) * 20, "noise.csv is not a text or Excel file (it contains binary data)."),
        ("report.xlsx", b"PK\x03\x04 this is no zip at all",
         "report.xlsx is a zip file but not an Excel workbook (.xlsx) that can be read."),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
         "old.xls is an old Excel (.xls) file; save it as .xlsx or CSV and import that."),
        ("broken16.csv", b"\xff\xfeI\x00d\x00\x00\xd8",
         "broken16.csv is marked as UTF-16 text but is not valid UTF-16."),
    ],
)  # fmt: skip
def test_unreadable_files_say_why_in_one_sentence(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile) as problem:
        open_table(_write(tmp_path / name, data))
    assert str(problem.value) == message


def test_a_missing_file_and_a_folder_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match=r"^nowhere.csv does not exist\.$"):
        open_table(tmp_path / "nowhere.csv")
    (tmp_path / "exports").mkdir()
    with pytest.raises(UnreadableFile, match=r"^exports is a folder, not a file\.$"):
        open_table(tmp_path / "exports")


def test_a_cell_beyond_the_size_limit_makes_the_file_unreadable(tmp_path: Path) -> None:
    path = _write(tmp_path / "huge-cell.csv", b"Id,Notes\n1,short\n2," + b"x" * 5000 + b"\n")
    table = open_table(path)  # the header and the sniffing are fine
    previous = csv.field_size_limit(4096)
    try:
        with pytest.raises(UnreadableFile, match=r"^huge-cell.csv has a cell larger than 0.00390625 MB at row 3\.$"):
            _rows(table)
    finally:
        csv.field_size_limit(previous)
    assert csv.field_size_limit() >= 50 * 2**20
    assert _rows(table)[1][1][1] == "x" * 5000


def test_a_zip_that_is_not_a_workbook_is_unreadable(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "archive.xlsx", "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(UnreadableFile, match="not an Excel workbook"):
        open_table(tmp_path / "archive.xlsx")


# ------------------------------------------------------------------------- streaming


def test_rows_stream_a_100k_row_file_in_little_memory(tmp_path: Path) -> None:
    """A 100,000-row Salesforce-style export (~20 MB) is read without holding it in memory."""
    path = tmp_path / "Opportunity-100k.csv"
    header = "Id,AccountId,Name,Description,StageName,Amount,Probability,CloseDate,LeadSource,IsClosed,IsWon,Type"
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(header + "\r\n")
        for i in range(100_000):
            stream.write(
                f'006bm{i:013d},001bm{i % 997:013d},"Generator deal {i}, phase {i % 7}",'
                f'"Multi-line\r\ndescription for deal {i} with ""quotes"" and padding text to look real",'
                f"Closed {'Won' if i % 3 else 'Lost'},{(i * 37) % 250000},100,0{1 + i % 9}/1{i % 9}/24,Web,TRUE,"
                f"{'TRUE' if i % 3 else 'FALSE'},New Customer\r\n"
            )
    size_mb = path.stat().st_size / 2**20
    tracemalloc.start()
    try:
        table = open_table(path)  # hashes and checks the encoding of every byte
        _current, opening_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        count = last = 0
        for last, _values in table.rows():
            count += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 100_000 and last == 100_001
    print(
        f"\n{count} rows of a {size_mb:.1f} MB file: tracemalloc peak {opening_peak / 2**20:.2f} MB opening,"
        f" {peak / 2**20:.2f} MB streaming the rows"
    )
    assert opening_peak < 30 * 2**20, f"peak {opening_peak / 2**20:.1f} MB while opening"
    assert peak < 30 * 2**20, f"peak {peak / 2**20:.1f} MB while reading rows"


# ------------------------------------------------------------------------ properties

_CSV_LIKE = st.lists(
    st.sampled_from(["a", "Ü", "€", "1", ",", ";", "\t", "|", '"', "\n", "\r", " ", "\x00", "\x8d", "x" * 30]),
    max_size=60,
).map("".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file rewritten by every example (a module fixture: hypothesis runs many examples per test)."""
    return tmp_path_factory.mktemp("fuzz") / "fuzz.csv"


def _read_all(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        table = open_table(path)
    except UnreadableFile as problem:
        assert str(problem).endswith(".") and "\n" not in str(problem)
        return
    width = len(table.info.headers)
    numbers = []
    for number, values in table.rows():
        assert len(values) >= width
        numbers.append(number)
    assert numbers == sorted(set(numbers)) and all(n >= 2 for n in numbers)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_either_read_or_raise_unreadable_file(scratch: Path, data: bytes) -> None:
    _read_all(scratch, data)


@settings(max_examples=150, deadline=None)
@given(_CSV_LIKE, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]), st.booleans())
def test_csv_like_text_either_reads_or_raises_unreadable_file(
    scratch: Path, text: str, encoding: str, zip_prefix: bool
) -> None:
    data = text.encode(encoding, errors="replace")
    _read_all(scratch, b"PK\x03\x04" + data if zip_prefix else data)
