"""The architecture rules, checked on the source: no Qt below ui/, keyring in one place, one-way imports."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("winloss", "ui", "exports", "question_bank", "interviewer")
"""From the top down: a package imports only itself and the packages after it (the entry points on top, the domain
at the bottom)."""
NON_UI_PACKAGES = ("interviewer", "question_bank", "exports")


def _sources(*packages: str) -> Iterator[Path]:
    for package in packages:
        folder = ROOT / package
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, anywhere in the file (also inside functions), with its line.

    Relative imports are resolved against the file's package; calls such as
    ``importlib.import_module("x")`` and ``__import__("x")`` with a literal count too.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def _offenders(paths: Iterator[Path], forbidden: tuple[str, ...], allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    offenders = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        for line, module in imported_modules(path):
            if any(module == name or module.startswith(name + ".") for name in forbidden):
                offenders.append(f"{relative}:{line} imports {module}")
    return sorted(set(offenders))


def test_the_source_folders_exist() -> None:
    assert list(_sources("interviewer")), "the walk found no source at all"


def test_no_qt_outside_ui() -> None:
    offenders = _offenders(_sources(*NON_UI_PACKAGES), ("PySide6", "shiboken6"))
    assert offenders == [], "Qt is imported outside ui/:\n" + "\n".join(offenders)


def test_only_the_secrets_module_imports_keyring() -> None:
    offenders = _offenders(_sources(*LAYERS), ("keyring",), allowed={"interviewer/secrets.py"})
    assert offenders == [], "keyring is imported outside interviewer/secrets.py:\n" + "\n".join(offenders)


@pytest.mark.parametrize("package", LAYERS)
def test_each_package_imports_only_the_layers_below_it(package: str) -> None:
    above = LAYERS[: LAYERS.index(package)]
    offenders = _offenders(_sources(package), above)
    assert offenders == [], f"{package}/ imports a layer above it ({' → '.join(LAYERS)}):\n" + "\n".join(offenders)


def test_the_layers_are_every_package_of_the_project() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages == set(LAYERS), "a package outside the layering: add it to LAYERS where it belongs"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import PySide6.QtWidgets", ["PySide6.QtWidgets"]),
        ("from PySide6 import QtCore", ["PySide6", "PySide6.QtCore"]),
        ("def f():\n    from shiboken6 import isValid", ["shiboken6", "shiboken6.isValid"]),
        ("import importlib\nimportlib.import_module('keyring')", ["importlib", "keyring"]),
        ("from . import db", ["interviewer", "interviewer.db"]),
        ("from ..ui import app", ["ui", "ui.app"]),
    ],
)
def test_the_import_scanner_sees_every_form(tmp_path: Path, source: str, expected: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The scanner itself: plain, from, nested, dynamic and relative imports are all seen."""
    package = tmp_path / "interviewer"
    package.mkdir()
    (package / "probe.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert [module for _line, module in imported_modules(package / "probe.py")] == expected


def test_an_offender_is_reported_with_file_and_line(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "exports"
    package.mkdir()
    (package / "report.py").write_text("import os\n\nfrom PySide6.QtGui import QImage\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _offenders(_sources("exports"), ("PySide6",)) == [
        "exports/report.py:3 imports PySide6.QtGui",
        "exports/report.py:3 imports PySide6.QtGui.QImage",
    ]


def _modules_after(statement: str) -> set[str]:
    code = textwrap.dedent(
        f"""
        import json, sys
        {statement}
        print(json.dumps(sorted(sys.modules)))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_records_enums_and_config_load_without_sqlalchemy() -> None:
    """The window builds its models from these before the database layer is loaded."""
    loaded = _modules_after("import interviewer.records, interviewer.enums, interviewer.config")
    assert {"interviewer.records", "interviewer.enums", "interviewer.config"} <= loaded
    assert not _top_level(loaded) & {"sqlalchemy", "PySide6", "alembic", "keyring"}


def test_the_command_line_loads_without_qt_or_the_database() -> None:
    """`winloss --version` and the no-display message must not pay for Qt or SQLAlchemy."""
    loaded = _modules_after("import winloss.cli")
    assert "winloss.cli" in loaded
    assert not _top_level(loaded) & {"sqlalchemy", "PySide6", "alembic", "keyring"}


def test_the_database_layer_loads_without_alembic_or_qt() -> None:
    loaded = _modules_after("import interviewer.db, interviewer.services.deals")
    assert "sqlalchemy" in _top_level(loaded)  # the probe does see what is loaded
    assert not _top_level(loaded) & {"alembic", "PySide6"}
