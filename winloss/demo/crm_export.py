"""The demo's last-week CRM export: a small HubSpot-style file run through the real importer.

Real exports carry a few broken rows, so this one does too (an impossible
date, an amount in words, a stage nobody knows, a repeated record id): the
demo's Imports area then shows what an import reports, rejected rows included.
"""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.importing.importer import ImportResult, plan_import, run_import
from interviewer.scheduling.availability import zone
from winloss.demo import vocabulary as vocab
from winloss.demo.workdays import OFFICE_ZONE

FILE_NAME = "hubspot-deals-last-week.csv"
HEADERS = ("Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Pipeline", "Deal owner",
           "Closed lost reason", "Closed won reason", "Competitor", "Associated Company", "Number of Employees")  # fmt: skip
STAGES = (("Closed won", 30), ("Closed lost", 45), ("Closed - No Decision", 15), ("Contract sent", 10))
REASONS = {
    "Closed won": ("Best product fit for their workflow", "Messaging resonated with the CFO", "Price was right", ""),
    "Closed lost": ("Price too high for their budget", "Missing features they needed", "Went with Brightfold: lower pricing", ""),
    "Closed - No Decision": ("No decision, timing moved to next year", ""),
}
ROWS = 44


def write_recent_export(path: Path, rng: random.Random, today: date) -> int:
    """Write last week's closes as HubSpot exports them, with four broken rows; return the rows written."""
    stages = [stage for stage, weight in STAGES for _ in range(weight)]
    rows = []
    for number in range(ROWS):
        stage = rng.choice(stages)
        company = f"{rng.choice(vocab.STEM_HEADS)}{rng.choice(vocab.STEM_TAILS)} {rng.choice(('Labs', 'Group', 'Systems', 'Partners'))}"
        closed = today - timedelta(days=rng.randint(1, 7))
        reason = rng.choice(REASONS.get(stage, ("",)))
        competitor = "Brightfold" if "Brightfold" in reason else rng.choice(("", "None", "Unknown", "Quillmark"))
        rows.append([
            str(8_810_000 + number), f"{company} - {rng.choice(vocab.PRODUCTS)}", stage,
            f"{closed.isoformat()} {rng.randint(8, 18):02d}:{rng.choice(('05', '20', '41')):s}",
            f"{rng.randint(8, 240) * 500:.2f}", "Sales Pipeline", rng.choice(vocab.FIRST_NAMES) + " " + rng.choice(vocab.LAST_NAMES),
            reason if stage != "Closed won" else "", reason if stage == "Closed won" else "", competitor, company,
            str(rng.choice((40, 120, 650, 1800, 4200))),
        ])
    rows[5][3] = f"{today.year}-02-30 10:15"  # a date that does not exist
    rows[11][4] = "twelve thousand"  # an amount in words
    rows[17][2] = "Closed (see notes)"  # a closed-looking stage nobody mapped
    rows[23][0] = rows[22][0]  # the CRM exported one record twice
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return len(rows)


def import_recent_export(database: Database, *, seed: int, today: date, actor: str = "demo") -> ImportResult:
    """Write the export to a temporary folder and import it as a user would, first thing on today's office morning."""
    stamp = FixedClock(datetime.combine(today, time(8, 20), tzinfo=zone(OFFICE_ZONE)))
    with tempfile.TemporaryDirectory(prefix="winloss-demo-") as folder:
        path = Path(folder) / FILE_NAME
        write_recent_export(path, random.Random(seed), today)
        return run_import(database, plan_import(path), actor=actor, clock=stamp)
