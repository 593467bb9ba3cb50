"""Search at 100,000 clients on PostgreSQL: a caseworker's search words, match keys
and race rows are checked against their one client, not against every client.

0004 let a caseworker see a search word when ``client_id IN (SELECT id FROM
clients)``, the clients' own policies applying inside. PostgreSQL plans that as
a hashed list of every client the caseworker may see, and builds it by reading
all of ``clients`` whenever a search touches one search word: 30 ms at 100,000
clients, for a caseload of 300. The same rule as ``EXISTS`` looks up the one
client by its primary key (a few microseconds), the clients' policies still
deciding. Who sees what does not change. No index is needed: search words and
match keys are found by the indexes 0004 made (tests/benchmarks/search_speed.py).

Nothing here touches SQLite.

Revision ID: 0006
Revises: 0005
Created: 2026-11-24
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
CLIENT_CHILD_TABLES = ("client_race_ethnicity", "client_search_words", "client_match_keys")


def _caseload_policies(visible: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    user = op.get_bind().exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    cursor = op.get_bind().connection.driver_connection.cursor()
    for table in CLIENT_CHILD_TABLES:
        rule = visible.format(table=table)
        cursor.execute(
            f"ALTER POLICY {table}_caseload ON {table} USING ({rule}) WITH CHECK ({rule})"
        )


def upgrade() -> None:
    # The clients' own policies apply inside the subquery, as before.
    _caseload_policies("EXISTS (SELECT 1 FROM clients WHERE clients.id = {table}.client_id)")


def downgrade() -> None:
    _caseload_policies("client_id IN (SELECT id FROM clients)")
