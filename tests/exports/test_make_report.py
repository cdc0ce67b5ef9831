"""Making reports end to end on the demo program: stored with their bytes, named safely, and opened by LibreOffice.

Also holds the helpers the document tests share: the demo's report subjects, every text of a .docx, and one
LibreOffice conversion for several files.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from exports.reports.make import (
    DigestRequest,
    InterviewRequest,
    ReportRequest,
    ReviewRequest,
    file_name,
    make_report,
)
from interviewer.clock import FixedClock
from interviewer.enums import ReportKind, Team
from interviewer.models import Interview, Report, Takeaway, TakeawayRoute
from interviewer.progress import Cancelled, CancelToken
from interviewer.reporting.interview_report import ReportError
from interviewer.reporting.periods import Period, month
from winloss.cli import report as cli_report

TODAY = date(2026, 11, 20)
CLOCK = FixedClock(datetime(2026, 11, 20, 9, 30, tzinfo=UTC))


# -- shared helpers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSubjects:
    interview_id: int
    """A wrapped-up interview with takeaways."""
    team: Team
    period: Period
    """The team and month with the most themes in the demo."""


def build_demo_program(database) -> DemoSubjects:  # type: ignore[no-untyped-def]
    """The demo program, and the interview, team and month its reports are best tested on."""
    from winloss.demo.build import build_demo

    build_demo(database, deals=900, today=TODAY, reports=False)
    with database.sessions() as session:
        interview_id = session.scalar(
            select(Interview.id).join(Takeaway, Takeaway.interview_id == Interview.id)
            .where(Interview.wrapped_up_at.is_not(None)).group_by(Interview.id)
            .order_by(func.count(Takeaway.id).desc(), Interview.id)
        )  # fmt: skip
        assert interview_id is not None, "the demo has no wrapped-up interview with takeaways"
        routed = session.execute(
            select(TakeawayRoute.team, Takeaway.theme, Interview.wrapped_up_at)
            .join(Takeaway, Takeaway.id == TakeawayRoute.takeaway_id)
            .join(Interview, Interview.id == Takeaway.interview_id)
            .where(Interview.wrapped_up_at.is_not(None))
        ).all()  # fmt: skip
    distinct = {(team, theme, f"{at:%Y-%m}") for team, theme, at in routed}
    themes = Counter((team, month_key) for team, _theme, month_key in distinct)
    (team, month_key), _ = min(themes.items(), key=lambda item: (-item[1], item[0][1], item[0][0].value))
    return DemoSubjects(interview_id, Team(team), month(month_key))


def read(text: str) -> str:
    """Text as a reader reads it: the no-break spaces that keep short values whole are spaces."""
    return text.replace("\u00a0", " ")


def document_texts(document) -> list[str]:  # type: ignore[no-untyped-def]
    """Every paragraph and table cell of a document (nested tables, headers and footers too), and its title."""
    texts = [document.core_properties.title or ""]

    def walk(container) -> None:  # type: ignore[no-untyped-def]
        texts.extend(read(p.text) for p in container.paragraphs)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        walk(section.header)
        walk(section.footer)
    return texts


def headings(document, level: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def reopen(content: bytes):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(content))


def convert_to_pdf(files: list[Path], folder: Path) -> list[Path]:
    """Convert ``files`` with one LibreOffice run (skips when soffice is missing); the PDFs, each checked."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    profile = folder / f"lo-{uuid.uuid4().hex}"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, files)],
        check=False, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    shutil.rmtree(profile, ignore_errors=True)
    pdfs = [folder / f"{file.stem}.pdf" for file in files]
    for file, pdf in zip(files, pdfs):
        assert pdf.exists(), f"LibreOffice did not convert {file.name}: {result.stdout}\n{result.stderr}"
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000, f"{pdf.name} is not a real PDF"
    return pdfs


# -- making and storing ------------------------------------------------------------------------------


@pytest.fixture
def demo(sqlite_database):  # type: ignore[no-untyped-def]
    return sqlite_database, build_demo_program(sqlite_database)


def _stored(database, report_id: int) -> Report:  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        row = session.get(Report, report_id)
        assert row is not None
        _ = row.content  # deferred: load it before the session closes
        session.expunge(row)
        return row


