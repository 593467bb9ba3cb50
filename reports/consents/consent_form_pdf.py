"""Consent to services and release of information: each filled from the record,
or blank with fillable fields for paper. Wording: reports/consents/wording.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from reportlab.platypus import Flowable, Spacer

from domain.clients.face_sheet import face_sheet
from domain.clients.record import ClientRecord
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from domain.consents.consent import Consent, ConsentKind, ConsentMethod
from domain.settings.agency import AgencyDetails
from domain.settings.office_settings import FORM_NEEDS_AGENCY_NAME, agency_is_named
from domain.signatures.signature import Signature
from reports.common.form_parts import (
    Box,
    Signer,
    agency_text,
    box_rows,
    form_title,
    notice_band,
    para,
    section,
    signature_lines,
    tick_columns,
    tick_line,
)
from reports.common.page_frame import BODY_WIDTH, client_frame, framed_pdf
from reports.consents.wording import (
    INFORMATION_KINDS,
    agency_contact,
    release_agreement,
    release_rights,
    services_agreement,
    services_text,
)
from reports.signatures.drawing import signed_on_screen

SERVICES_TITLE = ConsentKind.SERVICES.label
RELEASE_TITLE = ConsentKind.RELEASE.label  # in the letterhead; the form says it in full
RELEASE_HEADING = "Authorization to release information"
UNTIL_SERVICES_END = "When the client's services with the agency end"


def _named(agency: AgencyDetails) -> AgencyDetails:
    """The legal text says who gives services and who discloses: never the placeholder."""
    if not agency_is_named(agency):
        raise ValidationError({"agency_name": FORM_NEEDS_AGENCY_NAME})
    return agency


def _client_rows(client: ClientRecord | None, today: date) -> list[list[Box]]:
    facts: dict[str, str] = {}
    if client is not None:
        sheet = face_sheet(client, today)
        facts = {label: value for _, pairs in sheet.facts for label, value in pairs}
    return [
        [
            Box("Client name", "client_name", 6, facts.get("Name", "")),
            Box("Date of birth", "client_date_of_birth", 3, facts.get("Date of birth", "")),
            Box("Client no.", "client_number", 3, client.number if client else ""),
        ]
    ]


def _status_notice(consent: Consent | None, today: date) -> list[Flowable]:
    """Printing a consent that no longer holds must say so at the top."""
    if consent is None:
        return []
    status = consent.status_on(today)
    if status == "revoked":
        by = f" (recorded by {consent.revoked_by})" if consent.revoked_by else ""
        text = f"REVOKED on {format_date(consent.revoked_on)}{by}: this consent no longer holds."
    elif status == "expired":
        text = f"EXPIRED on {format_date(consent.expires_on)}: this consent no longer holds."
    elif status == "not yet in effect":
        text = f"Not in effect until {format_date(consent.effective_on)}."
    else:
        return []
    return notice_band(text)


def _signers(client: ClientRecord | None, staff_name: str, *, client_role: str) -> list[Signer]:
    return [
        Signer(client_role, "signature_client", client.display_name if client else ""),
        Signer("Staff witness", "signature_staff", staff_name),
    ]


def _signed(
    signatures: Sequence[Signature], signers: list[Signer], *, blank: bool
) -> list[Flowable]:
    """Signed on screen, the drawings take the place of the lines to sign."""
    if signatures:
        return signed_on_screen(signatures)
    return [signature_lines(signers, blank=blank)]


def _method_ticks(consent: Consent | None, *, blank: bool) -> Flowable:
    """How the consent was given. A pad signature cannot be given on paper, so
    "Signed on screen" is printed only on the copy of a consent that was."""
    half = BODY_WIDTH / 2
    on_screen = consent is not None and consent.method == ConsentMethod.SCREEN
    methods = [m for m in ConsentMethod if on_screen or m != ConsentMethod.SCREEN]
    return tick_columns(
        [
            tick_line(
                method.label,
                half,
                ticked=consent is not None and consent.method == method,
                group="consent_method" if blank else None,
                value=method.value,
                tooltip=method.label,
            )
            for method in methods
        ]
    )


def services_consent_story(
    client: ClientRecord | None,
    agency: AgencyDetails,
    today: date,
    *,
    consent: Consent | None = None,
    staff_name: str = "",
    signatures: Sequence[Signature] = (),
) -> list[Flowable]:
    """The form's body; ``client`` None is the blank form, ``consent`` None unsigned."""
    agency = _named(agency)
    blank = client is None
    signed = expires = ""
    if consent is not None:
        signed = format_date(consent.signed_on)
        expires = format_date(consent.expires_on) or "When services end, unless withdrawn sooner"
    lead = (
        "Please read this form, or have it read to you, before you sign. Ask us about "
        "anything that is not clear."
    )
    terms = box_rows(
        [
            [
                Box("Signed or given on", "consent_signed_on", 4, signed),
                Box("Ends on (blank: when services end)", "consent_expires_on", 8, expires),
            ]
        ],
        blank=blank,
    )
    return [
        *form_title(SERVICES_TITLE, lead),
        *_status_notice(consent, today),
        *section("1 · Client", box_rows(_client_rows(client, today), blank=blank)),
        *section("2 · What you agree to", *agency_text(services_text(agency)), keep=False),
        *section(
            "3 · Consent",
            para(services_agreement(agency), "body", BODY_WIDTH),
            Spacer(1, 2),
            _method_ticks(consent, blank=blank),
            terms,
            Spacer(1, 8),
            *_signed(
                signatures,
                _signers(client, staff_name, client_role="Client or legal representative"),
                blank=blank,
            ),
        ),
    ]


