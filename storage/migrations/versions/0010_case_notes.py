"""Case notes in full: contact time, type, duration, location, confidentiality,
signing with a fingerprint, supervisors' co-signature, linked plan goals, and
addenda; the programs' co-signing setting.

A signed note never changes again, whoever asks: on PostgreSQL a trigger
refuses any change to a signed row except a supervisor's co-signature (once),
and refuses to delete it; addenda are append-only (no UPDATE or DELETE is
granted, and a trigger refuses them even to the owner). Confidential notes are
read by their author and supervisors alone.

Revision ID: 0010
Revises: 0009
Created: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
NOTE_WORK = f"{SUPERVISOR}, {CASEWORKER}"
CONTACT_TYPES = (
    "home_visit",
    "office_visit",
    "phone",
    "video",
    "collateral",
    "school",
    "court",
    "other",
)
ME = "(SELECT my_staff_id())"
MY_CASES = f"SELECT id FROM cases WHERE assigned_staff_id = {ME}"
# 0003's caseworker read, now without others' confidential notes.
CASEWORKER_READ = f"case_id IN ({MY_CASES}) AND (NOT confidential OR author_staff_id = {ME})"
# The case_notes policies apply inside these subqueries as well.
READABLE_NOTES = "SELECT id FROM case_notes"
MY_DRAFTS = f"SELECT id FROM case_notes WHERE author_staff_id = {ME} AND signed_at IS NULL"
SIGNED = "SELECT id FROM case_notes WHERE signed_at IS NOT NULL"
MY_SIGNED = f"{SIGNED} AND author_staff_id = {ME}"
# What co-signing may change on a signed row (with the stamps and the version).
COSIGN_COLUMNS = ("cosigned_by", "cosigned_at", "version", "updated_at", "updated_by")


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column("cosign_new_staff_days", sa.Integer(), server_default="0", nullable=False)
        )
        batch.create_check_constraint(
            "ck_programs_cosign_days", "cosign_new_staff_days BETWEEN 0 AND 366"
        )
    with op.batch_alter_table("case_notes") as batch:
        # A draft may not know its date yet; a signed note must (checked below).
        batch.alter_column("contact_on", existing_type=sa.Date(), nullable=True)
        batch.add_column(sa.Column("contact_at", sa.Time(), nullable=True))
        batch.add_column(
            sa.Column("contact_type", sa.String(20), server_default="other", nullable=False)
        )
        batch.add_column(sa.Column("duration_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("location", sa.String(200), server_default="", nullable=False))
        batch.add_column(
            sa.Column("confidential", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("signed_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("cosign_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("cosigned_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("cosigned_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("created_by", sa.String(100), server_default="", nullable=False))
        batch.add_column(sa.Column("updated_by", sa.String(100), server_default="", nullable=False))
        batch.create_check_constraint(
            "ck_case_notes_contact_type", _one_of("contact_type", CONTACT_TYPES)
        )
        batch.create_check_constraint(
            "ck_case_notes_signed_complete",
            "signed_at IS NULL OR (contact_on IS NOT NULL AND duration_minutes IS NOT NULL "
            "AND signed_by IS NOT NULL AND fingerprint IS NOT NULL)",
        )
    op.create_index(
        "ix_case_notes_author_staff_id_signed_at", "case_notes", ["author_staff_id", "signed_at"]
    )
    op.create_table(
        "case_note_goals",
        sa.Column("note_id", Id, nullable=False),
        # A plan goal's id; plans are kept elsewhere, so no foreign key.
        sa.Column("goal_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("note_id", "goal_id", name="pk_case_note_goals"),
        sa.ForeignKeyConstraint(
            ["note_id"], ["case_notes.id"], name="fk_case_note_goals_note_id_case_notes"
        ),
    )
    op.create_index("ix_case_note_goals_goal_id", "case_note_goals", ["goal_id"])
    op.create_table(
        "case_note_addenda",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("note_id", Id, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("author_staff_id", Id, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_note_addenda"),
        sa.ForeignKeyConstraint(
            ["note_id"], ["case_notes.id"], name="fk_case_note_addenda_note_id_case_notes"
        ),
        sa.ForeignKeyConstraint(
            ["author_staff_id"], ["staff.id"], name="fk_case_note_addenda_author_staff_id_staff"
        ),
        sa.UniqueConstraint("note_id", "sequence", name="uq_case_note_addenda_note_id_sequence"),
        sa.CheckConstraint("sequence >= 1", name="ck_case_note_addenda_sequence"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _secure()


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    unchanged = " - ".join(repr(column) for column in COSIGN_COLUMNS)
    return [
        # BEFORE UPDATE OR DELETE: plain SQL by anyone, the note's author and the
        # schema owner included, meets the same rule as the app.
        f"""
