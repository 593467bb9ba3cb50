"""What CaseDesk now collects for HMIS, stored on both databases: the destination
asked as a case closes, the relationship to the head of household as it opens,
and each program's project elements; and on a shared server, who may read the
export's rows through migration 0025's functions."""

from __future__ import annotations

import io
import re

import pytest
from psycopg import errors

from domain.cases.case import CaseStatus
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.errors import ValidationError
from domain.hmis_export.options import ExportForm
from domain.hmis_export.project import HmisProject
from storage.hmis_export.queries import CLIENTS, ENROLLMENTS, POSTGRES, rendered
from tests.storage.hmis_export.hmis_office import PERIOD, RAPID_REHOUSING, read_zip, register


def _close(scene, destination, subsidy="", other="", reason="goals_met"):
    s, a = scene.supervisor.services, scene.supervisor.actor
    case = s.cases.get(a, scene.cases["Ana"])
    return s.cases.close(
        a,
        case.id,
        case.version,
        reason,
        "achieved",
        destination=destination,
        destination_subsidy=subsidy,
        destination_other=other,
    )


@pytest.mark.parametrize(
    ("destination", "subsidy", "other", "reason", "field", "words"),
    [
        ("", "", "", "goals_met", "destination", "Choose where the client went"),
        ("12345", "", "", "goals_met", "destination", "Choose where the client went"),
        ("435", "", "", "goals_met", "destination_subsidy", "kind of housing subsidy"),
        ("435", "999", "", "goals_met", "destination_subsidy", "HUD's answers"),
        ("410", "419", "", "goals_met", "destination_subsidy", "Only for a rental"),
        ("17", "", "  ", "goals_met", "destination_other", "Say where the client went"),
        ("410", "", "Somewhere", "goals_met", "destination_other", "Only for “Other”"),
        ("410", "", "", "deceased", "destination", "choose “Deceased”"),
        ("24", "", "", "goals_met", "destination", "goes with the reason “Deceased”"),
    ],
)
def test_closing_a_case_asks_hud_s_destination_and_refuses_what_does_not_fit(
    scene, destination, subsidy, other, reason, field, words
):
    register(scene, ClientForm(first_name="Ana", last_name="Diaz"))
    with pytest.raises(ValidationError) as refused:
        _close(scene, destination, subsidy, other, reason)
    assert words in refused.value.errors[field]
    case = scene.supervisor.services.cases.get(scene.supervisor.actor, scene.cases["Ana"])
    assert case.status is not CaseStatus.CLOSED


def test_the_destination_is_kept_with_the_case_and_cleared_when_it_reopens(scene):
    register(scene, ClientForm(first_name="Ana", last_name="Diaz"))
    closed = _close(scene, "435", subsidy="419")
    s, a = scene.supervisor.services, scene.supervisor.actor
    case = s.cases.get(a, closed.id)
    assert (case.exit_destination, case.exit_destination_subsidy) == (435, 419)
    reopened = s.cases.reopen(a, case.id, case.version)
    assert (reopened.exit_destination, reopened.exit_destination_subsidy) == (None, None)
    reopened = s.cases.get(a, case.id)
    other = s.cases.close(
        a,
        case.id,
        reopened.version,
        "moved_away",
        "unknown",
        destination="17",
        destination_other="Back home to Guatemala",
    )
    assert (other.exit_destination, other.exit_destination_other) == (17, "Back home to Guatemala")
    history = s.cases.get(a, case.id)
    assert history.exit_destination_subsidy is None


