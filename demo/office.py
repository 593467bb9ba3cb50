"""Fictional clients for the demo database and for benchmarks.

Every person here is made up by Faker; phone numbers use the 555 exchange that
North American numbering keeps for fiction.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from faker import Faker

from demo.accounts import DEMO_ADMIN, DEMO_PASSWORD, DEMO_STAFF
from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.intake import IntakeForm, IntakeService
from domain.clients.record import ClientForm
from domain.clients.service import ClientService
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, RevocationForm, ServiceConsentForm
from domain.referrals.referral import ReferralForm
from domain.referrals.resources import ResourceForm
from domain.settings.office_settings import AgencyForm
from domain.staff.accounts import StaffForm
from domain.staff.embedded_sign_in import EmbeddedAuthenticator
from domain.staff.session import FirstAdminForm

_TEMPORARY = "temporary-demo-pass-4412"

# Mostly English and Spanish names, as in a typical US office, with enough other
# scripts that the demo shows CaseDesk handling them.
_LOCALE_WEIGHTS = {
    "en_US": 60,
    "es_MX": 20,
    "vi_VN": 5,
    "ru_RU": 4,
    "ar_AA": 4,
    "zh_CN": 3,
    "ko_KR": 2,
    "el_GR": 2,
}


def fictional_client_forms(count: int, *, seed: int = 2026) -> Iterator[ClientForm]:
    rng = random.Random(seed)
    fake = Faker(list(_LOCALE_WEIGHTS))
    fake.seed_instance(seed)
    locales = list(_LOCALE_WEIGHTS)
    weights = list(_LOCALE_WEIGHTS.values())
    for _ in range(count):
        person = fake[rng.choices(locales, weights)[0]]
        born = date.today() - timedelta(days=rng.randint(30, 90 * 365))
        phone = ""
        if rng.random() > 0.15:
            phone = f"(555) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        yield ClientForm(
            first_name=person.first_name(),
            last_name=person.last_name(),
            date_of_birth="" if rng.random() < 0.05 else born.isoformat(),
            phone=phone,
        )


def _hmis_answers(form: ClientForm, rng: random.Random) -> ClientForm:
    """Answers to the HMIS elements, as an office has them: mostly given, a few
    not known, refused or not asked."""
    race = rng.choices(
        ((5,), (3,), (6,), (3, 6), (2,), (1, 5), (8,), (9,), (99,)),
        (30, 25, 15, 5, 4, 3, 3, 3, 12),
    )[0]
    veteran = rng.choices((0, 1, 8, 9, 99), (80, 6, 2, 2, 10))[0]
    born = date.fromisoformat(form.date_of_birth) if form.date_of_birth else None
    if veteran == 1 and born and (date.today() - born).days < 18 * 366:
        veteran = 0  # a child is no veteran
    return replace(
        form,
        race_ethnicity=frozenset(race),
        sex=rng.choices((0, 1, 8, 9, 99), (50, 38, 2, 2, 8))[0],
        veteran_status=veteran,
        disabling_condition=rng.choices((0, 1, 8, 9, 99), (60, 25, 3, 2, 10))[0],
    )


def seed_demo_clients(service: ClientService, actor: Actor, count: int = 250) -> list[int]:
    """Register ``count`` fictional clients through the normal use case; returns their ids."""
    saved = []
    answers = random.Random(20)
    for form in fictional_client_forms(count):
        try:
            saved.append(service.register(actor, _hmis_answers(form, answers)).id)
        except ValidationError:
            continue  # a generated name our rules refuse is simply left out
    return saved


DEMO_AGENCY = (
    "Miami Valley Family Services",
    "120 West Second Street\nDayton, OH 45402",
    "(937) 555-0100",
)

DEMO_PROGRAMS = (
    ("Rapid rehousing", "Short-term rent help and housing search", "60"),
    ("Family support", "Parenting, childcare and school connections", "90"),
    ("Food and benefits help", "SNAP, WIC and benefits applications", "120"),
)

# Each demo program as an HMIS project (its HMIS tab), in the demo's own CoC.
_DEMO_PROJECT = {
    "hmis_operating_start": "01/01/2018",
    "hmis_coc_code": "OH-505",
    "hmis_geocode": "399113",
    "hmis_geography_type": "1",
    "hmis_address": "120 West Second Street",
    "hmis_city": "Dayton",
    "hmis_state": "OH",
    "hmis_zip": "45402",
    "hmis_grant_start": "07/01/2025",
    "hmis_grant_end": "06/30/2026",
    "hmis_participation": "1",
    "hmis_participation_start": "01/01/2024",
}
DEMO_PROJECTS = (
    {
        "hmis_project_type": "13",  # rapid re-housing, housing with services
        "hmis_rrh_subtype": "2",
        "hmis_housing_type": "3",
        "hmis_continuum_project": "1",
        "hmis_funder": "3",  # HUD CoC rapid re-housing
        "hmis_grant_id": "OH0505L5E012300",
    },
    {
        "hmis_project_type": "6",  # services only
        "hmis_residential_affiliation": "0",
        "hmis_continuum_project": "0",
        "hmis_funder": "46",
        "hmis_other_funder": "Miami Valley Community Foundation",
        "hmis_grant_id": "MVCF-2025-FS",
    },
    {
        "hmis_project_type": "6",
        "hmis_residential_affiliation": "0",
        "hmis_continuum_project": "0",
        "hmis_funder": "46",
        "hmis_other_funder": "Montgomery County general fund",
        "hmis_grant_id": "MC-2025-FB",
    },
)
# Where some clients went as their cases closed (HMIS 3.12), with each close's reason.
DEMO_CLOSINGS = (
    ("goals_met", "achieved", "410", ""),
    ("goals_met", "achieved", "435", "431"),
    ("goals_met", "partly_achieved", "422", ""),
    ("moved_away", "unknown", "423", ""),
    ("lost_contact", "unknown", "30", ""),
    ("client_withdrew", "not_achieved", "312", ""),
    ("referred_elsewhere", "partly_achieved", "302", ""),
)


def seed_demo_intakes(intake: IntakeService, front_desk: Actor, programs, rng, count=8) -> None:
    """People who came in this week: whole intakes waiting in the unassigned queue."""
    forms = fictional_client_forms(count, seed=99)
    for form in forms:
        domains = rng.sample(list(LifeDomain), rng.randint(5, 13))
        scores = {domain: rng.choices((1, 2, 3, 4, 5), (2, 4, 4, 2, 1))[0] for domain in domains}
        try:
            intake.complete(
                front_desk,
                IntakeForm(
                    client=form,
                    not_a_duplicate_reason="demo data",
                    assessment=AssessmentForm(
                        scores=scores,
                        strengths="Motivated; has family nearby.",
                        needs="Help with rent and groceries this month.",
                    ),
                    consent=ServiceConsentForm(given=True),
                    program_id=rng.choice(programs).id,
                ),
            )
        except ValidationError:
            continue  # a generated name our rules refuse is simply left out


DEMO_RECIPIENTS = (
    ("Miami Valley Housing Authority", "Apply for a housing choice voucher", ("contact", "income")),
    ("St. Vincent Food Pantry", "Arrange weekly grocery deliveries", ("contact",)),
    ("Five Rivers Health Centers", "Coordinate primary care", ("contact", "health")),
    ("Dayton Public Schools", "Support the children's attendance", ("contact", "plan")),
)


DEMO_RESOURCES = (
    ("Miami Valley Housing Authority", "Housing choice vouchers", ("housing",), "English, Spanish"),
    ("St. Vincent Food Pantry", "Emergency groceries", ("food",), "English, Spanish"),
    ("Five Rivers Health Centers", "Primary care", ("health", "mental_health"), "English"),
    ("Dayton Public Schools", "Family resource centers", ("education",), "English, Arabic"),
    ("Dayton Legal Aid", "Eviction defence", ("legal", "housing"), "English, Arabic"),
    ("Valley Benefits Office", "SNAP and WIC applications", ("benefits", "food"), "English"),
    ("Greater Dayton RTA", "Reduced-fare passes", ("transportation",), "English, Spanish"),
    ("Montgomery County Job Center", "Job search help", ("employment",), "English, Somali"),
)


def seed_demo_resources(resources, supervisor: Actor) -> list[int]:
    """The office's resource directory, as it might be loaded from a spreadsheet."""
    ids = []
    for number, (organisation, service, categories, languages) in enumerate(DEMO_RESOURCES):
        ids.append(
            resources.create(
                supervisor,
                ResourceForm(
                    organisation=organisation,
                    service=service,
                    categories=categories,
                    phone=f"(937) 555-01{number:02d}",
                    hours="Mon–Fri 9–4",
                    languages=languages,
                    address=f"{100 + 20 * number} Main Street\nDayton, OH 45402",
                ),
            ).id
        )
    return ids


