"""Staff sessions' connections to the shared server: every wait bounded, and
checks made only when there is reason to.

The limits (``ConnectionLimits``):

- *connect*: libpq's connect_timeout.
- *statement*: the server's statement_timeout for every statement of a staff
  session. A statement that runs, or waits for a lock, longer than that is
  stopped by the server, which says so (``ServerTooSlow``) instead of holding
  the desk. Work that legitimately runs long (an audit export) lifts it for its
  own transaction with ``allow_long_statements``. Backups and migrations run on
  the administrator's connections, where no limit is set.
- *idle in transaction*: the server ends a transaction that a vanished desk left
  open, so that its row locks do not hold others up.
- *unanswered*: a network that silently drops everything (a firewall that
  forgot the connection, a link gone dark without a reset) leaves a call
  waiting for an answer that never comes; TCP keep-alives do not notice while
  data is unacknowledged, and cannot see past a proxy at all. A watchdog thread
  (``StallWatch``) shuts down the socket of a connection that has waited longer
  than this for the server, and the call fails as a lost connection. libpq's
  tcp_user_timeout does the same in the kernel where the network lets it see
  unacknowledged data. It is longer than the statement limit, so a slow but
  living server always gets to say "too slow" first.

Pinging every connection at every checkout (SQLAlchemy's pre-ping) costs a
round trip per service call. Instead, after a sign of trouble (a statement that
met a dropped connection, or the live-update listener finding the server gone)
every checkout pings for a short while, so that the connections the pool still
holds from before a restart are replaced instead of failing one by one.

A connection lost in the middle of a transaction may leave its server process
behind: still waiting for a COMMIT that may yet arrive, and holding its row
locks. The next checkout ends such processes (``pg_terminate_backend``, which
a login may do to its own sessions) before the first statement runs, so that
what the fresh connection then reads is final: a retry, or a look at whether
the lost commit landed, cannot be overtaken by the old transaction.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DisconnectionError

from domain.common.errors import DatabaseUnavailable
from domain.common.server_errors import ConnectionLost, ServerTooSlow

log = logging.getLogger(__name__)

# libpq's TCP keep-alive: a silent network path is found within about a minute.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
TROUBLE_WINDOW_SECONDS = 60
QUERY_CANCELED = "57014"

# How far a unit of work had gone when its connection failed (storage/common/unit_of_work.py).
BEFORE_COMMIT, COMMITTING, COMMITTED = "before commit", "committing", "committed"

# Keys of the pool's per-connection info.
_BACKEND, _LIMITS, _WATCH = "casedesk_backend", "casedesk_limits", "casedesk_watch"

_IDENTIFY = "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()"
_SETTLE = """
SELECT count(*), count(*) FILTER (WHERE pg_terminate_backend(a.pid, %(wait)s::bigint))
  FROM pg_stat_activity a
  JOIN unnest(%(pids)s::int[], %(starts)s::timestamptz[]) AS lost(pid, started)
    ON a.pid = lost.pid AND a.backend_start = lost.started
"""


def _ms(seconds: float) -> str:
    return str(max(1, round(seconds * 1000)))


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a staff session waits for the server; see the module's words."""

    connect_seconds: int = 5
    statement_seconds: float = 20.0
    unanswered_seconds: float = 25.0
    idle_in_transaction_seconds: float = 60.0
    long_work_seconds: float = 900.0
    # How long the next checkout waits for a lost session's server process to end.
    settle_seconds: float = 2.0

    def __post_init__(self) -> None:
        if self.unanswered_seconds <= self.statement_seconds:
            raise ValueError("The watchdog must wait longer than the statement timeout.")

    def server_settings(self) -> dict[str, str]:
        """Session settings sent with the connection (libpq's options)."""
        return {
            "statement_timeout": _ms(self.statement_seconds),
            "idle_in_transaction_session_timeout": _ms(self.idle_in_transaction_seconds),
            # JIT gained nothing here and made a 2,000-note timeline count 6x slower.
            "jit": "off",
        }

    def connect_args(self) -> dict[str, object]:
        return {
            # libpq and psycopg wait at least 2 seconds whatever is asked.
            "connect_timeout": max(2, int(self.connect_seconds)),
            **KEEPALIVES,
            "tcp_user_timeout": int(_ms(self.unanswered_seconds)),
        }


