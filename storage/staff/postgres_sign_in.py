"""Signing staff in to a shared PostgreSQL server as their own login roles.

PostgreSQL checks the password (SCRAM) and refuses locked accounts itself (see
migration 0017); CaseDesk then refuses privileged roles, checks the schema, and
lets the server's ``begin_session`` refuse inactive or locked accounts. Each
session gets an engine of its own, so everything the person does runs under
their role, their grants and row-level security.

Passwords stay in memory (the pool may need to reconnect): never in a URL,
never logged.
"""

from __future__ import annotations

import logging
import re
import weakref
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL, Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from domain.audit.events import AuditAction, AuditEvent
from domain.common.actor import Actor
from domain.common.clock import Clock, utc_now
from domain.common.errors import (
    DatabaseUnavailable,
    PermissionDenied,
    SessionEnded,
    SignInFailed,
    ValidationError,
)
from domain.common.guard import Guard
from domain.services import Services
from domain.staff.passwords import check_new_password, normalize_password
from domain.staff.session import FirstAdminForm, Session
from storage.audit.log import SqlAuditLog
from storage.command_line import program_name
from storage.common.connection_health import ConnectionLimits, watch_connections
from storage.common.engine import APP_NAME, describe_url, normalize_url
from storage.common.postgres_unit_of_work import PostgresUnitOfWork
from storage.live.postgres_feed import PostgresChangeFeed
from storage.postgres_setup import (
    OWNER,
    SCHEMA,
    SIGNIN_PASSWORD,
    SIGNIN_ROLE,
    STAFF,
    with_options,
)
from storage.schema import script_directory
from storage.staff import scram
from storage.staff.postgres_logins import PostgresLoginAccounts
from storage.staff.repository import SqlStaffRepository

log = logging.getLogger(__name__)

# Anything else cannot name a login role CaseDesk made; such names are reported
# as unknown without being sent to the server.
_PLAUSIBLE_USERNAME = re.compile(r"^[a-z_][a-z0-9_.$-]{0,62}$")
# libpq's English texts for a refused login, used only when the sign-in gate is
# unreachable and cannot tell "server down" from "password refused".
_REFUSED_LOGIN_TEXTS = (
    "password authentication failed",
    "is not permitted to log in",
    "no password supplied",
    "pg_hba.conf",
)

PRIVILEGED_ROLE = (
    "CaseDesk does not run as a database superuser, as the owner of its schema, or as a "
    "role that bypasses row-level security. Sign in with your own staff account."
)
NOT_STAFF = "This database account is not a CaseDesk staff account."

_REFUSALS_QUERY = text(
    """
    SELECT r.rolsuper OR r.rolbypassrls
           OR session_user <> current_user
           -- attributes are not inherited, but SET ROLE reaches them
           OR EXISTS (SELECT 1 FROM pg_roles p WHERE (p.rolsuper OR p.rolbypassrls)
                         AND pg_has_role(session_user, p.oid, 'MEMBER'))
           OR coalesce(pg_has_role(session_user, o.oid, 'MEMBER'), false)
           OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = current_schema()
                         AND pg_has_role(session_user, c.relowner, 'MEMBER')) AS privileged,
           coalesce(pg_has_role(session_user, s.oid, 'MEMBER'), false) AS staff
      FROM pg_roles r
      LEFT JOIN pg_roles o ON o.rolname = :owner
      LEFT JOIN pg_roles s ON s.rolname = :staff
     WHERE r.rolname = session_user
    """
)


def _unavailable() -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "The database cannot be reached right now. Check the network connection and "
        "try again; if this continues, ask your administrator whether the server is running."
    )


class _Secret:
    """Holds a password for reconnects; prints as nothing."""

    def __init__(self, password: str):
        self.password = password

    def __repr__(self) -> str:
        return "_Secret(***)"


# Each pooled engine's "check the connections now" (storage/common/connection_health.py).
_TROUBLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _engine_for(
    url: URL, username: str, secret: _Secret, *, pooled: bool, limits: ConnectionLimits
) -> Engine:
    """A staff login's engine; every wait on the server bounded by ``limits``."""
    options = {"poolclass": NullPool} if not pooled else {"pool_size": 2, "max_overflow": 2}
    engine = create_engine(
        with_options(url.set(username=username), search_path=SCHEMA, **limits.server_settings()),
        hide_parameters=True,
        connect_args={"application_name": APP_NAME, **limits.connect_args()},
        **options,
    )

    @event.listens_for(engine, "do_connect")
    def _password(_dialect, _record, _cargs, cparams):
        cparams["password"] = secret.password

    # After the password: the watch makes the connections (connection_health.py).
    report = watch_connections(engine, limits, pooled=pooled)
    if pooled:
        _TROUBLE[engine] = report
    return engine


