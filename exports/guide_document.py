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

from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from exports.docx_kit import (
    BODY_PT,
    CELL_MARGIN,
    GREY,
    INK,
    OUTCOME_COLOURS,
    SMALL_PT,
    TEXT_WIDTH,
    borders,
    fix_widths,
    indent,
    keep_whole,
    keep_with_next,
    page_footer,
    repeat_as_header,
    run,
    set_font,
    set_up_page,
    shade,
    tidy,
    write_document,
)
from question_bank.guide import GuideLine, PrintableGuide

COLUMNS = ("#", "Question", "Min", "Notes")
COLUMN_WIDTHS = (Cm(0.9), Cm(7.1), Cm(1.9), Cm(7.1))
"""The notes column takes 42 % of the line: room to write by hand."""
QUESTION_ROW_HEIGHT = Cm(2.6)
SPLITTABLE_ROW_CHARS = 2500
"""A row holding more text than this may run over a page; Word would cut it off if it could not split."""

REQUIRED_MARK = "★"
BORDER_HEX = "A6A6A6"
HEADER_FILL = "D9D9D9"
PHASE_FILL = "EDEDED"
REMINDER_FILL = "F3F6FA"
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
    title = tidy(guide.title) or "Interview guide"
    document.core_properties.title = title
    set_up_page(document)
    _set_up_styles(document)
    page_footer(document, title)

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
    run(legend, f"{REQUIRED_MARK} required: ask it even when time runs short.   “ends” is the clock from the start of "
                 "the call, introduction included.", size=SMALL_PT, color=GREY)
    _add_questions(document, guide)
    return document


def write_guide_document(guide: PrintableGuide, path: Path | str) -> Path:
    """Write the guide as .docx to ``path`` (temporary file, then one rename) and return the path."""
    return write_document(guide_document(guide), path)


# -- text --------------------------------------------------------------------------------------------


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


def _set_up_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    set_font(normal)
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.05
    title = document.styles["Title"]
    set_font(title)
    title.font.size = Pt(17)
    title.font.bold = True
    title.font.color.rgb = INK
    title.paragraph_format.space_after = Pt(6)


# -- the parts above the questions ------------------------------------------------------------------


def _add_facts(document: Document, guide: PrintableGuide) -> None:
    rows: list[tuple[str, list[tuple[str, dict[str, object]]]]] = []
    for label, value in guide.facts:
        rows.append((tidy(label), [(tidy(value), {})]))
    outcome = guide.outcome
    rows.append(("Outcome", [(outcome.label, {"bold": True, "color": OUTCOME_COLOURS.get(outcome, INK)})]))
    competitor = tidy(guide.competitor)
    if competitor:
        rows.append(("Competitor", [(competitor, {})]))
    plan: list[tuple[str, dict[str, object]]] = [(time_plan(guide), {})]
    if guide.lines:  # an empty guide is short of the window by definition: no need to say it in red
        verdict, colour = _window_verdict(guide)
        plan.append((f" · {verdict.replace(' ', NBSP)}", {"color": colour}))
    rows.append(("Time", plan))

    table = document.add_table(rows=len(rows), cols=2)
    fix_widths(table, (Cm(3.2), TEXT_WIDTH - Cm(3.2)))
    for row, (label, parts) in zip(table.rows, rows):
        label_cell, value_cell = row.cells
        _paragraph(label_cell.paragraphs[0], label, color=GREY, space_after=1)
        paragraph = value_cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(1)
        for text, style in parts:
            run(paragraph, text, **style)  # type: ignore[arg-type]


def _add_reminder(document: Document) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(4)
    table = document.add_table(rows=1, cols=1)
    fix_widths(table, (TEXT_WIDTH,))
    cell = table.rows[0].cells[0]
    shade(cell, REMINDER_FILL)
    borders(table, color="B4C3D6", inside=False)
    indent(table, CELL_MARGIN)
    _paragraph(cell.paragraphs[0], "During the call", bold=True, space_before=3, space_after=2)
    for reminder in REMINDERS:
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.45)
        paragraph.paragraph_format.first_line_indent = Cm(-0.3)
        paragraph.paragraph_format.space_after = Pt(1)
        run(paragraph, "•  " + reminder, size=9.5)
    cell.paragraphs[-1].paragraph_format.space_after = Pt(4)


