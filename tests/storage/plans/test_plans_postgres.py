"""Service plans on the shared server, in psql as the people themselves: an agreed
version stays as agreed even for its own caseworker, and plans follow the case."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.plans.plan import AgreementForm, GoalForm, StepForm

pytestmark = pytest.mark.postgres
AGREED = r"agreed with the client and cannot\s+change"

GOAL = GoalForm(
    "Sign a 12-month lease",
    "housing",
    "03/31/2027",
    steps=(StepForm("Apply for three apartments", "client"),),
)


def count(conn: psycopg.Connection, sql: str, *params) -> int:
    return conn.execute(sql, params).fetchone()[0]


@pytest.fixture
def office(postgres_office, clock):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    frontdesk = office.hire(Role.FRONTDESK, "Taylor Brooks")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    case_id = supervisor.services.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    plan = maria.services.plans.save_draft(maria.actor, case_id, 0, (GOAL,))
    return office, supervisor, maria, jamie, frontdesk, case_id, plan


def test_an_agreed_version_cannot_be_changed_by_its_caseworker_in_psql(office, clock):
    office, _supervisor, maria, _jamie, _frontdesk, case_id, plan = office
    [goal] = plan.goals
    with office.connect_as(maria.actor.username) as psql:
        # A draft is hers to change, in psql as in CaseDesk.
        psql.execute("UPDATE plan_goals SET description = 'Sign a lease' WHERE id = %s", (goal.id,))
    plan = maria.services.plans.current(maria.actor, case_id)
    agreed = maria.services.plans.record_agreement(
        maria.actor, plan.id, plan.version, AgreementForm(clock().date().isoformat(), "paper")
    )
    step = agreed.goals[0].steps[0]

    with office.connect_as(maria.actor.username) as psql:
        for sql, params in (
            ("UPDATE service_plans SET agreed_on = agreed_on - 1 WHERE id = %s", (plan.id,)),
            ("UPDATE service_plans SET version = version + 1 WHERE id = %s", (plan.id,)),
            ("UPDATE plan_goals SET description = 'Nothing' WHERE id = %s", (goal.id,)),
            ("UPDATE plan_goals SET target_on = target_on + 365 WHERE id = %s", (goal.id,)),
            ("DELETE FROM plan_steps WHERE id = %s", (step.id,)),
            ("DELETE FROM plan_goals WHERE id = %s", (goal.id,)),
            (
                "INSERT INTO plan_goals (plan_id, position, description, domain, target_on, "
                "version, created_at, created_by, updated_at, updated_by) "
                "VALUES (%s, 9, 'Smuggled in', 'income', current_date, 1, now(), 'x', now(), 'x')",
                (plan.id,),
            ),
        ):
            with pytest.raises(errors.InsufficientPrivilege, match=AGREED):
                psql.execute(sql, params)
        # Columns nobody may change after insert, no DELETE at all on versions, and
        # reviews are append-only: the grants refuse before the trigger would.
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            psql.execute("UPDATE plan_steps SET what = 'Nothing' WHERE id = %s", (step.id,))
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("DELETE FROM service_plans WHERE id = %s", (plan.id,))
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("UPDATE plan_reviews SET reviewed_on = current_date")
        # Progress is what moves on: a goal's status, a step done.
        psql.execute("UPDATE plan_goals SET status = 'in_progress' WHERE id = %s", (goal.id,))
        psql.execute("UPDATE plan_steps SET done = true WHERE id = %s", (step.id,))
    again = maria.services.plans.version(maria.actor, plan.id)
    assert again.goals[0].description == "Sign a lease"
    assert (again.agreed_on, again.goals[0].target_on) == (agreed.agreed_on, goal.target_on)


def test_plans_follow_the_case_in_psql(office):
    office, supervisor, maria, jamie, frontdesk, case_id, _plan = office

    def seen(username: str) -> dict[str, int]:
        with office.connect_as(username) as psql:
            try:
                return {
                    table: count(psql, f"SELECT count(*) FROM {table}")
                    for table in ("service_plans", "plan_goals", "plan_steps")
                }
            except errors.InsufficientPrivilege:
                return {"refused": 1}

    everything = {"service_plans": 1, "plan_goals": 1, "plan_steps": 1}
    nothing = dict.fromkeys(everything, 0)
    assert seen(maria.actor.username) == everything
    assert seen(supervisor.actor.username) == everything
    assert seen(jamie.actor.username) == nothing
    assert seen(frontdesk.actor.username) == {"refused": 1}
    assert seen(office.admin.actor.username) == {"refused": 1}

    version = supervisor.services.cases.get(supervisor.actor, case_id).version
    supervisor.services.cases.assign(supervisor.actor, case_id, jamie.actor.staff_id, version)
    assert seen(maria.actor.username) == nothing
    assert seen(jamie.actor.username) == everything
