"""Signatures, co-signatures and agreements decided by the server.

On PostgreSQL a staff session no longer says who signed, when, or whether a
co-signature is needed: triggers on INSERT and UPDATE alike put in
session_user, now() and the program's co-signing rule for the author's hire
date, whatever the client sent. A signed note's fingerprint (and each
addendum's) becomes an HMAC-SHA256 over its content, signer and time, keyed
with a secret generated here that only casedesk_owner can read; the app asks
case_note_proof_holds() whether what it read is what was signed. Plan
agreements and consent revocations are recorded in the session's own name,
and a revoked consent stays revoked.

Notes signed before this revision carry the old SHA-256: those that still
match it are signed again by the server (content, signer and time unchanged);
those that do not keep it, and so still show as altered. Downgrading does
the reverse.

On SQLite (one office PC, no other database users) nothing changes: the key
table exists, empty, and notes keep their SHA-256 fingerprints.

Revision ID: 0015
Revises: 0014
Created: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from domain.notes.note import ContactType, NoteValues, addendum_fingerprint, fingerprint

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
NOTE_WORK = "casedesk_supervisor, casedesk_caseworker"
UTC_TEXT = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
TRIGGERS = (
    ("case_notes_server_signs", "case_notes", "INSERT OR UPDATE"),
    ("case_note_addenda_server_signs", "case_note_addenda", "INSERT"),
    ("service_plans_agreement_recorder", "service_plans", "INSERT OR UPDATE"),
    ("consents_revoked_by_session", "consents", "INSERT OR UPDATE"),
)
FUNCTIONS = (
    "signature_proof(text)",
    "case_note_message(case_notes)",
    "case_note_addendum_message(case_note_addenda, text)",
    "case_note_proof_holds(case_notes)",
    "case_notes_server_signs()",
    "case_note_addenda_server_signs()",
    "service_plans_agreement_recorder()",
    "consents_revoked_by_session()",
)


def upgrade() -> None:
    op.create_table(
        "signature_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        # HMAC's key XOR ipad and XOR opad (RFC 2104), ready to hash.
        sa.Column("inner_pad", sa.LargeBinary(), nullable=False),
        sa.Column("outer_pad", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signature_keys"),
        sa.CheckConstraint("id = 1", name="ck_signature_keys_one"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _secure()


# Core PostgreSQL (13+) only, so no extension to install: gen_random_uuid() draws
# from the server's strong random source; six of them give a 64-byte key.
NEW_KEY = """
DO $$
DECLARE
    key bytea := sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                 || gen_random_uuid()::text, 'UTF8'))
              || sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                 || gen_random_uuid()::text, 'UTF8'));
    inner_pad bytea := key;
    outer_pad bytea := key;