def seed_demo_referrals(
    referrals, supervisor: Actor, case_ids, resource_ids, rng, today: date
) -> None:
    """Self-referrals waiting for an answer, some long enough for a follow-up."""
    for case_id in case_ids:
        sent = today - timedelta(days=rng.choice((0, 3, 12, 20)))
        referrals.create(
            supervisor,
            case_id,
            ReferralForm(
                resource_id=rng.choice(resource_ids),
                reason="Client asked for help; they will call the service themselves.",
                self_referral=True,
                method="phone",
                sent_on=sent.strftime("%m/%d/%Y"),
            ),
        )


def seed_demo_service_consent(consents, supervisor: Actor, client_id: int, rng, today) -> None:
    """Consent to services as an office has it: nearly everyone's on file, some ending
    this month (My day lists them), a few not yet recorded (the record flags them)."""
    if rng.random() < 0.05:
        return
    signed = today - timedelta(days=rng.randint(1, 80))
    ends = rng.choice((None, None, None, 20, 200))
    expires = "" if ends is None else (today + timedelta(days=ends)).strftime("%m/%d/%Y")
    consents.record(
        supervisor,
        client_id,
        ConsentForm(kind="services", signed_on=signed.strftime("%m/%d/%Y"), expires_on=expires),
    )


def seed_demo_releases(consents, supervisor: Actor, client_ids, rng, today: date) -> None:
    """Releases of information: most in effect, a few expiring this month (they show
    on My day), one revoked, as an office would have them."""
    for number, client_id in enumerate(client_ids):
        recipient, purpose, kinds = rng.choice(DEMO_RECIPIENTS)
        signed = today - timedelta(days=rng.randint(1, 80))
        expires = today + timedelta(days=rng.choice((12, 25, 120, 200, 330)))
        consent = consents.record(
            supervisor,
            client_id,
            ConsentForm(
                signed_on=signed.strftime("%m/%d/%Y"),
                expires_on=expires.strftime("%m/%d/%Y"),
                recipient=recipient,
                purpose=purpose,
                information=kinds,
            ),
        )
        if number == 0:
            consents.revoke(
                supervisor, consent.id, consent.version, RevocationForm("", "Client phoned")
            )


