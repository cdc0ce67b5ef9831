"""The printed interview guide: what a reopened .docx holds, and that writing it replaces a file in one step."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table

import interviewer.files
from exports.guide_document import EMPTY_GUIDE_TEXT, guide_document, write_guide_document
from interviewer.enums import Outcome, Phase, Team
from question_bank.guide import GuideLine, PrintableGuide, Window

TITLE = "Interview guide · VP Operations, Acme Logistics"
LINES = (
    GuideLine("What was your role in choosing a\x07 logistics platform?", Phase.OPENING, 90, required=True,
              purpose="Sets the context.", probes=("Who else was involved?",), teams=(Team.SALES,)),
    GuideLine("Walk me through how the decision was made.", Phase.DECISION_PROCESS, 150,
              purpose="Maps the buying process.", probes=("Who could have stopped it?", "What almost derailed it?")),
    GuideLine("Why did you look for a solution now?", Phase.DECISION_PROCESS, 90, purpose="Finds the trigger."),
    GuideLine("Qu’est-ce qui comptait le plus — 価格 or fit?", Phase.EVALUATION, 120, required=True,
              purpose="Criteria in the buyer’s words.", probes=("Which criterion was a must-have?",)),
    GuideLine("How did Routeway compare with us?", Phase.COMPETITION, 105, probes=("Where were we stronger?",)),
)
GUIDE = PrintableGuide(title=TITLE, outcome=Outcome.LOST, lines=LINES, window=Window(15, 20), competitor="Routeway",
                       facts=(("Buyer", "Dana Whitfield"), ("Scheduled", "2025-03-14 10:00 Europe/Berlin\x0b")))


def _text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).replace("\u00a0", " ")


def _questions_table(document) -> Table:
    return next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["#", "Question", "Min", "Notes"])


def _question_rows(table: Table) -> list:
    return [row for row in table.rows[1:] if row.cells[0].text.strip()[:1].isdigit()]


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(_text(cell) for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def reopened(tmp_path: Path):
    path = write_guide_document(GUIDE, tmp_path / "guide.docx")
    assert path == tmp_path / "guide.docx"
    return docx.Document(str(path))


def test_title_facts_outcome_and_time_plan(reopened) -> None:
    assert reopened.paragraphs[0].text == TITLE
    text = _all_text(reopened)
    assert "Dana Whitfield" in text and "2025-03-14 10:00 Europe/Berlin" in text
    assert "Routeway" in text
    outcome_run = next(r for t in reopened.tables for row in t.rows for c in row.cells
                       for p in c.paragraphs for r in p.runs if r.text == "Lost")
    assert str(outcome_run.font.color.rgb) == "C62828"
    assert "Window 15–20 min · planned 11:45 (intro 1:30, 5 questions 9:15, wrap-up 1:00)" in text
    assert "under the window" in text


def test_questions_in_order_with_probes_purposes_and_phase_labels(reopened) -> None:
    rows = _question_rows(_questions_table(reopened))
    assert [row.cells[0].text.split("\n")[0] for row in rows] == ["1", "2", "3", "4", "5"]
    texts = [row.cells[1].paragraphs[0].text for row in rows]
    assert texts == ["What was your role in choosing a logistics platform?",
                     "Walk me through how the decision was made.", "Why did you look for a solution now?",
                     "Qu’est-ce qui comptait le plus — 価格 or fit?", "How did Routeway compare with us?"]
    assert all(row.cells[1].paragraphs[0].runs[0].bold for row in rows)
    second = _text(rows[1].cells[1])
    assert "Probes:\n– Who could have stopped it?\n– What almost derailed it?" in second
    assert "Why we ask: Maps the buying process." in second
    assert "Decision process" in second
    assert "Probes:" not in _text(rows[2].cells[1])


def test_required_questions_are_marked(reopened) -> None:
    rows = _question_rows(_questions_table(reopened))
    marked = ["★" in row.cells[0].text and "required" in _text(row.cells[1]) for row in rows]
    assert marked == [True, False, False, True, False]
    assert "★ required" in _all_text(reopened)


def test_planned_minutes_and_clock_from_call_start(reopened) -> None:
    table = _questions_table(reopened)
    rows = _question_rows(table)
    assert [_text(row.cells[2]) for row in rows] == [
        "1:30\nends 03:00", "2:30\nends 05:30", "1:30\nends 07:00", "2:00\nends 09:00", "1:45\nends 10:45"]
    steps = [row for row in table.rows if row.cells[1].paragraphs[0].text in ("Introduction", "Wrap-up")]
    assert [_text(row.cells[2]) for row in steps] == ["1:30\nends 01:30", "1:00\nends 11:45"]


def test_notes_column_is_wide_and_empty(reopened) -> None:
    table = _questions_table(reopened)
    widths = [column.width for column in table.columns]
    assert widths[3] >= 0.4 * sum(widths)
    unmerged = [row for row in table.rows[1:] if len({id(c._tc) for c in row.cells}) == 4]
    assert len(unmerged) == len(LINES) + 2  # the questions, the introduction and the wrap-up
    assert all(row.cells[3].text == "" for row in unmerged)


def test_phase_rows_span_the_table_before_each_phase(reopened) -> None:
    table = _questions_table(reopened)
    phase_rows = [row for row in table.rows if len({id(c._tc) for c in row.cells}) == 1]
    assert [row.cells[0].text for row in phase_rows] == [
        "Opening", "Decision process", "Evaluation and criteria", "Competition"]
    assert all(row.cells[0]._tc.tcPr.find(qn("w:shd")) is not None for row in phase_rows)
    order = [row.cells[0].text.split("\n")[0] for row in table.rows[1:] if row.cells[0].text]
    assert order == ["Opening", "1", "Decision process", "2", "3", "Evaluation and criteria", "4", "Competition", "5"]


def test_header_repeats_and_question_rows_do_not_split(reopened) -> None:
    table = _questions_table(reopened)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    for row in _question_rows(table):
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert row.height is not None and row.height.cm >= 2


def test_page_is_a4_and_footer_counts_pages(reopened) -> None:
    section = reopened.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = section.footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert TITLE in footer.text and "Page" in footer.text and " of " in footer.text


def test_control_characters_are_removed(reopened) -> None:
    text = _all_text(reopened)
    assert "\x07" not in text and "\x0b" not in text
    assert "choosing a logistics platform" in text


def test_texts_that_xml_cannot_hold_and_very_long_words_still_build() -> None:
    hostile = "\x00\x01 Why? " + "x" * 3000 + " \ud800 \uffff\x1f end"
    guide = PrintableGuide(title="\x1bTitle", outcome=Outcome.NO_DECISION, competitor="\x00",
                           lines=(GuideLine(hostile, Phase.CLOSING, 60, probes=("\x02",), purpose="\x7f"),))
    buffer = io.BytesIO()
    guide_document(guide).save(buffer)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    (row,) = _question_rows(_questions_table(reopened))
    assert row.cells[1].paragraphs[0].text == "Why? " + "x" * 3000 + "   end"
    assert "Probes:" not in _text(row.cells[1]) and "Why we ask" not in _text(row.cells[1])
    assert row._tr.trPr.find(qn("w:cantSplit")) is None  # longer than a page: allowed to split rather than be cut
    assert reopened.paragraphs[0].text == "Title"


def test_empty_guide_is_a_valid_document_that_says_so(tmp_path: Path) -> None:
    guide = PrintableGuide(title=TITLE, outcome=Outcome.WON, lines=())
    reopened = docx.Document(str(write_guide_document(guide, tmp_path / "empty.docx")))
    text = _all_text(reopened)
    assert EMPTY_GUIDE_TEXT in text
    assert "0 questions" in text
    assert not any(t.rows[0].cells[-1].text == "Notes" for t in reopened.tables)


def test_a_failed_write_leaves_the_old_file_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "guide.docx"
    target.write_bytes(b"the previous guide")

    def failing_fsync(descriptor: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(interviewer.files.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_guide_document(GUIDE, target)
    assert target.read_bytes() == b"the previous guide"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guide.docx"]


def test_writing_over_an_existing_file_replaces_it(tmp_path: Path) -> None:
    target = tmp_path / "guide.docx"
    target.write_bytes(b"old")
    write_guide_document(GUIDE, target)
    assert docx.Document(str(target)).paragraphs[0].text == TITLE