def server_unavailable(error: BaseException | None, phase: str) -> DatabaseUnavailable:
    """What the person reads when a call on the shared server failed for want of the
    server; ``phase`` is how far the unit of work had gone."""
    canceled = getattr(getattr(error, "orig", None), "sqlstate", None) == QUERY_CANCELED
    if canceled and not getattr(error, "connection_invalidated", False):
        # The server stopped a statement itself: the transaction is rolled back,
        # unless it was the COMMIT that was stopped (then nobody knows yet).
        return ConnectionLost(None) if phase == COMMITTING else ServerTooSlow()
    return ConnectionLost({BEFORE_COMMIT: False, COMMITTING: None, COMMITTED: True}[phase])


def allow_long_statements(connection: Connection) -> None:
    """For the rest of this transaction, statements may run up to the long-work limit
    (and the watchdog waits as long). Nothing to do on SQLite or outside staff
    sessions."""
    limits: ConnectionLimits | None = connection.info.get(_LIMITS)
    if connection.dialect.name != "postgresql" or limits is None:
        return
    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {_ms(limits.long_work_seconds)}")
    watch: StallWatch | None = connection.info.get(_WATCH)
    if watch is not None:
        extra = limits.unanswered_seconds - limits.statement_seconds
        watch.stretch(connection.connection.dbapi_connection, limits.long_work_seconds + extra)


class StallWatch:
    """Ends a call that has waited longer than ``limit`` seconds for the server.

    Statements, commits and rollbacks mark their connection as they are sent;
    one daemon thread looks every ``tick`` seconds and shuts down the socket of
    any connection still waiting for its answer (libpq says a command is in
    progress) past the limit. A mark older than the limit whose answer came is
    forgotten; the thread ends when there has been nothing to watch for a while,
    and the next mark starts it again.
    """

    IDLE_SECONDS = 30.0

    def __init__(self, limit: float, tick: float | None = None):
        self.limit = limit
        self.tick = tick if tick is not None else min(1.0, max(0.05, limit / 10))
        self.cuts = 0
        self._waiting: dict[int, tuple[float, object]] = {}
        self._stretched: dict[int, float] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def begin(self, dbapi_connection) -> None:
        if dbapi_connection is None:
            return
        with self._lock:
            self._waiting[id(dbapi_connection)] = (time.monotonic(), dbapi_connection)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="casedesk-stall-watch", daemon=True
                )
                self._thread.start()

    def end(self, dbapi_connection) -> None:
        with self._lock:
            self._waiting.pop(id(dbapi_connection), None)

    def stretch(self, dbapi_connection, seconds: float) -> None:
        """A longer limit for this connection until its transaction ends."""
        with self._lock:
            self._stretched[id(dbapi_connection)] = seconds

    def returned(self, dbapi_connection) -> None:
        if dbapi_connection is None:
            return
        with self._lock:
            self._waiting.pop(id(dbapi_connection), None)
            self._stretched.pop(id(dbapi_connection), None)

    def _run(self) -> None:
        quiet_since = time.monotonic()
        while True:
            time.sleep(self.tick)
            now = time.monotonic()
            with self._lock:
                marks = list(self._waiting.items())
            for key, mark in marks:
                since, connection = mark
                closed = getattr(connection, "closed", True)
                old = now - since >= self._stretched.get(key, self.limit)
                if not closed and not old:
                    continue
                # Past the limit: still waiting means no answer is coming.
                stuck = not closed and _awaiting_answer(connection)
                with self._lock:
                    if self._waiting.get(key) is not mark:
                        continue  # a new statement began meanwhile
                    del self._waiting[key]
                    if closed:
                        self._stretched.pop(key, None)
                if stuck:
                    self._cut(connection, now - since)
            with self._lock:
                if self._waiting:
                    quiet_since = now
                elif now - quiet_since > self.IDLE_SECONDS:
                    self._thread = None
                    return

    def _cut(self, connection, waited: float) -> None:
        try:
            fd = connection.pgconn.socket
        except Exception:  # closed meanwhile: nothing left to end
            return
        self.cuts += 1
        end = socket.socket(fileno=fd)
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            end.detach()  # the socket stays libpq's to close
        log.warning("The server gave no answer for %.1f s; the connection was closed.", waited)


