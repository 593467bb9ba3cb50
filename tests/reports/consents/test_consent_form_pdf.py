"""Consent to services and release of information, filled and blank with fields."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.common.errors import ValidationError
from domain.settings.office_settings import UNNAMED_AGENCY
from reports.consents.consent_form_pdf import (
    UNTIL_SERVICES_END,
    blank_release_of_information_pdf,
    blank_services_consent_pdf,
    release_of_information_pdf,
    services_consent_pdf,
)
from reports.consents.wording import INFORMATION_KINDS
from tests.reports.form_reading import drawn, fields, reader, widgets_on_their_pages
from tests.reports.sample_records import PRINTED_AT, agency, client, release, services_consent

AGENCY_CONTACT = (
    "Riverside Family Services, 1200 Harbor Avenue, Suite 3, Springfield, OR 97477, "
    "phone (541) 555-0142"
)
CLIENT_FIELDS = {"client_name", "client_date_of_birth", "client_number"}
SIGNATURE_FIELDS = {
    f"signature_{who}_{what}" for who in ("client", "staff") for what in ("date", "printed_name")
}


def _one_line(pdf: bytes) -> str:
    """The text of every page with its lines joined, to find wrapped sentences."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader(pdf).pages)


@pytest.fixture(scope="module")
def services() -> str:
    pdf = services_consent_pdf(
        client(), agency(), PRINTED_AT, consent=services_consent(), staff_name="Tamara Brooks"
    )
    assert len(reader(pdf).pages) == 1
    return drawn(pdf)


def test_consent_to_services_names_the_client_and_the_terms(services):
    for expected in ("Nguyễn Thị Ánh", "07/09/1986", "C000042", "03/10/2025"):
        assert expected in services
    assert "When services end, unless withdrawn sooner" in services
    assert "Signed on paper" in services


def test_consent_to_services_says_what_services_are_and_how_information_is_kept(services):
    for heading in (
        "The services",
        "How your information is used",
        "How it is protected",
        "Your right to withdraw",
    ):
        assert heading in services
    assert "I agree to receive services from Riverside Family Services" in services


def test_consent_to_services_has_signature_lines(services):
    for expected in (
        "Client or legal representative signature",
        "Staff witness signature",
        "Date",
        "Printed name",
        "Tamara Brooks",
    ):
        assert expected in services


def test_consent_to_services_for_signing_before_any_record():
    text = drawn(services_consent_pdf(client(), agency(), PRINTED_AT))
    assert "Client or legal representative signature" in text
    assert "REVOKED" not in text and "EXPIRED" not in text


def test_the_blank_consent_to_services_is_one_page_of_fields():
    pdf = blank_services_consent_pdf(agency(), PRINTED_AT)
    assert len(reader(pdf).pages) == 1
    expected = CLIENT_FIELDS | SIGNATURE_FIELDS
    expected |= {"consent_method", "consent_signed_on", "consent_expires_on"}
    assert set(fields(pdf)) == expected
    assert set(fields(pdf)["consent_method"]["/_States_"]) == {"/paper", "/verbal", "/Off"}
    assert "Staff witness signature" in drawn(pdf)


@pytest.fixture(scope="module")
def roi() -> bytes:
    return release_of_information_pdf(client(), release(), agency(), PRINTED_AT)


def test_the_release_carries_every_element_42_cfr_2_31_asks_for(roi):
    assert "Nguyễn Thị Ánh" in drawn(roi)
    text = _one_line(roi)
    elements = {
        "the client": "Nguyễn Thị Ánh",
        "who discloses": AGENCY_CONTACT,
        "the recipient": "Springfield Housing Authority, 400 Main Street, Springfield, OR 97477",
        "the purpose": "To apply for emergency rental assistance.",
        "how much and what kind": "Income and benefits; Housing history",
        "effective date": "EFFECTIVE FROM 03/10/2025",
        "expiry": "03/10/2026",
        "the right to revoke": "You may revoke this authorization at any time",
        "how to revoke": f"To revoke it, write to or tell {AGENCY_CONTACT}",
        "not a condition of services": "will not make your treatment, payment, enrollment or "
        "eligibility for services depend on whether you sign",
        "signature": "Client or authorized representative signature",
        "date": "Date",
    }
    missing = [name for name, words in elements.items() if words not in text]
    assert missing == []


def test_a_release_without_an_expiry_date_ends_at_an_event():
    pdf = release_of_information_pdf(client(), release(expires_on=None), agency(), PRINTED_AT)
    assert UNTIL_SERVICES_END in drawn(pdf)
    event = release(expires_on=None, expiry_event="When the housing case closes")
    pdf = release_of_information_pdf(client(), event, agency(), PRINTED_AT)
    assert "When the housing case closes" in drawn(pdf)


@pytest.mark.parametrize(
    "changes, notice",
    [
        (dict(revoked_on=date(2025, 3, 12), revoked_by="mrivera"), "REVOKED on 03/12/2025"),
        (dict(expires_on=date(2025, 3, 13)), "EXPIRED on 03/13/2025"),
        (dict(effective_on=date(2025, 4, 1)), "Not in effect until 04/01/2025"),
    ],
)
def test_a_release_that_does_not_hold_says_so_at_the_top(changes, notice):
    pdf = release_of_information_pdf(client(), release(**changes), agency(), PRINTED_AT)
    assert notice in drawn(pdf).split("1 · Client")[0]


def test_the_blank_release_has_a_field_for_each_element():
    pdf = blank_release_of_information_pdf(agency(), PRINTED_AT)
    names = set(fields(pdf))
    information = {f"information_{key}" for key, _ in INFORMATION_KINDS} | {"information_other"}
    assert names == CLIENT_FIELDS | SIGNATURE_FIELDS | information | {
        "recipient",
        "purpose",
        "consent_effective_on",
        "consent_ends",
    }
    assert fields(pdf)["information_substance_use"]["/FT"] == "/Btn"
    text = _one_line(pdf)
    assert AGENCY_CONTACT in text  # who discloses is printed, never left to fill
    assert "Client or authorized representative signature" in text
    assert widgets_on_their_pages(pdf)


@pytest.mark.parametrize(
    "build",
    [
        lambda named: services_consent_pdf(client(), named, PRINTED_AT),
        lambda named: blank_services_consent_pdf(named, PRINTED_AT),
        lambda named: release_of_information_pdf(client(), release(), named, PRINTED_AT),
        lambda named: blank_release_of_information_pdf(named, PRINTED_AT),
    ],
    ids=["services", "blank services", "release", "blank release"],
)
def test_no_consent_form_is_laid_out_before_the_agency_is_named(build):
    """The legal text would name the placeholder as who discloses and who serves."""
    unnamed = replace(agency(), name=UNNAMED_AGENCY)
    with pytest.raises(ValidationError) as refused:
        build(unnamed)
    assert "Settings" in refused.value.errors["agency_name"]


def test_a_recorded_release_names_the_discloser_it_was_recorded_with():
    """The agency renamed since: the copy still says who the client authorised."""
    renamed = replace(agency(), name="Riverside Community Services")
    pdf = release_of_information_pdf(
        client(), release(discloser="Riverside Family Services"), renamed, PRINTED_AT
    )
    text = _one_line(pdf)
    assert f"Name and address {AGENCY_CONTACT}".upper() in text.upper()
    assert "I authorize Riverside Family Services to disclose" in text
    assert "I authorize Riverside Community Services" not in text
