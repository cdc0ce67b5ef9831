"""`winloss ics`: calendar invites of an interview or of an interviewer's upcoming ones."""

from __future__ import annotations

import argparse
from typing import Any

from winloss.cli.outcome import OK, failed, logged


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register `winloss ics`."""
    ics = commands.add_parser(
        "ics",
        parents=[db_option],
        help="write calendar invites (.ics) for an interview or an interviewer's upcoming ones",
        description=(
            "Write an RFC 5545 calendar file: the invite of one interview (a cancellation when it was cancelled), "
            "or every upcoming scheduled interview of one interviewer. The file is replaced in one step."
        ),
    )
    which = ics.add_mutually_exclusive_group(required=True)
    which.add_argument("--interview", type=int, metavar="ID", help="the interview's number")
    which.add_argument("--interviewer", metavar="EMAIL", help="all upcoming interviews of this interviewer")
    ics.add_argument("--out", required=True, metavar="FILE", help="the .ics file to write")
    ics.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="with --interviewer: upcoming from this UTC time (default: now)")


def run(args: argparse.Namespace, url: str) -> tuple[int, str]:
    """Write the .ics of one interview, or of an interviewer's upcoming interviews."""
    from datetime import datetime, timezone
    from pathlib import Path

    from sqlalchemy.exc import SQLAlchemyError

    from exports.calendar import CalendarError, write_invite, write_upcoming
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore
    from winloss.cli.schedule import find_interviewer

    try:
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(timezone.utc)
    except ValueError:
        return failed(f"--now {args.now!r} is not a time like 2026-03-16T09:00.")
    now = now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)
    out = Path(args.out)
    if not out.parent.is_dir():
        return failed(f"cannot write {out}: the folder {out.parent} does not exist.")
    database = open_database(url, SecretStore(), create=False)
    try:
        with database.sessions() as session:
            if args.interview is not None:
                count = write_invite(session, args.interview, out)
                who = None
            else:
                interviewer = find_interviewer(session, args.interviewer)
                if interviewer is None:
                    return failed(f"There is no interviewer with the email {args.interviewer}.")
                who = interviewer.name
                count = write_upcoming(session, interviewer.id, out, now=now)
    except CalendarError as exc:
        return failed(str(exc))
    except OSError as exc:
        return failed(f"cannot write {out}: {exc.strerror or exc}.")
    except SQLAlchemyError as exc:
        return logged("writing the calendar file", exc)
    finally:
        database.close()
    if count == 0:
        print(f"{who} has no upcoming interviews; {out} was not written.")
    else:
        print(f"Wrote {count} event{'s' if count != 1 else ''} to {out}")
    return OK
