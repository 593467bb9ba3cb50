"""A merge carries the person's whole history, and remembers how to undo it.

Until now a merge moved only the cases. Consents (releases among them),
assessments and referrals now move too, so supervisors, who alone merge, may
change those rows' client. ``client_merges.detail`` holds what undoing needs
beyond the moved cases: the ids of the other rows moved, the fields the
surviving record took from the merged one (with what it held before) and its
household before the merge.

Revision ID: 0018
Revises: 0017
Created: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
MOVED_WITH_THE_PERSON = ("consents", "assessments", "referrals")


def upgrade() -> None:
    with op.batch_alter_table("client_merges") as batch:
        batch.add_column(sa.Column("detail", sa.Text(), server_default="", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        _run([f"GRANT UPDATE (client_id) ON {t} TO {SUPERVISOR}" for t in MOVED_WITH_THE_PERSON])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run([f"REVOKE UPDATE (client_id) ON {t} FROM {SUPERVISOR}" for t in MOVED_WITH_THE_PERSON])
    with op.batch_alter_table("client_merges") as batch:
        batch.drop_column("detail")


def _run(statements: list[str]) -> None:
    bind = op.get_bind()
    user = bind.exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py db upgrade`."
        )
    cursor = bind.connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)
