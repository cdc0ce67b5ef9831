"""What the live interview console and its wrap-up record.

Interviews keep the question the call was on (to resume after a crash), the
buyer's own account of the outcome, secondary reasons, decision criteria,
what marketing could have done differently and when the wrap-up was done.
Takeaways gain importance, sentiment, gap or differentiator, and the reason
when no quote backs them.

Revision ID: 0002_live_interview
Revises: 0001_initial
Create Date: 2026-11-23 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_live_interview"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

OUTCOMES = ("won", "lost", "no_decision", "open")


def _checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("buyer_outcome", _checked("buyer_outcome", OUTCOMES), nullable=True))
        batch.add_column(sa.Column("secondary_reasons", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("decision_criteria", sa.Text(), nullable=True))
        batch.add_column(sa.Column("marketing_feedback", sa.Text(), nullable=True))
        batch.add_column(sa.Column("current_position", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("wrapped_up_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("takeaways") as batch:
        batch.add_column(sa.Column("importance", sa.Integer(), server_default="2", nullable=False))
        batch.add_column(sa.Column(
            "sentiment", _checked("takeaway_sentiment", ("positive", "negative", "mixed")),
            server_default="mixed", nullable=False,
        ))
        batch.add_column(sa.Column("kind", _checked("takeaway_kind", ("gap", "differentiator")), nullable=True))
        batch.add_column(sa.Column("no_quote_reason", sa.Text(), nullable=True))
        batch.create_check_constraint("importance_range", "importance BETWEEN 1 AND 3")


def downgrade() -> None:
    with op.batch_alter_table("takeaways") as batch:
        batch.drop_constraint("importance_range", type_="check")
        for column in ("no_quote_reason", "kind", "sentiment", "importance"):
            batch.drop_column(column)
    with op.batch_alter_table("interviews") as batch:
        for column in ("wrapped_up_at", "current_position", "marketing_feedback", "decision_criteria",
                       "secondary_reasons", "buyer_outcome"):
            batch.drop_column(column)
