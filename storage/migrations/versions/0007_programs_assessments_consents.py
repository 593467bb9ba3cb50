"""Programs, assessments (life-domain scores) and consents: what an intake records;
with their grants and row-level security on PostgreSQL.

Programs are the office's catalogue: everyone reads them, administrators define
them. Assessments and consents are part of the client's record and follow the
clients' own visibility, like the client child tables of 0004 and 0006.

Revision ID: 0007
Revises: 0006
Created: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

OWNER = "casedesk_owner"
STAFF = "casedesk_staff"
ADMIN = "casedesk_admin"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
CLIENT_WORK = f"{SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"
STAMPS = "version, created_at, created_by, updated_at, updated_by"
LIFE_DOMAINS = (
    "housing",
    "income",
    "employment",
    "food",
    "health",
    "mental_health",
    "substance_use",
    "childcare",
    "transportation",
    "legal",
    "safety",
    "education",
    "support_network",
)


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.String(300), server_default="", nullable=False),
        sa.Column("review_interval_days", sa.Integer(), server_default="90", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_programs"),
        sa.UniqueConstraint("name", name="uq_programs_name"),
        sa.CheckConstraint(
            "review_interval_days BETWEEN 7 AND 366", name="ck_programs_review_interval"
        ),
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("program_id", Id, nullable=True))
        batch.create_foreign_key("fk_cases_program_id_programs", "programs", ["program_id"], ["id"])
    op.create_table(
        "assessments",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("client_id", Id, nullable=False),
        sa.Column("case_id", Id, nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("strengths", sa.Text(), server_default="", nullable=False),
        sa.Column("needs", sa.Text(), server_default="", nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_assessments_client_id_clients"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_assessments_case_id_cases"),
        sa.CheckConstraint(
            _one_of("kind", ("initial", "review", "closing")), name="ck_assessments_kind"
        ),
    )
    op.create_index(
        "ix_assessments_client_id_assessed_on", "assessments", ["client_id", "assessed_on"]
    )
    op.create_index("ix_assessments_case_id", "assessments", ["case_id"])
    op.create_table(
        "assessment_scores",
        sa.Column("assessment_id", Id, nullable=False),
        sa.Column("domain", sa.String(30), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.String(300), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", "domain", name="pk_assessment_scores"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_assessment_scores_assessment_id_assessments",
        ),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_assessment_scores_score"),
        sa.CheckConstraint(_one_of("domain", LIFE_DOMAINS), name="ck_assessment_scores_domain"),
    )
    op.create_table(
        "consents",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("client_id", Id, nullable=False),
        sa.Column("case_id", Id, nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("recipient", sa.String(200), server_default="", nullable=False),
        sa.Column("purpose", sa.String(500), server_default="", nullable=False),
        sa.Column("information", sa.String(500), server_default="", nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_by", sa.String(100), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_consents_client_id_clients"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_consents_case_id_cases"),
        sa.CheckConstraint(
            _one_of("kind", ("services", "release", "media")), name="ck_consents_kind"
        ),
        sa.CheckConstraint(_one_of("method", ("paper", "verbal")), name="ck_consents_method"),
    )
    op.create_index("ix_consents_client_id", "consents", ["client_id"])
    op.create_index("ix_consents_case_id", "consents", ["case_id"])
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _client_record_policies(table: str, visible: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {table}_owner_maintenance ON {table} FOR ALL TO {OWNER} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {table}_office ON {table} FOR ALL TO {SUPERVISOR}, {FRONTDESK} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {table}_caseload ON {table} FOR ALL TO {CASEWORKER} "
        f"USING ({visible}) WITH CHECK ({visible})",
    ]


def _secure() -> None:
    user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    statements = [
        f"GRANT SELECT ON programs TO {STAFF}",
        "GRANT INSERT (name, description, review_interval_days, active, "
        f"{STAMPS}) ON programs TO {ADMIN}",
        "GRANT UPDATE (name, description, review_interval_days, active, version, updated_at, "
        f"updated_by) ON programs TO {ADMIN}",
        f"GRANT INSERT (program_id) ON cases TO {CLIENT_WORK}",
        f"GRANT UPDATE (program_id) ON cases TO {SUPERVISOR}",
        f"GRANT SELECT ON assessments, assessment_scores, consents TO {CLIENT_WORK}",
        "GRANT INSERT (client_id, case_id, kind, assessed_on, strengths, needs, "
        f"{STAMPS}) ON assessments TO {CLIENT_WORK}",
        "GRANT UPDATE (assessed_on, strengths, needs, version, updated_at, updated_by) "
        f"ON assessments TO {SUPERVISOR}, {CASEWORKER}",
        f"GRANT INSERT ON assessment_scores TO {CLIENT_WORK}",
        f"GRANT DELETE ON assessment_scores TO {SUPERVISOR}, {CASEWORKER}",
        "GRANT INSERT (client_id, case_id, kind, method, signed_on, effective_on, expires_on, "
        f"recipient, purpose, information, {STAMPS}) ON consents TO {CLIENT_WORK}",
        # A consent is changed only by revoking it.
        "GRANT UPDATE (revoked_on, revoked_by, version, updated_at, updated_by) "
        f"ON consents TO {CLIENT_WORK}",
    ]
    for table, grantees in (
        ("programs", ADMIN),
        ("assessments", CLIENT_WORK),
        ("consents", CLIENT_WORK),
    ):
        statements += [
            f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {grantees}', "
            f"pg_get_serial_sequence('{table}', 'id')); END $$",
            f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
        ]
    for table in ("assessments", "consents"):
        statements += _client_record_policies(
            table, f"EXISTS (SELECT 1 FROM clients WHERE clients.id = {table}.client_id)"
        )
    # The assessments' own policies decide, inside the subquery.
    statements += _client_record_policies(
        "assessment_scores",
        "EXISTS (SELECT 1 FROM assessments WHERE assessments.id = assessment_scores.assessment_id)",
    )
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    op.drop_table("consents")
    op.drop_table("assessment_scores")
    op.drop_table("assessments")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("fk_cases_program_id_programs", type_="foreignkey")
        batch.drop_column("program_id")
    op.drop_table("programs")
