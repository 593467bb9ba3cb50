"""The caseload board and "My day" in SQL: the board in a handful of statements, My
day in one, whatever the number of cases (tests/benchmarks/caseload_speed.py
measures them)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from domain.cases.case import CaseStatus
from domain.cases.caseload import (
    MAX_QUEUE,
    MAX_RECENT_CHANGES,
    NEW_CASE_DAYS,
    RECENT_CHANGE_DAYS,
    REVIEW_SOON_DAYS,
    CaseloadBoard,
    CaseRow,
    CaseworkerLoad,
    MyDay,
    RecentChange,
    WaitingCase,
)
from domain.cases.programs import DEFAULT_REVIEW_DAYS
from domain.cases.tasks import ConsentExpiring, ReviewDue
from domain.clients.record import shown_name
from domain.consents.renewals import consents_to_act_on
from storage.cases.tables import cases, programs, tasks
from storage.cases.task_repository import task_from_row
from storage.clients.tables import clients
from storage.common.metadata import Id
from storage.common.sql_dates import add_days
from storage.common.timestamps import as_utc
from storage.consents.repository import consent_from_row
from storage.consents.tables import consents
from storage.staff.tables import staff

C = cases.c
ACTIVE = ("open", "on_hold")
# The day the case last changed hands, or was opened: how new it is, how long it waited.
ANCHOR = func.coalesce(C.assigned_on, C.opened_on)
# Plan reviews count from the last review (or the client's agreement to the plan);
# before any, from ANCHOR.
REVIEW_ANCHOR = func.coalesce(C.last_review_on, C.assigned_on, C.opened_on)
REVIEW_DUE = add_days(
    REVIEW_ANCHOR, func.coalesce(programs.c.review_interval_days, DEFAULT_REVIEW_DAYS)
)
WITH_PROGRAM = cases.outerjoin(programs, programs.c.id == C.program_id)


def _name(row) -> str:
    return shown_name(row.first_name or "", row.last_name or "", row.client_id, row.name_order)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _caseload(staff_id: int, *extra):
    """One caseworker's active cases, as a caseload list shows them."""
    return (
        select(
            *extra,
            C.id,
            C.version,
            C.client_id,
            clients.c.first_name,
            clients.c.last_name,
            clients.c.name_order,
            programs.c.name.label("program_name"),
            C.status,
            C.assigned_staff_id,
            C.opened_on,
            C.assigned_on,
            REVIEW_DUE.label("review_due_on"),
        )
        .select_from(WITH_PROGRAM.join(clients, clients.c.id == C.client_id))
        .where(C.assigned_staff_id == staff_id, C.status.in_(ACTIVE))
    )


def _case_row(row) -> CaseRow:
    return CaseRow(
        id=row.id,
        version=row.version,
        client_id=row.client_id,
        client_name=_name(row),
        program_name=row.program_name or "",
        status=CaseStatus(row.status),
        assigned_staff_id=row.assigned_staff_id,
        opened_on=row.opened_on,
        assigned_on=row.assigned_on,
        review_due_on=row.review_due_on if row.status == "open" else None,
    )


def _recent_change(row) -> RecentChange:
    return RecentChange(
        at=as_utc(row.at),
        by=row.by,
        what=row.what,
        case_id=row.case_id,
        client_id=row.client_id,
        client_name=_name(row),
        by_name=row.by_name or "",
    )


