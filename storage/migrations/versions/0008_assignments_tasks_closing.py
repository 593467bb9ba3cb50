"""Assignment history, tasks and reminders, and closing cases with a reason and an
outcome; with their grants and row-level security on PostgreSQL.

Who sees what follows the case: a caseworker reads the assignment history and
the tasks of cases assigned to them (and their own tasks on no case), so a
reassigned case takes its history and tasks away from the previous caseworker
along with the case itself (the cases policies of 0003). Supervisors see and
assign everything; the front desk and administrators see neither.

Revision ID: 0008
Revises: 0007
Created: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
CASE_WORK = f"{SUPERVISOR}, {CASEWORKER}"
CLOSE_REASONS = (
    "goals_met",
    "client_withdrew",
    "lost_contact",
    "moved_away",
    "referred_elsewhere",
    "not_eligible",
    "deceased",
    "other",
)
CASE_OUTCOMES = ("achieved", "partly_achieved", "not_achieved", "unknown")
TASK_SOURCES = ("manual", "plan_review", "consent_expiry")

# (SELECT my_staff_id()) is evaluated once per statement; a bare my_staff_id() (a
# SECURITY DEFINER function, never inlined) once per row the policy looks at.
ME = "(SELECT my_staff_id())"
MY_CASES = f"SELECT id FROM cases WHERE assigned_staff_id = {ME}"
# The cases' own policies apply inside the subquery as well.
MY_TASKS = f"(case_id IS NULL AND assignee_staff_id = {ME}) OR case_id IN ({MY_CASES})"
# A caseworker may put their own open case on hold and resume it, nothing more:
# the column grant below is status (and the stamps) alone.
HOLD_OR_RESUME = f"assigned_staff_id = {ME} AND status IN ('open', 'on_hold')"
# 0003's caseload policies, same rules, with my_staff_id() evaluated once: the
# caseworker's My day reads cases and clients several times (caseload_speed.py).
INSERTED_BY_ME_NOW = "(created_by = session_user::text AND created_at = now())"
CASELOAD_POLICIES = {
    # name: (table, USING, WITH CHECK or None) as 0008 leaves them
    "cases_own_read": ("cases", f"assigned_staff_id = {ME} OR {INSERTED_BY_ME_NOW}", None),
    "clients_caseload_read": (
        "clients",
        f"id IN (SELECT client_id FROM cases WHERE assigned_staff_id = {ME}) "
        f"OR {INSERTED_BY_ME_NOW}",
        None,
    ),
    "clients_caseload_edit": (
        "clients",
        f"id IN (SELECT client_id FROM cases WHERE assigned_staff_id = {ME})",
        f"id IN (SELECT client_id FROM cases WHERE assigned_staff_id = {ME})",
    ),
}


def _alter_policies(per_row: bool) -> list[str]:
    """ALTER POLICY for CASELOAD_POLICIES; ``per_row`` puts 0003's form back."""
    statements = []
    for name, (table, using, check) in CASELOAD_POLICIES.items():
        if per_row:
            using = using.replace(ME, "my_staff_id()")
            check = check and check.replace(ME, "my_staff_id()")
        sql = f"ALTER POLICY {name} ON {table} USING ({using})"
        statements.append(sql + (f" WITH CHECK ({check})" if check else ""))
    return statements


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("assigned_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("close_reason", sa.String(30), nullable=True))
        batch.add_column(sa.Column("close_outcome", sa.String(30), nullable=True))
        batch.add_column(sa.Column("close_note", sa.String(500), nullable=True))
        batch.add_column(sa.Column("closed_by", sa.String(100), nullable=True))
        batch.create_check_constraint(
            "ck_cases_close_reason", _one_of("close_reason", CLOSE_REASONS)
        )
        batch.create_check_constraint(
            "ck_cases_close_outcome", _one_of("close_outcome", CASE_OUTCOMES)
        )
    op.create_index(
        "ix_cases_caseload",
        "cases",
        ["assigned_staff_id", "status", "program_id", "opened_on", "assigned_on"],
    )
    op.create_index("ix_consents_expires_on", "consents", ["expires_on"])
    op.create_table(
        "case_assignments",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("staff_id", Id, nullable=True),
        sa.Column("previous_staff_id", Id, nullable=True),
        sa.Column("note", sa.String(500), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_assignments"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_assignments_case_id_cases"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name="fk_case_assignments_staff_id_staff"
        ),
        sa.ForeignKeyConstraint(
            ["previous_staff_id"],
            ["staff.id"],
            name="fk_case_assignments_previous_staff_id_staff",
        ),
    )
    op.create_index("ix_case_assignments_case_id_id", "case_assignments", ["case_id", "id"])
    op.create_table(
        "tasks",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("note", sa.String(500), server_default="", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("assignee_staff_id", Id, nullable=True),
        sa.Column("case_id", Id, nullable=True),
        sa.Column("source", sa.String(20), server_default="manual", nullable=False),
        sa.Column("source_key", sa.String(100), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.ForeignKeyConstraint(
            ["assignee_staff_id"], ["staff.id"], name="fk_tasks_assignee_staff_id_staff"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_tasks_case_id_cases"),
        sa.UniqueConstraint("source", "source_key", name="uq_tasks_source_source_key"),
        sa.CheckConstraint(_one_of("source", TASK_SOURCES), name="ck_tasks_source"),
    )
    op.create_index("ix_tasks_assignee_staff_id_due_on", "tasks", ["assignee_staff_id", "due_on"])
    op.create_index("ix_tasks_case_id", "tasks", ["case_id"])
    op.create_index(
        "ix_tasks_done_at_due_on_assignee_staff_id",
        "tasks",
        ["done_at", "due_on", "assignee_staff_id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _policies(table: str, caseworker_command: str, caseworker_rule: str) -> list[str]:
    check = "" if caseworker_command == "SELECT" else f" WITH CHECK ({caseworker_rule})"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {table}_owner_maintenance ON {table} FOR ALL TO {OWNER} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {table}_office ON {table} FOR ALL TO {SUPERVISOR} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY {table}_caseload ON {table} FOR {caseworker_command} TO {CASEWORKER} "
        f"USING ({caseworker_rule}){check}",
    ]


def _secure() -> None:
    user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    statements = [
        "GRANT INSERT (assigned_on) ON cases TO " + SUPERVISOR,
        "GRANT UPDATE (assigned_on, close_reason, close_outcome, close_note, closed_by) "
        f"ON cases TO {SUPERVISOR}",
        f"GRANT UPDATE (status, version, updated_at, updated_by) ON cases TO {CASEWORKER}",
        f"CREATE POLICY cases_hold_or_resume_own ON cases FOR UPDATE TO {CASEWORKER} "
        f"USING ({HOLD_OR_RESUME}) WITH CHECK ({HOLD_OR_RESUME})",
        # The history is append-only: nobody is granted UPDATE or DELETE.
        f"GRANT SELECT ON case_assignments TO {CASE_WORK}",
        "GRANT INSERT (case_id, staff_id, previous_staff_id, note, created_at, created_by) "
        f"ON case_assignments TO {SUPERVISOR}",
        f"GRANT SELECT ON tasks TO {CASE_WORK}",
        "GRANT INSERT (title, note, due_on, assignee_staff_id, case_id, source, source_key, "
        f"version, created_at, created_by, updated_at, updated_by) ON tasks TO {CASE_WORK}",
        "GRANT UPDATE (title, note, due_on, done_at, done_by, version, updated_at, updated_by) "
        f"ON tasks TO {CASE_WORK}",
        # Tasks move with their case when a supervisor reassigns it.
        f"GRANT UPDATE (assignee_staff_id) ON tasks TO {SUPERVISOR}",
    ]
    statements += _alter_policies(per_row=False)
    statements += _policies("case_assignments", "SELECT", f"case_id IN ({MY_CASES})")
    statements += _policies("tasks", "ALL", MY_TASKS)
    for table, grantees in (("case_assignments", SUPERVISOR), ("tasks", CASE_WORK)):
        statements += [
            f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {grantees}', "
            f"pg_get_serial_sequence('{table}', 'id')); END $$",
            f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
        ]
    _run(statements)


def _run(statements: list[str]) -> None:
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(
            [
                *_alter_policies(per_row=True),
                "DROP POLICY cases_hold_or_resume_own ON cases",
                f"REVOKE UPDATE (status, version, updated_at, updated_by) ON cases "
                f"FROM {CASEWORKER}",
            ]
        )
    op.drop_table("tasks")
    op.drop_table("case_assignments")
    op.drop_index("ix_cases_caseload", table_name="cases")
    op.drop_index("ix_consents_expires_on", table_name="consents")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("ck_cases_close_outcome", type_="check")
        batch.drop_constraint("ck_cases_close_reason", type_="check")
        batch.drop_column("closed_by")
        batch.drop_column("close_note")
        batch.drop_column("close_outcome")
        batch.drop_column("close_reason")
        batch.drop_column("assigned_on")
