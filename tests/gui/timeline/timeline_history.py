"""A client with a realistic few weeks of history, for the timeline's tests and
screenshot: intake, assignment, a plan agreed, two notes (one with an addendum),
a review, a hold and resumption, and a reassignment. A second case of the same
client stays with another caseworker throughout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from domain.notes.note import NoteForm
from domain.plans.plan import AgreementForm, GoalForm, StepForm
from domain.plans.reviews import GoalReviewForm, ReviewForm
from domain.referrals.referral import ReferralForm, StatusForm
from domain.referrals.resources import ResourceForm
from tests.gui.cases.caseload_office import Office, assign, intake_case

LEASE = GoalForm(
    "Sign a 12-month lease on an apartment under $1,100 a month",
    "housing",
    "03/31/2027",
    steps=(
        StepForm("Apply for three apartments", "client", due_date="12/15/2026"),
        StepForm("Ask the landlord fund for the deposit", "caseworker"),
    ),
)
WORK = GoalForm("Start a job within a bus ride of home", "employment", "05/31/2027")


@dataclass
class History:
    client_id: int
    case_id: int  # Maria's until the reassignment, then Jamie's
    second_case_id: int  # a second case of the same client, Jamie's throughout
    first_note_id: int
    second_note_id: int
    confidential_note_id: int
    referral_id: int


def at(clock, month: int, day: int, hour: int, minute: int = 0) -> None:
    clock.now = datetime(2026, month, day, hour, minute, tzinfo=UTC)


def realistic_history(services, office: Office, clock, *, reassign: bool = True) -> History:
    maria, jamie, boss = office.maria, office.jamie, office.supervisor
    at(clock, 11, 2, 9, 10)
    case_id = intake_case(services, office, "Amara")
    client_id = services.cases.get(boss, case_id).client_id
    at(clock, 11, 2, 9, 40)
    second = services.cases.open_case(boss, client_id, jamie.staff_id)
    at(clock, 11, 3, 10, 5)
    assign(services, office, case_id, maria)

    at(clock, 11, 5, 15, 20)
    plan = services.plans.save_draft(maria, case_id, 0, (LEASE, WORK))
    at(clock, 11, 5, 15, 45)
    plan = services.plans.record_agreement(
        maria, plan.id, plan.version, AgreementForm("11/05/2026", "paper")
    )

    at(clock, 11, 6, 9, 40)
    first = _sign(
        services,
        maria,
        case_id,
        NoteForm(
            contact_date="11/06/2026",
            contact_time="09:15",
            contact_type="phone",
            duration_minutes="15",
            narrative="Called about the rent arrears; the landlord agreed to wait a week.",
        ),
    )
    at(clock, 11, 9, 16, 0)
    second_note = _sign(
        services,
        maria,
        case_id,
        NoteForm(
            contact_date="11/09/2026",
            contact_time="13:00",
            contact_type="home_visit",
            duration_minutes="60",
            location="Client's home, Elm Street",
            narrative="Who was present: Amara and her son.\n"
            "Went through three apartment listings; she applied for two online.",
        ),
    )
    at(clock, 11, 10, 8, 30)
    services.notes.add_addendum(maria, first.id, "The landlord called back: two weeks, not one.")
    at(clock, 11, 12, 11, 0)
    confidential = _sign(
        services,
        boss,
        case_id,
        NoteForm(
            contact_date="11/12/2026",
            contact_time="10:30",
            contact_type="collateral",
            duration_minutes="20",
            narrative="Spoke with the school counsellor about the son's safety at home.",
            confidential=True,
        ),
    )

    at(clock, 11, 16, 14, 0)
    lease, work = plan.goals
    services.plans.record_review(
        maria,
        plan.id,
        ReviewForm(
            "11/16/2026",
            (
                GoalReviewForm(lease.id, "Two applications in; one viewing booked.", "in_progress"),
                GoalReviewForm(work.id, "Waiting until housing settles."),
            ),
        ),
    )
    at(clock, 11, 17, 10, 0)
    pantry = services.resources.create(
        boss, ResourceForm(organisation="St. Vincent Food Pantry", categories=("food",))
    )
    referral = services.referrals.create(
        maria,
        case_id,
        ReferralForm(
            resource_id=pantry.id,
            need="food",
            reason="Groceries until the first pay cheque.",
            sent_on="11/17/2026",
            self_referral=True,
        ),
    )
    at(clock, 11, 17, 15, 0)
    services.referrals.change_status(
        maria, referral.id, referral.version, StatusForm("accepted", note="Pick-up on Tuesdays.")
    )
    at(clock, 11, 18, 9, 0)
    case = services.cases.get(maria, case_id)
    held = services.cases.put_on_hold(maria, case_id, case.version)
    at(clock, 11, 19, 9, 0)
    services.cases.resume(maria, case_id, held.version)
    if reassign:
        at(clock, 11, 20, 11, 30)
        case = services.cases.get(boss, case_id)
        services.cases.assign(
            boss, case_id, jamie.staff_id, case.version, "Maria moves to the youth team."
        )
    at(clock, 11, 23, 14, 30)
    return History(
        client_id, case_id, second, first.id, second_note.id, confidential.id, referral.id
    )


def _sign(services, who, case_id, form: NoteForm):
    draft = services.notes.start_draft(who, case_id, NoteForm(narrative="…"))
    return services.notes.sign(who, draft.id, draft.version, form)
