"""Indexes for every filter of the audit trail screen.

The screen filters by person, action, client number and a date range, alone or
together, and shows the newest events first (occurred_at, then id), a page at a
time. Until now only the time and (entity_type, entity_id) were indexed, so a
person or an action seldom seen meant reading the whole trail newest first:
0.2 to 0.6 s at 4 million rows, and the trail grows by about four rows per
signed note. Each filter now has an index that hands its rows over in the
screen's order, so a page costs the same at 4 or 40 million rows:

- person: (actor, occurred_at, id); with dates, a range of it
- action: (action, occurred_at, id)
- person and action: (actor, action, occurred_at, id); without it a busy
  person and a common action they never took meant reading all of that
  person's rows (60 ms at 4 million, growing with the trail)
- client number: (entity_type, entity_id, occurred_at, id), which replaces
  (entity_type, entity_id)
- dates alone, or nothing: (occurred_at), as before

Measured on 4 million rows (tests/benchmarks/scale.py): every filter and
combination under 10 ms. Monthly partitioning was measured too and not taken:
no filter got faster, most got 2 to 3 times slower (each partition's index is
probed), and it would need future partitions made ahead.

On PostgreSQL the indexes are built inside the upgrade's transaction, which
holds off new audit rows, and so every desk's saves, while they build: about
20 s at 4 million rows. On a large trail, run the upgrade out of hours, or build
them first with CREATE INDEX CONCURRENTLY under the names below (as
casedesk_owner); the upgrade then keeps them.

Revision ID: 0022
Revises: 0021
Created: 2026-12-04
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TABLE = "audit_events"
INDEXES = (
    ("ix_audit_events_actor_occurred_at_id", ["actor", "occurred_at", "id"]),
    ("ix_audit_events_action_occurred_at_id", ["action", "occurred_at", "id"]),
    ("ix_audit_events_actor_action_occurred_at_id", ["actor", "action", "occurred_at", "id"]),
    (
        "ix_audit_events_entity_type_entity_id_occurred_at_id",
        ["entity_type", "entity_id", "occurred_at", "id"],
    ),
)
REPLACED = ("ix_audit_events_entity_type_entity_id", ["entity_type", "entity_id"])


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, TABLE, columns, if_not_exists=True)
    op.drop_index(REPLACED[0], TABLE)


def downgrade() -> None:
    op.create_index(REPLACED[0], TABLE, REPLACED[1])
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, TABLE)
