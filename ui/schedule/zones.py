"""A time zone field that completes from the IANA list, as the schedule dialog and the roster use it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

VISIBLE_COMPLETIONS = 12


def complete_zones(field: QLineEdit) -> None:
    """Offer every zone name containing what is typed (any case), e.g. "berl" → Europe/Berlin."""
    from interviewer.scheduling.availability import zone_names

    completer = QCompleter(list(zone_names()), field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(VISIBLE_COMPLETIONS)
    field.setCompleter(completer)
