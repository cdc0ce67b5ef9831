"""`winloss import`, run as a user runs it: a child process with a home of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_importer import SALESFORCE, salesforce_rows, write_csv

from interviewer.config import ENV_VAR

KEYS = ["rows", "imported", "updated", "unchanged", "rejected", "batch"]


def winloss(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "winloss", *args], capture_output=True, text=True, env=env, check=False,
                          timeout=120)  # fmt: skip


def one_line(stream: str) -> str:
    lines = stream.splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{stream}"
    assert "Traceback" not in stream
    return lines[0]


def test_json_output_is_exactly_the_counts_and_rejections_do_not_fail(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    rows = salesforce_rows(6)
    rows[4][5] = "not a date"
    path = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *rows])
    db = tmp_path / "program.sqlite"
    first = winloss(subprocess_env, "import", str(path), "--db", str(db), "--json")
    assert (first.returncode, first.stderr) == (0, "")
    shown = json.loads(first.stdout)
    assert list(shown) == KEYS
    assert shown == {"rows": 6, "imported": 5, "updated": 0, "unchanged": 0, "rejected": 1, "batch": shown["batch"]}
    assert first.stdout.count("\n") == 1
    again = winloss(subprocess_env, "import", str(path), "--db", str(db), "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout) == {"rows": 6, "imported": 0, "updated": 0, "unchanged": 5, "rejected": 1,
                                        "batch": shown["batch"] + 1}  # fmt: skip


def test_several_files_sum_their_counts_and_list_each(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    deals = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(3)])
    accounts = write_csv(tmp_path / "Account.csv", [["Id", "Name", "NumberOfEmployees"], ["001A", "Acme", "10"]])
    env = {**subprocess_env, ENV_VAR: str(tmp_path / "env.sqlite")}  # --db falls back to WINLOSS_DB
    done = winloss(env, "import", str(deals), str(accounts), "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert list(shown) == [*KEYS, "files"]
    assert {key: shown[key] for key in KEYS[:-1]} == {"rows": 4, "imported": 4, "updated": 0, "unchanged": 0,
                                                      "rejected": 0}  # fmt: skip
    files = shown["files"]
    assert [(f["file"], f["kind"], f["rows"]) for f in files] == [("Account.csv", "accounts", 1),
                                                                  ("Opportunity.csv", "deals", 3)]  # fmt: skip
    assert shown["batch"] == files[-1]["batch"] == files[0]["batch"] + 1
    assert (tmp_path / "env.sqlite").exists()


def test_a_human_summary_without_json(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(2)])
    done = winloss(subprocess_env, "import", str(path), "--db", str(tmp_path / "p.sqlite"))
    assert (done.returncode, done.stderr) == (0, "")
    assert one_line(done.stdout) == (
        "Opportunity.csv (salesforce deals): 2 rows: 2 imported, 0 updated, 0 unchanged, 0 rejected (batch 1)."
    )


def test_an_unreadable_file_is_one_line_and_exit_1(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    good = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(2)])
    db = tmp_path / "program.sqlite"
    done = winloss(subprocess_env, "import", str(good), str(binary), "--db", str(db), "--json")
    assert (done.returncode, done.stdout) == (1, "")
    assert one_line(done.stderr) == "winloss: photo.csv is not a text or Excel file (it contains binary data)."
    missing = winloss(subprocess_env, "import", str(tmp_path / "nowhere.csv"), "--db", str(db))
    assert missing.returncode == 1
    assert one_line(missing.stderr) == "winloss: nowhere.csv does not exist."
    check = winloss(subprocess_env, "import", str(good), "--db", str(db), "--json")
    assert json.loads(check.stdout)["imported"] == 2  # nothing of the refused run was written


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_1(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("just text, long enough to not be empty " * 3)
    path = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(1)])
    done = winloss(subprocess_env, "import", str(path), "--db", str(not_a_database))
    assert (done.returncode, done.stdout) == (1, "")
    assert one_line(done.stderr).startswith(f"winloss: {not_a_database} is not a Win-Loss Studio database")


def test_an_unknown_profile_is_one_line_and_exit_1(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "Opportunity.csv", [SALESFORCE, *salesforce_rows(1)])
    done = winloss(subprocess_env, "import", str(path), "--db", str(tmp_path / "p.sqlite"), "--profile", "nope")
    assert done.returncode == 1
    assert one_line(done.stderr) == "winloss: There is no mapping profile named 'nope'."
