"""Intake: one guided flow from "is this person already here?" to a case waiting
for a supervisor to assign it.

Each step is checked as the person leaves it (``check_step``), and the whole
intake is saved in one transaction at the end, so nothing is ever half-saved:
a client without the consent, or a case without its assessment, cannot happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.assessments.assessment import AssessmentForm, AssessmentKind, validate_assessment
from domain.audit.events import AuditAction
from domain.cases.programs import Program
from domain.clients._index import person_keys
from domain.clients.hmis import NameQuality, RaceEthnicity, RelationshipToHead
from domain.clients.households import HouseholdService
from domain.clients.record import ClientForm, ClientRecord, validate_client_form
from domain.clients.service import ClientService
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.common.saving import SaveRequest, once_more_if_lost
from domain.consents.consent import ServiceConsentForm, validate_service_consent

MAX_NEW_MEMBERS = 12


class IntakeStep(StrEnum):
    CLIENT = "client"
    HOUSEHOLD = "household"
    ASSESSMENT = "assessment"
    CONSENT = "consent"
    PROGRAM = "program"


class HouseholdMode(StrEnum):
    ALONE = "alone"  # a household of one (HMIS: head of their own household)
    HEAD = "head"  # heads a household; members listed below
    JOINS = "joins"  # joins the household of a client already registered


@dataclass(frozen=True)
class NewMember:
    """Someone who lives with the client, registered with the basics at intake."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = ""
    relationship: int | None = None
    existing_client_id: int | None = None  # an already registered person instead


@dataclass(frozen=True)
class HouseholdPlan:
    mode: HouseholdMode = HouseholdMode.ALONE
    head_id: int | None = None
    relationship: int | None = None
    members: tuple[NewMember, ...] = ()


@dataclass(frozen=True)
class IntakeForm:
    client: ClientForm = field(default_factory=ClientForm)
    existing_client_id: int | None = None  # a returning client, found by the search step
    existing_client_version: int | None = None
    not_a_duplicate_reason: str = ""
    household: HouseholdPlan = field(default_factory=HouseholdPlan)
    assessment: AssessmentForm = field(default_factory=AssessmentForm)
    consent: ServiceConsentForm = field(default_factory=ServiceConsentForm)
    program_id: int | None = None


@dataclass(frozen=True)
class IntakeResult:
    client: ClientRecord
    case_id: int
    program: Program
    members_registered: tuple[int, ...]


def member_form(member: NewMember, address_from: ClientForm) -> ClientForm:
    """A household member's record: the basics typed, the household's address.

    The row asks no name quality: one name typed (a child known by a given name
    alone) is a partial name, two a full one.
    """
    one_name = bool(member.first_name.strip()) != bool(member.last_name.strip())
    return ClientForm(
        first_name=member.first_name,
        last_name=member.last_name,
        name_quality=NameQuality.PARTIAL if one_name else NameQuality.FULL,
        date_of_birth=member.date_of_birth,
        race_ethnicity=frozenset({RaceEthnicity.NOT_COLLECTED}),
        address_line1=address_from.address_line1,
        address_line2=address_from.address_line2,
        city=address_from.city,
        state=address_from.state,
        postal_code=address_from.postal_code,
    )


def _check_household(plan: HouseholdPlan, client: ClientForm, today: date) -> None:
    errors: dict[str, str] = {}
    if plan.mode is HouseholdMode.JOINS:
        if plan.head_id is None:
            errors["head"] = "Find the head of the household this client joins."
        if plan.relationship in (None, RelationshipToHead.SELF) or plan.relationship not in set(
            RelationshipToHead
        ):
            errors["relationship"] = "Choose how the client relates to the head of household."
    if plan.mode is HouseholdMode.HEAD:
        if len(plan.members) > MAX_NEW_MEMBERS:
            errors["members"] = f"Add at most {MAX_NEW_MEMBERS} members here; more from the record."
        for index, member in enumerate(plan.members):
            prefix = f"member.{index}"
            if member.relationship in (None, RelationshipToHead.SELF) or (
                member.relationship not in set(RelationshipToHead)
            ):
                errors[f"{prefix}.relationship"] = "Choose how this person relates to the client."
            if member.existing_client_id is not None:
                continue
            try:
                validate_client_form(member_form(member, client), today=today)
            except ValidationError as error:
                for name, message in error.errors.items():
                    errors[f"{prefix}.{name}"] = message
        chosen = [m.existing_client_id for m in plan.members if m.existing_client_id]
        if len(chosen) != len(set(chosen)):
            errors["members"] = "The same person is listed twice."
    elif plan.members:
        errors["members"] = "Members are listed only when the client heads the household."
    if errors:
        raise ValidationError(errors)


def check_step(step: IntakeStep, form: IntakeForm, *, today: date) -> None:
    """Raise ``ValidationError`` for what the person must fix before going on."""
    if step is IntakeStep.CLIENT:
        validate_client_form(form.client, today=today)
    elif step is IntakeStep.HOUSEHOLD:
        _check_household(form.household, form.client, today)
    elif step is IntakeStep.ASSESSMENT:
        validate_assessment(form.assessment, today=today)
    elif step is IntakeStep.CONSENT:
        validate_service_consent(form.consent, today=today)
    elif step is IntakeStep.PROGRAM and form.program_id is None:
        raise ValidationError({"program": "Choose the program this case is in."})


