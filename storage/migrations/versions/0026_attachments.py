"""Attachments (issue 21): scanned documents and letters on a client's record.

- ``attachments``: one entry per file: the client (and perhaps one of the
  client's cases, consents or referrals), title, kind of document, the type its
  content shows (PDF, JPEG, PNG, TIFF), size, SHA-256, pages, why it has no
  preview if it has none, who added it and when, and once removed who removed
  it, when and why (the tombstone). Lists read this table only.
- ``attachment_contents``: the bytes and a small thumbnail, one row per
  attachment still kept (its id is the attachment's). A removal deletes it.
- audit_kinds: ``attachment.added``, ``.viewed``, ``.downloaded`` and ``.printed``
  for the roles that work on client records, ``attachment.removed`` for supervisors.

On PostgreSQL:

- grants: the roles that work on client records read attachments and add
  them; only supervisors change an entry (its removal, and its client when
  they merge two records) or delete content; nobody changes content.
- row-level security by the client's record: an attachment is visible exactly
  when its client is (the clients' own policies decide inside the subquery,
  as for consents), its content exactly when its entry is. Content may be
  deleted only once its entry says it is removed; an entry is never born
  removed, and once removed it stays removed.
- the server's word: a removal names the session's login and the server's time
  (values sent are replaced); content must have the size and SHA-256 its entry
  states; a file over the office's limit (the ``attachment_max_mb`` setting) is
  refused, also from psql.
- stamps, row audit and live updates as on the other client tables (the
  ``announce_change`` of 0020 announces the entry's id and client; never the
  content's table, whose rows would be announced whole).

Revision ID: 0026
Revises: 0025
Created: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from storage.migrations.owner_sql import OWNER, owner_schema, run_sql

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
CLIENT_WORK = f"{SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"

DOCUMENT_TYPES = ("id_document", "income_proof", "signed_consent", "letter", "other")
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")
# As domain/attachments/size_limit.py: the key, its default and its range.
LIMIT_KEY = "attachment_max_mb"
DEFAULT_MB, LOWEST_MB, HIGHEST_MB = 25, 1, 100

# What the app writes as of this revision (domain/audit/kinds.py).
CLIENT_WORK_ROLES = ("supervisor", "caseworker", "frontdesk")
NEW_KINDS = {
    "attachment.added": CLIENT_WORK_ROLES,
    "attachment.viewed": CLIENT_WORK_ROLES,
    "attachment.downloaded": CLIENT_WORK_ROLES,
    "attachment.printed": CLIENT_WORK_ROLES,
    "attachment.removed": ("supervisor",),
}

INSERTED_COLUMNS = (
    "client_id, linked_case_id, linked_consent_id, linked_referral_id, title, document_type, "
    "file_type, file_name, byte_size, sha256, pages, preview_problem, version, created_at, "
    "created_by, updated_at, updated_by, request_id"
)
SUPERVISED_COLUMNS = (
    "client_id, removed_at, removed_by, removal_reason, version, updated_at, updated_by"
)

CLIENT_VISIBLE = "EXISTS (SELECT 1 FROM clients WHERE clients.id = attachments.client_id)"
ENTRY_VISIBLE = "EXISTS (SELECT 1 FROM attachments a WHERE a.id = attachment_contents.id{extra})"

# (name, table, command, roles, USING, WITH CHECK)
POLICIES = (
    ("attachments_owner_maintenance", "attachments", "ALL", OWNER, "true", "true"),
    ("attachments_read", "attachments", "SELECT", CLIENT_WORK, CLIENT_VISIBLE, None),
    (
        "attachments_add",
        "attachments",
        "INSERT",
        CLIENT_WORK,
        None,
        f"{CLIENT_VISIBLE} AND removed_at IS NULL",
    ),
    (
        "attachments_supervise",
        "attachments",
        "UPDATE",
        SUPERVISOR,
        CLIENT_VISIBLE,
        CLIENT_VISIBLE,
    ),
    (
        "attachment_contents_owner_maintenance",
        "attachment_contents",
        "ALL",
        OWNER,
        "true",
        "true",
    ),
    (
        "attachment_contents_read",
        "attachment_contents",
        "SELECT",
        CLIENT_WORK,
        ENTRY_VISIBLE.format(extra=""),
        None,
    ),
    (
        "attachment_contents_add",
        "attachment_contents",
        "INSERT",
        CLIENT_WORK,
        None,
        ENTRY_VISIBLE.format(extra=" AND a.removed_at IS NULL"),
    ),
    (
        "attachment_contents_remove",
        "attachment_contents",
        "DELETE",
        SUPERVISOR,
        ENTRY_VISIBLE.format(extra=" AND a.removed_at IS NOT NULL"),
        None,
    ),
)

FUNCTIONS = """
CREATE FUNCTION attachments_by_the_server() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
DECLARE
    stored text;
    megabytes integer := {default_mb};
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF is_staff_session() THEN
            SELECT value INTO stored FROM settings WHERE key = '{limit_key}';
            IF stored ~ '^[0-9]{{1,6}}$' THEN
                megabytes := least(greatest(stored::integer, {lowest_mb}), {highest_mb});
            END IF;
            IF NEW.byte_size > megabytes::bigint * 1048576 THEN
                RAISE EXCEPTION 'An attachment may be at most % MB.', megabytes
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.removed_at IS NOT NULL AND (NEW.removed_at IS DISTINCT FROM OLD.removed_at
            OR NEW.removed_by IS DISTINCT FROM OLD.removed_by
            OR NEW.removal_reason IS DISTINCT FROM OLD.removal_reason) THEN
        RAISE EXCEPTION 'A removed attachment stays removed.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL AND is_staff_session() THEN
        NEW.removed_at := now();
        NEW.removed_by := session_user;
    END IF;
    RETURN NEW;
