"""Printed forms write each client's name in the order their culture uses:
王秀英 family name first and unspaced, a Latin name given name first."""

from __future__ import annotations

import pytest

from reports.clients.face_sheet_pdf import face_sheet_pdf
from reports.clients.intake_form_pdf import intake_form_pdf
from reports.consents.consent_form_pdf import services_consent_pdf
from tests.reports.drawn_text import drawn_runs, page_text
from tests.reports.sample_records import PRINTED_AT, agency, client, packet

FORMS = {
    "face sheet": lambda record: face_sheet_pdf(record, agency(), PRINTED_AT),
    "intake form": lambda record: intake_form_pdf(packet(record), agency(), PRINTED_AT),
    "consent to services": lambda record: services_consent_pdf(record, agency(), PRINTED_AT),
}


def drawn(pdf: bytes) -> str:
    return "\n".join(page_text(runs) for runs in drawn_runs(pdf))


def person(first: str, last: str, order: str | None = None):
    return client(first_name=first, last_name=last, preferred_name=None, name_order=order)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_chinese_name_prints_family_name_first_without_a_space(form):
    text = drawn(FORMS[form](person("秀英", "王")))
    assert text.count("王秀英") >= 3  # the body, the page header and the footer
    assert "秀英 王" not in text and "秀英王" not in text and "王 秀英" not in text


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_latin_name_still_prints_given_name_first(form):
    text = drawn(FORMS[form](person("Ana", "Diaz")))
    assert text.count("Ana Diaz") >= 3
    assert "Diaz Ana" not in text


def test_a_chosen_order_prints_as_chosen():
    text = drawn(face_sheet_pdf(person("Xiuying", "Wang", "family_first"), agency(), PRINTED_AT))
    assert "Wang Xiuying" in text and "Xiuying Wang" not in text


def test_a_person_with_one_name_prints_it_alone():
    text = drawn(intake_form_pdf(packet(person("Ahmad", "")), agency(), PRINTED_AT))
    assert "Ahmad" in text
    assert " Ahmad ·" not in text and "Ahmad  " not in text and ", Ahmad" not in text
