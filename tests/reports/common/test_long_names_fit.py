"""A name as long as a person may have fits every printed form: in the header,
the footer and the body, nothing runs past the margins or over other text.

The longest names the client record accepts (100 characters each for the given
and family name) are printed on every form, in Latin, Arabic and Chinese; the
PDF is read back with each string's box on the page (tests/reports/drawn_text.py).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import replace
from functools import cache

import pytest

from domain.common.field_rules import MAX_NAME_LENGTH, clean_name
from domain.plans.document import PlanDocument
from reports.clients.face_sheet_pdf import face_sheet_pdf
from reports.clients.intake_form_pdf import intake_form_pdf
from reports.clients.intake_packets import packets_pdf
from reports.common.page_frame import MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from reports.consents.consent_form_pdf import release_of_information_pdf, services_consent_pdf
from reports.notes.case_notes_pdf import case_notes_pdf
from reports.plans.service_plan_pdf import service_plan_pdf
from reports.referrals.referral_letter_pdf import referral_letter_pdf
from tests.reports.drawn_text import DrawnRun, drawn_runs
from tests.reports.plans.test_service_plan_pdf import plan
from tests.reports.sample_records import (
    PRINTED_AT,
    agency,
    client,
    packet,
    referral_letter,
    release,
    services_consent,
    signed_notes,
)

AGENCY = agency().name


def _cut(words: str, length: int) -> str:
    """``words`` repeated and cut to ``length`` characters, ending in a letter."""
    text = (words * (length // len(words) + 1))[:length].rstrip(" -")
    return text + text[-1] * (length - len(text))


_LATIN = "Wolfeschlegelsteinhausen Maximiliana-Evangelina Bartholomew "
_LATIN_FAMILY = "Featherstonehaugh-Cholmondeley Ashburnham "
_ARABIC = "عبد الرحمن محمد الهاشمي "
_ARABIC_FAMILY = "آل عبد العزيز القحطاني "
_CHINESE = "欧阳王秀英李明华张伟刘洋"

# (given name, family name): 75 characters in all, and the longest allowed of each.
NAMES = {
    "latin, 75": (_cut(_LATIN, 37), _cut(_LATIN_FAMILY, 37)),
    "arabic, 75": (_cut(_ARABIC, 37), _cut(_ARABIC_FAMILY, 37)),
    "chinese, 75": (_cut(_CHINESE, 37), _cut(_CHINESE[::-1], 37)),
    "latin, 100 + 100": (_cut(_LATIN, MAX_NAME_LENGTH), _cut(_LATIN_FAMILY, MAX_NAME_LENGTH)),
    "arabic, 100 + 100": (_cut(_ARABIC, MAX_NAME_LENGTH), _cut(_ARABIC_FAMILY, MAX_NAME_LENGTH)),
    "chinese, 100 + 100": (_cut(_CHINESE, MAX_NAME_LENGTH), _cut(_CHINESE, MAX_NAME_LENGTH)),
}


def _plan_pdf(record):
    document = PlanDocument(record, plan(), "Rapid rehousing", "K000007", "Maria Garcia")
    return service_plan_pdf(document, agency(), PRINTED_AT)


FORMS = {
    "intake form": lambda record: intake_form_pdf(packet(record), agency(), PRINTED_AT),
    "face sheet": lambda record: face_sheet_pdf(record, agency(), PRINTED_AT),
    "consent to services": lambda record: services_consent_pdf(
        record, agency(), PRINTED_AT, consent=services_consent(), staff_name="Tamara Brooks"
    ),
    "release of information": lambda record: release_of_information_pdf(
        record, release(), agency(), PRINTED_AT, staff_name="Tamara Brooks"
    ),
    "service plan": _plan_pdf,
    "referral letter": lambda record: referral_letter_pdf(referral_letter(record), PRINTED_AT),
    "case notes": lambda record: case_notes_pdf(signed_notes(8, record), agency(), PRINTED_AT),
    "intake packets": lambda record: packets_pdf(
        [packet(record), packet(client(id=50, first_name="Zoë", last_name="Bùi"))],
        agency(),
        PRINTED_AT,
    ),
}


@cache
def printed(form: str, name: str) -> tuple[str, list[list[DrawnRun]]]:
    first, last = NAMES[name]
    record = client(first_name=first, last_name=last)
    return record.display_name, drawn_runs(FORMS[form](record))


CASES = [(form, name) for form in FORMS for name in NAMES]


def test_the_names_are_ones_the_record_accepts():
    for first, last in NAMES.values():
        assert clean_name(first, required=True) == first
        assert clean_name(last, required=True) == last
    assert {len(first) + 1 + len(last) for first, last in NAMES.values()} == {75, 201}


def _inside_the_margins(pages: list[list[DrawnRun]]) -> None:
    for number, runs in enumerate(pages, start=1):
        for run in runs:
            assert run.box.inside(MARGIN, MARGIN, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN), (
                f"page {number}: {run.text[:40]!r} at {run.box} runs past the margins"
            )


def _nothing_overprinted(pages: list[list[DrawnRun]]) -> None:
    for number, runs in enumerate(pages, start=1):
        ordered = sorted(runs, key=lambda run: run.box.bottom)
        for index, run in enumerate(ordered):
            for other in ordered[index + 1 :]:
                if other.box.bottom >= run.box.top:
                    break
                assert not run.box.overlaps(other.box), (
                    f"page {number}: {run.text[:40]!r} overprints {other.text[:40]!r}"
                )


@pytest.mark.parametrize(("form", "name"), CASES)
def test_all_text_stays_inside_the_margins(form, name):
    _inside_the_margins(printed(form, name)[1])


@pytest.mark.parametrize(("form", "name"), CASES)
def test_no_text_is_drawn_over_other_text(form, name):
    _nothing_overprinted(printed(form, name)[1])


def test_a_long_agency_name_and_address_wrap_in_the_letterhead():
    long = replace(
        agency(),
        name=_cut("Interfaith Community Action Council of Greater Springfield ", 150),
        address_lines=(_cut("Building 7, 1200 Harbor Avenue Northeast, Suite 300 ", 100),),
    )
    first, last = NAMES["latin, 100 + 100"]
    pages = drawn_runs(face_sheet_pdf(client(first_name=first, last_name=last), long, PRINTED_AT))
    _inside_the_margins(pages)
    _nothing_overprinted(pages)


def _furniture(runs: list[DrawnRun]) -> list[DrawnRun]:
    """The letterhead and footer: drawn after the body, from the agency's name on."""
    starts = [index for index, run in enumerate(runs) if run.text.startswith(AGENCY)]
    return runs[starts[-1] :]


def _letters(text: str) -> Counter:
    """Letters as typed: Arabic drawn as presentation forms count as their letters."""
    return Counter(char for char in unicodedata.normalize("NFKC", text) if not char.isspace())


@pytest.mark.parametrize(("form", "name"), CASES)
def test_the_header_and_footer_of_every_page_print_the_whole_name(form, name):
    display_name, pages = printed(form, name)
    theirs = 0
    for number, runs in enumerate(pages, start=1):
        furniture = "".join(run.text for run in _furniture(runs))
        assert "Printed 03/14/2025 09:41" in furniture and "Page " in furniture
        if "C000042" not in furniture:
            continue  # another client's form in the packets
        theirs += 1
        if name.startswith("arabic"):
            # Drawn right to left, line by line: every letter is there twice.
            twice = Counter({char: 2 * n for char, n in _letters(display_name).items()})
            assert not twice - _letters(furniture), f"page {number}"
        else:
            # Lines break at spaces, which are not drawn at the end of a line.
            whole = "".join(display_name.split())
            assert "".join(furniture.split()).count(whole) == 2, f"page {number}"
    assert theirs
