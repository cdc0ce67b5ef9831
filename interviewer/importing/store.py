"""What one source already holds — accounts, contacts, deals — loaded in one query each, and written in bulk.

Everything here runs inside the importer's single transaction: nothing is
committed, and a rollback undoes it all. Existing deals are kept as
``external id → (id, fingerprint)``; accounts and contacts, far fewer, are kept
whole so a file that names only some of their fields can fill just those.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from interviewer import audit
from interviewer.criteria.authority import AuthorityReader
from interviewer.enums import Authority
from interviewer.importing.bulk import BulkInsert, reserve_ids
from interviewer.importing.rows import (
    DEAL_VALUES,
    AccountFields,
    ContactFields,
    account_key,
    bounded_key,
    name_key,
)
from interviewer.models import Account, Contact, Deal, DealContact

__all__ = [
    "DEAL_COMPARED",
    "AccountState",
    "Accounts",
    "Contacts",
    "chunks",
    "deal_fingerprint",
    "jsonable",
    "link_contacts",
    "load_deal_index",
]  # fmt: skip

DEAL_COMPARED = ("account_id", *DEAL_VALUES)
"""The deal columns an import writes and compares; the rest (rep team, timestamps, links) are not the file's."""

_IN_LIMIT = 500


def chunks(items: Sequence[Any], size: int = _IN_LIMIT) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _canonical(value: Any) -> Any:
    """A value as both engines give it back: amounts as floats (SQLite keeps them so), enums as their values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    return value


def deal_fingerprint(values: Sequence[Any]) -> int:
    """A hash of a deal's compared columns, equal for what was stored and what the same row gives again."""
    return hash(tuple(_canonical(value) for value in values))


def jsonable(value: Any) -> Any:
    """A value for an audit entry's JSON details."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def load_deal_index(session: Session, source: str) -> dict[str, tuple[int, int]]:
    """Every deal of ``source``: external id → (id, fingerprint of its compared columns), in one query."""
    table = Deal.__table__
    columns = [table.c.id, table.c.external_id, *(table.c[name] for name in DEAL_COMPARED)]
    result = session.execute(select(*columns).where(table.c.source_system == source))
    return {row[1]: (row[0], deal_fingerprint(row[2:])) for row in result}


def _insert_with_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (dicts with the same keys) and return their new ids, in order."""
    connection = session.connection()
    ids = reserve_ids(connection, table, len(rows))
    if ids is None:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, rows).scalars())
    given = list(rows[0])
    defaults = {c.name: c.default.arg for c in table.columns  # type: ignore[union-attr]
                if c.name not in given and c.name != "id" and c.default is not None and c.default.is_scalar}  # fmt: skip
    columns = ["id", *given, *defaults]
    constant = tuple(defaults.values())
    BulkInsert(table, columns, connection.dialect).execute(
        connection, [(new_id, *row.values(), *constant) for new_id, row in zip(ids, rows, strict=True)]
    )
    return ids


# ------------------------------------------------------------------------- accounts

_ACCOUNT_ATTRIBUTES = ("industry", "employee_count", "region", "segment")


class AccountState:
    """An account as stored (or about to be): id None until it is inserted."""

    __slots__ = ("employee_count", "external_id", "id", "industry", "name", "region", "segment")

    def __init__(self, id: int | None, external_id: str, name: str, industry: str | None = None,
                 employee_count: int | None = None, region: str | None = None, segment: str | None = None) -> None:  # fmt: skip
        self.id = id
        self.external_id = external_id
        self.name = name
        self.industry = industry
        self.employee_count = employee_count
        self.region = region
        self.segment = segment

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("external_id", "name", *_ACCOUNT_ATTRIBUTES)}


