"""Where the database lives: the command line, the WINLOSS_DB variable, or the user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_DIR_NAME = "winloss-studio"
DEFAULT_DB_FILE = "winloss.sqlite"
DEMO_DB_FILE = "demo.sqlite"
ENV_VAR = "WINLOSS_DB"


def data_dir() -> Path:
    """The per-user data folder (platformdirs), e.g. ~/.local/share/winloss-studio."""
    from platformdirs import user_data_path

    return user_data_path(APP_DIR_NAME, appauthor=False)


def default_db_url() -> str:
    return sqlite_url(data_dir() / DEFAULT_DB_FILE)


def demo_db_url() -> str:
    return sqlite_url(data_dir() / DEMO_DB_FILE)


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file.

    ``%`` and ``?`` in the path are percent-encoded: unescaped, ``?`` would
    start the URL's query and cut the path short (SQLAlchemy decodes the
    database part of a URL). Built by hand so this module needs no SQLAlchemy.
    """
    text = str(path.expanduser().resolve())
    return "sqlite:///" + "".join(_URL_ESCAPES.get(char, char) for char in text)


_URL_ESCAPES = {"%": "%25", "?": "%3F"}


def normalise_url(text: str) -> str:
    """Accept a SQLAlchemy URL, a bare ``postgresql://`` URL or a plain file path."""
    text = text.strip()
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return sqlite_url(Path(text))


def resolve_db_url(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The database to open: ``--db`` wins over ``WINLOSS_DB``, which wins over the default."""
    chosen = cli_value or environ.get(ENV_VAR, "").strip()
    return normalise_url(chosen) if chosen else default_db_url()
