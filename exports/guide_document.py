"""An interview guide printed as a Word document (.docx) for the interviewer to hold during the call.

One A4 portrait page set: the title, the deal's facts and the time plan, a short
reminder on how to interview, then one table row per question (text, probes, why
we ask, planned minutes with the call clock, and a wide empty column for
handwritten notes), grouped under a shaded row per phase. The table's header row
repeats on every page and a question's row never splits across two pages.

Only python-docx's public API, plus a little raw XML for what it does not cover:
repeated header rows, rows that do not split, cell shading, borders and the
PAGE / NUMPAGES fields of the footer.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from exports.calendar import write_atomically
from interviewer.enums import Outcome
from question_bank.guide import GuideLine, PrintableGuide

FONT = "Calibri"
BODY_PT = 10.5
SMALL_PT = 8.5

PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
TEXT_WIDTH = Cm(17.0)
COLUMNS = ("#", "Question", "Min", "Notes")
COLUMN_WIDTHS = (Cm(0.9), Cm(7.1), Cm(1.9), Cm(7.1))
"""The notes column takes 42 % of the line: room to write by hand."""
CELL_MARGIN = Cm(0.19)
"""Word's default left and right cell margin: bordered tables are indented by it to line up with the text."""
QUESTION_ROW_HEIGHT = Cm(2.6)
SPLITTABLE_ROW_CHARS = 2500
"""A row holding more text than this may run over a page; Word would cut it off if it could not split."""

REQUIRED_MARK = "★"
INK = RGBColor(0x1F, 0x1F, 0x1F)
GREY = RGBColor(0x6B, 0x6B, 0x6B)
BORDER_HEX = "A6A6A6"
HEADER_FILL = "D9D9D9"
PHASE_FILL = "EDEDED"
REMINDER_FILL = "F3F6FA"
OUTCOME_COLOURS = {
    Outcome.WON: RGBColor(0x2E, 0x7D, 0x32),
    Outcome.LOST: RGBColor(0xC6, 0x28, 0x28),
    Outcome.NO_DECISION: RGBColor(0x61, 0x61, 0x61),
    Outcome.OPEN: RGBColor(0x15, 0x65, 0xC0),
}
OVER_COLOUR = RGBColor(0xC6, 0x28, 0x28)
FITS_COLOUR = RGBColor(0x2E, 0x7D, 0x32)

NBSP = "\u00a0"
INTRO_TEXT = "Who you are, why we ask, how long it takes, and how the buyer’s words will be used."
WRAP_TEXT = "Thank the buyer, ask whether there is anything we did not ask, and say what happens next."
EMPTY_GUIDE_TEXT = "This guide has no questions yet: add questions from the bank before the call."
REMINDERS = (
    "Ask open questions (“How…”, “What…”, “Tell me about…”) and never suggest an answer.",
    "Write down the buyer’s exact words, in quotes; keep your own reading for later.",
    "Let silences run: the answer after a pause is often the real one.",
    f"Follow the probes only when the clock allows; questions marked {REQUIRED_MARK} come first.",
)


def guide_document(guide: PrintableGuide) -> Document:
    """The guide laid out as a python-docx ``Document`` (not saved)."""
    document = docx.Document()
    title = clean(guide.title) or "Interview guide"
    document.core_properties.title = title
    _set_up_page(document)
    _set_up_styles(document)
    _add_footer(document, title)

    document.add_paragraph(title, style="Title")
    _add_facts(document, guide)
    _add_reminder(document)
    if not guide.lines:
        _paragraph(document.add_paragraph(), EMPTY_GUIDE_TEXT, italic=True, space_before=8)
        return document
    legend = document.add_paragraph()
    legend.paragraph_format.space_before = Pt(8)
    legend.paragraph_format.space_after = Pt(2)
    legend.paragraph_format.keep_with_next = True
    _run(legend, f"{REQUIRED_MARK} required: ask it even when time runs short.   “ends” is the clock from the start of "
                 "the call, introduction included.", size=SMALL_PT, color=GREY)
    _add_questions(document, guide)
    return document


