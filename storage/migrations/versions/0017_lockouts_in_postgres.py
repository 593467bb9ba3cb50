"""A locked account is locked in PostgreSQL too.

Until now a lock-out lived in the staff row only: begin_session refused the
app, but the same password still opened psql, and a right password took a
longer path (connect, checks, refusal) than a wrong one (refused at once),
which told a guesser when a guess was right.

While staff.locked_until is in the future the login role now carries
``VALID UNTIL '-infinity'``. PostgreSQL then answers a right password exactly
as a wrong one: it runs its mock SCRAM exchange and refuses with the same
message, so the app takes the same path for both. NOLOGIN would not do: it is
checked after the password, and it already means "deactivated" here.

A trigger keeps the role in step with the row, whoever writes locked_until
(report_failed_sign_in, begin_session, an administrator's unlock). A past
VALID UNTIL does not lift itself, so end_expired_lockouts() lifts every lock
whose time has passed; the app calls it through the sign-in gate before each
login attempt. Only roles carrying CaseDesk's marker ('-infinity') are touched:
an expiry date the IT person set by hand stays, but a lock replaces it.

A guess while locked starts the lock's time again (domain/staff/throttle.py).
The lock applies to password logins (scram-sha-256, md5); trust or certificate
authentication ignores VALID UNTIL, and begin_session still refuses those.

Runs as casedesk_owner, which holds CREATEROLE (see postgres_setup): the
functions below need nothing more.

Revision ID: 0017
Revises: 0016
Created: 2026-12-03
"""

from importlib import import_module

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
SIGNIN = "casedesk_signin"
LOCKED = "-infinity"
UNLOCKED = "infinity"

# Mirrors domain/staff/throttle.py as of this revision; a test holds them equal.
FAILURES_BEFORE_LOCKOUT = 5
FIRST_LOCKOUT = "15 minutes"
LONGEST_LOCKOUT = "1 day"

_AUDIT_COLUMNS = "occurred_at, actor, workstation, action, entity_type, entity_id, detail"
_LENGTH = "least(interval '{first}' * power(2, least(greatest({n}, 0), 16)), interval '{longest}')"


