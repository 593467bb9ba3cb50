"""Building a form's PDF: gather what it shows through the domain (access checks
and audit there), then lay it out with reports/. Runs on the background runner."""

from __future__ import annotations

from collections.abc import Callable

from domain.common.actor import Actor
from domain.common.clock import utc_now
from domain.printing.service import FormKind, PrintService
from reports.clients.face_sheet_pdf import face_sheet_pdf
from reports.clients.intake_form_pdf import blank_intake_form_pdf
from reports.clients.intake_packets import packets_pdf
from reports.consents.consent_form_pdf import (
    blank_release_of_information_pdf,
    blank_services_consent_pdf,
    release_of_information_pdf,
    services_consent_pdf,
)
from reports.notes.case_notes_pdf import blank_case_note_pdf, case_notes_pdf
from reports.plans.service_plan_pdf import blank_service_plan_pdf, service_plan_pdf

BLANK_BUILDERS = {
    FormKind.BLANK_INTAKE: blank_intake_form_pdf,
    FormKind.BLANK_SERVICES_CONSENT: blank_services_consent_pdf,
    FormKind.BLANK_RELEASE: blank_release_of_information_pdf,
    FormKind.BLANK_SERVICE_PLAN: blank_service_plan_pdf,
    FormKind.BLANK_CASE_NOTE: blank_case_note_pdf,
}


def build_form(
    printing: PrintService,
    actor: Actor,
    form: FormKind,
    client_ids: list[int],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    recipient: str = "",
    override_reason: str = "",
    consent_id: int | None = None,
    plan_id: int | None = None,
    case_id: int | None = None,
    note_range: tuple[str, str] = ("", ""),
) -> bytes | None:
    """The PDF of ``form`` for these clients (none for a blank form); None if cancelled.
    For a ``recipient`` outside the agency, the consent gate decides first."""
    agency = printing.letterhead(actor, form).agency  # a consent form needs the agency named
    printed_at = utc_now().astimezone()
    if form.is_blank:
        return BLANK_BUILDERS[form](agency, printed_at)
    if form is FormKind.CASE_NOTES:
        document = printing.notes_document(actor, case_id, *note_range)
        return case_notes_pdf(document, agency, printed_at)
    if form is FormKind.SERVICE_PLAN:
        return service_plan_pdf(printing.plan_document(actor, plan_id), agency, printed_at)
    if form is FormKind.CONSENT_COPY:
        copy = printing.consent_copy(actor, consent_id)
        if copy.releases:
            [release] = copy.releases
            return release_of_information_pdf(
                copy.client,
                release,
                agency,
                printed_at,
                staff_name=copy.staff_name,
                signatures=copy.signatures,
            )
        return services_consent_pdf(
            copy.client,
            agency,
            printed_at,
            consent=copy.services_consent,
            staff_name=copy.staff_name,
            signatures=copy.signatures,
        )
    packets = printing.packets(
        actor, client_ids, form, recipient=recipient, override_reason=override_reason
    )
    if form is FormKind.INTAKE_PACKET:
        return packets_pdf(packets, agency, printed_at, progress=progress, cancelled=cancelled)
    [packet] = packets[:1]
    if form is FormKind.FACE_SHEET:
        return face_sheet_pdf(packet.client, agency, printed_at)
    return services_consent_pdf(
        packet.client,
        agency,
        printed_at,
        consent=packet.services_consent,
        staff_name=packet.staff_name,
    )