def _information(consent: Consent | None, *, blank: bool) -> list[Flowable]:
    """What may be disclosed: ticks and "other" on paper, the recorded words when filled."""
    if not blank:
        text = "; ".join(kind.label for kind in consent.information_kinds) if consent else ""
        return [box_rows([[Box("Information to disclose", "information", 12, text)]], blank=False)]
    half = BODY_WIDTH / 2
    ticks = [
        tick_line(text, half, field=f"information_{key}", tooltip=text)
        for key, text in INFORMATION_KINDS
    ]
    other = box_rows([[Box("Other (describe)", "information_other", 12, lines=2)]], blank=True)
    return [tick_columns(ticks), other]


def release_story(
    client: ClientRecord | None,
    agency: AgencyDetails,
    today: date,
    *,
    consent: Consent | None = None,
    staff_name: str = "",
    signatures: Sequence[Signature] = (),
) -> list[Flowable]:
    """The release's body; ``client`` None is the blank form. A recorded release
    names the discloser it was recorded with, as the client signed it."""
    agency = _named(agency)
    if consent is not None and consent.discloser:
        agency = replace(agency, name=consent.discloser)
    blank = client is None
    recipient = purpose = ends = effective = ""
    if consent is not None:
        recipient, purpose = consent.recipient, consent.purpose
        ends = format_date(consent.expires_on) or consent.expiry_event or UNTIL_SERVICES_END
        effective = format_date(consent.effective_on)
    lead = (
        "A written consent to disclose information under 42 CFR § 2.31 and HIPAA. Every part "
        "must be complete, or the release is not valid."
    )
    # The agency printing the form is the one that discloses: printed, never a field.
    discloser = box_rows(
        [[Box("Name and address", "discloser", 12, agency_contact(agency))]], blank=False
    )
    rows_recipient = [
        [Box("Person or organisation, and their address", "recipient", 12, recipient, 2)]
    ]
    ending = [
        [
            Box("Effective from", "consent_effective_on", 4, effective),
            Box("Ends on this date, or at this event or condition", "consent_ends", 8, ends),
        ]
    ]
    return [
        *form_title(RELEASE_HEADING, lead),
        *_status_notice(consent, today),
        *section(
            "1 · Client whose information is released",
            box_rows(_client_rows(client, today), blank=blank),
        ),
        *section("2 · Who may disclose it", discloser),
        *section("3 · Who may receive it", box_rows(rows_recipient, blank=blank)),
        *section(
            "4 · Why: the purpose of the disclosure",
            box_rows([[Box("Purpose", "purpose", 12, purpose, 2)]], blank=blank),
        ),
        *section("5 · What information, and how much", *_information(consent, blank=blank)),
        *section("6 · When this authorization ends", box_rows(ending, blank=blank)),
        *section("7 · Your rights", *agency_text(release_rights(agency)), keep=False),
        *section(
            "8 · Signatures",
            para(release_agreement(agency), "body", BODY_WIDTH),
            Spacer(1, 6),
            *_signed(
                signatures,
                _signers(client, staff_name, client_role="Client or authorized representative"),
                blank=blank,
            ),
        ),
    ]


def services_consent_pdf(
    client: ClientRecord,
    agency: AgencyDetails,
    printed_at: datetime,
    *,
    consent: Consent | None = None,
    staff_name: str = "",
    signatures: Sequence[Signature] = (),
) -> bytes:
    """Consent to services for ``client``: to sign, or ``consent`` as recorded;
    ``signatures``: those drawn on screen, printed from their strokes."""
    story = services_consent_story(
        client,
        agency,
        printed_at.date(),
        consent=consent,
        staff_name=staff_name,
        signatures=signatures,
    )
    return framed_pdf(story, client_frame(SERVICES_TITLE, client, agency, printed_at))


def blank_services_consent_pdf(agency: AgencyDetails, printed_at: datetime) -> bytes:
    story = services_consent_story(None, agency, printed_at.date())
    return framed_pdf(story, client_frame(SERVICES_TITLE, None, agency, printed_at))


def release_of_information_pdf(
    client: ClientRecord,
    consent: Consent,
    agency: AgencyDetails,
    printed_at: datetime,
    *,
    staff_name: str = "",
    signatures: Sequence[Signature] = (),
) -> bytes:
    """The release ``consent`` records, for ``client`` to sign or as a copy."""
    story = release_story(
        client,
        agency,
        printed_at.date(),
        consent=consent,
        staff_name=staff_name,
        signatures=signatures,
    )
    return framed_pdf(story, client_frame(RELEASE_TITLE, client, agency, printed_at))


def blank_release_of_information_pdf(agency: AgencyDetails, printed_at: datetime) -> bytes:
    story = release_story(None, agency, printed_at.date())
    return framed_pdf(story, client_frame(RELEASE_TITLE, None, agency, printed_at))