def _length(lockouts_before: str) -> str:
    return _LENGTH.format(first=FIRST_LOCKOUT, longest=LONGEST_LOCKOUT, n=lockouts_before)


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    return [
        # Internal: called by the two SECURITY DEFINER functions below only.
        f"""
CREATE FUNCTION set_login_locked(p_username text, p_locked boolean) RETURNS void
LANGUAGE plpgsql {path} AS $$
DECLARE
    until timestamptz;
BEGIN
    SELECT rolvaliduntil INTO until FROM pg_roles WHERE rolname = p_username;
    IF NOT FOUND OR p_locked = (until IS NOT DISTINCT FROM '{LOCKED}') THEN
        RETURN;
    END IF;
    PERFORM staff_login(p_username);  -- never a role CaseDesk does not manage
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_username,
                   CASE WHEN p_locked THEN '{LOCKED}' ELSE '{UNLOCKED}' END);
END
$$""",
        f"""
CREATE FUNCTION staff_lock_to_login() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
    PERFORM set_login_locked(NEW.username, coalesce(NEW.locked_until > now(), false));
    RETURN NULL;
END
$$""",
        # For the sign-in gate: takes no name and returns nothing, so it tells
        # its caller nothing; it only does what the clock already allows.
        f"""
CREATE FUNCTION end_expired_lockouts() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    name text;
BEGIN
    FOR name IN
        SELECT s.username FROM staff s JOIN pg_roles r ON r.rolname = s.username
         WHERE r.rolvaliduntil = '{LOCKED}' AND NOT coalesce(s.locked_until > now(), false)
           FOR UPDATE OF s  -- a failure reported meanwhile may lock it again
    LOOP
        PERFORM set_login_locked(name, false);
    END LOOP;
END
$$""",
        # As in 0003, but a guess while locked starts the lock's time again.
        f"""
CREATE OR REPLACE FUNCTION report_failed_sign_in(p_username text, p_workstation text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    member staff%ROWTYPE;
    ws text := left(coalesce(nullif(btrim(p_workstation), ''), 'unknown workstation'), 255);
    origin text := 'from ' || coalesce(host(inet_client_addr()), 'a local connection');
    lock_for interval;
BEGIN
    SELECT * INTO member FROM staff
     WHERE username = lower(btrim(left(coalesce(p_username, ''), 64))) FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO audit_events ({_AUDIT_COLUMNS})
        VALUES (now(), '(unknown)', ws, 'sign_in.failed', '', NULL, 'unknown;' || origin);
        RETURN;
    END IF;
    IF NOT member.active OR member.locked_until > now() THEN
        IF member.active THEN
            UPDATE staff SET locked_until = greatest(member.locked_until,
                                                     now() + {_length("member.lockouts - 1")})
             WHERE id = member.id;
        END IF;
        INSERT INTO audit_events ({_AUDIT_COLUMNS})
        VALUES (now(), member.username, ws, 'sign_in.failed', 'staff', member.id,
                CASE WHEN member.active THEN 'locked' ELSE 'inactive' END || ';' || origin);
        RETURN;
    END IF;
    INSERT INTO audit_events ({_AUDIT_COLUMNS})
    VALUES (now(), member.username, ws, 'sign_in.failed', 'staff', member.id,
            'password refused;' || origin);
    IF member.failed_logins + 1 < {FAILURES_BEFORE_LOCKOUT} THEN
        UPDATE staff SET failed_logins = member.failed_logins + 1 WHERE id = member.id;
        RETURN;
    END IF;
    lock_for := {_length("member.lockouts")};
    UPDATE staff SET failed_logins = 0, lockouts = member.lockouts + 1,
                     locked_until = now() + lock_for
     WHERE id = member.id;
    INSERT INTO audit_events ({_AUDIT_COLUMNS})
    VALUES (now(), member.username, ws, 'account.locked', 'staff', member.id,
            'until ' || to_char((now() + lock_for) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
            || ' UTC');
END
$$""",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _owner_schema()
    _run(
        [
            *_functions(schema),
            "REVOKE EXECUTE ON FUNCTION set_login_locked(text, boolean) FROM PUBLIC",
            "REVOKE EXECUTE ON FUNCTION staff_lock_to_login() FROM PUBLIC",
            "REVOKE EXECUTE ON FUNCTION end_expired_lockouts() FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION end_expired_lockouts() TO {SIGNIN}",
            "CREATE TRIGGER staff_lock_in_login AFTER UPDATE OF locked_until ON staff "
            "FOR EACH ROW WHEN (OLD.locked_until IS DISTINCT FROM NEW.locked_until) "
            "EXECUTE FUNCTION staff_lock_to_login()",
            # Accounts locked at upgrade time are locked in the server from now on.
            "SELECT set_login_locked(username, true) FROM staff WHERE locked_until > now()",
        ]
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _owner_schema()
    security = import_module("storage.migrations.versions.0003_postgres_security")
    (original,) = [f for f in security._functions(schema) if "report_failed_sign_in(" in f]
    _run(
        [
            "DROP TRIGGER staff_lock_in_login ON staff",
            "SELECT set_login_locked(username, false) FROM staff",
            "DROP FUNCTION end_expired_lockouts()",
            "DROP FUNCTION staff_lock_to_login()",
            "DROP FUNCTION set_login_locked(text, boolean)",
            original.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
        ]
    )


def _owner_schema() -> str:
    user, schema = op.get_bind().exec_driver_sql("SELECT current_user, current_schema()").one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py db upgrade`."
        )
    return schema


def _run(statements: list[str]) -> None:
    # Through the driver, so that '%' in format() strings reaches PostgreSQL untouched.
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)
