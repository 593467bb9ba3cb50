"""Loading the generated office (tests/benchmarks/scale_office.py) in bulk.

PostgreSQL: as the IT superuser, in one transaction with
``session_replication_role = replica`` so that no row trigger fires (no audit
row, no change notice, no signing per row), through COPY. Signed notes are
signed by the server itself, with the key only it holds: the notes are copied
into a temporary table and inserted from there with
``signature_proof(case_note_message(row))``, migration 0015's own functions,
so every fingerprint is the one the server would have made (and
``case_note_proof_holds`` passes for each note read).

SQLite: executemany through SQLAlchemy's type processing, each signed note
fingerprinted with ``domain.notes.note.fingerprint`` as NoteService.sign does.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from itertools import islice

import psycopg
from sqlalchemy import Connection, Table

from domain.notes.note import ContactType, NoteValues, addendum_fingerprint, fingerprint
from storage.audit.tables import audit_events
from storage.cases.tables import case_assignments, cases, tasks
from storage.clients.tables import (
    client_match_keys,
    client_race_ethnicity,
    client_search_words,
    clients,
)
from storage.consents.tables import consents
from storage.notes.tables import case_note_addenda, case_notes
from storage.staff.tables import staff
from tests.benchmarks.scale_office import (
    ASSIGNMENT_COLUMNS,
    AUDIT_COLUMNS,
    CASE_COLUMNS,
    CONSENT_COLUMNS,
    NOTE_COLUMNS,
    STAFF_COLUMNS,
    STAMP_COLUMNS,
    TASK_COLUMNS,
    Office,
)
from tests.benchmarks.search_speed import CLIENT_COLUMNS

Timings = dict[str, float]  # what was loaded -> seconds
BY = "benchmark"
ADDENDUM_COLUMNS = ("note_id", "sequence", "author_staff_id", "created_by", "text")
ADDENDUM_AFTER = timedelta(days=1)  # an addendum comes a day after its note's signing


def _staff_rows(office: Office) -> list[tuple]:
    now = office.now
    return [
        (m.id, m.username, m.display_name, m.role, m.active, False, 1, now, BY, now, BY)
        for m in office.new_staff
    ]


def _tables(office: Office) -> list[tuple]:
    """(table, columns, rows) of everything but the notes and the trail."""
    data = office.clients
    return [
        (staff, (*STAFF_COLUMNS, *STAMP_COLUMNS), _staff_rows(office)),
        (clients, CLIENT_COLUMNS, data.clients),
        (client_search_words, ("client_id", "word"), data.words),
        (client_match_keys, ("client_id", "key"), data.keys),
        (client_race_ethnicity, ("client_id", "code"), data.race),
        (cases, CASE_COLUMNS, office.cases),
        (case_assignments, ASSIGNMENT_COLUMNS, office.assignments),
        (tasks, TASK_COLUMNS, office.tasks),
        (consents, CONSENT_COLUMNS, office.consents),
    ]


def _timed(timings: Timings, what: str, work: Callable[..., object], *args) -> None:
    start = clock.perf_counter()
    work(*args)
    timings[what] = timings.get(what, 0.0) + clock.perf_counter() - start


# --- PostgreSQL --------------------------------------------------------------------


def _copy(cursor: psycopg.Cursor, table: str, columns: Iterable[str], rows: Iterable) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load_postgres(
    connect: Callable[[], psycopg.Connection], office: Office, audit: Iterable[tuple]
) -> Timings:
    """Everything in one transaction on a superuser's autocommit ``connect()``ion,
    then VACUUM (ANALYZE) as autovacuum would soon after."""
    timings: Timings = {}
    with connect() as conn, conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table, columns, rows in _tables(office):
            _timed(
                timings, "clients, cases, tasks, consents", _copy, cursor, table.name, columns, rows
            )
        # As a large import would: the big tables' indexes made once, after their rows.
        rebuilt = _drop_indexes(cursor, case_notes.name)
        _timed(timings, "notes, signed by the server", _signed_notes, cursor, office)
        _timed(timings, "their indexes", _create, cursor, rebuilt)
        rebuilt = _drop_indexes(cursor, audit_events.name)
        _timed(timings, "audit trail", _copy, cursor, audit_events.name, AUDIT_COLUMNS, audit)
        _timed(timings, "its indexes", _create, cursor, rebuilt)
        for table in (staff, clients, cases, case_assignments, tasks, consents, case_notes):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) "
                f"FROM {table.name}"
            )
    with connect() as conn:
        _timed(timings, "VACUUM (ANALYZE)", conn.execute, "VACUUM (ANALYZE)")
    return timings


def _drop_indexes(cursor: psycopg.Cursor, table: str) -> list[str]:
    """Drops ``table``'s indexes but those of its keys; returns how to make them again."""
    made = cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        (table,),
    ).fetchall()
    for name, _definition in made:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in made]


