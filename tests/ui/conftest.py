"""Window tests read dates, times and amounts as a US English user sees them, whatever the machine's locale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale


@pytest.fixture(autouse=True)
def us_locale() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