class IntakeService:
    def __init__(self, guard: Guard, clients: ClientService, households: HouseholdService):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock
        self._clients = clients
        self._households = households

    def complete(
        self, actor: Actor, form: IntakeForm, request_id: str | None = None
    ) -> IntakeResult:
        """Save the whole intake, or nothing of it.

        ``request_id``: the intake window's id for this intake, kept until it is
        confirmed. The intake's consent carries it, and each client registered
        here an id made from it; finishing again with it answers with what the
        first attempt saved (domain/common/saving.py)."""
        now = self._clock()
        today = local_date(now)
        errors: dict[str, str] = {}
        for step in IntakeStep:
            try:
                check_step(step, form, today=today)
            except ValidationError as error:
                errors.update(error.errors)
        if errors:
            raise ValidationError(errors)
        assessment = validate_assessment(form.assessment, today=today, kind=AssessmentKind.INITIAL)
        consent = validate_service_consent(form.consent, today=today)
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._complete(
                actor,
                form,
                assessment,
                consent,
                request.attempt(again),
                now,
            ),
            repeatable=request.given,
        )

    def _complete(
        self, actor: Actor, form: IntakeForm, assessment, consent, request: SaveRequest, now
    ) -> IntakeResult:
        today = local_date(now)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CASE_INTAKE)
            program = uow.programs.get(form.program_id)
            if request.maybe_made:
                made = self._made(uow, form, program, request)
                if made is not None:
                    return made
            if program is None or not program.active:
                raise ValidationError({"program": "This program is no longer offered."})
            client = self._client(uow, actor, form, now, request)
            for case in uow.cases.for_client(client.id):
                if case.program_id == program.id and case.is_active:
                    raise ValidationError(
                        {
                            "program": f"{client.display_name} already has a case in "
                            f"{program.name} ({case.status.label.lower()})."
                        }
                    )
            members = self._household(uow, actor, form, client, now, request)
            client = uow.clients.get(client.id)
            case_id = uow.cases.open_case(
                client.id, None, program_id=program.id, opened_on=today, by=actor.username, at=now
            )
            uow.assessments.add(client.id, case_id, assessment, by=actor.username, at=now)
            uow.consents.add(
                client.id, case_id, consent, by=actor.username, at=now, request_id=request.id
            )
            for action, entity, entity_id, detail in (
                (AuditAction.CASE_OPENED, "case", case_id, f"client={client.id}"),
                (AuditAction.ASSESSMENT_RECORDED, "client", client.id, f"case={case_id}"),
                (AuditAction.CONSENT_RECORDED, "client", client.id, "kind=services"),
                (AuditAction.INTAKE_COMPLETED, "case", case_id, f"program={program.id}"),
            ):
                uow.audit.record(self._guard.event(actor, action, entity, entity_id, detail))
            uow.commit()
        return IntakeResult(client, case_id, program, tuple(members))

    @staticmethod
    def _made(uow, form: IntakeForm, program, request: SaveRequest) -> IntakeResult | None:
        """What an earlier attempt of this intake saved, if it did: its consent says."""
        consent = uow.consents.for_request(request.id)
        if consent is None or consent.case_id is None or program is None:
            return None
        client = uow.clients.get(consent.client_id)
        members = []
        for index, member in enumerate(form.household.members):
            if member.existing_client_id is None:
                made = uow.clients.for_request(request.part(f"member-{index}").id)
                if made is not None:
                    members.append(made.id)
        return IntakeResult(client, consent.case_id, program, tuple(members))

    def _client(
        self, uow, actor: Actor, form: IntakeForm, now, request: SaveRequest
    ) -> ClientRecord:
        if form.existing_client_id is None:
            return self._clients.register_in(
                uow, actor, form.client, form.not_a_duplicate_reason, now, request.part("client")
            )
        actor, current = self._guard.reach_client(
            uow, actor, Permission.CLIENT_EDIT, form.existing_client_id
        )
        version = form.existing_client_version or current.version
        return self._clients.change_in(uow, actor, current, version, form.client, now)

    def _household(
        self, uow, actor: Actor, form: IntakeForm, client, now, request: SaveRequest
    ) -> list[int]:
        plan = form.household
        if plan.mode is HouseholdMode.JOINS:
            _actor, head = self._guard.reach_client(
                uow, actor, Permission.CLIENT_EDIT, plan.head_id
            )
            if head.id == client.id:
                raise ValidationError({"head": "A client cannot join their own household."})
            self._households.join_in(
                uow, actor, client, head, RelationshipToHead(plan.relationship), now
            )
            return []
        if plan.mode is HouseholdMode.ALONE or not plan.members:
            return []
        registered = []
        for index, member in enumerate(plan.members):
            if member.existing_client_id is not None:
                _actor, person = self._guard.reach_client(
                    uow, actor, Permission.CLIENT_EDIT, member.existing_client_id
                )
                if person.id == client.id:
                    raise ValidationError(
                        {f"member.{index}.name": "This is the client; list the others."}
                    )
            else:
                person = self._new_member(
                    uow, actor, index, member, form.client, now, request.part(f"member-{index}")
                )
                registered.append(person.id)
            head = uow.clients.get(client.id)  # its household exists after the first join
            self._households.join_in(
                uow, actor, person, head, RelationshipToHead(member.relationship), now
            )
        return registered

    def _new_member(
        self, uow, actor, index: int, member: NewMember, address_from, now, request: SaveRequest
    ):
        values = member_form(member, address_from)
        keys = person_keys(validate_client_form(values, today=local_date(now)))
        likely = self._clients.likely_duplicates_in(uow, actor, keys)
        if likely:
            found = likely[0].client
            raise ValidationError(
                {
                    f"member.{index}.name": f"May already be registered as {found.number} "
                    f"({found.display_name}): add that record instead."
                }
            )
        return self._clients.register_in(uow, actor, values, "", now, request)


def returning_client_form(client: ClientRecord) -> IntakeForm:
    """An intake for someone already registered starts from their record."""
    return IntakeForm(
        client=client.as_form(),
        existing_client_id=client.id,
        existing_client_version=client.version,
    )
