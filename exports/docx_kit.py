"""The shared python-docx toolkit of every Word report: clean text, one page set-up, built-in styles, small parts.

Reports use Word's built-in styles (Title, Heading 1–3, List Bullet, Quote and a
built-in table style) so the navigation pane and a table of contents work in
Word and LibreOffice. Table columns are sized from what they hold
(:func:`fit_widths`): no column is narrower than its longest word (a line may
end only at a space or after a hyphen), a table whose words cannot all fit
shrinks its font, and a short value ("November 2026", "Customer success") is
kept on one line with no-break spaces, so Word and LibreOffice never break a
word inside a cell. Tables page well (:func:`table`): header rows repeat, rows
never split, a short table stays on one page, and a chart stays with the table
before it (:func:`picture`). A little raw XML covers what python-docx's public
API does not: repeated header rows, rows that do not split, cell shading,
borders and complex fields (PAGE / NUMPAGES in the footer).

Every text that reaches a document goes through :func:`clean` (inside
:func:`run`), so any Unicode a user typed makes a valid file.
"""

from __future__ import annotations

import calendar
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from exports.calendar import write_atomically
from interviewer.enums import Outcome

FONT = "Calibri"
BODY_PT = 10.5
SMALL_PT = 8.5
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
TEXT_WIDTH = Cm(17.0)
CELL_MARGIN = Cm(0.19)
"""Word's default left and right cell margin: bordered tables are indented by it to line up with the text."""
TABLE_STYLE = "Light List Accent 1"

INK = RGBColor(0x1F, 0x1F, 0x1F)
GREY = RGBColor(0x6B, 0x6B, 0x6B)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
OUTCOME_COLOURS = {
    Outcome.WON: RGBColor(0x2E, 0x7D, 0x32),
    Outcome.LOST: RGBColor(0xC6, 0x28, 0x28),
    Outcome.NO_DECISION: RGBColor(0x61, 0x61, 0x61),
    Outcome.OPEN: RGBColor(0x15, 0x65, 0xC0),
}
"""Text colours of the outcomes (dark enough to read on white); always beside the outcome's word."""

BANNERS = {
    "early_signal": ("Early signal", "FFF4D6", "C99A06"),
    "warning": ("Needs attention", "FDECEA", "C62828"),
    "info": ("Note", "EAF1FB", "1565C0"),
}
"""Banner kinds: the word that starts the banner, its fill and its border (hex)."""

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NBSP = "\u00a0"
SHORT_VALUE = 24
"""A cell text up to this many characters, on one line, is kept whole (its spaces made no-break)."""


@dataclass(frozen=True)
class Styled:
    """A piece of text with its own look, for a paragraph or a table cell."""

    text: str
    bold: bool = False
    italic: bool = False
    color: RGBColor | None = None
    size: float | None = None


Text = str | Styled | Sequence[str | Styled]
"""What a paragraph or a cell holds: plain text, one styled piece, or a sequence of pieces."""


# -- text --------------------------------------------------------------------------------------------


def clean(text: str | None) -> str:
    """The text without the characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone
    surrogates). Nothing else changes: right-to-left text, emoji, spaces and line breaks stay as they are."""
    if not text:
        return ""
    return _FORBIDDEN.sub("", text) if _FORBIDDEN.search(text) else text


def tidy(text: str | None) -> str:
    """A short field as one tidy text: :func:`clean`, line endings as ``\\n``, tabs as spaces, the other control
    characters (DEL, C1) dropped, surrounding space stripped. For labels, names and one-line values."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(char for char in text if char == "\n" or unicodedata.category(char) != "Cc").strip()


_SEPARATORS = {
    **dict.fromkeys(("de", "es", "it", "nl", "pt", "da", "id", "tr", "el"), (".", ",")),
    **dict.fromkeys(("fr", "ru", "sv", "nb", "no", "fi", "cs", "pl", "uk", "sk", "hu"), ("\u202f", ",")),
    "de_CH": ("’", "."),
}
"""Thousands and decimal separators by language (or language_TERRITORY); anything else gets "," and "."."""


def format_number(value: float, decimals: int = 0, locale_name: str | None = None) -> str:
    """A number with its thousands grouped the way ``locale_name`` writes them: 12345.6 → "12,346" in English,
    "12.345,6" in German with one decimal. No Babel: a short table of separators by language."""
    name = (locale_name or "").replace("-", "_").split(".")[0]
    group, point = _SEPARATORS.get(name) or _SEPARATORS.get(name.split("_")[0]) or (",", ".")
    text = f"{value:,.{decimals}f}"
    return text.translate({ord(","): "\0", ord("."): point}).replace("\0", group)


def format_date(day: date) -> str:
    """A date in words that no reader misreads, whatever their locale: "23 November 2026" (ISO stays in files)."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


