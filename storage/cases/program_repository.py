"""Programs in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from domain.cases.programs import Program, ProgramValues
from domain.common.errors import ConflictError, NotFound
from storage.cases.tables import programs
from storage.common.timestamps import as_utc

_COLUMNS = (
    programs.c.id,
    programs.c.version,
    programs.c.name,
    programs.c.description,
    programs.c.review_interval_days,
    programs.c.active,
    programs.c.cosign_new_staff_days,
)


def _program(row) -> Program:
    return Program(
        id=row.id,
        version=row.version,
        name=row.name,
        description=row.description,
        review_interval_days=row.review_interval_days,
        active=row.active,
        cosign_new_staff_days=row.cosign_new_staff_days,
    )


class SqlProgramRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def list_all(self) -> list[Program]:
        rows = self._conn.execute(select(*_COLUMNS).order_by(programs.c.name))
        return [_program(row) for row in rows]

    def get(self, program_id: int | None) -> Program | None:
        if program_id is None:
            return None
        row = self._conn.execute(select(*_COLUMNS).where(programs.c.id == program_id)).one_or_none()
        return None if row is None else _program(row)

    def add(self, values: ProgramValues, *, by: str, at: datetime) -> Program:
        at = as_utc(at)
        row = self._conn.execute(
            insert(programs)
            .values(
                name=values.name,
                description=values.description,
                review_interval_days=values.review_interval_days,
                active=values.active,
                cosign_new_staff_days=values.cosign_new_staff_days,
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(*_COLUMNS)
        ).one()
        return _program(row)

    def update(
        self,
        program_id: int,
        expected_version: int,
        values: ProgramValues,
        *,
        by: str,
        at: datetime,
    ) -> Program:
        row = self._conn.execute(
            update(programs)
            .where(programs.c.id == program_id, programs.c.version == expected_version)
            .values(
                name=values.name,
                description=values.description,
                review_interval_days=values.review_interval_days,
                active=values.active,
                cosign_new_staff_days=values.cosign_new_staff_days,
                version=programs.c.version + 1,
                updated_at=as_utc(at),
                updated_by=by,
            )
            .returning(*_COLUMNS)
        ).one_or_none()
        if row is not None:
            return _program(row)
        current = self._conn.execute(
            select(programs.c.name, programs.c.updated_by, programs.c.updated_at).where(
                programs.c.id == program_id
            )
        ).one_or_none()
        if current is None:
            raise NotFound("That program does not exist.")
        raise ConflictError(
            f"The program {current.name}", current.updated_by, as_utc(current.updated_at)
        )
