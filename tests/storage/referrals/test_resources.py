"""The resource directory on both databases: kept by administrators and
supervisors, found by name, category and language, and loaded from (and saved
to) a spreadsheet all or nothing."""

from __future__ import annotations

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.common.errors import ConflictError, PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.referrals.resource_csv import COLUMNS, CsvImportError
from domain.referrals.resources import ResourceCategory, ResourceForm

PANTRY = ResourceForm(
    organisation="St. Vincent Food Pantry",
    service="Emergency groceries",
    categories=("food",),
    address="120 Main Street\nDayton, OH 45402",
    phone="937 555 0100",
    email="help@svpantry.org",
    website="https://svpantry.org",
    hours="Mon–Fri 9–4",
    eligibility="Montgomery County residents",
    intake_notes="Walk in with ID",
    languages="English, Spanish",
)


def good_csv() -> str:
    header = ",".join(COLUMNS)
    return (
        f"{header}\r\n"
        'Dayton Legal Aid,Eviction defence,legal,"44 Court St\nSuite 3",(937) 555-0101,,,,'
        '"Income under 200%, FPL",Call first,English;Arabic,yes\r\n'
        'Valley Clinic,"Primary care, walk-in",Health;Mental health,,937-555-0102,,'
        "www.valleyclinic.org,,,,Spanish,yes\r\n"
    )


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "ssup", "Sam Supervisor")


def test_keepers_add_and_change_everyone_finds(services, admin, supervisor, make_staff, actor):
    worker = make_staff(Role.CASEWORKER, "jchen")
    pantry = services.resources.create(admin, PANTRY)
    assert pantry.phone == "(937) 555-0100"
    assert pantry.address == "120 Main Street\nDayton, OH 45402"
    assert pantry.languages == ("English", "Spanish")
    services.resources.create(
        supervisor,
        ResourceForm(organisation="Metro Housing", categories=("housing",), languages="English"),
    )
    with pytest.raises(PermissionDenied):
        services.resources.create(worker, ResourceForm(organisation="X", categories=("food",)))
    for who in (worker, actor, admin):
        assert [r.organisation for r in services.resources.search(who, "vinc pant")] == [
            "St. Vincent Food Pantry"
        ]
    assert [r.organisation for r in services.resources.search(worker, "", "housing")] == [
        "Metro Housing"
    ]
    assert [r.organisation for r in services.resources.search(worker, "", None, "spanish")] == [
        "St. Vincent Food Pantry"
    ]
    assert services.resources.languages(worker) == ["English", "Spanish"]
    changed = services.resources.change(
        supervisor,
        pantry.id,
        pantry.version,
        ResourceForm(**{**PANTRY.__dict__, "hours": "Daily 8–8"}),
    )
    assert changed.hours == "Daily 8–8" and changed.version == pantry.version + 1
    with pytest.raises(ConflictError):
        services.resources.change(admin, pantry.id, pantry.version, PANTRY)
    retired = services.resources.set_active(admin, pantry.id, changed.version, False)
    assert not retired.active
    assert services.resources.search(worker, "pantry") == []
    assert [r.id for r in services.resources.search(admin, "pantry", include_inactive=True)] == [
        pantry.id
    ]
    with pytest.raises(PermissionDenied):
        services.resources.search(worker, "pantry", include_inactive=True)


def test_every_field_is_checked_at_once(services, admin):
    with pytest.raises(ValidationError) as refused:
        services.resources.create(
            admin,
            ResourceForm(
                organisation=" ",
                categories=("groceries",),
                phone="12",
                email="nobody",
                website="not a site",
                address="1\n2\n3\n4",
            ),
        )
    assert set(refused.value.errors) == {
        "organisation",
        "categories",
        "phone",
        "email",
        "website",
        "address",
    }
    assert "groceries" in refused.value.errors["categories"]
    services.resources.create(admin, PANTRY)
    with pytest.raises(ValidationError) as twice:
        services.resources.create(admin, PANTRY)
    assert "service" in twice.value.errors


def test_a_spreadsheet_imports_with_bom_quoted_commas_and_line_breaks(services, admin):
    data = ("\ufeff" + good_csv()).encode("utf-8")
    result = services.resources.import_csv(admin, data)
    assert (result.added, result.updated) == (2, 0)
    aid, clinic = services.resources.search(admin)
    assert (aid.organisation, aid.address) == ("Dayton Legal Aid", "44 Court St\nSuite 3")
    assert aid.eligibility == "Income under 200%, FPL"
    assert aid.languages == ("English", "Arabic")
    assert clinic.service == "Primary care, walk-in"
    assert clinic.categories == (ResourceCategory.HEALTH, ResourceCategory.MENTAL_HEALTH)
    # The same file again changes nothing; export and import round-trip.
    assert services.resources.import_csv(admin, data).added == 0
    exported = services.resources.export_csv(admin)
    assert exported.startswith("\ufeff".encode())
    again = services.resources.import_csv(admin, exported)
    assert (again.added, again.updated) == (0, 0)
    assert [r.to_form() for r in services.resources.search(admin)] == [
        aid.to_form(),
        clinic.to_form(),
    ]
    actions = [e.action for e in services.audit.query(admin, AuditFilter())]
    assert AuditAction.RESOURCES_IMPORTED in actions and AuditAction.RESOURCES_EXPORTED in actions


def test_a_bad_row_names_its_line_and_column_and_nothing_is_imported(services, admin):
    bad = (
        good_csv()
        + "Food Bank,,food,,,not-an-email,,,,,,yes\r\n"
        + ",Nameless,housing,,,,,,,,,yes\r\n"
        + "Shelter,,shelters,,,,,,,,,maybe\r\n"
    )
    with pytest.raises(CsvImportError) as refused:
        services.resources.import_csv(admin, bad)
    # The first data row spans lines 2-3 (a quoted line break), so these start at 5.
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (5, "email"),
        (6, "organisation"),
        (7, "active"),
    ]
    assert "Line 5, email" in refused.value.errors["csv"]
    assert services.resources.search(admin, include_inactive=True) == []


def test_an_unknown_column_or_a_non_utf8_file_is_refused(services, admin, make_staff):
    with pytest.raises(CsvImportError) as columns:
        services.resources.import_csv(admin, "organisation,categories,fax\r\nA,food,1\r\n")
    assert "fax" in str(columns.value.problems[0])
    with pytest.raises(CsvImportError) as encoding:
        services.resources.import_csv(
            admin, "organisation,categories\r\nCafé,food\r\n".encode("cp1252")
        )
    assert "UTF-8" in str(encoding.value.problems[0])
    with pytest.raises(PermissionDenied):
        services.resources.import_csv(make_staff(Role.CASEWORKER), good_csv())