class Accounts:
    """The accounts of one source, found by external id or by name; new and changed ones written per chunk."""

    def __init__(self, session: Session, source: str, *, actor: str, batch_id: int, now: datetime) -> None:
        self.session = session
        self.source = source
        self.actor = actor
        self.batch_id = batch_id
        self.now = now
        self.by_id: dict[str, AccountState] = {}
        self.by_name: dict[str, AccountState] = {}
        table = Account.__table__
        query = select(table.c.id, table.c.external_id, table.c.name, *(table.c[a] for a in _ACCOUNT_ATTRIBUTES))
        for row in session.execute(query.where(table.c.source_system == source).order_by(table.c.id)):
            state = AccountState(*row)
            if state.external_id is not None:
                self.by_id[state.external_id] = state
            self.by_name.setdefault(name_key(state.name), state)
        self._new: list[AccountState] = []
        self._changed: dict[int, tuple[AccountState, dict[str, Any]]] = {}
        self._resolved: dict[AccountFields, AccountState] = {}
        self._by_identity: dict[int, tuple[AccountFields, AccountState]] = {}
        self._stated: dict[AccountState, set[str]] = {}

    def find(self, fields: AccountFields) -> AccountState | None:
        """The stored account these fields name (by external id, else by name), or None."""
        if fields.external_id is not None:
            state = self.by_id.get(fields.external_id)
            if state is not None:
                return state
        if fields.name is not None:
            state = self.by_name.get(name_key(fields.name))
            if state is not None and (fields.external_id is None or state.external_id.startswith("name:")):
                return state
        return None

    def resolve(self, fields: AccountFields) -> tuple[AccountState, bool, bool]:
        """The account the fields name, created if new; returns (account, created, changed by these fields).

        An account known only by name takes the external id when a file gives
        one; a placeholder named after its id takes the real name; attributes
        the file states (not empty) replace the stored ones. Within one file
        the first row to state a value decides it, so importing the file
        again finds nothing to change even when its rows disagree.
        """
        seen = self._by_identity.get(id(fields))  # converters hand out one object per distinct account
        if seen is not None and seen[0] is fields:
            return seen[1], False, False
        state = self._resolved.get(fields)
        if state is not None:
            self._by_identity[id(fields)] = (fields, state)
            return state, False, False
        state = self.find(fields)
        created = state is None
        if state is None:
            external_id = fields.external_id or account_key(fields.name or "")
            state = AccountState(None, external_id, fields.name or external_id, **fields.attributes())
            self.by_id[external_id] = state
            self.by_name.setdefault(name_key(state.name), state)
            self._new.append(state)
        wanted: dict[str, Any] = dict(fields.attributes())
        if fields.external_id is not None:
            wanted["external_id"] = fields.external_id
        if fields.name is not None:
            wanted["name"] = fields.name
        stated = self._stated.setdefault(state, set())
        changes = {key: value for key, value in wanted.items() if key not in stated and getattr(state, key) != value}
        stated.update(wanted)
        if len(self._resolved) >= 50_000:
            self._resolved.clear()
            self._by_identity.clear()
        self._resolved[fields] = state
        self._by_identity[id(fields)] = (fields, state)
        if created or not changes:
            return state, created, False
        self._change(state, changes)
        return state, False, True

    def _change(self, state: AccountState, changes: dict[str, Any]) -> None:
        if state.id is not None:
            _, old = self._changed.setdefault(state.id, (state, {}))
            for key in changes:
                old.setdefault(key, getattr(state, key))
        if "external_id" in changes:
            self.by_id.pop(state.external_id, None)
            self.by_id[changes["external_id"]] = state
        if "name" in changes:
            if self.by_name.get(name_key(state.name)) is state:
                del self.by_name[name_key(state.name)]
            self.by_name.setdefault(name_key(changes["name"]), state)
        for key, value in changes.items():
            setattr(state, key, value)

    def flush(self) -> None:
        """Insert the new accounts (their ids come back) and update the changed ones, each with an audit entry."""
        table = Account.__table__
        if self._new:
            rows = [{"source_system": self.source, "created_at": self.now, **state.values()} for state in self._new]
            for state, new_id in zip(self._new, _insert_with_ids(self.session, table, rows), strict=True):
                state.id = new_id
            self._new = []
        if self._changed:
            statement = update(table).where(table.c.id == bindparam("_id")).values(
                {name: bindparam(name) for name in ("external_id", "name", *_ACCOUNT_ATTRIBUTES)}
            )
            self.session.execute(statement, [{"_id": state.id, **state.values()} for state, _ in self._changed.values()])
            for state, old in self._changed.values():
                changes = {key: {"old": jsonable(value), "new": jsonable(getattr(state, key))} for key, value in old.items()
                           if value != getattr(state, key)}  # fmt: skip
                if changes:
                    audit.record(self.session, self.actor, "account.updated", "account", state.id,
                                 external_id=state.external_id, batch=self.batch_id, changes=changes)  # fmt: skip
            self._changed = {}


