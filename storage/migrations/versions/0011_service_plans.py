"""Service plans: versions of goals and action steps, the client's agreement, and
reviews; the case remembers its last review, from which the next one counts.

Who sees a plan follows the case (0008's pattern): a caseworker the plans of
cases assigned to them, a supervisor all; the front desk and administrators
none (no grant at all). An agreed version never changes: on PostgreSQL a trigger
refuses any UPDATE or DELETE of it, and of its goals and steps anything beyond
the progress a review records (a goal's status, a step done).

Revision ID: 0011
Revises: 0009 (the lead re-chains it after 0010, the case notes, when merging)
Created: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
PLAN_WORK = f"{SUPERVISOR}, {CASEWORKER}"
STAMPS = "version, created_at, created_by, updated_at, updated_by"
ME = "(SELECT my_staff_id())"
MY_CASES = f"SELECT id FROM cases WHERE assigned_staff_id = {ME}"
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
GOAL_STATUSES = ("not_started", "in_progress", "achieved", "not_achieved", "discontinued")
STEP_OWNERS = ("client", "caseworker", "provider")
CASELOAD_COLUMNS = ["assigned_staff_id", "status", "program_id", "opened_on", "assigned_on"]


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
    # The caseload index covers what the board reads per case; the review anchor joins it.
    op.drop_index("ix_cases_caseload", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("last_review_on", sa.Date(), nullable=True))
    op.create_index("ix_cases_caseload", "cases", [*CASELOAD_COLUMNS, "last_review_on"])
    op.create_table(
        "service_plans",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("drafted_on", sa.Date(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("agreed_how", sa.String(20), nullable=True),
        sa.Column("agreement_recorded_by", sa.String(100), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_service_plans"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_service_plans_case_id_cases"),
        sa.UniqueConstraint("case_id", "number", name="uq_service_plans_case_id_number"),
        sa.CheckConstraint(
            _one_of("agreed_how", ("paper", "verbal")), name="ck_service_plans_agreed_how"
        ),
        sa.CheckConstraint("number >= 1", name="ck_service_plans_number"),
    )
    op.create_table(
        "plan_goals",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("plan_id", Id, nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("domain", sa.String(30), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), server_default="not_started", nullable=False),
        sa.Column("copied_from_id", Id, nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_plan_goals"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["service_plans.id"], name="fk_plan_goals_plan_id_service_plans"
        ),
        sa.ForeignKeyConstraint(
            ["copied_from_id"], ["plan_goals.id"], name="fk_plan_goals_copied_from_id_plan_goals"
        ),
        sa.CheckConstraint(_one_of("domain", LIFE_DOMAINS), name="ck_plan_goals_domain"),
        sa.CheckConstraint(_one_of("status", GOAL_STATUSES), name="ck_plan_goals_status"),
    )
    op.create_index("ix_plan_goals_plan_id_position", "plan_goals", ["plan_id", "position"])
    op.create_index("ix_plan_goals_copied_from_id", "plan_goals", ["copied_from_id"])
    op.create_table(
        "plan_steps",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("goal_id", Id, nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("what", sa.String(300), nullable=False),
        sa.Column("who", sa.String(20), nullable=False),
        sa.Column("provider", sa.String(200), server_default="", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), server_default=sa.false(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_plan_steps"),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["plan_goals.id"], name="fk_plan_steps_goal_id_plan_goals"
        ),
        sa.CheckConstraint(_one_of("who", STEP_OWNERS), name="ck_plan_steps_who"),
    )
    op.create_index("ix_plan_steps_goal_id_position", "plan_steps", ["goal_id", "position"])
    op.create_table(
        "plan_reviews",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("plan_id", Id, nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_reviews"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["service_plans.id"], name="fk_plan_reviews_plan_id_service_plans"
        ),
    )
    op.create_index(
        "ix_plan_reviews_plan_id_reviewed_on", "plan_reviews", ["plan_id", "reviewed_on"]
    )
    op.create_table(
        "plan_review_goals",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("review_id", Id, nullable=False),
        sa.Column("goal_id", Id, nullable=False),
        sa.Column("progress", sa.Text(), server_default="", nullable=False),
        sa.Column("status_before", sa.String(20), nullable=False),
        sa.Column("status_after", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_review_goals"),
        sa.ForeignKeyConstraint(
            ["review_id"], ["plan_reviews.id"], name="fk_plan_review_goals_review_id_plan_reviews"
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["plan_goals.id"], name="fk_plan_review_goals_goal_id_plan_goals"
        ),
        sa.CheckConstraint(
            _one_of("status_before", GOAL_STATUSES), name="ck_plan_review_goals_status_before"
        ),
        sa.CheckConstraint(
            _one_of("status_after", GOAL_STATUSES), name="ck_plan_review_goals_status_after"
        ),
    )
    op.create_index("ix_plan_review_goals_review_id", "plan_review_goals", ["review_id"])
    op.create_index("ix_plan_review_goals_goal_id", "plan_review_goals", ["goal_id"])
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    refuse = (
        "RAISE EXCEPTION 'Service plan version % was agreed with the client and cannot "
        "change; start a new version.', {plan} USING ERRCODE = 'insufficient_privilege'"
    )
    return [
        # Invoker's rights: whoever may touch the row may see its plan.
        f"""
