"""`winloss guide`: the JSON contract, the printed table, saved guides, and one-line refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from builders import DealSpec, add_deals
from interviewer.clock import FixedClock
from interviewer.db import Database
from interviewer.enums import Authority, InterviewStatus, Outcome
from interviewer.models import Interview
from question_bank.guide import Window
from question_bank.guides import build_for, save_guide, subject_for_interview
from question_bank.store import ensure_default_bank

KEYS = {"interview_id", "outcome", "competitor", "saved", "window", "intro_seconds", "wrap_seconds", "total_seconds",
        "questions", "left_out"}  # fmt: skip
QUESTION_KEYS = {"position", "key", "phase", "text", "planned_seconds", "required", "priority", "teams", "probes"}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "winloss", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.fixture
def program(sqlite_database: Database) -> tuple[str, int]:
    [deal_id] = add_deals(sqlite_database, [DealSpec("Harbor Freight Co", Outcome.LOST, competitor="Routewise",
                                                      contacts=[("Ana", "Ruiz", "VP Operations", Authority.INFLUENCER)])])
    with sqlite_database.sessions() as session, session.begin():
        ensure_default_bank(session)
        interview = Interview(deal_id=deal_id, status=InterviewStatus.TO_CONTACT)
        session.add(interview)
        session.flush()
        interview_id = interview.id
    return sqlite_database.url.render_as_string(hide_password=False), interview_id


def test_an_interview_guide_as_json(program: tuple[str, int], subprocess_env: dict[str, str]) -> None:
    url, interview_id = program
    result = run(subprocess_env, "guide", "--db", url, "--interview", str(interview_id), "--json")
    assert result.returncode == 0, result.stderr
    guide = json.loads(result.stdout)
    assert set(guide) == KEYS and guide["saved"] is False
    assert (guide["interview_id"], guide["outcome"], guide["competitor"]) == (interview_id, "lost", "Routewise")
    assert guide["window"] == {"min_minutes": 15, "max_minutes": 20}
    assert all(set(q) == QUESTION_KEYS for q in guide["questions"])
    assert [q["position"] for q in guide["questions"]] == list(range(1, len(guide["questions"]) + 1))
    total = guide["intro_seconds"] + sum(q["planned_seconds"] for q in guide["questions"]) + guide["wrap_seconds"]
    assert guide["total_seconds"] == total and 15 * 60 <= total <= 20 * 60
    assert any(q["required"] for q in guide["questions"])
    assert not any("{" in q["text"] for q in guide["questions"])


def test_a_saved_guide_is_printed_as_saved(program: tuple[str, int], subprocess_env: dict[str, str],
                                           sqlite_database: Database) -> None:
    url, interview_id = program
    with sqlite_database.sessions() as session, session.begin():
        subject = subject_for_interview(session, interview_id)
        lines = build_for(session, subject, Window(25, 30)).lines[:3]
        save_guide(session, subject, lines, Window(25, 30), actor="test",
                   clock=FixedClock(datetime(2026, 11, 20, tzinfo=UTC)))
    result = run(subprocess_env, "guide", "--db", url, "--interview", str(interview_id))
    assert result.returncode == 0, result.stderr
    assert "saved on the interview" in result.stdout and "Window 25–30 min" in result.stdout
    for line in lines:
        assert line.text in result.stdout


def test_by_outcome_and_competitor_with_a_longer_window(program: tuple[str, int], subprocess_env: dict[str, str]) -> None:
    url, _ = program
    result = run(subprocess_env, "guide", "--db", url, "--outcome", "lost", "--competitor", "Routewise",
                 "--minutes", "30-45", "--json")
    guide = json.loads(result.stdout)
    assert guide["interview_id"] is None and guide["window"] == {"min_minutes": 30, "max_minutes": 45}
    assert 30 * 60 <= guide["total_seconds"] <= 45 * 60
    assert any("Routewise" in q["text"] for q in guide["questions"])
    no_decision = json.loads(run(subprocess_env, "guide", "--db", url, "--outcome", "no_decision", "--json").stdout)
    assert no_decision["competitor"] is None and no_decision["questions"]
    assert not any("{" in q["text"] for q in no_decision["questions"])


@pytest.mark.parametrize(("args", "message"), [
    (["--interview", "999"], "There is no interview 999"),
    (["--outcome", "lost", "--minutes", "20-15"], "the shorter first"),
    (["--outcome", "lost", "--minutes", "soon"], "not a length like 15-20"),
    (["--outcome", "won", "--minutes", "1-2"], "more than the 2-minute window"),
])  # fmt: skip
def test_refusals_are_one_line(program: tuple[str, int], subprocess_env: dict[str, str], args: list[str],
                               message: str) -> None:
    url, _ = program
    result = run(subprocess_env, "guide", "--db", url, *args)
    assert result.returncode in (1, 2) and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