BEGIN
    FOR i IN 0..63 LOOP
        inner_pad := set_byte(inner_pad, i, get_byte(key, i) # 54);
        outer_pad := set_byte(outer_pad, i, get_byte(key, i) # 92);
    END LOOP;
    INSERT INTO signature_keys (id, inner_pad, outer_pad) VALUES (1, inner_pad, outer_pad);
END
$$"""


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    return [
        # The owner's alone: executable by nobody else, or it would sign anything.
        f"""
CREATE FUNCTION signature_proof(message text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT encode(sha256(outer_pad || sha256(inner_pad || convert_to(message, 'UTF8'))), 'hex')
      FROM signature_keys WHERE id = 1
$$""",
        # What a signature covers; times in UTC text so the session's zone is moot.
        f"""
CREATE FUNCTION case_note_message(n case_notes) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT jsonb_build_object(
        'note', n.id, 'case', n.case_id, 'author', n.author_staff_id,
        'on', n.contact_on, 'at', n.contact_at, 'type', n.contact_type,
        'minutes', n.duration_minutes, 'location', n.location, 'narrative', n.narrative,
        'confidential', n.confidential, 'cosign_required', n.cosign_required,
        'goals', (SELECT coalesce(jsonb_agg(goal_id ORDER BY goal_id), '[]'::jsonb)
                    FROM case_note_goals WHERE note_id = n.id),
        'signed_by', n.signed_by, 'signed_at', {UTC_TEXT.format("n.signed_at")})::text
$$""",
        # Chained to the note's proof, so an addendum cannot move to another note.
        f"""
CREATE FUNCTION case_note_addendum_message(a case_note_addenda, note_proof text) RETURNS text
LANGUAGE sql STABLE {path} AS $$
    SELECT jsonb_build_object(
        'note', a.note_id, 'note_proof', note_proof, 'sequence', a.sequence,
        'author', a.author_staff_id, 'by', a.created_by, 'text', a.text,
        'at', {UTC_TEXT.format("a.created_at")})::text
$$""",
        # What the app asks of each note it reads: true unless what it read was
        # not what was signed (the note itself or any of its addenda).
        f"""
CREATE FUNCTION case_note_proof_holds(n case_notes) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT n.signed_at IS NULL OR (
        n.fingerprint IS NOT DISTINCT FROM signature_proof(case_note_message(n))
        AND NOT EXISTS (
            SELECT 1 FROM case_note_addenda a WHERE a.note_id = n.id
               AND a.fingerprint IS DISTINCT FROM
                   signature_proof(case_note_addendum_message(a, n.fingerprint))))
$$""",
        # Who, when and whether to co-sign: staff sessions get the server's word
        # (the IT person's maintenance is not staff, as in 0010). The proof is the
        # server's for every session, so that every note signed here verifies.
        # A signed row is left to case_notes_signed_is_final, bar the co-signing time.
        f"""
CREATE FUNCTION case_notes_server_signs() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    staff boolean := is_staff_session();
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.signed_at IS NOT NULL THEN
        IF staff AND OLD.cosigned_at IS NULL
           AND (NEW.cosigned_at IS NOT NULL OR NEW.cosigned_by IS NOT NULL) THEN
            NEW.cosigned_at := now();
        END IF;
        RETURN NEW;
    END IF;
    IF staff THEN
        -- The program's rule for the author's hire date (domain.notes.note.needs_cosign).
        NEW.cosign_required := coalesce((
            SELECT p.cosign_new_staff_days > 0
                   AND current_date - s.created_at::date < p.cosign_new_staff_days
              FROM cases c JOIN programs p ON p.id = c.program_id, staff s
             WHERE c.id = NEW.case_id AND s.id = NEW.author_staff_id), false);
        NEW.cosigned_by := NULL;
        NEW.cosigned_at := NULL;
        IF NEW.signed_at IS NULL THEN
            NEW.signed_by := NULL;
            NEW.fingerprint := NULL;
        ELSE
            NEW.signed_at := now();
            NEW.signed_by := session_user;
        END IF;
    END IF;
    IF NEW.signed_at IS NOT NULL THEN
        NEW.fingerprint := signature_proof(case_note_message(NEW));
    END IF;
    RETURN NEW;
END
$$""",
        f"""
CREATE FUNCTION case_note_addenda_server_signs() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
    IF is_staff_session() THEN
        NEW.created_by := session_user;
        NEW.created_at := now();
    END IF;
    NEW.fingerprint := signature_proof(case_note_addendum_message(
        NEW, (SELECT fingerprint FROM case_notes WHERE id = NEW.note_id)));
    RETURN NEW;
END
$$""",
        f"""
CREATE FUNCTION service_plans_agreement_recorder() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    IF is_staff_session() AND (TG_OP = 'INSERT' OR OLD.agreed_on IS NULL) THEN
        NEW.agreement_recorded_by := CASE WHEN NEW.agreed_on IS NULL THEN NULL
                                          ELSE session_user END;
    END IF;
    RETURN NEW;
END
$$""",
        f"""
CREATE FUNCTION consents_revoked_by_session() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    IF NOT is_staff_session() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.revoked_on IS NOT NULL THEN
        IF (NEW.revoked_on, NEW.revoked_by, NEW.revocation_note)
           IS DISTINCT FROM (OLD.revoked_on, OLD.revoked_by, OLD.revocation_note) THEN
            RAISE EXCEPTION 'A revoked consent stays revoked; record a new consent instead.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    NEW.revoked_by := CASE WHEN NEW.revoked_on IS NULL THEN NULL ELSE session_user END;
    RETURN NEW;
END
$$""",
    ]


def _secure() -> None:
    bind = op.get_bind()
    user, schema = bind.exec_driver_sql("SELECT current_user, current_schema()").one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py db upgrade`, "
            "which does."
        )
    statements = ["REVOKE ALL ON signature_keys FROM PUBLIC", NEW_KEY]
    statements += _functions(schema)
    statements += [f"REVOKE EXECUTE ON FUNCTION {f} FROM PUBLIC" for f in FUNCTIONS]
    statements += [f"GRANT EXECUTE ON FUNCTION case_note_proof_holds(case_notes) TO {NOTE_WORK}"]
    statements += [
        f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        for name, table, events in TRIGGERS
    ]
    _run(statements)
    _sign_again_what_still_matches()


def _signed_notes(where: str = "true") -> list[tuple]:
    """(row, values, addenda) of the signed notes that match ``where``."""
    bind = op.get_bind()
    notes = bind.exec_driver_sql(
        "SELECT id, case_id, contact_on, contact_at, contact_type, duration_minutes, location, "
        "narrative, confidential, signed_by, fingerprint FROM case_notes n "
        f"WHERE signed_at IS NOT NULL AND {where}"
    ).all()
    goals: dict[int, list[int]] = {}
    for note_id, goal_id in bind.exec_driver_sql(
        "SELECT note_id, goal_id FROM case_note_goals ORDER BY goal_id"
    ):
        goals.setdefault(note_id, []).append(goal_id)
    addenda: dict[int, list] = {}
    for a in bind.exec_driver_sql(
        "SELECT id, note_id, sequence, created_by, text, fingerprint FROM case_note_addenda "
        "ORDER BY sequence"
    ):
        addenda.setdefault(a.note_id, []).append(a)
    return [
        (
            n,
            NoteValues(
                n.contact_on,
                n.contact_at,
                ContactType(n.contact_type),
                n.duration_minutes,
                n.location,
                n.narrative,
                n.confidential,
                tuple(goals.get(n.id, ())),
            ),
            addenda.get(n.id, []),
        )
        for n in notes
    ]


# The rules that keep signed rows final would refuse these one-off rewrites.
UNGUARDED = [
    "ALTER TABLE case_notes DISABLE TRIGGER case_notes_signed_is_final",
    "ALTER TABLE case_note_addenda DISABLE TRIGGER case_note_addenda_append_only",
]
GUARDED = [
    "ALTER TABLE case_notes ENABLE TRIGGER case_notes_signed_is_final",
    "ALTER TABLE case_note_addenda ENABLE TRIGGER case_note_addenda_append_only",
]


def _sign_again_what_still_matches() -> None:
    intact = [
        n.id
        for n, values, addenda in _signed_notes()
        if fingerprint(values, case_id=n.case_id, author=n.signed_by) == n.fingerprint
        and all(
            a.fingerprint == addendum_fingerprint(n.fingerprint, a.sequence, a.created_by, a.text)
            for a in addenda
        )
    ]
    if not intact:
        return
    ids = "ARRAY[" + ", ".join(str(int(i)) for i in intact) + "]::bigint[]"
    _run(
        [
            *UNGUARDED,
            "UPDATE case_notes n SET fingerprint = signature_proof(case_note_message(n)) "
            f"WHERE id = ANY({ids})",
            "UPDATE case_note_addenda a SET fingerprint = signature_proof("
            "case_note_addendum_message(a, (SELECT fingerprint FROM case_notes n "
            f"WHERE n.id = a.note_id))) WHERE note_id = ANY({ids})",
            *GUARDED,
        ]
    )


def _back_to_sha256_what_still_holds() -> None:
    """Downgrading: what the server vouches for gets the old fingerprints back."""
    cursor = op.get_bind().connection.driver_connection.cursor()
    holding = _signed_notes("case_note_proof_holds(n)")
    _run(UNGUARDED)
    for n, values, addenda in holding:
        old = fingerprint(values, case_id=n.case_id, author=n.signed_by)
        cursor.execute("UPDATE case_notes SET fingerprint = %s WHERE id = %s", (old, n.id))
        for a in addenda:
            cursor.execute(
                "UPDATE case_note_addenda SET fingerprint = %s WHERE id = %s",
                (addendum_fingerprint(old, a.sequence, a.created_by, a.text), a.id),
            )
    _run(GUARDED)


def _run(statements: list[str]) -> None:
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _back_to_sha256_what_still_holds()
        _run(
            [f"DROP TRIGGER {name} ON {table}" for name, table, _events in TRIGGERS]
            + [f"DROP FUNCTION {f}" for f in reversed(FUNCTIONS)]
        )
    op.drop_table("signature_keys")
