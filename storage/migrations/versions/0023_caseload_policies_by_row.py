"""Row-level security that costs a caseworker the same however many cases she ever had.

The caseload policies said ``case_id IN (SELECT id FROM cases WHERE
assigned_staff_id = me)``: PostgreSQL builds that list once per statement and
table, from every case ever assigned to her, closed ones included. A
caseworker with 60 open and 1,500 closed cases paid for 1,560 rows on every
read of clients, notes, plans, tasks or referrals (tests/benchmarks/rls_cost.py:
a search 12 times the cost of a colleague's with 60 cases).

Access does not change: a caseworker still reads the cases assigned to her,
open or closed, and the records that belong to them (the design's rule: her
closed cases stay hers to look back on and to reopen). Each policy now asks
``EXISTS`` of the one case (or client, note, referral) the row belongs to, by
its key: a few index look-ups per row read, whatever the caseload's history.
The cases' own policies still apply inside each subquery.

Revision ID: 0023
Revises: 0022
Created: 2026-12-04
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
ME = "(SELECT my_staff_id())"
MY_CASE_IDS = f"SELECT id FROM cases WHERE assigned_staff_id = {ME}"


def _my_case(table: str, column: str = "case_id") -> str:
    return (
        f"EXISTS (SELECT 1 FROM cases WHERE cases.id = {table}.{column} "
        f"AND cases.assigned_staff_id = {ME})"
    )


INSERTED_BY_ME_NOW = "(created_by = session_user::text AND created_at = now())"
MY_CLIENT = (
    f"EXISTS (SELECT 1 FROM cases WHERE cases.client_id = clients.id "
    f"AND cases.assigned_staff_id = {ME})"
)
OLD_MY_CLIENT = f"id IN (SELECT client_id FROM cases WHERE assigned_staff_id = {ME})"
MY_TASK = f"(case_id IS NULL AND assignee_staff_id = {ME})"
NOT_OTHERS_CONFIDENTIAL = f"(NOT confidential OR author_staff_id = {ME})"

# policy: (table, new USING, new WITH CHECK or None, old USING, old WITH CHECK or None)
POLICIES = {
    "clients_caseload_read": (
        "clients",
        f"{MY_CLIENT} OR {INSERTED_BY_ME_NOW}",
        None,
        f"{OLD_MY_CLIENT} OR {INSERTED_BY_ME_NOW}",
        None,
    ),
    "clients_caseload_edit": ("clients", MY_CLIENT, MY_CLIENT, OLD_MY_CLIENT, OLD_MY_CLIENT),
    "case_notes_own_read": (
        "case_notes",
        f"{_my_case('case_notes')} AND {NOT_OTHERS_CONFIDENTIAL}",
        None,
        f"case_id IN ({MY_CASE_IDS}) AND {NOT_OTHERS_CONFIDENTIAL}",
        None,
    ),
    "case_note_addenda_read": (
        "case_note_addenda",
        "EXISTS (SELECT 1 FROM case_notes WHERE case_notes.id = case_note_addenda.note_id)",
        None,
        "note_id IN (SELECT id FROM case_notes)",
        None,
    ),
    "case_note_goals_read": (
        "case_note_goals",
        "EXISTS (SELECT 1 FROM case_notes WHERE case_notes.id = case_note_goals.note_id)",
        None,
        "note_id IN (SELECT id FROM case_notes)",
        None,
    ),
    "case_assignments_caseload": (
        "case_assignments",
        _my_case("case_assignments"),
        None,
        f"case_id IN ({MY_CASE_IDS})",
        None,
    ),
    "case_status_changes_caseload_read": (
        "case_status_changes",
        _my_case("case_status_changes"),
        None,
        f"case_id IN ({MY_CASE_IDS})",
        None,
    ),
    "service_plans_caseload": (
        "service_plans",
        _my_case("service_plans"),
        _my_case("service_plans"),
        f"case_id IN ({MY_CASE_IDS})",
        f"case_id IN ({MY_CASE_IDS})",
    ),
    "referrals_caseload": (
        "referrals",
        _my_case("referrals"),
        _my_case("referrals"),
        f"case_id IN ({MY_CASE_IDS})",
        f"case_id IN ({MY_CASE_IDS})",
    ),
    "referral_status_changes_caseload": (
        "referral_status_changes",
        "EXISTS (SELECT 1 FROM referrals WHERE referrals.id = referral_status_changes.referral_id)",
        "EXISTS (SELECT 1 FROM referrals WHERE referrals.id = referral_status_changes.referral_id)",
        f"referral_id IN (SELECT id FROM referrals WHERE case_id IN ({MY_CASE_IDS}))",
        f"referral_id IN (SELECT id FROM referrals WHERE case_id IN ({MY_CASE_IDS}))",
    ),
    "tasks_caseload": (
        "tasks",
        f"{MY_TASK} OR {_my_case('tasks')}",
        f"{MY_TASK} OR {_my_case('tasks')}",
        f"{MY_TASK} OR case_id IN ({MY_CASE_IDS})",
        f"{MY_TASK} OR case_id IN ({MY_CASE_IDS})",
    ),
}


def _alter(new: bool) -> list[str]:
    statements = []
    for name, (table, using, check, old_using, old_check) in POLICIES.items():
        rule, rule_check = (using, check) if new else (old_using, old_check)
        sql = f"ALTER POLICY {name} ON {table} USING ({rule})"
        statements.append(sql + (f" WITH CHECK ({rule_check})" if rule_check else ""))
    return statements


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(_alter(new=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(_alter(new=False))


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
