"""The demo office, exported: every client's and case's codes come back as the demo
recorded them (the demo is the embedded database's)."""

from __future__ import annotations

import io

import main
from demo.accounts import DEMO_PASSWORD
from demo.office import seed_demo_office
from domain.hmis_export.options import ExportForm
from domain.hmis_export.service import RACE_COLUMNS
from tests.conftest import FAST_HASHING
from tests.storage.hmis_export.hmis_office import read_zip


def test_the_demo_office_exports_the_codes_it_was_given(sqlite_engine, clock):
    auth = main.build_embedded(sqlite_engine, clock=clock, hashing=FAST_HASHING)
    seed_demo_office(auth, "DEMO-PC", clients=40)
    dlee = auth.sign_in("dlee", DEMO_PASSWORD, "DEMO-PC")
    s, a = dlee.services, dlee.actor
    programs = tuple(p.program.id for p in s.hmis_export.projects(a))
    assert programs and all(not p.missing for p in s.hmis_export.projects(a))
    target = io.BytesIO()
    summary = s.hmis_export.export(a, ExportForm("01/01/2026", "11/23/2026", programs), target)
    files = read_zip(target.getvalue())

    clients = files["Client.csv"]
    assert len(clients) == summary.rows["Client.csv"] == s.clients.list_page(a).total
    for row in clients:
        record = s.clients.open(a, int(row["PersonalID"]))
        assert (row["FirstName"], row["LastName"]) == (record.first_name, record.last_name)
        assert row["DOB"] == (record.date_of_birth.isoformat() if record.date_of_birth else "")
        expected = {
            "NameDataQuality": record.name_quality,
            "SSNDataQuality": record.ssn_quality,
            "DOBDataQuality": record.dob_quality,
            "Sex": record.sex,
            "VeteranStatus": record.veteran_status,
        }
        assert {k: row[k] for k in expected} == {k: str(v) for k, v in expected.items()}
        given = record.race_ethnicity - {8, 9, 99}
        assert {code for code, column in RACE_COLUMNS.items() if row[column] == "1"} == given
        assert row["RaceNone"] == ("" if given else str(min(record.race_ethnicity)))

    exits = {row["EnrollmentID"]: row for row in files["Exit.csv"]}
    assert exits  # the demo closed some cases
    for row in files["Enrollment.csv"]:
        cases = {c.id: c for c in s.records.cases(a, int(row["PersonalID"]))}
        case = cases[int(row["EnrollmentID"])]
        assert row["ProjectID"] == str(case.program_id)
        assert row["EntryDate"] == case.opened_on.isoformat()
        if case.closed_on is not None:
            left = exits[row["EnrollmentID"]]
            assert left["Destination"] == str(case.exit_destination)
            assert left["DestinationSubsidyType"] == str(case.exit_destination_subsidy or "")
        else:
            assert row["EnrollmentID"] not in exits
    [organization] = files["Organization.csv"]
    assert organization["OrganizationName"] == "Miami Valley Family Services"