def seed_demo_office(auth: EmbeddedAuthenticator, workstation: str, clients: int = 250) -> None:
    """An office to try CaseDesk in: staff of every role, clients, and their cases.

    Everything goes through the ordinary use cases, audit trail included.
    """
    username, display_name = DEMO_ADMIN
    admin = auth.create_first_admin(
        FirstAdminForm(username, display_name, DEMO_PASSWORD, DEMO_PASSWORD), workstation
    ).actor
    services = auth.services
    accounts = {}
    for username, display_name, role in DEMO_STAFF:
        staff = services.staff.create(
            admin, StaffForm(username, display_name, role.value), _TEMPORARY, _TEMPORARY
        )
        session = auth.sign_in(username, _TEMPORARY, workstation)
        auth.change_password(session.actor, _TEMPORARY, DEMO_PASSWORD, DEMO_PASSWORD)
        accounts[role, username] = (staff, session.actor)
    supervisor = accounts[Role.SUPERVISOR, "dlee"][1]
    caseworkers = [
        staff.id for (role, _), (staff, _) in accounts.items() if role is Role.CASEWORKER
    ]
    # Named first: consent forms and releases are refused until the agency is.
    services.settings.set_agency_details(admin, AgencyForm(*DEMO_AGENCY))
    programs = [
        services.programs.create(
            admin, ProgramForm(name, description, days, **_DEMO_PROJECT, **project)
        )
        for (name, description, days), project in zip(DEMO_PROGRAMS, DEMO_PROJECTS, strict=True)
    ]
    organization = services.hmis_export.organization(admin)
    services.hmis_export.set_victim_service_provider(admin, "0", organization.version)
    rng = random.Random(7)
    front_desk = accounts[Role.FRONTDESK, "tbrooks"][1]
    seed_demo_intakes(services.intake, front_desk, programs, rng)
    opened, assigned_cases = [], []
    today = services.today()
    for client_id in seed_demo_clients(services.clients, supervisor, clients):
        # Most clients have a caseworker; some wait in the unassigned queue.
        assign_to = rng.choice(caseworkers) if rng.random() < 0.8 else None
        program = rng.choice(programs)
        case_id = services.cases.open_case(supervisor, client_id, assign_to, program.id)
        opened.append(client_id)
        if assign_to is not None:
            assigned_cases.append(case_id)
        seed_demo_service_consent(services.consents, supervisor, client_id, rng, today)
    seed_demo_releases(services.consents, supervisor, opened[::8], rng, today)
    resource_ids = seed_demo_resources(services.resources, supervisor)
    seed_demo_referrals(
        services.referrals, supervisor, assigned_cases[::10], resource_ids, rng, today
    )
    seed_demo_closings(services.cases, supervisor, assigned_cases[5::12])


def seed_demo_closings(cases, supervisor: Actor, case_ids) -> None:
    """Some cases already closed, each with where the client went."""
    for number, case_id in enumerate(case_ids):
        reason, outcome, destination, subsidy = DEMO_CLOSINGS[number % len(DEMO_CLOSINGS)]
        case = cases.get(supervisor, case_id)
        cases.close(
            supervisor,
            case_id,
            case.version,
            reason,
            outcome,
            complete_open_tasks=True,
            destination=destination,
            destination_subsidy=subsidy,
        )
