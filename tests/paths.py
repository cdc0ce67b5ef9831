"""Where the tests find the project and the shared folder beside it."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
