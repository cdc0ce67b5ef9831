"""File → Import deals…: read the picked files, check each one's mapping and preview, import them all, summarise.

Reading (to infer date formats from every value) and importing run on a
worker thread; the dialog shows progress and can cancel either. Nothing is
written before the user presses Import. The files are listed, and imported,
in the importer's order (accounts, then contacts, then deals), so each one
links to what came before; the summary opens in a dialog of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.progress import Cancelled
from ui.imports.model import RejectionsModel, fit_columns, source_name
from ui.tasks import Task, TaskControl, TaskRunner

if TYPE_CHECKING:  # these load SQLAlchemy and the importer; the window imports them when a dialog opens
    from interviewer.db import Database
    from interviewer.importing.importer import ImportPlan, PreviewRow
    from interviewer.services.imports import FileOutcome, ImportSummary

log = logging.getLogger(__name__)

NOT_IN_FILE = "— not in this file —"
PREVIEW_ROWS = 20
DATE_FIELDS = ("close_date", "won_time", "lost_time")
KIND_NAMES = {"deals": "deals", "accounts": "accounts (companion file)", "contacts": "contacts (companion file)"}
SUMMARY_HEADERS = ("File", "Kind", "Rows", "Imported", "Updated", "Unchanged", "Rejected")


class FileMapping(QWidget):
    """One picked file: what was detected, the column of each field, date formats, and a preview as stored."""

    revised = Signal()
    """The mapping was edited and the preview shows the result."""

    def __init__(self, plan: ImportPlan, rows: list[PreviewRow], tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self._tasks = tasks
        self.date_boxes: dict[str, QComboBox] = {}
        self._revision = 0

        self.detected_label = QLabel()
        self.detected_label.setObjectName("detectedSource")
        self.detected_label.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setAccessibleName(f"Column for each field of {plan.path.name}")
        self.mapping_table.setHorizontalHeaderLabels(["Field", "Column in the file"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.date_form = QFormLayout()
        self.preview_label = QLabel()
        self.preview_table = QTableWidget()
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setAccessibleName(f"Preview of {plan.path.name}")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.verticalHeader().hide()
        self.remember_box = QCheckBox("Remember this mapping as profile")
        self.remember_box.setObjectName("rememberProfile")
        self.profile_name = QLineEdit()
        self.profile_name.setObjectName("profileName")
        self.profile_name.setAccessibleName(f"Profile name for {plan.path.name}")
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected_label)
        layout.addLayout(body, 1)
        self._fill_mapping()
        self._show_preview(rows)

    @property
    def tab_title(self) -> str:
        return f"{self.plan.path.name} · {self.plan.kind}"

    def profile_to_save(self) -> str | None:
        """The profile name to save this file's mapping under, if the user asked to."""
        return (self.profile_name.text().strip() or None) if self.remember_box.isChecked() else None

    def _fill_mapping(self) -> None:
        from interviewer.importing.mapping import FIELDS, default_profile_name

        plan = self.plan
        info = plan.info
        where = f"encoding {info.encoding}, delimiter {_delimiter_name(info.delimiter)}" if info.kind == "csv" else f"sheet {info.sheet}"
        self.detected_label.setText(
            f"<b>{plan.path.name}</b>: <b>{source_name(plan.source)}</b> export of <b>{KIND_NAMES.get(plan.kind, plan.kind)}</b>"
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
        while self.date_form.rowCount():
            self.date_form.removeRow(0)
        self.date_boxes = {}
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
            self.date_boxes[header] = box
            self.date_form.addRow(f"Dates in “{header}”:", box)

    def mapping_box(self, field: str) -> QComboBox:
        """The column chooser of ``field``."""
        for row in range(self.mapping_table.rowCount()):
            if self.mapping_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == field:
                return self.mapping_table.cellWidget(row, 1)  # type: ignore[return-value]
        raise KeyError(field)

    def _mapping_changed(self) -> None:
        """Revise the plan and its preview off the UI thread (a newly mapped date column is read in full)."""
        from interviewer.importing.values import DateFormat

        mapping = {}
        for row in range(self.mapping_table.rowCount()):
            header = self.mapping_table.cellWidget(row, 1).currentData()  # type: ignore[union-attr]
            if header:
                mapping[self.mapping_table.item(row, 0).data(Qt.ItemDataRole.UserRole)] = header
        formats = {header: DateFormat(box.currentData()) for header, box in self.date_boxes.items()}
        plan = self.plan
        self._revision += 1
        revision = self._revision

        def work(control: TaskControl) -> tuple[int, ImportPlan, list[PreviewRow]]:
            from interviewer.importing.importer import preview, revise_plan

            revised = revise_plan(plan, mapping=mapping, date_formats=formats, cancel=control.cancel)
            return revision, revised, preview(revised, limit=PREVIEW_ROWS)

        self.preview_label.setText("Updating the preview…")
        self._tasks.submit(work, self._revised, self._revision_failed)

    def _revised(self, result: tuple[int, ImportPlan, list[PreviewRow]]) -> None:
        revision, plan, rows = result
        if revision != self._revision:
            return  # a newer edit is on its way
        dates_changed = set(plan.date_formats) != set(self.date_boxes)
        self.plan = plan
        if dates_changed:
            self._fill_date_formats()
        self._show_preview(rows)
        self.revised.emit()

    def _revision_failed(self, error: BaseException) -> None:
        log.error("revising the mapping of %s failed: %r", self.plan.path, error)
        self.preview_label.setText(f"The preview could not be updated ({type(error).__name__}); the details are in the log file.")

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


class ImportDialog(QDialog):
    """Imports the picked files in one go; emits ``imported`` with the summary when rows were written."""

    imported = Signal(object)

    def __init__(self, database: Database, tasks: TaskRunner, paths: Sequence[Path], actor: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._paths = list(paths)
        self.setWindowTitle(f"Import {self._paths[0].name}" if len(self._paths) == 1 else f"Import {len(self._paths)} files")
        self.setObjectName("importDialog")
        self.resize(1000, 700)
        self._database = database
        self._tasks = tasks
        self._actor = actor
        self._task: Task | None = None
        self.files: list[FileMapping] = []
        self.summary_dialog: ImportSummaryDialog | None = None

        self.pages = QStackedWidget()
        self.working_page, self.working_label, self.working_bar = self._working_page()
        self.mapping_page = QWidget()
        self.order_label = QLabel()
        self.order_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Picked files")
        mapping_layout = QVBoxLayout(self.mapping_page)
        mapping_layout.addWidget(self.order_label)
        mapping_layout.addWidget(self.tabs, 1)
        self.message_page = QWidget()
        self.message_label = QLabel()
        self.message_label.setObjectName("importMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("font-size: 12pt;")
        message_layout = QVBoxLayout(self.message_page)
        message_layout.addWidget(self.message_label)
        message_layout.addStretch(1)
        for page in (self.working_page, self.mapping_page, self.message_page):
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
        self._show_working(f"Reading {', '.join(path.name for path in self._paths)}…")
        self._read()

    def _working_page(self) -> tuple[QWidget, QLabel, QProgressBar]:
        page = QWidget()
        label = QLabel()
        label.setWordWrap(True)
        bar = QProgressBar()
        bar.setObjectName("importProgress")
        bar.setAccessibleName("Import progress")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(bar)
        layout.addStretch(1)
        return page, label, bar

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

    # -- step 1: read the files -----------------------------------------------------------------

    def _read(self) -> None:
        database, paths = self._database, self._paths

        def work(control: TaskControl) -> list[tuple[ImportPlan, list[PreviewRow]]]:
            from interviewer.importing.importer import import_order, plan_import, preview

            with database.sessions() as session:
                plans = [plan_import(path, session=session, progress=control.progress, cancel=control.cancel)
                         for path in paths]  # fmt: skip
            return [(plan, preview(plan, limit=PREVIEW_ROWS)) for plan in import_order(plans)]

        self._task = self._tasks.submit(work, self._planned, self._failed, title="Reading the files to import")
        self._task.progressed.connect(self._progress)

    def _planned(self, planned: list[tuple[ImportPlan, list[PreviewRow]]]) -> None:
        self._task = None
        self.files = [FileMapping(plan, rows, self._tasks) for plan, rows in planned]
        for mapping in self.files:
            self.tabs.addTab(mapping, mapping.tab_title)
        listed = ", then ".join(f"{mapping.plan.path.name} ({mapping.plan.kind})" for mapping in self.files)
        self.order_label.setText(
            f"Check how each file is read, then press Import. They are imported in this order, so each one links to "
            f"what came before: {listed}." if len(self.files) > 1 else "Check how the file is read, then press Import."
        )
        self.pages.setCurrentWidget(self.mapping_page)
        self.import_button.show()
        self.import_button.setDefault(True)

    # -- step 2: import ------------------------------------------------------------------------

    def start_import(self) -> None:
        """Write every file's rows (and the profiles asked for) on a worker thread, then read the summary back."""
        if not self.files:
            return
        chosen = [(mapping.plan, mapping.profile_to_save()) for mapping in self.files]
        database, actor = self._database, self._actor

        def work(control: TaskControl) -> ImportSummary:
            from interviewer.importing.importer import ImportCancelled, import_plans
            from interviewer.importing.mapping import save_profile
            from interviewer.services.imports import summarise_import

            with database.sessions() as session, session.begin():
                for plan, profile in chosen:
                    if profile:
                        save_profile(session, profile, plan.source, plan.kind, plan.mapping, plan.date_formats)
            plans = [plan for plan, _ in chosen]
            try:
                results = import_plans(database, plans, actor=actor, progress=control.progress, cancel=control.cancel)
            except ImportCancelled as cancelled:
                if not cancelled.done:
                    raise
                results = cancelled.done
            with database.sessions() as session:
                return summarise_import(session, results, [plan.path.name for plan in plans[len(results):]])

        names = ", ".join(plan.path.name for plan, _ in chosen)
        self._show_working(f"Importing {names}…")
        self._task = self._tasks.submit(work, self._done, self._failed, title=f"Importing {names}")
        self._task.progressed.connect(self._progress)

    def _done(self, summary: ImportSummary) -> None:
        self._task = None
        self.summary_dialog = ImportSummaryDialog(summary, self._tasks, self.parentWidget())
        self.summary_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.imported.emit(summary)
        self.accept()
        self.summary_dialog.open()

    def _failed(self, error: BaseException) -> None:
        from interviewer.importing.reading import UnreadableFile

        self._task = None
        if isinstance(error, Cancelled):
            text = "The import was cancelled. Nothing was changed."
        elif isinstance(error, UnreadableFile):
            text = str(error)
        else:
            log.error("import of %s failed: %r", ", ".join(map(str, self._paths)), error)
            text = f"The import failed ({type(error).__name__}); nothing was changed. The details are in the log file."
        self.message_label.setText(text)
        self.pages.setCurrentWidget(self.message_page)
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


class ImportSummaryDialog(QDialog):
    """What an import did: counts per file, what is still missing, and the rejected rows of the file selected."""

    saved = Signal(int)
    """The rejected rows of the selected file were saved (how many)."""

    def __init__(self, summary: ImportSummary, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import summary")
        self.setObjectName("importSummaryDialog")
        self.resize(900, 600)
        self.summary = summary
        self._tasks = tasks

        self.headline = QLabel(self._headline())
        self.headline.setObjectName("importSummary")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-size: 12pt;")
        self.notes = QLabel("<br>".join(summary.notes))
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(summary.notes))

        self.files_table = QTableWidget(len(summary.files), len(SUMMARY_HEADERS))
        self.files_table.setObjectName("importedFiles")
        self.files_table.setAccessibleName("Imported files")
        self.files_table.setHorizontalHeaderLabels(list(SUMMARY_HEADERS))
        self.files_table.verticalHeader().hide()
        self.files_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, outcome in enumerate(summary.files):
            result = outcome.result
            cells = (result.file, result.kind, result.rows, result.imported, result.updated, result.unchanged, result.rejected)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else value)
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.files_table.setItem(row, column, item)
        self.files_table.resizeColumnsToContents()
        self.files_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the file name
        self.files_table.setMaximumHeight(self.files_table.horizontalHeader().height() + 12
                                          + sum(self.files_table.rowHeight(r) for r in range(len(summary.files))))

        self.rejected_label = QLabel()
        self.rejected_label.setStyleSheet("font-weight: 600; margin-top: 8px;")
        self.rejections = RejectionsModel(self)
        self.rejections_table = QTableView()
        self.rejections_table.setObjectName("summaryRejections")
        self.rejections_table.setAccessibleName("Rejected rows")
        self.rejections_table.setModel(self.rejections)
        self.rejections_table.verticalHeader().hide()
        self.rejections_table.setWordWrap(False)
        self.rejections_table.horizontalHeader().setStretchLastSection(True)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.save_button = QPushButton("Save rejected rows…")
        self.save_button.setObjectName("saveRejectedRows")
        self.save_button.setToolTip("Save the selected file's rejected rows, with the reason, as CSV to fix and import again")
        self.save_button.clicked.connect(self._save)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        save_row = QHBoxLayout()
        save_row.addWidget(self.saved_label, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.notes)
        layout.addWidget(self.files_table)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.rejections_table, 1)
        layout.addLayout(save_row)
        layout.addWidget(self.buttons)

        self.files_table.itemSelectionChanged.connect(self._show_selected)
        first = next((row for row, outcome in enumerate(summary.files) if outcome.rejections), 0)
        if summary.files:
            self.files_table.selectRow(first)
        self._show_selected()

    def _headline(self) -> str:
        files = self.summary.files
        total = {name: sum(getattr(outcome.result, name) for outcome in files)
                 for name in ("rows", "imported", "updated", "unchanged", "rejected")}  # fmt: skip
        rejected = total["rejected"]
        text = (f"<b>{len(files)} {'file' if len(files) == 1 else 'files'}</b>, {total['rows']:,} rows: "
                f"{total['imported']:,} imported, {total['updated']:,} updated, {total['unchanged']:,} unchanged, "
                f"{rejected:,} rejected.")  # fmt: skip
        if self.summary.not_imported:
            text += (f"<br>The import was cancelled: {', '.join(self.summary.not_imported)} "
                     f"{'was' if len(self.summary.not_imported) == 1 else 'were'} not changed.")  # fmt: skip
        if rejected:
            text += "<br>Rejected rows are kept in the Imports area too, with the reason."
        return text

    def selected_file(self) -> FileOutcome | None:
        rows = self.files_table.selectionModel().selectedRows()
        return self.summary.files[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        outcome = self.selected_file()
        rejected = outcome.rejections if outcome else []
        self.rejections.set_rows(rejected)
        fit_columns(self.rejections_table)
        if outcome is None:
            self.rejected_label.setText("")
        elif rejected:
            self.rejected_label.setText(f"Rejected rows of {outcome.result.file} ({len(rejected):,}):")
        else:
            self.rejected_label.setText(f"No rows of {outcome.result.file} were rejected.")
        self.rejections_table.setVisible(bool(rejected))
        self.save_button.setEnabled(bool(rejected))

    def _save(self) -> None:
        outcome = self.selected_file()
        if outcome is None or not outcome.rejections:
            return
        suggested = f"{Path(outcome.result.file).stem}-rejected-rows.csv"
        chosen, _ = QFileDialog.getSaveFileName(self, "Save rejected rows", suggested, "CSV files (*.csv)")
        if not chosen:
            return
        path, rows = Path(chosen), outcome.rejections

        def work(control: TaskControl) -> int:
            from exports.rejections import write_rejections_csv

            return write_rejections_csv(path, rows)

        def done(count: int) -> None:
            self.saved_label.setText(f"Saved {count:,} rejected rows to {path}.")
            self.saved.emit(count)

        def failed(error: BaseException) -> None:
            log.error("saving rejected rows to %s failed: %r", path, error)
            self.saved_label.setText(f"{path.name} could not be written ({type(error).__name__}); "
                                     "choose another folder and try again.")  # fmt: skip

        self.saved_label.setText(f"Saving to {path}…")
        self._tasks.submit(work, done, failed)


def _delimiter_name(delimiter: str | None) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}.get(delimiter or "", repr(delimiter))
