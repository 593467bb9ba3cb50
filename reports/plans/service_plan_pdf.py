"""The service plan on paper: one version's goals with their action steps and
signature lines for the client and the caseworker (or, for a plan signed on
screen, the signatures as drawn); or a blank plan with fillable fields for a
plan written by hand with the client."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from domain.common.field_rules import format_date
from domain.plans.document import PlanDocument
from domain.plans.plan import PlanGoal, ServicePlan
from domain.settings.agency import AgencyDetails
from reports.common.form_parts import (
    Box,
    Signer,
    box_rows,
    form_title,
    notice_band,
    para,
    section,
    signature_lines,
)
from reports.common.page_frame import BODY_WIDTH, client_frame, framed_pdf
from reports.signatures.drawing import signed_on_screen

TITLE = "Service plan"
BLANK_GOALS = 3
BLANK_STEPS = 3
AGREEMENT = (
    "We wrote this plan together. The client agrees to work on these goals and steps, "
    "and may ask to change the plan at any time; a change makes a new version."
)


def _lead(plan: ServicePlan) -> str:
    drafted = f"Version {plan.number}, written {format_date(plan.drafted_on)}"
    if plan.is_agreed:
        how = plan.agreed_how.label.lower() if plan.agreed_how else ""
        agreed = f"agreed with the client on {format_date(plan.agreed_on)} ({how})"
        return f"{drafted}; {agreed}."
    return f"{drafted}; not yet agreed."


def _notices(plan: ServicePlan) -> list[Flowable]:
    if not plan.is_latest:
        return notice_band(
            f"SUPERSEDED: version {plan.latest_number} replaces this version {plan.number}."
        )
    if not plan.is_agreed:
        return notice_band("DRAFT: not yet agreed with the client.")
    return []


def _goal(number: int, goal: PlanGoal) -> list[Flowable]:
    rows = [
        [Box("Goal (what will be different, and how we will know)", "", 12, goal.description)],
        [
            Box("Life domain", "", 4, goal.domain.label),
            Box("Target date", "", 4, format_date(goal.target_on)),
            Box("Status", "", 4, goal.status.label),
        ],
    ]
    for step in goal.steps:
        who = step.who.label + (f": {step.provider}" if step.provider else "")
        rows.append(
            [
                Box("Action step", "", 6, step.what),
                Box("Who", "", 3, who),
                Box("Due", "", 2, format_date(step.due_on)),
                Box("Done", "", 1, "Yes" if step.done else ""),
            ]
        )
    return section(f"Goal {number}", box_rows(rows, blank=False))


def _blank_goal(number: int) -> list[Flowable]:
    key = f"goal{number}"
    rows = [
        [Box("Goal (what will be different, and how we will know)", f"{key}_goal", 12, lines=2)],
        [
            Box("Life domain", f"{key}_domain", 4),
            Box("Target date", f"{key}_target_date", 4),
            Box("Status", f"{key}_status", 4),
        ],
    ]
    for step in range(1, BLANK_STEPS + 1):
        rows.append(
            [
                Box("Action step", f"{key}_step{step}_what", 6),
                Box("Who", f"{key}_step{step}_who", 3),
                Box("Due", f"{key}_step{step}_due", 2),
                Box("Done", f"{key}_step{step}_done", 1),
            ]
        )
    return section(f"Goal {number}", box_rows(rows, blank=True))


def _case_rows(document: PlanDocument | None) -> list[list[Box]]:
    client = document.client if document else None
    return [
        [
            Box("Client name", "client_name", 6, client.display_name if client else ""),
            Box("Client no.", "client_number", 3, client.number if client else ""),
            Box("Case no.", "case_number", 3, document.case_number if document else ""),
        ],
        [
            Box("Program", "program", 6, document.program_name if document else ""),
            Box("Caseworker", "caseworker", 6, document.staff_name if document else ""),
        ],
    ]


def _signatures(document: PlanDocument | None, *, blank: bool) -> list[Flowable]:
    plan = document.plan if document else None
    if plan and plan.signatures:  # read only for a plan agreed on screen
        # Signed already: the drawn signatures replace the lines, and stay on
        # one page with the words they agree to.
        return section(
            "Agreement", para(AGREEMENT, "body", BODY_WIDTH), *signed_on_screen(plan.signatures)
        )
    signers = [
        Signer("Client", "signature_client", document.client.display_name if document else ""),
        Signer("Caseworker", "signature_caseworker", document.staff_name if document else ""),
    ]
    return section(
        "Agreement",
        para(AGREEMENT, "body", BODY_WIDTH),
        signature_lines(signers, blank=blank),
    )


def service_plan_pdf(document: PlanDocument, agency: AgencyDetails, printed_at: datetime) -> bytes:
    plan = document.plan
    story: list[Flowable] = [
        *form_title(TITLE, _lead(plan)),
        *_notices(plan),
        *section("Client and case", box_rows(_case_rows(document), blank=False)),
    ]
    for number, goal in enumerate(plan.goals, start=1):
        story.extend(_goal(number, goal))
    if not plan.goals:
        story.append(para("No goals have been written in this version yet.", "body", BODY_WIDTH))
    story.extend(_signatures(document, blank=False))
    return framed_pdf(story, client_frame(TITLE, document.client, agency, printed_at))


def blank_service_plan_pdf(agency: AgencyDetails, printed_at: datetime) -> bytes:
    story: list[Flowable] = [
        *form_title(TITLE, "Write the goals and steps with the client; both sign below."),
        *section("Client and case", box_rows(_case_rows(None), blank=True)),
    ]
    for number in range(1, BLANK_GOALS + 1):
        story.extend(_blank_goal(number))
    story.extend(_signatures(None, blank=True))
    return framed_pdf(story, client_frame(TITLE, None, agency, printed_at))