# ------------------------------------------------------------------------- contacts

CONTACT_COLUMNS = ("account_id", "first_name", "last_name", "title", "authority", "email", "phone", "time_zone",
                   "do_not_contact")  # fmt: skip


@dataclass
class ContactState:
    id: int | None
    external_id: str
    values: dict[str, Any]


class Contacts:
    """The contacts of one source by external id and by email; new and changed ones written per chunk."""

    def __init__(self, session: Session, source: str, *, actor: str, batch_id: int, now: datetime) -> None:
        self.session = session
        self.source = source
        self.actor = actor
        self.batch_id = batch_id
        self.now = now
        table = Contact.__table__
        query = select(table.c.id, table.c.external_id, *(table.c[c] for c in CONTACT_COLUMNS))
        self.by_id: dict[str, ContactState] = {}
        self.by_email: dict[str, ContactState] = {}
        self.by_name: dict[tuple[int | None, str], ContactState] = {}
        for row in session.execute(query.where(table.c.source_system == source).order_by(table.c.id)):
            self._index(ContactState(row[0], row[1], dict(zip(CONTACT_COLUMNS, row[2:], strict=True))))
        self._new: list[ContactState] = []
        self._changed: dict[int, tuple[ContactState, dict[str, Any]]] = {}
        self._authority = AuthorityReader()

    def _index(self, state: ContactState) -> None:
        self.by_id.setdefault(state.external_id, state)
        email = state.values.get("email")
        if email:
            self.by_email.setdefault(email.casefold(), state)
        full = " ".join(filter(None, (state.values.get("first_name"), state.values.get("last_name"))))
        if full:
            self.by_name.setdefault((state.values.get("account_id"), name_key(full)), state)

    def upsert(self, fields: ContactFields, account_id: int | None) -> str:
        """Store a contacts-file row; returns "imported", "updated" or "unchanged".

        Only what the row states replaces what is stored: an empty cell, or a
        column the file does not have (say, do-not-contact), keeps the stored value.
        The authority is read from the title (decision-maker, influencer…).
        """
        wanted = {
            "account_id": account_id, "first_name": fields.first_name, "last_name": fields.last_name,
            "title": fields.title, "authority": self._authority(fields.title) if fields.title else None,
            "email": fields.email, "phone": fields.phone, "time_zone": fields.time_zone,
            "do_not_contact": fields.do_not_contact,
        }  # fmt: skip
        assert fields.external_id is not None
        state = self.by_id.get(fields.external_id)
        if state is None:
            values = dict(wanted)
            values["do_not_contact"] = bool(values["do_not_contact"])
            values["authority"] = values["authority"] or Authority.UNKNOWN
            state = ContactState(None, fields.external_id, values)
            self._index(state)
            self._new.append(state)
            return "imported"
        changes = {key: value for key, value in wanted.items() if value is not None and state.values.get(key) != value}
        if not changes:
            return "unchanged"
        if state.id is not None:
            _, old = self._changed.setdefault(state.id, (state, {}))
            for key in changes:
                old.setdefault(key, state.values.get(key))
        state.values.update(changes)
        return "updated"

    def ensure(self, account_id: int | None, first: str | None, last: str | None, email: str | None) -> ContactState:
        """The contact a deal row names (by email, else by name at its account), created when new."""
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        full = " ".join(filter(None, (first, last)))
        if not email and full and (account_id, name_key(full)) in self.by_name:
            return self.by_name[(account_id, name_key(full))]
        if email:
            external_id = bounded_key("email:", email.casefold())
        else:
            external_id = bounded_key(f"name:{account_id or ''}/", name_key(full))
        state = self.by_id.get(external_id)
        if state is not None:
            return state
        values = {"account_id": account_id, "first_name": first, "last_name": last, "title": None,
                  "authority": Authority.UNKNOWN, "email": email, "phone": None, "time_zone": None,
                  "do_not_contact": False}  # fmt: skip
        state = ContactState(None, external_id, values)
        self._index(state)
        self._new.append(state)
        return state

    def flush(self) -> None:
        """Insert the new contacts (their ids come back) and update the changed ones, each with an audit entry."""
        table = Contact.__table__
        if self._new:
            rows = [{"source_system": self.source, "external_id": s.external_id, "created_at": self.now, **s.values}
                    for s in self._new]  # fmt: skip
            for state, new_id in zip(self._new, _insert_with_ids(self.session, table, rows), strict=True):
                state.id = new_id
            self._new = []
        if self._changed:
            statement = update(table).where(table.c.id == bindparam("_id")).values(
                {name: bindparam(name) for name in CONTACT_COLUMNS}
            )
            self.session.execute(statement, [{"_id": state.id, **state.values} for state, _ in self._changed.values()])
            for state, old in self._changed.values():
                changes = {key: {"old": jsonable(value), "new": jsonable(state.values.get(key))}
                           for key, value in old.items() if value != state.values.get(key)}  # fmt: skip
                if changes:
                    audit.record(self.session, self.actor, "contact.updated", "contact", state.id,
                                 external_id=state.external_id, batch=self.batch_id, changes=changes)  # fmt: skip
            self._changed = {}