class SqlCaseloadQueries:
    def __init__(self, connection: Connection):
        self._conn = connection

    def board(self, today: date) -> CaseloadBoard:
        loads = (
            select(
                C.assigned_staff_id.label("staff_id"),
                func.count().label("open_cases"),
                _count_if(today - timedelta(days=NEW_CASE_DAYS) < ANCHOR).label("new"),
                _count_if(and_(C.status == "open", self._review_overdue(today))).label("reviews"),
            )
            .select_from(WITH_PROGRAM)
            .where(C.status.in_(ACTIVE), C.assigned_staff_id.is_not(None))
            .group_by(C.assigned_staff_id)
            .subquery()
        )
        late = (
            select(tasks.c.assignee_staff_id.label("staff_id"), func.count().label("tasks"))
            .where(tasks.c.done_at.is_(None), tasks.c.due_on < today)
            .group_by(tasks.c.assignee_staff_id)
            .subquery()
        )
        rows = self._conn.execute(
            select(
                staff.c.id,
                staff.c.display_name,
                staff.c.active,
                func.coalesce(loads.c.open_cases, 0).label("open_cases"),
                func.coalesce(loads.c.new, 0).label("new"),
                func.coalesce(loads.c.reviews, 0).label("reviews"),
                func.coalesce(late.c.tasks, 0).label("tasks"),
            )
            .select_from(
                staff.outerjoin(loads, loads.c.staff_id == staff.c.id).outerjoin(
                    late, late.c.staff_id == staff.c.id
                )
            )
            # Someone who left still shows while cases wait on their name.
            .where(
                staff.c.role == "caseworker",
                or_(staff.c.active, loads.c.open_cases.is_not(None)),
            )
            .order_by(staff.c.display_name, staff.c.id)
        )
        workers = tuple(
            CaseworkerLoad(
                staff_id=row.id,
                name=row.display_name,
                active=bool(row.active),
                open_cases=int(row.open_cases),
                new_this_week=int(row.new),
                overdue_reviews=int(row.reviews),
                overdue_tasks=int(row.tasks),
            )
            for row in rows
        )
        queue = self._conn.execute(
            select(
                C.id,
                C.version,
                C.client_id,
                clients.c.first_name,
                clients.c.last_name,
                clients.c.name_order,
                programs.c.name.label("program_name"),
                ANCHOR.label("waiting_since"),
            )
            .select_from(WITH_PROGRAM.join(clients, clients.c.id == C.client_id))
            .where(C.assigned_staff_id.is_(None), C.status != "closed")
            .order_by(ANCHOR, C.id)
            .limit(MAX_QUEUE)
        )
        waiting = tuple(
            WaitingCase(
                case_id=row.id,
                version=row.version,
                client_id=row.client_id,
                client_name=_name(row),
                program_name=row.program_name or "",
                waiting_since=row.waiting_since,
            )
            for row in queue
        )
        return CaseloadBoard(today, workers, waiting)

    def _review_overdue(self, today: date):
        """``REVIEW_DUE < today`` as ``anchor < a cutoff per program``: the same cases,
        without date arithmetic on every row (it tripled the board's time on SQLite)."""
        cutoffs = {
            row.id: today - timedelta(days=row.review_interval_days)
            for row in self._conn.execute(select(programs.c.id, programs.c.review_interval_days))
        }
        default = today - timedelta(days=DEFAULT_REVIEW_DAYS)
        if not cutoffs:
            return default > REVIEW_ANCHOR
        return case(cutoffs, value=C.program_id, else_=default) > REVIEW_ANCHOR

    def caseload(self, staff_id: int, today: date) -> list[CaseRow]:
        rows = self._conn.execute(
            _caseload(staff_id).order_by(clients.c.last_name, clients.c.first_name, C.id)
        )
        return [_case_row(row) for row in rows]

    def my_day(self, staff_id: int, username: str, today: date) -> MyDay:
        """Everything My day shows, in one statement (``MY_DAY``); rarely two."""
        parts: dict[str, list] = {part: [] for part in MY_DAY_PARTS}
        rows = self._conn.execute(MY_DAY, _my_day_parameters(staff_id, username, today))
        for row in rows.all():  # fetched at once, not a row at a time
            parts[row.part].append(row)
        mine = [_case_row(row) for row in parts["case"]]
        soon = today + timedelta(days=REVIEW_SOON_DAYS)
        reviews = sorted(
            (row for row in mine if row.review_due_on is not None and row.review_due_on <= soon),
            key=lambda row: (row.review_due_on, row.id),
        )
        # A task's client is named as on my caseload. A task on a case that is not
        # (or no longer) one of my active ones is rare: its client is read apart, a
        # second statement, where row security lets it be read (or goes unnamed).
        names = {row.client_id: row.client_name for row in mine}
        names |= self._client_names({row.client_id for row in parts["task"]} - set(names))
        held = [consent_from_row(row) for row in parts["consent"]]
        return MyDay(
            today=today,
            cases=tuple(mine),
            tasks_due=tuple(task_from_row(row, names) for row in parts["task"]),
            reviews_due=tuple(reviews),
            consents_expiring=tuple(consents_to_act_on(mine, held, today)),
            recent_changes=tuple(_recent_change(row) for row in parts["change"]),
        )

    def _client_names(self, client_ids: set[int | None]) -> dict[int, str]:
        client_ids.discard(None)
        if not client_ids:
            return {}
        rows = self._conn.execute(
            select(
                clients.c.id.label("client_id"),
                clients.c.first_name,
                clients.c.last_name,
                clients.c.name_order,
            ).where(clients.c.id.in_(sorted(client_ids)))
        )
        return {row.client_id: _name(row) for row in rows}

    def _consent_cases(self, today: date, until: date, staff_id: int | None):
        """Each live consent expiring in [today, until] with the active cases it covers:
        its own case, or (a consent on no case) every active case of its client."""
        query = (
            select(
                consents.c.id.label("consent_id"),
                consents.c.client_id,
                consents.c.kind,
                consents.c.expires_on,
                C.id.label("case_id"),
                C.assigned_staff_id,
            )
            .select_from(
                consents.join(
                    cases,
                    and_(
                        C.client_id == consents.c.client_id,
                        or_(consents.c.case_id.is_(None), consents.c.case_id == C.id),
                    ),
                )
            )
            .where(
                consents.c.revoked_on.is_(None),
                consents.c.expires_on >= today,
                consents.c.expires_on <= until,
                C.status.in_(ACTIVE),
                C.assigned_staff_id.is_not(None),
            )
            .order_by(consents.c.expires_on, consents.c.id, C.id)
        )
        if staff_id is not None:
            query = query.where(C.assigned_staff_id == staff_id)
        return query

    def reviews_due(self, until: date, staff_id: int | None) -> list[ReviewDue]:
        query = (
            select(C.id, C.assigned_staff_id, REVIEW_DUE.label("due_on"))
            .select_from(WITH_PROGRAM)
            .where(C.status == "open", C.assigned_staff_id.is_not(None), until >= REVIEW_DUE)
            .order_by(C.id)
        )
        if staff_id is not None:
            query = query.where(C.assigned_staff_id == staff_id)
        return [
            ReviewDue(row.id, row.assigned_staff_id, row.due_on)
            for row in self._conn.execute(query)
        ]

    def consents_expiring(
        self, today: date, until: date, staff_id: int | None
    ) -> list[ConsentExpiring]:
        seen, result = set(), []
        for row in self._conn.execute(self._consent_cases(today, until, staff_id)):
            if row.consent_id not in seen:
                seen.add(row.consent_id)
                result.append(
                    ConsentExpiring(
                        row.consent_id, row.case_id, row.assigned_staff_id, row.expires_on
                    )
                )
        return result


