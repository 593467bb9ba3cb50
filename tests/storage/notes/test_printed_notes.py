"""Printing a case's notes: signed notes in a date range, as the reader may read
them, oldest first, with addenda; on both databases, read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from domain.common.errors import PermissionDenied, ValidationError
from reports.notes.case_notes_pdf import case_notes_pdf
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.storage.notes.test_case_notes import PHONE, signed_note

PRINTED_AT = datetime(2026, 11, 23, 15, 0).astimezone()


@pytest.fixture
def office(services, admin, make_staff):
    office = make_office(services, admin, make_staff)
    office.case = intake_case(services, office, "Amara")
    assign(services, office, office.case, office.maria)
    return office


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def test_notes_print_in_a_range_with_addenda_and_no_drafts(services, office, admin):
    maria = office.maria
    early = signed_note(services, maria, office.case, replace(PHONE, contact_date="11/02/2026"))
    services.notes.add_addendum(maria, early.id, "Correction: the landlord is Mr. Diallo.")
    signed_note(
        services,
        maria,
        office.case,
        replace(PHONE, contact_date="11/20/2026", narrative="Home visit planned for Friday."),
    )
    services.notes.start_draft(maria, office.case, replace(PHONE, narrative="Half a thought"))

    whole = services.printing.notes_document(maria, office.case)
    assert [n.values.contact_on.day for n in whole.notes] == [2, 20]  # oldest first, signed only
    text = text_of(case_notes_pdf(whole, services.printing.letterhead(maria).agency, PRINTED_AT))
    assert "Called about the rent arrears" in text
    assert "Addendum 1 by mgarcia" in text and "Mr. Diallo" in text
    assert "Half a thought" not in text
    assert "2 signed notes, from the first note to the last" in text

    later = services.printing.notes_document(maria, office.case, "11/10/2026", "")
    assert [n.values.contact_on.day for n in later.notes] == [20]
    with pytest.raises(ValidationError) as backwards:
        services.printing.notes_document(maria, office.case, "11/20/2026", "11/01/2026")
    assert "ends before it starts" in backwards.value.errors["to_on"]
    with pytest.raises(ValidationError) as empty:
        services.printing.notes_document(maria, office.case, "01/01/2026", "01/31/2026")
    assert "No signed notes" in empty.value.errors["from_on"]


def test_confidential_notes_print_only_for_who_may_read_them(services, office):
    maria, jamie, supervisor = office.maria, office.jamie, office.supervisor
    signed_note(services, maria, office.case, replace(PHONE, confidential=True))
    signed_note(services, maria, office.case, replace(PHONE, narrative="An ordinary call."))
    assert len(services.printing.notes_document(maria, office.case).notes) == 2
    assign(services, office, office.case, jamie)  # Maria leaves; Jamie takes the case
    [shown] = services.printing.notes_document(jamie, office.case).notes
    assert shown.values.narrative == "An ordinary call."
    assert len(services.printing.notes_document(supervisor, office.case).notes) == 2
    with pytest.raises(PermissionDenied):  # no longer on Maria's caseload
        services.printing.notes_document(maria, office.case)
