"""In-memory stand-ins for the storage ports, for fast use-case tests."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from domain.audit.events import AuditEvent
from domain.clients.record import ClientFields, ClientRecord, ClientSummary
from domain.common.errors import ConflictError, NotFound
from domain.common.policy import Role
from domain.staff.accounts import StaffFields, StaffMember
from domain.staff.throttle import FailureOutcome


class FakeClientRepository:
    def __init__(self, cases: FakeCaseRepository) -> None:
        self.rows: dict[int, ClientRecord] = {}
        self.ssns: dict[int, str | None] = {}
        self.keys: dict[int, set[str]] = {}
        self.requests: dict[str, int] = {}
        self._cases = cases

    def add(
        self, values: ClientFields, *, words, keys, by: str, at: datetime, request_id=None
    ) -> ClientRecord:
        record = ClientRecord(
            id=len(self.rows) + 1,
            version=1,
            **{**vars(values), "ssn": None},
            created_at=at,
            created_by=by,
            updated_at=at,
            updated_by=by,
        )
        if request_id is not None:
            if request_id in self.requests:
                raise AssertionError("a request id stored twice: the unique index would refuse")
            self.requests[request_id] = record.id
        self.rows[record.id] = record
        self.ssns[record.id] = values.ssn
        self.keys[record.id] = set(keys)
        return record

    def for_request(self, request_id: str) -> ClientRecord | None:
        found = self.requests.get(request_id)
        return None if found is None else self.rows.get(found)

    def staff_names(self, usernames):
        return {}

    def merged_into(self, client_id):
        return [r for r in self.rows.values() if r.merged_into_id == client_id]

    def full_ssn(self, client_id):
        return self.ssns.get(client_id)

    def search(self, query, *, limit, caseload_of=None):
        raise NotImplementedError("search is tested on the real databases")

    def match_candidates(self, keys, *, limit, caseload_of=None):
        from domain.clients._index import person_keys

        found = [r for r in self._visible(caseload_of) if self.keys[r.id] & set(keys)]
        return [(self._summary(r), person_keys(r)) for r in found[:limit]]

    @staticmethod
    def _summary(r):
        return ClientSummary(
            r.id,
            r.first_name,
            r.last_name,
            r.date_of_birth,
            r.phone,
            r.updated_at,
            r.preferred_name,
            r.ssn_last4,
            r.name_order,
        )

    def get(self, client_id: int) -> ClientRecord | None:
        return self.rows.get(client_id)

    def update(self, client_id, expected_version, values, *, words, keys, by, at):
        current = self.rows.get(client_id)
        if current is None:
            raise NotFound("gone")
        if current.version != expected_version:
            raise ConflictError("record", current.updated_by, current.updated_at)
        record = replace(
            current,
            **{**vars(values), "ssn": None},
            version=current.version + 1,
            updated_at=at,
            updated_by=by,
        )
        self.rows[client_id] = record
        if values.ssn is not None:
            self.ssns[client_id] = values.ssn or None
        self.keys[client_id] = set(keys)
        return record

    def _visible(self, caseload_of):
        return [
            r
            for r in self.rows.values()
            if caseload_of is None or self._cases.is_on_caseload(r.id, caseload_of)
        ]

    def list_page(self, *, offset, limit, caseload_of=None) -> list[ClientSummary]:
        ordered = sorted(
            self._visible(caseload_of), key=lambda r: (r.last_name, r.first_name, r.id)
        )
        return [self._summary(r) for r in ordered[offset : offset + limit]]

    def count(self, *, caseload_of=None) -> int:
        return len(self._visible(caseload_of))


class FakeStaffRepository:
    def __init__(self) -> None:
        self.rows: dict[int, StaffMember] = {}
        self.hashes: dict[int, str | None] = {}

    def add(self, values: StaffFields, *, password_hash, must_change_password, by, at):
        member = StaffMember(
            id=len(self.rows) + 1,
            version=1,
            username=values.username,
            display_name=values.display_name,
            role=values.role,
            active=True,
            must_change_password=must_change_password,
            failed_logins=0,
            lockouts=0,
            locked_until=None,
            last_login_at=None,
            created_at=at,
        )
        self.rows[member.id] = member
        self.hashes[member.id] = password_hash
        return member

    def get(self, staff_id):
        return self.rows.get(staff_id)

    def find(self, username):
        return next((m for m in self.rows.values() if m.username == username), None)

    def password_hash(self, staff_id):
        return self.hashes.get(staff_id)

    def list_all(self):
        return sorted(self.rows.values(), key=lambda m: (m.display_name, m.id))

    def count(self):
        return len(self.rows)

    def update(
        self,
        staff_id,
        expected_version,
        *,
        by,
        at,
        display_name=None,
        role=None,
        active=None,
        unlock=False,
    ):
        current = self.rows.get(staff_id)
        if current is None:
            raise NotFound("gone")
        if current.version != expected_version:
            raise ConflictError("account", by, at)
        changes = {"version": current.version + 1}
        if display_name is not None:
            changes["display_name"] = display_name
        if role is not None:
            changes["role"] = Role(role)
        if active is not None:
            changes["active"] = active
        if unlock:
            changes.update(failed_logins=0, lockouts=0, locked_until=None)
        self.rows[staff_id] = replace(current, **changes)
        return self.rows[staff_id]

    def set_password_hash(self, staff_id, password_hash):
        self.hashes[staff_id] = password_hash

    def set_must_change_password(self, staff_id, must_change):
        self.rows[staff_id] = replace(self.rows[staff_id], must_change_password=must_change)

    def record_failure(self, staff_id, outcome: FailureOutcome):
        self.rows[staff_id] = replace(
            self.rows[staff_id],
            failed_logins=outcome.failed_logins,
            lockouts=outcome.lockouts,
            locked_until=outcome.locked_until,
        )

    def record_sign_in(self, staff_id, at):
        self.rows[staff_id] = replace(
            self.rows[staff_id], failed_logins=0, lockouts=0, locked_until=None, last_login_at=at
        )


class FakeCaseRepository:
    def __init__(self) -> None:
        self.assigned: dict[int, tuple[int, int | None]] = {}

    def open_case(self, client_id, assigned_staff_id, *, opened_on, by, at) -> int:
        case_id = len(self.assigned) + 1
        self.assigned[case_id] = (client_id, assigned_staff_id)
        return case_id

    def is_on_caseload(self, client_id, staff_id) -> bool:
        return (client_id, staff_id) in self.assigned.values()


class FakeLogins:
    def __init__(self, staff: FakeStaffRepository) -> None:
        self._staff = staff

    def create(self, staff, password):
        self._staff.hashes[staff.id] = f"plain:{password}"

    def set_password(self, staff, password):
        self._staff.hashes[staff.id] = f"plain:{password}"

    def set_role(self, staff, role):
        pass

    def set_active(self, staff, active):
        pass


class FakeSettings:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def all(self):
        return dict(self.values)

    def put(self, key, value, *, by, at):
        self.values[key] = value


class FakeAuditLog:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)

    def query(self, where, *, offset=0, limit, after=None):
        raise NotImplementedError("audit queries are tested on the real databases")


class FakeDatabase:
    """The committed state; calling it opens a unit of work, as the real factory does."""

    def __init__(self, logins=None) -> None:
        cases = FakeCaseRepository()
        self.logins_factory = logins or FakeLogins
        self.committed = {
            "cases": cases,
            "clients": FakeClientRepository(cases),
            "staff": FakeStaffRepository(),
            "settings": FakeSettings(),
            "audit": FakeAuditLog(),
        }
        self.commits = 0

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeUnitOfWork:
    """Works on a copy of the committed state, like a real transaction."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    def __enter__(self) -> FakeUnitOfWork:
        for name, repository in copy.deepcopy(self._database.committed).items():
            setattr(self, name, repository)
        self.logins = self._database.logins_factory(self.staff)
        return self

    def commit(self) -> None:
        self._database.committed = {name: getattr(self, name) for name in self._database.committed}
        self._database.commits += 1

    def rollback(self) -> None:
        pass

    def allow_long_statements(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        pass