def _watched_connections(watch: StallWatch):
    """psycopg's connection and cursor, marking the watch whenever a statement, a
    commit or a rollback is sent. No mark is needed when the answer comes: the
    watch asks libpq whether one is awaited. (SQLAlchemy's per-statement events
    cost about 40 µs a call; these, about one.)"""
    import psycopg

    class WatchedCursor(psycopg.Cursor):
        def execute(self, query, params=None, **options):
            watch.begin(self.connection)
            return super().execute(query, params, **options)

        def executemany(self, query, params_seq, **options):
            watch.begin(self.connection)
            return super().executemany(query, params_seq, **options)

    class WatchedConnection(psycopg.Connection):
        @classmethod
        def connect(cls, *args, **kwargs):
            return super().connect(*args, cursor_factory=WatchedCursor, **kwargs)

        def commit(self) -> None:
            watch.returned(self)  # a long transaction's allowance ends with it
            watch.begin(self)
            super().commit()

        def rollback(self) -> None:
            watch.returned(self)
            watch.begin(self)
            super().rollback()

    return WatchedConnection


def _awaiting_answer(connection) -> bool:
    from psycopg.pq import TransactionStatus

    try:
        return connection.pgconn.transaction_status == TransactionStatus.ACTIVE
    except Exception:
        return False


@dataclass
class _Health:
    watch: StallWatch
    trouble_since: float | None = None
    # (pid, backend_start) of server processes whose connection was lost.
    lost: list[tuple[int, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def lost_one(self, backend: tuple[int, object]) -> None:
        with self.lock:
            self.lost.append(backend)

    def take_lost(self) -> list[tuple[int, object]]:
        with self.lock:
            taken, self.lost = self.lost, []
        return taken

    def give_back(self, backends: list[tuple[int, object]]) -> None:
        with self.lock:
            self.lost = backends + self.lost


def watch_connections(
    engine: Engine, limits: ConnectionLimits, *, pooled: bool = True
) -> Callable[[], None]:
    """Installs the watchdog on ``engine`` and, for a pooled engine, the checks after
    trouble and the ending of lost sessions; returns what reports trouble from
    outside (the live-update listener)."""
    health = _Health(StallWatch(limits.unanswered_seconds))
    watch = health.watch

    def report() -> None:
        health.trouble_since = time.monotonic()

    connection_class = _watched_connections(watch)

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect, _record, cargs, cparams):
        # Registered after any listener that completes cparams (the password).
        return connection_class.connect(*cargs, **cparams)

    @event.listens_for(engine, "handle_error")
    def _noticed(context) -> None:
        if context.is_disconnect:
            report()

    @event.listens_for(engine, "connect")
    def _identify(dbapi_connection, record) -> None:
        record.info[_LIMITS] = limits
        record.info[_WATCH] = watch
        if not pooled:
            return
        watch.begin(dbapi_connection)
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute(_IDENTIFY)
            record.info[_BACKEND] = cursor.fetchone()
            cursor.close()
            dbapi_connection.rollback()
        finally:
            watch.end(dbapi_connection)

    @event.listens_for(engine, "invalidate")
    def _lost(dbapi_connection, record, exception) -> None:
        watch.returned(dbapi_connection)
        backend = record.info.pop(_BACKEND, None)
        if exception is not None and backend is not None:
            health.lost_one(backend)

    if pooled:

        @event.listens_for(engine, "checkout")
        def _check(dbapi_connection, _record, _proxy) -> None:
            if health.lost:
                _settle(dbapi_connection, health, limits)
                return
            since = health.trouble_since
            if since is None:
                return
            if time.monotonic() - since > TROUBLE_WINDOW_SECONDS:
                health.trouble_since = None
                return
            watch.begin(dbapi_connection)
            try:
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
            except Exception as error:  # any failure: the pool replaces the connection
                raise DisconnectionError() from error
            finally:
                watch.end(dbapi_connection)

    return report


def _settle(dbapi_connection, health: _Health, limits: ConnectionLimits) -> None:
    """End the server processes of connections lost mid-call; doubles as the ping."""
    pending = health.take_lost()
    health.watch.begin(dbapi_connection)
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute(
            _SETTLE,
            {
                "pids": [pid for pid, _started in pending],
                "starts": [started for _pid, started in pending],
                "wait": _ms(limits.settle_seconds),
            },
        )
        found, ended = cursor.fetchone()
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:
        if dbapi_connection.closed or dbapi_connection.broken:
            health.give_back(pending)  # for the next connection to try
            raise DisconnectionError() from error
        log.warning("Sessions lost earlier could not be ended on the server (%s).", error)
        dbapi_connection.rollback()
        return
    finally:
        health.watch.end(dbapi_connection)
    if found:
        log.info("Ended %d of %d server sessions left by lost connections.", ended, found)
