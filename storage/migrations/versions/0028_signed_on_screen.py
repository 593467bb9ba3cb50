"""Consents and plan agreements signed on screen as they are recorded (issue 21).

- ``consents.method`` and ``service_plans.agreed_how`` may be ``screen``: the
  client signed on a pad in CaseDesk, and the strokes are in ``signatures``.
- each signer signs a consent, or a plan's version, once (unique per kind).

On PostgreSQL:

- a plan's signatures are added only in the transaction that records its
  agreement on screen (the plan row's xmin is that transaction's own id: the
  app agrees and signs in one plain transaction, no savepoint between), so an
  agreed plan never gains a signature later; the agreement already fixes the
  plan (0011) and a signature never changes (0027).
- at commit, a consent recorded as signed on screen, and a plan agreed on
  screen, must carry the client's signature (deferred constraint triggers).
- a signature is announced to the other desks (0020) with the client or the
  case of what it signs, so open records re-read.

Revision ID: 0028
Revises: 0027
Created: 2026-12-04
"""

from alembic import op

from storage.migrations.owner_sql import owner_schema, run_sql

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

CHANNEL = "casedesk_changes"  # storage/live/postgres_feed.py

# (table, column, values before, values now)
CHECKS = (
    ("consents", "method", ("paper", "verbal"), ("paper", "verbal", "screen")),
    ("service_plans", "agreed_how", ("paper", "verbal"), ("paper", "verbal", "screen")),
)
UNIQUE = (
    ("uq_signatures_consent_id_signer_kind", ["consent_id", "signer_kind"]),
    ("uq_signatures_plan_id_signer_kind", ["plan_id", "signer_kind"]),
)

FUNCTIONS = """
CREATE FUNCTION signatures_plan_agreed_now() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    agreed_how text;
    number integer;
    changed xid;
BEGIN
    IF NEW.plan_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT p.agreed_how, p.number, p.xmin INTO agreed_how, number, changed
      FROM service_plans p WHERE p.id = NEW.plan_id;
    IF agreed_how IS DISTINCT FROM 'screen' OR number IS DISTINCT FROM NEW.plan_version
       OR changed::text <> (pg_current_xact_id()::text::numeric % 4294967296)::text THEN
        RAISE EXCEPTION 'A plan is signed on screen as its agreement is recorded, not later.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE FUNCTION signed_on_screen_has_client() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    -- Nested: PL/pgSQL would read NEW.agreed_how of a consent in one AND chain.
    IF TG_TABLE_NAME = 'consents' THEN
        IF NEW.method = 'screen' AND NOT EXISTS (
            SELECT 1 FROM signatures s WHERE s.consent_id = NEW.id AND s.signer_kind = 'client'
        ) THEN
            RAISE EXCEPTION 'A consent signed on screen needs the client''s signature.'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF NEW.agreed_how = 'screen' AND NOT EXISTS (
        SELECT 1 FROM signatures s WHERE s.plan_id = NEW.id AND s.signer_kind = 'client'
    ) THEN
        RAISE EXCEPTION 'A plan agreed on screen needs the client''s signature.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION signatures_announce() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
DECLARE
    client bigint;
    case_id bigint;
BEGIN
    -- Each table read only when it is signed: the front desk may not read plans.
    IF NEW.consent_id IS NOT NULL THEN
        SELECT c.client_id INTO client FROM consents c WHERE c.id = NEW.consent_id;
    ELSE
        SELECT p.case_id INTO case_id FROM service_plans p WHERE p.id = NEW.plan_id;
    END IF;
    PERFORM pg_notify('{channel}', jsonb_strip_nulls(jsonb_build_object(
        't', 'signatures',
        'op', 'I',
        'id', NEW.id,
        'client', client,
        'case', case_id,
        'plan', NEW.plan_id
    ))::text);
    RETURN NULL;
END
$$
"""
NEW_FUNCTIONS = (
    "signatures_plan_agreed_now()",
    "signed_on_screen_has_client()",
    "signatures_announce()",
)
TRIGGERS = (
    "CREATE TRIGGER signatures_plan_agreed_now BEFORE INSERT ON signatures "
    "FOR EACH ROW EXECUTE FUNCTION signatures_plan_agreed_now()",
    "CREATE CONSTRAINT TRIGGER consents_screen_signed AFTER INSERT OR UPDATE ON consents "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION signed_on_screen_has_client()",
    "CREATE CONSTRAINT TRIGGER service_plans_screen_signed AFTER UPDATE ON service_plans "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION signed_on_screen_has_client()",
    "CREATE TRIGGER signatures_announce AFTER INSERT ON signatures "
    "FOR EACH ROW EXECUTE FUNCTION signatures_announce()",
)
DROPPED_TRIGGERS = (
    ("signatures_announce", "signatures"),
    ("service_plans_screen_signed", "service_plans"),
    ("consents_screen_signed", "consents"),
    ("signatures_plan_agreed_now", "signatures"),
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _checks(*, now: bool) -> None:
    for table, column, before, after in CHECKS:
        # 0007 and 0011 passed the full name, which the convention prefixed once more;
        # the new check takes the name the tables' metadata gives it, and a downgrade
        # puts the old name back, so that 0027 is exactly as it was.
        name, doubled = f"ck_{table}_{column}", f"ck_{table}_ck_{table}_{column}"
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(doubled if now else name), type_="check")
            if now:
                batch.create_check_constraint(column, _one_of(column, after))
            else:
                batch.create_check_constraint(name, _one_of(column, before))


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    schema = owner_schema() if postgres else ""
    _checks(now=True)
    for name, columns in UNIQUE:
        with op.batch_alter_table("signatures") as batch:
            batch.create_unique_constraint(op.f(name), columns)
    if postgres:
        run_sql(
            [FUNCTIONS.format(schema=schema, channel=CHANNEL)]
            + [f"REVOKE EXECUTE ON FUNCTION {f} FROM PUBLIC" for f in NEW_FUNCTIONS]
            + list(TRIGGERS)
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        owner_schema()
        run_sql(
            [f"DROP TRIGGER {name} ON {table}" for name, table in DROPPED_TRIGGERS]
            + [f"DROP FUNCTION {f}" for f in NEW_FUNCTIONS]
        )
    for name, _columns in UNIQUE:
        with op.batch_alter_table("signatures") as batch:
            batch.drop_constraint(op.f(name), type_="unique")
    # Rows signed on screen have no earlier form: they read as signed on paper (their
    # strokes stay). Signed consents and agreed plans refuse changes: not this one.
    tables = ("consents", "service_plans")
    if postgres:
        run_sql([f"ALTER TABLE {table} DISABLE TRIGGER USER" for table in tables])
    op.execute("UPDATE consents SET method = 'paper' WHERE method = 'screen'")
    op.execute("UPDATE service_plans SET agreed_how = 'paper' WHERE agreed_how = 'screen'")
    if postgres:
        run_sql([f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in tables])
    _checks(now=False)
