"""What the client record window shows beside the face sheet: the client's cases,
assessments and consents. Reading them is part of the record view that
``ClientService.open`` audits; each call still checks the caseload rule."""

from __future__ import annotations

from dataclasses import dataclass

from domain.assessments.assessment import Assessment
from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.consents.consent import Consent


@dataclass(frozen=True)
class CaseWork:
    cases: list[CaseSummary]
    assessments: list[Assessment]
    consents: list[Consent]


class RecordService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory

    def cases(self, actor: Actor, client_id: int) -> list[CaseSummary]:
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return uow.cases.for_client(client_id)

    def assessments(self, actor: Actor, client_id: int) -> list[Assessment]:
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return uow.assessments.for_client(client_id)

    def consents(self, actor: Actor, client_id: int) -> list[Consent]:
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return uow.consents.for_client(client_id)

    def case_work(self, actor: Actor, client_id: int) -> CaseWork:
        """Cases, assessments and consents together: one transaction and one access
        check where the record window used to make three."""
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return CaseWork(
                uow.cases.for_client(client_id),
                uow.assessments.for_client(client_id),
                uow.consents.for_client(client_id),
            )
