"""Packets for many clients: one PDF or one per client, with progress and cancel."""

from __future__ import annotations

import pytest

from reports.clients.intake_packets import packet_pdfs, packets_pdf
from tests.reports.form_reading import drawn_pages
from tests.reports.sample_records import PRINTED_AT, agency, client, packet

PEOPLE = [
    client(id=42),
    client(id=50, first_name="Наталья", last_name="Смирнова"),
    client(id=51, first_name="Zoë", last_name="Bùi"),
]


def _packets():
    return [packet(person) for person in PEOPLE]


@pytest.fixture(scope="module")
def batch() -> tuple[list[str], list[tuple[int, int]]]:
    """The drawn text of each page of one batch PDF, and the progress it reported."""
    seen: list[tuple[int, int]] = []
    pdf = packets_pdf(_packets(), agency(), PRINTED_AT, progress=lambda *pair: seen.append(pair))
    return drawn_pages(pdf), seen


def test_one_pdf_holds_each_clients_intake_consent_and_release(batch):
    pages, _ = batch
    forms = [(page.split("Client no. ")[1][:7], page) for page in pages]
    for person in PEOPLE:
        own = [page for number, page in forms if number == person.number]
        assert all(person.display_name in page for page in own)
        titles = "".join(own)
        for title in ("INTAKE FORM", "CONSENT TO SERVICES", "RELEASE OF INFORMATION"):
            assert title in titles
    assert len(pages) == 3 * len(own)


def test_each_form_counts_its_own_pages(batch):
    pages, _ = batch
    counters = [page.split("Page ")[-1] for page in pages]
    # Intake two pages, consent one, release two: per client.
    assert counters == ["1 of 2", "2 of 2", "1 of 1", "1 of 2", "2 of 2"] * len(PEOPLE)


def test_progress_counts_packets_up_to_the_total(batch):
    _, seen = batch
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_cancelling_stops_the_batch_and_returns_nothing():
    seen: list[tuple[int, int]] = []
    result = packets_pdf(
        _packets(),
        agency(),
        PRINTED_AT,
        progress=lambda *pair: seen.append(pair),
        cancelled=lambda: len(seen) >= 1,
    )
    assert result is None
    assert seen == [(0, 3)]


def test_one_pdf_per_client_in_order():
    seen: list[tuple[int, int]] = []
    pdfs = packet_pdfs(_packets(), agency(), PRINTED_AT, progress=lambda *pair: seen.append(pair))
    assert len(pdfs) == len(PEOPLE)
    for person, pdf in zip(PEOPLE, pdfs, strict=True):
        text = "".join(drawn_pages(pdf))
        assert person.number in text
        assert not any(other.number in text for other in PEOPLE if other is not person)
    assert seen[-1] == (3, 3)
    assert packet_pdfs(_packets(), agency(), PRINTED_AT, cancelled=lambda: True) is None


def test_an_empty_batch_is_refused():
    with pytest.raises(ValueError):
        packets_pdf([], agency(), PRINTED_AT)
