"""A small office for the caseload board and My day tests: a supervisor, two
caseworkers, a program, and clients taken through intake."""

from __future__ import annotations

from dataclasses import dataclass

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.cases.programs import Program, ProgramForm
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.actor import Actor
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm


@dataclass
class Office:
    supervisor: Actor
    maria: Actor
    jamie: Actor
    program: Program


def make_office(services, admin, make_staff) -> Office:
    return Office(
        supervisor=make_staff(Role.SUPERVISOR, "dlee", "Dana Lee"),
        maria=make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia"),
        jamie=make_staff(Role.CASEWORKER, "jchen", "Jamie Chen"),
        program=services.programs.create(admin, ProgramForm("Family support", "", "30")),
    )


def intake_case(services, office: Office, first_name: str, consent_expires: str = "") -> int:
    """A client through intake; the case waits, unassigned."""
    result = services.intake.complete(
        office.supervisor,
        IntakeForm(
            client=ClientForm(first_name=first_name, last_name="Okafor"),
            not_a_duplicate_reason="test",
            assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
            consent=ServiceConsentForm(given=True, expires_on=consent_expires),
            program_id=office.program.id,
        ),
    )
    return result.case_id


def assign(services, office: Office, case_id: int, worker: Actor) -> None:
    version = services.cases.get(office.supervisor, case_id).version
    services.cases.assign(office.supervisor, case_id, worker.staff_id, version)
