"""Intake and consent packets for many clients at once, as one PDF to print or one
PDF per client, with progress and cancellation for a background thread.

``progress(done, total)`` and ``cancelled()`` are called on the building thread:
a GUI must hand progress on to its own thread. Cancelling returns None; a packet
that has started is finished first, so a cancel answers within one packet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from reportlab.platypus import Flowable

from domain.printing.intake_packet import IntakePacket
from domain.settings.agency import AgencyDetails
from reports.clients.intake_form_pdf import intake_form_frame, intake_form_story
from reports.common.page_frame import PageFrame, client_frame, framed_forms
from reports.consents.consent_form_pdf import (
    RELEASE_TITLE,
    SERVICES_TITLE,
    release_story,
    services_consent_story,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class _Stop(Exception):
    """Raised inside the layout to abandon a cancelled build."""


def packet_forms(
    packet: IntakePacket, agency: AgencyDetails, printed_at: datetime
) -> list[tuple[list[Flowable], PageFrame]]:
    """The forms of one packet, in order: intake, consent to services, each release."""
    today, client, staff = printed_at.date(), packet.client, packet.staff_name
    forms = [
        (intake_form_story(packet, today), intake_form_frame(packet, agency, printed_at)),
        (
            services_consent_story(
                client,
                agency,
                today,
                consent=packet.services_consent,
                staff_name=staff,
                signatures=packet.signatures_of(packet.services_consent),
            ),
            client_frame(SERVICES_TITLE, client, agency, printed_at),
        ),
    ]
    for release in packet.releases:
        story = release_story(
            client,
            agency,
            today,
            consent=release,
            staff_name=staff,
            signatures=packet.signatures_of(release),
        )
        forms.append((story, client_frame(RELEASE_TITLE, client, agency, printed_at)))
    return forms


def packets_pdf(
    packets: Sequence[IntakePacket],
    agency: AgencyDetails,
    printed_at: datetime,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes | None:
    """Every packet in one PDF, each form numbering its own pages; None if cancelled."""
    total = len(packets)
    if not total:
        raise ValueError("No packets to print.")
    forms: list[tuple[list[Flowable], PageFrame]] = []
    first_form_of: dict[int, int] = {}  # form index -> how many packets come before it
    for done, packet in enumerate(packets):
        first_form_of[len(forms)] = done
        forms.extend(packet_forms(packet, agency, printed_at))

    def on_form_start(index: int) -> None:
        if index in first_form_of:
            if cancelled is not None and cancelled():
                raise _Stop
            if progress is not None:
                progress(first_form_of[index], total)

    title = f"Intake and consent packets, {total} client{'s' if total > 1 else ''}"
    try:
        pdf = framed_forms(forms, title=title, on_form_start=on_form_start)
    except _Stop:
        return None
    if progress is not None:
        progress(total, total)
    return pdf


def packet_pdfs(
    packets: Sequence[IntakePacket],
    agency: AgencyDetails,
    printed_at: datetime,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[bytes] | None:
    """One PDF per packet, in order (to save per client); None if cancelled."""
    total = len(packets)
    pdfs = []
    for done, packet in enumerate(packets):
        if cancelled is not None and cancelled():
            return None
        if progress is not None:
            progress(done, total)
        title = f"Intake and consent packet {packet.client.number}"
        pdfs.append(framed_forms(packet_forms(packet, agency, printed_at), title=title))
    if progress is not None:
        progress(total, total)
    return pdfs
