"""Clients and an agency to print, for the report tests and the benchmark."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

from PIL import Image, ImageDraw

from domain.assessments.assessment import Assessment, AssessmentKind, LifeDomain
from domain.cases.case import CaseStatus, CaseSummary
from domain.cases.programs import Program
from domain.clients.hmis import (
    DobQuality,
    RaceEthnicity,
    RelationshipToHead,
    Sex,
    SsnQuality,
    YesNo,
)
from domain.clients.households import HouseholdMember
from domain.clients.record import ClientRecord, ClientSummary
from domain.consents.consent import Consent, ConsentKind, ConsentMethod, InformationKind
from domain.notes.document import NotesDocument
from domain.notes.note import ContactType, Note, NoteValues, fingerprint
from domain.printing.intake_packet import IntakePacket
from domain.referrals.referral import Referral, ReferralLetter, ReferralMethod, ReferralStatus
from domain.referrals.resources import Resource, ResourceCategory
from domain.settings.agency import AgencyDetails

PRINTED_AT = datetime(2025, 3, 14, 9, 41)


def logo_png() -> bytes:
    """A small two-colour logo, made here so no image file is shipped for tests."""
    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 116, 116), fill=(29, 92, 99, 255))
    draw.rectangle((38, 30, 82, 90), fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def agency(*, logo: bool = True) -> AgencyDetails:
    return AgencyDetails(
        name="Riverside Family Services",
        address_lines=("1200 Harbor Avenue, Suite 3", "Springfield, OR 97477"),
        phone="(541) 555-0142",
        logo_png=logo_png() if logo else None,
    )


def client(**changes) -> ClientRecord:
    values = dict(
        id=42,
        first_name="Nguyễn Thị",
        last_name="Ánh",
        middle_name=None,
        preferred_name="Annie",
        date_of_birth=date(1986, 7, 9),
        dob_quality=DobQuality.FULL,
        ssn_last4="6789",
        ssn_quality=SsnQuality.FULL,
        race_ethnicity=frozenset({RaceEthnicity.ASIAN}),
        sex=Sex.FEMALE,
        veteran_status=YesNo.NO,
        disabling_condition=YesNo.YES,
        phone="(541) 555-0199",
        phone_digits="5415550199",
        email="anh.nguyen@example.org",
        address_line1="77 Willow Street",
        address_line2="Apt 4 & 5",
        city="Springfield",
        state="OR",
        postal_code="97477",
        language="Vietnamese",
        interpreter_needed=True,
        emergency_name="Zoë Bùi",
        emergency_relationship="Sister",
        emergency_phone="(541) 555-0110",
        created_at=datetime(2024, 11, 2, 10, 0),
        created_by="tbrooks",
        updated_at=datetime(2025, 2, 20, 15, 30),
        updated_by="mrivera",
    )
    values.update(changes)
    return ClientRecord(**values)


# An intake packet: household, initial assessment, program, case and consents.


def member(record: ClientRecord, relationship: RelationshipToHead | None) -> HouseholdMember:
    summary = ClientSummary(
        id=record.id,
        first_name=record.first_name,
        last_name=record.last_name,
        date_of_birth=record.date_of_birth,
        phone=record.phone,
        updated_at=datetime(2025, 1, 5, 12, 0),
        name_order=record.name_order,
    )
    return HouseholdMember(summary, relationship)


def household(head: ClientRecord) -> tuple[HouseholdMember, ...]:
    son = client(id=43, first_name="Minh", last_name="Trần", date_of_birth=date(2014, 5, 2))
    return (member(head, RelationshipToHead.SELF), member(son, RelationshipToHead.CHILD))


def initial_assessment() -> Assessment:
    return Assessment(
        assessed_on=date(2025, 3, 10),
        kind=AssessmentKind.INITIAL,
        scores=(
            (LifeDomain.HOUSING, 1, "Eviction notice for 03/31; two months behind on rent"),
            (LifeDomain.INCOME, 2, "Part-time wages only"),
            (LifeDomain.FOOD, 3, ""),
            (LifeDomain.HEALTH, 4, "Sees her doctor regularly"),
            (LifeDomain.SUPPORT_NETWORK, 5, "Sister nearby"),
        ),
        strengths="Sister nearby helps with childcare.\nTen years' work as a seamstress.",
        needs="Rent arrears paid before 03/31.\nA bus pass for job interviews.",
        id=1,
        version=1,
        client_id=42,
        case_id=7,
        recorded_by="mrivera",
        recorded_at=datetime(2025, 3, 10, 11, 0),
    )


def services_consent(**changes) -> Consent:
    values = dict(
        kind=ConsentKind.SERVICES,
        method=ConsentMethod.PAPER,
        signed_on=date(2025, 3, 10),
        effective_on=date(2025, 3, 10),
        expires_on=None,
        id=5,
        client_id=42,
        recorded_by="tbrooks",
    )
    values.update(changes)
    return Consent(**values)


def release(**changes) -> Consent:
    values = dict(
        kind=ConsentKind.RELEASE,
        method=ConsentMethod.PAPER,
        signed_on=date(2025, 3, 10),
        effective_on=date(2025, 3, 10),
        expires_on=date(2026, 3, 10),
        recipient="Springfield Housing Authority, 400 Main Street, Springfield, OR 97477",
        purpose="To apply for emergency rental assistance.",
        information="income,housing",
        id=6,
        client_id=42,
        recorded_by="tbrooks",
    )
    values.update(changes)
    return Consent(**values)


def packet(record: ClientRecord | None = None, **changes) -> IntakePacket:
    record = record or client()
    values = dict(
        client=record,
        household=household(record),
        assessment=initial_assessment(),
        program=Program(3, 1, "Rental assistance", "Help with rent and deposits", 90, True),
        case=CaseSummary(
            7,
            1,
            record.id,
            3,
            "Rental assistance",
            CaseStatus.INTAKE,
            None,
            "",
            date(2025, 3, 10),
            None,
        ),
        services_consent=services_consent(client_id=record.id),
        releases=(release(client_id=record.id),),
        staff_name="Tamara Brooks",
    )
    values.update(changes)
    return IntakePacket(**values)


def _signed_note(number: int, record: ClientRecord, narrative: str) -> Note:
    values = NoteValues(
        contact_on=date(2025, 1, 2) + timedelta(days=number),
        contact_at=time(9, 30),
        contact_type=ContactType.PHONE,
        duration_minutes=15,
        location="",
        narrative=narrative,
        confidential=False,
        goal_ids=(),
    )
    at = datetime(2025, 1, 2, 10, 0, tzinfo=UTC) + timedelta(days=number)
    return Note(
        id=number + 1,
        version=2,
        case_id=7,
        client_id=record.id,
        client_name=record.display_name,
        author_staff_id=3,
        author="mgarcia",
        values=values,
        signed_at=at,
        signed_by="mgarcia",
        fingerprint=fingerprint(values, case_id=7, author="mgarcia"),
        cosign_required=False,
        cosigned_by="",
        cosigned_at=None,
        created_at=at,
        updated_at=at,
    )


def notes_with(narratives: list[str], record: ClientRecord | None = None) -> NotesDocument:
    """One signed phone note of one case per narrative, in order."""
    record = record or client()
    notes = tuple(_signed_note(n, record, text) for n, text in enumerate(narratives))
    return NotesDocument(record, "K000007", "Rapid rehousing", notes, None, None, {})


def signed_notes(count: int, record: ClientRecord | None = None) -> NotesDocument:
    """``count`` signed phone notes of one case, a page's worth of words each few."""
    narrative = "Purpose of call: rent.\nWhat was discussed: " + "the landlord's letter; " * 12
    return notes_with([narrative] * count, record)


