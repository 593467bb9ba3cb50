"""The access policy inside PostgreSQL: grants, row-level security, audit triggers,
and the SECURITY DEFINER functions that manage staff login roles.

domain/common/policy.py decides what the application offers; this migration makes the
server refuse the same things to anyone who opens psql with a workstation's
credentials. Nothing here touches SQLite (one office PC, checked by the app).

It must run as casedesk_owner (``python main.py db init`` / ``db upgrade`` do
that), so that every function below is owned by the NOLOGIN schema owner and
never by a superuser or a person.

Revision ID: 0003
Revises: 0002
Created: 2026-11-24
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
STAFF = "casedesk_staff"
ADMIN = "casedesk_admin"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
SIGNIN = "casedesk_signin"
GROUPS = (STAFF, ADMIN, SUPERVISOR, CASEWORKER, FRONTDESK, SIGNIN)
CLIENT_WORK = f"{SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"
FORCED_TABLES = ("clients", "cases", "case_notes", "staff")
AUDITED_TABLES = ("clients", "cases", "case_notes", "staff")
STAMPED_TABLES = ("clients", "cases", "case_notes")
ALL_TABLES = ("clients", "cases", "case_notes", "staff", "settings", "audit_events")

# Mirrors domain/staff/throttle.py as of this revision; a test holds them equal.
FAILURES_BEFORE_LOCKOUT = 5
FIRST_LOCKOUT = "15 minutes"
LONGEST_LOCKOUT = "1 day"

_ROLE_GROUPS = f"ARRAY['{ADMIN}', '{SUPERVISOR}', '{CASEWORKER}', '{FRONTDESK}']"


def _functions(schema: str) -> list[str]:
    """Every function pins its search_path (pg_temp last), so no caller can
    shadow a table or function the definer reaches for."""
    path = f"SET search_path = {schema}, pg_temp"
    audit_columns = "occurred_at, actor, workstation, action, entity_type, entity_id, detail"
    return [
        # --- helpers the policies and triggers use ---------------------------
        f"""
CREATE FUNCTION is_staff_session() RETURNS boolean
LANGUAGE sql STABLE {path} AS $$
    -- pg_has_role() is true for superusers, who are never staff.
    SELECT coalesce((SELECT NOT rolsuper FROM pg_roles WHERE rolname = session_user), false)
       AND pg_has_role(session_user, '{STAFF}', 'MEMBER')
$$""",
        f"""
CREATE FUNCTION my_staff_id() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT id FROM staff WHERE username = session_user::text AND active
$$""",
        # A policy on cases cannot query cases itself (PostgreSQL rejects the
        # recursion), so the caseworker's INSERT check asks this function.
        f"""
