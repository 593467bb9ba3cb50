"""Office settings get a version, like every other record people change.

Two administrators saving the settings at once used to leave whichever saved
last, silently undoing the other's change (the idle-lock time among them). Each
save now carries the version it was edited from; existing rows start at 1.

On PostgreSQL administrators may write the new column (their grants on settings
are column by column since 0003), and settings are stamped like the other
tables: who saved a setting and when, which a conflict message names, is the
server's word, not the workstation's. (No row-change audit trigger: that
function wants an id column; the service audits every save.)

Revision ID: 0014
Revises: 0013
Created: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
ADMIN = "casedesk_admin"


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        _run(
            [
                f"GRANT INSERT (version), UPDATE (version) ON settings TO {ADMIN}",
                "CREATE TRIGGER settings_stamp BEFORE INSERT OR UPDATE ON settings "
                "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
            ]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # The column's grants go with the column.
        _run(["DROP TRIGGER settings_stamp ON settings"])
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("version")


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
