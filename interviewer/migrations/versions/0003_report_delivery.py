"""Reports keep their document, and every delivery attempt is logged with its channel.

Revision ID: 0003_report_delivery
Revises: 0002_live_interview
Create Date: 2026-11-23 17:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_report_delivery"
down_revision = "0002_live_interview"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.Enum("smtp", "eml", name="attempt_channel", native_enum=False, create_constraint=True,
                                     length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["delivery_id"], ["deliveries.id"],
                                name=op.f("fk_delivery_attempts_delivery_id_deliveries"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_attempts")),
    )
    with op.batch_alter_table("delivery_attempts") as batch:
        batch.create_index(batch.f("ix_delivery_attempts_delivery_id"), ["delivery_id"], unique=False)


def downgrade() -> None:
    op.drop_table("delivery_attempts")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("content")
