"""The community resource directory and closed-loop referrals, with the
referral follow-up reminder among the task sources.

Everyone signed in reads the directory (it holds no client data); administrators
and supervisors keep it. Referrals follow their case: a caseworker reads and
updates the referrals (and their status history) of cases assigned to them,
supervisors all of them; the front desk and administrators none.

Revision ID: 0012
Revises: 0009 (re-chained after the case-notes and plan migrations when merged)
Created: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

OWNER = "casedesk_owner"
ADMIN = "casedesk_admin"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
EVERY_ROLE = f"{ADMIN}, {SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"
KEEPERS = f"{ADMIN}, {SUPERVISOR}"
CASE_WORK = f"{SUPERVISOR}, {CASEWORKER}"

OLD_TASK_SOURCES = ("manual", "plan_review", "consent_expiry")
TASK_SOURCES = (*OLD_TASK_SOURCES, "referral_follow_up")
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
REFERRAL_STATUSES = (
    "sent",
    "acknowledged",
    "accepted",
    "declined",
    "service_started",
    "completed",
    "no_response",
)
REFERRAL_METHODS = ("phone", "email", "letter", "warm_handoff")

ME = "(SELECT my_staff_id())"
MY_CASES = f"SELECT id FROM cases WHERE assigned_staff_id = {ME}"
MY_REFERRALS = f"SELECT id FROM referrals WHERE case_id IN ({MY_CASES})"

RESOURCE_COLUMNS = (
    "organisation, service, categories, address, phone, email, website, hours, "
    "eligibility, intake_notes, languages, active, version, updated_at, updated_by"
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
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint("ck_tasks_source", type_="check")
        batch.create_check_constraint("ck_tasks_source", _one_of("source", TASK_SOURCES))
    op.create_table(
        "resources",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("organisation", sa.String(150), nullable=False),
        sa.Column("service", sa.String(150), server_default="", nullable=False),
        sa.Column("categories", sa.String(300), nullable=False),
        sa.Column("address", sa.String(310), server_default="", nullable=False),
        sa.Column("phone", sa.String(40), server_default="", nullable=False),
        sa.Column("email", sa.String(254), server_default="", nullable=False),
        sa.Column("website", sa.String(300), server_default="", nullable=False),
        sa.Column("hours", sa.String(200), server_default="", nullable=False),
        sa.Column("eligibility", sa.Text(), server_default="", nullable=False),
        sa.Column("intake_notes", sa.Text(), server_default="", nullable=False),
        sa.Column("languages", sa.String(600), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_resources"),
    )
    op.create_index("ix_resources_active_organisation", "resources", ["active", "organisation"])
    op.create_table(
        "referrals",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("client_id", Id, nullable=False),
        sa.Column("resource_id", Id, nullable=False),
        sa.Column("need", sa.String(30), nullable=True),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("self_referral", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("consent_id", Id, nullable=True),
        sa.Column("overridden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("status", sa.String(20), server_default="sent", nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(1000), server_default="", nullable=False),
        sa.Column("referred_by_staff_id", Id, nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_referrals"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_referrals_case_id_cases"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_referrals_client_id_clients"
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resources.id"], name="fk_referrals_resource_id_resources"
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name="fk_referrals_consent_id_consents"
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_staff_id"], ["staff.id"], name="fk_referrals_referred_by_staff_id_staff"
        ),
        sa.CheckConstraint(_one_of("status", REFERRAL_STATUSES), name="ck_referrals_status"),
        sa.CheckConstraint(_one_of("method", REFERRAL_METHODS), name="ck_referrals_method"),
        sa.CheckConstraint(_one_of("need", LIFE_DOMAINS), name="ck_referrals_need"),
    )
    op.create_index("ix_referrals_case_id", "referrals", ["case_id"])
    op.create_index("ix_referrals_client_id", "referrals", ["client_id"])
    op.create_index("ix_referrals_status_sent_on", "referrals", ["status", "sent_on"])
    op.create_table(
        "referral_status_changes",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("referral_id", Id, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(500), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_referral_status_changes"),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name="fk_referral_status_changes_referral_id_referrals",
        ),
        sa.CheckConstraint(
            _one_of("status", REFERRAL_STATUSES), name="ck_referral_status_changes_status"
        ),
    )
    op.create_index(
        "ix_referral_status_changes_referral_id_id",
        "referral_status_changes",
        ["referral_id", "id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _rls(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {table}_owner_maintenance ON {table} FOR ALL TO {OWNER} "
        "USING (true) WITH CHECK (true)",
    ]


def _secure() -> None:
    user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py db upgrade`."
        )
    statements = [
        # The directory: read by everyone, kept by administrators and supervisors.
        f"GRANT SELECT ON resources TO {EVERY_ROLE}",
        f"GRANT INSERT ({RESOURCE_COLUMNS}, created_at, created_by) ON resources TO {KEEPERS}",
        f"GRANT UPDATE ({RESOURCE_COLUMNS}) ON resources TO {KEEPERS}",
        *_rls("resources"),
        f"CREATE POLICY resources_read ON resources FOR SELECT TO {EVERY_ROLE} USING (true)",
        f"CREATE POLICY resources_keep ON resources FOR ALL TO {KEEPERS} "
        "USING (true) WITH CHECK (true)",
        # Referrals follow their case.
        f"GRANT SELECT ON referrals TO {CASE_WORK}",
        "GRANT INSERT (case_id, client_id, resource_id, need, goal_id, reason, sent_on, method, "
        "self_referral, consent_id, overridden, status, status_on, outcome, "
        "referred_by_staff_id, version, created_at, created_by, updated_at, updated_by) "
        f"ON referrals TO {CASE_WORK}",
        "GRANT UPDATE (status, status_on, outcome, version, updated_at, updated_by) "
        f"ON referrals TO {CASE_WORK}",
        *_rls("referrals"),
        f"CREATE POLICY referrals_office ON referrals FOR ALL TO {SUPERVISOR} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY referrals_caseload ON referrals FOR ALL TO {CASEWORKER} "
        f"USING (case_id IN ({MY_CASES})) WITH CHECK (case_id IN ({MY_CASES}))",
        # The history is append-only: nobody is granted UPDATE or DELETE.
        f"GRANT SELECT ON referral_status_changes TO {CASE_WORK}",
        "GRANT INSERT (referral_id, status, changed_on, note, created_at, created_by) "
        f"ON referral_status_changes TO {CASE_WORK}",
        *_rls("referral_status_changes"),
        f"CREATE POLICY referral_status_changes_office ON referral_status_changes FOR ALL "
        f"TO {SUPERVISOR} USING (true) WITH CHECK (true)",
        f"CREATE POLICY referral_status_changes_caseload ON referral_status_changes FOR ALL "
        f"TO {CASEWORKER} USING (referral_id IN ({MY_REFERRALS})) "
        f"WITH CHECK (referral_id IN ({MY_REFERRALS}))",
    ]
    for table, grantees in (
        ("resources", KEEPERS),
        ("referrals", CASE_WORK),
        ("referral_status_changes", CASE_WORK),
    ):
        statements += [
            f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {grantees}', "
            f"pg_get_serial_sequence('{table}', 'id')); END $$",
            f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
        ]
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    op.drop_table("referral_status_changes")
    op.drop_table("referrals")
    op.drop_table("resources")
    op.execute("DELETE FROM tasks WHERE source = 'referral_follow_up'")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint("ck_tasks_source", type_="check")
        batch.create_check_constraint("ck_tasks_source", _one_of("source", OLD_TASK_SOURCES))
