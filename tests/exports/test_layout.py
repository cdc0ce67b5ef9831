"""The reports as printed: rendered by LibreOffice, read back with ``pdftotext -layout`` and ``pdfimages -list``.

On the demo's November 2026 review, a team digest and an interview report: no word of a table cell breaks over
two lines, no table leaves a lone row at the foot or the top of a page (a short table never splits at all),
and a chart is on the page of the table it draws. Control documents, in the same LibreOffice run, show that
the checks catch a table laid out without the kit's keep rules and a column too narrow for its word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table

from exports import docx_kit as kit
from exports.reports.make import DigestRequest, InterviewRequest, ReviewRequest, make_report
from interviewer.db import open_database
from interviewer.reporting.periods import month
from interviewer.secrets import SecretStore
from test_make_report import CLOCK, TODAY, build_demo_program, convert_to_pdf, reopen

FILLERS = range(18, 28)
"""Filler paragraphs before the control tables: one of these counts puts a table's start at a page's foot."""
NARROW = "Baseline Marketing (n=163)"


@dataclass(frozen=True)
class Printed:
    """A document and how LibreOffice printed it."""

    document: Document
    pages: list[list[str]]
    """Each page's lines, as ``pdftotext -layout`` reads them."""
    image_pages: list[int]
    """The page of each image (counted from 0, as ``pages``), in the document's order."""


def _needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed: apt-get install poppler-utils")


def _needs_calibri_metrics() -> None:
    """The kit sizes columns for Calibri; LibreOffice prints it in Carlito (same widths) or in a wider fallback."""
    if shutil.which("fc-match") is None:
        return  # fontconfig's tools are absent: the layout checks themselves will tell
    matched = subprocess.run(["fc-match", "-f", "%{family}", kit.FONT], capture_output=True, text=True).stdout
    if not {"Calibri", "Carlito"} & {family.strip() for family in matched.split(",")}:
        pytest.skip(f"no font with Calibri's widths ({kit.FONT} prints as {matched or 'nothing'}): "
                    "apt-get install fonts-crosextra-carlito")


