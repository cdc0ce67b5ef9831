"""Migration 0006: "lost to competitor" leaves the reason lists, its rows become a competitor plus no reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Connection, make_url

from interviewer import db as dbmod
from interviewer import migrate

REVISIONS = migrate.script_revisions()
REVISION = "0006_competitor_is_not_a_reason"
BEFORE = REVISIONS[REVISIONS.index(REVISION) - 1]
NOW = "2026-11-02 10:00:00"


def _insert(connection: Connection, table: str, **values: Any) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)
    return int(connection.execute(sa.text(f"SELECT max(id) FROM {table}")).scalar_one())


def _deal(connection: Connection, external_id: str, reason: str | None, competitor: str | None) -> int:
    return _insert(connection, "deals", source_system="csv", external_id=external_id, outcome="lost", currency="EUR",
                   rep_reason=reason, competitor=competitor, created_at=NOW, updated_at=NOW)


def _interview(connection: Connection, deal_id: int, reason: str, competitor: str | None) -> int:
    return _insert(connection, "interviews", deal_id=deal_id, status="completed", planned_minutes=20, consent=True,
                   elapsed_seconds=0, ics_sequence=0, version=1, buyer_reason=reason, buyer_competitor=competitor,
                   created_at=NOW, updated_at=NOW)


def _rows(connection: Connection, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(sa.text(query))]


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = dbmod.make_engine(make_url(db_url))
    try:
        yield engine
    finally:
        engine.dispose()


def test_lost_to_competitor_rows_become_a_competitor_and_the_value_is_refused(engine: sa.Engine) -> None:
    migrate.upgrade(engine, REVISIONS[0])
    with engine.begin() as connection:
        unnamed = _deal(connection, "D-1", "lost_to_competitor", None)
        named = _deal(connection, "D-2", "lost_to_competitor", "Brightfold")
        _deal(connection, "D-3", "lost_to_competitor", "None")
        _deal(connection, "D-4", "price_advantage", "Quillmark")
        interview = _interview(connection, unnamed, "lost_to_competitor", " ")
        kept = _interview(connection, named, "product_fit", "Brightfold")
        _insert(connection, "reason_tags", interview_id=interview, reason="lost_to_competitor", offset_seconds=40,
                created_at=NOW)
        _insert(connection, "reason_tags", interview_id=interview, reason="price_advantage", offset_seconds=90,
                created_at=NOW)
    migrate.upgrade(engine, BEFORE)
    with engine.begin() as connection:  # secondary reasons exist from 0002 on
        connection.execute(sa.text("UPDATE interviews SET secondary_reasons = :reasons WHERE id = :id"),
                           {"reasons": json.dumps(["price_advantage", "lost_to_competitor", "other"]), "id": interview})
        connection.execute(sa.text("UPDATE interviews SET secondary_reasons = :reasons WHERE id = :id"),
                           {"reasons": json.dumps(["champion_left"]), "id": kept})

    migrate.upgrade(engine, REVISION)

    with engine.begin() as connection:
        assert _rows(connection, "SELECT external_id, rep_reason, competitor FROM deals ORDER BY external_id") == [
            ("D-1", None, "Unknown"), ("D-2", None, "Brightfold"), ("D-3", None, "Unknown"),
            ("D-4", "price_advantage", "Quillmark"),
        ]  # fmt: skip
        wrapups = _rows(connection, "SELECT buyer_reason, buyer_competitor, secondary_reasons FROM interviews ORDER BY id")
        assert [(r, c, json.loads(s) if isinstance(s, str) else s) for r, c, s in wrapups] == [
            (None, "Unknown", ["price_advantage", "other"]), ("product_fit", "Brightfold", ["champion_left"]),
        ]  # fmt: skip
        assert _rows(connection, "SELECT reason, offset_seconds FROM reason_tags ORDER BY offset_seconds") == [
            ("other", 40), ("price_advantage", 90),
        ]  # fmt: skip
    refused = (
        lambda c: _deal(c, "D-9", "lost_to_competitor", None),
        lambda c: _interview(c, unnamed, "lost_to_competitor", None),
        lambda c: _insert(c, "reason_tags", interview_id=interview, reason="lost_to_competitor", offset_seconds=1,
                          created_at=NOW),
    )
    for insert in refused:
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
            insert(connection)


def test_downgrade_widens_the_lists_again_but_the_converted_rows_stay(engine: sa.Engine) -> None:
    migrate.upgrade(engine, BEFORE)
    with engine.begin() as connection:
        _deal(connection, "D-1", "lost_to_competitor", None)
    migrate.upgrade(engine, REVISION)
    with migrate.schema_transaction(engine) as connection:
        command.downgrade(migrate.alembic_config(connection), BEFORE)  # type: ignore[arg-type]
    with engine.begin() as connection:
        assert _rows(connection, "SELECT rep_reason, competitor FROM deals") == [(None, "Unknown")]
        _deal(connection, "D-2", "lost_to_competitor", None)
        deal = _rows(connection, "SELECT id FROM deals WHERE external_id = 'D-2'")[0][0]
        _interview(connection, deal, "lost_to_competitor", None)
