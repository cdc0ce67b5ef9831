"""File → Import deals…: read the file, check the mapping and a preview, import with progress, summarise.

Reading (to infer date formats from every value) and importing run on a
worker thread; the dialog shows progress and can cancel either. Nothing is
written before the user presses Import.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.progress import Cancelled
from ui.imports.model import RejectionsModel, fit_columns, source_name
from ui.tasks import Task, TaskControl, TaskRunner

if TYPE_CHECKING:  # these load SQLAlchemy and the importer; the window imports them when a dialog opens
    from interviewer.db import Database
    from interviewer.importing.importer import ImportPlan, ImportResult, PreviewRow

log = logging.getLogger(__name__)

NOT_IN_FILE = "— not in this file —"
PREVIEW_ROWS = 20
DATE_FIELDS = ("close_date", "won_time", "lost_time")
KIND_NAMES = {"deals": "deals", "accounts": "accounts (companion file)", "contacts": "contacts (companion file)"}


class ImportDialog(QDialog):
    """Imports one file, step by step; emits ``imported`` with the result when rows were written."""

    imported = Signal(object)
    revised = Signal()
    """The mapping was edited and the preview shows the result."""

    def __init__(self, database: Database, tasks: TaskRunner, path: Path, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        self.setObjectName("importDialog")
        self.resize(980, 680)
        self._database = database
        self._tasks = tasks
        self._path = path
        self._actor = actor
        self._task: Task | None = None
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._date_boxes: dict[str, QComboBox] = {}
        self._revision = 0

        self.pages = QStackedWidget()
        self.working_page, self.working_label, self.working_bar = self._working_page()
        self.mapping_page = self._mapping_page()
        self.summary_page = self._summary_page()
        for page in (self.working_page, self.mapping_page, self.summary_page):
            self.pages.addWidget(page)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("startImport")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self._show_working(f"Reading {path.name}…")
        self._read()

    # -- pages --------------------------------------------------------------------------

    def _working_page(self) -> tuple[QWidget, QLabel, QProgressBar]:
        page = QWidget()
        label = QLabel()
        label.setWordWrap(True)
        bar = QProgressBar()
        bar.setObjectName("importProgress")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(bar)
        layout.addStretch(1)
        return page, label, bar

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.detected_label = QLabel()
        self.detected_label.setObjectName("detectedSource")
        self.detected_label.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setAccessibleName("Column for each field")
        self.mapping_table.setHorizontalHeaderLabels(["Field", "Column in the file"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.date_form = QFormLayout()
        self.preview_label = QLabel("Preview of the first rows, as they will be stored:")
        self.preview_table = QTableWidget()
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setAccessibleName("Preview of the import")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.verticalHeader().hide()
        self.remember_box = QCheckBox("Remember this mapping as profile")
        self.remember_box.setObjectName("rememberProfile")
        self.profile_name = QLineEdit()
        self.profile_name.setObjectName("profileName")
        self.profile_name.setAccessibleName("Profile name")
        self.profile_name.setEnabled(False)
        self.remember_box.toggled.connect(self.profile_name.setEnabled)

        left = QVBoxLayout()
        left.addWidget(self.mapping_table, 1)
        left.addLayout(self.date_form)
        remember = QHBoxLayout()
        remember.addWidget(self.remember_box)
        remember.addWidget(self.profile_name, 1)
        left.addLayout(remember)
        right = QVBoxLayout()
        right.addWidget(self.preview_label)
        right.addWidget(self.preview_table, 1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(page)
        layout.addWidget(self.detected_label)
        layout.addLayout(body, 1)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-size: 12pt;")
        self.rejections = RejectionsModel(self)
        self.rejections_table = QTableView()
        self.rejections_table.setObjectName("summaryRejections")
        self.rejections_table.setAccessibleName("Rejected rows")
        self.rejections_table.setModel(self.rejections)
        self.rejections_table.verticalHeader().hide()
        self.rejections_table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.rejections_table, 1)
        return page

    def _show_working(self, text: str) -> None:
        self.working_label.setText(text)
        self.working_bar.setRange(0, 0)
        self.pages.setCurrentWidget(self.working_page)
        self.import_button.hide()
        self.close_button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.working_bar.setRange(0, max(total, 0))
        if total:
            self.working_bar.setValue(done)
        if message:
            self.working_label.setText(message)

    # -- step 1: read the file ---------------------------------------------------------------

    def _read(self) -> None:
        database, path = self._database, self._path

        def work(control: TaskControl) -> tuple[ImportPlan, list[PreviewRow]]:
            from interviewer.importing.importer import plan_import, preview

            with database.sessions() as session:
                plan = plan_import(path, session=session, progress=control.progress, cancel=control.cancel)
            return plan, preview(plan, limit=PREVIEW_ROWS)

        self._task = self._tasks.submit(work, self._planned, self._failed, title=f"Reading {path.name}")
        self._task.progressed.connect(self._progress)

    def _planned(self, result: tuple[ImportPlan, list[PreviewRow]]) -> None:
        self._task = None
        self.plan, rows = result
        self._fill_mapping()
        self._show_preview(rows)
        self.pages.setCurrentWidget(self.mapping_page)
        self.import_button.show()
        self.import_button.setDefault(True)

    def _fill_mapping(self) -> None:
        from interviewer.importing.mapping import FIELDS, default_profile_name

        plan = self.plan
        assert plan is not None
        info = plan.info
        where = f"encoding {info.encoding}, delimiter {_delimiter_name(info.delimiter)}" if info.kind == "csv" else f"sheet {info.sheet}"
        self.detected_label.setText(
            f"<b>{source_name(plan.source)}</b> export of <b>{KIND_NAMES.get(plan.kind, plan.kind)}</b>"
            f" · {len(info.headers)} columns · {where}"
            + (f" · mapping from profile “{plan.profile}”" if plan.profile else "")
            + f"<br>Outcomes: {plan.outcome_rule}"
        )
        fields = sorted(FIELDS[plan.kind].items(), key=lambda item: item[0] not in plan.mapping)  # mapped ones first
        self.mapping_table.setRowCount(len(fields))
        for row, (field, label) in enumerate(fields):
            item = QTableWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, field)
            self.mapping_table.setItem(row, 0, item)
            choice = QComboBox()
            choice.setAccessibleName(f"Column for {label}")
            choice.addItem(NOT_IN_FILE, None)
            for header in info.headers:
                choice.addItem(header, header)
            mapped = plan.mapping.get(field)
            choice.setCurrentIndex(choice.findData(mapped) if mapped in info.headers else 0)
            choice.currentIndexChanged.connect(self._mapping_changed)
            self.mapping_table.setCellWidget(row, 1, choice)
        self.profile_name.setText(plan.profile or default_profile_name(plan.source, plan.kind))
        self._fill_date_formats()

    def _fill_date_formats(self) -> None:
        """One format chooser per mapped date column, showing the format in the plan."""
        from interviewer.importing.values import DateFormat

        plan = self.plan
        assert plan is not None
        while self.date_form.rowCount():
            self.date_form.removeRow(0)
        self._date_boxes = {}
        for field in DATE_FIELDS:
            header = plan.mapping.get(field)
            if not header:
                continue
            box = QComboBox()
            box.setAccessibleName(f"Date format of {header}")
            for date_format in DateFormat:
                box.addItem(date_format.label, date_format.value)
            inferred = plan.date_formats.get(header)
            box.setCurrentIndex(box.findData(inferred.value) if inferred else 0)
            box.setToolTip("Inferred from every value in the column; change it if the dates are read wrongly")
            box.currentIndexChanged.connect(self._mapping_changed)
            self._date_boxes[header] = box
            self.date_form.addRow(f"Dates in “{header}”:", box)

    def mapping_box(self, field: str) -> QComboBox:
        """The column chooser of ``field`` (for tests and keyboard users)."""
        for row in range(self.mapping_table.rowCount()):
            if self.mapping_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == field:
                return self.mapping_table.cellWidget(row, 1)  # type: ignore[return-value]
        raise KeyError(field)

    def _mapping_changed(self) -> None:
        """Revise the plan and its preview off the UI thread (a newly mapped date column is read in full)."""
        from interviewer.importing.values import DateFormat

        assert self.plan is not None
        mapping = {}
        for row in range(self.mapping_table.rowCount()):
            header = self.mapping_table.cellWidget(row, 1).currentData()  # type: ignore[union-attr]
            if header:
                mapping[self.mapping_table.item(row, 0).data(Qt.ItemDataRole.UserRole)] = header
        formats = {header: DateFormat(box.currentData()) for header, box in self._date_boxes.items()}
        plan = self.plan
        self._revision += 1
        revision = self._revision

        def work(control: TaskControl) -> tuple[int, ImportPlan, list[PreviewRow]]:
            from interviewer.importing.importer import preview, revise_plan

            revised = revise_plan(plan, mapping=mapping, date_formats=formats, cancel=control.cancel)
            return revision, revised, preview(revised, limit=PREVIEW_ROWS)

        self.preview_label.setText("Updating the preview…")
        self._tasks.submit(work, self._revised, self._failed)

    def _revised(self, result: tuple[int, ImportPlan, list[PreviewRow]]) -> None:
        revision, plan, rows = result
        if revision != self._revision:
            return  # a newer edit is on its way
        dates_changed = set(plan.date_formats) != set(self._date_boxes)
        self.plan = plan
        if dates_changed:
            self._fill_date_formats()
        self._show_preview(rows)
        self.revised.emit()

    def _show_preview(self, rows: list[PreviewRow]) -> None:
        self.preview_label.setText(f"Preview of the first {len(rows)} rows, as they will be stored:")
        labels: list[str] = []
        for row in rows:
            labels.extend(label for label in row.values if label not in labels)
        self.preview_table.clear()
        self.preview_table.setColumnCount(2 + len(labels))
        self.preview_table.setHorizontalHeaderLabels(["Row", *labels, "Problem"])
        self.preview_table.setRowCount(len(rows))
        for position, row in enumerate(rows):
            cells = [str(row.row_number), *(row.values.get(label, "") for label in labels), row.problem or ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.problem:
                    item.setToolTip(row.problem)
                self.preview_table.setItem(position, column, item)
        fit_columns(self.preview_table, widest=260)

    # -- step 2: import ------------------------------------------------------------------------

    def start_import(self) -> None:
        """Write the rows (and the profile, if asked) on a worker thread."""
        plan, database, actor = self.plan, self._database, self._actor
        if plan is None:
            return
        profile = self.profile_name.text().strip() if self.remember_box.isChecked() else None

        def work(control: TaskControl) -> ImportResult:
            from interviewer.importing.importer import run_import
            from interviewer.importing.mapping import save_profile

            if profile:
                with database.sessions() as session, session.begin():
                    save_profile(session, profile, plan.source, plan.kind, plan.mapping, plan.date_formats)
            return run_import(database, plan, actor=actor, progress=control.progress, cancel=control.cancel)

        self._show_working(f"Importing {self._path.name}…")
        self._task = self._tasks.submit(work, self._done, self._failed, title=f"Importing {self._path.name}")
        self._task.progressed.connect(self._progress)

    def _done(self, result: ImportResult) -> None:
        from interviewer.services.imports import batch_rejections

        self._task = None
        self.result = result
        self.summary_label.setText(
            f"<b>{result.rows:,} rows</b> in {result.file}: {result.imported:,} imported, {result.updated:,} updated, "
            f"{result.unchanged:,} unchanged, {result.rejected:,} rejected."
            + ("<br>The rejected rows are below, with the reason; they are also kept in the Imports area, "
               "from where they can be exported." if result.rejected else "")
        )
        with self._database.sessions() as session:
            self.rejections.set_rows(batch_rejections(session, result.batch))
        fit_columns(self.rejections_table)
        self.rejections_table.setVisible(result.rejected > 0)
        self._finish(self.summary_page)
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        from interviewer.importing.reading import UnreadableFile

        self._task = None
        if isinstance(error, Cancelled):
            text = "The import was cancelled. Nothing was changed."
        elif isinstance(error, UnreadableFile):
            text = str(error)
        else:
            log.error("import of %s failed: %r", self._path, error)
            text = f"The import failed ({type(error).__name__}); nothing was changed. The details are in the log file."
        self.summary_label.setText(text)
        self.rejections_table.hide()
        self._finish(self.summary_page)

    def _finish(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.import_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.working_label.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:
        """Closing while work runs cancels it first; nothing is left half-written."""
        if self._task is not None:
            self._cancel()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self._task is not None:
            self._cancel()
            event.ignore()
            return
        super().closeEvent(event)


def _delimiter_name(delimiter: str | None) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}.get(delimiter or "", repr(delimiter))

