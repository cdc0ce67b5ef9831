"""`winloss candidates`: the selection of an approved set, as a table or JSON; one line when the set is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from interviewer.criteria import review
from interviewer.criteria.definition import CriteriaDefinition, Quotas
from interviewer.enums import Outcome, Role
from interviewer.profiles import create_profile
from test_selection import TODAY, Person, Spec, build


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "winloss", *args], capture_output=True, text=True, env=env, timeout=120)


def _program(database) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    build(database, [Spec(days_ago=3, account="Acme Ltd", people=[Person(title="VP Operations")]),
                     Spec(outcome=Outcome.WON, days_ago=5, account="Birch plc")])  # fmt: skip
    definition = CriteriaDefinition(quotas=Quotas(lost=2, won=1, no_decision=0))
    with database.sessions() as session, session.begin():
        owner = create_profile(session, "Olive Owner", "olive@example.com", Role.PROGRAM_OWNER).id
        manager = create_profile(session, "Max Manager", "max@example.com", Role.MANAGER).id
        approved = review.create_draft(session, owner, "Q4 losses", definition)
        review.submit(session, owner, approved.id)
        review.approve(session, manager, approved.id)
        draft = review.create_draft(session, owner, "Still a draft", definition)
    return approved.id, draft.id


def test_json_lists_the_selection_with_reasons_and_shortfall(sqlite_database, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    approved, _ = _program(sqlite_database)
    url = str(sqlite_database.url)
    result = run(subprocess_env, "candidates", "--db", url, "--criteria", "q4 losses", "--json", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["criteria"] == {"id": approved, "name": "Q4 losses", "version": 1}
    assert [c["account"] for c in document["candidates"]] == ["Acme Ltd", "Birch plc"]
    first = document["candidates"][0]
    assert set(first) == {"deal_id", "contact_id", "outcome", "score", "reasons", "account", "contact", "title"}
    assert (first["outcome"], first["contact"], first["title"]) == ("lost", "Ana Ruiz", "VP Operations")
    assert first["reasons"][0] == "Lost to Brightfold 3 days ago" and isinstance(first["score"], float)
    assert document["shortfall"] == ["Lost: 2 wanted, 1 found. There are no other lost deals on record."]


def test_table_shows_rank_outcome_account_contact_title_score_and_reasons(sqlite_database, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    approved, _ = _program(sqlite_database)
    result = run(subprocess_env, "candidates", "--db", str(sqlite_database.url), "--criteria", str(approved),
                 "--today", TODAY.isoformat())  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Candidates of “Q4 losses” v1 as of {TODAY.isoformat()}:"
    assert lines[1].split() == ["#", "Outcome", "Account", "Contact", "Title", "Score"]
    assert lines[2].split()[:3] == ["1", "Lost", "Acme"] and "VP Operations" in lines[2]
    assert lines[3].strip().startswith("Lost to Brightfold 3 days ago · $50,000 · VP Operations, decision maker")
    assert lines[-1].startswith("Shortfall: Lost: 2 wanted, 1 found.")


def test_unknown_or_unapproved_sets_fail_with_one_line(sqlite_database, subprocess_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, draft = _program(sqlite_database)
    url = str(sqlite_database.url)
    for criteria, expected in (("Nope", "There is no criteria set called “Nope”."),
                               (str(draft), "only from an approved criteria set")):  # fmt: skip
        result = run(subprocess_env, "candidates", "--db", url, "--criteria", criteria)
        assert result.returncode == 1
        [line] = result.stderr.splitlines()
        assert line.startswith("winloss: ") and expected in line
    missing = run(subprocess_env, "candidates", "--db", str(tmp_path / "none.sqlite"), "--criteria", "x")
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1