# -- the document ------------------------------------------------------------------------------------


def new_document(title: str, subtitle: str | None = None) -> Document:
    """An A4 document with the report look, its title (style Title) and an optional subtitle line."""
    document = docx.Document()
    title = tidy(title)
    document.core_properties.title = title
    set_up_page(document)
    _set_up_styles(document)
    document.add_paragraph(title, style="Title")
    if subtitle:
        paragraph = document.add_paragraph(style="Subtitle")
        run(paragraph, subtitle)
    return document


FOOT_MARGIN = Cm(1.8)


def set_up_page(document: Document, *, bottom: Length = FOOT_MARGIN) -> None:
    """A4 portrait, 2 cm margins (``bottom`` at the foot), the footer 0.9 cm from the edge."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = MARGIN
    section.bottom_margin = bottom
    section.footer_distance = Cm(0.9)


def set_font(style: object, name: str = FONT) -> None:
    """Give a style one font for every script, dropping theme fonts that would override it."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    style.font.name = name  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), name)


def _set_up_styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal)
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    looks = {"Title": (20, INK, 0, 2), "Subtitle": (12, GREY, 0, 10), "Heading 1": (15, ACCENT, 16, 4),
             "Heading 2": (12, ACCENT, 12, 3), "Heading 3": (10.5, INK, 8, 2)}
    for name, (size, colour, before, after) in looks.items():
        style = styles[name]
        set_font(style)
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    title_border = styles["Title"].element.get_or_add_pPr().find(qn("w:pBdr"))
    if title_border is not None:  # the default template underlines the title with a heavy blue rule
        title_border.getparent().remove(title_border)
    for name in ("Quote", "Intense Quote", "List Bullet"):
        set_font(styles[name])
    styles["Quote"].font.color.rgb = INK
    styles["List Bullet"].paragraph_format.space_after = Pt(2)


def document_bytes(document: Document) -> bytes:
    """The document as .docx bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_document(document: Document, path: Path | str) -> Path:
    """Write the document to ``path`` (temporary file, then one rename) and return the path."""
    target = Path(path)
    write_atomically(target, document_bytes(document))
    return target


# -- paragraphs --------------------------------------------------------------------------------------


def run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        color: RGBColor | None = None, small_caps: bool = False) -> Run:
    """Add cleaned ``text`` to ``paragraph`` as one run with this look."""
    added = paragraph.add_run(clean(text))
    if bold:
        added.bold = True
    if italic:
        added.italic = True
    if size is not None:
        added.font.size = Pt(size)
    if color is not None:
        added.font.color.rgb = color
    if small_caps:
        added.font.small_caps = True
    return added


def fill(paragraph: Paragraph, text: Text) -> Paragraph:
    """Add ``text`` (plain, styled or a sequence of both) to ``paragraph``."""
    for piece in pieces(text):
        run(paragraph, piece.text, bold=piece.bold, italic=piece.italic, color=piece.color, size=piece.size)
    return paragraph


def heading(document: Document, text: str, level: int = 1) -> Paragraph:
    """A heading (styles Heading 1–3): it appears in the navigation pane and a table of contents."""
    return document.add_heading(tidy(text), level=level)


def paragraph(document: Document, text: Text = "", style: str | None = None, *,
              keep_with_next: bool = False) -> Paragraph:
    """A body paragraph (or one of ``style``); ``keep_with_next`` keeps it on the page of what follows."""
    added = fill(document.add_paragraph(style=style), text)
    if keep_with_next:
        added.paragraph_format.keep_with_next = True
    return added


def bullet(document: Document, text: Text) -> Paragraph:
    """An item of a bulleted list (style List Bullet)."""
    return fill(document.add_paragraph(style="List Bullet"), text)


def quote(document: Document, text: str, who: str | None = None) -> Paragraph:
    """The buyer's exact words in quotation marks (style Quote), then who said them."""
    added = document.add_paragraph(style="Quote")
    run(added, f"“{clean(text).strip()}”", italic=True)
    if who:
        run(added, f"\n— {tidy(who)}", italic=False, size=SMALL_PT + 0.5, color=GREY)
    return added


