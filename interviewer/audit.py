"""Writing the audit log: who did what to which record, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from interviewer.models import AuditEntry


def record(session: Session, actor: str, action: str, entity_type: str, entity_id: int | None, **details: Any) -> AuditEntry:
    """Add an audit entry to ``session``; it is committed with the change it describes."""
    entry = AuditEntry(actor=actor, action=action, entity_type=entity_type, entity_id=entity_id, details=details)
    session.add(entry)
    return entry
