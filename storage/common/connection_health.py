"""Pooled connections to the shared server: checked only when there is reason to.

Pinging every connection at every checkout (SQLAlchemy's pre-ping) costs a
round trip per service call. Instead TCP keep-alives find a dead network path,
and after a sign of trouble (a statement that met a dropped connection, or the
live-update listener finding the server gone) every checkout pings for a short
while, so the connections the pool still holds from before a restart are
replaced instead of failing one by one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

# libpq's TCP keep-alive: a silent network path is found within about a minute.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
TROUBLE_WINDOW_SECONDS = 60


def ping_after_trouble(engine: Engine) -> Callable[[], None]:
    """Installs the checks on ``engine``; returns what reports trouble from outside."""
    trouble: dict[str, float | None] = {"since": None}

    def report() -> None:
        trouble["since"] = time.monotonic()

    @event.listens_for(engine, "handle_error")
    def _noticed(context) -> None:
        if context.is_disconnect:
            report()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection, _record, _proxy) -> None:
        since = trouble["since"]
        if since is None:
            return
        if time.monotonic() - since > TROUBLE_WINDOW_SECONDS:
            trouble["since"] = None
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except Exception as error:  # any failure: the pool replaces the connection
            raise DisconnectionError() from error

    return report