def picture(document: Document, png: bytes, width_cm: float, *, with_previous: bool = True) -> Paragraph:
    """A PNG image ``width_cm`` wide, centred in a paragraph of its own.

    ``with_previous`` keeps it on the page of what comes just before it: the table it draws (with any banner
    between them) or the paragraph that introduces it, so a chart is never a page away from its table.
    """
    if with_previous:
        _keep_previous_with_next(document)
    added = document.add_paragraph()
    added.alignment = WD_ALIGN_PARAGRAPH.CENTER
    added.paragraph_format.space_before = Pt(6)
    added.paragraph_format.space_after = Pt(8)
    added.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    return added


def _keep_previous_with_next(document: Document) -> None:
    """Keep the blocks that end the body with what is added next, back to the first table that is not a banner
    or the first paragraph with text (spacers and banners in between are kept too)."""
    blocks = [child for child in document.element.body if child.tag != qn("w:sectPr")]
    for block in reversed(blocks):
        if block.tag == qn("w:tbl"):
            found = Table(block, document._body)
            keep_table_with_next(found)
            if not _is_banner(found):
                return
        else:
            found_paragraph = Paragraph(block, document._body)
            found_paragraph.paragraph_format.keep_with_next = True
            if found_paragraph.text.strip():
                return


def _is_banner(found: Table) -> bool:
    return len(found.rows) == 1 and len(found.columns) == 1


def banner(document: Document, text: Text, kind: str = "early_signal", *, keep_with_next: bool = False) -> Table:
    """A shaded one-cell box starting with the kind's word ("Early signal: …"), for warnings to notice;
    ``keep_with_next`` keeps it on the page of what follows (a chart it warns about)."""
    label, fill_hex, border_hex = BANNERS[kind]
    _apart_from_table(document)
    box = document.add_table(rows=1, cols=1)
    fix_widths(box, (TEXT_WIDTH - 2 * CELL_MARGIN,))
    borders(box, color=border_hex, inside=False, size=8)
    indent(box, CELL_MARGIN)
    cell = box.rows[0].cells[0]
    shade(cell, fill_hex)
    inner = cell.paragraphs[0]
    inner.paragraph_format.space_before = Pt(3)
    inner.paragraph_format.space_after = Pt(3)
    run(inner, f"{label}: ", bold=True)
    fill(inner, text)
    keep_whole(box.rows[0])
    if keep_with_next:
        inner.paragraph_format.keep_with_next = True
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.keep_with_next = keep_with_next
    return box


# -- tables ------------------------------------------------------------------------------------------


