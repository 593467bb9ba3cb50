"""Audit rows a staff session may write: its own kinds, in its own name.

Until now a person's login could insert an audit row of any kind (an export, a
co-signature, a merge) as long as it named them. From here a row written by a
staff session is the server's word on who and when (session_user, now()), and
its kind must be one the app writes for that person's CaseDesk role, as listed
in audit_kinds. The owner keeps that table: a new kind of event needs its rows
in the migration that introduces it (domain/audit/kinds.py says which; a test
holds them equal). Rows written inside the owner's SECURITY DEFINER functions
(row changes, sign-ins) are the server's own and keep their kinds and actors.

audit_kinds exists on SQLite too, so both schemas match the table definitions;
only PostgreSQL enforces it. Runs as casedesk_owner there, like 0003.

Revision ID: 0016
Revises: 0015
Created: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
STAFF = "casedesk_staff"


def _kinds(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# What the app writes as of this revision (domain/audit/kinds.py).
EVERYONE = ("access.refused", "password.changed", "session.locked", "sign_out")
# Besides EVERYONE's.
WRITTEN_BY = {
    "admin": _kinds("""
        audit.exported program.changed program.created resource.changed resource.created
        resource.exported resource.imported settings.changed staff.changed staff.created
        staff.deactivated staff.password_reset staff.reactivated staff.unlocked
    """),
    "supervisor": _kinds("""
        assessment.recorded case.assigned case.bulk_reassigned case.closed case.intake_completed
        case.opened case.put_on_hold case.reopened case.resumed case.unassigned client.changed
        client.created client.duplicate_overridden client.merge_undone client.merged
        client.ssn_viewed client.viewed consent.overridden consent.recorded consent.revoked
        form.prepared form.printed household.joined household.left information.released
        note.addendum_added note.change_refused note.cosigned note.draft_discarded
        note.draft_started note.signed note.viewed plan.agreed plan.draft_saved plan.reviewed
        plan.version_started plan.viewed referral.made referral.status_changed resource.changed
        resource.created resource.exported resource.imported task.completed task.created
        task.reminders_created task.reopened timeline.viewed
    """),
    "caseworker": _kinds("""
        assessment.recorded case.opened case.put_on_hold case.resumed client.changed
        client.created client.duplicate_overridden client.ssn_viewed client.viewed
        consent.recorded consent.revoked form.prepared form.printed household.joined
        household.left information.released note.addendum_added note.change_refused
        note.draft_discarded note.draft_started note.signed note.viewed plan.agreed
        plan.draft_saved plan.reviewed plan.version_started plan.viewed referral.made
        referral.status_changed task.completed task.created task.reminders_created task.reopened
        timeline.viewed
    """),
    "frontdesk": _kinds("""
        assessment.recorded case.intake_completed case.opened client.changed client.created
        client.duplicate_overridden client.viewed consent.recorded consent.revoked form.prepared
        form.printed household.joined household.left information.released timeline.viewed
    """),
}

# The function as 0003 left it, for downgrade.
_OLD_STAMP = """
BEGIN
    -- A workstation's clock cannot backdate the trail.
    IF is_staff_session() THEN
        NEW.occurred_at := now();
    END IF;
    RETURN NEW;
END
"""

_NEW_STAMP = f"""
BEGIN
    IF NOT is_staff_session() THEN
        RETURN NEW;  -- the IT person, a migration
    END IF;
    -- A workstation's clock cannot backdate the trail.
    NEW.occurred_at := now();
    -- Inside the owner's SECURITY DEFINER functions the server itself writes.
    IF current_user = '{OWNER}' THEN
        RETURN NEW;
    END IF;
    NEW.actor := session_user;
    IF NOT EXISTS (SELECT 1 FROM audit_kinds k
                    WHERE k.action = NEW.action
                      AND pg_has_role(session_user, 'casedesk_' || k.role, 'MEMBER')) THEN
        RAISE EXCEPTION 'CaseDesk writes no "%" audit events for your role.', NEW.action
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
"""


def _stamp_function(schema: str, body: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION stamp_audit_event() RETURNS trigger "
        f"LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$" + body + "$$"
    )


def _owner_schema() -> str:
    bind = op.get_bind()
    user, schema = bind.exec_driver_sql("SELECT current_user, current_schema()").one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    return schema


def _run(statements: list[str]) -> None:
    # Through the driver, so that '%' in RAISE reaches PostgreSQL untouched.
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    schema = _owner_schema() if postgres else ""
    kinds = op.create_table(
        "audit_kinds",
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint("role", "action", name="pk_audit_kinds"),
    )
    op.bulk_insert(
        kinds,
        [
            {"role": role, "action": action}
            for role, own in WRITTEN_BY.items()
            for action in (*EVERYONE, *own)
        ],
    )
    if postgres:
        # Read by the trigger as the person; changed only by migrations, as the owner.
        _run([f"GRANT SELECT ON audit_kinds TO {STAFF}", _stamp_function(schema, _NEW_STAMP)])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run([_stamp_function(_owner_schema(), _OLD_STAMP)])
    op.drop_table("audit_kinds")
