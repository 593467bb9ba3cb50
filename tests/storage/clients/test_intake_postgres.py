"""Intake on the shared server, as the people who take it: the front desk's and
a supervisor's own login roles, grants and row-level security in force."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.hmis import RelationshipToHead
from domain.clients.intake import HouseholdMode, HouseholdPlan, IntakeForm, NewMember
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm

pytestmark = pytest.mark.postgres


def rows(conn: psycopg.Connection, sql: str, *params) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


@pytest.fixture
def office_with_intake(postgres_office):
    office = postgres_office
    program = office.admin.services.programs.create(
        office.admin.actor, ProgramForm("Family support", "", "90")
    )
    front_desk = office.hire(Role.FRONTDESK, "Taylor Brooks")
    form = IntakeForm(
        client=ClientForm(first_name="Ирина", last_name="Петрова", date_of_birth="03/04/1979"),
        household=HouseholdPlan(
            mode=HouseholdMode.HEAD,
            members=(NewMember("Олег", "Петров", "05/06/2012", RelationshipToHead.CHILD),),
        ),
        assessment=AssessmentForm(scores={LifeDomain.FOOD: 2}, needs="Groceries"),
        consent=ServiceConsentForm(given=True),
        program_id=program.id,
    )
    result = front_desk.services.intake.complete(front_desk.actor, form)
    return office, front_desk, result


def test_the_front_desk_takes_a_whole_intake_as_its_own_login(office_with_intake):
    office, front_desk, result = office_with_intake
    with office.superuser() as su:
        assert rows(
            su,
            "SELECT status, assigned_staff_id, created_by FROM cases WHERE id = %s",
            result.case_id,
        ) == [("intake", None, front_desk.actor.username)]  # stamped by the server
        assert rows(
            su,
            "SELECT domain, score FROM assessment_scores s JOIN assessments a "
            "ON a.id = s.assessment_id WHERE a.client_id = %s",
            result.client.id,
        ) == [("food", 2)]
        audited = {
            r[0]
            for r in rows(
                su,
                "SELECT DISTINCT entity_type FROM audit_events WHERE actor = %s "
                "AND action = 'row.inserted'",
                front_desk.actor.username,
            )
        }
    assert {"table:assessments", "table:consents", "table:cases", "table:clients"} <= audited


def test_a_caseworker_sees_the_intake_only_once_the_case_is_theirs(office_with_intake):
    office, _front_desk, result = office_with_intake
    worker = office.hire(Role.CASEWORKER, "Jamie Chen")
    with office.connect_as(worker.actor.username) as psql:
        for table in ("assessments", "assessment_scores", "consents"):
            assert rows(psql, f"SELECT count(*) FROM {table}") == [(0,)]
        with pytest.raises(errors.InsufficientPrivilege):  # nor can they write one in
            psql.execute(
                "INSERT INTO consents (client_id, kind, method, signed_on, effective_on, "
                "version, created_at, created_by, updated_at, updated_by) VALUES "
                "(%s, 'services', 'paper', current_date, current_date, 1, now(), '', now(), '')",
                (result.client.id,),
            )
    # A supervisor puts the client on the worker's caseload (a case assigned to them).
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    supervisor.services.cases.open_case(
        supervisor.actor, result.client.id, assign_to=worker.actor.staff_id
    )
    with office.connect_as(worker.actor.username) as psql:
        assert rows(psql, "SELECT kind FROM consents") == [("services",)]
        assert rows(psql, "SELECT domain FROM assessment_scores") == [("food",)]
    [assessment] = worker.services.records.assessments(worker.actor, result.client.id)
    assert assessment.needs == "Groceries"
    # The child registered at intake is not on the worker's caseload.
    with office.connect_as(worker.actor.username) as psql:
        assert rows(
            psql, "SELECT count(*) FROM clients WHERE id = %s", result.members_registered[0]
        ) == [(0,)]
