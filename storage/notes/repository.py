"""Case notes, their goal links and addenda in SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import (
    Connection,
    and_,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from domain.clients.record import shown_name
from domain.common.errors import ConflictError, NotFound
from domain.notes.note import Addendum, ContactType, Note, NoteValues
from domain.notes.paging import AddendumCursor, DatedAddendum, NoteCursor, NoteScope
from storage.cases.tables import cases
from storage.clients.tables import clients
from storage.common.save_requests import made_once
from storage.common.timestamps import as_utc, as_utc_or_none
from storage.notes import note_queries as q
from storage.notes.tables import case_note_addenda, case_note_goals, case_notes
from storage.staff.tables import staff

N = case_notes.c
A = case_note_addenda.c
G = case_note_goals.c

# Authors and co-signers by display name: every role may read staff names.
_author = staff.alias("author")
_cosigner = staff.alias("cosigner")
_NAMES = (
    _author.c.display_name.label("author_name"),
    _cosigner.c.display_name.label("cosigner_name"),
)
_WITH_NAMES = case_notes.outerjoin(_author, _author.c.id == N.author_staff_id).outerjoin(
    _cosigner, _cosigner.c.username == N.cosigned_by
)
NOTE_ROWS = select(
    case_notes,
    cases.c.client_id,
    clients.c.first_name,
    clients.c.last_name,
    clients.c.name_order,
    *_NAMES,
).select_from(
    _WITH_NAMES.join(cases, cases.c.id == N.case_id).outerjoin(
        clients, clients.c.id == cases.c.client_id
    )
)
# Up to this many notes, their addenda are asked for by id; beyond, by the notes' query.
FEW = 200
# One client's notes: the client is named once by the caller, not joined per row.
PAGE_ROWS = select(case_notes, *_NAMES).select_from(_WITH_NAMES)


def _values_row(values: NoteValues) -> dict:
    return {
        "contact_on": values.contact_on,
        "contact_at": values.contact_at,
        "contact_type": values.contact_type.value,
        "duration_minutes": values.duration_minutes,
        "location": values.location,
        "narrative": values.narrative,
        "confidential": values.confidential,
    }


class SqlNoteRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    # --- writing ---------------------------------------------------------------------

    def add_draft(
        self,
        case_id: int,
        author_staff_id: int,
        values: NoteValues,
        *,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        at = as_utc(at)
        with made_once():
            note_id = self._conn.execute(
                insert(case_notes)
                .values(
                    case_id=case_id,
                    author_staff_id=author_staff_id,
                    version=1,
                    created_at=at,
                    created_by=by,
                    updated_at=at,
                    updated_by=by,
                    request_id=request_id,
                    **_values_row(values),
                )
                .returning(N.id)
            ).scalar_one()
        self._link_goals(note_id, values.goal_ids)
        return note_id

    def for_request(self, request_id: str) -> Note | None:
        notes = self._notes(NOTE_ROWS.where(N.request_id == request_id))
        return notes[0] if notes else None

    def save_draft(
        self, note_id: int, expected_version: int, values: NoteValues, *, by: str, at: datetime
    ) -> None:
        self._update_draft(note_id, expected_version, by=by, at=at, **_values_row(values))
        self._link_goals(note_id, values.goal_ids, replace=True)

    def sign(
        self,
        note_id: int,
        expected_version: int,
        values: NoteValues,
        *,
        fingerprint: str,
        cosign_required: bool,
        by: str,
        at: datetime,
    ) -> None:
        # Goals first: once signed, the links cannot change (on PostgreSQL,
        # row security allows them only on one's own drafts).
        self._link_goals(note_id, values.goal_ids, replace=True)
        self._update_draft(
            note_id,
            expected_version,
            by=by,
            at=at,
            signed_at=as_utc(at),
            signed_by=by,
            fingerprint=fingerprint,
            cosign_required=cosign_required,
            **_values_row(values),
        )

    def _update_draft(
        self, note_id: int, expected_version: int, *, by: str, at: datetime, **values
    ) -> None:
        changed = self._conn.execute(
            update(case_notes)
            .where(N.id == note_id, N.version == expected_version, N.signed_at.is_(None))
            .values(version=N.version + 1, updated_at=as_utc(at), updated_by=by, **values)
            .returning(N.id)
        ).one_or_none()
        if changed is None:
            self._conflict(note_id)

    def _conflict(self, note_id: int) -> None:
        current = self._conn.execute(
            select(N.updated_by, N.updated_at).where(N.id == note_id)
        ).one_or_none()
        if current is None:
            raise NotFound("That note does not exist (a discarded draft, perhaps).")
        raise ConflictError("The note", current.updated_by or None, as_utc(current.updated_at))

    def _link_goals(
        self, note_id: int, goal_ids: tuple[int, ...], *, replace: bool = False
    ) -> None:
        if replace:
            self._conn.execute(delete(case_note_goals).where(case_note_goals.c.note_id == note_id))
        if goal_ids:
            self._conn.execute(
                insert(case_note_goals),
                [{"note_id": note_id, "goal_id": goal_id} for goal_id in goal_ids],
            )

    def delete_draft(self, note_id: int, expected_version: int) -> None:
        found = self._conn.execute(
            select(N.id).where(
                N.id == note_id, N.version == expected_version, N.signed_at.is_(None)
            )
        ).one_or_none()
        if found is None:
            self._conflict(note_id)
        self._conn.execute(delete(case_note_goals).where(case_note_goals.c.note_id == note_id))
        self._conn.execute(delete(case_notes).where(N.id == note_id, N.signed_at.is_(None)))

    def add_addendum(
        self,
        note_id: int,
        author_staff_id: int,
        text: str,
        fingerprint_for: Callable[[int], str],
        *,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        last = self._conn.execute(
            select(func.max(A.sequence)).where(A.note_id == note_id)
        ).scalar_one()
        sequence = (last or 0) + 1
        try:
            with made_once():
                return self._conn.execute(
                    insert(case_note_addenda)
                    .values(
                        note_id=note_id,
                        sequence=sequence,
                        author_staff_id=author_staff_id,
                        text=text,
                        fingerprint=fingerprint_for(sequence),
                        created_at=as_utc(at),
                        created_by=by,
                        request_id=request_id,
                    )
                    .returning(A.id)
                ).scalar_one()
        except IntegrityError:
            # Someone added an addendum to this note at the same moment.
            raise ConflictError("The note", None, None) from None

    def addendum_for_request(self, request_id: str) -> Addendum | None:
        row = self._conn.execute(
            select(case_note_addenda, staff.c.display_name.label("author_name"))
            .select_from(case_note_addenda.outerjoin(staff, staff.c.id == A.author_staff_id))
            .where(A.request_id == request_id)
        ).one_or_none()
        return None if row is None else _addendum(row)

    def cosign(self, note_id: int, *, by: str, at: datetime) -> None:
        at = as_utc(at)
        changed = self._conn.execute(
            update(case_notes)
            .where(
                N.id == note_id,
                N.signed_at.is_not(None),
                N.cosign_required.is_(True),
                N.cosigned_at.is_(None),
            )
            .values(
                cosigned_by=by, cosigned_at=at, version=N.version + 1, updated_at=at, updated_by=by
            )
            .returning(N.id)
        ).one_or_none()
        if changed is None:
            self._conflict(note_id)

    # --- reading ---------------------------------------------------------------------

    def get(self, note_id: int) -> Note | None:
        notes = self._notes(NOTE_ROWS.where(N.id == note_id))
        return notes[0] if notes else None

    def for_case(self, case_id: int) -> list[Note]:
        return self._notes(NOTE_ROWS.where(N.case_id == case_id).order_by(*q.NEWEST_FIRST))

    def drafts_of(self, staff_id: int) -> list[Note]:
        return self._notes(
            NOTE_ROWS.where(N.author_staff_id == staff_id, N.signed_at.is_(None)).order_by(
                N.updated_at, N.id
            )
        )

    def page(
        self,
        scope: NoteScope,
        *,
        after: NoteCursor | None = None,
        limit: int | None = None,
        whole_days: bool = False,
        proofs: bool = True,
    ) -> list[Note]:
        if not scope.case_ids:
            return []
        if after is not None and self._conn.dialect.name == "postgresql":
            # psycopg prepares a statement run five times; PostgreSQL's generic plan
            # for a page after a cursor expects one row, so it sorts every note of
            # the client before taking the page: 30 ms at 2,000 notes, where the plan
            # for the page's own values stops after it (7 ms). For this transaction.
            self._conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
        query = PAGE_ROWS.where(q.readable(scope), q.after(after)).order_by(*q.NEWEST_FIRST)
        client = (scope.client_id, scope.client_name)
        if limit is None or not whole_days:
            return self._notes(query.limit(limit), client=client, proofs=proofs)
        rows = self._rows(query.limit(limit + 1), proofs)
        if len(rows) > limit:
            overflow, rows = rows[limit], rows[:limit]
            day = rows[-1].contact_on
            if overflow.contact_on == day:
                rest = query.where(q.after(_cursor(overflow)), N.contact_on == day)
                rows += [overflow, *self._rows(rest, proofs)]
        return self._details(rows, client)

    def mentioning(self, scope: NoteScope, terms: tuple[str, ...]) -> list[Note]:
        if not scope.case_ids:
            return []
        query = PAGE_ROWS.where(q.readable(scope)).order_by(*q.NEWEST_FIRST)
        for term in terms:
            pattern = f"%{term}%"  # terms are [a-z0-9] alone: nothing to escape
            query = query.where(
                or_(
                    q.folded(N.narrative).like(pattern),
                    q.folded(N.location).like(pattern),
                    q.folded(N.created_by).like(pattern),
                    exists().where(
                        A.note_id == N.id,
                        or_(q.folded(A.text).like(pattern), q.folded(A.created_by).like(pattern)),
                    ),
                )
            )
        if self._conn.dialect.name == "postgresql":
            # Scanning a few thousand narratives prices high enough to be compiled
            # first (JIT), which costs more than the scan itself: 26 of 44 ms measured.
            self._conn.exec_driver_sql("SET LOCAL jit = off")
        return self._notes(query, client=(scope.client_id, scope.client_name), proofs=False)

    def count(self, scope: NoteScope) -> tuple[int, int]:
        if not scope.case_ids:
            return 0, 0
        notes = select(func.count()).select_from(case_notes).where(q.readable(scope))
        addenda = (
            select(func.count())
            .select_from(case_note_addenda.join(case_notes, N.id == A.note_id))
            .where(q.readable(scope))
        )
        row = self._conn.execute(select(notes.scalar_subquery(), addenda.scalar_subquery())).one()
        return int(row[0]), int(row[1])

    def addenda_page(
        self,
        scope: NoteScope,
        *,
        before: datetime | None = None,
        after: AddendumCursor | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[DatedAddendum]:
        if not scope.case_ids:
            return []
        query = (
            select(
                case_note_addenda,
                staff.c.display_name.label("author_name"),
                N.case_id,
                N.contact_type,
                N.contact_on,
            )
            .select_from(
                case_note_addenda.join(case_notes, N.id == A.note_id).outerjoin(
                    staff, staff.c.id == A.author_staff_id
                )
            )
            .where(q.readable(scope))
            .order_by(A.created_at.desc(), A.id.desc())
            .limit(limit)
        )
        if before is not None:
            query = query.where(A.created_at < as_utc(before))
        if since is not None:
            query = query.where(A.created_at >= as_utc(since))
        if after is not None:
            at = as_utc(after.created_at)
            query = query.where(or_(A.created_at < at, and_(A.created_at == at, A.id < after.id)))
        return [
            DatedAddendum(
                _addendum(row), row.case_id, ContactType(row.contact_type), row.contact_on
            )
            for row in self._conn.execute(query)
        ]

    def _notes(
        self, query, *, client: tuple[int, str] | None = None, proofs: bool = True
    ) -> list[Note]:
        """The notes ``query`` selects, with their goals and their addenda."""
        rows = self._rows(query, proofs)
        # A page's worth are asked for by id; a long list by the notes' own query.
        return self._details(rows, client, query.with_only_columns(N.id))

    def _rows(self, query, proofs: bool) -> list:
        if proofs and self._conn.dialect.name == "postgresql":
            # The server checks its own proof over the row as this session read it.
            holds = func.case_note_proof_holds(literal_column("case_notes"))
            query = query.add_columns(holds.label("proof_holds"))
        return self._conn.execute(query).all()

    def _details(self, rows, client: tuple[int, str] | None, ids_query=None) -> list[Note]:
        """The notes of ``rows``, each with its goals and its addenda: one more query
        for each, whatever the number of notes."""
        if not rows:
            return []
        ids = [row.id for row in rows]
        these = ids if len(ids) <= FEW or ids_query is None else ids_query
        goals: dict[int, list[int]] = {}
        for note_id, goal_id in self._conn.execute(
            select(G.note_id, G.goal_id).where(G.note_id.in_(these)).order_by(G.goal_id)
        ):
            goals.setdefault(note_id, []).append(goal_id)
        addenda: dict[int, list[Addendum]] = {}
        for a in self._conn.execute(
            select(case_note_addenda, staff.c.display_name.label("author_name"))
            .select_from(case_note_addenda.outerjoin(staff, staff.c.id == A.author_staff_id))
            .where(A.note_id.in_(these))
            .order_by(A.note_id, A.sequence)
        ):
            addenda.setdefault(a.note_id, []).append(_addendum(a))
        return [
            _note(row, tuple(goals.get(row.id, ())), tuple(addenda.get(row.id, ())), client)
            for row in rows
        ]


def _cursor(row) -> NoteCursor:
    return NoteCursor(row.contact_on, row.contact_at, row.id)


def _addendum(a) -> Addendum:
    return Addendum(
        id=a.id,
        note_id=a.note_id,
        sequence=a.sequence,
        author_staff_id=a.author_staff_id,
        author=a.created_by,
        text=a.text,
        fingerprint=a.fingerprint,
        created_at=as_utc(a.created_at),
        author_name=a.author_name or "",
    )


def _note(
    row, goal_ids: tuple[int, ...], addenda: tuple[Addendum, ...], client: tuple[int, str] | None
) -> Note:
    if client is not None:
        client_id, client_name = client
    else:
        client_id = row.client_id
        client_name = (
            shown_name(row.first_name or "", row.last_name or "", row.client_id, row.name_order)
            if row.first_name is not None or row.last_name is not None
            else ""
        )
    return Note(
        id=row.id,
        version=row.version,
        case_id=row.case_id,
        client_id=client_id,
        client_name=client_name,
        author_staff_id=row.author_staff_id,
        author=row.created_by,
        values=NoteValues(
            contact_on=row.contact_on,
            contact_at=row.contact_at,
            contact_type=ContactType(row.contact_type),
            duration_minutes=row.duration_minutes,
            location=row.location,
            narrative=row.narrative,
            confidential=row.confidential,
            goal_ids=goal_ids,
        ),
        signed_at=as_utc_or_none(row.signed_at),
        signed_by=row.signed_by or "",
        fingerprint=row.fingerprint or "",
        cosign_required=row.cosign_required,
        cosigned_by=row.cosigned_by or "",
        cosigned_at=as_utc_or_none(row.cosigned_at),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        addenda=addenda,
        proof_holds=getattr(row, "proof_holds", None),
        author_name=row.author_name or "",
        cosigner_name=row.cosigner_name or "",
    )