def test_a_case_keeps_the_relationship_to_the_head_of_household_it_opened_with(scene):
    s, a = scene.supervisor.services, scene.supervisor.actor
    head = s.clients.register(a, ClientForm(first_name="Bo", last_name="Chen"), "test").id
    child = s.clients.register(a, ClientForm(first_name="Mei", last_name="Chen"), "test").id
    alone = s.clients.register(a, ClientForm(first_name="Cy", last_name="Reed"), "test").id
    s.households.join(a, child, head, 2)
    cases = {
        who: s.cases.open_case(a, client, None, scene.rapid_rehousing)
        for who, client in (("head", head), ("child", child), ("alone", alone))
    }
    s.households.leave(a, child)  # later changes leave the case as it opened
    target = io.BytesIO()
    s.hmis_export.export(a, ExportForm(*PERIOD, (scene.rapid_rehousing,)), target)
    rows = {r["EnrollmentID"]: r for r in read_zip(target.getvalue())["Enrollment.csv"]}
    assert [rows[str(cases[w])]["RelationshipToHoH"] for w in ("head", "child", "alone")] == [
        "1",
        "2",
        "1",
    ]
    # She has left the household: no head shares hers now, and the check says so.
    assert rows[str(cases["child"])]["HouseholdID"] == f"H{cases['child']}"
    report = s.hmis_export.check(a, ExportForm(*PERIOD, (scene.rapid_rehousing,)))
    [problem] = report.element("relationship").problems
    assert (problem.client_id, problem.case_id) == (child, cases["child"])


def test_a_program_keeps_its_hmis_project_elements(scene):
    programs = scene.admin.services.programs
    stored = programs.get(scene.admin.actor, scene.rapid_rehousing)
    assert stored.hmis.project_type == 13 and stored.hmis.coc_code == "OH-505"
    assert stored.as_form().hmis_grant_start == "07/01/2025"
    # A supervisor reads the project as the administrator saved it.
    assert (
        scene.supervisor.services.programs.get(scene.supervisor.actor, scene.rapid_rehousing).hmis
        == stored.hmis
    )
    cleared = programs.change(
        scene.admin.actor,
        stored.id,
        stored.version,
        ProgramForm("Rapid rehousing", "", "60"),
    )
    assert cleared.hmis == HmisProject()
    with pytest.raises(ValidationError) as refused:
        programs.change(
            scene.admin.actor,
            cleared.id,
            cleared.version,
            ProgramForm(
                "Rapid rehousing",
                "",
                "60",
                **{**RAPID_REHOUSING, "hmis_coc_code": "ZZ-999", "hmis_rrh_subtype": ""},
            ),
        )
    assert "HUD's list" in refused.value.errors["hmis_coc_code"]


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


@pytest.mark.postgres
def test_the_server_reads_the_export_through_the_same_sql_sqlite_runs(postgres_office):
    with postgres_office.superuser() as su:
        for name, query in (
            ("hmis_export_clients", CLIENTS),
            ("hmis_export_enrollments", ENROLLMENTS),
        ):
            (definition,) = su.execute(
                "SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.proname = %s", (name,)
            ).fetchone()
            assert _normalised(rendered(query, POSTGRES)) in _normalised(definition), name
            assert "SECURITY DEFINER" in definition


@pytest.mark.postgres
def test_in_psql_only_supervisors_and_administrators_read_the_export_rows(postgres_office):
    from tests.storage.hmis_export.hmis_office import set_up

    scene = set_up(postgres_office)
    register(scene, ClientForm(first_name="Ana", last_name="Diaz", ssn="123-45-6789"))
    call = (
        "SELECT first_name, ssn FROM hmis_export_clients("
        "'2026-01-01', '2026-12-31', ARRAY[%s]::bigint[], %s)"
    )
    for person in (scene.caseworker, scene.frontdesk):
        with postgres_office.connect_as(person.actor.username) as psql:
            psql.execute("SET search_path = casedesk")
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(call, (scene.rapid_rehousing, True))
    with postgres_office.connect_as(scene.admin.actor.username) as psql:
        psql.execute("SET search_path = casedesk")
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("SELECT first_name FROM clients")  # still no client records
        assert psql.execute(call, (scene.rapid_rehousing, True)).fetchall() == [
            ("Ana", "123456789")
        ]
        # Excluded or hashed on the way out: the names never leave the server.
        assert psql.execute(call, (scene.rapid_rehousing, False)).fetchall() == [(None, None)]
