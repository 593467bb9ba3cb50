"""Releases of information in full: who discloses, an expiry event instead of a
date where the client chooses one (42 CFR 2.31 allows either), and how a
revocation reached the agency.

Revision ID: 0009
Revises: 0008
Created: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
CLIENT_WORK = "casedesk_supervisor, casedesk_caseworker, casedesk_frontdesk"


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("discloser", sa.String(200), server_default="", nullable=False))
        batch.add_column(
            sa.Column("expiry_event", sa.String(200), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("revocation_note", sa.String(300), server_default="", nullable=False)
        )
    if op.get_bind().dialect.name == "postgresql":
        user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
        if user != OWNER:
            raise RuntimeError(
                "This migration must run as casedesk_owner: use `python main.py db upgrade`."
            )
        op.execute(f"GRANT INSERT (discloser, expiry_event) ON consents TO {CLIENT_WORK}")
        op.execute(f"GRANT UPDATE (revocation_note) ON consents TO {CLIENT_WORK}")


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("revocation_note")
        batch.drop_column("expiry_event")
        batch.drop_column("discloser")