CREATE FUNCTION on_my_caseload(p_client_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT EXISTS (
        SELECT 1 FROM cases WHERE client_id = p_client_id AND assigned_staff_id = my_staff_id()
    )
$$""",
        # Who and when on client records are the server's word, not the
        # workstation's. The policies also rely on it: a caseworker may read
        # back a row they inserted in the same transaction (created_at = now()),
        # which INSERT ... RETURNING needs before a case puts it on their caseload.
        f"""
CREATE FUNCTION stamp_row() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    IF is_staff_session() THEN
        IF TG_OP = 'INSERT' THEN
            NEW := jsonb_populate_record(NEW, jsonb_build_object(
                'created_at', now(), 'created_by', session_user,
                'updated_at', now(), 'updated_by', session_user));
        ELSE
            NEW := jsonb_populate_record(NEW, jsonb_build_object(
                'updated_at', now(), 'updated_by', session_user));
        END IF;
    END IF;
    RETURN NEW;
END
$$""",
        # --- the audit trail --------------------------------------------------
        # Runs as the owner so that every change is recorded whoever makes it
        # (staff, the IT person, a migration). Names of changed columns only,
        # never values: the trail must not become a copy of confidential data.
        f"""
CREATE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    changed text := '';
    row_id bigint;
    verb text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT coalesce(string_agg(n.key, ',' ORDER BY n.key), '') INTO changed
          FROM jsonb_each(to_jsonb(NEW)) AS n JOIN jsonb_each(to_jsonb(OLD)) AS o USING (key)
         WHERE n.value IS DISTINCT FROM o.value;
        -- Sign-in bookkeeping has audit rows of its own (sign_in.*, account.locked).
        IF changed = '' OR (TG_TABLE_NAME = 'staff' AND string_to_array(changed, ',')
                <@ ARRAY['failed_logins', 'lockouts', 'locked_until', 'last_login_at']) THEN
            RETURN NULL;
        END IF;
        row_id := NEW.id;
        verb := 'updated';
    ELSIF TG_OP = 'INSERT' THEN
        row_id := NEW.id;
        verb := 'inserted';
    ELSE
        row_id := OLD.id;
        verb := 'deleted';
    END IF;
    INSERT INTO audit_events ({audit_columns})
    VALUES (now(), session_user, coalesce(host(inet_client_addr()), 'local connection'),
            'row.' || verb, 'table:' || TG_TABLE_NAME, row_id, changed);
    RETURN NULL;
END
$$""",
        f"""
CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % is not allowed.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$""",
        f"""
CREATE FUNCTION stamp_audit_event() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    -- A workstation's clock cannot backdate the trail.
    IF is_staff_session() THEN
        NEW.occurred_at := now();
    END IF;
    RETURN NEW;
END
$$""",
        # --- staff rows and login roles must agree ----------------------------
        # Administrators write staff.role/active through the app's repository
        # (column grants allow it), but only the functions below change the
        # login role. At commit this refuses a staff row that claims a role or
        # activation its login role does not have.
        f"""
CREATE FUNCTION staff_matches_login() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
DECLARE
    can_login boolean;
    groups text[];
BEGIN
    IF NOT is_staff_session() THEN
        RETURN NULL;
    END IF;
    SELECT r.rolcanlogin,
           array(SELECT DISTINCT g.rolname::text
                   FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                  WHERE m.member = r.oid AND g.rolname = ANY ({_ROLE_GROUPS}))
      INTO can_login, groups
      FROM pg_roles r WHERE r.rolname = NEW.username;
    IF NOT FOUND OR can_login IS DISTINCT FROM NEW.active
            OR groups IS DISTINCT FROM ARRAY['casedesk_' || NEW.role] THEN
        RAISE EXCEPTION 'The staff account % does not match its database login; '
                        'change roles and activation through CaseDesk.', NEW.username
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$""",
        # --- signing in -------------------------------------------------------
        # Called by the app right after PostgreSQL accepted a person's password:
        # refuses inactive or locked accounts, resets the failure count, audits.
        f"""
CREATE FUNCTION begin_session(p_workstation text, p_action text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    member staff%ROWTYPE;
    reason text;
    ws text := left(coalesce(nullif(btrim(p_workstation), ''), 'unknown workstation'), 255);
BEGIN
    IF p_action IS NULL OR p_action NOT IN ('sign_in.succeeded', 'session.unlocked') THEN
        RAISE EXCEPTION 'Unknown sign-in action.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT is_staff_session() THEN
        RAISE EXCEPTION 'Not a CaseDesk staff login.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO member FROM staff WHERE username = session_user::text FOR UPDATE;
    reason := CASE WHEN NOT FOUND THEN 'no staff account'
                   WHEN NOT member.active THEN 'inactive'
                   WHEN member.locked_until > now() THEN 'locked' END;
    IF reason IS NOT NULL THEN
        INSERT INTO audit_events ({audit_columns})
        VALUES (now(), session_user, ws, 'sign_in.failed',
                CASE WHEN member.id IS NULL THEN '' ELSE 'staff' END, member.id, reason);
        RETURN NULL;
    END IF;
    UPDATE staff SET failed_logins = 0, lockouts = 0, locked_until = NULL, last_login_at = now()
     WHERE id = member.id;
    INSERT INTO audit_events ({audit_columns})
    VALUES (now(), session_user, ws, p_action, 'staff', member.id, '');
    RETURN member.id;
END
$$""",
        # The app cannot write as a person whose password PostgreSQL refused, so
        # failed sign-ins are reported through casedesk_signin, a login role
        # whose password is published (any secret shipped to every workstation
        # is public anyway) and whose only privilege is this function. The
        # trade-offs: anyone who can reach the server may report failures and
        # so lock an account out for a while (the audit row names the address
        # it came from, which the server sees and the caller cannot forge), and
        # guesses made with psql directly are never counted: PostgreSQL has no
        # hook for failed authentication; see the README (auth_delay, log
        # monitoring). The function returns nothing, so it tells the caller
        # nothing about accounts.
        f"""
CREATE FUNCTION report_failed_sign_in(p_username text, p_workstation text) RETURNS void
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
        -- Typed usernames that match no account are not recorded: people
        -- type passwords into the username field.
        INSERT INTO audit_events ({audit_columns})
        VALUES (now(), '(unknown)', ws, 'sign_in.failed', '', NULL, 'unknown;' || origin);
        RETURN;
    END IF;
    IF NOT member.active OR member.locked_until > now() THEN
        INSERT INTO audit_events ({audit_columns})
        VALUES (now(), member.username, ws, 'sign_in.failed', 'staff', member.id,
                CASE WHEN member.active THEN 'locked' ELSE 'inactive' END || ';' || origin);
        RETURN;
    END IF;
    INSERT INTO audit_events ({audit_columns})
    VALUES (now(), member.username, ws, 'sign_in.failed', 'staff', member.id,
            'password refused;' || origin);
    IF member.failed_logins + 1 < {FAILURES_BEFORE_LOCKOUT} THEN
        UPDATE staff SET failed_logins = member.failed_logins + 1 WHERE id = member.id;
        RETURN;
    END IF;
    lock_for := least(interval '{FIRST_LOCKOUT}' * power(2, least(member.lockouts, 16)),
                      interval '{LONGEST_LOCKOUT}');
    UPDATE staff SET failed_logins = 0, lockouts = member.lockouts + 1,
                     locked_until = now() + lock_for
     WHERE id = member.id;
    INSERT INTO audit_events ({audit_columns})
    VALUES (now(), member.username, ws, 'account.locked', 'staff', member.id,
            'until ' || to_char((now() + lock_for) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
            || ' UTC');
END
$$""",
        # --- managing login roles (administrators only) -----------------------
        f"""
CREATE FUNCTION check_verifier(p_verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE {path} AS $$
BEGIN
    -- Only a SCRAM verifier computed on the workstation is accepted, so no
    -- plaintext password can reach the server (or its log) through CaseDesk.
    IF p_verifier IS NULL OR p_verifier !~
            '^SCRAM-SHA-256\\$[0-9]{{4,7}}:[A-Za-z0-9+/]+={{0,2}}\\$[A-Za-z0-9+/]+={{0,2}}:[A-Za-z0-9+/]+={{0,2}}$'
            OR split_part(split_part(p_verifier, '$', 2), ':', 1)::integer < 4096 THEN
        RAISE EXCEPTION 'A SCRAM-SHA-256 verifier is required.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$""",
        # Refuses any role that is not an ordinary CaseDesk staff login, so the
        # owner's CREATEROLE can never be turned on the IT person's account,
        # a superuser or a role CaseDesk does not manage.
        f"""
CREATE FUNCTION staff_login(p_username text) RETURNS staff
LANGUAGE plpgsql STABLE {path} AS $$
DECLARE
    member staff%ROWTYPE;
    login pg_roles%ROWTYPE;
BEGIN
    SELECT * INTO member FROM staff WHERE username = p_username;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no staff account %.', p_username
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO login FROM pg_roles WHERE rolname = p_username;
    IF NOT FOUND OR login.rolsuper OR login.rolbypassrls OR login.rolcreaterole
            OR login.rolcreatedb OR login.rolreplication
            OR pg_has_role(p_username, '{OWNER}', 'MEMBER')
            OR NOT pg_has_role(p_username, '{STAFF}', 'MEMBER') THEN
        RAISE EXCEPTION '% is not a CaseDesk staff login; CaseDesk will not change it.',
            p_username USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN member;
END
$$""",
        f"""
CREATE FUNCTION keep_an_admin() RETURNS void
LANGUAGE plpgsql STABLE {path} AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM staff WHERE role = 'admin' AND active) THEN
        RAISE EXCEPTION 'At least one active administrator must remain.'
            USING ERRCODE = 'check_violation';
    END IF;
END
$$""",
        f"""
CREATE FUNCTION create_login(p_username text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    member staff%ROWTYPE;
BEGIN
    IF p_username IS NULL OR p_username !~ '^[a-z][a-z0-9._-]{{2,31}}$'
            OR p_username LIKE 'pg\\_%' OR p_username LIKE 'casedesk\\_%'
            OR p_username IN ('postgres', 'public', 'root', 'casedesk', 'none',
                              'current_user', 'session_user', 'current_role', 'user') THEN
        RAISE EXCEPTION 'Not a valid CaseDesk username.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM check_verifier(p_verifier);
    SELECT * INTO member FROM staff WHERE username = p_username;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no staff account %.', p_username
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username) THEN
        RAISE EXCEPTION 'A database role named % already exists on this server.', p_username
            USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                   'NOBYPASSRLS INHERIT CONNECTION LIMIT 10 PASSWORD %L', p_username, p_verifier);
    EXECUTE format('GRANT %I, %I TO %I', '{STAFF}', 'casedesk_' || member.role, p_username);
    EXECUTE format('ALTER ROLE %I SET search_path = %I', p_username, '{schema}');
    IF NOT member.active THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_username);
    END IF;
END
$$""",
        f"""
CREATE FUNCTION set_login_password(p_username text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
    PERFORM check_verifier(p_verifier);
    PERFORM staff_login(p_username);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_username, p_verifier);
END
$$""",
        f"""
CREATE FUNCTION set_login_role(p_username text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    member staff%ROWTYPE;
    target text := 'casedesk_' || p_role;
    other text;
BEGIN
    IF p_role IS NULL OR NOT target = ANY ({_ROLE_GROUPS}) THEN
        RAISE EXCEPTION 'Unknown role.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    member := staff_login(p_username);
    IF member.role IS DISTINCT FROM p_role THEN
        RAISE EXCEPTION 'The staff account % does not have the role %.', p_username, p_role
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH other IN ARRAY {_ROLE_GROUPS} LOOP
        IF other <> target AND EXISTS (
                SELECT 1 FROM pg_auth_members m
                  JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                 WHERE g.rolname = other AND u.rolname = p_username) THEN
            EXECUTE format('REVOKE %I FROM %I', other, p_username);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', target, p_username);
    PERFORM keep_an_admin();
END
$$""",
        f"""
CREATE FUNCTION set_login_active(p_username text, p_active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    member staff%ROWTYPE;
BEGIN
    member := staff_login(p_username);
    IF p_active IS NULL OR member.active IS DISTINCT FROM p_active THEN
        RAISE EXCEPTION 'The staff account % is not marked %.', p_username,
            CASE WHEN p_active THEN 'active' ELSE 'inactive' END
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT p_active AND p_username = session_user::text THEN
        RAISE EXCEPTION 'You cannot deactivate your own account.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', p_username,
                   CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    IF NOT p_active THEN
        -- Deactivating ends the person's open sessions now, psql ones included.
        -- (A connection opened between this and COMMIT survives until its next
        -- CaseDesk action, which the staff row's active flag then refuses.)
        BEGIN
            PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE usename = p_username AND pid <> pg_backend_pid();
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING '{OWNER} may not end sessions (grant it pg_signal_backend); '
                          '% keeps open connections until their next action.', p_username;
        END;
    END IF;
    PERFORM keep_an_admin();
END
$$""",
        # Any login may change its own password in psql (PostgreSQL allows it);
        # the app does it here, with a verifier, and clears must_change_password.
        f"""
CREATE FUNCTION change_own_password(p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
    PERFORM check_verifier(p_verifier);
    IF NOT is_staff_session() THEN
        RAISE EXCEPTION 'Not a CaseDesk staff login.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM staff_login(session_user::text);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
    UPDATE staff SET must_change_password = false WHERE username = session_user::text;
END
$$""",
    ]


FUNCTION_SIGNATURES = {
    "is_staff_session()": STAFF,
    "my_staff_id()": STAFF,
    "on_my_caseload(bigint)": STAFF,
    "begin_session(text, text)": STAFF,
    "change_own_password(text)": STAFF,
    "report_failed_sign_in(text, text)": SIGNIN,
    "create_login(text, text)": ADMIN,
    "set_login_password(text, text)": ADMIN,
    "set_login_role(text, text)": ADMIN,
    "set_login_active(text, boolean)": ADMIN,
    # Internal: run only inside the functions above, as the owner.
    "stamp_row()": None,
    "audit_row_change()": None,
    "audit_events_append_only()": None,
    "stamp_audit_event()": None,
    "staff_matches_login()": None,
    "check_verifier(text)": None,
    "staff_login(text)": None,
    "keep_an_admin()": None,
}

_CASELOAD = "SELECT client_id FROM cases WHERE assigned_staff_id = my_staff_id()"
_MY_CASES = "SELECT id FROM cases WHERE assigned_staff_id = my_staff_id()"
_INSERTED_BY_ME_NOW = "(created_by = session_user::text AND created_at = now())"

# (name, table, command, roles, USING, WITH CHECK), straight from domain/common/policy.py:
# supervisors and the front desk reach every client; a caseworker only the
# clients of cases assigned to them; the front desk reads no notes; an
# administrator reads no client records at all.
POLICIES = [
    *[(f"{t}_owner_maintenance", t, "ALL", OWNER, "true", "true") for t in FORCED_TABLES],
    ("clients_office_read", "clients", "SELECT", f"{SUPERVISOR}, {FRONTDESK}", "true", None),
    (
        "clients_caseload_read",
        "clients",
        "SELECT",
        CASEWORKER,
        f"id IN ({_CASELOAD}) OR {_INSERTED_BY_ME_NOW}",
        None,
    ),
    ("clients_register", "clients", "INSERT", CLIENT_WORK, None, "created_by = session_user::text"),
    ("clients_office_edit", "clients", "UPDATE", f"{SUPERVISOR}, {FRONTDESK}", "true", "true"),
    (
        "clients_caseload_edit",
        "clients",
        "UPDATE",
        CASEWORKER,
        f"id IN ({_CASELOAD})",
        f"id IN ({_CASELOAD})",
    ),
    ("cases_office_read", "cases", "SELECT", f"{SUPERVISOR}, {FRONTDESK}", "true", None),
    (
        "cases_own_read",
        "cases",
        "SELECT",
        CASEWORKER,
        f"assigned_staff_id = my_staff_id() OR {_INSERTED_BY_ME_NOW}",
        None,
    ),
    ("cases_open_and_assign", "cases", "INSERT", SUPERVISOR, None, "true"),
    ("cases_open_intake", "cases", "INSERT", FRONTDESK, None, "assigned_staff_id IS NULL"),
    (
        "cases_open_for_own_client",
        "cases",
        "INSERT",
        CASEWORKER,
        None,
        "assigned_staff_id IS NULL AND on_my_caseload(client_id)",
    ),
    ("cases_reassign_and_close", "cases", "UPDATE", SUPERVISOR, "true", "true"),
    ("case_notes_office_read", "case_notes", "SELECT", SUPERVISOR, "true", None),
    ("case_notes_own_read", "case_notes", "SELECT", CASEWORKER, f"case_id IN ({_MY_CASES})", None),
    (
        "case_notes_supervisor_write",
        "case_notes",
        "INSERT",
        SUPERVISOR,
        None,
        "author_staff_id = my_staff_id()",
    ),
    (
        "case_notes_own_write",
        "case_notes",
        "INSERT",
        CASEWORKER,
        None,
        f"author_staff_id = my_staff_id() AND case_id IN ({_MY_CASES})",
    ),
    # A signed note never changes again; corrections are addenda.
    (
        "case_notes_edit_own_drafts",
        "case_notes",
        "UPDATE",
        f"{SUPERVISOR}, {CASEWORKER}",
        "author_staff_id = my_staff_id() AND signed_at IS NULL",
        "author_staff_id = my_staff_id()",
    ),
    ("staff_office_read", "staff", "SELECT", f"{ADMIN}, {SUPERVISOR}", "true", None),
    ("staff_self_read", "staff", "SELECT", STAFF, "username = session_user::text", None),
    # Staff logins never hold a password hash: PostgreSQL checks passwords.
    ("staff_admin_create", "staff", "INSERT", ADMIN, None, "password_hash IS NULL"),
    ("staff_admin_change", "staff", "UPDATE", ADMIN, "true", "password_hash IS NULL"),
    ("audit_events_read", "audit_events", "SELECT", f"{ADMIN}, {SUPERVISOR}", "true", None),
    (
        "audit_events_append_as_self",
        "audit_events",
        "INSERT",
        STAFF,
        None,
        "actor = session_user::text",
    ),
    # SQLAlchemy reads back the new id (INSERT ... RETURNING id), which needs a
    # SELECT policy the new row passes: the ids of one's own rows, nothing more.
    (
        "audit_events_own_ids",
        "audit_events",
        "SELECT",
        STAFF,
        "actor = session_user::text",
        None,
    ),
]

CLIENT_COLUMNS = "first_name, last_name, date_of_birth, phone, phone_digits, version"
STAFF_PUBLIC_COLUMNS = (
    "id, version, username, display_name, role, active, must_change_password, failed_logins, "
    "lockouts, locked_until, last_login_at, created_at, created_by, updated_at, updated_by"
)

# Least privilege, column by column where it matters: nobody may write who
# created a row, nobody reads staff.password_hash, and no login role is granted
# UPDATE, DELETE or TRUNCATE on the audit trail.
GRANTS = [
    f"GRANT SELECT ON alembic_version TO {STAFF}",
    f"GRANT SELECT ON clients TO {CLIENT_WORK}",
    f"GRANT INSERT ({CLIENT_COLUMNS}, created_at, created_by, updated_at, updated_by) "
    f"ON clients TO {CLIENT_WORK}",
    f"GRANT UPDATE ({CLIENT_COLUMNS}, updated_at, updated_by) ON clients TO {CLIENT_WORK}",
    f"GRANT SELECT ON cases TO {CLIENT_WORK}",
    "GRANT INSERT (client_id, status, assigned_staff_id, opened_on, version, created_at, "
    f"created_by, updated_at, updated_by) ON cases TO {CLIENT_WORK}",
    "GRANT UPDATE (status, assigned_staff_id, closed_on, version, updated_at, updated_by) "
    f"ON cases TO {SUPERVISOR}",
    f"GRANT SELECT ON case_notes TO {SUPERVISOR}, {CASEWORKER}",
    "GRANT INSERT (case_id, author_staff_id, contact_on, narrative, signed_at, version, "
    f"created_at, updated_at) ON case_notes TO {SUPERVISOR}, {CASEWORKER}",
    "GRANT UPDATE (contact_on, narrative, signed_at, version, updated_at) "
    f"ON case_notes TO {SUPERVISOR}, {CASEWORKER}",
    f"GRANT SELECT ({STAFF_PUBLIC_COLUMNS}) ON staff TO {STAFF}",
    # password_hash is listed because the repository's INSERT names it (always
    # NULL here; the staff_admin_create policy holds it so).
    "GRANT INSERT (username, display_name, role, active, password_hash, must_change_password, "
    "failed_logins, lockouts, version, created_at, created_by, updated_at, updated_by) "
    f"ON staff TO {ADMIN}",
    "GRANT UPDATE (display_name, role, active, must_change_password, failed_logins, lockouts, "
    f"locked_until, version, updated_at, updated_by) ON staff TO {ADMIN}",
    f"GRANT SELECT ON settings TO {STAFF}",
    f"GRANT INSERT (key, value, updated_at, updated_by) ON settings TO {ADMIN}",
    f"GRANT UPDATE (value, updated_at, updated_by) ON settings TO {ADMIN}",
    "GRANT INSERT (occurred_at, actor, workstation, action, entity_type, entity_id, detail) "
    f"ON audit_events TO {STAFF}",
    f"GRANT SELECT (id) ON audit_events TO {STAFF}",
    f"GRANT SELECT ON audit_events TO {ADMIN}, {SUPERVISOR}",
    # Even the owner: only the trigger below would otherwise stop it.
    f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC, {OWNER}",
]

SEQUENCE_USERS = {
    "clients": CLIENT_WORK,
    "cases": CLIENT_WORK,
    "case_notes": f"{SUPERVISOR}, {CASEWORKER}",
    "staff": ADMIN,
    "audit_events": STAFF,
}


def _policy_sql(name, table, command, roles, using, check) -> str:
    sql = f"CREATE POLICY {name} ON {table} FOR {command} TO {roles}"
    if using is not None:
        sql += f" USING ({using})"
    if check is not None:
        sql += f" WITH CHECK ({check})"
    return sql


def _run(statements: list[str]) -> None:
    # Through the driver, so that '%' in format() strings reaches PostgreSQL
    # untouched (no bind parameters here).
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def _check_prerequisites() -> str:
    bind = op.get_bind()
    user, schema = bind.exec_driver_sql("SELECT current_user, current_schema()").one()
    missing = [
        name
        for name in (OWNER, *GROUPS)
        if not bind.exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = %(name)s", {"name": name}
        ).first()
    ]
    if missing or user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner with CaseDesk's group roles in place "
            f"(running as {user}; missing roles: {', '.join(missing) or 'none'}). "
            "Use `python main.py db init` or `python main.py db upgrade`, which prepare both."
        )
    return schema


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _check_prerequisites()
    statements = _functions(schema)
    for signature, grantee in FUNCTION_SIGNATURES.items():
        # New functions are executable by PUBLIC unless told otherwise.
        statements.append(f"REVOKE EXECUTE ON FUNCTION {signature} FROM PUBLIC")
        if grantee:
            statements.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {grantee}")
    statements.append(f"GRANT USAGE ON SCHEMA {schema} TO {STAFF}, {SIGNIN}")
    statements += GRANTS
    for table, grantees in SEQUENCE_USERS.items():
        statements.append(
            "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO "
            f"{grantees}', pg_get_serial_sequence('{table}', 'id')); END $$"
        )
    for table in FORCED_TABLES:
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        statements.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    # Not forced: the owner's audit triggers and sign-in functions write it.
    statements.append("ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY")
    statements += [_policy_sql(*policy) for policy in POLICIES]
    for table in STAMPED_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_row()"
        )
    for table in AUDITED_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change()"
        )
    statements += [
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
        "CREATE TRIGGER audit_events_server_time BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION stamp_audit_event()",
        "CREATE CONSTRAINT TRIGGER staff_matches_login AFTER INSERT OR UPDATE OF role, active "
        "ON staff DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION staff_matches_login()",
    ]
    _run(statements)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _check_prerequisites()
    statements = [f"DROP POLICY {name} ON {table}" for name, table, *_ in POLICIES]
    statements += [f"DROP TRIGGER {table}_stamp ON {table}" for table in STAMPED_TABLES]
    statements += [f"DROP TRIGGER {table}_audit ON {table}" for table in AUDITED_TABLES]
    statements += [
        "DROP TRIGGER audit_events_append_only ON audit_events",
        "DROP TRIGGER audit_events_server_time ON audit_events",
        "DROP TRIGGER staff_matches_login ON staff",
    ]
    for table in (*FORCED_TABLES, "audit_events"):
        statements.append(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        statements.append(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    statements += [f"DROP FUNCTION {signature}" for signature in FUNCTION_SIGNATURES]
    groups = ", ".join(GROUPS)
    statements += [
        f"REVOKE ALL ON {', '.join(ALL_TABLES)}, alembic_version FROM {groups}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {groups}",
        f"REVOKE USAGE ON SCHEMA {schema} FROM {STAFF}, {SIGNIN}",
        f"GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO {OWNER}",
    ]
    _run(statements)