CREATE FUNCTION plan_agreed_is_final() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    IF OLD.agreed_on IS NOT NULL THEN
        {refuse.format(plan="OLD.number")};
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$""",
        # TG_ARGV: the table's progress columns, which a review may still change
        # (with the stamps); the plan is found through the goal for a step.
        f"""
CREATE FUNCTION plan_part_is_final() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
DECLARE
    one jsonb := to_jsonb(CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END);
    agreed service_plans;
    fixed text[] := ARRAY['version', 'updated_at', 'updated_by'] || TG_ARGV;
BEGIN
    IF TG_TABLE_NAME = 'plan_steps' THEN
        SELECT p.* INTO agreed FROM service_plans p JOIN plan_goals g ON g.plan_id = p.id
         WHERE g.id = (one ->> 'goal_id')::bigint;
    ELSE
        SELECT p.* INTO agreed FROM service_plans p WHERE p.id = (one ->> 'plan_id')::bigint;
    END IF;
    IF agreed.agreed_on IS NOT NULL AND (
        TG_OP <> 'UPDATE' OR (to_jsonb(NEW) - fixed) IS DISTINCT FROM (to_jsonb(OLD) - fixed)
    ) THEN
        {refuse.format(plan="agreed.number")};
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$""",
        "REVOKE EXECUTE ON FUNCTION plan_agreed_is_final() FROM PUBLIC",
        "REVOKE EXECUTE ON FUNCTION plan_part_is_final() FROM PUBLIC",
    ]


def _policies(table: str, caseworker_rule: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {table}_owner_maintenance ON {table} FOR ALL TO {OWNER} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {table}_office ON {table} FOR ALL TO {SUPERVISOR} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {table}_caseload ON {table} FOR ALL TO {CASEWORKER} "
        f"USING ({caseworker_rule}) WITH CHECK ({caseworker_rule})",
    ]


def _secure() -> None:
    bind = op.get_bind()
    user, schema = bind.exec_driver_sql("SELECT current_user, current_schema()").one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    statements = _functions(schema)
    statements += [
        # Recording a review (or an agreement) moves the case's review clock on; a
        # caseworker's update of cases is limited to their open cases (0008).
        f"GRANT UPDATE (last_review_on) ON cases TO {PLAN_WORK}",
        f"GRANT SELECT ON service_plans, plan_goals, plan_steps, plan_reviews, "
        f"plan_review_goals TO {PLAN_WORK}",
        f"GRANT INSERT (case_id, number, drafted_on, {STAMPS}) ON service_plans TO {PLAN_WORK}",
        "GRANT UPDATE (agreed_on, agreed_how, agreement_recorded_by, version, updated_at, "
        f"updated_by) ON service_plans TO {PLAN_WORK}",
        "GRANT INSERT (plan_id, position, description, domain, target_on, status, "
        f"copied_from_id, {STAMPS}) ON plan_goals TO {PLAN_WORK}",
        "GRANT UPDATE (position, description, domain, target_on, status, version, updated_at, "
        f"updated_by) ON plan_goals TO {PLAN_WORK}",
        "GRANT INSERT (goal_id, position, what, who, provider, due_on, done, "
        f"{STAMPS}) ON plan_steps TO {PLAN_WORK}",
        f"GRANT UPDATE (done, version, updated_at, updated_by) ON plan_steps TO {PLAN_WORK}",
        # A draft's goals and steps are rewritten as it is edited; the trigger keeps
        # an agreed version's.
        f"GRANT DELETE ON plan_goals, plan_steps TO {PLAN_WORK}",
        # Reviews are append-only: nobody is granted UPDATE or DELETE.
        "GRANT INSERT (plan_id, reviewed_on, next_review_on, created_at, created_by) "
        f"ON plan_reviews TO {PLAN_WORK}",
        "GRANT INSERT (review_id, goal_id, progress, status_before, status_after) "
        f"ON plan_review_goals TO {PLAN_WORK}",
        "CREATE TRIGGER service_plans_final BEFORE UPDATE OR DELETE ON service_plans "
        "FOR EACH ROW EXECUTE FUNCTION plan_agreed_is_final()",
        "CREATE TRIGGER plan_goals_final BEFORE INSERT OR UPDATE OR DELETE ON plan_goals "
        "FOR EACH ROW EXECUTE FUNCTION plan_part_is_final('status')",
        "CREATE TRIGGER plan_steps_final BEFORE INSERT OR UPDATE OR DELETE ON plan_steps "
        "FOR EACH ROW EXECUTE FUNCTION plan_part_is_final('done')",
    ]
    mine = f"case_id IN ({MY_CASES})"
    plan_visible = "EXISTS (SELECT 1 FROM service_plans p WHERE p.id = {table}.plan_id)"
    statements += _policies("service_plans", mine)
    # The parents' own policies decide, inside each subquery.
    statements += _policies("plan_goals", plan_visible.format(table="plan_goals"))
    statements += _policies("plan_reviews", plan_visible.format(table="plan_reviews"))
    statements += _policies(
        "plan_steps", "EXISTS (SELECT 1 FROM plan_goals g WHERE g.id = plan_steps.goal_id)"
    )
    statements += _policies(
        "plan_review_goals",
        "EXISTS (SELECT 1 FROM plan_reviews r WHERE r.id = plan_review_goals.review_id)",
    )
    for table in ("service_plans", "plan_goals", "plan_steps", "plan_reviews", "plan_review_goals"):
        statements += [
            f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {PLAN_WORK}', "
            f"pg_get_serial_sequence('{table}', 'id')); END $$",
            f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
        ]
    cursor = bind.connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in ("plan_review_goals", "plan_reviews", "plan_steps", "plan_goals"):
        op.drop_table(table)
    if postgres:
        # The trigger refuses to delete agreed versions; dropping the table is the way.
        op.execute("DROP TRIGGER service_plans_final ON service_plans")
    op.drop_table("service_plans")
    if postgres:
        op.execute("DROP FUNCTION plan_agreed_is_final()")
        op.execute("DROP FUNCTION plan_part_is_final()")
        op.execute("REVOKE UPDATE (last_review_on) ON cases FROM " + PLAN_WORK)
    op.drop_index("ix_cases_caseload", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("last_review_on")
    op.create_index("ix_cases_caseload", "cases", CASELOAD_COLUMNS)
