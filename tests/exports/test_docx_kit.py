"""The report toolkit: any text makes a valid document, built-in styles, tables, banners, footer fields."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from exports import docx_kit as kit

RTL = "הלקוח אמר: המחיר היה גבוה מדי · قال العميل إن السعر مرتفع"
EMOJI = "Great onboarding 👍🏽 — 5⭐ 👩‍💻"
CONTROLS = "".join(chr(code) for code in range(0x20))


def _png(width: int, height: int) -> bytes:
    """A small white PNG, written by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _reopen(document):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(kit.document_bytes(document)))


def _all_text(document) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text.replace(kit.NBSP, " ") for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_clean_removes_exactly_what_xml_forbids() -> None:
    kept = kit.clean(CONTROLS)
    assert kept == "\t\n\r"
    assert kit.clean("a\ud800b\udfffc\ufffe\uffffd") == "abcd"
    for text in (RTL, EMOJI, "  spaces  stay \u00a0\u200f\u202b", "café\u0301 日本語 \x7f\x85"):
        assert kit.clean(text) == text
    assert kit.clean(None) == "" and kit.clean("") == ""


def test_tidy_makes_one_clean_field() -> None:
    assert kit.tidy("  \x00Name\tof\r\nthe\x7f\x85 buyer  ") == "Name of\nthe buyer"
    assert kit.tidy(RTL) == RTL


def test_every_hostile_text_saves_and_reopens() -> None:
    hostile = f"{CONTROLS} start {RTL} {EMOJI} \ud83d lone \udc00 \ufffe end"
    document = kit.new_document(hostile, subtitle=hostile)
    kit.heading(document, hostile, 1)
    kit.paragraph(document, hostile)
    kit.bullet(document, [hostile, kit.Styled(hostile, bold=True)])
    kit.quote(document, hostile, who=hostile)
    kit.table(document, ["A", hostile], [[hostile, kit.Styled(hostile, color=kit.GREY)]])
    kit.banner(document, hostile)
    kit.page_footer(document, hostile)
    reopened = _reopen(document)
    text = _all_text(reopened)
    assert RTL in text and EMOJI in text and "start" in text and "end" in text
    assert not any(ch in text for ch in "\x00\x01\x08\x0b\x0c\x1f\ufffe\ud83d")


def test_styles_are_word_built_ins_and_page_is_a4() -> None:
    document = kit.new_document("Report", subtitle="October 2026")
    kit.heading(document, "Data", 1)
    kit.heading(document, "Segments", 2)
    kit.heading(document, "Detail", 3)
    kit.bullet(document, "one point")
    kit.quote(document, "It was too slow", "VP Operations")
    reopened = _reopen(document)
    styles = [p.style.name for p in reopened.paragraphs]
    assert styles == ["Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Quote"]
    assert reopened.paragraphs[-1].text == "“It was too slow”\n— VP Operations"
    assert reopened.core_properties.title == "Report"
    section = reopened.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_table_repeats_its_header_and_keeps_widths() -> None:
    document = kit.new_document("T")
    kit.table(document, ["Segment", "Win rate"], [["SMB", "42% (n=118)"]] * 50, widths=[10, 7], align="lr")
    (table,) = _reopen(document).tables
    assert table.style.name == kit.TABLE_STYLE
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [round(c.width.cm, 1) for c in table.columns] == [10.0, 7.0]
    assert [c.text for c in table.rows[1].cells] == ["SMB", f"42%{kit.NBSP}(n=118)"]  # a short value stays whole
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_banner_is_a_shaded_box_that_starts_with_its_word() -> None:
    document = kit.new_document("B")
    kit.banner(document, "Win rate rests on 12 deals.", "early_signal")
    (table,) = _reopen(document).tables
    cell = table.rows[0].cells[0]
    assert cell.text == "Early signal: Win rate rests on 12 deals."
    assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == kit.BANNERS["early_signal"][1]
    with pytest.raises(KeyError):
        kit.banner(document, "x", "nonsense")