def write_guide_document(guide: PrintableGuide, path: Path | str) -> Path:
    """Write the guide as .docx to ``path`` (temporary file, then one rename) and return the path."""
    target = Path(path)
    buffer = io.BytesIO()
    guide_document(guide).save(buffer)
    write_atomically(target, buffer.getvalue())
    return target


# -- text --------------------------------------------------------------------------------------------


def clean(text: str | None) -> str:
    """The text with what XML cannot hold (and other invisible control characters) removed; tabs become spaces."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(char for char in text if char == "\n" or _printable(char)).strip()


def _xml_safe(text: str) -> str:
    """The text with only what XML can hold: tabs and newlines stay (python-docx makes them tabs and breaks)."""
    return "".join(char for char in text if char in "\t\n" or _printable(char))


def _printable(char: str) -> bool:
    if char in ("\ufffe", "\uffff"):
        return False
    return unicodedata.category(char) not in ("Cc", "Cs")


def duration(seconds: int) -> str:
    """A length as m:ss (h:mm:ss from an hour): 90 → "1:30"."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clock(seconds: int) -> str:
    """A moment of the call as mm:ss from its start (h:mm:ss from an hour): 390 → "06:30"."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def time_plan(guide: PrintableGuide) -> str:
    """One line: the window, the planned length and what it is made of."""
    count = len(guide.lines)
    questions = sum(line.planned_seconds for line in guide.lines)
    noun = "question" if count == 1 else "questions"
    window = f"Window {guide.window.min_minutes}–{guide.window.max_minutes} min"
    return (f"{window} · planned {duration(guide.total_seconds)} "
            f"(intro {duration(guide.intro_seconds)}, {count} {noun} {duration(questions)}, "
            f"wrap-up {duration(guide.wrap_seconds)})")


def _window_verdict(guide: PrintableGuide) -> tuple[str, RGBColor]:
    total = guide.total_seconds
    if total > guide.window.max_seconds:
        return f"{duration(total - guide.window.max_seconds)} over the window", OVER_COLOUR
    if total < guide.window.min_seconds:
        return f"{duration(guide.window.min_seconds - total)} under the window", OVER_COLOUR
    return "fits the window", FITS_COLOUR


# -- page and styles ---------------------------------------------------------------------------------


def _set_up_page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = MARGIN
    section.bottom_margin = Cm(1.8)
    section.footer_distance = Cm(0.9)


def _set_up_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = INK
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.05
    title = document.styles["Title"]
    title.font.name = FONT
    title.font.size = Pt(17)
    title.font.bold = True
    title.font.color.rgb = INK
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        title.element.get_or_add_rPr().get_or_add_rFonts().attrib.pop(qn(theme), None)
    title.paragraph_format.space_after = Pt(6)


def _add_footer(document: Document, title: str) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Normal"]
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    short = title if len(title) <= 90 else title[:89].rstrip() + "…"
    _run(paragraph, short, size=SMALL_PT, color=GREY)
    _run(paragraph, "\tPage ", size=SMALL_PT, color=GREY)
    _field(paragraph, "PAGE", "1")
    _run(paragraph, " of ", size=SMALL_PT, color=GREY)
    _field(paragraph, "NUMPAGES", "1")


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, shown result, end) that Word and LibreOffice update."""
    def fld_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        _run(paragraph, "", size=SMALL_PT, color=GREY)._r.append(element)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _run(paragraph, "", size=SMALL_PT, color=GREY)._r.append(instr)
    fld_char("separate")
    _run(paragraph, placeholder, size=SMALL_PT, color=GREY)
    fld_char("end")


# -- the parts above the questions ------------------------------------------------------------------


