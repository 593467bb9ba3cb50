"""The full client record (HMIS universal data elements), households, search words,
duplicate-detection keys and merges; with their grants and row-level security on
PostgreSQL.

Full SSNs are readable on the shared server only by supervisors and caseworkers
(column privileges): the front desk types them at intake and sees the last four.

Revision ID: 0004
Revises: 0003
Created: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Folded search words compare byte by byte, so that a prefix range
# (word >= 'mar' AND word < 'mar~') uses the index on both databases.
Word = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
CLIENT_WORK = f"{SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"

NEW_CLIENT_COLUMNS = (
    "middle_name, suffix, preferred_name, name_quality, dob_quality, ssn, ssn_last4, "
    "ssn_quality, sex, veteran_status, disabling_condition, email, address_line1, "
    "address_line2, city, state, postal_code, language, interpreter_needed, emergency_name, "
    "emergency_phone, emergency_relationship, household_id, relationship_to_head, "
    "merged_into_id"
)
# Every column of clients but the full SSN: what the front desk may read.
CLIENT_COLUMNS_BUT_SSN = (
    "id, version, first_name, last_name, date_of_birth, phone, phone_digits, created_at, "
    "created_by, updated_at, updated_by, middle_name, suffix, preferred_name, name_quality, "
    "dob_quality, ssn_last4, ssn_quality, sex, veteran_status, disabling_condition, email, "
    "address_line1, address_line2, city, state, postal_code, language, interpreter_needed, "
    "emergency_name, emergency_phone, emergency_relationship, household_id, "
    "relationship_to_head, merged_into_id"
)
CLIENT_CHILD_TABLES = ("client_race_ethnicity", "client_search_words", "client_match_keys")


def _add_client_columns() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("middle_name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("suffix", sa.String(20), nullable=True))
        batch.add_column(sa.Column("preferred_name", sa.String(100), nullable=True))
        batch.add_column(
            sa.Column("name_quality", sa.SmallInteger(), nullable=False, server_default="1")
        )
        batch.add_column(
            sa.Column("dob_quality", sa.SmallInteger(), nullable=False, server_default="99")
        )
        batch.add_column(sa.Column("ssn", sa.String(9), nullable=True))
        batch.add_column(sa.Column("ssn_last4", sa.String(4), nullable=True))
        batch.add_column(
            sa.Column("ssn_quality", sa.SmallInteger(), nullable=False, server_default="99")
        )
        for name in ("sex", "veteran_status", "disabling_condition"):
            batch.add_column(
                sa.Column(name, sa.SmallInteger(), nullable=False, server_default="99")
            )
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("address_line1", sa.String(100), nullable=True))
        batch.add_column(sa.Column("address_line2", sa.String(100), nullable=True))
        batch.add_column(sa.Column("city", sa.String(60), nullable=True))
        batch.add_column(sa.Column("state", sa.String(2), nullable=True))
        batch.add_column(sa.Column("postal_code", sa.String(10), nullable=True))
        batch.add_column(sa.Column("language", sa.String(40), nullable=True))
        batch.add_column(
            sa.Column("interpreter_needed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("emergency_name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("emergency_phone", sa.String(40), nullable=True))
        batch.add_column(sa.Column("emergency_relationship", sa.String(40), nullable=True))
        batch.add_column(sa.Column("household_id", Id, nullable=True))
        batch.add_column(sa.Column("relationship_to_head", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("merged_into_id", Id, nullable=True))
        batch.create_foreign_key(
            "fk_clients_household_id_households", "households", ["household_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_clients_merged_into_id_clients", "clients", ["merged_into_id"], ["id"]
        )
        batch.create_index("ix_clients_date_of_birth", ["date_of_birth"])
        batch.create_index("ix_clients_ssn_last4", ["ssn_last4"])
        batch.create_index("ix_clients_household_id", ["household_id"])


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_households"),
    )
    _add_client_columns()
    # Records kept before this revision: a date of birth given was a full one.
    op.execute("UPDATE clients SET dob_quality = 1 WHERE date_of_birth IS NOT NULL")
    op.create_table(
        "client_race_ethnicity",
        sa.Column("client_id", Id, nullable=False),
        sa.Column("code", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "code", name="pk_client_race_ethnicity"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_client_race_ethnicity_client_id_clients"
        ),
    )
    op.create_table(
        "client_search_words",
        sa.Column("client_id", Id, nullable=False),
        sa.Column("word", Word, nullable=False),
        sa.PrimaryKeyConstraint("client_id", "word", name="pk_client_search_words"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_client_search_words_client_id_clients"
        ),
    )
    op.create_index(
        "ix_client_search_words_word_client_id", "client_search_words", ["word", "client_id"]
    )
    op.create_table(
        "client_match_keys",
        sa.Column("client_id", Id, nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "key", name="pk_client_match_keys"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_client_match_keys_client_id_clients"
        ),
    )
    op.create_index("ix_client_match_keys_key_client_id", "client_match_keys", ["key", "client_id"])
    op.create_table(
        "client_merges",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("survivor_id", Id, nullable=False),
        sa.Column("merged_id", Id, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("moved_case_ids", sa.Text(), nullable=False, server_default=""),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_by", sa.String(100), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_client_merges"),
        sa.ForeignKeyConstraint(
            ["survivor_id"], ["clients.id"], name="fk_client_merges_survivor_id_clients"
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"], ["clients.id"], name="fk_client_merges_merged_id_clients"
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _secure() -> None:
    """Grants and row-level security for what this revision adds (see 0003)."""
    user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    visible = "client_id IN (SELECT id FROM clients)"  # clients' own policies apply
    statements = [
        # The front desk reads every column but the full SSN.
        f"REVOKE SELECT ON clients FROM {FRONTDESK}",
        f"GRANT SELECT ({CLIENT_COLUMNS_BUT_SSN}) ON clients TO {FRONTDESK}",
        f"GRANT INSERT ({NEW_CLIENT_COLUMNS}) ON clients TO {CLIENT_WORK}",
        f"GRANT UPDATE ({NEW_CLIENT_COLUMNS}) ON clients TO {CLIENT_WORK}",
        f"GRANT SELECT, INSERT (version, created_at, created_by, updated_at, updated_by), "
        f"UPDATE (version, updated_at, updated_by) ON households TO {CLIENT_WORK}",
        f"GRANT SELECT, INSERT, UPDATE ON client_merges TO {SUPERVISOR}",
        "CREATE TRIGGER households_stamp BEFORE INSERT OR UPDATE ON households "
        "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
    ]
    for table in ("households", "client_merges"):
        statements.append(
            f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {CLIENT_WORK}', "
            f"pg_get_serial_sequence('{table}', 'id')); END $$"
        )
    for table in ("households", "client_merges"):
        statements.append(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()"
        )
    for table in CLIENT_CHILD_TABLES:
        statements += [
            f"GRANT SELECT, INSERT, DELETE ON {table} TO {CLIENT_WORK}",
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_owner_maintenance ON {table} FOR ALL TO {OWNER} "
            "USING (true) WITH CHECK (true)",
            # Search words and match keys give names and birth dates away as
            # surely as the record: they follow the clients' own visibility.
            f"CREATE POLICY {table}_office ON {table} FOR ALL TO {SUPERVISOR}, {FRONTDESK} "
            "USING (true) WITH CHECK (true)",
            f"CREATE POLICY {table}_caseload ON {table} FOR ALL TO {CASEWORKER} "
            f"USING ({visible}) WITH CHECK ({visible})",
        ]
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        cursor = op.get_bind().connection.driver_connection.cursor()
        for statement in (
            "DROP TRIGGER households_stamp ON households",
            "DROP TRIGGER households_audit ON households",
            "DROP TRIGGER client_merges_audit ON client_merges",
            f"GRANT SELECT ON clients TO {FRONTDESK}",
        ):
            cursor.execute(statement)
    op.drop_table("client_merges")
    op.drop_table("client_match_keys")
    op.drop_table("client_search_words")
    op.drop_table("client_race_ethnicity")
    with op.batch_alter_table("clients") as batch:
        batch.drop_index("ix_clients_household_id")
        batch.drop_index("ix_clients_ssn_last4")
        batch.drop_index("ix_clients_date_of_birth")
        batch.drop_constraint("fk_clients_merged_into_id_clients", type_="foreignkey")
        batch.drop_constraint("fk_clients_household_id_households", type_="foreignkey")
        for column in reversed([c.strip() for c in NEW_CLIENT_COLUMNS.split(",")]):
            batch.drop_column(column)
    op.drop_table("households")