# ---------------------------------------------------------------------------- links


def link_contacts(session: Session, source: str, account_ids: Iterable[int],
                  named: Iterable[tuple[int, int]] = ()) -> int:  # fmt: skip
    """Link each deal of these accounts to its account's contacts, and each (deal, contact) pair named by a deal row.

    A deal without a primary contact gets its first linked contact as primary
    (the one its own row named, else the account's earliest). Existing links
    are left as they are. Returns how many links were added.
    """
    accounts = sorted(set(account_ids))
    named = list(named)
    if not accounts and not named:
        return 0
    contacts_table, deals_table, links_table = Contact.__table__, Deal.__table__, DealContact.__table__
    by_account: dict[int, list[int]] = {}
    for part in chunks(accounts):
        query = (
            select(contacts_table.c.id, contacts_table.c.account_id)
            .where(contacts_table.c.source_system == source, contacts_table.c.account_id.in_(part))
            .order_by(contacts_table.c.id)
        )
        for contact_id, account_id in session.execute(query):
            by_account.setdefault(account_id, []).append(contact_id)
    wanted: dict[int, list[int]] = {}
    for deal_id, contact_id in named:
        wanted.setdefault(deal_id, []).append(contact_id)
    with_contacts = sorted(by_account)
    for part in chunks(with_contacts):
        query = select(deals_table.c.id, deals_table.c.account_id).where(
            deals_table.c.source_system == source, deals_table.c.account_id.in_(part)
        )
        for deal_id, account_id in session.execute(query):
            wanted.setdefault(deal_id, []).extend(by_account[account_id])
    if not wanted:
        return 0
    existing: dict[int, set[int]] = {}
    has_primary: set[int] = set()
    deal_ids = sorted(wanted)
    for part in chunks(deal_ids):
        query = select(links_table.c.deal_id, links_table.c.contact_id, links_table.c.is_primary).where(
            links_table.c.deal_id.in_(part)
        )
        for deal_id, contact_id, is_primary in session.execute(query):
            existing.setdefault(deal_id, set()).add(contact_id)
            if is_primary:
                has_primary.add(deal_id)
    new_links = []
    for deal_id in deal_ids:
        linked = existing.setdefault(deal_id, set())
        for contact_id in wanted[deal_id]:
            if contact_id in linked:
                continue
            linked.add(contact_id)
            primary = deal_id not in has_primary
            has_primary.add(deal_id)
            new_links.append({"deal_id": deal_id, "contact_id": contact_id, "role": None, "is_primary": primary})
    if new_links:
        session.execute(insert(links_table), new_links)
    return len(new_links)
