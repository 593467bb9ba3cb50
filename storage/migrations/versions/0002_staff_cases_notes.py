"""Staff accounts, office settings, and the first shape of cases and case notes.

Cases and notes carry only what the access rules need (who a case is assigned
to, who wrote a note); later migrations give them the rest.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
        sa.UniqueConstraint("username", name="uq_staff_username"),
        sa.CheckConstraint(
            "role IN ('admin', 'supervisor', 'caseworker', 'frontdesk')", name="ck_staff_role"
        ),
    )
    op.create_table(
        "cases",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("client_id", Id, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="intake"),
        sa.Column("assigned_staff_id", Id, nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name="fk_cases_client_id_clients"),
        sa.ForeignKeyConstraint(
            ["assigned_staff_id"], ["staff.id"], name="fk_cases_assigned_staff_id_staff"
        ),
        sa.CheckConstraint(
            "status IN ('intake', 'open', 'on_hold', 'closed')", name="ck_cases_status"
        ),
    )
    op.create_index("ix_cases_client_id", "cases", ["client_id"])
    op.create_index("ix_cases_assigned_staff_id_status", "cases", ["assigned_staff_id", "status"])
    op.create_table(
        "case_notes",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("author_staff_id", Id, nullable=False),
        sa.Column("contact_on", sa.Date(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_notes"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_notes_case_id_cases"),
        sa.ForeignKeyConstraint(
            ["author_staff_id"], ["staff.id"], name="fk_case_notes_author_staff_id_staff"
        ),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("case_notes")
    op.drop_table("cases")
    op.drop_table("staff")
