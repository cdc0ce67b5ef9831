"""Notes taken in the introduction and the wrap-up of a call, beside the notes on its questions.

An answer belongs either to a guide item or to a phase of the call (``opening`` for the introduction,
``closing`` for the wrap-up): ``guide_item_id`` becomes optional and ``phase`` is added, one answer per
interview and phase.

Revision ID: 0005_phase_notes
Revises: 0004_written_and_deleted_reports
Create Date: 2026-12-02 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_phase_notes"
down_revision = "0004_written_and_deleted_reports"
branch_labels = None
depends_on = None

PHASES = ("opening", "decision_process", "evaluation", "competition", "sales_experience", "product_roadmap",
          "closing")
UNIQUE = "uq_answers_interview_id_phase"


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("phase", sa.Enum(*PHASES, name="answer_phase", native_enum=False,
                                                    create_constraint=True, length=32), nullable=True))
        batch.alter_column("guide_item_id", existing_type=sa.Integer(), nullable=True)
        batch.create_unique_constraint(UNIQUE, ["interview_id", "phase"])


def downgrade() -> None:
    op.execute("DELETE FROM answers WHERE guide_item_id IS NULL")
    with op.batch_alter_table("answers") as batch:
        batch.drop_constraint(UNIQUE, type_="unique")
        batch.alter_column("guide_item_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("phase")
