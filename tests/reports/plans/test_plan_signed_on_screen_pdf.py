"""A service plan agreed on screen, printed: the signatures drawn from their strokes
with the printed names and the fingerprint of what was signed, kept on one page
with the agreement, instead of lines to sign on paper. Built through the real
services on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm
from domain.plans.document import PlanDocument
from domain.plans.plan import AgreementForm, GoalForm, StepForm
from domain.signatures.signature import content_fingerprint, plan_content
from reports.plans.service_plan_pdf import service_plan_pdf
from tests.pdf_pages import pdf_pictures, pdf_text
from tests.reports.sample_records import agency
from tests.storage.cases.test_tasks_and_my_day import assign, day
from tests.storage.plans.test_service_plans import HOUSING, INCOME
from tests.storage.signatures.sample_strokes import drawn

CLIENT = "Nguyễn Thị Lan"
WITNESS = "José Ángel Muñoz"
SIGNATURE_INK = (0x0B, 0x1F, 0x4D)  # reports/signatures/drawing.py INK


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def office(services, admin, make_staff, actor):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    worker = make_staff(Role.CASEWORKER, "jmunoz", WITNESS)
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    intake = services.intake.complete(
        actor,
        IntakeForm(
            client=ClientForm(first_name="Nguyễn Thị", last_name="Lan"),
            not_a_duplicate_reason="test",
            assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
            consent=ServiceConsentForm(given=True),
            program_id=program.id,
        ),
    )
    assign(services, supervisor, intake.case_id, worker.staff_id)
    return worker, intake.case_id


def printed(services, worker, plan_id: int) -> PlanDocument:
    """The plan as the Print action gathers it."""
    return services.printing.plan_document(worker, plan_id)


def write(pdf: bytes, path: Path) -> Path:
    path.write_bytes(pdf)
    return path


def ink_pixels(picture: Path) -> int:
    """Pixels of the signature's ink colour: the strokes, not text (#1f2a33) or bars."""
    image = Image.open(picture).convert("RGB")
    return sum(
        1
        for pixel in image.get_flattened_data()
        if all(abs(a - b) < 12 for a, b in zip(pixel, SIGNATURE_INK, strict=True))
    )


def signed_on_screen(services, worker, case_id, clock, goals=(HOUSING, INCOME)):
    draft = services.plans.save_draft(worker, case_id, 0, goals)
    return services.plans.record_agreement(
        worker,
        draft.id,
        draft.version,
        AgreementForm(day(clock, 0), "screen"),
        signers=[("client", drawn(), CLIENT), ("witness", drawn(None), WITNESS)],
    )


def test_a_plan_signed_on_screen_prints_the_signatures_not_lines(services, office, clock, tmp_path):
    worker, case_id = office
    agreed = signed_on_screen(services, worker, case_id, clock)
    fingerprint = content_fingerprint(plan_content(agreed))
    path = write(
        service_plan_pdf(printed(services, worker, agreed.id), agency(), clock()),
        tmp_path / "screen.pdf",
    )
    text = " ".join(pdf_text(path).split())
    assert "agreed with the client on 11/23/2026 (signed on screen)" in text
    assert "Signed on screen" in text
    assert f"Client: {CLIENT} · signed on screen 11/23/2026" in text
    assert f"Staff witness: {WITNESS} · signed on screen" in text
    assert f"Fingerprint of the signed content (SHA-256): {fingerprint}" in text
    # Nothing is left to sign on paper.
    assert "Client signature" not in text and "Printed name" not in text

    pictures = pdf_pictures(path, tmp_path / "screen", dpi=110)
    last = pdf_text(path, first=len(pictures), last=len(pictures))
    assert "We wrote this plan together" in last and fingerprint in last
    assert ink_pixels(pictures[-1]) > 300, "the strokes are drawn in ink"


@pytest.mark.parametrize("goal_count", range(1, 9))
def test_the_agreement_and_the_signatures_stay_on_one_page(
    services, office, clock, tmp_path, goal_count
):
    worker, case_id = office
    goals = tuple(
        GoalForm(
            f"Goal {n}: keep the lease on the flat in Springfield month by month",
            "housing",
            "03/31/2027",
            steps=(
                StepForm(f"Pay rent {n} on time", "client", due_date="12/15/2026"),
                StepForm("Budget session", "provider", "Lane County Housing", "12/20/2026"),
            ),
        )
        for n in range(1, goal_count + 1)
    )
    agreed = signed_on_screen(services, worker, case_id, clock, goals)
    path = write(
        service_plan_pdf(printed(services, worker, agreed.id), agency(), clock()),
        tmp_path / f"goals{goal_count}.pdf",
    )
    pictures = pdf_pictures(path, tmp_path / f"goals{goal_count}", dpi=110)
    pages = [" ".join(pdf_text(path, first=n, last=n).split()) for n in range(1, len(pictures) + 1)]
    holding = [
        n
        for n, page in enumerate(pages)
        if "We wrote this plan together" in page
        or "Fingerprint of the signed content" in page
        or f"Client: {CLIENT}" in page
    ]
    assert len(holding) == 1, f"the agreement is split over pages {holding}"
    # Its heading sits with the signatures, and the ink is on that same page.
    page = pages[holding[0]]
    assert "Agreement" in page and f"Staff witness: {WITNESS}" in page
    assert ink_pixels(pictures[holding[0]]) > 300
    assert all(ink_pixels(p) == 0 for n, p in enumerate(pictures) if n != holding[0])
    if goal_count == 1:
        assert len(pictures) == 1, "a short plan is signed on its one page"


def test_a_plan_agreed_on_paper_or_still_a_draft_keeps_its_signature_lines(
    services, office, clock, tmp_path
):
    worker, case_id = office
    draft = services.plans.save_draft(worker, case_id, 0, (HOUSING, INCOME))
    texts = {"draft": printed_text(services, worker, draft.id, clock, tmp_path / "draft")}
    services.plans.record_agreement(
        worker, draft.id, draft.version, AgreementForm(day(clock, 0), "paper")
    )
    texts["paper"] = printed_text(services, worker, draft.id, clock, tmp_path / "paper")
    assert "DRAFT: not yet agreed" in texts["draft"]
    assert "(signed on paper)" in texts["paper"]
    for name, text in texts.items():
        for expected in ("Client signature", "Caseworker signature", "Printed name", CLIENT):
            assert expected in text, (name, expected)
        assert "Fingerprint" not in text and "Signed on screen" not in text, name


def printed_text(services, worker, plan_id: int, clock, stem: Path) -> str:
    """The printed plan's text; its pages carry no signature ink."""
    path = write(
        service_plan_pdf(printed(services, worker, plan_id), agency(), clock()),
        stem.with_suffix(".pdf"),
    )
    assert all(ink_pixels(p) == 0 for p in pdf_pictures(path, stem, dpi=110))
    return " ".join(pdf_text(path).split())