# -- the question table -----------------------------------------------------------------------------


def _add_questions(document: Document, guide: PrintableGuide) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    fix_widths(table, COLUMN_WIDTHS)
    borders(table, color=BORDER_HEX, inside=True)
    indent(table, CELL_MARGIN)
    header = table.rows[0]
    repeat_as_header(header)
    keep_whole(header)
    for cell, name in zip(header.cells, COLUMNS):
        shade(cell, HEADER_FILL)
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
    keep_with_next(row)  # the wrap-up never starts a page on its own
    _add_step_row(table, "Wrap-up", WRAP_TEXT, guide.wrap_seconds, guide.total_seconds)


def _add_step_row(table: Table, name: str, text: str, seconds: int, ends: int) -> None:
    """The introduction or the wrap-up: a short row on the same clock as the questions."""
    row = table.add_row()
    keep_whole(row)
    _, step_cell, minutes_cell, _ = row.cells
    _paragraph(step_cell.paragraphs[0], name, bold=True, space_before=2)
    _paragraph(step_cell.add_paragraph(), text, size=9, color=GREY, space_after=3)
    _minutes(minutes_cell, seconds, ends, bold=False)


def _minutes(cell: _Cell, seconds: int, ends: int, *, bold: bool) -> None:
    _paragraph(cell.paragraphs[0], duration(seconds), bold=bold, space_before=3 if bold else 2)
    _paragraph(cell.add_paragraph(), f"ends{NBSP}{clock(ends)}", size=SMALL_PT, color=GREY)


def _add_phase_row(table: Table, line: GuideLine) -> None:
    row = table.add_row()
    keep_whole(row)
    cell = row.cells[0].merge(row.cells[-1])
    shade(cell, PHASE_FILL)
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
        run(number_paragraph, f"\n{REQUIRED_MARK}", color=INK)

    text = tidy(line.text)
    _paragraph(question_cell.paragraphs[0], text, bold=True, size=11, space_before=3, space_after=2)
    probes = [probe for probe in (tidy(p) for p in line.probes) if probe]
    if probes:
        _paragraph(question_cell.add_paragraph(), "Probes:", size=9, color=GREY, space_after=0)
        for probe in probes:
            paragraph = question_cell.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.4)
            paragraph.paragraph_format.first_line_indent = Cm(-0.3)
            _paragraph(paragraph, f"– {probe}", size=9)
    purpose = tidy(line.purpose)
    if purpose:
        _paragraph(question_cell.add_paragraph(), f"Why we ask: {purpose}", size=SMALL_PT, italic=True, color=GREY,
                   space_before=2)
    tag = question_cell.add_paragraph()
    tag.paragraph_format.space_before = Pt(2)
    tag.paragraph_format.space_after = Pt(3)
    run(tag, line.phase.label, size=SMALL_PT, color=GREY, small_caps=True)
    if line.required:
        run(tag, f" · {REQUIRED_MARK} required", size=SMALL_PT, bold=True, small_caps=True)

    _minutes(minutes_cell, line.planned_seconds, elapsed, bold=True)
    notes_cell.paragraphs[0].paragraph_format.space_before = Pt(3)

    length = len(text) + sum(len(p) for p in probes) + len(purpose)
    if length <= SPLITTABLE_ROW_CHARS:
        keep_whole(row)
    return row


# -- small helpers -----------------------------------------------------------------------------------


def _paragraph(paragraph: Paragraph, text: str, *, space_before: float | None = None,
               space_after: float | None = None, **style: object) -> Paragraph:
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        run(paragraph, text, **style)  # type: ignore[arg-type]
    return paragraph


__all__ = ["EMPTY_GUIDE_TEXT", "clock", "duration", "guide_document", "time_plan", "write_guide_document"]
