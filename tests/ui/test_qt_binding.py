"""The installed Qt binding keeps Python's reference counts right (PySide6 6.12 on Python 3.11 does not)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_drop_references_to_none(qapp) -> None:  # noqa: ANN001
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        qapp.processEvents()
    after = sys.getrefcount(None)
    # A binding that drops a reference per call loses 4,000 here, and the
    # interpreter aborts ("deallocating None") once the count reaches zero.
    assert after >= before - 50, f"None lost {before - after} references in 4,000 Qt calls"
