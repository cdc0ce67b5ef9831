"""Importing a 100,000-row Salesforce-style CSV into SQLite, against a floor measured in the same run.

The floor reads the same file with Python's csv module and inserts the same
columns with sqlite3.executemany into an equivalent table: a deals table with
the same unique key, check and secondary indexes as the app's. The same floor
into a bare table (no secondary index) is printed beside it, for context.
Each side runs in a fresh process that reports its own time (interpreter
start excluded) and its peak resident memory.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path

from common import OUT, ROOT, isolated_env, median, python, report

ROWS = 100_000
RUNS = 3
HEADERS = ["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon", "Type", "LeadSource",
           "OwnerId", "CurrencyIsoCode", "Loss_Reason__c", "Competitor__c"]
STAGES = [("Closed Won", "TRUE", "TRUE"), ("Closed Lost", "TRUE", "FALSE"), ("Closed - No Decision", "TRUE", "FALSE"),
          ("Negotiation/Review", "FALSE", "FALSE")]

FLOOR = """
import csv, json, resource, sqlite3, sys, time
started = time.perf_counter()
connection = sqlite3.connect(sys.argv[2])
connection.execute("CREATE TABLE deals (id INTEGER PRIMARY KEY, source TEXT NOT NULL, external_id TEXT NOT NULL, account TEXT,"
                   " name TEXT, stage TEXT, amount NUMERIC CHECK (amount IS NULL OR amount >= 0), close_date TEXT,"
                   " is_closed TEXT, is_won TEXT, type TEXT, lead_source TEXT, owner TEXT, currency TEXT, reason TEXT,"
                   " competitor TEXT, UNIQUE (source, external_id))")
if sys.argv[3] == "indexed":  # the secondary indexes the app's deals table carries
    for columns in ("account", "close_date", "competitor", "stage, close_date"):
        connection.execute(f"CREATE INDEX ix_{columns.replace(', ', '_')} ON deals ({columns})")
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = csv.reader(handle)
    next(rows)
    connection.executemany("INSERT INTO deals (source, external_id, account, name, stage, amount, close_date, is_closed,"
                           " is_won, type, lead_source, owner, currency, reason, competitor)"
                           " VALUES ('salesforce',?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
connection.commit()
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

APP = """
import json, resource, sys, time
from interviewer.db import open_database
database = open_database(sys.argv[2])
started = time.perf_counter()
from interviewer.importing.importer import plan_import, run_import
with database.sessions() as session:
    plan = plan_import(sys.argv[1], session=session)
result = run_import(database, plan)
seconds = time.perf_counter() - started
assert result.rows == result.imported == %d, result
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""" % ROWS


def export_file() -> Path:
    """A deterministic Salesforce opportunities export with ROWS closed and open deals."""
    path = OUT / f"salesforce-{ROWS}.csv"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    rng = random.Random(5)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(ROWS):
            stage, closed, won = rng.choice(STAGES)
            day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
            writer.writerow([
                f"006{number:015d}", f"001{rng.randint(0, 30_000):015d}", f"Opportunity {number}", stage,
                rng.randint(1, 5000) * 100, day.strftime("%m/%d/%Y"), closed, won,
                rng.choice(["New Business", "Existing Business"]), rng.choice(["Web", "Partner Referral", "Trade Show"]),
                f"005{rng.randint(0, 40):015d}", "USD",
                rng.choice(["", "Price", "Lost to competitor", "No decision"]) if won == "FALSE" else "",
                rng.choice(["", "Northwind", "Vantage Cloud", "Unknown"]),
            ])
    return path


def _run(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run([python(), "-c", script, *args], capture_output=True, text=True, env=isolated_env(), cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"import benchmark child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> bool:
    source = export_file()
    floors, bare, apps = [], [], []
    for run in range(RUNS):
        databases = [OUT / f"import-{name}-{run}.sqlite" for name in ("floor", "bare", "app")]
        for stale in (old for database in databases for old in OUT.glob(database.name + "*")):
            stale.unlink()
        floors.append(_run(FLOOR, str(source), str(databases[0]), "indexed"))
        bare.append(_run(FLOOR, str(source), str(databases[1]), "bare"))
        apps.append(_run(APP, str(source), f"sqlite:///{databases[2]}"))
    floor_ms = median([f["seconds"] for f in floors]) * 1000
    bare_ms = median([f["seconds"] for f in bare]) * 1000
    app_ms = median([a["seconds"] for a in apps]) * 1000
    peak = max(a["peak_mb"] for a in apps)
    print(f"import of a {ROWS:,}-row Salesforce-style CSV into SQLite, median of {RUNS}:")
    met = report("  winloss import vs the equivalent indexed table", app_ms, floor_ms, goal_ratio=3.0)
    report("  winloss import vs a bare table (context)", app_ms, bare_ms)
    print(f"  peak memory of the import process                {peak:8.0f} MB   goal ≤ 300 MB {'met' if peak <= 300 else 'NOT MET'}")
    return met and peak <= 300


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
