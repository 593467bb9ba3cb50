"""Request ids for the saves that create rows, so that a retry cannot double them.

When the connection to the shared server drops while a save is being
committed, the desk cannot know whether the row was made. The saves that
create rows on the paths people use most now carry a request id, made on the
desk (a UUID) and stored with the row under a unique index: a retry with the
same id finds the row the first attempt made instead of making a second one
(domain/common/saving.py). Older rows have none (NULL, which the index allows
any number of times).

- case_notes: a note's draft, started as the person begins to write
- case_note_addenda: an addendum to a signed note
- clients: a client registered, alone or at intake (with the members of the
  household registered with them)
- consents: a consent recorded, alone or at intake (the intake's consent
  carries the intake's id, and so tells whether the whole intake was saved)
- referrals: a referral made
- assessments: an assessment recorded (a follow-up assessment's form keeps
  its id until the save is confirmed)

The roles that insert these rows may name the new column (their INSERT grants
are per column); the front desk, which reads clients by column, may read it.

On PostgreSQL the column is added without rewriting the tables; each unique
index is built inside the upgrade's transaction, about a second for a million
notes.

Revision ID: 0024
Revises: 0023
Created: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"

COLUMN = "request_id"
# table: the group roles that insert its rows
TABLES = {
    "case_notes": (CASEWORKER, SUPERVISOR),
    "case_note_addenda": (CASEWORKER, SUPERVISOR),
    "clients": (CASEWORKER, FRONTDESK, SUPERVISOR),
    "consents": (CASEWORKER, FRONTDESK, SUPERVISOR),
    "referrals": (CASEWORKER, SUPERVISOR),
    "assessments": (CASEWORKER, FRONTDESK, SUPERVISOR),
}
# Roles that read a table by column rather than whole.
COLUMN_READERS = {"clients": (FRONTDESK,)}


def _index(table: str) -> str:
    return f"ix_{table}_{COLUMN}"


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column(COLUMN, sa.String(36), nullable=True))
        op.create_index(_index(table), table, [COLUMN], unique=True)
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, writers in TABLES.items():
        op.execute(f"GRANT INSERT ({COLUMN}) ON {table} TO {', '.join(writers)}")
    for table, readers in COLUMN_READERS.items():
        op.execute(f"GRANT SELECT ({COLUMN}) ON {table} TO {', '.join(readers)}")


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(_index(table), table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column(COLUMN)
