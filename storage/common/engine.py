"""Engines for the two deployments: an embedded SQLite file and a shared PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url

from storage.common.locations import APP_NAME, DEMO_SQLITE_FILE, SQLITE_FILE, data_folder


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def default_sqlite_url(*, demo: bool = False) -> URL:
    return sqlite_url(data_folder() / (DEMO_SQLITE_FILE if demo else SQLITE_FILE))


def normalize_url(url: str | URL) -> URL:
    """Accept the usual spellings and pick the drivers CaseDesk ships with."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise ValueError(
        f"CaseDesk runs on PostgreSQL or SQLite, not {backend!r}; "
        "use a URL like postgresql://user@server/casedesk."
    )


def describe_url(url: str | URL) -> str:
    """The URL as it may be shown or logged: never with its password. An embedded
    database is its file's path, as the person's file manager shows it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def create_database_engine(url: str | URL) -> Engine:
    url = normalize_url(url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=2,
        # Errors reach the log file: never with the values (a note's narrative).
        hide_parameters=True,
        connect_args={"connect_timeout": 5, "application_name": APP_NAME},
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, hide_parameters=True, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine
