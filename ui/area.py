"""What every area of the main window shares: a title, a splitter whose position persists, empty states."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelectionModel,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from interviewer.db import Database
    from interviewer.profiles import ProfileRow
    from ui.undo import UndoStack

WORDS_TIP = "Type words that must all match (Ctrl+F; Esc clears)"


class Area(QWidget):
    """An area of the main window; subclasses set ``title`` and create ``self.splitter``.

    The window drives every area through the same calls: ``set_database`` and ``set_profile`` when either changes
    (an area fed a reader instead says so in its ``AreaSpec``), ``refresh`` on F5, ``save_state``/``restore_state``
    between runs. An area whose table's columns (widths, order, sort) should persist names it in ``columns``.
    Changes a person can take back go through ``undo_stack`` (the window's, set when the area is built).
    """

    title = ""
    splitter: QSplitter
    columns: QTableView | None = None
    undo_stack: UndoStack | None = None

    def split(self, name: str, left: QWidget, right: QWidget, sizes: tuple[int, int],
              stretch: tuple[int, int] | None = None) -> None:
        """Fill the area with ``left`` and ``right`` side by side in ``self.splitter`` (its position persists)."""
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(name)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        if stretch is not None:
            self.splitter.setStretchFactor(0, stretch[0])
            self.splitter.setStretchFactor(1, stretch[1])
        self.splitter.setSizes(list(sizes))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def set_database(self, database: Database | None) -> None:
        """The open database (None when none is): areas that read it keep it and reload."""

    def set_profile(self, profile: ProfileRow | None) -> None:
        """The person using the app: areas that allow or label by role keep it."""

    def reload(self) -> None:
        """Read what the area shows again, on a worker thread."""

    def refresh(self) -> None:
        """F5: read again what may have changed elsewhere (a colleague's edits); most areas simply reload."""
        self.reload()

    def save_state(self) -> dict[str, Any]:
        """What to keep in the settings between runs."""
        state: dict[str, Any] = {"splitter": self.splitter.saveState()}
        if self.columns is not None:
            state["header"] = self.columns.horizontalHeader().saveState()
        return state

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back what ``save_state`` kept (missing or damaged values are ignored)."""
        if isinstance(state.get("splitter"), QByteArray):
            self.splitter.restoreState(state["splitter"])
        if self.columns is not None and isinstance(state.get("header"), QByteArray):
            self.columns.horizontalHeader().restoreState(state["header"])


def table_or_message(table: QWidget, name: str) -> tuple[QStackedWidget, QLabel]:
    """A stack showing ``table``, or in its place a centred sentence saying what to do (empty states)."""
    message = QLabel()
    message.setObjectName(name)
    message.setAlignment(Qt.AlignmentFlag.AlignCenter)
    message.setWordWrap(True)
    message.setStyleSheet("color: palette(placeholder-text); font-size: 12pt; padding: 24px;")
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(message)
    return stack, message


def filter_box(name: str, placeholder: str, accessible_name: str, tooltip: str | None = None) -> QLineEdit:
    """The filter field on top of a list: placeholder, accessible name, a clear button."""
    box = QLineEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(accessible_name)
    if tooltip:
        box.setToolTip(tooltip)
    box.setClearButtonEnabled(True)
    return box


def text_width(view: QWidget, *samples: str, extra: int = 0) -> int:
    """Pixels a column of ``view`` needs to show the widest of ``samples`` (cell padding included, ``extra`` for an icon)."""
    metrics = view.fontMetrics()
    return max(metrics.horizontalAdvance(sample) for sample in samples) + 20 + extra


ID_ROLE = Qt.ItemDataRole.UserRole
"""The role under which a table's model gives each row's id."""


class SelectsById:
    """Selection by id for an area showing ``model`` (``row(position)``, ``position_of(id)``) through ``proxy``."""

    table: QTableView
    proxy: QSortFilterProxyModel
    model: Any

    def selected_id(self) -> int | None:
        """The id of the row selected in the table (None when none is)."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected(self) -> Any:
        """The selected row's data, or None."""
        item_id = self.selected_id()
        position = self.model.position_of(item_id) if item_id is not None else None
        return self.model.row(position) if position is not None else None

    def select_id(self, item_id: int) -> bool:
        """Select the row with this id if the filters show it."""
        position = self.model.position_of(item_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if not index.isValid():
            return False
        self._select_proxy_row(index.row())
        return True

    def _select_proxy_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)


def rows_table(name: str, accessible_name: str, model: QAbstractItemModel, row_height: int,
               resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.Interactive) -> QTableView:
    """A read-only table of one-line rows, selected a whole row at a time; columns resized by the user by default."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setStretchLastSection(True)
    return table
