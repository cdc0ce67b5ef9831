"""The `winloss` command: opens the window, or does headless work with a subcommand.

Qt is loaded only when a window is wanted, so `winloss demo` and `winloss db
upgrade` run on machines without a display or Qt's system libraries.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from interviewer import APP_NAME, __version__
from interviewer.config import ENV_VAR, demo_db_url, resolve_db_url
from winloss.cli.outcome import failed

SUBCOMMANDS = {"demo": "demo", "import": "imports", "candidates": "candidates", "schedule": "schedule", "ics": "ics",
               "guide": "guide", "report": "report", "export": "report", "deliver": "deliver", "db": "db"}
"""Each subcommand and the module of ``winloss.cli`` that holds it: ``add_parser(commands, db_option)`` registers
it, ``run(args, url) -> (status, message)`` runs it (the message goes to stderr when it failed)."""


def build_parser(*, subcommands: bool = True) -> argparse.ArgumentParser:
    """The command line; ``--db`` is accepted before or after a subcommand.

    Without ``subcommands`` only the window's options are known: opening the
    window then skips loading every subcommand's module (start-up counts).
    """
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=f"database URL or SQLite file (default: ${ENV_VAR}, else the user data folder)",
    )
    parser = argparse.ArgumentParser(prog="winloss", description=f"{APP_NAME}: run a win-loss interview program.")
    parser.add_argument("--db", metavar="URL", default=None, help=f"database URL or SQLite file (default: ${ENV_VAR}, else the user data folder)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo program (built on first use)")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window offscreen, save a PNG and exit")
    parser.add_argument("--area", metavar="NAME", help="the area to show first (e.g. deals)")
    parser.add_argument(
        "--report-startup",
        action="store_true",
        help="print when the window is shown and when its deals are, then quit (used by the benchmarks)",
    )
    if not subcommands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in dict.fromkeys(SUBCOMMANDS.values()):
        importlib.import_module(f"winloss.cli.{module}").add_parser(commands, db_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `winloss` and `python -m winloss`; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    window_only = not any(word in SUBCOMMANDS or word in ("-h", "--help") for word in words)
    args = build_parser(subcommands=not window_only).parse_args(words)
    _configure_logging()
    if args.command is None:
        return _run_window(args)
    from interviewer.db import DatabaseError

    command = importlib.import_module(f"winloss.cli.{SUBCOMMANDS[args.command]}")
    try:
        status, message = command.run(args, resolve_db_url(args.db))
    except DatabaseError as exc:  # a database that cannot be opened: one sentence, never a traceback
        status, message = failed(str(exc))
    if status:
        _say(message)
    return status


def _run_window(args: argparse.Namespace) -> int:
    if args.screenshot or args.report_startup:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not _display_available():
        _say("no display found. Run it on a desktop, or under a virtual screen: "
             "xvfb-run -a winloss (or use --screenshot FILE.png).")
        return 1
    from winloss.window import run

    url = demo_db_url() if args.demo else (resolve_db_url(args.db) if args.db or os.environ.get(ENV_VAR) else None)
    return run(url, demo=args.demo, screenshot=args.screenshot, area=args.area, report_startup=args.report_startup)


def _display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _say(message: str) -> None:
    print(f"winloss: {message}", file=sys.stderr)


def _configure_logging() -> None:
    from interviewer.logfile import configure

    configure()
