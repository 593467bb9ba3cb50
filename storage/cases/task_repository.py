"""Tasks and reminders in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.cases.tasks import Task, TaskSource, TaskValues
from domain.clients.record import shown_name
from domain.common.errors import ConflictError, NotFound
from storage.cases.tables import cases, tasks
from storage.clients.tables import clients
from storage.common.timestamps import as_utc, as_utc_or_none
from storage.staff.tables import staff

T = tasks.c

# Client names come through the case; assignee names where staff rows are
# readable (a caseworker on PostgreSQL reads only their own).
TASK_ROWS = select(
    tasks,
    cases.c.client_id,
    clients.c.first_name,
    clients.c.last_name,
    clients.c.name_order,
    staff.c.display_name.label("assignee_name"),
).select_from(
    tasks.outerjoin(cases, cases.c.id == T.case_id)
    .outerjoin(clients, clients.c.id == cases.c.client_id)
    .outerjoin(staff, staff.c.id == T.assignee_staff_id)
)


def task_from_row(row, client_names: dict[int, str] | None = None) -> Task:
    client_name = ""
    if row.client_id is not None and client_names is not None:
        client_name = client_names.get(row.client_id, "")
    elif row.client_id is not None:
        client_name = shown_name(
            row.first_name or "", row.last_name or "", row.client_id, row.name_order
        )
    return Task(
        id=row.id,
        version=row.version,
        title=row.title,
        note=row.note,
        due_on=row.due_on,
        assignee_id=row.assignee_staff_id,
        assignee_name=row.assignee_name or "",
        case_id=row.case_id,
        client_id=row.client_id,
        client_name=client_name,
        source=TaskSource(row.source),
        done_at=as_utc_or_none(row.done_at),
        done_by=row.done_by or "",
        created_by=row.created_by,
    )


def _row(values: TaskValues, by: str, at: datetime) -> dict:
    return {
        "title": values.title,
        "note": values.note,
        "due_on": values.due_on,
        "assignee_staff_id": values.assignee_id,
        "case_id": values.case_id,
        "source": values.source.value,
        "source_key": values.source_key,
        "version": 1,
        "created_at": at,
        "created_by": by,
        "updated_at": at,
        "updated_by": by,
    }


class SqlTaskRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(self, values: TaskValues, *, by: str, at: datetime) -> int:
        return self._conn.execute(
            insert(tasks).values(**_row(values, by, as_utc(at))).returning(T.id)
        ).scalar_one()

    def add_reminders(self, reminders: list[TaskValues], *, by: str, at: datetime) -> list[int]:
        """Each in one statement that does nothing if it exists (also when another
        workstation creates the same reminder at the same moment)."""
        at = as_utc(at)
        dialect_insert = pg_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
        # Most calls find every reminder made already: one look-up spares the inserts.
        keys = [values.source_key for values in reminders]
        existing = set()
        for start in range(0, len(keys), 500):
            existing.update(
                self._conn.execute(
                    select(T.source, T.source_key).where(
                        T.source_key.in_(keys[start : start + 500])
                    )
                ).all()
            )
        created = []
        for values in reminders:
            if (values.source.value, values.source_key) in existing:
                continue
            statement = (
                dialect_insert(tasks)
                .values(**_row(values, by, at))
                .on_conflict_do_nothing(index_elements=["source", "source_key"])
                .returning(T.id)
            )
            new_id = self._conn.execute(statement).scalar_one_or_none()
            if new_id is not None:
                created.append(new_id)
        return created

    def get(self, task_id: int) -> Task | None:
        row = self._conn.execute(TASK_ROWS.where(T.id == task_id)).one_or_none()
        return None if row is None else task_from_row(row)

    def set_done(
        self, task_id: int, expected_version: int, done: bool, *, by: str, at: datetime
    ) -> Task:
        at = as_utc(at)
        changed = self._conn.execute(
            update(tasks)
            .where(T.id == task_id, T.version == expected_version)
            .values(
                done_at=at if done else None,
                done_by=by if done else None,
                version=T.version + 1,
                updated_at=at,
                updated_by=by,
            )
            .returning(T.id)
        ).one_or_none()
        if changed is None:
            current = self._conn.execute(
                select(T.updated_by, T.updated_at).where(T.id == task_id)
            ).one_or_none()
            if current is None:
                raise NotFound("That task does not exist.")
            raise ConflictError("The task", current.updated_by, as_utc(current.updated_at))
        return self.get(task_id)

    def for_case(self, case_id: int) -> list[Task]:
        rows = self._conn.execute(
            TASK_ROWS.where(T.case_id == case_id).order_by(T.done_at.is_not(None), T.due_on, T.id)
        )
        return [task_from_row(row) for row in rows]

    def for_assignee(self, staff_id: int, *, include_done: bool) -> list[Task]:
        query = TASK_ROWS.where(T.assignee_staff_id == staff_id)
        if not include_done:
            query = query.where(T.done_at.is_(None))
        rows = self._conn.execute(query.order_by(T.done_at.is_not(None), T.due_on, T.id))
        return [task_from_row(row) for row in rows]

    def complete_open_for_case(self, case_id: int, *, by: str, at: datetime) -> list[int]:
        at = as_utc(at)
        done = self._conn.execute(
            update(tasks)
            .where(T.case_id == case_id, T.done_at.is_(None))
            .values(done_at=at, done_by=by, version=T.version + 1, updated_at=at, updated_by=by)
            .returning(T.id)
        )
        return sorted(done.scalars().all())

    def complete_reminders(
        self, case_id: int, source: TaskSource, *, by: str, at: datetime
    ) -> list[int]:
        at = as_utc(at)
        done = self._conn.execute(
            update(tasks)
            .where(T.case_id == case_id, T.source == source.value, T.done_at.is_(None))
            .values(done_at=at, done_by=by, version=T.version + 1, updated_at=at, updated_by=by)
            .returning(T.id)
        )
        return sorted(done.scalars().all())

    def move_open(
        self,
        case_ids: list[int],
        from_staff: dict[int, int | None],
        to_staff: int | None,
        *,
        by: str,
        at: datetime,
    ) -> None:
        """Open tasks held by each case's previous caseworker (or waiting with an
        unassigned case) go to the new one; a supervisor's own stay theirs."""
        by_holder: dict[int | None, list[int]] = {}
        for case_id in case_ids:
            by_holder.setdefault(from_staff.get(case_id), []).append(case_id)
        at = as_utc(at)
        for holder, ids in by_holder.items():
            held = (
                T.assignee_staff_id.is_(None) if holder is None else T.assignee_staff_id == holder
            )
            self._conn.execute(
                update(tasks)
                .where(T.done_at.is_(None), T.case_id.in_(ids), held)
                .values(
                    assignee_staff_id=to_staff,
                    version=T.version + 1,
                    updated_at=at,
                    updated_by=by,
                )
            )
