"""What a printed service plan shows: one version with the client, program and
case it belongs to. A read model, gathered by whoever may read it, for reports/."""

from __future__ import annotations

from dataclasses import dataclass

from domain.clients.record import ClientRecord
from domain.plans.plan import ServicePlan


@dataclass(frozen=True)
class PlanDocument:
    client: ClientRecord
    plan: ServicePlan
    program_name: str
    case_number: str
    staff_name: str  # the caseworker signing with the client