# --- My day in one statement ---------------------------------------------------------
#
# My caseload, the tasks due for me, my clients' consents and the recent changes by
# others, as one UNION ALL: a round trip instead of five. Each part fills the
# columns it has and NULLs of the right type elsewhere ("part" tells them apart);
# each part's order is its row number ("pos"), so the database's collation orders
# names as it does everywhere else.

MY_DAY_PARTS = ("case", "task", "consent", "change")
_ME = bindparam("me", type_=Id)
_MY_DAY_COLUMNS = {
    "id": Id,
    "version": Integer(),
    "client_id": Id,
    "case_id": Id,
    "first_name": String(),
    "last_name": String(),
    "name_order": String(),
    # a case
    "program_name": String(),
    "status": String(),
    "assigned_staff_id": Id,
    "opened_on": Date(),
    "assigned_on": Date(),
    "review_due_on": Date(),
    # a task
    "title": String(),
    "note": String(),
    "due_on": Date(),
    "assignee_staff_id": Id,
    "assignee_name": String(),
    "source": String(),
    "done_at": DateTime(timezone=True),
    "done_by": String(),
    "created_by": String(),  # a task's, a consent's
    # a consent
    "kind": String(),
    "method": String(),
    "signed_on": Date(),
    "effective_on": Date(),
    "expires_on": Date(),
    "recipient": String(),
    "purpose": String(),
    "information": String(),
    "discloser": String(),
    "expiry_event": String(),
    "created_at": DateTime(timezone=True),
    "revoked_on": Date(),
    "revoked_by": String(),
    "revocation_note": String(),
    # a recent change
    "at": DateTime(timezone=True),
    "by": String(),
    "what": String(),
    "by_name": String(),
}


_TASK_COLUMNS = (
    "id",
    "version",
    "title",
    "note",
    "due_on",
    "assignee_staff_id",
    "case_id",
    "source",
    "done_at",
    "done_by",
    "created_by",
)
_CONSENT_COLUMNS = (
    "id",
    "version",
    "client_id",
    "case_id",
    "kind",
    "method",
    "signed_on",
    "effective_on",
    "expires_on",
    "recipient",
    "purpose",
    "information",
    "discloser",
    "expiry_event",
    "created_by",
    "created_at",
    "revoked_on",
    "revoked_by",
    "revocation_note",
)