def test_footer_counts_pages_with_fields() -> None:
    document = kit.new_document("F")
    kit.page_footer(document, "Monthly review · October 2026")
    footer = _reopen(document).sections[0].footer.paragraphs[0]
    assert [node.text.strip() for node in footer._p.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert footer.text == "Monthly review · October 2026\tPage 1 of 1"


def test_picture_is_embedded_at_its_width() -> None:
    document = kit.new_document("P")
    kit.picture(document, _png(40, 20), 15)
    reopened = _reopen(document)
    (shape,) = reopened.inline_shapes
    assert round(shape.width.cm, 1) == 15.0


def test_numbers_and_dates() -> None:
    assert kit.format_number(1234567) == "1,234,567"
    assert kit.format_number(12345.67, 1, "de_DE") == "12.345,7"
    assert kit.format_number(12345, 0, "fr_FR.UTF-8") == "12\u202f345"
    assert kit.format_number(12345, 0, "en-GB") == "12,345"
    assert kit.format_date(date(2026, 11, 3)) == "3 November 2026"


def test_written_atomically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    assert kit.write_document(kit.new_document("W"), target) == target
    assert docx.Document(str(target)).paragraphs[0].text == "W"


def test_no_column_is_narrower_than_its_longest_word_and_short_values_stay_whole() -> None:
    rows = [["Tighten the pricing page for mid-market buyers", "Marketing", "November 2026", "01:30"],
            ["Brief the sales team on the new onboarding offer", "Customer success", "December 2026", "12:45"]]
    header = ["Action", "Team", "Due", "Time"]
    document = kit.new_document("W")
    kit.table(document, header, rows, widths=[14.0, 1.0, 1.0, 1.0], size=9)  # asked-for widths far too narrow
    (table,) = _reopen(document).tables
    widths = [cell.width for cell in table.rows[0].cells]
    assert abs(sum(widths) - kit.TEXT_WIDTH) <= 4 * 635  # the text width, to a twip per column
    for column, values in enumerate(zip(header, *rows)):
        whole = max(kit.text_width(value, 9, bold=not n) for n, value in enumerate(values))
        assert widths[column] >= whole + 2 * kit.CELL_MARGIN - 635, f"{values[0]} would break a word"
    assert table.rows[1].cells[2].text == f"November{kit.NBSP}2026"
    assert "\u00a0" not in table.rows[1].cells[0].text  # a long text still wraps between its words
    assert widths[0] > widths[1]  # the long text keeps most of the room


def test_widths_follow_the_content_when_none_are_given() -> None:
    grid = [[kit.Styled("Figure", bold=True), kit.Styled("Value", bold=True)],
            ["Win rate", "42% (n=118) across every segment and region this month, against 38% the month before"]]
    widths, whole = kit.fit_widths(grid)
    assert whole[0] and sum(widths) <= kit.TEXT_WIDTH and widths[1] > 3 * widths[0]
    assert widths[0] >= kit.text_width("Win rate", kit.BODY_PT) + 2 * kit.CELL_MARGIN


def test_when_whole_values_cannot_all_fit_the_cheapest_are_kept_whole() -> None:
    grid = [[kit.Styled(f"H{n}", bold=True) for n in range(8)], ["Customer success"] * 7 + ["In progress"]]
    widths, whole = kit.fit_widths(grid)
    assert whole[-1] and not all(whole) and sum(widths) <= kit.TEXT_WIDTH


def _kept(row) -> bool:  # type: ignore[no-untyped-def]
    return all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)


def test_a_short_table_never_splits_and_a_long_one_leaves_no_row_alone() -> None:
    document = kit.new_document("K")
    kit.table(document, ["Segment", "Win rate"], [["SMB", "42%"]] * (kit.WHOLE_TABLE_ROWS - 1))
    kit.table(document, ["Segment", "Win rate"], [["SMB", "42%"]] * 40)
    short, long = _reopen(document).tables
    assert [_kept(row) for row in short.rows] == [True] * (kit.WHOLE_TABLE_ROWS - 1) + [False]
    assert [i for i, row in enumerate(long.rows) if _kept(row)] == [0, 1, 39]  # header + first row; last two
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in [*short.rows, *long.rows])


def test_a_chart_keeps_its_table_and_the_banner_between_them_with_it() -> None:
    document = kit.new_document("C")
    kit.paragraph(document, "Intro")
    kit.table(document, ["Competitor", "Win rate"], [["Brightfold", "17%"]] * 3)
    kit.banner(document, "3 competitors rest on fewer than 20 deals.")
    kit.picture(document, _png(40, 20), 15)
    kit.table(document, ["Alone", "Table"], [["a", "b"]] * 3)
    kit.picture(document, _png(40, 20), 15, with_previous=False)
    reopened = _reopen(document)
    table, box, alone = reopened.tables
    assert all(_kept(row) for row in [*table.rows, *box.rows])
    assert not _kept(alone.rows[-1])
    spacers = [p for p in reopened.paragraphs if not p.text and not p._p.findall(".//" + qn("w:drawing"))]
    assert spacers and all(p.paragraph_format.keep_with_next for p in spacers[:2])
    assert not reopened.paragraphs[1].paragraph_format.keep_with_next  # "Intro" comes before the table: not kept


def test_a_table_too_wide_for_its_words_shrinks_its_font_instead_of_breaking_one() -> None:
    header = [f"Column{n}" for n in range(9)]
    rows = [["Baseline", "Marketing", "(n=163)", "Leadership", "Oyelaran", "November", "In progress",
             "Brightfold", "Enterprise"]]
    grid = [[kit.Styled(name, bold=True) for name in header], *rows]  # as the table measures them
    size = kit.fitting_size(grid, 10.5)
    assert kit.SMALLEST_PT <= size < 10.5
    document = kit.new_document("S")
    kit.table(document, header, rows)
    (table,) = _reopen(document).tables
    assert {run.font.size.pt for row in table.rows for cell in row.cells for p in cell.paragraphs
            for run in p.runs} == {size}
    for column, name, word in zip(table.columns, header, rows[0]):
        widest = max([kit.text_width(name, size, bold=True), *(kit.text_width(part, size) for part in word.split())])
        widest += 2 * kit.CELL_MARGIN
        assert column.width + 635 >= widest, word  # widths are stored in twips (635 EMU)
    assert kit.fitting_size([["short", "words"]], 10.5) == 10.5
