"""Programs in SQL."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from domain.cases.programs import Program, ProgramValues
from domain.common.errors import ConflictError, NotFound
from domain.hmis_export.project import HmisProject
from storage.cases.tables import programs
from storage.common.timestamps import as_utc

# The program as an HMIS project: each HmisProject field in its hmis_ column.
_HMIS = tuple(f"hmis_{f.name}" for f in fields(HmisProject))
_COLUMNS = (
    programs.c.id,
    programs.c.version,
    programs.c.name,
    programs.c.description,
    programs.c.review_interval_days,
    programs.c.active,
    programs.c.cosign_new_staff_days,
    *(programs.c[name] for name in _HMIS),
    programs.c.created_at,
    programs.c.updated_at,
    programs.c.updated_by,
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
        hmis=HmisProject(**{name.removeprefix("hmis_"): getattr(row, name) for name in _HMIS}),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        updated_by=row.updated_by,
    )


def _hmis_values(values: ProgramValues) -> dict:
    return {f"hmis_{name}": value for name, value in asdict(values.hmis).items()}


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
                **_hmis_values(values),
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
                **_hmis_values(values),
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
