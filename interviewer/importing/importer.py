"""Import a CRM export: plan it (detect columns, infer date formats), preview it, then store every row.

The three steps the window and the command line share:

* :func:`plan_import` reads the header, detects the source and kind (or
  applies a saved mapping profile) and infers each date column's format
  from all its values in one streaming pass;
* :func:`preview` shows the first rows as they will be stored, or why not;
* :func:`run_import` stores the file in **one transaction**: every row ends
  imported, updated, unchanged or rejected (and the counts add up), a
  second import of the same file changes nothing, and a cancel or an error
  leaves the database exactly as it was.

:func:`import_paths` does all three for several files, and :func:`import_plans`
runs files already planned (the window plans them first); both import accounts
before contacts before deals so that each links to what came before.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from interviewer.clock import Clock, SystemClock
from interviewer.db import Database
from interviewer.enums import ImportStatus
from interviewer.importing.mapping import (
    FIELDS,
    Detection,
    UnknownProfile,
    detect,
    field_label,
    find_profile,
    load_profile,
)  # fmt: skip
from interviewer.importing.outcomes import describe_rule
from interviewer.importing.reading import Table, TableInfo, UnreadableFile, open_table
from interviewer.importing.rows import (
    SEGMENT_RULE,
    AccountFields,
    ContactFields,
    DealFields,
    RowProblem,
    account_converter,
    contact_converter,
    deal_converter,
    raw_values,
    record_key,
)  # fmt: skip
from interviewer.importing.values import DateFormat, infer_date_format
from interviewer.importing.writer import ImportRun
from interviewer.models import ImportBatch
from interviewer.progress import Cancelled, CancelToken, Progress, no_progress

__all__ = [
    "DATE_FIELDS", "ImportCancelled", "ImportPlan", "ImportResult", "PreviewRow", "import_order", "import_paths",
    "import_plans", "plan_import", "preview", "revise_plan", "run_import",
]  # fmt: skip

DATE_FIELDS: dict[str, tuple[str, ...]] = {"deals": ("close_date", "won_time", "lost_time"), "accounts": (), "contacts": ()}
"""The fields whose columns hold dates, per kind of file."""
KIND_ORDER = {"accounts": 0, "contacts": 1, "deals": 2}
PLAN_PROGRESS_EVERY = 10_000


@dataclass
class ImportPlan:
    """How a file will be imported; shown (and editable) in the mapping step before anything is written."""

    path: Path
    info: TableInfo
    source: str
    kind: str
    mapping: dict[str, str]
    """Field → header, as the file spells it."""
    date_formats: dict[str, DateFormat | None]
    """Header of each date column → its format (inferred from all its values, or the profile's)."""
    outcome_rule: str
    sheet: str | None
    profile: str | None
    """The mapping profile applied, if any."""
    rows: int | None = None
    """Data rows counted while planning (None when not counted)."""
    detection: Detection | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class PreviewRow:
    """A row as it will be stored (field label → text), or the reason it will be rejected."""

    row_number: int
    values: dict[str, str]
    problem: str | None


@dataclass
class ImportResult:
    """What an import did to the rows of one file."""

    batch: int
    file: str
    source: str
    kind: str
    rows: int
    imported: int
    updated: int
    unchanged: int
    rejected: int
    cancelled: bool = False

    def to_json(self) -> dict[str, int]:
        """``{"rows", "imported", "updated", "unchanged", "rejected", "batch"}``, as the command line prints it."""
        return {
            "rows": self.rows, "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": self.rejected, "batch": self.batch,
        }  # fmt: skip


class ImportCancelled(Cancelled):
    """Several files were being imported when the user cancelled: ``done`` holds the files imported before."""

    def __init__(self, done: list[ImportResult]) -> None:
        super().__init__()
        self.done = done


# ---------------------------------------------------------------------------- plan


def plan_import(
    path: Path | str,
    *,
    session: Session | None = None,
    profile: str | None = None,
    sheet: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportPlan:
    """Read the file's header, detect (or load) the mapping and infer date formats; nothing is written.

    ``profile`` names a saved mapping profile that replaces detection (a
    ``session`` is needed to load it); without one, a profile saved under
    the detected source's name is used when its columns are all in the file.
    Raises UnreadableFile, UnknownProfile, or Cancelled.
    """
    path = Path(path)
    table = open_table(path, sheet)
    info = table.info
    detection = detect(info.headers)
    source, kind, mapping = detection.source, detection.kind, dict(detection.mapping)
    saved_formats: dict[str, Any] = {}
    used: str | None = None
    if profile is not None:
        if session is None:
            raise ValueError("a session is needed to load a mapping profile")
        loaded = load_profile(session, profile)
        missing = [header for header in loaded["fields"].values() if header not in info.headers]
        if missing:
            listed = ", ".join(f"'{header}'" for header in missing[:5])
            raise UnknownProfile(f"The mapping profile '{profile}' expects columns {path.name} does not have: {listed}.")
        used = profile
    else:
        loaded = find_profile(session, source, kind, info.headers) if session is not None else None
        used = loaded["name"] if loaded else None
    if loaded is not None:
        source, kind, mapping = loaded["source"], loaded["kind"], dict(loaded["fields"])
        saved_formats = loaded["date_formats"]
    date_formats, rows = _infer_date_formats(table, kind, mapping, progress, cancel)
    for header, value in saved_formats.items():
        if header in date_formats and value:
            date_formats[header] = DateFormat(value)
    return ImportPlan(
        path=path,
        info=info,
        source=source,
        kind=kind,
        mapping=mapping,
        date_formats=date_formats,
        outcome_rule=batch_rule(kind, mapping),
        sheet=info.sheet,
        profile=used,
        rows=rows,
        detection=detection,
    )


def revise_plan(
    plan: ImportPlan,
    *,
    mapping: dict[str, str] | None = None,
    kind: str | None = None,
    source: str | None = None,
    date_formats: dict[str, DateFormat | None] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportPlan:
    """The plan after the user edited it in the mapping step: date formats of newly mapped columns are inferred."""
    kind = kind or plan.kind
    if kind not in FIELDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(FIELDS)}")
    mapping = dict(plan.mapping if mapping is None else mapping)
    unknown = sorted(set(mapping) - set(FIELDS[kind]))
    if unknown:
        raise ValueError(f"not fields of {kind}: {', '.join(unknown)}")
    formats = {h: f for h, f in plan.date_formats.items() if h in _date_headers(kind, mapping)}
    if set(_date_headers(kind, mapping)) - set(formats):
        inferred, _ = _infer_date_formats(open_table(plan.path, plan.sheet), kind, mapping, progress, cancel)
        formats = {**inferred, **formats}
    if date_formats:
        formats.update({h: f for h, f in date_formats.items() if h in formats})
    return dataclasses.replace(plan, kind=kind, source=source or plan.source, mapping=mapping, date_formats=formats,
                               outcome_rule=batch_rule(kind, mapping))  # fmt: skip


def batch_rule(kind: str, mapping: dict[str, str]) -> str:
    """The rule text a batch records: how outcomes are decided, and where segments come from."""
    rule = describe_rule(mapping) if kind == "deals" else f"no outcomes (a file of {kind})"
    if "employees" in mapping and "segment" not in mapping:
        rule += "; " + SEGMENT_RULE
    return rule


def _date_headers(kind: str, mapping: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(mapping[name] for name in DATE_FIELDS[kind] if name in mapping))


def _infer_date_formats(table: Table, kind: str, mapping: dict[str, str], progress: Progress,
                        cancel: CancelToken | None) -> tuple[dict[str, DateFormat | None], int]:  # fmt: skip
    """Each date column's format from all its (distinct) values, and the number of data rows, in one pass."""
    headers = table.info.headers
    columns = [(header, headers.index(header)) for header in _date_headers(kind, mapping) if header in headers]
    seen: dict[str, set[Any]] = {header: set() for header, _ in columns}
    rows = 0
    for number, (_, values) in enumerate(table.rows(), start=1):
        rows = number
        for header, index in columns:
            if index < len(values):
                seen[header].add(values[index])
        if number % PLAN_PROGRESS_EVERY == 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(number, 0, f"Reading {table.info.path.name}: {number:,} rows")
    return {header: infer_date_format(values) for header, values in seen.items()}, rows


# ------------------------------------------------------------------------- preview


def converter_for(plan: ImportPlan) -> Any:
    """The row converter of the plan's kind of file."""
    make = {"deals": deal_converter, "accounts": account_converter, "contacts": contact_converter}[plan.kind]
    return make(plan.mapping, plan.info.headers, plan.date_formats)


def preview(plan: ImportPlan, limit: int = 20) -> list[PreviewRow]:
    """The first ``limit`` rows as they will be stored (field label → text), each with its problem if rejected."""
    table = open_table(plan.path, plan.sheet)
    convert = converter_for(plan)
    headers = plan.info.headers
    seen: dict[str, int] = {}
    shown: list[PreviewRow] = []
    for number, values in table.sample(limit):
        try:
            record = convert(values)
        except RowProblem as problem:
            raw = raw_values(headers, values)
            mapped = {field_label(plan.kind, name): raw.get(header, "") for name, header in plan.mapping.items()}
            shown.append(PreviewRow(number, mapped, str(problem)))
            continue
        first = seen.setdefault(record_key(record), number)
        problem = f"row {number} has the same id as row {first}" if first != number else None
        shown.append(PreviewRow(number, _display(plan, record), problem))
    return shown


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value)


def _display(plan: ImportPlan, record: Any) -> dict[str, str]:
    """A converted row as the preview shows it: labels of the stored fields → text."""
    shown: dict[str, str] = {}
    if isinstance(record, DealFields):
        values = record.as_dict()
        shown["Deal id"] = record.external_id
        shown["Deal name"] = _text(values["name"])
        if record.account is not None:
            shown["Account name"] = _text(record.account.name or record.account.external_id)
        shown["Outcome"] = _text(values["outcome"])
        shown["Stage"] = _text(values["raw_stage"])
        shown["Amount"] = _text(values["amount"])
        shown["Currency"] = _text(values["currency"])
        shown["Close date"] = _text(values["close_date"])
        for name, label in (("owner_rep", "Owner"), ("product", "Product"), ("lead_source", "Lead source"),
                            ("rep_reason", "Reason"), ("competitor", "Competitor"), ("rep_note", "Rep note")):  # fmt: skip
            if values[name] is not None or label.lower().replace(" ", "_") in plan.mapping:
                shown[label] = _text(values[name])
        account = record.account
        if account is not None:
            for name, label in (("segment", "Segment"), ("industry", "Industry"), ("region", "Region"),
                                ("employee_count", "Employees")):  # fmt: skip
                if getattr(account, name) is not None:
                    shown[label] = _text(getattr(account, name))
        if record.contact is not None:
            contact = record.contact
            shown["Contact"] = " ".join(filter(None, (contact.first_name, contact.last_name, contact.email)))
    elif isinstance(record, AccountFields):
        shown["Account id"] = _text(record.external_id)
        shown["Account name"] = _text(record.name)
        for name, label in (("industry", "Industry"), ("employee_count", "Employees"), ("region", "Region"),
                            ("segment", "Segment")):  # fmt: skip
            shown[label] = _text(getattr(record, name))
    elif isinstance(record, ContactFields):
        shown["Contact id"] = record.external_id or ""
        if record.account is not None:
            shown["Account"] = _text(record.account.name or record.account.external_id)
        for name, label in (("first_name", "First name"), ("last_name", "Last name"), ("title", "Title"),
                            ("email", "Email"), ("phone", "Phone"), ("time_zone", "Time zone"),
                            ("do_not_contact", "Do not contact")):  # fmt: skip
            shown[label] = _text(getattr(record, name))
    return shown


# ----------------------------------------------------------------------------- run


def run_import(
    database: Database,
    plan: ImportPlan,
    *,
    actor: str = "local user",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    clock: Clock | None = None,
) -> ImportResult:
    """Store every row of the planned file in one transaction and record the batch.

    ``clock`` stamps the batch and the rows it creates or changes (the system clock by default).

    A cancel (``Cancelled`` is re-raised) or any error rolls everything back,
    the batch included. Raises UnreadableFile when the file can no longer be
    read, or has changed since it was planned.
    """
    table = open_table(plan.path, plan.sheet)
    if table.info.sha256 != plan.info.sha256:
        raise UnreadableFile(f"{plan.path.name} has changed since it was checked; check it again before importing it.")
    plan = _consistent(plan, table, progress, cancel)
    convert = converter_for(plan)
    with database.sessions() as session, session.begin():
        clock = clock or SystemClock()
        now = clock.now()
        batch = ImportBatch(
            source_system=plan.source,
            file_name=plan.path.name[:255],
            file_sha256=plan.info.sha256,
            mapping={
                "kind": plan.kind,
                "fields": dict(plan.mapping),
                "date_formats": {h: (f.value if f else None) for h, f in plan.date_formats.items()},
                "profile": plan.profile,
                "sheet": plan.sheet,
            },
            outcome_rule=plan.outcome_rule,
            status=ImportStatus.RUNNING,
            actor=actor[:255],
            started_at=now,
        )
        session.add(batch)
        session.flush()
        run = ImportRun(session, plan.source, plan.kind, batch.id, actor=actor, now=now, headers=plan.info.headers,
                        convert=convert)  # fmt: skip
        total = plan.rows or 0
        collecting = gc.isenabled()
        gc.disable()  # many short-lived acyclic rows: cycle collection would only slow the import down
        try:
            run.expect(total)
            for rows in _chunks(table.rows(), run.chunk_size):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                run.add(rows)
                progress(run.counts.rows, max(total, run.counts.rows), f"{plan.path.name}: {run.counts.rows:,} rows")
            if cancel is not None:
                cancel.raise_if_cancelled()
            run.finish()
        finally:
            run.close()
            if collecting:
                gc.enable()
        counts = run.counts
        batch.rows_total = counts.rows
        batch.rows_created = counts.imported
        batch.rows_updated = counts.updated
        batch.rows_unchanged = counts.unchanged
        batch.rows_rejected = counts.rejected
        batch.status = ImportStatus.COMPLETED
        batch.finished_at = clock.now()
        session.flush()
        if cancel is not None:
            cancel.raise_if_cancelled()
        batch_id = batch.id
    return ImportResult(batch_id, plan.path.name, plan.source, plan.kind, counts.rows, counts.imported, counts.updated,
                        counts.unchanged, counts.rejected)  # fmt: skip


def _consistent(plan: ImportPlan, table: Table, progress: Progress, cancel: CancelToken | None) -> ImportPlan:
    """The plan with a rule that matches its mapping, and a format for every mapped date column.

    A plan edited with ``dataclasses.replace`` rather than :func:`revise_plan`
    may lack both; the batch must record the rule actually applied.
    """
    missing = [header for header in _date_headers(plan.kind, plan.mapping) if header not in plan.date_formats]
    formats = plan.date_formats
    if missing:
        inferred, _ = _infer_date_formats(table, plan.kind, plan.mapping, progress, cancel)
        formats = {**inferred, **formats}
    rule = batch_rule(plan.kind, plan.mapping)
    if missing or rule != plan.outcome_rule:
        return dataclasses.replace(plan, date_formats=formats, outcome_rule=rule)
    return plan


def _chunks(rows: Iterable[tuple[int, list[object]]], size: int) -> Iterator[list[tuple[int, list[object]]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def import_paths(
    database: Database,
    paths: Sequence[Path | str],
    *,
    profile: str | None = None,
    sheet: str | None = None,
    actor: str = "local user",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[ImportResult]:
    """Plan every file first (an unreadable one stops everything before anything is written), then import
    accounts, then contacts, then deals, each file in its own transaction; results in that order."""
    with database.sessions() as session:
        plans = [plan_import(path, session=session, profile=profile, sheet=sheet, progress=progress, cancel=cancel)
                 for path in paths]  # fmt: skip
    return import_plans(database, plans, actor=actor, progress=progress, cancel=cancel)


def import_order(plans: Iterable[ImportPlan]) -> list[ImportPlan]:
    """Accounts, then contacts, then deals (each in the order given), so every file links to what came before."""
    return sorted(plans, key=lambda plan: KIND_ORDER.get(plan.kind, 3))


def import_plans(
    database: Database,
    plans: Sequence[ImportPlan],
    *,
    actor: str = "local user",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[ImportResult]:
    """Run planned imports in :func:`import_order`, each file in its own transaction; results in that order.

    A cancel rolls back the file under way and raises :class:`ImportCancelled` naming the files already imported.
    """
    results: list[ImportResult] = []
    for plan in import_order(plans):
        try:
            results.append(run_import(database, plan, actor=actor, progress=progress, cancel=cancel))
        except Cancelled:
            raise ImportCancelled(results) from None
    return results

