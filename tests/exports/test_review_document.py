"""The monthly review document: agenda order, figures with n, flags, early-signal banners, and LibreOffice opens it."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import docx
import pytest

from exports.reports.review_document import ACTIONS, DATA, PATTERNS, review_bytes
from interviewer.analytics.actions import ActionLine
from interviewer.analytics.adequacy import adequacy
from interviewer.analytics.figures import Group, ParetoBar, PeriodFigures, Rate
from interviewer.analytics.reasons import MismatchGroup, OutcomeReasons, Reasons
from interviewer.enums import ActionStatus, Outcome, RepReason, Team
from interviewer.reporting.periods import month
from interviewer.reporting.review import Note, Pattern, Review, monthly_review
from winloss.demo.build import build_demo
from test_make_report import read

TODAY = date(2026, 11, 20)
HOSTILE = "".join(chr(code) for code in range(0x20)) + " שלום مرحبا 👋🏽 \ud800 end"


@pytest.fixture(scope="module")
def demo_review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    from interviewer.db import open_database

    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('review') / 'demo.sqlite'}")
    build_demo(database, deals=900, today=TODAY)
    period = month("2026-11")
    with database.sessions() as session:
        review = monthly_review(session, period.start, period.end, period.label, today=TODAY)
    database.close()
    return review


def _thin_review() -> Review:
    """A hand-built month of 12 closed deals, with one action and notes full of characters XML forbids."""
    lost = OutcomeReasons(Outcome.LOST, 6, 2, (ParetoBar("Price advantage", 1, 1.0),), (), 1, (HOSTILE,),
                          (ParetoBar("Price advantage", 4, 0.67), ParetoBar("Product fit", 2, 1.0)), 0)
    won = OutcomeReasons(Outcome.WON, 4, 0, (), (), 0, (), (ParetoBar("Product fit", 4, 1.0),), 0)
    undecided = OutcomeReasons(Outcome.NO_DECISION, 2, 0, (), (), 0, (), (), 2)
    return Review(
        month=date(2026, 10, 1), end=date(2026, 10, 31), label="October 2026",
        figures=PeriodFigures(Counter({Outcome.WON: 4, Outcome.LOST: 6, Outcome.NO_DECISION: 2}), Rate(4, 12),
                              RepReason.PRODUCT_FIT, RepReason.PRICE_ADVANTAGE, "Quillmark"),
        segments=(Group("SMB", Rate(4, 12)),), competitors=(Group("Quillmark", Rate(1, 5)),), no_competitor=7,
        loss_share=(Group("Quillmark", Rate(3, 6), flagged=True),), losses_unnamed=3,
        loss_reasons=lost.rep, win_reasons=won.rep, no_decision_reasons=(),
        reasons=Reasons((won, lost, undecided), Rate(1, 1), (MismatchGroup("Enterprise", Rate(1, 1)),),
                        (MismatchGroup("SMB", Rate(1, 1)),), 1),
        interviews=3,
        patterns=(Pattern(Outcome.WON, "October 2026", 1, ("Fast onboarding",), 1),
                  Pattern(Outcome.LOST, "October 2026", 2, (), 0),
                  Pattern(Outcome.NO_DECISION, "October 2026", 0, (), 0)),
        adequacy=tuple(adequacy(n, o) for n, o in ((2, Outcome.LOST), (1, Outcome.WON), (0, Outcome.NO_DECISION))),
        win_note=None, loss_note=Note(HOSTILE, "Ana Ruiz", date(2026, 11, 3)),
        notes=Note(f"First line\n{HOSTILE}", "Ana Ruiz", date(2026, 11, 3)),
        actions=(ActionLine("Price-value one-pager", "Ana Ruiz", Team.MARKETING, date(2026, 12, 15),
                            ActionStatus.IN_PROGRESS, "Win rate vs Quillmark", Rate(1, 5), None, False),),
        as_of=date(2026, 10, 31),
    )


def _reopen(data: bytes):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(data))


def _all_text(document) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in document.paragraphs]
    parts += [read(cell.text) for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _rows(document, first: str, second: str | None = None) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = next(t for t in document.tables if read(t.rows[0].cells[0].text) == first
                 and second in (None, read(t.rows[0].cells[1].text)))
    return [[read(cell.text) for cell in row.cells] for row in table.rows]


def test_demo_review_follows_the_agenda_with_figures_and_n(demo_review: Review) -> None:
    document = _reopen(review_bytes(demo_review))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Monthly win-loss review · November 2026")
    assert [text for style, text in headings if style == "Heading 1"] == [DATA, PATTERNS, ACTIONS]
    level_two = [text for style, text in headings if style == "Heading 2"]
    assert level_two == ["The month in five figures", "Win rate by segment (last 90 days)", "Win rate by competitor",
                         "Competitor share of losses", "Why we lost", "Why we won", "Why no decision",
                         "Buyer and rep disagree", "Patterns to discuss", "Sample adequacy", "Notes"]

    figures = demo_review.figures
    five = _rows(document, "Figure")
    assert [row[0] for row in five[1:]] == ["Closes", "Win rate", "Top win reason", "Top loss reason",
                                            "Top competitor"]
    closes = five[1]
    assert closes[1] == (f"{figures.closes[Outcome.WON]} won · {figures.closes[Outcome.LOST]} lost · "
                         f"{figures.closes[Outcome.NO_DECISION]} no decision")
    assert closes[2] == f"n={figures.closed}"
    assert five[2][2] == f"{figures.win_rate.part} won of {figures.win_rate.n} closed deals"
    assert five[5][1] == figures.top_competitor and " of " in five[5][2]
    paretos = sum(bool(reasons.rep) for reasons in demo_review.reasons.outcomes)
    assert paretos == 3 and len(document.inline_shapes) == 3 + paretos  # segments, competitors, loss share


def test_public_sector_is_flagged_and_small_groups_are_early_signals(demo_review: Review) -> None:
    document = _reopen(review_bytes(demo_review))
    segments = {row[0]: row for row in _rows(document, "Segment")[1:]}
    assert segments["Public Sector"][4] == "candidate to stop targeting"
    assert all(row[3].isdigit() for row in segments.values())  # n beside every rate
    competitors = _rows(document, "Competitor", "Win rate")[1:]
    assert all(row[4] == "early signal" for row in competitors if int(row[3]) < 20)
    assert any(t.rows[0].cells[0].text.startswith("Early signal: ") for t in document.tables)


def test_thin_month_gets_banners_flags_and_its_actions() -> None:
    document = _reopen(review_bytes(_thin_review(), locale_name="de_DE"))
    banners = [t.rows[0].cells[0].text for t in document.tables if t.rows[0].cells[0].text.startswith("Early signal")]
    assert banners[0].startswith("Early signal: the month rests on 12 closed deals, fewer than 20")
    assert len(banners) >= 4  # the month, segments, competitors, loss shares, reasons
    shares = _rows(document, "Competitor", "Losses to it")
    assert shares[1] == ["Quillmark", "3", "50%", "needs positioning work"]
    actions = _rows(document, "Action")
    assert actions[0] == ["Action", "Owner", "Due", "Status", "Measure: before → after", "Change"]
    assert actions[1] == ["Price-value one-pager", "Ana Ruiz (Marketing)", "15 December 2026", "In progress",
                          "Win rate vs Quillmark: 20% (n=5) → not measured yet", "—"]
    text = _all_text(document)
    assert "שלום مرحبا 👋🏽" in text and "\x00" not in text and "First line" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: no PDF check")
@pytest.mark.parametrize("which", ["demo", "thin"])
def test_libreoffice_converts_the_review_to_pdf(which: str, demo_review: Review, tmp_path: Path) -> None:
    review = demo_review if which == "demo" else _thin_review()
    source = tmp_path / "review.docx"
    source.write_bytes(review_bytes(review))
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "review.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
