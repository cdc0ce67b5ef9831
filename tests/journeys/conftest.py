"""Journeys use Qt's own file dialogs (the ones a test can find and type into), never the platform's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt


@pytest.fixture(autouse=True)
def qt_dialogs_and_locale(qapp):  # noqa: ANN001, ANN201
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
