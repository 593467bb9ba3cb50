"""The service plan on paper: filled from a version of the plan, or blank with
fillable fields; read back with pypdf."""

from __future__ import annotations

from datetime import date, datetime

from domain.assessments.assessment import LifeDomain
from domain.plans.document import PlanDocument
from domain.plans.plan import (
    AgreementMethod,
    GoalStatus,
    PlanGoal,
    PlanStep,
    ServicePlan,
    StepOwner,
)
from reports.plans.service_plan_pdf import BLANK_GOALS, blank_service_plan_pdf, service_plan_pdf
from tests.reports.form_reading import drawn, fields, reader, widgets_on_their_pages
from tests.reports.sample_records import PRINTED_AT, agency, client

HOUSING = PlanGoal(
    id=11,
    description="Move into a lease of her own by spring",
    domain=LifeDomain.HOUSING,
    target_on=date(2025, 5, 31),
    status=GoalStatus.IN_PROGRESS,
    steps=(
        PlanStep(
            21, "Apply for the housing voucher", StepOwner.CLIENT, "", date(2025, 3, 31), True
        ),
        PlanStep(
            22,
            "Inspect two flats",
            StepOwner.PROVIDER,
            "Miami Valley Housing Authority",
            date(2025, 4, 15),
            False,
        ),
    ),
)


def plan(**changes) -> ServicePlan:
    values = dict(
        id=5,
        version=2,
        case_id=7,
        client_id=42,
        number=2,
        goals=(HOUSING,),
        drafted_on=date(2025, 3, 1),
        drafted_by="mgarcia",
        updated_at=datetime(2025, 3, 2),
        updated_by="mgarcia",
        agreed_on=date(2025, 3, 2),
        agreed_how=AgreementMethod.PAPER,
        latest_number=2,
    )
    values.update(changes)
    return ServicePlan(**values)


def document(**changes) -> PlanDocument:
    return PlanDocument(client(), plan(**changes), "Rapid rehousing", "K000007", "Maria Garcia")


def one_line(pdf: bytes) -> str:
    return " ".join(drawn(pdf).split())


def test_a_plan_prints_its_goals_steps_and_signature_lines():
    text = one_line(service_plan_pdf(document(), agency(), PRINTED_AT))
    for expected in (
        "Nguyễn Thị Ánh",
        "Rapid rehousing",
        "K000007",
        "Version 2, written 03/01/2025; agreed with the client on 03/02/2025",
        "Move into a lease of her own by spring",
        "Housing",
        "05/31/2025",
        "In progress",
        "Apply for the housing voucher",
        "Another provider: Miami",
        "04/15/2025",
        "Client signature",
        "Caseworker signature",
        "Maria Garcia",
    ):
        assert expected in text, expected
    assert "DRAFT" not in text and "SUPERSEDED" not in text


def test_a_draft_and_a_superseded_version_say_so_at_the_top():
    draft = one_line(service_plan_pdf(document(agreed_on=None), agency(), PRINTED_AT))
    assert "DRAFT: not yet agreed with the client" in draft.split("Client and case")[0]
    old = one_line(service_plan_pdf(document(latest_number=3), agency(), PRINTED_AT))
    assert "SUPERSEDED: version 3 replaces this version 2" in old


def test_the_blank_plan_has_fields_for_goals_steps_and_signatures():
    pdf = blank_service_plan_pdf(agency(), PRINTED_AT)
    names = set(fields(pdf))
    for goal in range(1, BLANK_GOALS + 1):
        assert {f"goal{goal}_goal", f"goal{goal}_target_date", f"goal{goal}_step1_what"} <= names
    assert {"client_name", "signature_client_date", "signature_caseworker_printed_name"} <= names
    assert widgets_on_their_pages(pdf)
    assert len(reader(pdf).pages) >= 1
