"""Signatures on screen (issue 21): consents and plan agreements signed on a pad.

- ``signatures``: one row per signer (the client, the staff witness) of a
  consent or of one version of a service plan: the strokes (compact JSON), the
  printed name, the fingerprint of the signed content, when and who recorded it.

On PostgreSQL:

- grants: the roles that work on client records read signatures and add them;
  nobody updates or deletes one (a trigger refuses it, the owner included).
- row-level security by the consent or plan signed: a signature is visible
  exactly when what it signs is (their own policies decide inside the subquery).
- the server's word: ``signed_at`` is the server's time and ``recorded_by`` the
  session's login (values sent are replaced).
- a consent with a signature never changes its content and is never deleted,
  whoever asks (the check sees every signature: SECURITY DEFINER, the owner's
  policy); only its revocation may still be written.

Revision ID: 0027
Revises: 0026
Created: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from storage.migrations.owner_sql import OWNER, owner_schema, run_sql

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
CLIENT_WORK = f"{SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"

SIGNER_KINDS = ("client", "witness")
# What the app writes as of this revision (domain/audit/kinds.py).
NEW_KINDS = {"consent.signed": ("supervisor", "caseworker", "frontdesk")}
INSERTED_COLUMNS = (
    "consent_id, plan_id, plan_version, signer_kind, printed_name, strokes, "
    "fingerprint, signed_at, recorded_by"
)
# What a signed consent may still change: its revocation, with the stamps.
REVOCATION_COLUMNS = (
    "revoked_on",
    "revoked_by",
    "revocation_note",
    "version",
    "updated_at",
    "updated_by",
)
CONSENT_VISIBLE = "EXISTS (SELECT 1 FROM consents c WHERE c.id = signatures.consent_id)"
# Plans are read by those who keep them (the front desk reads none).
PLAN_WORK = f"{SUPERVISOR}, {CASEWORKER}"
PLAN_VISIBLE = "EXISTS (SELECT 1 FROM service_plans p WHERE p.id = signatures.plan_id)"

FUNCTIONS = """
CREATE FUNCTION signatures_by_the_server() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.signed_at := now();
        IF is_staff_session() THEN
            NEW.recorded_by := session_user;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'A signature never changes: % is not allowed.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE FUNCTION consents_signed_are_final() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM signatures WHERE consent_id = OLD.id) THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A signed consent cannot be deleted.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (to_jsonb(NEW) - {unchanged}) IS DISTINCT FROM (to_jsonb(OLD) - {unchanged}) THEN
        RAISE EXCEPTION 'A signed consent never changes; record a new consent instead.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""
SIGNATURES = ("signatures_by_the_server()", "consents_signed_are_final()")


def _secure(schema: str) -> list[str]:
    unchanged = " - ".join(repr(column) for column in REVOCATION_COLUMNS)
    return [
        FUNCTIONS.format(schema=schema, unchanged=unchanged),
        *[f"REVOKE EXECUTE ON FUNCTION {signature} FROM PUBLIC" for signature in SIGNATURES],
        f"GRANT SELECT ON signatures TO {CLIENT_WORK}",
        f"GRANT INSERT ({INSERTED_COLUMNS}) ON signatures TO {CLIENT_WORK}",
        "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO "
        f"{CLIENT_WORK}', pg_get_serial_sequence('signatures', 'id')); END $$",
        "ALTER TABLE signatures ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE signatures FORCE ROW LEVEL SECURITY",
        "CREATE POLICY signatures_owner_maintenance ON signatures FOR ALL "
        f"TO {OWNER} USING (true) WITH CHECK (true)",
        f"CREATE POLICY signatures_read_consents ON signatures FOR SELECT TO {CLIENT_WORK} "
        f"USING ({CONSENT_VISIBLE})",
        f"CREATE POLICY signatures_add_consents ON signatures FOR INSERT TO {CLIENT_WORK} "
        f"WITH CHECK ({CONSENT_VISIBLE})",
        f"CREATE POLICY signatures_read_plans ON signatures FOR SELECT TO {PLAN_WORK} "
        f"USING ({PLAN_VISIBLE})",
        f"CREATE POLICY signatures_add_plans ON signatures FOR INSERT TO {PLAN_WORK} "
        f"WITH CHECK ({PLAN_VISIBLE})",
        "CREATE TRIGGER signatures_by_the_server BEFORE INSERT OR UPDATE OR DELETE "
        "ON signatures FOR EACH ROW EXECUTE FUNCTION signatures_by_the_server()",
        "CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures "
        "FOR EACH STATEMENT EXECUTE FUNCTION signatures_by_the_server()",
        "CREATE TRIGGER signatures_audit AFTER INSERT ON signatures "
        "FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
        "CREATE TRIGGER consents_signed_are_final BEFORE UPDATE OR DELETE ON consents "
        "FOR EACH ROW EXECUTE FUNCTION consents_signed_are_final()",
    ]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    schema = owner_schema() if postgres else ""
    kinds = ", ".join(repr(kind) for kind in SIGNER_KINDS)
    op.create_table(
        "signatures",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("consent_id", Id, nullable=True),
        sa.Column("plan_id", Id, nullable=True),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("signer_kind", sa.String(10), nullable=False),
        sa.Column("printed_name", sa.String(200), nullable=False),
        sa.Column("strokes", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signatures"),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name="fk_signatures_consent_id_consents"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["service_plans.id"], name="fk_signatures_plan_id_service_plans"
        ),
        sa.CheckConstraint(f"signer_kind IN ({kinds})", name="ck_signatures_signer_kind"),
        sa.CheckConstraint(
            "(consent_id IS NOT NULL AND plan_id IS NULL) OR "
            "(consent_id IS NULL AND plan_id IS NOT NULL AND plan_version IS NOT NULL)",
            name="ck_signatures_signed_thing",
        ),
        sa.CheckConstraint("printed_name <> ''", name="ck_signatures_printed_name"),
    )
    op.create_index("ix_signatures_consent_id", "signatures", ["consent_id"])
    op.create_index("ix_signatures_plan_id", "signatures", ["plan_id"])
    kinds_table = sa.table("audit_kinds", sa.column("role"), sa.column("action"))
    op.bulk_insert(
        kinds_table,
        [{"role": role, "action": action} for action, roles in NEW_KINDS.items() for role in roles],
    )
    if postgres:
        run_sql(_secure(schema))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        owner_schema()
        run_sql(["DROP TRIGGER consents_signed_are_final ON consents"])
    op.drop_table("signatures")
    if postgres:
        run_sql([f"DROP FUNCTION {signature}" for signature in SIGNATURES])
    actions = ", ".join(f"'{action}'" for action in NEW_KINDS)
    op.execute(f"DELETE FROM audit_kinds WHERE action IN ({actions})")
