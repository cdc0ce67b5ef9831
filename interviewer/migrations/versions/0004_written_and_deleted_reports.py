"""An .eml written is logged as "written", not "sent"; a deleted report leaves its deliveries and their log.

Deliveries gain the status ``written`` (an .eml file was written for the recipient's own mail program, so a
later SMTP run still sends it) and keep the title of their report, so their log lines still name it once the
report is deleted: ``report_id`` becomes optional and is set to NULL when its report goes.

Revision ID: 0004_written_and_deleted_reports
Revises: 0003_report_delivery
Create Date: 2026-12-02 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_written_and_deleted_reports"
down_revision = "0003_report_delivery"
branch_labels = None
depends_on = None

BEFORE = ("pending", "sent", "failed")
AFTER = (*BEFORE, "written")
REPORT_FK = "fk_deliveries_report_id_reports"


def _check(values: tuple[str, ...]) -> str:
    """The CHECK the models' ``checked(DeliveryStatus)`` column carries (the column stays a VARCHAR(32))."""
    return "status IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _status_check() -> str:
    """The name of the CHECK constraint on ``deliveries.status`` (the engines name it differently)."""
    checks = sa.inspect(op.get_bind()).get_check_constraints("deliveries")
    return next(check["name"] for check in checks if "status" in check["sqltext"])


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("report_title", sa.String(length=255), nullable=True))
        batch.drop_constraint(op.f(_status_check()), type_="check")
        batch.create_check_constraint("delivery_status", _check(AFTER))
        batch.drop_constraint(REPORT_FK, type_="foreignkey")
        batch.create_foreign_key(REPORT_FK, "reports", ["report_id"], ["id"], ondelete="SET NULL")
        batch.alter_column("report_id", existing_type=sa.Integer(), nullable=True)
    op.execute("UPDATE deliveries SET report_title = "
               "(SELECT reports.title FROM reports WHERE reports.id = deliveries.report_id)")


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE report_id IS NULL")
    op.execute("UPDATE deliveries SET status = 'pending' WHERE status = 'written'")
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("report_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(REPORT_FK, type_="foreignkey")
        batch.create_foreign_key(REPORT_FK, "reports", ["report_id"], ["id"], ondelete="CASCADE")
        batch.drop_constraint(op.f(_status_check()), type_="check")
        batch.create_check_constraint("delivery_status", _check(BEFORE))
        batch.drop_column("report_title")
