"""Every button and menu item of the main window is pressed by some journey (runs after them: the file sorts last)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QTabBar, QWidget

from winloss.demo.build import build_demo
from person import PRESSED, control_key
from ui.areas import AREAS
from window_steps import open_window

TODAY = date(2026, 11, 20)


def menu_items(menu: QMenu) -> list[QAction]:
    items: list[QAction] = []
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        items.extend(menu_items(action.menu()) if action.menu() is not None else [action])
    return items


def area_buttons(area: QWidget) -> list[QAbstractButton]:
    """The buttons an area shows a person (not the ones Qt makes inside its own widgets)."""
    return [b for b in area.findChildren(QAbstractButton)
            if not isinstance(b.parent(), QTabBar) and (b.text() or b.accessibleName())]


def window_controls(window) -> dict[str, str]:  # noqa: ANN001
    """Each control's key in PRESSED → where a person finds it."""
    controls = {}
    for top in window.menuBar().actions():
        for action in menu_items(top.menu()):
            controls[control_key(action)] = f"menu {top.text().replace('&', '')} → {action.text().replace('&', '')}"
    for spec in AREAS:
        for button in area_buttons(window.area(spec.key)):
            controls[control_key(button)] = f"{spec.title} area: “{button.text() or button.accessibleName()}”"
    return controls


def test_every_button_and_menu_item_is_pressed_by_a_journey(qtbot, tmp_path: Path, sqlite_database) -> None:  # noqa: ANN001
    if not PRESSED:
        pytest.skip("run with the journey tests (tests/journeys/): this check reads what they pressed")
    build_demo(sqlite_database, deals=300, today=TODAY, reports=False)
    window = open_window(qtbot, tmp_path, sqlite_database, datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    never = {key: where for key, where in window_controls(window).items() if key not in PRESSED}
    assert not never, "no journey presses:\n" + "\n".join(sorted(never.values()))
