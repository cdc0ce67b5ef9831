"""Shared fixtures: an isolated home, an in-memory keyring, SQLite and PostgreSQL databases.

At import time, before anything loads Qt, the session gets the offscreen Qt
platform and XDG folders of its own, so no test reads or writes the user's
data, settings or keyring.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="winloss-tests-home-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SESSION_HOME / _name.split("_")[1].lower())
    Path(os.environ[_name]).mkdir()
os.environ.pop("WINLOSS_DB", None)  # the user's own database must never leak into a test
atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402

from pg_server import NoServerBinaries, PgServer, start_server  # noqa: E402

REPO_ROOT = TESTS_DIR.parent


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in a dict, for one test."""

    priority = 100  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(f"no secret for {service}/{username}")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test runs against an empty in-memory keyring; the previous backend comes back after."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def session_home() -> Path:
    """The temporary folder holding this session's XDG data, config, state and cache folders."""
    return _SESSION_HOME


# -- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server: WINLOSS_TEST_PG_URL, or a throw-away local one."""
    try:
        server = start_server()
    except NoServerBinaries as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


def _pg_url(request: pytest.FixtureRequest, *, migrated: bool) -> str:
    """A new database for this test (or module), dropped when it is done so the server stays small."""
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create_database(migrated=migrated)
    request.addfinalizer(lambda: server.drop_database(url.database or ""))
    return url.render_as_string(hide_password=False)


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'winloss.sqlite'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session; tests open copies of it."""
    from interviewer.db import open_database

    folder = tmp_path_factory.mktemp("sqlite-template")
    open_database(_sqlite_url(folder)).close()
    return folder / "winloss.sqlite"


def open_test_database(engine_name: str, request: pytest.FixtureRequest, folder: Path):  # type: ignore[no-untyped-def]
    """An open database at head on ``engine_name``, through ``open_database``.

    Migrating costs ~0.3 s per database, so the database is a copy of one
    migrated once per session (a file copy on SQLite, ``CREATE DATABASE …
    TEMPLATE`` on PostgreSQL): ``open_database`` finds it at head. Migrations
    themselves are tested in test_migrations.py.
    """
    from interviewer.db import open_database
    from interviewer.secrets import SecretStore

    if engine_name == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, folder / "winloss.sqlite")
        url = _sqlite_url(folder)
    else:
        url = _pg_url(request, migrated=True)
    return open_database(url, SecretStore())


ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database of its own for this test (no schema yet)."""
    if engine_name == "sqlite":
        return _sqlite_url(tmp_path)
    return _pg_url(request, migrated=False)


@pytest.fixture
def database(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An open database of its own at the current schema head, on each engine; closed afterwards."""
    opened = open_test_database(engine_name, request, tmp_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_database(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An open SQLite database at head in tmp_path/winloss.sqlite (for tests that need one engine)."""
    opened = open_test_database("sqlite", request, tmp_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def subprocess_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment for child processes: XDG folders of their own, no display or Qt platform, no WINLOSS_DB."""
    dropped = {"WINLOSS_DB", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    home = tmp_path_factory.mktemp("child-home")  # not in tmp_path: tests list that folder
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.split("_")[1].lower())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    # A headless child must not find a real keyring, nor a plaintext one.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env
