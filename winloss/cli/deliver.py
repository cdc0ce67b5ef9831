"""`winloss deliver`: send a stored report to its recipients by SMTP, or write one .eml per recipient."""

from __future__ import annotations

import argparse
import json
import os
import signal
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from winloss.cli.outcome import OK, failed

if TYPE_CHECKING:
    from exports.delivery import SmtpSettings

ENV_PREFIX = "WINLOSS_SMTP_"
PASSWORD_ENV = "WINLOSS_SMTP_PASSWORD"

DESCRIPTION = (
    "Deliver a report kept in the database to the recipients of the teams it is for (a team digest to its team, "
    "an interview report to the teams its takeaways are routed to, the monthly review to every team). "
    "Recipients already sent the report are skipped unless --again; an .eml file written is not a sending, so a "
    "later SMTP run still sends the report to its recipient. "
    "SMTP settings come from the environment: WINLOSS_SMTP_HOST, WINLOSS_SMTP_PORT, WINLOSS_SMTP_SECURITY "
    "(starttls, ssl or none), WINLOSS_SMTP_USER, WINLOSS_SMTP_SENDER (the From address), WINLOSS_SMTP_SENDER_NAME. "
    "The password comes from the system keyring (entry smtp:USER@HOST:PORT, saved from the app's SMTP settings), "
    "or, for scripts, from WINLOSS_SMTP_PASSWORD: it is read from the environment and never stored. "
    "Prints one JSON object: {report_id, title, channel, dry_run, recipients: [{name, email, team, action, status}]} "
    "with "
    "--dry-run, else {report_id, title, channel, sent, written, skipped_already_sent, failed: [{email, error}], "
    "files, cancelled}: sent lists who was sent it by SMTP, written who an .eml file was written for. "
    "Exit status 1 when a recipient failed (retry later with the same command)."
)


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register the `deliver` subcommand."""
    deliver = commands.add_parser("deliver", parents=[db_option], help="send a report to its recipients",
                                  description=DESCRIPTION)
    deliver.add_argument("--report", type=int, required=True, metavar="ID", help="the report's number")
    deliver.add_argument("--channel", choices=["smtp", "eml"], default="smtp",
                         help="send by SMTP (default) or write .eml files for a mail program (needs --out)")
    deliver.add_argument("--out", type=Path, metavar="DIR", help="with --channel eml: the folder for the .eml files")
    deliver.add_argument("--again", action="store_true", help="also send to recipients who already received it")
    deliver.add_argument("--dry-run", action="store_true", help="print who would receive what; send and write nothing")


def settings_from_environment(env: Mapping[str, str]) -> SmtpSettings:
    """SMTP settings from WINLOSS_SMTP_* variables; ValueError with a sentence when the port is not a number."""
    from exports.delivery import DEFAULT_PORTS, SmtpSettings

    security = env.get(ENV_PREFIX + "SECURITY", "starttls").strip().lower()
    port_text = env.get(ENV_PREFIX + "PORT", "").strip()
    if port_text and not port_text.isdigit():
        raise ValueError(f"{ENV_PREFIX}PORT={port_text!r} is not a port number.")
    return SmtpSettings(
        host=env.get(ENV_PREFIX + "HOST", "").strip(), security=security,
        port=int(port_text) if port_text else DEFAULT_PORTS.get(security, 587),
        user=env.get(ENV_PREFIX + "USER", "").strip(), sender_email=env.get(ENV_PREFIX + "SENDER", "").strip(),
        sender_name=env.get(ENV_PREFIX + "SENDER_NAME", "").strip(),
    )  # fmt: skip


def run(args: argparse.Namespace, database_url: str) -> tuple[int, str]:
    """Deliver (or plan) the report; returns the exit status and, on failure, the sentence for the user."""
    from exports.delivery import DeliveryError, deliver
    from interviewer.db import open_database
    from interviewer.progress import CancelToken
    from interviewer.reporting.library import LibraryError, delivery_plan, report_row
    from interviewer.secrets import SecretStore

    if args.out is not None and args.channel != "eml":
        return 2, "--out goes with --channel eml (the folder the .eml files are written to)."
    if args.channel == "eml" and args.out is None and not args.dry_run:
        return 2, "--channel eml needs --out DIR, the folder for the .eml files."
    try:
        settings = settings_from_environment(os.environ)
    except ValueError as exc:
        return 2, str(exc)
    secrets = SecretStore()
    database = open_database(database_url, secrets, create=False)
    try:
        if args.dry_run:
            with database.sessions() as session:
                report = report_row(session, args.report)
                plan = delivery_plan(session, args.report, send_again=args.again)
            print(json.dumps(_plan_json(args, report, plan), ensure_ascii=False))
            return OK
        password = None
        if args.channel == "smtp":
            if not settings.host:
                return 2, ("Set WINLOSS_SMTP_HOST (and WINLOSS_SMTP_SENDER, …) to send by SMTP, "
                           "or use --channel eml --out DIR.")
            password, problem = _password(settings, secrets)
            if problem:
                return 2, problem
        token = CancelToken()
        previous = signal.signal(signal.SIGINT, lambda *_: token.cancel())  # Ctrl+C stops between recipients
        try:
            with database.sessions() as session:
                title = report_row(session, args.report).title
            result = deliver(database, args.report, channel=args.channel, password=password, out_dir=args.out,
                             settings=settings if settings.host else None, send_again=args.again, cancel=token)
        finally:
            signal.signal(signal.SIGINT, previous)
    except (DeliveryError, LibraryError) as exc:
        return failed(str(exc))
    finally:
        database.close()
    summary = {"report_id": args.report, "title": title, "channel": args.channel, **result.summary()}
    print(json.dumps(summary, ensure_ascii=False))
    if result.failed:
        return failed(f"{len(result.failed)} of {result.tried} failed: run the command again to retry them "
                      "(details in the log).")
    if result.cancelled:
        return failed("Cancelled: the recipients after the cancel were not tried.")
    return OK


def _password(settings: SmtpSettings, secrets: Any) -> tuple[str | None, str | None]:
    """The password (environment first, then keyring) and, when one is needed but missing, the sentence."""
    from exports.delivery import smtp_password_key, stored_password

    if not settings.user:
        return None, None
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env, None
    stored = stored_password(settings, secrets)
    if stored:
        return stored, None
    where = (f"the keyring has no entry {smtp_password_key(settings)} (save it from the app's SMTP settings)"
             if secrets.available else "this system has no keyring to keep it")
    return None, (f"No SMTP password for {settings.user}: {where}. Set {PASSWORD_ENV} for this run "
                  "(it is read from the environment, never stored).")


def _plan_json(args: argparse.Namespace, report: Any, plan: list[Any]) -> dict[str, Any]:
    lines = []
    for planned in plan:
        who = planned.recipient
        if planned.send:
            again = planned.status is not None and planned.status.value == "sent"
            action = f"send again by {args.channel}" if again else f"send by {args.channel}"
        else:
            action = f"skip: already sent {planned.sent_at:%Y-%m-%d %H:%M} UTC" if planned.sent_at else "skip"
        lines.append({"name": who.name, "email": who.email, "team": who.team.value, "action": action,
                      "status": planned.status.value if planned.status else None, "attempts": planned.attempts,
                      "last_error": planned.last_error})
    return {"report_id": report.id, "title": report.title, "file_name": report.file_name, "channel": args.channel,
            "dry_run": True, "recipients": lines}
