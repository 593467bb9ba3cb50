"""An office ready for an HMIS export, for the export's tests on both databases
(and the GUI's): its agency named, programs set up as HMIS projects, staff of
every role, and clients whose every answer is known to the test."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.settings.office_settings import AgencyForm
from domain.staff.session import Session

AGENCY = "Valley Family Services"
PERIOD = ("01/01/2026", "11/23/2026")  # the tests' clock stands at 11/23/2026

RAPID_REHOUSING = {
    "hmis_project_type": "13",
    "hmis_rrh_subtype": "2",
    "hmis_housing_type": "3",
    "hmis_operating_start": "01/01/2020",
    "hmis_continuum_project": "1",
    "hmis_target_population": "4",
    "hmis_coc_code": "OH-505",
    "hmis_geocode": "391113",
    "hmis_geography_type": "1",
    "hmis_address": "120 West Second Street",
    "hmis_city": "Dayton",
    "hmis_state": "OH",
    "hmis_zip": "45402",
    "hmis_funder": "3",
    "hmis_grant_id": "OH0505L5E012300",
    "hmis_grant_start": "07/01/2025",
    "hmis_grant_end": "06/30/2026",
    "hmis_participation": "1",
    "hmis_participation_start": "07/01/2025",
}
SERVICES_ONLY = {
    **{k: v for k, v in RAPID_REHOUSING.items() if k not in ("hmis_rrh_subtype",)},
    "hmis_project_type": "6",
    "hmis_housing_type": "",
    "hmis_residential_affiliation": "0",
    "hmis_continuum_project": "0",
    "hmis_funder": "46",
    "hmis_other_funder": "Miami Valley Community Foundation",
    "hmis_grant_id": "MVCF-2025-FS",
}


@dataclass
class HmisOffice:
    admin: Session
    supervisor: Session
    caseworker: Session
    frontdesk: Session
    rapid_rehousing: int
    family_support: int
    not_set_up: int
    clients: dict[str, int] = field(default_factory=dict)  # by their first name
    cases: dict[str, int] = field(default_factory=dict)


def set_up(office, *, victim_service_provider: str = "0") -> HmisOffice:
    """``office``: an embedded or a PostgreSQL office (``.admin``, ``.hire(role)``)."""
    admin = office.admin
    a = admin.actor
    admin.services.settings.set_agency_details(
        a, AgencyForm(AGENCY, "1 Main Street", "(937) 555-0100")
    )
    organization = admin.services.hmis_export.organization(a)
    admin.services.hmis_export.set_victim_service_provider(
        a, victim_service_provider, organization.version
    )
    programs = admin.services.programs
    rrh = programs.create(a, ProgramForm("Rapid rehousing", "", "60", **RAPID_REHOUSING)).id
    family = programs.create(a, ProgramForm("Family support", "", "90", **SERVICES_ONLY)).id
    plain = programs.create(a, ProgramForm("Food help", "", "90")).id
    return HmisOffice(
        admin,
        office.hire(Role.SUPERVISOR, "Dana Lee"),
        office.hire(Role.CASEWORKER, "Jamie Chen"),
        office.hire(Role.FRONTDESK, "Taylor Brooks"),
        rrh,
        family,
        plain,
    )


def register(scene: HmisOffice, form: ClientForm, program: int | None = None) -> int:
    """A client with a case in ``program`` (the rapid rehousing one by default),
    assigned to the caseworker."""
    s, a = scene.supervisor.services, scene.supervisor.actor
    client = s.clients.register(a, form, "a test client")
    case = s.cases.open_case(
        a, client.id, scene.caseworker.actor.staff_id, program or scene.rapid_rehousing
    )
    scene.clients[form.first_name or str(client.id)] = client.id
    scene.cases[form.first_name or str(client.id)] = case
    return client.id


def close(scene: HmisOffice, name: str, destination: str, subsidy: str = "", other: str = ""):
    s, a = scene.supervisor.services, scene.supervisor.actor
    case_id = scene.cases[name]
    case = s.cases.get(a, case_id)
    reason = "deceased" if destination == "24" else "goals_met"
    return s.cases.close(
        a,
        case_id,
        case.version,
        reason,
        "achieved",
        destination=destination,
        destination_subsidy=subsidy,
        destination_other=other,
    )


def read_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    """Each file's rows, by column; a file's header is kept as the key ``__header__``'s
    only row (a list of names)."""
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            header, body = rows[0], rows[1:]
            assert all(len(row) == len(header) for row in body), name
            files[name] = [dict(zip(header, row, strict=True)) for row in body]
            files[name + ":header"] = header  # type: ignore[assignment]
    return files