def _create(cursor: psycopg.Cursor, definitions: list[str]) -> None:
    for definition in definitions:
        cursor.execute(definition)


def _signed_notes(cursor: psycopg.Cursor, office: Office) -> None:
    columns = [
        name
        for (name,) in cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'case_notes'::regclass "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        )
    ]
    # Same columns in the same order as case_notes, so that a row of it is a case_notes row.
    cursor.execute("CREATE TEMPORARY TABLE note_rows (LIKE case_notes) ON COMMIT DROP")
    _copy(cursor, "note_rows", NOTE_COLUMNS, office.notes)
    signed = ", ".join(
        "signature_proof(case_note_message(ROW(r.*)::case_notes))"
        if name == "fingerprint"
        else name
        for name in columns
    )
    cursor.execute(
        f"INSERT INTO case_notes ({', '.join(columns)}) SELECT {signed} FROM note_rows r"
    )
    if office.addenda:
        columns = (*ADDENDUM_COLUMNS, "fingerprint", "created_at")
        unsigned = ((*row, "unsigned", at) for row, at in _addenda_times(office))
        _copy(cursor, "case_note_addenda", columns, unsigned)
        # Chained to its note's proof, as the server's own trigger signs one (0015).
        cursor.execute(
            "UPDATE case_note_addenda a SET fingerprint = signature_proof("
            "case_note_addendum_message(a, n.fingerprint)) FROM case_notes n "
            "WHERE n.id = a.note_id"
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('case_note_addenda', 'id'), max(id)) "
            "FROM case_note_addenda"
        )


def _addenda_times(office: Office):
    signed_at = NOTE_COLUMNS.index("signed_at")
    for row in office.addenda:
        yield row, office.notes[row[0] - 1][signed_at] + ADDENDUM_AFTER


# --- SQLite --------------------------------------------------------------------------

BATCH = 20_000


def _insert_many(connection: Connection, table: Table, columns: Sequence[str], rows) -> None:
    """executemany on the driver, each value bound as SQLAlchemy binds it on SQLite
    (dates, times and timestamps as its text)."""
    dialect = connection.dialect
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        for name in columns
    ]
    bound = (
        tuple(None if v is None else p(v) for p, v in zip(processors, row, strict=True))
        for row in rows
    )
    while batch := list(islice(bound, BATCH)):
        connection.exec_driver_sql(sql, batch)


def load_sqlite(connection: Connection, office: Office, audit: Iterable[tuple]) -> Timings:
    """In the caller's transaction; ANALYZE is left to the caller (after commit)."""
    timings: Timings = {}
    for table, columns, rows in _tables(office):
        _timed(
            timings,
            "clients, cases, tasks, consents",
            _insert_many,
            connection,
            table,
            columns,
            rows,
        )
    rebuilt = _drop_sqlite_indexes(connection, case_notes.name)
    _timed(timings, "notes, fingerprinted", _fingerprinted_notes, connection, office)
    _timed(timings, "their indexes", _create_sqlite, connection, rebuilt)
    rebuilt = _drop_sqlite_indexes(connection, audit_events.name)
    _timed(timings, "audit trail", _insert_many, connection, audit_events, AUDIT_COLUMNS, audit)
    _timed(timings, "its indexes", _create_sqlite, connection, rebuilt)
    return timings


def _drop_sqlite_indexes(connection: Connection, table: str) -> list[str]:
    """Drops ``table``'s declared indexes (not those of its keys); returns their SQL."""
    made = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _sql in made:
        connection.exec_driver_sql(f"DROP INDEX {name}")
    return [sql for _name, sql in made]


def _create_sqlite(connection: Connection, definitions: list[str]) -> None:
    for definition in definitions:
        connection.exec_driver_sql(definition)


def _fingerprinted_notes(connection: Connection, office: Office) -> None:
    at = {name: n for n, name in enumerate(NOTE_COLUMNS)}
    proofs: dict[int, str] = {}

    def rows():
        for row in office.notes:
            values = NoteValues(
                row[at["contact_on"]],
                row[at["contact_at"]],
                ContactType(row[at["contact_type"]]),
                row[at["duration_minutes"]],
                row[at["location"]],
                row[at["narrative"]],
                row[at["confidential"]],
                (),
            )
            proof = fingerprint(values, case_id=row[at["case_id"]], author=row[at["signed_by"]])
            proofs[row[0]] = proof
            yield (*row, proof)

    _insert_many(connection, case_notes, (*NOTE_COLUMNS, "fingerprint"), rows())
    addenda = [
        (*row, addendum_fingerprint(proofs[row[0]], row[1], row[3], row[4]), signed)
        for row, signed in _addenda_times(office)
    ]
    columns = (*ADDENDUM_COLUMNS, "fingerprint", "created_at")
    _insert_many(connection, case_note_addenda, columns, addenda)
