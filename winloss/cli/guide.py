"""`winloss guide`: print the guide of an interview, or of an outcome and competitor, with planned seconds."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, Any

from interviewer.enums import Outcome
from winloss.cli.outcome import OK, failed

if TYPE_CHECKING:
    from question_bank.guide import GuideLine, Window

DESCRIPTION = (
    "Print a guide with its planned seconds and total. With --interview, the guide saved on that interview, or "
    "one built from the bank when none is saved (nothing is stored). With --outcome (and --competitor), a guide "
    "built for that kind of deal. With --json, one object: {interview_id, outcome, competitor, saved, "
    "window: {min_minutes, max_minutes}, intro_seconds, wrap_seconds, total_seconds, questions: [{position, key, "
    "phase, text, planned_seconds, required, priority, teams, probes}], left_out: [sentence, ...]}."
)


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register the `guide` subcommand."""
    guide = commands.add_parser("guide", parents=[db_option], help="print an interview guide built from the bank",
                                description=DESCRIPTION)
    which = guide.add_mutually_exclusive_group(required=True)
    which.add_argument("--interview", type=int, metavar="ID", help="the interview's number")
    which.add_argument("--outcome", choices=["won", "lost", "no_decision"], help="build for deals with this outcome")
    guide.add_argument("--competitor", metavar="NAME", help="with --outcome: the competitor the deal went to")
    guide.add_argument("--minutes", default="15-20", metavar="MIN-MAX",
                       help="the call's length, e.g. 15-20 (default) or 30-45; one number N means N-5 to N")
    guide.add_argument("--json", action="store_true", help="print one JSON object")


def parse_minutes(text: str) -> Window:
    """``15-20`` or ``20`` (meaning 15–20) as a window; ValueError with a sentence when it is not one."""
    from question_bank.guide import MAX_WINDOW_MINUTES, Window

    match = re.fullmatch(r"\s*(\d{1,3})\s*(?:[-–]\s*(\d{1,3})\s*)?", text)
    if not match:
        raise ValueError(f"--minutes {text!r} is not a length like 15-20.")
    high = int(match.group(2) or match.group(1))
    low = int(match.group(1)) if match.group(2) else max(1, high - 5)
    if not 1 <= low <= high <= MAX_WINDOW_MINUTES:
        raise ValueError(f"--minutes {text!r}: the window must lie between 1 and {MAX_WINDOW_MINUTES} minutes, "
                         "the shorter first.")
    return Window(low, high)


def run(args: argparse.Namespace, database_url: str) -> tuple[int, str]:
    """Print the guide; returns the exit status and, on failure, the sentence for the user."""
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore
    from question_bank.builder import GuideInfeasible
    from question_bank.guides import GuideError, build_for, saved_guide, subject_by_hand, subject_for_interview
    from question_bank.store import ensure_default_bank

    if args.competitor and args.interview is not None:
        return 2, "--competitor goes with --outcome; an interview's competitor comes from its deal."
    try:
        window = parse_minutes(args.minutes)
    except ValueError as exc:
        return 2, str(exc)
    database = open_database(database_url, SecretStore(), create=False)
    try:
        with database.sessions() as session, session.begin():
            ensure_default_bank(session, actor="cli")
        with database.sessions() as session:
            if args.interview is not None:
                subject = subject_for_interview(session, args.interview)
                saved = saved_guide(session, args.interview)
            else:
                subject, saved = subject_by_hand(Outcome(args.outcome), args.competitor), None
            if saved is not None:
                lines, window = saved.lines, saved.window
                intro, wrap, left_out = saved.intro_seconds, saved.wrap_seconds, ()
            else:
                built = build_for(session, subject, window)
                lines, intro, wrap = built.lines, built.request.intro_seconds, built.request.wrap_seconds
                left_out = built.left_out
    except (GuideError, GuideInfeasible) as exc:
        return failed(str(exc))
    finally:
        database.close()
    report = {
        "interview_id": subject.interview_id, "outcome": subject.outcome.value,
        "competitor": subject.fill.competitor, "saved": saved is not None,
        "window": {"min_minutes": window.min_minutes, "max_minutes": window.max_minutes},
        "intro_seconds": intro, "wrap_seconds": wrap,
        "total_seconds": intro + sum(line.planned_seconds for line in lines) + wrap,
        "questions": [_line_json(position, line) for position, line in enumerate(lines, start=1)],
        "left_out": list(left_out),
    }  # fmt: skip
    print(json.dumps(report, ensure_ascii=False) if args.json else _text(subject.title, report, lines))
    return OK


def _line_json(position: int, line: GuideLine) -> dict[str, Any]:
    return {
        "position": position, "key": line.key, "phase": line.phase.value, "text": line.text,
        "planned_seconds": line.planned_seconds, "required": line.required, "priority": line.priority,
        "teams": [team.value for team in line.teams], "probes": list(line.probes),
    }  # fmt: skip


def _text(title: str, report: dict[str, Any], lines: tuple[GuideLine, ...] | list[GuideLine]) -> str:
    from question_bank.guide import clock_text

    window = report["window"]
    state = "saved on the interview" if report["saved"] else "built from the bank, not saved"
    out = [
        f"{title} ({state})",
        f"Window {window['min_minutes']}–{window['max_minutes']} min · planned {clock_text(report['total_seconds'])} "
        f"(introduction {clock_text(report['intro_seconds'])}, {len(lines)} questions, "
        f"wrap-up {clock_text(report['wrap_seconds'])})",
        "",
    ]
    width = max((len(line.phase.label) for line in lines), default=5)
    for position, line in enumerate(lines, start=1):
        mark = "★ " if line.required else ""
        out.append(f"{position:>2}  {line.phase.label:<{width}}  {clock_text(line.planned_seconds):>5}  {mark}{line.text}")
    out += ["", f"Total {clock_text(report['total_seconds'])}", *report["left_out"]]
    return "\n".join(out)
