"""Privileges for merging client records on PostgreSQL.

A merge moves the merged record's cases to the surviving record, so
supervisors (who alone merge) may change a case's client; and only they may
mark a record as merged into another.

Revision ID: 0005
Revises: 0004
Created: 2026-11-24
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"


def _run(statements: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
    if user != "casedesk_owner":
        raise RuntimeError("Run migrations with `python main.py db upgrade`.")
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def upgrade() -> None:
    _run(
        [
            f"GRANT UPDATE (client_id) ON cases TO {SUPERVISOR}",
            f"REVOKE UPDATE (merged_into_id) ON clients FROM {CASEWORKER}, {FRONTDESK}",
        ]
    )


def downgrade() -> None:
    _run(
        [
            f"GRANT UPDATE (merged_into_id) ON clients TO {CASEWORKER}, {FRONTDESK}",
            f"REVOKE UPDATE (client_id) ON cases FROM {SUPERVISOR}",
        ]
    )
