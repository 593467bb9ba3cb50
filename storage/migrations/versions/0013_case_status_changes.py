"""The case's own history: each time it is put on hold, resumed, closed or reopened.

Assignments have their history since 0008; a status change by itself (a hold, a
closing) was only in the audit trail, which caseworkers cannot read. The case
timeline needs it, so each change is kept, append-only, beside the case.
Existing closed and on-hold cases get one row each, from the case as it stands.

Who sees it follows the case (0008's pattern): a caseworker the changes of cases
assigned to them, a supervisor all; the front desk and administrators none. A
caseworker may add only what they may do themselves: holding and resuming.

Revision ID: 0013
Revises: 0012
Created: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
CASE_WORK = f"{SUPERVISOR}, {CASEWORKER}"
CASE_STATUSES = ("intake", "open", "on_hold", "closed")
ME = "(SELECT my_staff_id())"
MY_CASES = f"SELECT id FROM cases WHERE assigned_staff_id = {ME}"
TABLE = "case_status_changes"


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("status_before", sa.String(20), nullable=True),
        sa.Column("status_after", sa.String(20), nullable=False),
        sa.Column("close_reason", sa.String(30), nullable=True),
        sa.Column("close_outcome", sa.String(30), nullable=True),
        sa.Column("note", sa.String(500), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_status_changes"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_status_changes_case_id_cases"
        ),
        sa.CheckConstraint(
            _one_of("status_before", CASE_STATUSES), name="ck_case_status_changes_status_before"
        ),
        sa.CheckConstraint(
            _one_of("status_after", CASE_STATUSES), name="ck_case_status_changes_status_after"
        ),
    )
    op.create_index("ix_case_status_changes_case_id_id", TABLE, ["case_id", "id"])
    # What is known of cases already closed or on hold: their present state, with
    # no "before" (the audit trail holds the rest).
    op.execute(
        f"INSERT INTO {TABLE} (case_id, status_before, status_after, close_reason, "
        "close_outcome, note, created_at, created_by) "
        "SELECT id, NULL, status, close_reason, close_outcome, COALESCE(close_note, ''), "
        "updated_at, COALESCE(closed_by, updated_by) FROM cases "
        "WHERE status IN ('closed', 'on_hold') ORDER BY id"
    )
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _secure() -> None:
    bind = op.get_bind()
    user = bind.exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    mine = f"case_id IN ({MY_CASES})"
    # A caseworker holds and resumes their own open case (0008), nothing more.
    hold_or_resume = (
        f"{mine} AND status_before IN ('open', 'on_hold') "
        "AND status_after IN ('open', 'on_hold') AND close_reason IS NULL"
    )
    statements = [
        # Append-only: nobody is granted UPDATE or DELETE.
        f"GRANT SELECT ON {TABLE} TO {CASE_WORK}",
        "GRANT INSERT (case_id, status_before, status_after, close_reason, close_outcome, "
        f"note, created_at, created_by) ON {TABLE} TO {CASE_WORK}",
        f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {TABLE}_owner_maintenance ON {TABLE} FOR ALL TO {OWNER} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {TABLE}_office ON {TABLE} FOR ALL TO {SUPERVISOR} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {TABLE}_caseload_read ON {TABLE} FOR SELECT TO {CASEWORKER} USING ({mine})",
        f"CREATE POLICY {TABLE}_hold_or_resume_own ON {TABLE} FOR INSERT TO {CASEWORKER} "
        f"WITH CHECK ({hold_or_resume})",
        f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {CASE_WORK}', "
        f"pg_get_serial_sequence('{TABLE}', 'id')); END $$",
        f"CREATE TRIGGER {TABLE}_stamp BEFORE INSERT OR UPDATE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
        f"CREATE TRIGGER {TABLE}_audit AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
    ]
    cursor = bind.connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    op.drop_table(TABLE)
