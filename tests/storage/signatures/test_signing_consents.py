"""Signing a consent on screen, on both databases: the strokes, printed names and
the content's fingerprint are kept; an empty pad is refused; the printed form
draws the signature as vector paths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import ClientForm
from domain.common.errors import ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.printing.service import FormKind
from domain.settings.office_settings import AgencyForm
from domain.signatures.signature import Strokes, consent_content, content_fingerprint
from reports.clients.intake_packets import packets_pdf
from reports.consents.consent_form_pdf import services_consent_pdf
from tests.pdf_pages import pdf_pictures, pdf_text
from tests.reports.sample_records import agency
from tests.storage.signatures.sample_strokes import drawn

LOOK = Path("/work/scratch/signatures/signed_consent.png")
SERVICES = ConsentForm(kind="services", method="paper", signed_on="11/20/2026")


@pytest.fixture
def consent(services, make_staff, admin):
    supervisor = make_staff(Role.SUPERVISOR, "ssig")
    services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    client = services.clients.register(supervisor, ClientForm(first_name="Ana", last_name="Ruiz"))
    return supervisor, client, services.consents.record(supervisor, client.id, SERVICES)


def test_signing_a_consent_keeps_strokes_names_and_fingerprint(services, consent, admin):
    staff, _client, recorded = consent
    signed = services.signatures.sign_consent(
        staff,
        recorded.id,
        [("client", drawn(), "  Ana  Ruiz "), ("witness", drawn(None), "Dana Lee")],
    )
    assert [(s.signer_kind, s.printed_name) for s in signed] == [
        ("client", "Ana Ruiz"),
        ("witness", "Dana Lee"),
    ]
    assert signed[0].strokes.encode() == drawn().encode()
    assert signed[1].strokes.encode() == drawn(None).encode()
    expected = content_fingerprint(consent_content(recorded))
    assert {s.fingerprint for s in signed} == {expected}
    assert all(s.signed_at is not None and s.recorded_by for s in signed)
    assert services.signatures.for_consent(staff, recorded.id) == signed
    details = [
        e.detail
        for e in services.audit.query(admin, AuditFilter())
        if e.action == AuditAction.CONSENT_SIGNED
    ]
    assert details == [f"consent={recorded.id};signers=2"]
    with pytest.raises(ValidationError, match="signed already"):
        services.signatures.sign_consent(staff, recorded.id, [("client", drawn(), "Ana Ruiz")])


def test_an_empty_pad_or_no_name_is_refused_and_nothing_is_kept(services, consent):
    staff, _client, recorded = consent
    with pytest.raises(ValidationError) as caught:
        services.signatures.sign_consent(
            staff, recorded.id, [("client", Strokes(()), "Ana Ruiz"), ("witness", drawn(), "")]
        )
    assert "empty" in caught.value.errors["client.pad"]
    assert "printed" in caught.value.errors["witness.name"]
    with pytest.raises(ValidationError, match="client signs"):
        services.signatures.sign_consent(staff, recorded.id, [("witness", drawn(), "Dana Lee")])
    assert services.signatures.for_consent(staff, recorded.id) == []


def test_the_printed_form_draws_the_signature_as_vector_paths(services, consent, tmp_path):
    staff, client, recorded = consent
    signed = services.signatures.sign_consent(staff, recorded.id, [("client", drawn(), "Ana Ruiz")])
    pdf = services_consent_pdf(
        client, agency(logo=False), signed[0].signed_at, consent=recorded, signatures=signed
    )
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    assert "Signed on screen" in text and "Ana Ruiz" in text
    assert signed[0].fingerprint in "".join(text.split())
    # Vector strokes: a moveto and 39 linetos per stroke in the page's content, no image.
    reader = PdfReader(io.BytesIO(pdf))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert content.count(b" l ") + content.count(b" l\n") >= 2 * 39
    assert all(not page.images for page in reader.pages)  # no logo, and no picture
    pages = pdf_pictures(path, tmp_path / "page")
    assert pages
    if LOOK.parent.is_dir():
        LOOK.write_bytes(pages[-1].read_bytes())


def test_the_intake_packet_draws_each_consent_with_its_own_signatures(services, consent, tmp_path):
    staff, client, recorded = consent
    release = services.consents.record(
        staff,
        client.id,
        ConsentForm(
            kind="release",
            method="paper",
            signed_on="11/20/2026",
            recipient="Dayton Legal Aid",
            purpose="Help with an eviction case",
            information=("contact",),
            expires_on="11/20/2027",
        ),
    )
    [signed] = services.signatures.sign_consent(
        staff, recorded.id, [("client", drawn(), "Ana Ruiz Núñez")]
    )
    [packet] = services.printing.packets(staff, [client.id], FormKind.INTAKE_PACKET)
    path = tmp_path / "packet.pdf"
    path.write_bytes(packets_pdf([packet], agency(logo=False), signed.signed_at))
    # The intake form, then the consent to services, then the release.
    consent_page, release_page = pdf_text(path).split("Authorization to release information")
    assert "Ana Ruiz Núñez" in consent_page and "Signed on screen" in consent_page
    assert signed.fingerprint in "".join(consent_page.split())
    # The release was signed on paper: it keeps its lines to sign, and no drawing.
    assert release.id != recorded.id and "Signed on screen" not in release_page
    assert "Printed name" in release_page
