"""Who signed, when, and whether a co-signature is due are the server's word: in
psql as each person's own login, every forged signer, time, fingerprint and
co-sign field on every table that holds a signature, co-signature, agreement or
consent is refused or overridden (migration 0015). One table of attempts drives
it, and a table with such a column but no attempts fails the coverage check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import errors
from psycopg.rows import dict_row

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, RevocationForm
from domain.notes.note import NoteForm, addendum_fingerprint, fingerprint
from domain.plans.plan import AgreementForm, GoalForm, StepForm
from storage.postgres_setup import SCHEMA
from tests.storage.signatures.sample_strokes import drawn

pytestmark = pytest.mark.postgres

FORGED = "f" * 64
LONG_AGO = "2020-01-01 09:00+00"
NOW = object()  # the transaction's now(): what the server's triggers stamp
REFUSED = "refused"
# Columns that say who signed or agreed, when, or with what proof.
SIGNATURE_COLUMN = re.compile(
    r"^(signed_|agreed_|agreement_|cosigned_|cosign_required|revoked_|fingerprint)"
)
PHONE = NoteForm(
    contact_date="11/23/2026",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears.",
)
GOAL = GoalForm("Sign a lease", "housing", "03/31/2027", steps=(StepForm("Apply", "client"),))
NOTE_INSERT = (
    "INSERT INTO case_notes (case_id, author_staff_id, contact_on, duration_minutes, "
    "narrative, signed_at, signed_by, fingerprint, cosign_required, created_at, updated_at) "
    "VALUES ({case}, {maria_id}, current_date, 15, 'Forged', '" + LONG_AGO + "', '{sup}', "
    "'" + FORGED + "', false, now(), now()) RETURNING *"
)


@dataclass(frozen=True)
class Attempt:
    name: str
    table: str
    login: str  # "maria" (a caseworker hired today) or "sup" (her supervisor)
    sql: str  # str.format()ted with the world's ids and names
    # REFUSED, or the columns as the server must have written them
    # ("{maria}"-style strings are formatted; NOW is the transaction's time).
    expect: object = REFUSED
    proof_holds: bool = False  # also: case_note_proof_holds() vouches for the row
    not_forged: tuple[str, ...] = field(default=())


ATTEMPTS = (
    # --- case notes -------------------------------------------------------------------
    Attempt(
        "insert a note already signed by the supervisor, not needing a co-signature",
        "case_notes",
        "maria",
        NOTE_INSERT,
        {"signed_by": "{maria}", "signed_at": NOW, "cosign_required": True},
        proof_holds=True,
        not_forged=("fingerprint",),
    ),
    Attempt(
        "insert a note already co-signed",
        "case_notes",
        "maria",
        "INSERT INTO case_notes (case_id, author_staff_id, narrative, cosigned_by, cosigned_at, "
        "created_at, updated_at) VALUES ({case}, {maria_id}, 'x', '{sup}', now(), now(), now())",
    ),
    Attempt(
        "sign a draft in the supervisor's name, long ago, with a fingerprint of one's own",
        "case_notes",
        "maria",
        "UPDATE case_notes SET contact_on = current_date, duration_minutes = 15, "
        "signed_at = '" + LONG_AGO + "', signed_by = '{sup}', fingerprint = '" + FORGED + "', "
        "cosign_required = false WHERE id = {draft} RETURNING *",
        {"signed_by": "{maria}", "signed_at": NOW, "cosign_required": True},
        proof_holds=True,
        not_forged=("fingerprint",),
    ),
    Attempt(
        "drop the co-signature a draft will need",
        "case_notes",
        "maria",
        "UPDATE case_notes SET cosign_required = false, signed_by = '{sup}', "
        "fingerprint = '" + FORGED + "' WHERE id = {draft} RETURNING *",
        {"cosign_required": True, "signed_by": None, "fingerprint": None},
    ),
    Attempt(
        "drop the co-signature a signed note needs",
        "case_notes",
        "maria",
        "UPDATE case_notes SET cosign_required = false WHERE id = {signed}",
    ),
    Attempt(
        "replace a signed note's fingerprint",
        "case_notes",
        "maria",
        "UPDATE case_notes SET fingerprint = '" + FORGED + "' WHERE id = {signed}",
    ),
    Attempt(
        "move a signed note's signer",
        "case_notes",
        "maria",
        "UPDATE case_notes SET signed_by = '{sup}' WHERE id = {signed}",
    ),
    Attempt(
        "move a signed note's time",
        "case_notes",
        "maria",
        "UPDATE case_notes SET signed_at = '" + LONG_AGO + "' WHERE id = {signed}",
    ),
    Attempt(
        "co-sign one's own note",
        "case_notes",
        "maria",
        "UPDATE case_notes SET cosigned_by = session_user, cosigned_at = now() WHERE id = {signed}",
    ),
    Attempt(
        "co-sign in another supervisor's name",
        "case_notes",
        "sup",
        "UPDATE case_notes SET cosigned_by = 'someone', cosigned_at = now() WHERE id = {signed}",
    ),
    Attempt(
        "co-sign, dated long ago",
        "case_notes",
        "sup",
        "UPDATE case_notes SET cosigned_by = session_user, cosigned_at = '" + LONG_AGO + "' "
        "WHERE id = {signed} RETURNING *",
        {"cosigned_by": "{sup}", "cosigned_at": NOW},
        proof_holds=True,
    ),
    Attempt(
        "delete a signed note", "case_notes", "maria", "DELETE FROM case_notes WHERE id = {signed}"
    ),
    Attempt(
        "delete a signed note (supervisor)",
        "case_notes",
        "sup",
        "DELETE FROM case_notes WHERE id = {signed}",
    ),
    # --- addenda ----------------------------------------------------------------------
    Attempt(
        "add an addendum in the supervisor's name, long ago, with one's own fingerprint",
        "case_note_addenda",
        "maria",
        "INSERT INTO case_note_addenda (note_id, sequence, author_staff_id, text, fingerprint, "
        "created_at, created_by) VALUES ({signed}, 2, {maria_id}, 'Also', '"
        + FORGED
        + "', '"
        + LONG_AGO
        + "', '{sup}') RETURNING *",
        {"created_by": "{maria}", "created_at": NOW},
        not_forged=("fingerprint",),
    ),
    Attempt(
        "add an addendum as the supervisor",
        "case_note_addenda",
        "maria",
        "INSERT INTO case_note_addenda (note_id, sequence, author_staff_id, text, fingerprint, "
        "created_at, created_by) VALUES ({signed}, 2, {sup_id}, 'Also', '" + FORGED + "', "
        "now(), '{sup}')",
    ),
    Attempt(
        "replace an addendum's fingerprint",
        "case_note_addenda",
        "maria",
        "UPDATE case_note_addenda SET fingerprint = '" + FORGED + "' WHERE note_id = {signed}",
    ),
    Attempt(
        "move an addendum's author",
        "case_note_addenda",
        "sup",
        "UPDATE case_note_addenda SET created_by = '{sup}' WHERE note_id = {signed}",
    ),
    Attempt(
        "delete an addendum",
        "case_note_addenda",
        "sup",
        "DELETE FROM case_note_addenda WHERE note_id = {signed}",
    ),
    # --- plan agreements --------------------------------------------------------------
    Attempt(
        "insert a plan already agreed",
        "service_plans",
        "maria",
        "INSERT INTO service_plans (case_id, number, drafted_on, agreed_on, agreed_how, "
        "agreement_recorded_by, created_at, created_by, updated_at, updated_by) VALUES "
        "({case}, 9, current_date, current_date, 'paper', '{sup}', now(), '', now(), '')",
    ),
    Attempt(
        "record an agreement in the supervisor's name",
        "service_plans",
        "maria",
        "UPDATE service_plans SET agreed_on = current_date, agreed_how = 'paper', "
        "agreement_recorded_by = '{sup}', updated_by = '{sup}', updated_at = '"
        + LONG_AGO
        + "' WHERE id = {plan_draft} RETURNING *",
        {"agreement_recorded_by": "{maria}", "updated_by": "{maria}", "updated_at": NOW},
    ),
    Attempt(
        "leave a recorder on a draft",
        "service_plans",
        "maria",
        "UPDATE service_plans SET agreement_recorded_by = '{sup}' WHERE id = {plan_draft} "
        "RETURNING *",
        {"agreement_recorded_by": None},
    ),
    Attempt(
        "move an agreement's recorder",
        "service_plans",
        "sup",
        "UPDATE service_plans SET agreement_recorded_by = '{maria}' WHERE id = {plan_agreed}",
    ),
    Attempt(
        "move an agreement's date",
        "service_plans",
        "maria",
        "UPDATE service_plans SET agreed_on = agreed_on - 30 WHERE id = {plan_agreed}",
    ),
    Attempt(
        "delete an agreed plan",
        "service_plans",
        "sup",
        "DELETE FROM service_plans WHERE id = {plan_agreed}",
    ),
    # --- consents ---------------------------------------------------------------------
    Attempt(
        "record a consent in the supervisor's name, long ago",
        "consents",
        "maria",
        "INSERT INTO consents (client_id, kind, method, signed_on, effective_on, created_at, "
        "created_by, updated_at, updated_by) VALUES ({client}, 'services', 'paper', "
        "current_date, current_date, '" + LONG_AGO + "', '{sup}', '" + LONG_AGO + "', '{sup}') "
        "RETURNING *",
        {"created_by": "{maria}", "created_at": NOW, "revoked_by": None},
    ),
    Attempt(
        "insert a consent already revoked",
        "consents",
        "maria",
        "INSERT INTO consents (client_id, kind, method, signed_on, effective_on, revoked_on, "
        "revoked_by, created_at, created_by, updated_at, updated_by) VALUES ({client}, "
        "'services', 'paper', current_date, current_date, current_date, '{sup}', now(), '', "
        "now(), '')",
    ),
    Attempt(
        "revoke a consent in the supervisor's name",
        "consents",
        "maria",
        "UPDATE consents SET revoked_on = current_date, revoked_by = '{sup}', updated_by = "
        "'{sup}' WHERE id = {consent} RETURNING *",
        {"revoked_by": "{maria}", "updated_by": "{maria}", "updated_at": NOW},
    ),
    Attempt(
        "move a revocation's author",
        "consents",
        "sup",
        "UPDATE consents SET revoked_by = '{sup}' WHERE id = {revoked}",
    ),
    Attempt(
        "undo a revocation",
        "consents",
        "maria",
        "UPDATE consents SET revoked_on = NULL, revoked_by = NULL WHERE id = {revoked}",
    ),
    Attempt(
        "change what a consent says was signed",
        "consents",
        "maria",
        "UPDATE consents SET signed_on = signed_on - 30 WHERE id = {consent}",
    ),
    Attempt("delete a consent", "consents", "sup", "DELETE FROM consents WHERE id = {revoked}"),
    # --- signatures drawn on screen (migration 0027) ----------------------------------
    Attempt(
        "sign on screen in the supervisor's name, long ago",
        "signatures",
        "maria",
        "INSERT INTO signatures (consent_id, signer_kind, printed_name, strokes, fingerprint, "
        "signed_at, recorded_by) VALUES ({revoked}, 'client', 'A B', '{{}}', '"
        + FORGED
        + "', '"
        + LONG_AGO
        + "', '{sup}') RETURNING *",
        {"recorded_by": "{maria}", "signed_at": NOW},
    ),
    Attempt(
        "change a signature's printed name",
        "signatures",
        "sup",
        "UPDATE signatures SET printed_name = 'C D' WHERE consent_id = {consent}",
    ),
    Attempt(
        "delete a signature",
        "signatures",
        "sup",
        "DELETE FROM signatures WHERE consent_id = {consent}",
    ),
)


@pytest.fixture
def world(postgres_office, clock):
    """A supervisor and a caseworker hired today, on a program whose notes by staff
    hired within 30 days need co-signing; a signed note with an addendum, a draft,
    an agreed plan and its next draft, a consent and a revoked one."""
    office = postgres_office
    admin = office.admin
    program = admin.services.programs.create(
        admin.actor, ProgramForm("Family support", "", "90", True, cosign_new_staff_days="30")
    )
    sup = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    client = sup.services.clients.register(sup.actor, ClientForm(first_name="A", last_name="B"))
    case_id = sup.services.cases.open_case(sup.actor, client.id, maria.actor.staff_id)
    with office.superuser() as psql:
        psql.execute("UPDATE cases SET program_id = %s WHERE id = %s", (program.id, case_id))
    notes = maria.services.notes
    draft = notes.start_draft(maria.actor, case_id, NoteForm(narrative="Called"))
    signed = notes.sign(maria.actor, draft.id, draft.version, PHONE)
    notes.add_addendum(maria.actor, signed.id, "Landlord agreed in writing.")
    draft = notes.start_draft(maria.actor, case_id, NoteForm(narrative="Half"))
    plans = maria.services.plans
    plan = plans.save_draft(maria.actor, case_id, 0, (GOAL,))
    today = clock().date().isoformat()
    agreed = plans.record_agreement(maria.actor, plan.id, plan.version, AgreementForm(today))
    next_draft = plans.new_version(maria.actor, case_id)
    consents = maria.services.consents
    form = ConsentForm(kind="services", signed_on=today)
    consent = consents.record(maria.actor, client.id, form)
    revoked = consents.record(maria.actor, client.id, form)
    consents.revoke(maria.actor, revoked.id, revoked.version, RevocationForm(note="By phone."))
    maria.services.signatures.sign_consent(maria.actor, consent.id, [("client", drawn(), "A B")])
    names = {
        "maria": maria.actor.username,
        "sup": sup.actor.username,
        "maria_id": maria.actor.staff_id,
        "sup_id": sup.actor.staff_id,
        "client": client.id,
        "case": case_id,
        "signed": signed.id,
        "draft": draft.id,
        "plan_agreed": agreed.id,
        "plan_draft": next_draft.id,
        "consent": consent.id,
        "revoked": revoked.id,
    }
    return office, {"maria": maria, "sup": sup}, names


def _try(conn: psycopg.Connection, attempt: Attempt, names: dict) -> str | None:
    """What went wrong with one attempt, or None. Always rolled back."""
    sql = attempt.sql.format(**names)
    try:
        with conn.transaction(force_rollback=True), conn.cursor(row_factory=dict_row) as cursor:
            try:
                cursor.execute(sql)
            except errors.InsufficientPrivilege:
                return None if attempt.expect is REFUSED else "refused"
            if attempt.expect is REFUSED:
                return None if cursor.rowcount == 0 else f"allowed ({cursor.rowcount} rows)"
            (row,) = cursor.fetchall()
            now = cursor.execute("SELECT now() AS now").fetchone()["now"]
            for column, wanted in attempt.expect.items():
                wanted = now if wanted is NOW else wanted
                wanted = wanted.format(**names) if isinstance(wanted, str) else wanted
                if row[column] != wanted:
                    return f"{column} = {row[column]!r}, wanted {wanted!r}"
            for column in attempt.not_forged:
                if row[column] in (FORGED, None):
                    return f"{column} kept the client's value {row[column]!r}"
            if attempt.proof_holds:
                holds = cursor.execute(
                    "SELECT case_note_proof_holds(n) AS holds FROM case_notes n WHERE id = %s",
                    (row["id"],),
                ).fetchone()["holds"]
                if not holds:
                    return "the server does not vouch for its own signature"
    except psycopg.Error as error:
        return f"{type(error).__name__}: {error}"
    return None


def test_every_forged_signature_field_is_refused_or_overridden_in_psql(world):
    office, people, names = world
    problems = []
    for login in ("maria", "sup"):
        with office.connect_as(people[login].actor.username) as conn:
            for attempt in (a for a in ATTEMPTS if a.login == login):
                problem = _try(conn, attempt, names)
                if problem:
                    problems.append(f"{attempt.table}: {attempt.name}: {problem}")
    assert problems == [], "\n".join(problems)


def test_every_table_with_a_signature_column_has_its_attempts(postgres_office):
    with postgres_office.superuser() as psql:
        columns = psql.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s",
            (SCHEMA,),
        ).fetchall()
    signed_tables = {table for table, column in columns if SIGNATURE_COLUMN.match(column)}
    attempted = {a.table for a in ATTEMPTS}
    assert signed_tables - attempted == set(), "add attempts on these tables to ATTEMPTS"
    assert {"case_notes", "case_note_addenda", "service_plans", "consents"} <= signed_tables
    for table in attempted:  # INSERT, UPDATE and DELETE, each tried on every table
        verbs = {a.sql.split()[0] for a in ATTEMPTS if a.table == table}
        assert verbs == {"INSERT", "UPDATE", "DELETE"}, table


def test_the_forgery_in_the_issue_shows_the_real_signer_and_waits_for_a_cosignature(world):
    office, people, names = world
    maria = people["maria"]
    with office.connect_as(maria.actor.username) as psql:
        note_id = psql.execute(NOTE_INSERT.format(**names)).fetchone()[0]
    shown = {n.id: n for n in maria.services.notes.for_case(maria.actor, names["case"])}
    note = shown[note_id]
    assert note.signed_by == names["maria"] and note.awaiting_cosign and note.intact
    assert note.fingerprint != FORGED
    assert abs(note.signed_at - datetime.now(UTC)) < timedelta(minutes=5)  # not LONG_AGO


def test_a_note_whose_stored_proof_was_tampered_with_shows_as_altered(world):
    office, people, names = world
    maria = people["maria"]
    before = {n.id: n for n in maria.services.notes.for_case(maria.actor, names["case"])}
    assert before[names["signed"]].intact
    note = before[names["signed"]]
    forged = replace(note.values, narrative="Never called.")
    proof = fingerprint(forged, case_id=note.case_id, author=names["sup"])
    with office.superuser() as psql, psql.transaction():
        # Someone past the triggers (the owner, say) rewrites the note in the
        # supervisor's name and redoes the old public SHA-256 chain: it no longer passes.
        psql.execute("ALTER TABLE case_notes DISABLE TRIGGER USER")
        psql.execute("ALTER TABLE case_note_addenda DISABLE TRIGGER USER")
        psql.execute(
            "UPDATE case_notes SET narrative = %s, signed_by = %s, fingerprint = %s WHERE id = %s",
            (forged.narrative, names["sup"], proof, note.id),
        )
        for a in note.addenda:
            psql.execute(
                "UPDATE case_note_addenda SET fingerprint = %s WHERE id = %s",
                (addendum_fingerprint(proof, a.sequence, a.author, a.text), a.id),
            )
        psql.execute("ALTER TABLE case_note_addenda ENABLE TRIGGER USER")
        psql.execute("ALTER TABLE case_notes ENABLE TRIGGER USER")
    after = {n.id: n for n in maria.services.notes.for_case(maria.actor, names["case"])}
    assert not after[names["signed"]].intact
    assert after[names["draft"]].intact
    with office.superuser() as psql, psql.transaction():
        psql.execute("ALTER TABLE case_note_addenda DISABLE TRIGGER USER")
        psql.execute("ALTER TABLE case_notes DISABLE TRIGGER USER")
        psql.execute(
            "UPDATE case_notes SET narrative = %s, signed_by = %s, fingerprint = %s WHERE id = %s",
            (note.values.narrative, note.signed_by, note.fingerprint, note.id),
        )
        for a in note.addenda:
            psql.execute(
                "UPDATE case_note_addenda SET fingerprint = %s WHERE id = %s", (a.fingerprint, a.id)
            )
        psql.execute(
            "UPDATE case_note_addenda SET text = 'Rewritten' WHERE note_id = %s", (note.id,)
        )
        psql.execute("ALTER TABLE case_notes ENABLE TRIGGER USER")
        psql.execute("ALTER TABLE case_note_addenda ENABLE TRIGGER USER")
    again = {n.id: n for n in maria.services.notes.for_case(maria.actor, names["case"])}
    assert not again[names["signed"]].intact  # an addendum rewritten, the note restored


def test_the_proof_is_hmac_sha256_under_a_key_only_the_owner_reads(world):
    import hashlib
    import hmac

    office, people, names = world
    with office.connect_as(people["sup"].actor.username) as psql:
        for sql in (
            "SELECT * FROM signature_keys",
            "SELECT signature_proof('x')",
            "SELECT case_note_message(n) FROM case_notes n",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(sql)
    with office.superuser() as psql:
        inner, outer = psql.execute("SELECT inner_pad, outer_pad FROM signature_keys").fetchone()
        message, stored = psql.execute(
            "SELECT case_note_message(n), fingerprint FROM case_notes n WHERE id = %s",
            (names["signed"],),
        ).fetchone()
    key = bytes(b ^ 0x36 for b in inner)
    assert bytes(b ^ 0x5C for b in outer) == key and len(set(key)) > 16
    assert hmac.new(key, message.encode(), hashlib.sha256).hexdigest() == stored


def test_notes_signed_before_the_upgrade_keep_showing_what_they_showed(world):
    """Downgrading gives back the old SHA-256 fingerprints; upgrading re-signs (with
    the server's key) exactly the notes whose SHA-256 still matched, so one altered
    in between still shows as altered."""
    from alembic import command

    from storage.postgres_setup import owner_engine
    from storage.schema import alembic_config, upgrade

    office, people, names = world
    maria = people["maria"]
    notes = maria.services.notes
    tampered = notes.sign(maria.actor, names["draft"], 1, PHONE)
    shown = {n.id: n for n in notes.for_case(maria.actor, names["case"])}
    owner = owner_engine(office.url)
    config = alembic_config()
    with owner.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
    with office.superuser() as psql:
        for note in shown.values():  # back as CaseDesk signed them before 0015
            old = fingerprint(note.values, case_id=note.case_id, author=note.signed_by)
            stored = psql.execute(
                "SELECT fingerprint FROM case_notes WHERE id = %s", (note.id,)
            ).fetchone()[0]
            assert stored == old
            for a in note.addenda:
                assert psql.execute(
                    "SELECT fingerprint FROM case_note_addenda WHERE id = %s", (a.id,)
                ).fetchone()[0] == addendum_fingerprint(old, a.sequence, a.author, a.text)
        with psql.transaction():
            psql.execute("ALTER TABLE case_notes DISABLE TRIGGER USER")
            psql.execute(
                "UPDATE case_notes SET narrative = 'Changed in psql' WHERE id = %s",
                (tampered.id,),
            )
            psql.execute("ALTER TABLE case_notes ENABLE TRIGGER USER")
    upgrade(owner)
    owner.dispose()
    after = {n.id: n for n in notes.for_case(maria.actor, names["case"])}
    assert after[names["signed"]].intact and after[names["signed"]].addenda
    assert after[names["signed"]].proof_holds is True
    assert not after[tampered.id].intact
