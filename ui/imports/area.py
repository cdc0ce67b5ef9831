"""The Imports area: every import with its counts, and the rows each one rejected."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewer.records import BatchRow
from ui.area import Area, filter_box, table_or_message, text_width
from ui.format import format_date, format_datetime
from ui.imports.model import FILE, IMPORTED, STARTED, UNCHANGED, UPDATED, BatchesModel, RejectionsModel, source_name

if TYPE_CHECKING:  # the reader module loads SQLAlchemy
    from interviewer.services.imports import ImportsReader


IN_DETAILS_ONLY = (IMPORTED, UPDATED, UNCHANGED)
"""Counts the details' Rows line tells, hidden in the table to give the file's name room."""


class ImportsArea(Area):
    """Import history: batches on the left, the selected batch and its rejected rows beside it."""

    title = "Imports"
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reader: ImportsReader | None = None
        self.batches = BatchesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.batches)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter_box = filter_box("importsFilter", "Filter imports: file name, source…", "Filter imports")
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.import_button = QPushButton("Import deals…")
        self.import_button.setToolTip("Import a CRM export (Ctrl+I)")
        self.import_button.clicked.connect(self.import_requested)

        self.table = QTableView()
        self.table.setObjectName("importsTable")
        self.table.setAccessibleName("Imports")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.columns = self.table
        self._fit_batch_columns()
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.stack, self.empty_label = table_or_message(self.table, "importsEmpty")

        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.facts = QFormLayout()
        self.rejected_label = QLabel()
        self.rejected_label.setStyleSheet("font-weight: 600; margin-top: 8px;")
        self.rejections = RejectionsModel(self)
        self.rejections_table = QTableView()
        self.rejections_table.setObjectName("rejectionsTable")
        self.rejections_table.setAccessibleName("Rejected rows of the selected import")
        self.rejections_table.setModel(self.rejections)
        self.rejections_table.verticalHeader().hide()
        self.rejections_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rejections_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.rejections_table.setColumnWidth(1, text_width(self.rejections_table, "amount 'twelve thousand' is not"))
        self.rejections_table.horizontalHeader().setStretchLastSection(True)  # the values as read wrap in the rest
        self.export_button = QPushButton("Export rejected rows…")
        self.export_button.setObjectName("exportRejections")
        self.export_button.setToolTip("Save the rejected rows, with the reason, as a CSV file to fix and import again")
        self.export_button.clicked.connect(self._export)

        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.import_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.stack, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail_title)
        right_layout.addLayout(self.facts)
        right_layout.addWidget(self.rejected_label)
        right_layout.addWidget(self.rejections_table, 1)
        right_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignRight)
        self.split("importsSplitter", left, right, (560, 560), stretch=(1, 1))
        self.set_reader(None)

    def _fit_batch_columns(self) -> None:
        """The file's name takes the width left and wraps, as does the start time; the new, updated and unchanged
        counts are in the details' Rows line, so the table fits beside the rejected rows at 1280×800."""
        header = self.table.horizontalHeader()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STARTED, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(STARTED, text_width(self.table, format_date(date(2026, 12, 31)), "12:59 PM"))
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        for column in IN_DETAILS_ONLY:
            self.table.setColumnHidden(column, True)

    def set_reader(self, reader: ImportsReader | None) -> None:
        """Show the imports of another database (None: no database is open)."""
        self._reader = reader
        self.reload()

    def reload(self) -> None:
        """Read the batches again (after an import), keeping the selected one if it is still there."""
        selected = self.selected_batch()
        rows = self._reader.batches() if self._reader else []
        self.batches.set_rows(rows)
        if not rows:
            self.empty_label.setText(
                "No imports yet.\n\nFile → Import deals… brings in a CRM export (Salesforce, HubSpot, Pipedrive, CSV or Excel)."
                if self._reader else "No database is open."
            )
            self.stack.setCurrentWidget(self.empty_label)
        else:
            self.stack.setCurrentWidget(self.table)
        wanted = next((i for i, row in enumerate(rows) if selected and row.id == selected.id), 0 if rows else None)
        if wanted is None:
            self._show_batch(None)
        else:
            self.table.selectRow(self.proxy.mapFromSource(self.batches.index(wanted, 0)).row())

    def selected_batch(self) -> BatchRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches.batch(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select_batch(self, batch_id: int) -> None:
        for row in range(self.batches.rowCount()):
            batch = self.batches.batch(row)
            if batch is not None and batch.id == batch_id:
                self.table.selectRow(self.proxy.mapFromSource(self.batches.index(row, 0)).row())

    def _show_selected(self) -> None:
        self._show_batch(self.selected_batch())

    def _show_batch(self, batch: BatchRow | None) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        if batch is None:
            self.detail_title.setText("No import selected")
            self.rejections.set_rows([])
            self.rejected_label.setText("")
            self.export_button.setEnabled(False)
            return
        self.detail_title.setText(batch.file_name)
        added = batch.imported + batch.updated + batch.unchanged + batch.rejected
        facts = [
            ("Source", source_name(batch.source)),
            ("Started", format_datetime(batch.started_at)),
            ("Finished", format_datetime(batch.finished_at) or batch.status),
            ("Rows", f"{batch.rows:,}: {batch.imported:,} new, {batch.updated:,} updated, "
                     f"{batch.unchanged:,} unchanged, {batch.rejected:,} rejected" + ("" if added == batch.rows else " (incomplete)")),
            ("Outcomes", batch.outcome_rule),
            ("By", batch.actor),
            ("SHA-256", batch.sha256),
        ]
        for label, value in facts:
            if value:
                text = QLabel(value)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.facts.addRow(f"{label}:", text)
        rejected = self._reader.rejections(batch.id) if self._reader else []
        self.rejections.set_rows(rejected)
        self.rejected_label.setText(f"Rejected rows ({len(rejected):,})" if rejected else "No rows were rejected.")
        self.rejections_table.setVisible(bool(rejected))
        self.export_button.setEnabled(bool(rejected))

    def _export(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            return
        suggested = f"{Path(batch.file_name).stem}-rejected-rows.csv"
        path, _ = QFileDialog.getSaveFileName(self, "Export rejected rows", suggested, "CSV files (*.csv)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        """Write the selected batch's rejected rows to ``path``; returns how many."""
        from exports.rejections import write_rejections_csv

        return write_rejections_csv(path, self.rejections.rows)
