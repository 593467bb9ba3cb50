"""Referrals and their status history in SQL."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from domain.assessments.assessment import LifeDomain
from domain.clients.record import shown_name
from domain.common.errors import ConflictError, NotFound
from domain.referrals.referral import (
    AwaitingResponse,
    Referral,
    ReferralMethod,
    ReferralStatus,
    ReferralValues,
    StatusChange,
    StatusValues,
)
from storage.cases.tables import cases
from storage.clients.tables import clients
from storage.common.save_requests import made_once
from storage.common.timestamps import as_utc
from storage.referrals.tables import referral_status_changes, referrals, resources
from storage.staff.tables import staff

F = referrals.c
H = referral_status_changes.c
referrer = staff.alias("referrer")
caseworker = staff.alias("caseworker")

# Staff names where the rows are readable (a caseworker on PostgreSQL reads only
# their own): the outer joins leave the others blank.
_ROWS = select(
    referrals,
    clients.c.first_name,
    clients.c.last_name,
    clients.c.name_order,
    resources.c.organisation,
    resources.c.service,
    cases.c.assigned_staff_id,
    referrer.c.display_name.label("referrer_name"),
    caseworker.c.display_name.label("caseworker_name"),
).select_from(
    referrals.join(cases, cases.c.id == F.case_id)
    .join(clients, clients.c.id == F.client_id)
    .join(resources, resources.c.id == F.resource_id)
    .outerjoin(referrer, referrer.c.id == F.referred_by_staff_id)
    .outerjoin(caseworker, caseworker.c.id == cases.c.assigned_staff_id)
)


def _referral(row) -> Referral:
    service = row.service
    return Referral(
        id=row.id,
        version=row.version,
        case_id=row.case_id,
        client_id=row.client_id,
        client_name=shown_name(row.first_name, row.last_name, row.client_id, row.name_order),
        resource_id=row.resource_id,
        resource_name=f"{row.organisation} — {service}" if service else row.organisation,
        organisation=row.organisation,
        need=LifeDomain(row.need) if row.need else None,
        goal_id=row.goal_id,
        reason=row.reason,
        sent_on=row.sent_on,
        method=ReferralMethod(row.method),
        self_referral=row.self_referral,
        consent_id=row.consent_id,
        overridden=row.overridden,
        status=ReferralStatus(row.status),
        status_on=row.status_on,
        outcome=row.outcome,
        referred_by_id=row.referred_by_staff_id,
        referred_by_name=row.referrer_name or row.created_by,
        caseworker_id=row.assigned_staff_id,
        caseworker_name=row.caseworker_name or "",
    )


class SqlReferralRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(
        self,
        case_id: int,
        client_id: int,
        values: ReferralValues,
        *,
        consent_id: int | None,
        overridden: bool,
        referred_by: int,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        at = as_utc(at)
        with made_once():
            referral_id = self._insert(
                case_id,
                client_id,
                values,
                consent_id=consent_id,
                overridden=overridden,
                referred_by=referred_by,
                by=by,
                at=at,
                request_id=request_id,
            )
        self._history(referral_id, ReferralStatus.SENT, values.sent_on, "", by, at)
        return referral_id

    def for_request(self, request_id: str) -> Referral | None:
        found = self._conn.execute(
            select(F.id).where(F.request_id == request_id)
        ).scalar_one_or_none()
        return None if found is None else self.get(found)

    def _insert(
        self,
        case_id: int,
        client_id: int,
        values: ReferralValues,
        *,
        consent_id: int | None,
        overridden: bool,
        referred_by: int,
        by: str,
        at: datetime,
        request_id: str | None,
    ) -> int:
        return self._conn.execute(
            insert(referrals)
            .values(
                case_id=case_id,
                client_id=client_id,
                resource_id=values.resource_id,
                need=values.need.value if values.need else None,
                goal_id=values.goal_id,
                reason=values.reason,
                sent_on=values.sent_on,
                method=values.method.value,
                self_referral=values.self_referral,
                consent_id=consent_id,
                overridden=overridden,
                status=ReferralStatus.SENT.value,
                status_on=values.sent_on,
                outcome="",
                referred_by_staff_id=referred_by,
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
                request_id=request_id,
            )
            .returning(F.id)
        ).scalar_one()

    def _history(
        self, referral_id: int, status: ReferralStatus, on: date, note: str, by: str, at: datetime
    ) -> None:
        self._conn.execute(
            insert(referral_status_changes).values(
                referral_id=referral_id,
                status=status.value,
                changed_on=on,
                note=note,
                created_at=at,
                created_by=by,
            )
        )

    def get(self, referral_id: int) -> Referral | None:
        row = self._conn.execute(_ROWS.where(F.id == referral_id)).one_or_none()
        return None if row is None else _referral(row)

    def set_status(
        self,
        referral_id: int,
        expected_version: int,
        change: StatusValues,
        *,
        by: str,
        at: datetime,
    ) -> Referral:
        at = as_utc(at)
        values = {"status": change.status.value, "status_on": change.on}
        if change.outcome:
            values["outcome"] = change.outcome
        changed = self._conn.execute(
            update(referrals)
            .where(F.id == referral_id, F.version == expected_version)
            .values(**values, version=F.version + 1, updated_at=at, updated_by=by)
            .returning(F.id)
        ).one_or_none()
        if changed is None:
            current = self._conn.execute(
                select(F.updated_by, F.updated_at).where(F.id == referral_id)
            ).one_or_none()
            if current is None:
                raise NotFound("That referral does not exist.")
            raise ConflictError("The referral", current.updated_by, as_utc(current.updated_at))
        self._history(referral_id, change.status, change.on, change.note, by, at)
        return self.get(referral_id)

    def history(self, referral_id: int) -> list[StatusChange]:
        rows = self._conn.execute(
            select(H.status, H.changed_on, H.note, H.created_by, H.created_at)
            .where(H.referral_id == referral_id)
            .order_by(H.id)
        )
        return [
            StatusChange(
                ReferralStatus(r.status), r.changed_on, r.note, r.created_by, as_utc(r.created_at)
            )
            for r in rows
        ]

    def for_client(self, client_id: int) -> list[Referral]:
        """Newest first."""
        rows = self._conn.execute(
            _ROWS.where(F.client_id == client_id).order_by(F.sent_on.desc(), F.id.desc())
        )
        return [_referral(row) for row in rows]

    def open_referrals(self, staff_id: int | None) -> list[Referral]:
        """Open referrals (not declined or completed), oldest first; with ``staff_id``,
        only those on cases assigned to that staff member."""
        closed = (ReferralStatus.DECLINED.value, ReferralStatus.COMPLETED.value)
        query = _ROWS.where(F.status.not_in(closed))
        if staff_id is not None:
            query = query.where(cases.c.assigned_staff_id == staff_id)
        rows = self._conn.execute(query.order_by(F.sent_on, F.id))
        return [_referral(row) for row in rows]

    def awaiting_response(self, sent_before: date, staff_id: int | None) -> list[AwaitingResponse]:
        """Referrals still only "sent" on or before ``sent_before``, on assigned cases."""
        query = (
            select(
                F.id,
                F.case_id,
                F.sent_on,
                cases.c.assigned_staff_id,
                resources.c.organisation,
                resources.c.service,
            )
            .select_from(
                referrals.join(cases, cases.c.id == F.case_id).join(
                    resources, resources.c.id == F.resource_id
                )
            )
            .where(
                F.status == ReferralStatus.SENT.value,
                F.sent_on <= sent_before,
                cases.c.status != "closed",
                cases.c.assigned_staff_id.is_not(None),
            )
        )
        if staff_id is not None:
            query = query.where(cases.c.assigned_staff_id == staff_id)
        return [
            AwaitingResponse(
                row.id,
                row.case_id,
                row.assigned_staff_id,
                row.organisation,
                row.sent_on,
            )
            for row in self._conn.execute(query.order_by(F.id))
        ]