def _my_day_part(part: str, order_by, columns, select_from, *where):
    """One part of My day: ``columns`` (name -> expression) where it has them."""
    given = dict(columns)
    unknown = set(given) - set(_MY_DAY_COLUMNS)
    assert not unknown, unknown
    return (
        select(
            literal(part, String()).label("part"),
            func.row_number().over(order_by=order_by).label("pos"),
            *(
                given[name].label(name) if name in given else cast(null(), kind).label(name)
                for name, kind in _MY_DAY_COLUMNS.items()
            ),
        )
        .select_from(select_from)
        .where(*where)
    )


def _columns_of(selectable, *names: str) -> dict:
    return {name: selectable.c[name] for name in names}


def _recent_changes():
    since = bindparam("since", type_=C.updated_at.type)
    username = bindparam("username", type_=String())
    mine = and_(C.assigned_staff_id == _ME, C.status != "closed")
    # Names are joined inside each part, by primary key: joined to the union,
    # PostgreSQL scanned every client under row security.
    with_client = cases.join(clients, clients.c.id == C.client_id)
    names = (clients.c.first_name, clients.c.last_name, clients.c.name_order)
    changes = union_all(
        select(
            C.updated_at.label("at"),
            C.updated_by.label("by"),
            literal("case").label("what"),
            C.id.label("case_id"),
            C.client_id.label("client_id"),
            *names,
        )
        .select_from(with_client)
        .where(mine, C.updated_at >= since, C.updated_by != username),
        select(
            clients.c.updated_at,
            clients.c.updated_by,
            literal("client"),
            C.id,
            C.client_id,
            *names,
        )
        .select_from(with_client)
        .where(mine, clients.c.updated_at >= since, clients.c.updated_by != username),
        select(tasks.c.updated_at, tasks.c.updated_by, literal("task"), C.id, C.client_id, *names)
        .select_from(with_client.join(tasks, tasks.c.case_id == C.id))
        .where(mine, tasks.c.updated_at >= since, tasks.c.updated_by != username),
    ).subquery()
    latest = (
        select(changes)
        .order_by(changes.c.at.desc(), changes.c.case_id)
        .limit(MAX_RECENT_CHANGES)
        .subquery()
    )
    # Who, as people know them: the display name joined to the few rows shown.
    return _my_day_part(
        "change",
        (latest.c.at.desc(), latest.c.case_id),
        {
            **_columns_of(
                latest, "at", "by", "what", "case_id", "client_id", *(n.name for n in names)
            ),
            "by_name": staff.c.display_name,
        },
        latest.outerjoin(staff, staff.c.username == latest.c.by),
    )


def _my_day_query():
    """Built once, run with its parameters (``_my_day_parameters``): building a
    statement this size costs more than the database spends running it."""
    caseload = _caseload(_ME).subquery()
    case_part = _my_day_part(
        "case",
        (caseload.c.last_name, caseload.c.first_name, caseload.c.id),
        _columns_of(caseload, *(c.name for c in caseload.c)),
        caseload,
    )
    task_part = _my_day_part(
        "task",
        (tasks.c.due_on, tasks.c.id),
        {
            **_columns_of(tasks, *_TASK_COLUMNS),
            "client_id": C.client_id,
            "assignee_name": staff.c.display_name,
        },
        tasks.outerjoin(cases, C.id == tasks.c.case_id).outerjoin(
            staff, staff.c.id == tasks.c.assignee_staff_id
        ),
        tasks.c.assignee_staff_id == _ME,
        tasks.c.done_at.is_(None),
        tasks.c.due_on <= bindparam("today", type_=Date()),
    )
    # Every consent of my clients (a caseload's worth): whether one was renewed is
    # a rule of the domain's, matching recipients as the consent gate does.
    my_clients = select(C.client_id).where(C.assigned_staff_id == _ME, C.status.in_(ACTIVE))
    consent_part = _my_day_part(
        "consent",
        (consents.c.signed_on.desc(), consents.c.id.desc()),
        _columns_of(consents, *_CONSENT_COLUMNS),
        consents,
        consents.c.client_id.in_(my_clients),
    )
    everything = union_all(case_part, task_part, consent_part, _recent_changes()).subquery()
    return select(everything).order_by(everything.c.part, everything.c.pos)


def _my_day_parameters(staff_id: int, username: str, today: date) -> dict:
    since = datetime.combine(today - timedelta(days=RECENT_CHANGE_DAYS), time.min)
    return {"me": staff_id, "username": username, "today": today, "since": since}


MY_DAY = _my_day_query()
