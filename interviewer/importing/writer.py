"""Storing the rows of one file, a chunk at a time, inside the importer's transaction.

:class:`ImportRun` converts each row, rejects what cannot be stored (with
the row number, the reason and the raw values), and sorts the rest into
new, changed and unchanged by comparing with what the source already holds,
loaded once at the start. New rows go in with one bulk insert per chunk,
changed ones with one executemany update and an audit entry each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.importing.bulk import BulkInsert, SqliteBulkLoad
from interviewer.importing.rows import (
    AccountFields,
    ContactFields,
    DealFields,
    RowProblem,
    raw_values,
    record_key,
)  # fmt: skip
from interviewer.importing.store import (
    DEAL_COMPARED,
    Accounts,
    AccountState,
    Contacts,
    chunks,
    deal_fingerprint,
    jsonable,
    link_contacts,
    load_deal_index,
)  # fmt: skip
from interviewer.models import Contact, Deal, ImportRejection

__all__ = ["Counts", "ImportRun"]

CHUNK_SIZE = 5_000
DEAL_INSERTED = ("source_system", "external_id", "import_batch_id", *DEAL_COMPARED, "created_at", "updated_at")


@dataclass
class Counts:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


class ImportRun:
    """One file's rows going into the database (never committed here)."""

    chunk_size = CHUNK_SIZE

    def __init__(self, session: Session, source: str, kind: str, batch_id: int, *, actor: str, now: datetime,
                 headers: Sequence[str], convert: Callable[[Sequence[object]], Any]) -> None:  # fmt: skip
        self.session = session
        self.source = source
        self.kind = kind
        self.batch_id = batch_id
        self.actor = actor
        self.now = now
        self.headers = tuple(headers)
        self.convert = convert
        self.counts = Counts()
        self.seen: dict[str, int] = {}
        self.accounts = Accounts(session, source, actor=actor, batch_id=batch_id, now=now)
        self.touched_accounts: set[int] = set()
        self._rejections: list[dict[str, Any]] = []
        self._contacts: Contacts | None = None
        self._named_contacts: list[tuple[str, ContactFields, AccountState | None]] = []
        self._bulk_load: SqliteBulkLoad | None = None
        if kind == "deals":
            self.deals = load_deal_index(session, source)
            self._insert = BulkInsert(Deal.__table__, DEAL_INSERTED, session.get_bind().dialect)

    def expect(self, rows: int) -> None:
        """Told how many rows the file has: a large load into a small SQLite table goes in bulk-load mode."""
        if self.kind != "deals" or self._bulk_load is not None:
            return
        connection = self.session.connection()
        if connection.dialect.name != "sqlite" or rows - len(self.deals) < SqliteBulkLoad.MIN_ROWS:
            return
        stored = self.session.scalar(select(func.count()).select_from(Deal.__table__)) or 0
        if rows - len(self.deals) >= stored:
            self._bulk_load = SqliteBulkLoad(connection, Deal.__table__.name)

    def close(self) -> None:
        """Undo connection settings of the bulk-load mode; call it whatever happened (inside the transaction)."""
        if self._bulk_load is not None:
            self._bulk_load.close()

    @property
    def contacts(self) -> Contacts:
        if self._contacts is None:
            self._contacts = Contacts(self.session, self.source, actor=self.actor, batch_id=self.batch_id, now=self.now)
        return self._contacts

    # -- rows ------------------------------------------------------------------------

    def add(self, rows: list[tuple[int, list[object]]]) -> None:
        """Store one chunk of rows."""
        self.counts.rows += len(rows)
        accepted: list[tuple[int, Any]] = []
        convert = self.convert
        for number, values in rows:
            try:
                record = convert(values)
            except RowProblem as problem:
                self._reject(number, str(problem), values)
                continue
            key = record_key(record)
            first = self.seen.get(key)
            if first is not None:
                self._reject(number, f"row {number} has the same id as row {first}", values)
                continue
            self.seen[key] = number
            accepted.append((number, record))
        if self.kind == "deals":
            self._add_deals(accepted)
        elif self.kind == "accounts":
            self._add_accounts(accepted)
        else:
            self._add_contacts(accepted)
        self._flush_rejections()

    def _reject(self, number: int, reason: str, values: Sequence[object]) -> None:
        self.counts.rejected += 1
        self._rejections.append({"batch_id": self.batch_id, "row_number": number, "reason": reason,
                                 "raw": raw_values(self.headers, values)})  # fmt: skip

    def _flush_rejections(self) -> None:
        if self._rejections:
            self.session.execute(insert(ImportRejection.__table__), self._rejections)
            self._rejections = []

    # -- deals ---------------------------------------------------------------------

    def _add_deals(self, accepted: list[tuple[int, DealFields]]) -> None:
        staged: list[tuple[DealFields, AccountState | None, bool]] = []
        for _, record in accepted:
            account, changed = None, False
            if record.account is not None:
                account, _, changed = self.accounts.resolve(record.account)
            staged.append((record, account, changed))
        self.accounts.flush()
        inserts: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        known = self.deals
        for record, account, account_changed in staged:
            account_id = account.id if account is not None else None
            compared = (account_id, *record.values)
            stored = known.get(record.external_id)
            if stored is None:
                inserts.append((self.source, record.external_id, self.batch_id, *compared, self.now, self.now))
                self.counts.imported += 1
            elif stored[1] != deal_fingerprint(compared) or account_changed:
                updates.append({"_id": stored[0], **dict(zip(DEAL_COMPARED, compared, strict=True))})
                self.counts.updated += 1
            else:
                self.counts.unchanged += 1
                continue
            if account_id is not None:
                self.touched_accounts.add(account_id)
            if record.contact is not None:
                self._named_contacts.append((record.external_id, record.contact, account))
        if inserts:
            self._insert.execute(self.session.connection(), inserts)
        if updates:
            self._update_deals(updates)

    def _update_deals(self, updates: list[dict[str, Any]]) -> None:
        table = Deal.__table__
        old: dict[int, Sequence[Any]] = {}
        ids = [row["_id"] for row in updates]
        for part in chunks(ids):
            query = select(table.c.id, table.c.external_id, *(table.c[name] for name in DEAL_COMPARED))
            for row in self.session.execute(query.where(table.c.id.in_(part))):
                old[row[0]] = row[1:]
        statement = update(table).where(table.c.id == bindparam("_id")).values(
            {**{name: bindparam(name) for name in DEAL_COMPARED}, "import_batch_id": self.batch_id, "updated_at": self.now}
        )
        self.session.execute(statement, updates)
        for row in updates:
            external_id, *before = old[row["_id"]]
            changes = {
                name: {"old": jsonable(was), "new": jsonable(row[name])}
                for name, was in zip(DEAL_COMPARED, before, strict=True)
                if deal_fingerprint((was,)) != deal_fingerprint((row[name],))
            }
            audit.record(self.session, self.actor, "deal.updated", "deal", row["_id"], external_id=external_id,
                         batch=self.batch_id, changes=changes)  # fmt: skip

    # -- accounts and contacts ---------------------------------------------------------

    def _add_accounts(self, accepted: list[tuple[int, AccountFields]]) -> None:
        for _, record in accepted:
            _, created, changed = self.accounts.resolve(record)
            if created:
                self.counts.imported += 1
            elif changed:
                self.counts.updated += 1
            else:
                self.counts.unchanged += 1
        self.accounts.flush()

    def _add_contacts(self, accepted: list[tuple[int, ContactFields]]) -> None:
        staged = []
        for _, record in accepted:
            account = self.accounts.resolve(record.account)[0] if record.account is not None else None
            staged.append((record, account))
        self.accounts.flush()
        contacts = self.contacts
        for record, account in staged:
            outcome = contacts.upsert(record, account.id if account is not None else None)
            setattr(self.counts, outcome, getattr(self.counts, outcome) + 1)
            if outcome != "unchanged" and account is not None and account.id is not None:
                self.touched_accounts.add(account.id)
        contacts.flush()

    # -- the end -------------------------------------------------------------------------

    def finish(self) -> None:
        """Rebuild what bulk-load mode set aside; create the contacts deal rows named and link contacts to the deals
        of the accounts this file touched."""
        if self._bulk_load is not None:
            self._bulk_load.restore()
        named_pairs: list[tuple[int, int]] = []
        if self._named_contacts:
            contacts = self.contacts
            states = []
            for external_id, fields, account in self._named_contacts:
                account_id = account.id if account is not None else None
                states.append((external_id, contacts.ensure(account_id, fields.first_name, fields.last_name, fields.email)))
            contacts.flush()
            deal_ids = self._deal_ids([external_id for external_id, _ in states])
            named_pairs = [(deal_ids[external_id], state.id) for external_id, state in states if external_id in deal_ids]
        if not self.touched_accounts and not named_pairs:
            return
        table = Contact.__table__
        if not named_pairs and not self.session.scalar(select(exists().where(table.c.source_system == self.source))):
            return
        link_contacts(self.session, self.source, self.touched_accounts, named_pairs)

    def _deal_ids(self, external_ids: list[str]) -> dict[str, int]:
        table = Deal.__table__
        found: dict[str, int] = {}
        for part in chunks(sorted(set(external_ids))):
            query = select(table.c.external_id, table.c.id).where(
                table.c.source_system == self.source, table.c.external_id.in_(part)
            )
            found.update({external_id: deal_id for external_id, deal_id in self.session.execute(query)})
        return found