def table(document: Document, header: Sequence[str], rows: Sequence[Sequence[Text]],
          widths: Sequence[float] | None = None, *, align: str | None = None, size: float | None = None,
          keep_with_next: bool = False) -> Table:
    """A table in the built-in table style that pages well in Word and LibreOffice.

    Its header row is repeated on every page and no row splits over two. A table of up to
    :data:`WHOLE_TABLE_ROWS` rows never splits; a longer one never leaves its header and first row alone at the
    foot of a page, nor its last row alone at the top of one. ``keep_with_next`` keeps it on the page of what
    follows (:func:`picture` asks for that itself: a chart stays with its table).

    Column widths come from the content (:func:`fit_widths`); ``widths`` in centimetres, when given, say how to
    share the text width, and a column too narrow for its longest word takes the room from the others. When even
    the longest words do not fit side by side, the font shrinks (to :data:`SMALLEST_PT` at least) instead of a word
    breaking. ``align`` has one letter per column, ``l`` or ``r`` (right for figures); ``size`` is the font size
    in points of every cell (default: the body's).
    """
    count = len(header)
    _apart_from_table(document)
    added = document.add_table(rows=1, cols=count)
    added.style = document.styles[TABLE_STYLE]
    added.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid = [[Styled(name, bold=True) for name in header], *[list(values) for values in rows]]
    wanted_size = size or BODY_PT
    fitted = fitting_size(grid, wanted_size)
    sizes, whole = fit_widths(grid, fitted, [Cm(w) for w in widths] if widths else None)
    sides = (align or "l" * count).ljust(count, "l")
    for number, values in enumerate(grid):
        row = added.rows[0] if number == 0 else added.add_row()
        for cell, value, side, keep in zip(row.cells, values, sides, whole):
            _cell(cell, keep_short_whole(value) if keep else value, side)
        keep_whole(row)
    repeat_as_header(added.rows[0])
    _keep_rows_together(added)
    if keep_with_next:
        keep_table_with_next(added)
    fix_widths(added, sizes)
    if size is not None or fitted != wanted_size:
        for piece in added._tbl.iter(qn("w:r")):
            Run(piece, added).font.size = Pt(fitted)
    return added


WHOLE_TABLE_ROWS = 16
"""A table of up to this many rows (header included) is kept on one page."""
SMALLEST_PT = 7.0
"""The smallest font a table shrinks to so that its longest words fit side by side."""


def _keep_rows_together(added: Table) -> None:
    """Keep-with-next on the rows that must not end a page: all but the last of a short table (it never
    splits), else the header and first row (never alone at a page's foot) and the last but one (the last row
    never alone at a page's top)."""
    rows = list(added.rows)
    if len(rows) <= WHOLE_TABLE_ROWS:
        chosen = rows[:-1]
    else:
        chosen = [*rows[:2], rows[-2]]
    for row in chosen:
        keep_with_next(row)


def keep_table_with_next(added: Table) -> None:
    """Keep the table on the page of the block after it: in LibreOffice that takes every row kept with the
    next, so a long table keeps only its last rows with what follows (in Word)."""
    rows = list(added.rows)
    for row in rows if len(rows) <= WHOLE_TABLE_ROWS else rows[-2:]:
        keep_with_next(row)


def _apart_from_table(document: Document) -> None:
    """Add a small empty paragraph when the body ends with a table: two tables in a row would merge into one."""
    blocks = [child for child in document.element.body if child.tag != qn("w:sectPr")]
    if blocks and blocks[-1].tag == qn("w:tbl"):
        spacer = document.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)

def pieces(value: Text) -> list[Styled]:
    """A cell's or paragraph's text as styled pieces (plain strings become unstyled pieces)."""
    items = [value] if isinstance(value, (str, Styled)) else list(value)
    return [item if isinstance(item, Styled) else Styled(item) for item in items if item]


def keep_short_whole(value: Text) -> Text:
    """A short one-line value with its spaces made no-break, so it never wraps; longer text is left as it is."""
    parts = pieces(value)
    text = "".join(part.text for part in parts)
    if len(text) > SHORT_VALUE or "\n" in text:
        return value
    return [replace(part, text=part.text.replace(" ", NBSP)) for part in parts]


def text_width(text: str, size: float, *, bold: bool = False) -> Length:
    """How wide ``text`` prints in the report font at ``size`` points, a little generously (Calibri's metrics,
    which LibreOffice's Carlito shares)."""
    ems = sum(_char_ems(char) for char in text) * (1.04 if bold else 1.0)
    return Pt(ems * size * 1.05)


_NARROW, _WIDE = frozenset(" .,:;'!|iljIft()r-·\u00a0"), frozenset("mwMW%—@")


