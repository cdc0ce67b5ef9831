"""The guide builder says how many completed calls a learned planned time rests on."""

from __future__ import annotations

from datetime import UTC, datetime

from builders import booked_interview, held_call
from PySide6.QtCore import Qt

from interviewer.clock import FixedClock
from interviewer.db import Database
from ui.guides.builder import open_guide_builder
from ui.guides.model import PLANNED

CLOCK = FixedClock(datetime(2026, 11, 20, 15, tzinfo=UTC))


def test_a_learned_time_shows_its_calls_until_changed_by_hand(qtbot, sqlite_database: Database) -> None:
    booked = booked_interview(sqlite_database, CLOCK.now())
    question = held_call(sqlite_database, booked, 140)
    held_call(sqlite_database, booked, 100)
    held_call(sqlite_database, booked, 2)  # a glance: not one of the calls it rests on
    dialog = open_guide_builder(None, sqlite_database, profile=None, clock=CLOCK, interview_id=booked)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.line(r).question_id == question)
    other = next(r for r in range(model.rowCount()) if model.line(r).question_id != question)
    cell = model.index(row, PLANNED)
    assert model.data(cell).endswith(" · 2 calls")
    assert "Learned from 2 calls: median 2:00" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert "·" not in model.data(model.index(other, PLANNED))
    assert "no completed call" in model.data(model.index(other, PLANNED), Qt.ItemDataRole.ToolTipRole)
    model.set_seconds(row, 300)
    assert model.data(cell) == "5:00"
