"""The schema revisions this version of the app knows, without importing Alembic.

A test checks these against the migration scripts, so opening an up-to-date
database never pays for loading Alembic.
"""

KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial", "0002_live_interview", "0003_report_delivery",
                                     "0004_written_and_deleted_reports", "0005_phase_notes",
                                     "0006_competitor_is_not_a_reason")
HEAD_REVISION = KNOWN_REVISIONS[-1]
