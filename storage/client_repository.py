"""Clients in SQL: rows in, frozen domain records out. Never commits.

The full SSN is written with the record but read only by ``full_ssn``: on the
shared server the front desk has no privilege on that column at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, delete, exists, func, insert, or_, select, update

from domain.client_search import SearchQuery
from domain.clients import ClientFields, ClientRecord, ClientSummary, client_number
from domain.duplicates import PersonKeys
from domain.errors import ConflictError, NotFound
from storage.case_repository import caseload_clause
from storage.tables import (
    client_match_keys,
    client_race_ethnicity,
    client_search_words,
    clients,
)
from storage.timestamps import as_utc

C = clients.c
RECORD_COLUMNS = [column for column in clients.c if column.name != "ssn"]
SUMMARY_COLUMNS = [
    C.id,
    C.first_name,
    C.last_name,
    C.date_of_birth,
    C.phone,
    C.updated_at,
    C.preferred_name,
    C.ssn_last4,
]
# Columns the domain's ClientFields names one to one.
_FIELD_COLUMNS = [
    name for name in ClientFields.__dataclass_fields__ if name not in ("race_ethnicity", "ssn")
]
# A prefix range stays on the index: folded words hold [a-z0-9#] only, all
# below '~' in byte order.
_AFTER_ANY_WORD = "~"


def _record(row, race: frozenset[int]) -> ClientRecord:
    values = {name: getattr(row, name) for name in _FIELD_COLUMNS}
    return ClientRecord(
        **values,
        ssn=None,
        race_ethnicity=race,
        id=row.id,
        version=row.version,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        updated_at=as_utc(row.updated_at),
        updated_by=row.updated_by,
        household_id=row.household_id,
        relationship_to_head=row.relationship_to_head,
        merged_into_id=row.merged_into_id,
    )


def _summary(row) -> ClientSummary:
    return ClientSummary(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        updated_at=as_utc(row.updated_at),
        preferred_name=row.preferred_name,
        ssn_last4=row.ssn_last4,
    )


def _values(values: ClientFields) -> dict:
    stored = {name: getattr(values, name) for name in _FIELD_COLUMNS}
    if values.ssn is not None:  # an edit that did not retype the SSN keeps it
        stored["ssn"] = values.ssn or None  # ERASED clears it
    return stored


def _word_range(column, prefix: str):
    return and_(column >= prefix, column < prefix + _AFTER_ANY_WORD)


def _listed():
    """Clients merged into another record are not listed on their own."""
    return C.merged_into_id.is_(None)


class SqlClientRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    # --- writing --------------------------------------------------------------

    def add(
        self, values: ClientFields, *, words: set[str], keys: set[str], by: str, at: datetime
    ) -> ClientRecord:
        at = as_utc(at)
        client_id = self._conn.execute(
            insert(clients)
            .values(
                **_values(values),
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(C.id)
        ).scalar_one()
        self._write_children(client_id, values, words, keys)
        record = self.get(client_id)
        assert record is not None
        return record

    def update(
        self,
        client_id: int,
        expected_version: int,
        values: ClientFields,
        *,
        words: set[str],
        keys: set[str],
        by: str,
        at: datetime,
    ) -> ClientRecord:
        # The version check and the write are one statement: two saves of the same
        # version cannot both succeed, whichever database this is.
        changed = self._conn.execute(
            update(clients)
            .where(C.id == client_id, C.version == expected_version)
            .values(**_values(values), version=C.version + 1, updated_at=as_utc(at), updated_by=by)
            .returning(C.id)
        ).one_or_none()
        if changed is None:
            current = self.get(client_id)
            if current is None:
                raise NotFound(f"Client {client_number(client_id)} does not exist.")
            raise ConflictError(
                f"The record of {current.display_name} ({current.number})",
                changed_by=current.updated_by,
                changed_at=current.updated_at,
            )
        for table in (client_race_ethnicity, client_search_words, client_match_keys):
            self._conn.execute(delete(table).where(table.c.client_id == client_id))
        self._write_children(client_id, values, words, keys)
        record = self.get(client_id)
        assert record is not None
        return record

    def _write_children(self, client_id, values: ClientFields, words, keys) -> None:
        self._conn.execute(
            insert(client_race_ethnicity),
            [{"client_id": client_id, "code": int(code)} for code in values.race_ethnicity],
        )
        if words:
            self._conn.execute(
                insert(client_search_words),
                [{"client_id": client_id, "word": word} for word in sorted(words)],
            )
        if keys:
            self._conn.execute(
                insert(client_match_keys),
                [{"client_id": client_id, "key": key} for key in sorted(keys)],
            )

    def set_household(
        self, client_id: int, household_id: int | None, relationship: int | None, *, by, at
    ) -> None:
        self._touch(
            client_id,
            by,
            at,
            household_id=household_id,
            relationship_to_head=None if relationship is None else int(relationship),
        )

    def set_merged_into(self, client_id: int, survivor_id: int | None, *, by, at) -> None:
        self._touch(client_id, by, at, merged_into_id=survivor_id)

    def _touch(self, client_id: int, by: str, at: datetime, **values) -> None:
        # A new version, so that a form opened before this change cannot save over it.
        self._conn.execute(
            update(clients)
            .where(C.id == client_id)
            .values(**values, version=C.version + 1, updated_at=as_utc(at), updated_by=by)
        )

    # --- reading --------------------------------------------------------------

    def get(self, client_id: int) -> ClientRecord | None:
        row = self._conn.execute(select(*RECORD_COLUMNS).where(C.id == client_id)).one_or_none()
        if row is None:
            return None
        race = frozenset(
            self._conn.execute(
                select(client_race_ethnicity.c.code).where(
                    client_race_ethnicity.c.client_id == client_id
                )
            ).scalars()
        )
        return _record(row, race)

    def full_ssn(self, client_id: int) -> str | None:
        return self._conn.execute(select(C.ssn).where(C.id == client_id)).scalar_one_or_none()

    def list_page(
        self, *, offset: int, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]:
        query = (
            select(*SUMMARY_COLUMNS)
            .where(_listed())
            .order_by(C.last_name, C.first_name, C.id)
            .offset(offset)
            .limit(limit)
        )
        if caseload_of is not None:
            query = query.where(caseload_clause(C.id, caseload_of))
        return [_summary(row) for row in self._conn.execute(query)]

    def count(self, *, caseload_of: int | None = None) -> int:
        query = select(func.count()).select_from(clients).where(_listed())
        if caseload_of is not None:
            query = query.where(caseload_clause(C.id, caseload_of))
        return self._conn.execute(query).scalar_one()

    def search(
        self, query: SearchQuery, *, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]:
        """Clients matching every part of ``query``, by last name then first name."""
        conditions = [_listed()]
        words = client_search_words.c
        for prefix in query.name_prefixes:
            conditions.append(
                exists().where(words.client_id == C.id, _word_range(words.word, prefix))
            )
        if query.birth_date is not None:
            conditions.append(C.date_of_birth == query.birth_date)
        if query.client_id is not None:
            conditions.append(C.id == query.client_id)
        either = []
        if query.phone_digits:
            either.append(
                exists().where(
                    words.client_id == C.id,
                    _word_range(words.word, "#" + query.phone_digits),
                )
            )
        if query.ssn_last4:
            either.append(C.ssn_last4 == query.ssn_last4)
        if either:
            conditions.append(or_(*either))
        if caseload_of is not None:
            conditions.append(caseload_clause(C.id, caseload_of))
        statement = (
            select(*SUMMARY_COLUMNS)
            .where(*conditions)
            .order_by(C.last_name, C.first_name, C.id)
            .limit(limit)
        )
        return [_summary(row) for row in self._conn.execute(statement)]

    def match_candidates(
        self, keys: set[str], *, limit: int, caseload_of: int | None = None
    ) -> list[tuple[ClientSummary, PersonKeys]]:
        """Clients sharing any duplicate-detection key, for the domain to score."""
        if not keys:
            return []
        sharing = (
            select(client_match_keys.c.client_id)
            .where(client_match_keys.c.key.in_(sorted(keys)))
            .distinct()
        )
        statement = select(*SUMMARY_COLUMNS).where(C.id.in_(sharing), _listed()).limit(limit)
        if caseload_of is not None:
            statement = statement.where(caseload_clause(C.id, caseload_of))
        return [
            (
                _summary(row),
                PersonKeys(row.first_name, row.last_name, row.date_of_birth, row.ssn_last4),
            )
            for row in self._conn.execute(statement)
        ]