def _char_ems(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.85
    if char.isascii():
        return 0.62 if char.isupper() else 0.52
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.62


_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")
"""Where a line may end inside a word: after a hyphen between letters ("Mid-|Market"), as Word and LibreOffice do."""


def _units(parts: Sequence[Styled], size: float, *, whole: bool) -> tuple[Length, Length]:
    """The widest unbreakable unit of a cell (a word or the part of one up to a hyphen, or the whole value when
    short and ``whole``) and its widest line, both with the cell's margins."""
    text = "".join(part.text for part in parts)
    bold = any(part.bold for part in parts)
    scale = max([part.size or size for part in parts] or [size])
    lines = text.split("\n")
    kept = whole and len(text) <= SHORT_VALUE and len(lines) == 1
    units = lines if kept else [unit for line in lines for word in line.split() for unit in _HYPHEN.split(word)]
    margins = 2 * CELL_MARGIN
    least = max((text_width(unit, scale, bold=bold) for unit in units), default=Length(0))
    longest = max((text_width(line, scale, bold=bold) for line in lines), default=Length(0))
    return Length(least + margins), Length(longest + margins)


def _wraps_inside(value: Text) -> bool:
    """Whether a value is short enough to keep whole and has spaces it could wrap at."""
    text = "".join(part.text for part in pieces(value)).strip()
    return " " in text and len(text) <= SHORT_VALUE and "\n" not in text


def _measure(grid: Sequence[Sequence[Text]], size: float, whole: bool) -> tuple[list[Length], list[Length]]:
    """Each column's widest unbreakable unit and its widest line (see :func:`_units`)."""
    count = max(len(row) for row in grid)
    least, longest = [Length(0)] * count, [Length(0)] * count
    for row in grid:
        for column, value in enumerate(row):
            small, line = _units(pieces(value), size, whole=whole)
            least[column], longest[column] = max(least[column], small), max(longest[column], line)
    return least, longest


def fitting_size(grid: Sequence[Sequence[Text]], size: float = BODY_PT, total: Length = TEXT_WIDTH) -> float:
    """``size``, or the largest smaller size (in half points, down to :data:`SMALLEST_PT`) at which every
    column's longest word fits side by side in ``total``."""
    while size > SMALLEST_PT and sum(_measure(grid, size, False)[0]) > total:
        size = max(SMALLEST_PT, size - 0.5)
    return size


def fit_widths(grid: Sequence[Sequence[Text]], size: float = BODY_PT, wanted: Sequence[Length] | None = None,
               total: Length = TEXT_WIDTH) -> tuple[list[Length], list[bool]]:
    """Column widths for a table's cells (header row included) filling ``total``, and which columns keep their
    short values whole.

    Every column gets at least its widest word. Then a column's short values are kept whole (one unit each)
    while all columns still fit, first the columns where that costs least width per value it keeps whole. The
    rest of the width follows ``wanted`` (the caller's proportions) or, without it, what each column's longest
    line needs beyond its least.
    """
    count = max(len(row) for row in grid)
    least, longest = _measure(grid, size, False)
    if sum(least) > total:  # even single words do not fit: share in proportion, the least harm
        return [Length(int(total * width / sum(least))) for width in least], [False] * count
    kept, _ = _measure(grid, size, True)
    whole = [False] * count
    spared = [sum(_wraps_inside(row[c]) for row in grid if c < len(row)) for c in range(count)]
    for column in sorted(range(count), key=lambda c: (kept[c] - least[c]) / max(spared[c], 1)):
        if sum(least) - least[column] + kept[column] <= total:
            least[column], whole[column] = kept[column], True
    start = list(wanted) if wanted else _by_need(least, longest, total)
    return _settle(start, least, total), whole


def _by_need(least: list[Length], longest: list[Length], total: Length) -> list[Length]:
    """Widths from the content: each column's least, then the rest shared by how much more its lines need."""
    spare = total - sum(least)
    need = [max(0, line - small) for small, line in zip(least, longest)]
    if sum(need) <= spare:  # every line fits: what is left goes to the columns in proportion to their lines
        rest = spare - sum(need)
        return [Length(int(line + rest * line / sum(longest))) for line in longest]
    return [Length(int(small + spare * extra / sum(need))) for small, extra in zip(least, need)]


def _settle(start: Sequence[Length], least: Sequence[Length], total: Length) -> list[Length]:
    """``start`` scaled to ``total``, then each column raised to its least, the room taken from those above theirs."""
    scaled = [total * width / sum(start) for width in start]
    short = sum(max(0, small - width) for small, width in zip(least, scaled))
    slack = [max(0, width - small) for small, width in zip(least, scaled)]
    widths = []
    for width, small, room in zip(scaled, least, slack):
        widths.append(small if width <= small else width - short * room / sum(slack))
    return [Length(int(width)) for width in widths]


def _cell(cell: _Cell, value: Text, side: str) -> None:
    inner = cell.paragraphs[0]
    inner.paragraph_format.space_before = Pt(1)
    inner.paragraph_format.space_after = Pt(1)
    if side == "r":
        inner.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fill(inner, value)


def fix_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed layout with these column widths, so a long word wraps instead of widening its column."""
    table.autofit = False  # w:tblLayout type="fixed"
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def borders(table: Table, *, color: str, inside: bool, size: int = 4) -> None:
    """Single-line borders of ``color`` around the table (and between its cells when ``inside``)."""
    properties = table._tbl.tblPr
    element = OxmlElement("w:tblBorders")
    edges = ("top", "left", "bottom", "right") + (("insideH", "insideV") if inside else ())
    for edge in edges:
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), color)
        element.append(line)
    properties.insert_element_before(element, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                     "w:tblDescription", "w:tblPrChange")


def indent(table: Table, width: Length) -> None:
    """Indent the table by ``width`` from the left margin."""
    element = OxmlElement("w:tblInd")
    element.set(qn("w:w"), str(round(width.twips)))
    element.set(qn("w:type"), "dxa")
    table._tbl.tblPr.insert_element_before(element, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
                                           "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def shade(cell: _Cell, fill_hex: str) -> None:
    """Fill the cell's background with ``fill_hex`` (e.g. ``"D9D9D9"``)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill_hex)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row: _Row) -> None:
    """Repeat this row at the top of every page the table runs over."""
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def keep_whole(row: _Row) -> None:
    """Never split this row across two pages."""
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def keep_with_next(row: _Row) -> None:
    """Word and LibreOffice keep a row with the next one when every paragraph in it keeps with the next."""
    for cell in row.cells:
        for inner in cell.paragraphs:
            inner.paragraph_format.keep_with_next = True


# -- fields and footer -------------------------------------------------------------------------------


def field(paragraph: Paragraph, instruction: str, placeholder: str, **look: object) -> None:
    """A complex field (begin, instruction, separate, shown result, end) that Word and LibreOffice update."""
    def part(element: OxmlElement | None, text: str = "") -> None:
        added = run(paragraph, text, **look)  # type: ignore[arg-type]
        if element is not None:
            added._r.append(element)

    def fld_char(kind: str) -> OxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    part(fld_char("begin"))
    part(instr)
    part(fld_char("separate"))
    part(None, placeholder)
    part(fld_char("end"))


def page_footer(document: Document, text: str) -> Paragraph:
    """The footer of every page: ``text`` on the left, "Page X of Y" on the right (small, grey)."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.style = document.styles["Normal"]
    footer.paragraph_format.space_after = Pt(0)
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    short = tidy(text)
    short = short if len(short) <= 90 else short[:89].rstrip() + "…"
    look = {"size": SMALL_PT, "color": GREY}
    run(footer, short, **look)  # type: ignore[arg-type]
    run(footer, "\tPage ", **look)  # type: ignore[arg-type]
    field(footer, "PAGE", "1", **look)
    run(footer, " of ", **look)  # type: ignore[arg-type]
    field(footer, "NUMPAGES", "1", **look)
    return footer


__all__ = [
    "BANNERS", "NBSP", "OUTCOME_COLOURS", "Styled", "Text", "banner", "borders", "bullet", "clean", "document_bytes",
    "field", "fill", "fit_widths", "fix_widths", "format_date", "format_number", "heading", "indent", "keep_short_whole",
    "keep_table_with_next", "keep_whole", "keep_with_next", "fitting_size", "new_document", "page_footer", "paragraph", "picture", "pieces", "quote",
    "repeat_as_header", "run", "set_font", "set_up_page", "shade", "table", "text_width", "tidy", "write_document",
]
