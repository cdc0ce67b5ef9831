"""Rejected import rows as a CSV file a person can fix and import again."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from exports.tables import safe_cell
from interviewer.records import RejectionRow


def write_rejections_csv(path: Path, rejections: Sequence[RejectionRow]) -> int:
    """Write the row number, the reason and every original column; return the rows written.

    UTF-8 with a BOM, so spreadsheet programs open accents and symbols correctly;
    a cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) starts with an apostrophe.
    """
    columns: list[str] = []
    for rejection in rejections:
        columns.extend(name for name in rejection.raw if name not in columns)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "reason", *(safe_cell(c) for c in columns)])
        for rejection in rejections:
            writer.writerow([rejection.row_number, safe_cell(rejection.reason),
                             *(safe_cell(rejection.raw.get(c, "")) for c in columns)])  # fmt: skip
    return len(rejections)
