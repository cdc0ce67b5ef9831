"""`winloss demo`: build the demo program into a database."""

from __future__ import annotations

import argparse
from typing import Any

from winloss.cli.outcome import OK, failed, logged


def add_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """Register `winloss demo`."""
    demo = commands.add_parser("demo", parents=[db_option], help="build the demo program into a database")
    demo.add_argument("--seed", type=int, default=7, help="random seed (the same seed builds the same program)")
    demo.add_argument("--deals", type=int, default=2400, help="number of closed deals to create")
    demo.add_argument("--force", action="store_true", help="replace the data of a database that is not empty")


def run(args: argparse.Namespace, url: str) -> tuple[int, str]:
    """Build the demo program into the database at ``url``; refused where it holds data, unless --force."""
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore
    from winloss.demo.build import DemoRefused, build_demo

    database = open_database(url, SecretStore())
    try:
        summary = build_demo(database, seed=args.seed, deals=args.deals, replace=args.force)
    except DemoRefused as exc:
        return failed(str(exc))
    finally:
        database.close()
    print(f"Demo program built in {database.label}: {summary}")
    return OK
