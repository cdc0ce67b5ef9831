"""What a subcommand's ``run(args, url)`` returns: its exit status and, when it failed, one sentence for stderr."""

from __future__ import annotations

import logging

log = logging.getLogger("interviewer")

OK = (0, "")


def failed(message: str) -> tuple[int, str]:
    """Exit status 1 with ``message``: what went wrong, in one sentence for the person at the terminal."""
    return 1, message


def logged(doing: str, error: BaseException, *, kept: str = "") -> tuple[int, str]:
    """``doing`` failed on a database or file error: the traceback goes to the log file, its first line to the user
    (``kept`` says what was left unchanged)."""
    log.exception("%s failed", doing)
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return failed(f"{doing} failed: {first_line}{kept} (details in the log file).")