def _add_facts(document: Document, guide: PrintableGuide) -> None:
    rows: list[tuple[str, list[tuple[str, dict[str, object]]]]] = []
    for label, value in guide.facts:
        rows.append((clean(label), [(clean(value), {})]))
    outcome = guide.outcome
    rows.append(("Outcome", [(outcome.label, {"bold": True, "color": OUTCOME_COLOURS.get(outcome, INK)})]))
    competitor = clean(guide.competitor)
    if competitor:
        rows.append(("Competitor", [(competitor, {})]))
    plan: list[tuple[str, dict[str, object]]] = [(time_plan(guide), {})]
    if guide.lines:  # an empty guide is short of the window by definition: no need to say it in red
        verdict, colour = _window_verdict(guide)
        plan.append((f" · {verdict.replace(' ', NBSP)}", {"color": colour}))
    rows.append(("Time", plan))

    table = document.add_table(rows=len(rows), cols=2)
    _fix_widths(table, (Cm(3.2), TEXT_WIDTH - Cm(3.2)))
    for row, (label, parts) in zip(table.rows, rows):
        label_cell, value_cell = row.cells
        _paragraph(label_cell.paragraphs[0], label, color=GREY, space_after=1)
        paragraph = value_cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(1)
        for text, style in parts:
            _run(paragraph, text, **style)  # type: ignore[arg-type]


def _add_reminder(document: Document) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(4)
    table = document.add_table(rows=1, cols=1)
    _fix_widths(table, (TEXT_WIDTH,))
    cell = table.rows[0].cells[0]
    _shade(cell, REMINDER_FILL)
    _borders(table, color="B4C3D6", inside=False)
    _indent(table, CELL_MARGIN)
    _paragraph(cell.paragraphs[0], "During the call", bold=True, space_before=3, space_after=2)
    for reminder in REMINDERS:
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.45)
        paragraph.paragraph_format.first_line_indent = Cm(-0.3)
        paragraph.paragraph_format.space_after = Pt(1)
        _run(paragraph, "•  " + reminder, size=9.5)
    cell.paragraphs[-1].paragraph_format.space_after = Pt(4)


# -- the question table -----------------------------------------------------------------------------


def _add_questions(document: Document, guide: PrintableGuide) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    _fix_widths(table, COLUMN_WIDTHS)
    _borders(table, color=BORDER_HEX, inside=True)
    _indent(table, CELL_MARGIN)
    header = table.rows[0]
    _repeat_as_header(header)
    _keep_whole(header)
    for cell, name in zip(header.cells, COLUMNS):
        _shade(cell, HEADER_FILL)
        _paragraph(cell.paragraphs[0], name, bold=True, space_before=2, space_after=2)
    elapsed = guide.intro_seconds
    _add_step_row(table, "Introduction", INTRO_TEXT, guide.intro_seconds, elapsed)
    previous_phase = None
    for number, line in enumerate(guide.lines, start=1):
        if line.phase != previous_phase:
            _add_phase_row(table, line)
            previous_phase = line.phase
        elapsed += line.planned_seconds
        row = _add_question_row(table, number, line, elapsed)
    _keep_with_next(row)  # the wrap-up never starts a page on its own
    _add_step_row(table, "Wrap-up", WRAP_TEXT, guide.wrap_seconds, guide.total_seconds)


def _add_step_row(table: Table, name: str, text: str, seconds: int, ends: int) -> None:
    """The introduction or the wrap-up: a short row on the same clock as the questions."""
    row = table.add_row()
    _keep_whole(row)
    _, step_cell, minutes_cell, _ = row.cells
    _paragraph(step_cell.paragraphs[0], name, bold=True, space_before=2)
    _paragraph(step_cell.add_paragraph(), text, size=9, color=GREY, space_after=3)
    _minutes(minutes_cell, seconds, ends, bold=False)


def _minutes(cell: _Cell, seconds: int, ends: int, *, bold: bool) -> None:
    _paragraph(cell.paragraphs[0], duration(seconds), bold=bold, space_before=3 if bold else 2)
    _paragraph(cell.add_paragraph(), f"ends{NBSP}{clock(ends)}", size=SMALL_PT, color=GREY)


