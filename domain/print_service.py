"""Printing: gathering what a form shows (with the same access checks as viewing
it) and recording every print and every saved copy in the audit trail.

The PDFs themselves are built in reports/ from what this returns; the domain
knows nothing of PDFs.
"""

from __future__ import annotations

from enum import StrEnum

from domain.actor import Actor
from domain.assessments import AssessmentKind
from domain.audit import AuditAction
from domain.cases import CaseStatus
from domain.clock import local_date
from domain.consent_service import ConsentService
from domain.consents import ConsentKind
from domain.errors import ValidationError
from domain.guard import Guard
from domain.households import HouseholdMember, household_members
from domain.intake_packet import IntakePacket
from domain.policy import Permission
from domain.settings import OfficeSettings

MAX_BATCH = 500


class FormKind(StrEnum):
    FACE_SHEET = "face_sheet"
    INTAKE_PACKET = "intake_packet"  # intake form and consent to services
    SERVICES_CONSENT = "services_consent"
    BLANK_INTAKE = "blank_intake"
    BLANK_SERVICES_CONSENT = "blank_services_consent"
    BLANK_RELEASE = "blank_release"
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
            FormKind.REFERRAL_LETTER: "Referral letter",
        }[self]

    @property
    def is_blank(self) -> bool:
        return self.value.startswith("blank_")


class OutputKind(StrEnum):
    PRINTED = "printed"
    SAVED = "saved as PDF"


class PrintService:
    def __init__(self, guard: Guard, consents: ConsentService):
        self._guard = guard
        self._consents = consents
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def letterhead(self, actor: Actor) -> OfficeSettings:
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, Permission.FORM_PRINT)
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
                    )
                )
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.FORM_PREPARED, "client", client_id, f"form={form}"
                    )
                )
            uow.commit()
        return packets

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