END
$$"""

CONTENT_CHECK = """
CREATE FUNCTION attachment_content_matches() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
DECLARE
    entry attachments%ROWTYPE;
BEGIN
    SELECT * INTO entry FROM attachments WHERE id = NEW.id;
    IF entry.removed_at IS NOT NULL THEN
        RAISE EXCEPTION 'This attachment was removed: its content is not kept again.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT FOUND OR octet_length(NEW.content) <> entry.byte_size
            OR encode(sha256(NEW.content), 'hex') <> entry.sha256 THEN
        RAISE EXCEPTION 'The content does not match its attachment''s size and SHA-256.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$"""

SIGNATURES = ("attachments_by_the_server()", "attachment_content_matches()")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _policy(name, table, command, roles, using, check) -> str:
    sql = f"CREATE POLICY {name} ON {table} FOR {command} TO {roles}"
    if using is not None:
        sql += f" USING ({using})"
    if check is not None:
        sql += f" WITH CHECK ({check})"
    return sql


def _secure(schema: str) -> list[str]:
    settings = {
        "schema": schema,
        "limit_key": LIMIT_KEY,
        "default_mb": DEFAULT_MB,
        "lowest_mb": LOWEST_MB,
        "highest_mb": HIGHEST_MB,
    }
    statements = [
        FUNCTIONS.format(**settings),
        CONTENT_CHECK.format(schema=schema),
        *[f"REVOKE EXECUTE ON FUNCTION {signature} FROM PUBLIC" for signature in SIGNATURES],
        f"GRANT SELECT ON attachments, attachment_contents TO {CLIENT_WORK}",
        f"GRANT INSERT ({INSERTED_COLUMNS}) ON attachments TO {CLIENT_WORK}",
        f"GRANT UPDATE ({SUPERVISED_COLUMNS}) ON attachments TO {SUPERVISOR}",
        f"GRANT INSERT ON attachment_contents TO {CLIENT_WORK}",
        f"GRANT DELETE ON attachment_contents TO {SUPERVISOR}",
        "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO "
        f"{CLIENT_WORK}', pg_get_serial_sequence('attachments', 'id')); END $$",
    ]
    for table in ("attachments", "attachment_contents"):
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
        ]
    statements += [_policy(*policy) for policy in POLICIES]
    statements += [
        "CREATE TRIGGER attachments_stamp BEFORE INSERT OR UPDATE ON attachments "
        "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
        "CREATE TRIGGER attachments_by_the_server BEFORE INSERT OR UPDATE ON attachments "
        "FOR EACH ROW EXECUTE FUNCTION attachments_by_the_server()",
        "CREATE TRIGGER attachment_contents_match BEFORE INSERT ON attachment_contents "
        "FOR EACH ROW EXECUTE FUNCTION attachment_content_matches()",
        "CREATE TRIGGER attachments_announce AFTER INSERT OR UPDATE OR DELETE ON attachments "
        "FOR EACH ROW EXECUTE FUNCTION announce_change()",
    ]
    return statements


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    schema = owner_schema() if postgres else ""
    op.create_table(
        "attachments",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("client_id", Id, nullable=False),
        sa.Column("linked_case_id", Id, nullable=True),
        sa.Column("linked_consent_id", Id, nullable=True),
        sa.Column("linked_referral_id", Id, nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("document_type", sa.String(20), nullable=False),
        sa.Column("file_type", sa.String(30), nullable=False),
        sa.Column("file_name", sa.String(255), server_default="", nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("preview_problem", sa.String(300), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_by", sa.String(100), nullable=True),
        sa.Column("removal_reason", sa.String(500), server_default="", nullable=False),
        sa.Column("request_id", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_attachments_client_id_clients"
        ),
        sa.ForeignKeyConstraint(
            ["linked_case_id"], ["cases.id"], name="fk_attachments_linked_case_id_cases"
        ),
        sa.ForeignKeyConstraint(
            ["linked_consent_id"],
            ["consents.id"],
            name="fk_attachments_linked_consent_id_consents",
        ),
        sa.ForeignKeyConstraint(
            ["linked_referral_id"],
            ["referrals.id"],
            name="fk_attachments_linked_referral_id_referrals",
        ),
        sa.CheckConstraint(
            _one_of("document_type", DOCUMENT_TYPES), name="ck_attachments_document_type"
        ),
        sa.CheckConstraint(_one_of("file_type", FILE_TYPES), name="ck_attachments_file_type"),
        sa.CheckConstraint("byte_size > 0", name="ck_attachments_byte_size"),
        sa.CheckConstraint(
            "(removed_at IS NULL AND removed_by IS NULL) OR "
            "(removed_at IS NOT NULL AND removed_by IS NOT NULL AND removal_reason <> '')",
            name="ck_attachments_removal",
        ),
    )
    op.create_index("ix_attachments_client_id_id", "attachments", ["client_id", "id"])
    op.create_index("ix_attachments_request_id", "attachments", ["request_id"], unique=True)
    op.create_table(
        "attachment_contents",
        sa.Column("id", Id, autoincrement=False, nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attachment_contents"),
        sa.ForeignKeyConstraint(
            ["id"], ["attachments.id"], name="fk_attachment_contents_id_attachments"
        ),
    )
    kinds = sa.table("audit_kinds", sa.column("role"), sa.column("action"))
    op.bulk_insert(
        kinds,
        [{"role": role, "action": action} for action, roles in NEW_KINDS.items() for role in roles],
    )
    if postgres:
        run_sql(_secure(schema))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        owner_schema()
    op.drop_table("attachment_contents")
    op.drop_table("attachments")
    if postgres:
        run_sql([f"DROP FUNCTION {signature}" for signature in SIGNATURES])
    actions = ", ".join(f"'{action}'" for action in NEW_KINDS)
    op.execute(f"DELETE FROM audit_kinds WHERE action IN ({actions})")
