"""`winloss schedule --list` and `winloss ics`: JSON shape, the table, the .ics files, one-line failures."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from icalendar import Calendar

from interviewer.enums import InterviewerKind, InterviewStatus, Outcome, RepReason
from interviewer.models import Account, Contact, Deal, Interview, Interviewer

UTC = timezone.utc
KEYS = {"id", "status", "interviewer", "account", "contact", "start_utc", "start_interviewer",
        "interviewer_time_zone", "buyer_time_zone", "minutes"}  # fmt: skip


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "winloss", *args], capture_output=True, text=True, env=env, timeout=120)


def _program(database) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Two interviewers; a booked call across the March DST gap, a later one, an unbooked and a cancelled one."""
    with database.sessions() as session, session.begin():
        acme, birch = Account(name="Acme Logistics"), Account(name="Birch plc")
        ana = Contact(account=acme, first_name="Ana", last_name="Ruiz", email="ana@acme.test", time_zone="America/New_York")
        ben = Contact(account=birch, first_name="Ben", last_name="Okafor", email="ben@birch.test", time_zone="Europe/London")
        lost = Deal(source_system="test", external_id="D-1", account=acme, outcome=Outcome.LOST, amount=Decimal("48250"),
                    competitor="Brightfold", rep_reason=RepReason.PRICE_ADVANTAGE, rep_note="internal only")  # fmt: skip
        won = Deal(source_system="test", external_id="D-2", account=birch, outcome=Outcome.WON)
        ida = Interviewer(name="Ida Berg", email="ida@insight.test", kind=InterviewerKind.EXTERNAL, time_zone="Europe/Berlin")
        tom = Interviewer(name="Tom Lee", email="tom@vendor.test", kind=InterviewerKind.INTERNAL, time_zone="America/Chicago")
        session.add_all([ana, ben, lost, won, ida, tom])
        session.flush()
        dst = Interview(deal_id=lost.id, contact_id=ana.id, interviewer=ida, status=InterviewStatus.SCHEDULED,
                        scheduled_start=datetime(2026, 3, 16, 14, 0, tzinfo=UTC), buyer_time_zone="America/New_York",
                        interviewer_time_zone="Europe/Berlin", planned_minutes=30, ics_uid="dst@winloss.test")  # fmt: skip
        later = Interview(deal_id=won.id, contact_id=ben.id, interviewer=ida, status=InterviewStatus.SCHEDULED,
                          scheduled_start=datetime(2099, 1, 5, 9, 0, tzinfo=UTC), buyer_time_zone="Europe/London",
                          interviewer_time_zone="Europe/Berlin", planned_minutes=25, ics_uid="later@winloss.test")  # fmt: skip
        unbooked = Interview(deal_id=won.id, contact_id=ben.id, interviewer=tom, status=InterviewStatus.INVITED)
        cancelled = Interview(deal_id=lost.id, contact_id=ana.id, interviewer=tom, status=InterviewStatus.CANCELLED,
                              scheduled_start=datetime(2099, 2, 1, 15, 0, tzinfo=UTC), planned_minutes=20,
                              ics_uid="cancelled@winloss.test", ics_sequence=2)  # fmt: skip
        session.add_all([dst, later, unbooked, cancelled])
        session.flush()
        return {"dst": dst.id, "later": later.id, "unbooked": unbooked.id, "cancelled": cancelled.id}


