"""A throw-away PostgreSQL server for the test session, or the one named by WINLOSS_TEST_PG_URL.

``PgServer.start()`` finds ``initdb``/``pg_ctl`` (on PATH or under
/usr/lib/postgresql/*/bin), makes a cluster in a temporary folder with trust
authentication, starts it on a free port of 127.0.0.1 with fsync off, and
``stop()`` shuts it down and removes the folder. Every test asks for a fresh
database of its own with ``create_database()``.

initdb and postgres refuse to run as root: when the tests run as root the
binaries are run as the ``postgres`` user through ``runuser``.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL, make_url

ENV_URL = "WINLOSS_TEST_PG_URL"
PASSWORD_GROUP = "winloss_password_users"
"""Members of this role must give a password (scram-sha-256) on the local server; everyone else is trusted."""


class NoServerBinaries(Exception):
    """Neither initdb nor pg_ctl can be found: PostgreSQL tests are skipped with this message."""


def find_binaries() -> Path:
    """The folder holding initdb and pg_ctl: PATH first, then the newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("initdb"), shutil.which("pg_ctl")
    if all(on_path):
        return Path(os.path.realpath(on_path[0])).parent  # type: ignore[arg-type]
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: _version_key(Path(path).parent.name),
        reverse=True,
    )
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise NoServerBinaries(
        "PostgreSQL tests skipped: no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin, "
        f"and {ENV_URL} is not set (apt-get install --no-install-recommends postgresql)"
    )


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One PostgreSQL server for the session: local and throw-away, or external."""

    def __init__(self, external_url: str | None = None) -> None:
        self.external = external_url is not None
        self.admin_url: URL | None = _normalise(external_url) if external_url else None
        self.supports_password_role = False
        self._folder: Path | None = None
        self._bin: Path | None = None
        self._run_as_postgres = False
        self._names = itertools.count(1)
        self._prefix = f"winloss_test_{uuid.uuid4().hex[:8]}_"
        self._template: str | None = None
        self._created: list[str] = []
        self._roles: list[str] = []

    # -- life cycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        if self.external:
            return
        self._bin = find_binaries()
        self._run_as_postgres = hasattr(os, "geteuid") and os.geteuid() == 0
        self._folder = Path(tempfile.mkdtemp(prefix="winloss-pg-"))
        atexit.register(self.stop)
        if self._run_as_postgres:
            shutil.chown(self._folder, user="postgres")
        data = self._folder / "data"
        port = free_port()
        self._run(
            "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync",
            "-E", "UTF8", "--locale=C.UTF-8",
        )
        self._require_password_for_test_roles(data)
        self._run(
            "pg_ctl", "-D", str(data), "-l", str(self._folder / "log"), "-w", "-t", "30",
            "-o", f"-p {port} -k {self._folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        )
        self.admin_url = URL.create("postgresql+psycopg", username="postgres", host="127.0.0.1", port=port, database="postgres")
        self.admin(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN")
        self.supports_password_role = True

    def stop(self) -> None:
        """Stop the local server and remove its folder (drop this session's databases on an external one)."""
        if self.external:
            self._drop_external()
            return
        folder, self._folder = self._folder, None
        if folder is None:
            return
        try:
            if (folder / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(folder / "data"), "-m", "fast", "-w", "stop", check=False)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _require_password_for_test_roles(self, data: Path) -> None:
        """Put a scram-sha-256 rule for the password-test roles ahead of the trust rules."""
        hba = data / "pg_hba.conf"
        rule = f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + hba.read_text())

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert self._bin is not None
        command = [str(self._bin / program), *args]
        if self._run_as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if check and result.returncode != 0:
            log = ""
            if self._folder and (self._folder / "log").exists():
                log = (self._folder / "log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{log}")
        return result

    # -- databases ----------------------------------------------------------------------------------

    def url(self, database: str, username: str | None = None) -> URL:
        assert self.admin_url is not None
        url = self.admin_url.set(database=database)
        return url.set(username=username, password=None) if username else url

    def admin(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the server's administrator, outside a transaction."""
        import psycopg

        url = self.url(database)
        with psycopg.connect(_conninfo(url), autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self, *, migrated: bool = False, owner: str | None = None) -> URL:
        """A new empty database (or one at the current head, copied from a migrated template)."""
        name = f"{self._prefix}{next(self._names)}"
        template = f" TEMPLATE {self._migrated_template()}" if migrated else ""
        owned = f" OWNER {owner}" if owner else ""
        self.admin(f'CREATE DATABASE "{name}"{template}{owned}')
        self._created.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database made by ``create_database``, even if a test left a connection open."""
        if name in self._created:
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._created.remove(name)

    def create_password_role(self, password: str) -> str:
        """A login role that the local server only lets in with ``password``."""
        name = f"winloss_pw_{uuid.uuid4().hex[:8]}"
        escaped = password.replace("'", "''")
        self.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{escaped}' IN ROLE {PASSWORD_GROUP}")
        self._roles.append(name)
        return name

    def _migrated_template(self) -> str:
        if self._template is None:
            from interviewer.db import open_database

            name = f"{self._prefix}template"
            self.admin(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            database = open_database(self.url(name).render_as_string(hide_password=False))
            database.close()
            self._template = name
        return self._template

    def _drop_external(self) -> None:
        for name in reversed(self._created):
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in self._roles:
            self.admin(f"DROP ROLE IF EXISTS {role}")
        self._created.clear()
        self._roles.clear()


def _normalise(text: str) -> URL:
    url = make_url(text.replace("postgresql://", "postgresql+psycopg://", 1).replace("postgres://", "postgresql+psycopg://", 1))
    return url if url.database else url.set(database="postgres")


def _conninfo(url: URL) -> str:
    parts: dict[str, object] = {
        "host": url.host, "port": url.port, "user": url.username, "password": url.password, "dbname": url.database,
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value is not None)


def start_server(getenv: Callable[[str], str | None] = os.environ.get) -> PgServer:
    """The server the tests use; raises NoServerBinaries when there is none to start."""
    server = PgServer(getenv(ENV_URL) or None)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
