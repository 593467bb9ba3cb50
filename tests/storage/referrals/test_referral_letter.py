"""The referral letter prints only what the client's release allows, read back
from the PDF, on both databases."""

from __future__ import annotations

import pytest

from domain.common.errors import ConsentRequired, ValidationError
from domain.consents.consent import RevocationForm
from domain.settings.office_settings import AgencyForm
from reports.referrals.referral_letter_pdf import referral_letter_pdf
from tests.reports.form_reading import drawn, reader
from tests.storage.referrals.test_referrals import Office, release


@pytest.fixture
def office(services, admin, make_staff):
    services.settings.set_agency_details(
        admin, AgencyForm("Miami Valley Family Services", "1 River Rd\nDayton, OH", "937-555-0000")
    )
    return Office(services, admin, make_staff)


def text_of(pdf: bytes) -> str:
    return " ".join(drawn(pdf).split())


def test_only_the_released_kinds_of_information_are_printed(office, clock):
    consent = office.services.consents.record(
        office.worker, office.client.id, release(information=("contact",))
    )
    referral = office.refer()
    letter = office.services.referrals.letter(office.worker, referral.id)
    pdf = referral_letter_pdf(letter, clock())
    text = text_of(pdf)
    assert len(reader(pdf).pages) == 1
    for shown in (
        "Referral to St. Vincent Food Pantry",
        "Amara Okafor",
        "7 Elm Street",
        "(937) 555-0199",
        "Family of four without groceries this week",
        "Caseworker: Jamie Chen",
        "Miami Valley Family Services",
        "(937) 555-0000",
        "which covers: name and contact details",
    ):
        assert shown in text, shown
    # Not released: the date of birth (demographics) is not printed.
    assert "03/04/1980" not in text and "Date of birth" not in text

    office.services.consents.revoke(
        office.worker, consent.id, consent.version, RevocationForm("11/23/2026", "Phoned")
    )
    with pytest.raises(ConsentRequired):
        office.services.referrals.letter(office.worker, referral.id)
    office.services.consents.record(
        office.worker, office.client.id, release(information=("demographics",))
    )
    text = text_of(
        referral_letter_pdf(office.services.referrals.letter(office.worker, referral.id), clock())
    )
    assert "Date of birth: 03/04/1980" in text
    assert "7 Elm Street" not in text and "(937) 555-0199" not in text


def test_a_self_referral_has_no_letter(office):
    referral = office.refer(self_referral=True)
    with pytest.raises(ValidationError) as refused:
        office.services.referrals.letter(office.worker, referral.id)
    assert "letter" in refused.value.errors
