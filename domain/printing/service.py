"""Printing: gathering what a form shows (with the same access checks as viewing
it) and recording every print and every saved copy in the audit trail.

The PDFs themselves are built in reports/ from what this returns; the domain
knows nothing of PDFs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from enum import StrEnum

from domain.assessments.assessment import AssessmentKind
from domain.audit.events import AuditAction
from domain.cases.case import CaseStatus
from domain.clients.households import HouseholdMember, household_members
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.common.unit_of_work import UnitOfWork
from domain.consents.consent import ConsentKind
from domain.consents.service import ConsentService
from domain.notes.document import NotesDocument, in_range, validate_note_range
from domain.notes.service import may_read_note
from domain.plans.document import PlanDocument
from domain.printing.intake_packet import IntakePacket
from domain.settings.office_settings import (
    FORM_NEEDS_AGENCY_NAME,
    OfficeSettings,
    agency_is_named,
)
from domain.signatures.signing import with_signatures

MAX_BATCH = 500


class FormKind(StrEnum):
    FACE_SHEET = "face_sheet"
    INTAKE_PACKET = "intake_packet"  # intake form and consent to services
    SERVICES_CONSENT = "services_consent"
    BLANK_INTAKE = "blank_intake"
    BLANK_SERVICES_CONSENT = "blank_services_consent"
    BLANK_RELEASE = "blank_release"
    CONSENT_COPY = "consent_copy"  # one recorded consent, as signed (or to sign)
    SERVICE_PLAN = "service_plan"  # one version of a case's plan
    CASE_NOTES = "case_notes"  # a case's signed notes within a date range
    BLANK_CASE_NOTE = "blank_case_note"
    BLANK_SERVICE_PLAN = "blank_service_plan"
    # Built by the referrals' own use case (ReferralService.letter), printed the same way.
    REFERRAL_LETTER = "referral_letter"

    @property
    def label(self) -> str:
        return {
            FormKind.FACE_SHEET: "Face sheet",
            FormKind.INTAKE_PACKET: "Intake and consent packet",
            FormKind.SERVICES_CONSENT: "Consent to services",
            FormKind.BLANK_INTAKE: "Blank intake form",
            FormKind.BLANK_SERVICES_CONSENT: "Blank consent to services",
            FormKind.BLANK_RELEASE: "Blank release of information",
            FormKind.CONSENT_COPY: "Consent form",
            FormKind.SERVICE_PLAN: "Service plan",
            FormKind.CASE_NOTES: "Case notes",
            FormKind.BLANK_CASE_NOTE: "Blank case note",
            FormKind.BLANK_SERVICE_PLAN: "Blank service plan",
            FormKind.REFERRAL_LETTER: "Referral letter",
        }[self]

    @property
    def is_blank(self) -> bool:
        return self.value.startswith("blank_")

    @property
    def names_the_agency(self) -> bool:
        """A consent form: its legal text says who discloses and who gives services."""
        return self in _CONSENT_FORMS


_CONSENT_FORMS = frozenset(
    {
        FormKind.INTAKE_PACKET,
        FormKind.SERVICES_CONSENT,
        FormKind.BLANK_SERVICES_CONSENT,
        FormKind.BLANK_RELEASE,
        FormKind.CONSENT_COPY,
    }
)


def _refuse_unnamed(uow: UnitOfWork, form: FormKind) -> None:
    """A consent form printed with the placeholder for the agency's name binds nobody."""
    agency = OfficeSettings.from_stored(uow.settings.all()).agency
    if form.names_the_agency and not agency_is_named(agency):
        raise ValidationError({"agency_name": FORM_NEEDS_AGENCY_NAME})


class OutputKind(StrEnum):
    PRINTED = "printed"
    SAVED = "saved as PDF"


