"""Plumbing for migrations that write PostgreSQL's security objects (functions,
triggers, policies): they run as the schema owner, and their SQL goes through the
driver untouched. Kept small and stable, since released migrations import it."""

from __future__ import annotations

from alembic import op

OWNER = "casedesk_owner"


def owner_schema() -> str:
    """The schema the migration writes in; refuses any login but the owner."""
    user, schema = op.get_bind().exec_driver_sql("SELECT current_user, current_schema()").one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    return schema


def run_sql(statements: list[str]) -> None:
    # Through the driver, so that '%' in the functions reaches PostgreSQL untouched.
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)
