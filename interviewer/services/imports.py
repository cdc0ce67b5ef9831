"""Reading the import history: batches, newest first, the rows each one rejected, and accounts still to import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from interviewer.models import Account, Deal, ImportBatch, ImportRejection
from interviewer.records import BatchRow, RejectionRow

if TYPE_CHECKING:  # the importer loads the readers of every file format; the Imports area needs none of them
    from interviewer.importing.importer import ImportResult


def list_batches(session: Session) -> list[BatchRow]:
    """Every import batch, the newest first."""
    batches = session.scalars(select(ImportBatch).order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc()))
    return [
        BatchRow(
            id=batch.id,
            file_name=batch.file_name,
            source=batch.source_system,
            status=batch.status.value,
            started_at=batch.started_at,
            finished_at=batch.finished_at,
            rows=batch.rows_total,
            imported=batch.rows_created,
            updated=batch.rows_updated,
            unchanged=batch.rows_unchanged,
            rejected=batch.rows_rejected,
            sha256=batch.file_sha256,
            actor=batch.actor,
            outcome_rule=batch.outcome_rule,
        )
        for batch in batches
    ]


def batch_rejections(session: Session, batch_id: int) -> list[RejectionRow]:
    """The rows a batch rejected, in file order."""
    query = select(ImportRejection).where(ImportRejection.batch_id == batch_id).order_by(ImportRejection.row_number)
    return [
        RejectionRow(row.row_number, row.reason, {str(k): "" if v is None else str(v) for k, v in (row.raw or {}).items()})
        for row in session.scalars(query)
    ]


ACCOUNTS_FILES = {"salesforce": "Account.csv", "hubspot": "the companies export", "pipedrive": "the organizations export"}
"""How each CRM's accounts file is known to its users; other sources have "the accounts file"."""


def deals_naming_unknown_accounts(session: Session) -> dict[str, int]:
    """Source → how many of its deals name an account known only by its id (its file was not imported yet).

    A deal that names its account by id alone (Salesforce's ``AccountId``) gets
    an account named after that id until the accounts file brings the name.
    """
    query = (
        select(Account.source_system, func.count(Deal.id))
        .join(Deal, Deal.account_id == Account.id)
        .where(Account.name == Account.external_id)
        .group_by(Account.source_system)
        .order_by(Account.source_system)
    )
    return {source: count for source, count in session.execute(query) if count}


def unknown_accounts_notes(session: Session) -> list[str]:
    """One sentence per source whose deals show account ids instead of names, saying which file to import."""
    return [
        (f"{count:,} deals name accounts not imported yet" if count > 1 else "1 deal names an account not imported yet")
        + f": import {ACCOUNTS_FILES.get(source, 'the accounts file')} to show {'their names' if count > 1 else 'its name'}."
        for source, count in deals_naming_unknown_accounts(session).items()
    ]


@dataclass(frozen=True)
class FileOutcome:
    """What importing one file did, with the rows it rejected."""

    result: ImportResult
    rejections: list[RejectionRow]


@dataclass(frozen=True)
class ImportSummary:
    """What one import of several files did: each file imported, what is still missing, what was not imported."""

    files: list[FileOutcome]
    notes: list[str]
    """Sentences on what the database still lacks (accounts known only by id)."""
    not_imported: list[str]
    """Files left unchanged because the import was cancelled before or while they were imported."""


def summarise_import(session: Session, results: Sequence[ImportResult], not_imported: Sequence[str] = ()) -> ImportSummary:
    """The summary of imported files, read back from the database once they are committed."""
    return ImportSummary(
        files=[FileOutcome(result, batch_rejections(session, result.batch)) for result in results],
        notes=unknown_accounts_notes(session),
        not_imported=list(not_imported),
    )


class ImportsReader:
    """The Imports area's access to one database, each call in its own short session."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def batches(self) -> list[BatchRow]:
        with self._sessions() as session:
            return list_batches(session)

    def rejections(self, batch_id: int) -> list[RejectionRow]:
        with self._sessions() as session:
            return batch_rejections(session, batch_id)
