"""Signed on screen, on the shared server, in psql under the caseworker's own login:
a plan is signed only in the transaction that agrees it; a consent or plan marked
signed on screen without the client's signature does not commit; nobody signs
twice; and the other desks hear of each signature, with ids only."""

from __future__ import annotations

import json

import pytest
from psycopg import errors

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.plans.plan import AgreementForm, GoalForm, StepForm
from tests.storage.signatures.sample_strokes import drawn

pytestmark = pytest.mark.postgres

GOAL = GoalForm(
    "Sign a 12-month lease", "housing", "03/31/2027", steps=(StepForm("Apply", "client"),)
)
SIGN_PLAN = (
    "INSERT INTO signatures (plan_id, plan_version, signer_kind, printed_name, strokes, "
    "fingerprint, signed_at, recorded_by) "
    "VALUES (%s, 1, %s, 'Amara Okafor', '{}', 'x', now(), current_user)"
)
SIGN_CONSENT = (
    "INSERT INTO signatures (consent_id, signer_kind, printed_name, strokes, fingerprint, "
    "signed_at, recorded_by) VALUES (%s, 'client', 'Amara Okafor', '{}', 'x', now(), current_user)"
)


@pytest.fixture
def office(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "María José García")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    cases = supervisor.services.cases
    case_ids = [cases.open_case(supervisor.actor, client.id, maria.actor.staff_id) for _ in "ab"]
    return office, maria, client, case_ids


def draft(maria, case_id):
    return maria.services.plans.save_draft(maria.actor, case_id, 0, (GOAL,))


def test_a_plan_is_signed_only_as_its_agreement_is_recorded(office, clock):
    office, maria, _client, (first, second) = office
    plans = maria.services.plans
    today = clock().date().isoformat()
    plan = draft(maria, first)
    signed = plans.record_agreement(
        maria.actor,
        plan.id,
        plan.version,
        AgreementForm(today, "screen"),
        signers=[("client", drawn(), "Amara Okafor")],
    )
    on_paper = draft(maria, second)
    with office.connect_as(maria.actor.username) as psql:
        # Later, a witness's signature cannot be added to the agreed plan, nor to a
        # draft, nor to a plan agreed on paper.
        for plan_id in (signed.id, on_paper.id):
            with pytest.raises(errors.InsufficientPrivilege, match="not later"):
                psql.execute(SIGN_PLAN, (plan_id, "witness"))
        psql.execute(
            "UPDATE service_plans SET agreed_on = current_date, agreed_how = 'paper', "
            "agreement_recorded_by = current_user, version = version + 1 WHERE id = %s",
            (on_paper.id,),
        )
        with pytest.raises(errors.InsufficientPrivilege, match="not later"):
            psql.execute(SIGN_PLAN, (on_paper.id, "client"))
        assert psql.execute(
            "SELECT signer_kind FROM signatures WHERE plan_id = %s", (signed.id,)
        ).fetchall() == [("client",)]


def test_signed_on_screen_without_the_clients_signature_does_not_commit(office, clock):
    office, maria, client, (first, _second) = office
    plan = draft(maria, first)
    with office.connect_as(maria.actor.username) as psql:
        needs_client = pytest.raises(errors.CheckViolation, match="plan agreed on screen needs")
        with needs_client, psql.transaction():
            psql.execute(
                "UPDATE service_plans SET agreed_on = current_date, agreed_how = 'screen', "
                "agreement_recorded_by = current_user, version = version + 1 "
                "WHERE id = %s",
                (plan.id,),
            )
            # The witness alone is not enough: checked when the transaction commits.
            psql.execute(SIGN_PLAN, (plan.id, "witness"))
        with pytest.raises(errors.CheckViolation, match="consent signed on screen needs"):
            psql.execute(
                "INSERT INTO consents (client_id, kind, method, signed_on, effective_on, "
                "purpose, information, created_at, created_by, updated_at, updated_by, version) "
                "VALUES (%s, 'services', 'screen', current_date, current_date, '', '', "
                "now(), current_user, now(), current_user, 1)",
                (client.id,),
            )
        assert psql.execute(
            "SELECT agreed_how FROM service_plans WHERE id = %s", (plan.id,)
        ).fetchone() == (None,)
        assert psql.execute("SELECT count(*) FROM consents WHERE method = 'screen'").fetchone() == (
            0,
        )


def test_nobody_signs_a_consent_twice(office, clock):
    office, maria, client, _cases = office
    consent = maria.services.consents.record(
        maria.actor,
        client.id,
        ConsentForm(kind="services", method="screen", signed_on=clock().date().isoformat()),
        signers=[("client", drawn(), "Amara Okafor")],
    )
    with office.connect_as(maria.actor.username) as psql, pytest.raises(errors.UniqueViolation):
        psql.execute(SIGN_CONSENT, (consent.id,))


def test_each_signature_is_announced_with_ids_only(office, clock):
    office, maria, client, (first, _second) = office
    today = clock().date().isoformat()
    plan = draft(maria, first)
    with office.connect_as(maria.actor.username) as listener:
        listener.execute("LISTEN casedesk_changes")
        consent = maria.services.consents.record(
            maria.actor,
            client.id,
            ConsentForm(kind="services", method="screen", signed_on=today),
            signers=[("client", drawn(), "Amara Okafor"), ("witness", drawn(), "María García")],
        )
        maria.services.plans.record_agreement(
            maria.actor,
            plan.id,
            plan.version,
            AgreementForm(today, "screen"),
            signers=[("client", drawn(), "Amara Okafor")],
        )
        heard = [json.loads(n.payload) for n in listener.notifies(timeout=2, stop_after=8)]
    signatures = [p for p in heard if p["t"] == "signatures"]
    assert [(p.get("client"), p.get("case"), p.get("plan")) for p in signatures] == [
        (client.id, None, None),
        (client.id, None, None),
        (None, first, plan.id),
    ]
    assert "Okafor" not in json.dumps(heard)
    assert all(set(p) <= {"t", "op", "id", "client", "case", "plan"} for p in signatures)
    assert consent.method.value == "screen"
