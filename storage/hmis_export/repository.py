"""The rows of an HMIS export, streamed from SQL: on the embedded file by the
queries themselves, on a shared server through migration 0025's functions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    bindparam,
    text,
)

from domain.hmis_export.rows import ClientRow, EnrollmentRow
from storage.common.timestamps import as_utc
from storage.hmis_export.queries import (
    CLIENTS,
    ENROLLMENTS,
    RACE_CODES,
    SQLITE,
    rendered,
)

ROWS_AT_A_TIME = 2000

_STAMPS = {"created_at": DateTime(timezone=True), "updated_at": DateTime(timezone=True)}
_CLIENT_TYPES = {"date_of_birth": Date, **_STAMPS}
_ENROLLMENT_TYPES = {"opened_on": Date, "closed_on": Date, **_STAMPS}

_SQLITE_CLIENTS = text(rendered(CLIENTS, SQLITE)).bindparams(
    bindparam("start", type_=Date),
    bindparam("end", type_=Date),
    bindparam("programs", expanding=True, type_=Integer),
    bindparam("with_pii", type_=Integer),
)
_SQLITE_ENROLLMENTS = text(rendered(ENROLLMENTS, SQLITE)).bindparams(
    bindparam("start", type_=Date),
    bindparam("end", type_=Date),
    bindparam("programs", expanding=True, type_=Integer),
)
_POSTGRES_CLIENTS = text(
    "SELECT * FROM hmis_export_clients(:start, :end, :programs, :with_pii)"
).bindparams(
    bindparam("start", type_=Date),
    bindparam("end", type_=Date),
    bindparam("programs", type_=ARRAY(BigInteger)),
    bindparam("with_pii", type_=Boolean),
)
_POSTGRES_ENROLLMENTS = text(
    "SELECT * FROM hmis_export_enrollments(:start, :end, :programs)"
).bindparams(
    bindparam("start", type_=Date),
    bindparam("end", type_=Date),
    bindparam("programs", type_=ARRAY(BigInteger)),
)


class SqlHmisExportSource:
    def __init__(self, connection: Connection):
        self._conn = connection
        self._postgres = connection.dialect.name == "postgresql"

    def _stream(self, query, **values):
        # Fetched a slice at a time: an export of a large agency never holds every
        # row of the result twice (on PostgreSQL a server-side cursor).
        # (Options of this statement alone: set on the connection, they would stay
        # for the rest of the unit of work.)
        result = self._conn.execute(
            query, values, execution_options={"stream_results": True, "yield_per": ROWS_AT_A_TIME}
        )
        yield from result

    def enrollments(
        self, start: date, end: date, program_ids: tuple[int, ...]
    ) -> Iterator[EnrollmentRow]:
        query = _POSTGRES_ENROLLMENTS if self._postgres else _SQLITE_ENROLLMENTS
        typed = query.columns(**_ENROLLMENT_TYPES)
        for row in self._stream(typed, start=start, end=end, programs=list(program_ids)):
            yield EnrollmentRow(
                id=row.id,
                client_id=row.client_id,
                program_id=row.program_id,
                opened_on=row.opened_on,
                closed_on=row.closed_on,
                relationship_to_head=row.relationship_to_head,
                head_case_id=row.head_case_id,
                exit_destination=row.exit_destination,
                exit_destination_subsidy=row.exit_destination_subsidy,
                exit_destination_other=row.exit_destination_other,
                created_at=as_utc(row.created_at),
                updated_at=as_utc(row.updated_at),
                updated_by=row.updated_by,
            )

    def clients(
        self, start: date, end: date, program_ids: tuple[int, ...], *, with_pii: bool
    ) -> Iterator[ClientRow]:
        query = _POSTGRES_CLIENTS if self._postgres else _SQLITE_CLIENTS
        flags = [f"race_{code}" for code in RACE_CODES]
        for row in self._stream(
            query.columns(**_CLIENT_TYPES),
            start=start,
            end=end,
            programs=list(program_ids),
            with_pii=with_pii if self._postgres else int(with_pii),
        ):
            given = frozenset(
                code for code, flag in zip(RACE_CODES, flags, strict=True) if row._mapping[flag]
            )
            race = given or (frozenset({row.race_none}) if row.race_none else frozenset())
            yield ClientRow(
                id=row.id,
                first_name=row.first_name,
                middle_name=row.middle_name,
                last_name=row.last_name,
                suffix=row.suffix,
                name_order=row.name_order,
                name_quality=row.name_quality,
                ssn=row.ssn,
                ssn_quality=row.ssn_quality,
                date_of_birth=row.date_of_birth,
                dob_quality=row.dob_quality,
                sex=row.sex,
                race=race,
                veteran_status=row.veteran_status,
                disabling_condition=row.disabling_condition,
                created_at=as_utc(row.created_at),
                updated_at=as_utc(row.updated_at),
                updated_by=row.updated_by,
            )