class PrintService:
    def __init__(self, guard: Guard, consents: ConsentService):
        self._guard = guard
        self._consents = consents
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def letterhead(self, actor: Actor, form: FormKind | None = None) -> OfficeSettings:
        """The settings a form prints with; for a consent ``form``, refused (ValidationError)
        until the agency is named."""
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, Permission.FORM_PRINT)
            if form is not None:
                _refuse_unnamed(uow, form)
            return OfficeSettings.from_stored(uow.settings.all())

    def packets(
        self,
        actor: Actor,
        client_ids: list[int],
        form: FormKind,
        *,
        recipient: str = "",
        override_reason: str = "",
    ) -> list[IntakePacket]:
        """What the forms of these clients show; preparing them is audited as a view
        of each record, since the preview puts it on screen. Forms printed for a
        ``recipient`` outside the agency pass the consent gate, client by client."""
        if not client_ids:
            raise ValidationError({"clients": "Choose at least one client."})
        if len(client_ids) > MAX_BATCH:
            raise ValidationError({"clients": f"Print at most {MAX_BATCH} clients at once."})
        packets = []
        today = local_date(self._clock())
        with self._uow_factory() as uow:
            for client_id in dict.fromkeys(client_ids):
                actor, client = self._guard.reach_client(
                    uow, actor, Permission.FORM_PRINT, client_id
                )
                if recipient.strip():
                    self._consents.release_in(
                        uow, actor, client_id, recipient.strip(), str(form), override_reason
                    )
                household: tuple[HouseholdMember, ...] = ()
                if client.household_id is not None:
                    rows = uow.households.members(client.household_id)
                    household = tuple(household_members(rows))
                cases = uow.cases.for_client(client_id)
                case = next((c for c in cases if c.status is not CaseStatus.CLOSED), None)
                case = case or (cases[0] if cases else None)
                assessments = [
                    a
                    for a in uow.assessments.for_client(client_id)
                    if case is None or a.case_id in (None, case.id)
                ]
                initial = next(
                    (a for a in assessments if a.kind is AssessmentKind.INITIAL),
                    assessments[0] if assessments else None,
                )
                consents = uow.consents.for_client(client_id)
                services = next(
                    (
                        c
                        for c in consents
                        if c.kind is ConsentKind.SERVICES and c.status_on(today) == "in effect"
                    ),
                    None,
                )
                releases = tuple(
                    c
                    for c in consents
                    if c.kind is ConsentKind.RELEASE and c.status_on(today) == "in effect"
                )
                program = uow.programs.get(case.program_id) if case else None
                printed = [c for c in (services, *releases) if c is not None and c.signed_on_screen]
                signatures = tuple(s for c in printed for s in uow.signatures.for_consent(c.id))
                packets.append(
                    IntakePacket(
                        client=client,
                        household=household,
                        assessment=initial,
                        program=program,
                        case=case,
                        services_consent=services,
                        releases=releases,
                        staff_name=actor.display_name,
                        signatures=signatures,
                    )
                )
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.FORM_PREPARED, "client", client_id, f"form={form}"
                    )
                )
            _refuse_unnamed(uow, form)  # after the access checks: a refusal says why first
            uow.commit()
        return packets

    def consent_copy(self, actor: Actor, consent_id: int) -> IntakePacket:
        """One recorded consent with its client, to print its form (a copy for the
        client, or the release to sign); audited as a view of the record."""
        with self._uow_factory() as uow:
            consent = uow.consents.get(consent_id)
            # As elsewhere: another caseload's consent and a missing one look alike.
            actor, client = self._guard.reach_client(
                uow, actor, Permission.FORM_PRINT, consent.client_id if consent else 0
            )
            if consent is None or consent.kind is ConsentKind.MEDIA:
                raise ValidationError({"consent": "Choose a consent to services or a release."})
            _refuse_unnamed(uow, FormKind.CONSENT_COPY)
            signatures = tuple(uow.signatures.for_consent(consent_id))
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.FORM_PREPARED,
                    "client",
                    client.id,
                    f"form={FormKind.CONSENT_COPY};consent={consent_id}",
                )
            )
            uow.commit()
        services = consent if consent.kind is ConsentKind.SERVICES else None
        releases = (consent,) if consent.kind is ConsentKind.RELEASE else ()
        return IntakePacket(
            client=client,
            services_consent=services,
            releases=releases,
            staff_name=actor.display_name,
            signatures=signatures,
        )

    def plan_document(self, actor: Actor, plan_id: int) -> PlanDocument:
        """One version of a service plan to print, for those who keep plans; audited
        as a view of the client's record."""
        with self._uow_factory() as uow:
            plan = uow.plans.get(plan_id)
            actor, case = self._guard.reach_case(
                uow, actor, Permission.PLAN_WORK, plan.case_id if plan else 0
            )
            if plan is None:
                raise NotFound("That version of the plan does not exist.")
            plan = with_signatures(uow, plan)
            client = uow.clients.get(plan.client_id)
            latest = max(v.number for v in uow.plans.versions(case.id))
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.FORM_PREPARED,
                    "client",
                    plan.client_id,
                    f"form={FormKind.SERVICE_PLAN};plan={plan_id}",
                )
            )
            uow.commit()
        return PlanDocument(
            client=client,
            plan=replace(plan, latest_number=latest),
            program_name=case.program_name,
            case_number=case.number,
            staff_name=case.assigned_name or actor.display_name,
        )

    def notes_document(
        self, actor: Actor, case_id: int, from_on: str = "", to_on: str = ""
    ) -> NotesDocument:
        """A case's signed notes between two dates (blank: open), as the reader may
        read them; audited as a view of the client's record."""
        start, end = validate_note_range(from_on, to_on)
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.NOTE_READ, case_id)
            notes = sorted(
                (
                    n
                    for n in uow.notes.for_case(case_id)
                    if n.is_signed and may_read_note(actor, n) and in_range(n, start, end)
                ),
                key=lambda n: (n.values.contact_on, n.values.contact_at or time(0), n.id),
            )
            if not notes:
                raise ValidationError({"from_on": "No signed notes of this case in that range."})
            client = uow.clients.get(case.client_id)
            goals = {
                goal.id: goal.description
                for summary in uow.plans.versions(case_id)
                for goal in uow.plans.get(summary.id).goals
            }
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.FORM_PREPARED,
                    "client",
                    case.client_id,
                    f"form={FormKind.CASE_NOTES};case={case_id};notes={len(notes)}",
                )
            )
            uow.commit()
        return NotesDocument(
            client=client,
            case_number=case.number,
            program_name=case.program_name,
            notes=tuple(notes),
            from_on=start,
            to_on=end,
            goals=goals,
        )

    def record_output(
        self,
        actor: Actor,
        client_ids: list[int],
        form: FormKind,
        how: OutputKind,
        recipient: str = "",
    ) -> None:
        """Every print and every saved copy, one audit event per client (or one for a
        blank form)."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.FORM_PRINT)
            detail = f"form={form};how={how}" + (f";to={recipient}" if recipient else "")
            if form.is_blank or not client_ids:
                uow.audit.record(
                    self._guard.event(actor, AuditAction.FORM_PRINTED, "form", None, detail)
                )
            for client_id in dict.fromkeys(client_ids):
                uow.audit.record(
                    self._guard.event(actor, AuditAction.FORM_PRINTED, "client", client_id, detail)
                )
            uow.commit()
