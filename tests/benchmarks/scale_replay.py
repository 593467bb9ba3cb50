"""The SQL a service call sends, recorded as it goes, and replayed raw.

Recording listens on every SQLAlchemy engine (``before_cursor_execute``) and
keeps what the calling thread sends, as sent to the driver: the final SQL and
its bound parameters. Replaying runs exactly those statements on a plain driver
connection of the same person (on PostgreSQL the same login, so row-level
security costs the same), inside one transaction as the service's own, fetching
every row. What the service costs beyond that is CaseDesk's: the unit of work,
the pool, the permission checks, building read models.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from sqlalchemy import Engine, event


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: object  # a dict (psycopg) or a tuple (sqlite3), or a list of them
    many: bool


class StatementLog:
    """What this thread sends while ``recording``; install once per run."""

    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self._thread: int | None = None

    def install(self) -> None:
        event.listen(Engine, "before_cursor_execute", self._seen)

    def remove(self) -> None:
        if event.contains(Engine, "before_cursor_execute", self._seen):
            event.remove(Engine, "before_cursor_execute", self._seen)

    def start(self) -> None:
        self.statements = []
        self._thread = threading.get_ident()

    def stop(self) -> list[Statement]:
        self._thread = None
        return self.statements

    def _seen(self, _conn, _cursor, statement, parameters, _context, executemany) -> None:
        if self._thread == threading.get_ident():
            self.statements.append(Statement(statement, parameters, executemany))


Replay = Callable[[list[Statement]], int]  # runs them; returns the rows fetched


def postgres_replay(connection: psycopg.Connection) -> Replay:
    """``connection`` in autocommit mode: each replay is one transaction of its own.

    Its statements are planned afresh each time, never prepared: the service's
    pooled connections prepare a statement after its fifth run, and a plan cached
    for other values would make the comparison about plans, not CaseDesk's cost.
    """
    connection.prepare_threshold = None

    def replay(statements: list[Statement]) -> int:
        rows = 0
        with connection.transaction(), connection.cursor() as cursor:
            for s in statements:
                if s.many:
                    cursor.executemany(s.sql, s.parameters)
                else:
                    cursor.execute(s.sql, s.parameters)
                    if cursor.description is not None:
                        rows += len(cursor.fetchall())
        return rows

    return replay


def sqlite_replay(connection: sqlite3.Connection) -> Replay:
    """``connection`` with isolation_level None: each recorded BEGIN starts a
    transaction (a call may make several), ended where the service ended it."""

    def replay(statements: list[Statement]) -> int:
        rows = 0
        for s in statements:
            if s.sql == "BEGIN" and connection.in_transaction:
                connection.commit()
            if s.many:
                connection.executemany(s.sql, s.parameters)
            else:
                rows += len(connection.execute(s.sql, s.parameters).fetchall())
        if connection.in_transaction:
            connection.commit()
        return rows

    return replay


def with_value(statements: list[Statement], old: int, new: int) -> list[Statement]:
    """The same statements about another row: every parameter equal to ``old`` (a
    note's id, larger than any other id or number these statements carry) becomes ``new``."""

    def swap(parameters):
        if isinstance(parameters, dict):
            return {k: new if v == old and type(v) is int else v for k, v in parameters.items()}
        if isinstance(parameters, tuple):
            return tuple(new if v == old and type(v) is int else v for v in parameters)
        return parameters

    return [
        Statement(
            s.sql,
            [swap(p) for p in s.parameters] if s.many else swap(s.parameters),
            s.many,
        )
        for s in statements
    ]
