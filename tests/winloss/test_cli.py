"""The `winloss` command, run as a user runs it: a child process with a home of its own."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from interviewer import APP_NAME, __version__
from interviewer.config import ENV_VAR, default_db_url, normalise_url, resolve_db_url, sqlite_url
from interviewer.db import open_database
from interviewer.schema import HEAD_REVISION
from winloss import cli
from pg_server import PgServer, free_port


def run(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "winloss", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )


def one_line(stream: str) -> str:
    """The single line a failing command prints; fails if there is more (a traceback, say)."""
    lines = stream.splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{stream}"
    assert "Traceback" not in stream
    return lines[0]


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def up_to_date(tmp_path: Path) -> Path:
    path = tmp_path / "program.sqlite"
    open_database(sqlite_url(path)).close()
    return path


# -- version and upgrade -----------------------------------------------------------------------------


def test_version(subprocess_env: dict[str, str]) -> None:
    result = run(subprocess_env, "--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{APP_NAME} {__version__}\n", "")


def test_upgrade_refuses_a_missing_file_and_creates_nothing(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "not-yet" / "program.sqlite"
    result = run(subprocess_env, "db", "upgrade", "--db", str(path))
    assert result.returncode == 1
    assert one_line(result.stderr) == f"winloss: There is no database at {path}."
    assert result.stdout == ""
    assert not path.parent.exists()


def test_upgrade_of_an_up_to_date_database_changes_nothing(
    subprocess_env: dict[str, str], up_to_date: Path
) -> None:
    before = _fingerprint(up_to_date), sorted(p.name for p in up_to_date.parent.iterdir())
    result = run(subprocess_env, "db", "upgrade", "--db", str(up_to_date))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{up_to_date} is up to date (schema {HEAD_REVISION}).\n"
    assert (_fingerprint(up_to_date), sorted(p.name for p in up_to_date.parent.iterdir())) == before


def test_upgrade_of_an_empty_sqlite_file_creates_the_schema(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 3").connection.close()
    first = run(subprocess_env, "db", "upgrade", "--db", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"Created the Win-Loss Studio schema (schema {HEAD_REVISION}) in {path}.\n"
    second = run(subprocess_env, "db", "upgrade", "--db", str(path))
    assert second.stdout == f"{path} is up to date (schema {HEAD_REVISION}).\n"


@pytest.mark.postgres
def test_upgrade_of_an_empty_server_database_creates_the_schema(
    subprocess_env: dict[str, str], pg_server: PgServer
) -> None:
    url = pg_server.create_database()
    text_url = url.render_as_string(hide_password=False)
    first = run(subprocess_env, "db", "upgrade", "--db", text_url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Created the Win-Loss Studio schema")
    second = run(subprocess_env, "db", "upgrade", "--db", text_url.replace("postgresql+psycopg://", "postgresql://"))
    assert second.returncode == 0, second.stderr
    assert second.stdout.endswith(f"is up to date (schema {HEAD_REVISION}).\n")


@pytest.mark.parametrize("where", ["after-command", "before-command"])
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
    subprocess_env: dict[str, str], tmp_path: Path, where: str
) -> None:
    path = tmp_path / "deals.sqlite"
    path.write_text("Account,Outcome\nAcme,won\n")
    before = _fingerprint(path)
    args = ["db", "upgrade", "--db", str(path)] if where == "after-command" else ["--db", str(path), "db", "upgrade"]
    result = run(subprocess_env, *args)
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"winloss: {path} is not a Win-Loss Studio database (it is not a SQLite file). It was not changed."
    )
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deals.sqlite"]


def test_an_unreachable_server_is_one_line_without_the_password(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    result = run(subprocess_env, "db", "upgrade", "--db", f"postgresql://ana:S3cret-pw@127.0.0.1:{port}/winloss")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(f"winloss: Cannot reach the database server at 127.0.0.1:{port}")
    assert "S3cret-pw" not in result.stderr + result.stdout
    log_file = Path(subprocess_env["XDG_STATE_HOME"]) / "winloss-studio" / "log" / "winloss.log"
    assert "S3cret-pw" not in (log_file.read_text() if log_file.exists() else "")


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("mysql://ana:S3cret-pw@db.example.com/winloss", "winloss: mysql databases are not supported"),
        ("postgresql://ana:S3cret-pw@db.example.com:port/winloss", "winloss: That is not a database address"),
    ],
)
def test_an_address_the_app_cannot_use_is_one_line(subprocess_env: dict[str, str], address: str, message: str) -> None:
    result = run(subprocess_env, "db", "upgrade", "--db", address)
    assert result.returncode == 1
    assert one_line(result.stderr).startswith(message)
    assert "S3cret-pw" not in result.stderr


def test_a_failing_migration_is_one_line_and_the_detail_goes_to_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from sqlalchemy.exc import OperationalError

    from interviewer import migrate

    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")  # an empty file: create=False says there is no database
    assert cli.main(["db", "upgrade", "--db", str(path)]) == 1
    assert capsys.readouterr().err == f"winloss: There is no database at {path}.\n"

    import sqlite3

    sqlite3.connect(path).execute("PRAGMA user_version = 3").connection.close()

    def broken(engine: object, target: str = "head") -> None:
        raise OperationalError("ALTER TABLE deals", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(migrate, "upgrade", broken)
    monkeypatch.setattr(cli, "_configure_logging", lambda: None)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("interviewer").addHandler(handler)
    try:
        assert cli.main(["db", "upgrade", "--db", str(path)]) == 1
    finally:
        logging.getLogger("interviewer").removeHandler(handler)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_line(captured.err).startswith("winloss: upgrading the database failed: (sqlite3.OperationalError) disk I/O")
    assert records and records[0].exc_info is not None  # the traceback is in the log file


def test_a_missing_subcommand_is_a_usage_error(subprocess_env: dict[str, str]) -> None:
    result = run(subprocess_env, "db")
    assert result.returncode == 2
    assert "the following arguments are required: ACTION" in result.stderr


# -- no display -------------------------------------------------------------------------------------


def test_without_a_display_the_window_says_how_to_run_it(subprocess_env: dict[str, str]) -> None:
    env = {k: v for k, v in subprocess_env.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}}
    result = run(env)
    assert result.returncode != 0
    line = one_line(result.stderr)
    assert line.startswith("winloss: no display found")
    assert "xvfb-run" in line
    assert result.stdout == ""


def test_without_a_display_qt_is_never_imported(subprocess_env: dict[str, str]) -> None:
    env = {k: v for k, v in subprocess_env.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}}
    code = textwrap.dedent(
        """
        import sys
        from winloss.cli import main
        status = main([])
        loaded = sorted({m.split(".")[0] for m in sys.modules} & {"PySide6", "shiboken6", "ui", "sqlalchemy"})
        print(status, loaded)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == "1 []", result.stderr


# -- which database -----------------------------------------------------------------------------------


def test_winloss_db_is_honoured_and_db_overrides_it(
    subprocess_env: dict[str, str], up_to_date: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.sqlite"

    from_env = run({**subprocess_env, ENV_VAR: str(up_to_date)}, "db", "upgrade")
    assert (from_env.returncode, from_env.stdout) == (0, f"{up_to_date} is up to date (schema {HEAD_REVISION}).\n")

    overridden = run({**subprocess_env, ENV_VAR: str(missing)}, "db", "upgrade", "--db", str(up_to_date))
    assert (overridden.returncode, overridden.stdout) == (0, f"{up_to_date} is up to date (schema {HEAD_REVISION}).\n")

    reverse = run({**subprocess_env, ENV_VAR: str(up_to_date)}, "db", "upgrade", "--db", str(missing))
    assert reverse.returncode == 1
    assert one_line(reverse.stderr) == f"winloss: There is no database at {missing}."


def test_without_db_or_winloss_db_the_user_data_folder_is_used(subprocess_env: dict[str, str]) -> None:
    result = run(subprocess_env, "db", "upgrade")
    expected = Path(subprocess_env["XDG_DATA_HOME"]) / "winloss-studio" / "winloss.sqlite"
    assert result.returncode == 1
    assert one_line(result.stderr) == f"winloss: There is no database at {expected}."


def test_a_relative_db_path_is_relative_to_the_working_folder(subprocess_env: dict[str, str], up_to_date: Path) -> None:
    result = run(subprocess_env, "db", "upgrade", "--db", up_to_date.name, cwd=up_to_date.parent)
    assert result.stdout == f"{up_to_date} is up to date (schema {HEAD_REVISION}).\n"


def test_resolve_db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file_a, file_b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    environ = {ENV_VAR: str(file_b)}
    assert resolve_db_url(str(file_a), environ) == f"sqlite:///{file_a}"  # --db wins
    assert resolve_db_url(None, environ) == f"sqlite:///{file_b}"  # then WINLOSS_DB
    assert resolve_db_url("", environ) == f"sqlite:///{file_b}"
    assert resolve_db_url(None, {ENV_VAR: "   "}) == default_db_url()  # blank counts as unset
    assert resolve_db_url(None, {}) == default_db_url()
    assert default_db_url() == f"sqlite:///{Path(__import__('os').environ['XDG_DATA_HOME']) / 'winloss-studio' / 'winloss.sqlite'}"

    assert resolve_db_url("postgresql://ana@db.example.com/wl", {}) == "postgresql+psycopg://ana@db.example.com/wl"
    assert resolve_db_url(" postgres://ana@db/wl ", {}) == "postgresql+psycopg://ana@db/wl"
    assert resolve_db_url("postgresql+psycopg://ana@db/wl", {}) == "postgresql+psycopg://ana@db/wl"
    assert resolve_db_url("sqlite:////x/y.sqlite", {}) == "sqlite:////x/y.sqlite"

    monkeypatch.chdir(tmp_path)
    assert resolve_db_url("rel.sqlite", {}) == f"sqlite:///{tmp_path / 'rel.sqlite'}"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_db_url("~/home.sqlite", {}) == f"sqlite:///{tmp_path / 'home.sqlite'}"


def test_a_path_with_question_mark_or_percent_survives_the_url(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    path = tmp_path / "Q3? 100% #2" / "program.sqlite"
    assert make_url(normalise_url(str(path))).database == str(path)


# -- the demo, end to end (a smoke test: tests/test_demo.py covers the builder) -----------------------


def test_demo_builds_then_refuses_to_overwrite_without_force(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    built = run(subprocess_env, "demo", "--db", str(path), "--deals", "30", "--seed", "3")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"Demo program built in {path}: 30 closed deals")

    from sqlalchemy import func, select

    from interviewer.models import Deal

    database = open_database(sqlite_url(path), create=False)
    try:
        with database.sessions() as session:
            deals = session.scalar(select(func.count(Deal.id)))
    finally:
        database.close()
    assert deals is not None and deals >= 30
    before = _fingerprint(path)

    again = run(subprocess_env, "demo", "--db", str(path), "--deals", "30")
    assert again.returncode == 1
    assert "--force" in one_line(again.stderr)
    assert _fingerprint(path) == before

    upgraded = run(subprocess_env, "db", "upgrade", "--db", str(path))
    assert upgraded.stdout == f"{path} is up to date (schema {HEAD_REVISION}).\n"


def test_demo_into_a_file_that_is_not_a_database_is_refused(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"\x00\x01 not sqlite")
    before = _fingerprint(path)
    result = run(subprocess_env, "demo", "--db", str(path))
    assert result.returncode == 1
    assert "is not a Win-Loss Studio database" in one_line(result.stderr)
    assert _fingerprint(path) == before
