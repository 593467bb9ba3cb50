"""The HMIS CSV export (HUD FY2026), on SQLite and PostgreSQL: every file with the
specification's header, rows that parse back to the codes CaseDesk was given,
hashed and excluded identifying details, who may export, and the audit trail."""

from __future__ import annotations

import hashlib
import io
import re

import pytest

from domain.audit.events import AuditFilter
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.hmis_export.fy2026_columns import FILES, header
from domain.hmis_export.hashing import soundex
from domain.hmis_export.options import ExportForm
from domain.hmis_export.service import EMPTY_FILES
from tests.storage.hmis_export.hmis_office import (
    AGENCY,
    PERIOD,
    HmisOffice,
    close,
    read_zip,
    register,
)


def export(scene: HmisOffice, *programs: int, pii: str = "full", who=None) -> dict:
    person = who or scene.supervisor
    form = ExportForm(*PERIOD, programs or (scene.rapid_rehousing, scene.family_support), pii)
    target = io.BytesIO()
    person.services.hmis_export.export(person.actor, form, target)
    return read_zip(target.getvalue())


def by_id(rows: list[dict], column: str) -> dict[str, dict]:
    return {row[column]: row for row in rows}


def a_household(scene: HmisOffice) -> tuple[int, int]:
    """Bo heads a household; Mei, his daughter, joined it before their cases opened."""
    s, a = scene.supervisor.services, scene.supervisor.actor
    bo = s.clients.register(a, ClientForm(first_name="Bo", last_name="Chen"), "test").id
    mei = s.clients.register(a, ClientForm(first_name="Mei", last_name="Chen"), "test").id
    s.households.join(a, mei, bo, 2)
    for name, client in (("Bo", bo), ("Mei", mei)):
        scene.cases[name] = s.cases.open_case(
            a, client, scene.caseworker.actor.staff_id, scene.rapid_rehousing
        )
        scene.clients[name] = client
    return bo, mei


ANA = ClientForm(
    first_name="Ana",
    middle_name="Maria",
    last_name="Diaz",
    suffix="Jr",
    date_of_birth="1980-03-04",
    ssn="123-45-6789",
    race_ethnicity=frozenset({3, 6}),
    sex=0,
    veteran_status=0,
    disabling_condition=1,
)


def test_every_file_of_the_format_is_there_with_its_header_in_order(scene):
    register(scene, ANA)
    files = export(scene)
    names = {name for name in files if not name.endswith(":header")}
    assert names == set(FILES)  # all 24 files, and no other
    for name in FILES:
        assert files[name + ":header"] == list(header(name)), name
    for name in EMPTY_FILES:
        assert files[name] == [], name


