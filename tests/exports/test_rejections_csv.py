"""Rejected import rows saved as CSV: every original column, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
from pathlib import Path

from exports.rejections import write_rejections_csv
from interviewer.records import RejectionRow


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_rows_keep_their_number_reason_and_every_column(tmp_path: Path) -> None:
    rows = [RejectionRow(4, "close date 31/02/2024 is not a date", {"Id": "006A", "CloseDate": "31/02/2024"}),
            RejectionRow(9, "stage 'Closed Maybe' is not known", {"Id": "006B", "Stage": "Closed Maybe"})]  # fmt: skip
    assert write_rejections_csv(tmp_path / "r.csv", rows) == 2
    assert read(tmp_path / "r.csv") == [
        ["row", "reason", "Id", "CloseDate", "Stage"],
        ["4", "close date 31/02/2024 is not a date", "006A", "31/02/2024", ""],
        ["9", "stage 'Closed Maybe' is not known", "006B", "", "Closed Maybe"],
    ]
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(tmp_path: Path) -> None:
    rows = [RejectionRow(2, "=HYPERLINK(\"http://x\")", {"=cmd": "@SUM(A1)", "Amount": "-500", "Name": "+1 Corp"})]
    write_rejections_csv(tmp_path / "r.csv", rows)
    assert read(tmp_path / "r.csv") == [
        ["row", "reason", "'=cmd", "Amount", "Name"],
        ["2", "'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'-500", "'+1 Corp"],
    ]
