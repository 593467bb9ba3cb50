"""Clients in SQL: rows in, frozen domain records out. Never commits.

The full SSN is written with the record but read only by ``full_ssn``: on the
shared server the front desk has no privilege on that column at all.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    any_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)

from domain.clients.duplicates import PersonKeys
from domain.clients.record import ClientFields, ClientRecord, ClientSummary, client_number
from domain.clients.search import SearchQuery
from domain.common.errors import ConflictError, NotFound
from storage.cases.repository import caseload_clause
from storage.cases.tables import cases
from storage.clients.tables import (
    client_match_keys,
    client_race_ethnicity,
    client_search_words,
    clients,
)
from storage.common.save_requests import made_once
from storage.common.timestamps import as_utc
from storage.staff.tables import staff

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
    C.name_order,
]
# Columns the domain's ClientFields names one to one.
_FIELD_COLUMNS = [
    name for name in ClientFields.__dataclass_fields__ if name not in ("race_ethnicity", "ssn")
]

# A search starts from its rarest word prefix when that begins at most this many
# search words: the database looks each client up and sorts them (about 2 ms per
# thousand). A commoner prefix, like the area code every phone number shares,
# fills a page sooner by walking the clients in name order. At 100,000 clients
# every two-letter name prefix is below it (the commonest, "jo", begins 8,900).
_FEW_WORDS = 10_000
_CASELOAD = -1  # a search that starts from the caseworker's caseload
_SSN_HOLDERS = clients.alias("ssn_holders")


def _after_every_word_starting(prefix: str) -> str:
    """The first string past every word that begins with ``prefix`` (its last
    character one higher), so that a prefix range stays on the index. Words
    compare by code point on both databases: folded words, and words in scripts
    written without spaces (王秀英)."""
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are no characters
        following = 0xE000
    return prefix[:-1] + chr(following)


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
        name_order=row.name_order,
    )


def _values(values: ClientFields) -> dict:
    stored = {name: getattr(values, name) for name in _FIELD_COLUMNS}
    if values.ssn is not None:  # an edit that did not retype the SSN keeps it
        stored["ssn"] = values.ssn or None  # ERASED clears it
    return stored


def _listed():
    """Clients merged into another record are not listed on their own."""
    return C.merged_into_id.is_(None)


def _starting_with(column, name: str):
    """``column`` begins with the bound parameter ``name`` (``name_end`` is its end)."""
    return and_(column >= bindparam(name), column < bindparam(f"{name}_end"))


def _among(ids: Select | CompoundSelect, dialect: str, column=C.id) -> ColumnElement[bool]:
    """``column`` (the client) is one of ``ids``, written so that the database
    starts from those ids."""
    if dialect == "postgresql":
        # An array made first, whose ids PostgreSQL looks up one by one. Given
        # IN (subquery), it often hashes the ids and scans every client instead
        # (30 ms at 100,000 clients, however few the ids).
        return column == any_(func.array(ids.scalar_subquery()))
    return column.in_(ids)


@cache
def _search_statement(
    names: int,
    phone: bool,
    ssn: bool,
    born: bool,
    number: bool,
    caseload: bool,
    start: int | None,
    dialect: str,
) -> Select:
    """The search for a query of this shape; its values are bound parameters.

    Built once per shape, so that a keystroke costs no statement building.
    ``start`` is the part the database starts from: the caseload, or the
    index of a word prefix (the names' in order, then the phone number's).
    """
    words = client_search_words.c
    parts: list[tuple[ColumnElement[bool], Select | CompoundSelect]] = []
    for n in range(names):
        typed = _starting_with(words.word, f"name{n}")
        test = exists().where(words.client_id == C.id, typed)
        parts.append((test, select(words.client_id).where(typed)))
    conditions = [_listed()]
    if born:
        conditions.append(C.date_of_birth == bindparam("born"))
    if number:
        conditions.append(C.id == bindparam("number"))
    if phone:
        # A run of a phone number's digits or, when four, an SSN's last four.
        typed = _starting_with(words.word, "phone")
        test = exists().where(words.client_id == C.id, typed)
        ids: Select | CompoundSelect = select(words.client_id).where(typed)
        if ssn:
            test = or_(test, C.ssn_last4 == bindparam("ssn"))
            holders = _SSN_HOLDERS.c
            ids = union_all(ids, select(holders.id).where(holders.ssn_last4 == bindparam("ssn")))
        parts.append((test, ids))
    elif ssn:
        conditions.append(C.ssn_last4 == bindparam("ssn"))
    if start == _CASELOAD:
        conditions.append(
            _among(
                select(cases.c.client_id).where(cases.c.assigned_staff_id == bindparam("staff")),
                dialect,
            )
        )
    elif caseload:
        conditions.append(caseload_clause(C.id, bindparam("staff")))
    if start is not None and start != _CASELOAD:
        conditions.append(_among(parts.pop(start)[1], dialect))
    conditions += [test for test, _ids in parts]
    return (
        select(*SUMMARY_COLUMNS)
        .where(*conditions)
        .order_by(C.last_name, C.first_name, C.id)
        .limit(bindparam("limit"))
    )


@cache
def _count_statement(prefixes: int) -> Select:
    """How many search words begin with each prefix, counting to ``_FEW_WORDS + 1``."""
    words = client_search_words.c
    return select(
        *[
            select(func.count())
            .select_from(
                select(words.word)
                .where(_starting_with(words.word, f"prefix{n}"))
                .limit(_FEW_WORDS + 1)
                .subquery()
            )
            .scalar_subquery()
            for n in range(prefixes)
        ]
    )


class SqlClientRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    # --- writing --------------------------------------------------------------

    def add(
        self,
        values: ClientFields,
        *,
        words: set[str],
        keys: set[str],
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> ClientRecord:
        at = as_utc(at)
        with made_once():
            client_id = self._conn.execute(
                insert(clients)
                .values(
                    **_values(values),
                    version=1,
                    created_at=at,
                    created_by=by,
                    updated_at=at,
                    updated_by=by,
                    request_id=request_id,
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

    def for_request(self, request_id: str) -> ClientRecord | None:
        found = self._conn.execute(
            select(C.id).where(C.request_id == request_id)
        ).scalar_one_or_none()
        return None if found is None else self.get(found)

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

    def staff_names(self, usernames: list[str]) -> dict[str, str]:
        rows = self._conn.execute(
            select(staff.c.username, staff.c.display_name).where(staff.c.username.in_(usernames))
        )
        return {row.username: row.display_name for row in rows}

    def merged_into(self, client_id: int) -> list[ClientRecord]:
        """The records merged into this one (not undone), oldest first."""
        ids = self._conn.execute(
            select(C.id).where(C.merged_into_id == client_id).order_by(C.id)
        ).scalars()
        return [record for record in map(self.get, list(ids)) if record is not None]

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
        """Clients matching every part of ``query``, by last name then first name.

        The database starts from the part that admits the fewest clients, looks
        those up and sorts them: a client number, a date of birth, a caseworker's
        caseload, or else the rarest word prefix typed (counted first). When
        every prefix is common (a phone number's area code), walking the clients
        in name order fills the page sooner. Either way the result is the same.
        """
        params: dict[str, object] = {"limit": limit}
        typed = [(f"name{n}", prefix) for n, prefix in enumerate(query.name_prefixes)]
        if query.phone_digits:
            typed.append(("phone", "#" + query.phone_digits))
        for name, prefix in typed:
            params[name], params[f"{name}_end"] = prefix, _after_every_word_starting(prefix)
        if query.ssn_last4:
            params["ssn"] = query.ssn_last4
        if query.birth_date is not None:
            params["born"] = query.birth_date
        if query.client_id is not None:
            params["number"] = query.client_id
        if caseload_of is not None:
            params["staff"] = caseload_of
        start = None
        if query.client_id is None and query.birth_date is None:
            if caseload_of is not None:
                start = _CASELOAD
            elif typed:
                counts = self._count_words([prefix for _name, prefix in typed])
                rarest = counts.index(min(counts))
                if len(counts) > 1 or counts[rarest] <= _FEW_WORDS:
                    start = rarest
        statement = _search_statement(
            len(query.name_prefixes),
            bool(query.phone_digits),
            bool(query.ssn_last4),
            query.birth_date is not None,
            query.client_id is not None,
            caseload_of is not None,
            start,
            self._conn.dialect.name,
        )
        return [_summary(row) for row in self._conn.execute(statement, params)]

    def _count_words(self, prefixes: list[str]) -> list[int]:
        """How many search words begin with each prefix, up to ``_FEW_WORDS + 1``."""
        params = {}
        for n, prefix in enumerate(prefixes):
            params[f"prefix{n}"] = prefix
            params[f"prefix{n}_end"] = _after_every_word_starting(prefix)
        return list(self._conn.execute(_count_statement(len(prefixes)), params).one())

    def match_candidates(
        self, keys: set[str], *, limit: int, caseload_of: int | None = None
    ) -> list[tuple[ClientSummary, PersonKeys]]:
        """Clients sharing any duplicate-detection key, for the domain to score."""
        if not keys:
            return []
        dialect = self._conn.dialect.name
        sharing = select(client_match_keys.c.client_id).where(
            client_match_keys.c.key.in_(sorted(keys))
        )
        if caseload_of is None:
            among = C.id.in_(sharing.distinct())
        else:
            # Start from the caseload: its few clients' keys are looked up, where
            # every client sharing a key (thousands at 100,000 clients) would
            # otherwise be checked against it.
            caseload = select(cases.c.client_id).where(cases.c.assigned_staff_id == caseload_of)
            sharing = sharing.where(_among(caseload, dialect, client_match_keys.c.client_id))
            among = _among(sharing.distinct(), dialect)
        statement = select(*SUMMARY_COLUMNS).where(among, _listed()).limit(limit)
        return [
            (
                _summary(row),
                PersonKeys(row.first_name, row.last_name, row.date_of_birth, row.ssn_last4),
            )
            for row in self._conn.execute(statement)
        ]