def _printed(document: Document, pdf: Path) -> Printed:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    images = [int(line.split()[0]) - 1 for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"]]
    return Printed(document, [page.splitlines() for page in text.split("\f")], images)


def _words(text: str) -> list[str]:
    """The pieces a line may end between: words, and the parts of a hyphenated word ("all-", "in")."""
    return [piece for word in text.replace(kit.NBSP, " ").split() for piece in re.split(r"(?<=-)(?=.)", word)]


def _cells(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def broken_words(printed: Printed) -> list[str]:
    """Words of table cells that the printed pages hold fewer times than the document (so some broke)."""
    document = printed.document
    wanted: Counter[str] = Counter()
    for paragraph in document.paragraphs:
        wanted.update(_words(paragraph.text))
    for table in document.tables:
        for row in _cells(table):
            for text in row:
                wanted.update(_words(text))
    cell_words = {word for table in document.tables for row in _cells(table) for text in row for word in _words(text)}
    seen = Counter(word for page in printed.pages for line in page for word in _words(line))
    return sorted(word for word in cell_words if seen[word] < wanted[word])


def _row_pattern(cells: list[str]) -> re.Pattern[str] | None:
    """A row's first printed line: the first word of each of its cells, in order, on one line."""
    firsts = [re.escape(text.split()[0]) for text in (cell.replace(kit.NBSP, " ") for cell in cells) if text.split()]
    return re.compile(r"(?<!\S)" + r"\s.*?".join(firsts) + r"(?!\S)") if firsts else None


def row_pages(printed: Printed) -> list[tuple[Table, list[int]]]:
    """Each table of more than one row and the page each of its rows starts on (found in the document's order)."""
    found = []
    page, line = 0, 0
    for table in printed.document.tables:
        rows = _cells(table)
        if len(rows) < 2:
            continue  # a banner
        pages = []
        for cells in rows[1:]:  # the header repeats on every page: the data rows say where the table went
            pattern = _row_pattern(cells)
            assert pattern is not None
            page, line = _find(printed.pages, pattern, page, line)
            pages.append(page)
        found.append((table, pages))
    return found


def _find(pages: list[list[str]], pattern: re.Pattern[str], page: int, line: int) -> tuple[int, int]:
    for number in range(page, len(pages)):
        for index in range(line if number == page else 0, len(pages[number])):
            if pattern.search(pages[number][index]):
                return number, index + 1
    raise AssertionError(f"no printed line matches {pattern.pattern}")


def split_badly(printed: Printed) -> list[str]:
    """Tables that split where the kit says they must not: a short one at all, a long one after its first data
    row or before its last."""
    faults = []
    for table, pages in row_pages(printed):
        name = _cells(table)[1][0][:30]
        if len(table.rows) <= kit.WHOLE_TABLE_ROWS and len(set(pages)) > 1:
            faults.append(f"{name}: a table of {len(table.rows)} rows split over pages {sorted(set(pages))}")
        if len(pages) >= 2 and (pages[0] != pages[1] or pages[-1] != pages[-2]):
            faults.append(f"{name}: a row alone on its page ({pages})")
    return faults


def charts_apart(printed: Printed) -> list[str]:
    """Charts printed on another page than the last row of the table just before them."""
    body = [child for child in printed.document.element.body if child.tag in (qn("w:p"), qn("w:tbl"))]
    tables = {table._tbl: pages for table, pages in row_pages(printed)}
    faults, image, last_table = [], 0, None
    for block in body:
        if block.tag == qn("w:tbl"):
            last_table = block if block in tables else last_table
            continue
        if not block.findall(".//" + qn("w:drawing")):
            if "".join(block.itertext()).strip():
                last_table = None  # a paragraph of text between them: the chart is not that table's
            continue
        if last_table is not None and tables[last_table][-1] != printed.image_pages[image]:
            faults.append(f"chart {image + 1} on page {printed.image_pages[image] + 1}, its table ends on page "
                          f"{tables[last_table][-1] + 1}")
        image, last_table = image + 1, None
    return faults


# -- the documents -----------------------------------------------------------------------------------


def _control(fillers: int, *, kit_rules: bool) -> Document:
    """Filler, then an 8-row table and a chart: with the kit's rules, or with every keep rule removed."""
    document = kit.new_document("Control")
    for number in range(fillers):
        kit.paragraph(document, f"Filler paragraph {number} " * 6)
    rows = [[f"Row{number}", f"{number * 7}%", f"(n={number + 150})"] for number in range(8)]
    table = kit.table(document, ["Group", "Win rate", "Closed (n)"], rows)
    from exports import charts

    kit.picture(document, charts.trend_line([], "Control chart"), 15.0, with_previous=kit_rules)
    if not kit_rules:
        for element in list(table._tbl.iter(qn("w:keepNext"))):
            element.getparent().remove(element)
    return document


def _narrow() -> Document:
    """A column fixed far too narrow for its words: the check for broken words must see them broken."""
    document = kit.new_document("Narrow")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = NARROW
    table.rows[0].cells[1].text = "wide"
    kit.fix_widths(table, [Cm(1.0), Cm(16.0)])
    return document


@pytest.fixture(scope="module")
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """The demo's review, digest and interview report, and the control documents, printed in one LibreOffice
    run (starting it costs seconds)."""
    _needs("pdftotext")
    _needs("pdfimages")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    _needs_calibri_metrics()
    folder = tmp_path_factory.mktemp("layout")
    documents: dict[str, Document] = {}
    template: Path = request.getfixturevalue("sqlite_template")  # migrated once per session
    shutil.copyfile(template, folder / "winloss.sqlite")
    database = open_database(f"sqlite:///{folder / 'winloss.sqlite'}", SecretStore())
    try:
        subjects = build_demo_program(database)
        for name, request in (("review", ReviewRequest(month("2026-11"))),
                              ("digest", DigestRequest(subjects.team, subjects.period)),
                              ("interview", InterviewRequest(subjects.interview_id))):
            documents[name] = reopen(make_report(database, request, actor="tester", clock=CLOCK,
                                                 today=TODAY).content)
    finally:
        database.close()
    for fillers in FILLERS:
        documents[f"kept-{fillers}"] = _control(fillers, kit_rules=True)
        documents[f"loose-{fillers}"] = _control(fillers, kit_rules=False)
    documents["narrow"] = _narrow()
    files = [kit.write_document(document, folder / f"{name}.docx") for name, document in documents.items()]
    pdfs = convert_to_pdf(files, folder)
    return {name: _printed(reopen(file.read_bytes()), pdf) for (name, _), file, pdf in
            zip(documents.items(), files, pdfs)}


REPORTS = ("review", "digest", "interview")


@pytest.mark.parametrize("name", REPORTS)
def test_no_word_breaks_inside_a_table_cell(printed: dict[str, Printed], name: str) -> None:
    assert broken_words(printed[name]) == []


@pytest.mark.parametrize("name", REPORTS)
def test_no_table_leaves_a_row_alone_and_no_chart_leaves_its_table(printed: dict[str, Printed], name: str) -> None:
    assert split_badly(printed[name]) == []
    assert charts_apart(printed[name]) == []


def test_the_review_prints_its_tables_and_charts(printed: dict[str, Printed]) -> None:
    review = printed["review"]
    assert len(row_pages(review)) >= 4 and len(review.image_pages) >= 4  # the checks above had something to check


def test_the_checks_catch_a_table_without_the_keep_rules(printed: dict[str, Printed]) -> None:
    loose = [split_badly(printed[f"loose-{n}"]) + charts_apart(printed[f"loose-{n}"]) for n in FILLERS]
    kept = [split_badly(printed[f"kept-{n}"]) + charts_apart(printed[f"kept-{n}"]) for n in FILLERS]
    faults = " | ".join(fault for found in loose for fault in found)
    for kind in ("split over pages", "a row alone", "chart"):  # else the controls prove nothing
        assert kind in faults, f"no filler count made a loose table show “{kind}”: {faults}"
    assert kept == [[] for _ in FILLERS]


def test_the_check_catches_a_word_broken_in_a_cell(printed: dict[str, Printed]) -> None:
    assert set(broken_words(printed["narrow"])) >= {"Baseline", "Marketing", "(n=163)"}