def referral_letter(record: ClientRecord | None = None) -> ReferralLetter:
    """A letter to a food pantry under a release that covers contact details and demographics."""
    record = record or client()
    referral = Referral(
        id=9,
        version=1,
        case_id=7,
        client_id=record.id,
        client_name=record.display_name,
        resource_id=4,
        resource_name="St. Vincent Food Pantry",
        organisation="St. Vincent Food Pantry",
        need=LifeDomain.FOOD,
        goal_id=None,
        reason="Family of four without groceries this week.",
        sent_on=date(2025, 3, 12),
        method=ReferralMethod.EMAIL,
        self_referral=False,
        consent_id=6,
        overridden=False,
        status=ReferralStatus.SENT,
        status_on=date(2025, 3, 12),
        outcome="",
        referred_by_id=3,
        referred_by_name="Maria Garcia",
        caseworker_id=3,
        caseworker_name="Maria Garcia",
    )
    resource = Resource(
        organisation="St. Vincent Food Pantry",
        service="",
        categories=(ResourceCategory.FOOD,),
        address="12 Mill Street\nSpringfield, OR 97477",
        phone="(541) 555-0170",
        id=4,
    )
    return ReferralLetter(
        referral=referral,
        resource=resource,
        client_name=record.display_name,
        client_number=record.number,
        contact_lines=(record.phone or "", record.address_line1 or ""),
        date_of_birth=record.date_of_birth,
        language=record.language,
        need_summary=None,
        information=(InformationKind.CONTACT, InformationKind.DEMOGRAPHICS),
        caseworker_name="Maria Garcia",
        caseworker_phone="(541) 555-0142",
        agency=agency(),
        overridden=False,
    )