def _add_phase_row(table: Table, line: GuideLine) -> None:
    row = table.add_row()
    _keep_whole(row)
    cell = row.cells[0].merge(row.cells[-1])
    _shade(cell, PHASE_FILL)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.keep_with_next = True
    _paragraph(paragraph, line.phase.label, bold=True, space_before=2, space_after=2)


def _add_question_row(table: Table, number: int, line: GuideLine, elapsed: int) -> _Row:
    row = table.add_row()
    row.height = QUESTION_ROW_HEIGHT
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    number_cell, question_cell, minutes_cell, notes_cell = row.cells
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    number_paragraph = number_cell.paragraphs[0]
    _paragraph(number_paragraph, str(number), bold=True, space_before=3)
    if line.required:
        _run(number_paragraph, f"\n{REQUIRED_MARK}", color=INK)

    text = clean(line.text)
    _paragraph(question_cell.paragraphs[0], text, bold=True, size=11, space_before=3, space_after=2)
    probes = [probe for probe in (clean(p) for p in line.probes) if probe]
    if probes:
        _paragraph(question_cell.add_paragraph(), "Probes:", size=9, color=GREY, space_after=0)
        for probe in probes:
            paragraph = question_cell.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.4)
            paragraph.paragraph_format.first_line_indent = Cm(-0.3)
            _paragraph(paragraph, f"– {probe}", size=9)
    purpose = clean(line.purpose)
    if purpose:
        _paragraph(question_cell.add_paragraph(), f"Why we ask: {purpose}", size=SMALL_PT, italic=True, color=GREY,
                   space_before=2)
    tag = question_cell.add_paragraph()
    tag.paragraph_format.space_before = Pt(2)
    tag.paragraph_format.space_after = Pt(3)
    _run(tag, line.phase.label, size=SMALL_PT, color=GREY, small_caps=True)
    if line.required:
        _run(tag, f" · {REQUIRED_MARK} required", size=SMALL_PT, bold=True, small_caps=True)

    _minutes(minutes_cell, line.planned_seconds, elapsed, bold=True)
    notes_cell.paragraphs[0].paragraph_format.space_before = Pt(3)

    length = len(text) + sum(len(p) for p in probes) + len(purpose)
    if length <= SPLITTABLE_ROW_CHARS:
        _keep_whole(row)
    return row


# -- small helpers -----------------------------------------------------------------------------------


def _run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         color: RGBColor | None = None, small_caps: bool = False) -> Run:
    run = paragraph.add_run(_xml_safe(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    if small_caps:
        run.font.small_caps = True
    return run


def _paragraph(paragraph: Paragraph, text: str, *, space_before: float | None = None,
               space_after: float | None = None, **style: object) -> Paragraph:
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        _run(paragraph, text, **style)  # type: ignore[arg-type]
    return paragraph


def _fix_widths(table: Table, widths: tuple[Length, ...]) -> None:
    """Fixed layout with these column widths, so a long word wraps instead of widening its column."""
    table.autofit = False  # w:tblLayout type="fixed"
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _borders(table: Table, *, color: str, inside: bool) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    edges = ("top", "left", "bottom", "right") + (("insideH", "insideV") if inside else ())
    for edge in edges:
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), color)
        borders.append(element)
    properties.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                     "w:tblDescription", "w:tblPrChange")


def _indent(table: Table, width: Length) -> None:
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(round(width.twips)))
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.insert_element_before(indent, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row: _Row) -> None:
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _keep_with_next(row: _Row) -> None:
    """Word and LibreOffice keep a row with the next one when every paragraph in it keeps with the next."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _keep_whole(row: _Row) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


__all__ = ["EMPTY_GUIDE_TEXT", "clean", "clock", "duration", "guide_document", "time_plan", "write_guide_document"]