def test_an_export_parses_back_with_the_codes_it_was_given(scene):
    ana = register(scene, ANA)
    close(scene, "Ana", "435", subsidy="419")
    register(scene, ClientForm(first_name="Cy", last_name="Reed"))
    close(scene, "Cy", "17", other="A cousin's farm")
    eve = register(scene, ClientForm(first_name="Eve", last_name="Stone"), scene.family_support)
    fay = register(scene, ClientForm(first_name="Fay", last_name="Ortiz"), scene.not_set_up)
    bo, mei = a_household(scene)
    files = export(scene)

    clients = by_id(files["Client.csv"], "PersonalID")
    assert str(fay) not in clients  # her program was not chosen
    row = clients[str(ana)]
    assert (row["FirstName"], row["MiddleName"], row["LastName"], row["NameSuffix"]) == (
        "Ana",
        "Maria",
        "Diaz",
        "Jr",
    )
    assert (row["NameDataQuality"], row["SSN"], row["SSNDataQuality"]) == ("1", "123456789", "1")
    assert (row["DOB"], row["DOBDataQuality"], row["Sex"]) == ("1980-03-04", "1", "0")
    races = {c: row[c] for c in ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao")}
    assert races == {
        "AmIndAKNative": "0",
        "Asian": "0",
        "BlackAfAmerican": "1",
        "HispanicLatinao": "1",
    }
    assert (row["White"], row["MidEastNAfrican"], row["NativeHIPacific"], row["RaceNone"]) == (
        "0",
        "0",
        "0",
        "",
    )
    assert (row["VeteranStatus"], row["UserID"]) == ("0", scene.supervisor.actor.username)
    # HUD's date-time, in local time (on a shared server the server stamps the rows).
    assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d", row["DateCreated"])
    # Someone never asked their race: "data not collected", each race No.
    cy = clients[str(scene.clients["Cy"])]
    assert cy["RaceNone"] == "99" and cy["White"] == "0" and cy["VeteranStatus"] == "99"

    enrollments = by_id(files["Enrollment.csv"], "EnrollmentID")
    assert set(enrollments) == {str(scene.cases[n]) for n in ("Ana", "Cy", "Eve", "Bo", "Mei")}
    own = enrollments[str(scene.cases["Ana"])]
    assert (own["PersonalID"], own["ProjectID"], own["EntryDate"]) == (
        str(ana),
        str(scene.rapid_rehousing),
        "2026-11-23",
    )
    assert (own["RelationshipToHoH"], own["EnrollmentCoC"], own["DisablingCondition"]) == (
        "1",
        "OH-505",
        "1",
    )
    assert own["HouseholdID"] == f"H{scene.cases['Ana']}" and own["LivingSituation"] == "99"
    head, child = enrollments[str(scene.cases["Bo"])], enrollments[str(scene.cases["Mei"])]
    assert head["RelationshipToHoH"] == "1" and child["RelationshipToHoH"] == "2"
    assert head["HouseholdID"] == child["HouseholdID"] == f"H{scene.cases['Bo']}"
    assert child["EnrollmentCoC"] == ""  # the head's element
    assert enrollments[str(scene.cases["Eve"])]["ProjectID"] == str(scene.family_support)
    assert {bo, mei, eve} <= {int(pid) for pid in clients}

    exits = by_id(files["Exit.csv"], "ExitID")
    assert set(exits) == {str(scene.cases["Ana"]), str(scene.cases["Cy"])}
    ana_exit, cy_exit = exits[str(scene.cases["Ana"])], exits[str(scene.cases["Cy"])]
    assert (ana_exit["ExitDate"], ana_exit["Destination"], ana_exit["DestinationSubsidyType"]) == (
        "2026-11-23",
        "435",
        "419",
    )
    assert (cy_exit["Destination"], cy_exit["OtherDestination"]) == ("17", "A cousin's farm")

    projects = by_id(files["Project.csv"], "ProjectID")
    rrh = projects[str(scene.rapid_rehousing)]
    assert (rrh["ProjectType"], rrh["RRHSubType"], rrh["HousingType"]) == ("13", "2", "3")
    assert (rrh["OperatingStartDate"], rrh["ContinuumProject"], rrh["OrganizationID"]) == (
        "2020-01-01",
        "1",
        "1",
    )
    family = projects[str(scene.family_support)]
    assert (family["ProjectType"], family["ResidentialAffiliation"], family["HousingType"]) == (
        "6",
        "0",
        "",
    )
    funders = by_id(files["Funder.csv"], "ProjectID")
    assert (
        funders[str(scene.rapid_rehousing)]["Funder"],
        funders[str(scene.rapid_rehousing)]["GrantID"],
    ) == ("3", "OH0505L5E012300")
    assert funders[str(scene.family_support)]["OtherFunder"] == "Miami Valley Community Foundation"
    coc = by_id(files["ProjectCoC.csv"], "ProjectID")[str(scene.rapid_rehousing)]
    assert (coc["CoCCode"], coc["Geocode"], coc["Zip"], coc["GeographyType"]) == (
        "OH-505",
        "391113",
        "45402",
        "1",
    )
    participation = by_id(files["HMISParticipation.csv"], "ProjectID")[str(scene.family_support)]
    assert participation["HMISParticipationType"] == "1"
    assert participation["HMISParticipationStatusStartDate"] == "2025-07-01"

    [organization] = files["Organization.csv"]
    assert (organization["OrganizationName"], organization["VictimServiceProvider"]) == (
        AGENCY,
        "0",
    )
    [made] = files["Export.csv"]
    assert (made["SourceType"], made["ExportStartDate"], made["ExportEndDate"]) == (
        "2",
        "2026-01-01",
        "2026-11-23",
    )
    assert (made["CSVVersion"], made["HashStatus"], made["ExportPeriodType"]) == (
        "2026 v1.3",
        "1",
        "3",
    )
    assert (made["SourceName"], made["SourceContactFirst"], made["SourceContactLast"]) == (
        AGENCY,
        "Dana",
        "Lee",
    )
    assert made["SourceContactPhone"] == "9375550100" and made["SoftwareName"] == "CaseDesk"
    export_ids = {row["ExportID"] for name in FILES for row in files[name] if "ExportID" in row}
    assert export_ids == {made["ExportID"]}
    users = by_id(files["User.csv"], "UserID")
    referred = {row["UserID"] for name in FILES for row in files[name] if row.get("UserID")}
    assert referred <= set(users)
    assert users[scene.supervisor.actor.username]["UserLastName"] == "Lee"


EVERY_ANSWER = (
    ClientForm(
        first_name="Quinn",
        last_name="Full",
        date_of_birth="1975-01-02",
        ssn="234-56-7890",
        race_ethnicity=frozenset({5}),
        sex=1,
        veteran_status=1,
        disabling_condition=0,
    ),
    ClientForm(
        first_name="Rue",
        name_quality=2,
        date_of_birth="1990-06-01",
        dob_quality=2,
        ssn="xxx-xx-4321",
        ssn_quality=2,
        race_ethnicity=frozenset({1, 2, 4, 7}),
        sex=8,
        veteran_status=8,
        disabling_condition=8,
    ),
    ClientForm(
        name_quality=8,
        dob_quality=8,
        ssn_quality=8,
        race_ethnicity=frozenset({8}),
        sex=9,
        veteran_status=9,
        disabling_condition=9,
    ),
    ClientForm(
        name_quality=9,
        dob_quality=9,
        ssn_quality=9,
        race_ethnicity=frozenset({9}),
        sex=99,
        veteran_status=99,
        disabling_condition=99,
    ),
    ClientForm(
        name_quality=99,
        dob_quality=99,
        ssn_quality=99,
        race_ethnicity=frozenset({99}),
        sex=0,
        veteran_status=0,
        disabling_condition=1,
    ),
)
RACE_COLUMNS = {
    1: "AmIndAKNative",
    2: "Asian",
    3: "BlackAfAmerican",
    4: "NativeHIPacific",
    5: "White",
    6: "HispanicLatinao",
    7: "MidEastNAfrican",
}


def test_clients_with_every_data_quality_answer_export_them_and_are_counted(scene):
    ids = [register(scene, form) for form in EVERY_ANSWER]
    files = export(scene, scene.rapid_rehousing)
    clients = by_id(files["Client.csv"], "PersonalID")
    for client_id, form in zip(ids, EVERY_ANSWER, strict=True):
        row = clients[str(client_id)]
        record = scene.supervisor.services.clients.open(scene.supervisor.actor, client_id)
        assert row["NameDataQuality"] == str(record.name_quality) == str(form.name_quality)
        assert row["SSNDataQuality"] == str(record.ssn_quality)
        assert row["DOBDataQuality"] == str(record.dob_quality)
        assert (row["Sex"], row["VeteranStatus"]) == (str(form.sex), str(form.veteran_status))
        given = form.race_ethnicity - {8, 9, 99}
        assert {code for code, column in RACE_COLUMNS.items() if row[column] == "1"} == given
        assert all(row[column] in ("0", "1") for column in RACE_COLUMNS.values())
        no_race = form.race_ethnicity & {8, 9, 99}
        assert row["RaceNone"] == (str(min(no_race)) if no_race else "")
        enrollment = next(e for e in files["Enrollment.csv"] if e["PersonalID"] == str(client_id))
        assert enrollment["DisablingCondition"] == str(form.disabling_condition)
        if form.name_quality in (8, 9, 99):
            assert row["FirstName"] == row["LastName"] == "" and row["DOB"] == row["SSN"] == ""
    assert clients[str(ids[0])]["SSN"] == "234567890"
    assert clients[str(ids[1])]["SSN"] == "xxxxx4321"  # HUD's x for each unknown digit
    assert (clients[str(ids[1])]["DOB"], clients[str(ids[1])]["FirstName"]) == ("1990-06-01", "Rue")

    report = scene.supervisor.services.hmis_export.check(
        scene.supervisor.actor, ExportForm(*PERIOD, (scene.rapid_rehousing,))
    )
    counted = {e.key: (e.applicable, e.doesnt_know, e.missing, e.issues) for e in report.elements}
    for key in ("name", "ssn", "dob"):
        assert counted[key] == (5, 2, 1, 1), key  # 8 and 9; 99; partial or approximate
    for key in ("race", "sex", "veteran", "disabling"):
        assert counted[key] == (5, 2, 1, 0), key
    assert counted["relationship"] == (5, 0, 0, 0)
    names = report.element("name")
    assert {p.client_id for p in names.problems} == set(ids[1:])
    assert {p.detail for p in names.problems if p.client_id == ids[1]} == {
        "Partial, street or code name"
    }
    assert report.names_shown and report.ready and report.clients == 5


def test_hashed_names_and_ssn_follow_hud_and_excluded_leave_them_out(scene):
    ana = str(register(scene, ANA))
    rue = str(register(scene, EVERY_ANSWER[1]))
    hashed = export(scene, scene.rapid_rehousing, pii="hashed")
    row = by_id(hashed["Client.csv"], "PersonalID")[ana]

    def sha(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    assert soundex("Diaz") == "D200" and soundex("Ana") == "A500"
    assert (row["FirstName"], row["MiddleName"], row["LastName"]) == (
        sha("A500"),
        sha("M600"),
        sha("D200"),
    )
    assert row["SSN"] == "6789" + sha("123456789")  # the last four, then the whole digest
    assert (row["DOB"], row["NameSuffix"], row["NameDataQuality"]) == ("1980-03-04", "Jr", "1")
    partial = by_id(hashed["Client.csv"], "PersonalID")[rue]
    assert partial["SSN"] == "4321" + sha("xxxxx4321") and partial["LastName"] == ""
    assert hashed["Export.csv"][0]["HashStatus"] == "4"

    excluded = export(scene, scene.rapid_rehousing, pii="excluded")
    row = by_id(excluded["Client.csv"], "PersonalID")[ana]
    for column in ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN", "DOB"):
        assert row[column] == "", column
    assert (row["NameDataQuality"], row["SSNDataQuality"], row["DOBDataQuality"]) == ("1", "1", "1")
    assert (row["BlackAfAmerican"], row["Sex"]) == ("1", "0")
    assert excluded["Export.csv"][0]["HashStatus"] == "1"
    # The enrollments lose nothing: adults' prior living situation is still asked of them.
    assert by_id(excluded["Enrollment.csv"], "PersonalID")[ana]["LivingSituation"] == "99"


def test_caseworkers_and_the_front_desk_may_not_export_or_check(scene):
    register(scene, ANA)
    form = ExportForm(*PERIOD, (scene.rapid_rehousing,))
    for person in (scene.caseworker, scene.frontdesk):
        service, me = person.services.hmis_export, person.actor
        for call, arguments in (
            (service.check, (me, form)),
            (service.export, (me, form, io.BytesIO())),
            (service.projects, (me,)),
            (service.organization, (me,)),
        ):
            with pytest.raises(PermissionDenied, match="supervisors and administrators"):
                call(*arguments)
    refusals = scene.admin.services.audit.query(
        scene.admin.actor, AuditFilter(action="access.refused")
    )
    assert {r.actor for r in refusals if r.detail == "hmis.export"} == {
        scene.caseworker.actor.username,
        scene.frontdesk.actor.username,
    }


def test_an_administrator_sees_counts_not_names_and_exports_the_same_rows(scene):
    for form in EVERY_ANSWER:
        register(scene, form)
    admin, supervisor = scene.admin, scene.supervisor
    form = ExportForm(*PERIOD, (scene.rapid_rehousing,))
    counts = admin.services.hmis_export.check(admin.actor, form)
    assert not counts.names_shown
    assert all(element.problems == () for element in counts.elements)
    seen = supervisor.services.hmis_export.check(supervisor.actor, form)
    assert [(e.key, e.total) for e in counts.elements] == [(e.key, e.total) for e in seen.elements]
    assert seen.element("name").problems  # the supervisor's list of clients to fix

    by_admin = export(scene, scene.rapid_rehousing, who=admin)
    by_supervisor = export(scene, scene.rapid_rehousing)

    def clients(files):
        return [{k: v for k, v in row.items() if k != "ExportID"} for row in files["Client.csv"]]

    assert clients(by_admin) == clients(by_supervisor) and len(clients(by_admin)) == 5
    exported = admin.services.audit.query(admin.actor, AuditFilter(action="hmis.exported"))
    assert {e.actor for e in exported} == {admin.actor.username, supervisor.actor.username}
    for entry in exported:
        assert entry.detail.startswith(
            f"from=2026-01-01;to=2026-11-23;programs={scene.rapid_rehousing};pii=full;"
        )
        assert "Client=5;Enrollment=5" in entry.detail and "Exit=" not in entry.detail
    checked = admin.services.audit.query(admin.actor, AuditFilter(action="hmis.quality_checked"))
    assert {e.detail.rsplit(";", 1)[1] for e in checked} == {"names=counts only", "names=shown"}
    assert all("clients=5;enrollments=5" in e.detail for e in checked)


def test_a_program_not_set_up_for_hmis_stops_the_export_and_says_what_it_lacks(scene):
    register(scene, ClientForm(first_name="Fay", last_name="Ortiz"), scene.not_set_up)
    service, me = scene.supervisor.services.hmis_export, scene.supervisor.actor
    form = ExportForm(*PERIOD, (scene.not_set_up,))
    report = service.check(me, form)
    assert not report.ready and report.clients == 1
    assert "Food help lacks: Project type (2.02.6)" in report.blockers[0]
    target = io.BytesIO()
    with pytest.raises(ValidationError) as refused:
        service.export(me, form, target)
    assert "CoC code (2.03.1)" in refused.value.errors["export"]
    assert target.getvalue() == b""  # nothing written
    assert not scene.admin.services.audit.query(
        scene.admin.actor, AuditFilter(action="hmis.exported")
    )


def test_the_export_needs_the_agency_to_say_whether_it_is_a_victim_service_provider(office):
    from tests.storage.hmis_export.hmis_office import set_up

    scene = set_up(office, victim_service_provider="1")
    register(scene, ANA)
    assert export(scene)["Organization.csv"][0]["VictimServiceProvider"] == "1"
    with pytest.raises(ValidationError, match="victim service provider"):
        scene.admin.services.hmis_export.set_victim_service_provider(
            scene.admin.actor, "maybe", None
        )
    with pytest.raises(PermissionDenied):
        scene.supervisor.services.hmis_export.set_victim_service_provider(
            scene.supervisor.actor, "0", None
        )


def test_the_options_are_checked_field_by_field(scene):
    service, me = scene.supervisor.services.hmis_export, scene.supervisor.actor
    with pytest.raises(ValidationError) as refused:
        service.check(me, ExportForm("13/45/2026", "01/01/2026", (), "plain"))
    assert set(refused.value.errors) == {"start", "programs", "pii"}
    with pytest.raises(ValidationError) as refused:
        service.check(me, ExportForm("06/01/2026", "05/01/2026", (scene.rapid_rehousing,)))
    assert "ends before it starts" in refused.value.errors["end"]
    with pytest.raises(ValidationError) as refused:
        service.check(me, ExportForm("06/01/2026", "12/31/2026", (scene.rapid_rehousing,)))
    assert "cannot end after today" in refused.value.errors["end"]
    with pytest.raises(ValidationError, match="Choose programs from the list"):
        service.check(me, ExportForm(*PERIOD, (987654,)))


def test_the_period_decides_which_cases_go_and_an_exit_after_it_does_not(scene, clock):
    from datetime import timedelta

    ana = str(register(scene, ANA))  # opened 11/23
    clock.now += timedelta(days=3)
    close(scene, "Ana", "410")  # closed 11/26
    late = str(register(scene, ClientForm(first_name="Late", last_name="Comer")))  # 11/26

    def exported(end: str) -> dict:
        target = io.BytesIO()
        form = ExportForm("01/01/2026", end, (scene.rapid_rehousing,))
        scene.supervisor.services.hmis_export.export(scene.supervisor.actor, form, target)
        return read_zip(target.getvalue())

    before = exported("11/24/2026")
    assert [row["PersonalID"] for row in before["Client.csv"]] == [ana]
    assert before["Exit.csv"] == []  # she was still in the project when the period ended
    after = exported("11/26/2026")
    assert [row["PersonalID"] for row in after["Client.csv"]] == [ana, late]
    assert [row["ExitDate"] for row in after["Exit.csv"]] == ["2026-11-26"]