def test_schedule_list_json_shape_in_utc_and_the_interviewers_zone(sqlite_database, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    ids = _program(sqlite_database)
    result = run(subprocess_env, "schedule", "--db", str(sqlite_database.url), "--list", "--json")
    assert result.returncode == 0, result.stderr
    interviews = json.loads(result.stdout)["interviews"]
    assert [i["id"] for i in interviews] == [ids["dst"], ids["later"], ids["cancelled"], ids["unbooked"]]
    assert all(set(i) == KEYS for i in interviews)
    assert interviews[0] == {
        "id": ids["dst"], "status": "scheduled", "interviewer": "Ida Berg", "account": "Acme Logistics",
        "contact": "Ana Ruiz", "start_utc": "2026-03-16T14:00:00Z", "start_interviewer": "2026-03-16T15:00:00+01:00",
        "interviewer_time_zone": "Europe/Berlin", "buyer_time_zone": "America/New_York", "minutes": 30,
    }  # fmt: skip
    unbooked = interviews[-1]
    assert (unbooked["status"], unbooked["start_utc"], unbooked["start_interviewer"]) == ("invited", None, None)
    assert interviews[2]["start_interviewer"] == "2099-02-01T09:00:00-06:00"  # Chicago, from the interviewer's zone

    mine = run(subprocess_env, "schedule", "--db", str(sqlite_database.url), "--list", "--json", "--interviewer", "IDA@insight.test")
    assert [i["id"] for i in json.loads(mine.stdout)["interviews"]] == [ids["dst"], ids["later"]]


def test_schedule_list_table_and_unknown_interviewer(sqlite_database, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    _program(sqlite_database)
    url = str(sqlite_database.url)
    table = run(subprocess_env, "schedule", "--db", url, "--list")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["#", "Status", "Interviewer"] and len(lines) == 5
    assert "2026-03-16 14:00Z" in lines[1] and "2026-03-16 15:00 Berlin" in lines[1] and "America/New_York" in lines[1]
    unknown = run(subprocess_env, "schedule", "--db", url, "--list", "--interviewer", "nobody@x.test")
    assert unknown.returncode == 1 and unknown.stdout == ""
    [line] = unknown.stderr.splitlines()
    assert line == "winloss: There is no interviewer with the email nobody@x.test."


def test_ics_writes_one_invite_and_all_upcoming(sqlite_database, subprocess_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _program(sqlite_database)
    url = str(sqlite_database.url)
    one = tmp_path / "one.ics"
    result = run(subprocess_env, "ics", "--db", url, "--interview", str(ids["dst"]), "--out", str(one))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"Wrote 1 event to {one}"]
    [event] = [c for c in Calendar.from_ical(one.read_bytes()).walk() if c.name == "VEVENT"]
    assert event.decoded("DTSTART") == datetime(2026, 3, 16, 14, 0, tzinfo=UTC) and str(event["UID"]) == "dst@winloss.test"
    assert "internal only" not in one.read_text() and "Brightfold" not in one.read_text()

    cancel = tmp_path / "cancel.ics"
    result = run(subprocess_env, "ics", "--db", url, "--interview", str(ids["cancelled"]), "--out", str(cancel))
    calendar = Calendar.from_ical(cancel.read_bytes())
    assert result.returncode == 0 and str(calendar["METHOD"]) == "CANCEL"

    upcoming = tmp_path / "ida.ics"
    result = run(subprocess_env, "ics", "--db", url, "--interviewer", "ida@insight.test", "--out", str(upcoming),
                 "--now", "2026-03-16T12:00")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"Wrote 2 events to {upcoming}"]
    uids = [str(c["UID"]) for c in Calendar.from_ical(upcoming.read_bytes()).walk() if c.name == "VEVENT"]
    assert uids == ["dst@winloss.test", "later@winloss.test"]


def test_ics_fails_with_one_line(sqlite_database, subprocess_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _program(sqlite_database)
    url = str(sqlite_database.url)
    out = tmp_path / "out" / "x.ics"
    out.parent.mkdir()
    cases = [
        (["--interview", "999"], "There is no interview 999."),
        (["--interview", str(ids["unbooked"])], "has no time slot yet"),
        (["--interviewer", "nobody@x.test"], "There is no interviewer with the email nobody@x.test."),
    ]
    for arguments, expected in cases:
        result = run(subprocess_env, "ics", "--db", url, *arguments, "--out", str(out))
        assert result.returncode == 1, arguments
        [line] = result.stderr.splitlines()
        assert line.startswith("winloss: ") and expected in line
    assert list(out.parent.iterdir()) == []
    missing = run(subprocess_env, "ics", "--db", str(tmp_path / "none.sqlite"), "--interview", "1", "--out", str(out))
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1