def test_each_kind_is_stored_with_its_bytes_and_converts_in_libreoffice(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    requests: list[ReportRequest] = [InterviewRequest(subjects.interview_id),
                                     DigestRequest(subjects.team, subjects.period), ReviewRequest(subjects.period)]
    files = []
    for request in requests:
        made = make_report(database, request, actor="tester", clock=CLOCK, today=TODAY)
        row = _stored(database, made.report_id)
        assert (row.kind, row.title, row.file_name, row.include_identities) == (request.kind, made.title,
                                                                                made.file_name, False)
        assert row.content == made.content and made.size == len(made.content) > 5000
        assert row.sha256 == hashlib.sha256(made.content).hexdigest()
        assert row.created_by == "tester" and row.created_at.replace(tzinfo=UTC) == CLOCK.now()
        assert made.file_name.endswith(".docx") and " " not in made.file_name
        assert headings(reopen(made.content), 1), f"{made.title} has no Heading 1"
        files.append(tmp_path / made.file_name)
        files[-1].write_bytes(made.content)
    assert _stored(database, 2).team is subjects.team
    assert (_stored(database, 2).period_start, _stored(database, 2).period_end) == (subjects.period.start,
                                                                                    subjects.period.end)
    assert _stored(database, 1).interview_id == subjects.interview_id
    convert_to_pdf(files, tmp_path)


def test_review_kind(demo) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    made = make_report(database, ReviewRequest(subjects.period), actor="tester", clock=CLOCK, today=TODAY)
    assert made.kind is ReportKind.MONTHLY_REVIEW
    assert made.file_name == f"monthly-review-{subjects.period.key}.docx"
    assert _stored(database, made.report_id).period_start == subjects.period.start


def test_progress_is_reported_and_cancel_stores_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    seen: list[tuple[int, int]] = []
    make_report(database, InterviewRequest(subjects.interview_id), actor="t", clock=CLOCK,
                progress=lambda done, total, _message: seen.append((done, total)))
    assert seen == sorted(seen) and seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        make_report(database, DigestRequest(subjects.team, subjects.period), actor="t", clock=CLOCK, cancel=token)
    with database.sessions() as session:
        assert session.scalar(select(func.count(Report.id))) == 1


def test_an_interview_not_wrapped_up_is_refused_and_nothing_is_stored(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.sessions() as session:
        open_one = session.scalar(select(Interview.id).where(Interview.wrapped_up_at.is_(None)))
    with pytest.raises(ReportError, match="not wrapped up"):
        make_report(database, InterviewRequest(open_one), actor="t", clock=CLOCK)
    with pytest.raises(ReportError, match="no interview"):
        make_report(database, InterviewRequest(10**9), actor="t", clock=CLOCK)
    with database.sessions() as session:
        assert session.scalar(select(func.count(Report.id))) == 0


def test_file_names_are_safe_on_every_system() -> None:
    assert file_name("Product", "digest", "2026-10") == "product-digest-2026-10.docx"
    assert file_name("Customer success", "digest", "2026-10") == "customer-success-digest-2026-10.docx"
    assert file_name("interview", "report", "12", identities=True) == "interview-report-12-with-identities.docx"
    assert file_name("Équipe Ventes / Q3: \"best\"?*<>|\\") == "equipe-ventes-q3-best.docx"
    assert file_name("CON") == "con-report.docx" and file_name("", "") == "report.docx"
    assert file_name("مبيعات", "😀") == "report.docx"
    long = file_name("word " * 60)
    assert len(long) <= 85 and not long.startswith("-") and "--" not in long


# -- the command line --------------------------------------------------------------------------------


def _parse(*argv: str) -> argparse.Namespace:
    db_option = argparse.ArgumentParser(add_help=False)
    parser = argparse.ArgumentParser(prog="winloss")
    commands = parser.add_subparsers(dest="command")
    cli_report.add_parser(commands, db_option)
    return parser.parse_args(argv)


def test_cli_stores_the_report_and_writes_the_same_bytes(demo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    url = database.url.render_as_string(hide_password=False)
    out = tmp_path / "digest.docx"
    args = _parse("report", "digest", "--team", subjects.team.value, "--period", subjects.period.key,
                  "--out", str(out), "--json")
    assert cli_report.run(args, url) == (0, "")
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"report_id", "kind", "title", "file", "leak_check"} and printed["kind"] == "team_digest"
    assert printed["leak_check"] == "passed"
    assert Path(printed["file"]) == out and out.read_bytes() == _stored(database, printed["report_id"]).content

    args = _parse("report", "interview", str(subjects.interview_id), "--out", str(tmp_path), "--identities")
    assert cli_report.run(args, url) == (0, "")
    line = capsys.readouterr().out.strip()
    written = tmp_path / f"interview-report-{subjects.interview_id}-with-identities.docx"
    assert line.startswith("Report 2 · Interview report") and line.endswith(str(written)) and written.exists()
    assert _stored(database, 2).include_identities


def test_cli_says_what_is_wrong(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, subjects = demo
    url = database.url.render_as_string(hide_password=False)
    status, message = cli_report.run(_parse("report", "digest", "--team", "finance", "--period", "2026-10",
                                            "--out", str(tmp_path / "x.docx")), url)
    assert status == 2 and "finance" in message and "product" in message
    status, message = cli_report.run(_parse("report", "review", "--month", "October", "--out", "x.docx"), url)
    assert status == 2 and "2026-10" in message
    status, message = cli_report.run(_parse("report", "interview", "999999", "--out", str(tmp_path / "x.docx")), url)
    assert status == 1 and "999999" in message
    missing = tmp_path / "no-such-folder" / "x.docx"
    status, message = cli_report.run(_parse("report", "interview", str(subjects.interview_id), "--out",
                                            str(missing)), url)
    assert status == 1 and "is stored" in message and not missing.exists()