def _change_feed(engine: Engine, staff_id: int) -> PostgresChangeFeed:
    """The desk's listening connection: the person's own login, outside the pool."""

    def connect():
        raw = engine.raw_connection()
        connection = raw.driver_connection
        raw.detach()
        return connection

    # A listener that finds the server gone tells the pool to check its connections.
    return PostgresChangeFeed(connect, staff_id, on_reconnect=_TROUBLE.get(engine))


@dataclass
class _Person:
    """One signed-in person: their engine and the services that run on it."""

    username: str
    secret: _Secret
    engine: Engine
    guard: Guard
    services: Services


class PostgresAuthenticator:
    def __init__(
        self, url: str | URL, clock: Clock = utc_now, limits: ConnectionLimits | None = None
    ):
        parsed = normalize_url(url)
        # Who signs in comes from the sign-in form, never from the configured URL.
        self._url = URL.create(
            parsed.drivername,
            host=parsed.host,
            port=parsed.port,
            database=parsed.database,
            query=parsed.query,
        )
        self._clock = clock
        self._limits = limits or ConnectionLimits()
        self._people: dict[str, _Person] = {}
        self._gate = self._engine(SIGNIN_ROLE, _Secret(SIGNIN_PASSWORD), pooled=False)

    # --- the Authenticator protocol ---------------------------------------

    def needs_first_admin(self) -> bool:
        return False  # `db init` created the first administrator

    def create_first_admin(self, form: FirstAdminForm, workstation: str) -> Session:
        raise PermissionDenied(
            "On a shared server the first administrator is created by the IT person "
            f"with `{program_name()} db init`."
        )

    def sign_in(self, username: str, password: str, workstation: str) -> Session:
        username = username.strip().lower()
        secret = _Secret(normalize_password(password))
        engine = self._engine(username, secret, pooled=True)
        try:
            with self._connect(engine, username, workstation) as conn:
                self._refuse_unsuitable_roles(conn)
                self._check_schema(conn)
                staff_id = self._begin_session(conn, workstation, AuditAction.SIGN_IN)
                staff = SqlStaffRepository(conn).get(staff_id)
                assert staff is not None
        except BaseException:
            engine.dispose()
            raise
        person = self._person(username, secret, engine, workstation)
        previous = self._people.pop(username, None)
        if previous is not None:
            previous.engine.dispose()
        self._people[username] = person
        actor = Actor(staff.id, staff.username, staff.display_name, staff.role, workstation)
        return Session(
            actor, person.services, staff.must_change_password, _change_feed(engine, staff.id)
        )

    def unlock(self, actor: Actor, password: str) -> None:
        person = self._signed_in(actor)
        with person.guard.uow_factory() as uow:
            person.guard.current(uow, actor)  # SessionEnded once deactivated
        engine = self._engine(actor.username, _Secret(normalize_password(password)), pooled=False)
        try:
            with self._connect(engine, actor.username, actor.workstation) as conn:
                self._begin_session(conn, actor.workstation, AuditAction.SESSION_UNLOCKED)
        finally:
            engine.dispose()

    def change_password(self, actor: Actor, current: str, new: str, confirmation: str) -> None:
        person = self._signed_in(actor)
        with person.guard.uow_factory() as uow:
            me = person.guard.current(uow, actor)
        check_new_password(new, confirmation, username=me.username, display_name=me.display_name)
        if normalize_password(new) == normalize_password(current):
            raise ValidationError({"new_password": "Choose a password you have not used here."})
        engine = self._engine(actor.username, _Secret(normalize_password(current)), pooled=False)
        try:
            try:
                conn = self._connect(engine, actor.username, actor.workstation)
            except SignInFailed:
                raise ValidationError(
                    {"current_password": "This is not your current password."}
                ) from None
            with conn, conn.begin():
                conn.execute(
                    text(f"SELECT {SCHEMA}.change_own_password(:verifier)"),
                    {"verifier": scram.verifier(normalize_password(new))},
                )
                SqlAuditLog(conn).record(self._event(actor, AuditAction.PASSWORD_CHANGED))
        finally:
            engine.dispose()
        person.secret.password = normalize_password(new)

    def lock(self, actor: Actor) -> None:
        self._record(self._signed_in(actor), actor, AuditAction.SESSION_LOCKED)

    def sign_out(self, actor: Actor) -> None:
        person = self._people.pop(actor.username, None)
        if person is None:
            return
        try:
            self._record(person, actor, AuditAction.SIGN_OUT)
        except (DatabaseUnavailable, PermissionDenied):
            log.info("Sign-out could not be recorded; the session ends anyway.")
        finally:
            person.secret.password = ""  # the session's services cannot reconnect
            person.engine.dispose()

    def close(self) -> None:
        """Ends every session's connections (application exit, tests)."""
        for person in self._people.values():
            person.engine.dispose()
        self._people.clear()
        self._gate.dispose()

    # --- connecting ---------------------------------------------------------

    def _engine(self, username: str, secret: _Secret, *, pooled: bool) -> Engine:
        return _engine_for(self._url, username, secret, pooled=pooled, limits=self._limits)

    def _connect(self, engine: Engine, username: str, workstation: str) -> Connection:
        """A connection as ``username``, or SignInFailed / DatabaseUnavailable."""
        if not _PLAUSIBLE_USERNAME.match(username):
            raise self._failed("", workstation, None)
        self._end_expired_lockouts()
        try:
            return engine.connect()
        except DBAPIError as error:
            raise self._failed(username, workstation, error) from None

    def _failed(
        self, username: str, workstation: str, error: DBAPIError | None
    ) -> SignInFailed | DatabaseUnavailable:
        """Report a refused login through the sign-in gate (see migration 0003).

        If the gate connects, the server is up, so the person's login was what
        it refused: one message for every reason, as in embedded mode.
        """
        try:
            with self._gate.begin() as gate:
                gate.execute(
                    text(f"SELECT {SCHEMA}.report_failed_sign_in(:username, :workstation)"),
                    {"username": username, "workstation": workstation},
                )
        except DBAPIError:
            text_of_error = str(getattr(error, "orig", "")).lower()
            if error is None or any(part in text_of_error for part in _REFUSED_LOGIN_TEXTS):
                log.warning("A failed sign-in could not be recorded: the sign-in gate is closed.")
                return SignInFailed()
            return _unavailable()
        return SignInFailed()

    def _end_expired_lockouts(self) -> None:
        """A locked login's VALID UNTIL does not lift itself (see migration 0017).

        Asked before every attempt, right password or wrong alike, so both
        take the same path; a closed gate leaves locks to the administrator.
        """
        try:
            with self._gate.begin() as gate:
                gate.execute(text(f"SELECT {SCHEMA}.end_expired_lockouts()"))
        except DBAPIError:
            log.info("Expired lock-outs could not be lifted: the sign-in gate is closed.")

    def _gate_open(self) -> bool:
        try:
            with self._gate.connect():
                return True
        except DBAPIError:
            return False

    def _login_refused(self, engine: Engine) -> bool:
        """After a lost connection: does the server now refuse this person?"""
        try:
            with engine.connect():
                return False
        except DBAPIError:
            return self._gate_open()

    # --- checks after the server accepted the password ----------------------

    @staticmethod
    def _refuse_unsuitable_roles(conn: Connection) -> None:
        row = conn.execute(_REFUSALS_QUERY, {"owner": OWNER, "staff": STAFF}).one()
        if row.privileged:
            log.warning("Refused to run as a privileged database role.")
            raise PermissionDenied(PRIVILEGED_ROLE)
        if not row.staff:
            raise PermissionDenied(NOT_STAFF)

    def _check_schema(self, conn: Connection) -> None:
        scripts = script_directory()
        head = scripts.get_current_head()
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
            raise DatabaseUnavailable(
                f"This database was upgraded by a newer version of CaseDesk (schema {current}); "
                "install the newer CaseDesk on this computer."
            )
        admin_url = describe_url(self._url.set(drivername="postgresql", username="ADMIN"))
        raise DatabaseUnavailable(
            f"The database is at schema {current or 'none'}; this version of CaseDesk needs "
            f"schema {head}. Ask your administrator to run:\n\n"
            f'    {program_name()} db upgrade --admin-url "{admin_url}"'
        )

    @staticmethod
    def _begin_session(conn: Connection, workstation: str, action: AuditAction) -> int:
        staff_id = conn.execute(
            text(f"SELECT {SCHEMA}.begin_session(:workstation, :action)"),
            {"workstation": workstation, "action": str(action)},
        ).scalar_one()
        conn.commit()  # a refusal is audited too
        if staff_id is None:
            raise SignInFailed()
        return staff_id

    # --- sessions -------------------------------------------------------------

    def _person(self, username: str, secret: _Secret, engine: Engine, workstation: str) -> _Person:
        def unit_of_work() -> PostgresUnitOfWork:
            return PostgresUnitOfWork(
                engine,
                lambda conn, _staff: PostgresLoginAccounts(conn),
                username=username,
                workstation=workstation,
                clock=self._clock,
                login_refused=lambda: self._login_refused(engine),
            )

        guard = Guard(unit_of_work, self._clock)
        return _Person(username, secret, engine, guard, Services.build(guard))

    def _signed_in(self, actor: Actor) -> _Person:
        person = self._people.get(actor.username)
        if person is None:
            raise SessionEnded()
        return person

    def _event(self, actor: Actor, action: AuditAction) -> AuditEvent:
        return AuditEvent(
            occurred_at=self._clock(),
            actor=actor.username,
            workstation=actor.workstation,
            action=action,
            entity_type="staff",
            entity_id=actor.staff_id,
        )

    def _record(self, person: _Person, actor: Actor, action: AuditAction) -> None:
        with person.guard.uow_factory() as uow:
            uow.audit.record(self._event(actor, action))
            uow.commit()
