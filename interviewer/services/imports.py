"""Reading the import history: batches, newest first, and the rows each one rejected."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from interviewer.models import ImportBatch, ImportRejection
from interviewer.records import BatchRow, RejectionRow


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