CREATE FUNCTION case_notes_signed_is_final() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'A signed case note cannot be deleted.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.signed_at IS NULL THEN
        IF NEW.signed_at IS NOT NULL AND is_staff_session() THEN
            NEW.signed_by := session_user;  -- the server's word on who signed
        END IF;
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - {unchanged}) IS DISTINCT FROM (to_jsonb(OLD) - {unchanged}) THEN
        RAISE EXCEPTION 'A signed case note never changes; add an addendum instead.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.cosigned_at IS DISTINCT FROM OLD.cosigned_at
       OR NEW.cosigned_by IS DISTINCT FROM OLD.cosigned_by THEN
        -- Staff co-sign as themselves; the IT person's maintenance is not staff.
        IF OLD.cosigned_at IS NOT NULL OR NOT OLD.cosign_required
           OR (is_staff_session() AND (NOT pg_has_role(session_user, '{SUPERVISOR}', 'MEMBER')
               OR NEW.cosigned_by IS DISTINCT FROM session_user::text)) THEN
            RAISE EXCEPTION 'Only a supervisor co-signs a note, once, in their own name.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$$""",
        f"""
CREATE FUNCTION case_note_addenda_append_only() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    RAISE EXCEPTION 'Addenda are append-only: % is not allowed.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
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
    note_columns = (
        "contact_at, contact_type, duration_minutes, location, confidential, signed_by, "
        "fingerprint, cosign_required, created_by, updated_by"
    )
    statements = _functions(schema)
    statements += [
        "REVOKE EXECUTE ON FUNCTION case_notes_signed_is_final() FROM PUBLIC",
        "REVOKE EXECUTE ON FUNCTION case_note_addenda_append_only() FROM PUBLIC",
        "GRANT INSERT (cosign_new_staff_days) ON programs TO casedesk_admin",
        "GRANT UPDATE (cosign_new_staff_days) ON programs TO casedesk_admin",
        f"GRANT INSERT ({note_columns}) ON case_notes TO {NOTE_WORK}",
        f"GRANT UPDATE ({note_columns}) ON case_notes TO {NOTE_WORK}",
        # Drafts are discarded; signed notes are refused by the trigger.
        f"GRANT DELETE ON case_notes TO {NOTE_WORK}",
        f"GRANT UPDATE (cosigned_by, cosigned_at, updated_by) ON case_notes TO {SUPERVISOR}",
        f"ALTER POLICY case_notes_own_read ON case_notes USING ({CASEWORKER_READ})",
        "ALTER POLICY case_notes_edit_own_drafts ON case_notes "
        f"USING (author_staff_id = {ME} AND signed_at IS NULL) "
        f"WITH CHECK (author_staff_id = {ME})",
        f"CREATE POLICY case_notes_discard_own_drafts ON case_notes FOR DELETE TO {NOTE_WORK} "
        f"USING (author_staff_id = {ME} AND signed_at IS NULL)",
        f"CREATE POLICY case_notes_cosign ON case_notes FOR UPDATE TO {SUPERVISOR} "
        f"USING (signed_at IS NOT NULL AND cosign_required AND cosigned_at IS NULL "
        f"AND author_staff_id <> {ME}) "
        "WITH CHECK (cosigned_by = session_user::text)",
        # Goal links follow the notes one may read, and change with one's own drafts.
        f"GRANT SELECT, INSERT (note_id, goal_id), DELETE ON case_note_goals TO {NOTE_WORK}",
        "ALTER TABLE case_note_goals ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE case_note_goals FORCE ROW LEVEL SECURITY",
        "CREATE POLICY case_note_goals_owner_maintenance ON case_note_goals FOR ALL "
        f"TO {OWNER} USING (true) WITH CHECK (true)",
        f"CREATE POLICY case_note_goals_read ON case_note_goals FOR SELECT TO {NOTE_WORK} "
        f"USING (note_id IN ({READABLE_NOTES}))",
        f"CREATE POLICY case_note_goals_link ON case_note_goals FOR INSERT TO {NOTE_WORK} "
        f"WITH CHECK (note_id IN ({MY_DRAFTS}))",
        f"CREATE POLICY case_note_goals_unlink ON case_note_goals FOR DELETE TO {NOTE_WORK} "
        f"USING (note_id IN ({MY_DRAFTS}))",
        # Addenda: read with their note; added to signed notes only, by the
        # note's author or a supervisor; never updated or deleted.
        f"GRANT SELECT ON case_note_addenda TO {NOTE_WORK}",
        "GRANT INSERT (note_id, sequence, author_staff_id, text, fingerprint, created_at, "
        f"created_by) ON case_note_addenda TO {NOTE_WORK}",
        # The owner keeps UPDATE: the foreign key's checks (FOR KEY SHARE) need it
        # when a draft is discarded; the trigger below refuses the owner's changes.
        "REVOKE UPDATE, DELETE, TRUNCATE ON case_note_addenda FROM PUBLIC",
        "ALTER TABLE case_note_addenda ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE case_note_addenda FORCE ROW LEVEL SECURITY",
        "CREATE POLICY case_note_addenda_owner_maintenance ON case_note_addenda FOR ALL "
        f"TO {OWNER} USING (true) WITH CHECK (true)",
        f"CREATE POLICY case_note_addenda_read ON case_note_addenda FOR SELECT TO {NOTE_WORK} "
        f"USING (note_id IN ({READABLE_NOTES}))",
        f"CREATE POLICY case_note_addenda_by_supervisor ON case_note_addenda FOR INSERT "
        f"TO {SUPERVISOR} WITH CHECK (author_staff_id = {ME} AND note_id IN ({SIGNED}))",
        f"CREATE POLICY case_note_addenda_by_author ON case_note_addenda FOR INSERT "
        f"TO {CASEWORKER} WITH CHECK (author_staff_id = {ME} AND note_id IN ({MY_SIGNED}))",
        "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO "
        f"{NOTE_WORK}', pg_get_serial_sequence('case_note_addenda', 'id')); END $$",
        "CREATE TRIGGER case_notes_signed_is_final BEFORE UPDATE OR DELETE ON case_notes "
        "FOR EACH ROW EXECUTE FUNCTION case_notes_signed_is_final()",
        "CREATE TRIGGER case_note_addenda_append_only BEFORE UPDATE OR DELETE "
        "ON case_note_addenda FOR EACH ROW EXECUTE FUNCTION case_note_addenda_append_only()",
        "CREATE TRIGGER case_note_addenda_stamp BEFORE INSERT ON case_note_addenda "
        "FOR EACH ROW EXECUTE FUNCTION stamp_row()",
        "CREATE TRIGGER case_note_addenda_audit AFTER INSERT OR UPDATE OR DELETE "
        "ON case_note_addenda FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
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
                "DROP TRIGGER case_notes_signed_is_final ON case_notes",
                "DROP FUNCTION case_notes_signed_is_final()",
                "DROP POLICY case_notes_discard_own_drafts ON case_notes",
                "DROP POLICY case_notes_cosign ON case_notes",
                "ALTER POLICY case_notes_own_read ON case_notes USING (case_id IN "
                "(SELECT id FROM cases WHERE assigned_staff_id = my_staff_id()))",
                "ALTER POLICY case_notes_edit_own_drafts ON case_notes "
                "USING (author_staff_id = my_staff_id() AND signed_at IS NULL) "
                "WITH CHECK (author_staff_id = my_staff_id())",
                f"REVOKE DELETE ON case_notes FROM {NOTE_WORK}",
            ]
        )
    op.drop_table("case_note_addenda")
    if op.get_bind().dialect.name == "postgresql":
        _run(["DROP FUNCTION case_note_addenda_append_only()"])
    op.drop_index("ix_case_note_goals_goal_id", table_name="case_note_goals")
    op.drop_table("case_note_goals")
    op.drop_index("ix_case_notes_author_staff_id_signed_at", table_name="case_notes")
    with op.batch_alter_table("case_notes") as batch:
        batch.drop_constraint("ck_case_notes_signed_complete", type_="check")
        batch.drop_constraint("ck_case_notes_contact_type", type_="check")
        for column in (
            "updated_by",
            "created_by",
            "cosigned_at",
            "cosigned_by",
            "cosign_required",
            "fingerprint",
            "signed_by",
            "confidential",
            "location",
            "duration_minutes",
            "contact_type",
            "contact_at",
        ):
            batch.drop_column(column)
        batch.alter_column("contact_on", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("programs") as batch:
        batch.drop_constraint("ck_programs_cosign_days", type_="check")
        batch.drop_column("cosign_new_staff_days")
