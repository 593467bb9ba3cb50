"""Live updates on the shared server: every change a desk commits is announced.

Row triggers on the tables people work on call ``pg_notify('casedesk_changes',
payload)``. PostgreSQL delivers a notification only when (and if) the
transaction commits, so a listener never hears of a change it cannot yet read.
The payload holds ids and a version only: the table, the row, the client, case,
note or plan it belongs to, and for a case or task the staff ids it is assigned
to (before and after), so the caseworker a case was taken from hears of it.
No names, no text. Each desk's listener (storage/live/postgres_feed.py) then
re-reads through the services, under its own login, so row-level security
still decides what anyone sees.

Staff rows change on every sign-in (last login, failed attempts); only a change
of their version (an administrator's edit) is announced.

Revision ID: 0020
Revises: 0019
Created: 2026-12-04
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
CHANNEL = "casedesk_changes"
ANNOUNCED = (
    "clients",
    "households",
    "cases",
    "case_assignments",
    "case_status_changes",
    "case_notes",
    "case_note_addenda",
    "service_plans",
    "plan_reviews",
    "tasks",
    "assessments",
    "consents",
    "referrals",
    "referral_status_changes",
    "resources",
    "programs",
    "settings",
    "staff",
)

FUNCTION = f"""
CREATE FUNCTION announce_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{schema}}, pg_temp AS $$
DECLARE
    changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    before jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{{{{}}}}'::jsonb END;
    staff jsonb := '[]'::jsonb;
BEGIN
    IF TG_TABLE_NAME = 'staff' AND TG_OP = 'UPDATE'
       AND (before -> 'version') = (changed -> 'version') THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME IN ('cases', 'tasks') THEN
        staff := jsonb_build_array(
            coalesce(changed -> 'assigned_staff_id', changed -> 'assignee_staff_id'),
            coalesce(before -> 'assigned_staff_id', before -> 'assignee_staff_id')
        );
    END IF;
    PERFORM pg_notify('{CHANNEL}', jsonb_strip_nulls(jsonb_build_object(
        't', TG_TABLE_NAME,
        'op', left(TG_OP, 1),
        'id', changed -> 'id',
        'v', changed -> 'version',
        'client', changed -> 'client_id',
        'case', changed -> 'case_id',
        'note', changed -> 'note_id',
        'plan', changed -> 'plan_id',
        'staff', staff
    ))::text);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar_one()
    _run(
        [FUNCTION.format(schema=schema)]
        + [
            f"CREATE TRIGGER {table}_announce AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION announce_change()"
            for table in ANNOUNCED
        ]
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run(
        [f"DROP TRIGGER {table}_announce ON {table}" for table in ANNOUNCED]
        + ["DROP FUNCTION announce_change()"]
    )


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
