""""Lost to competitor" stops being a reason: who won goes in the competitor field, why goes in the reason.

The reason lists of deals (``rep_reason``), wrap-ups (``interviews.buyer_reason`` and
``secondary_reasons``) and reason tags (``reason_tags.reason``) lose ``lost_to_competitor``.
Rows holding it are converted, so an older database still opens and reads the same story:

- a deal or wrap-up whose reason was ``lost_to_competitor`` keeps no reason (NULL: nobody said
  why) and its competitor (``deals.competitor``, ``interviews.buyer_competitor``) becomes
  "Unknown" when it was blank or "None"; a competitor already named is kept;
- the value is dropped from a wrap-up's ``secondary_reasons`` list, the other reasons keep their order;
- a reason tag cannot be left without a reason (the column is NOT NULL), and deleting it would lose
  the mark that the buyer spoke about why they decided at that moment of the call; it becomes
  "other", and the notes typed there are untouched.

Then the CHECK constraints (``rep_reason``, ``buyer_reason``, ``tag_reason``) are rebuilt with the
new list, through ``batch_alter_table`` so SQLite, which cannot alter a constraint, rebuilds the table.

Downgrade only widens the constraints again: which NULL reasons, "Unknown" competitors and "other"
tags were "lost to competitor" is not recorded, so that data cannot come back.

Revision ID: 0006_competitor_is_not_a_reason
Revises: 0005_phase_notes
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006_competitor_is_not_a_reason"
down_revision = "0005_phase_notes"
branch_labels = None
depends_on = None

REMOVED = "lost_to_competitor"
REASONS = ("price_advantage", "product_fit", "champion_left", "no_decision_timing", "poor_onboarding",
           "messaging_resonated", "other")
OLD_REASONS = (*REASONS[:2], REMOVED, *REASONS[2:])
COLUMNS = (("deals", "rep_reason", "rep_reason", True), ("interviews", "buyer_reason", "buyer_reason", True),
           ("reason_tags", "reason", "tag_reason", False))
"""table, column, constraint (enum) name, nullable."""
UNKNOWN = "Unknown"


def _reason_type(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _convert_rows() -> None:
    for table, reason, competitor in (("deals", "rep_reason", "competitor"),
                                      ("interviews", "buyer_reason", "buyer_competitor")):
        op.execute(sa.text(
            f"UPDATE {table} SET {competitor} = :unknown WHERE {reason} = :removed "
            f"AND ({competitor} IS NULL OR TRIM({competitor}) IN ('', 'None'))"
        ).bindparams(unknown=UNKNOWN, removed=REMOVED))
        op.execute(sa.text(f"UPDATE {table} SET {reason} = NULL WHERE {reason} = :removed")
                   .bindparams(removed=REMOVED))
    op.execute(sa.text("UPDATE reason_tags SET reason = 'other' WHERE reason = :removed").bindparams(removed=REMOVED))

    connection = op.get_bind()
    interviews = sa.table("interviews", sa.column("id", sa.Integer()), sa.column("secondary_reasons", sa.JSON()))
    holding = sa.select(interviews.c.id, interviews.c.secondary_reasons).where(
        sa.cast(interviews.c.secondary_reasons, sa.Text()).like(f"%{REMOVED}%")
    )
    for identifier, reasons in connection.execute(holding).all():
        listed = json.loads(reasons) if isinstance(reasons, str) else list(reasons or [])
        kept = [value for value in listed if value != REMOVED]
        connection.execute(interviews.update().where(interviews.c.id == identifier).values(secondary_reasons=kept))


def _set_reasons(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    for table, column, name, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=_reason_type(old, name), type_=_reason_type(new, name),
                               existing_nullable=nullable)


def upgrade() -> None:
    _convert_rows()
    _set_reasons(OLD_REASONS, REASONS)


def downgrade() -> None:
    _set_reasons(REASONS, OLD_REASONS)
