"""Two administrators changing the office settings at once: the second save is
refused with who saved first and when, and nothing of it is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from domain.audit.events import AuditAction, AuditFilter
from domain.common.errors import ConflictError
from domain.common.policy import Role
from domain.settings.office_settings import AGENCY_PHONE, AgencyForm
from storage.common.engine import create_database_engine
from storage.schema import upgrade
from storage.settings.repository import SqlSettingsRepository
from storage.settings.tables import settings


@pytest.fixture
def other_admin(make_staff):
    return make_staff(Role.ADMIN, "bkhan", "Bilal Khan", "ADMIN-PC-2")


def settings_changes(services, admin) -> list[str]:
    changes = services.audit.query(admin, AuditFilter(action=AuditAction.SETTINGS_CHANGED))
    return [change.detail for change in changes]


@pytest.mark.parametrize("saved_before", [False, True], ids=["first save", "later save"])
def test_the_second_of_two_idle_lock_saves_from_one_version_is_refused(
    services, admin, other_admin, clock, saved_before
):
    if saved_before:
        services.settings.set_idle_lock_minutes(admin, "20")
    seen = services.settings.read(admin).version("idle_lock_minutes")
    assert seen == (1 if saved_before else 0)
    clock.now += timedelta(minutes=3)

    saved = services.settings.set_idle_lock_minutes(other_admin, "5", seen)
    assert saved.version("idle_lock_minutes") == seen + 1
    clock.now += timedelta(minutes=2)
    with pytest.raises(ConflictError) as raised:
        services.settings.set_idle_lock_minutes(admin, "60", seen)

    conflict = raised.value
    assert (conflict.changed_by, conflict.changed_at) == ("bkhan", clock.now - timedelta(minutes=2))
    assert str(conflict).startswith("The screen-lock time was changed by bkhan at ")
    assert services.settings.read(admin).idle_lock_minutes == 5
    newest_first = settings_changes(services, admin)
    assert newest_first[0] == "idle_lock_minutes=5"  # the refused save is not audited


def test_a_stale_referral_follow_up_save_is_refused(services, admin, other_admin):
    seen = services.settings.read(admin).version("referral_follow_up_days")
    services.settings.set_referral_follow_up_days(other_admin, "7", seen)

    with pytest.raises(ConflictError, match="The referral follow-up time was changed by bkhan"):
        services.settings.set_referral_follow_up_days(admin, "30", seen)
    assert services.settings.read(admin).referral_follow_up_days == 7

    # With the version just read, the change goes through.
    fresh = services.settings.read(admin).version("referral_follow_up_days")
    assert (
        services.settings.set_referral_follow_up_days(admin, "30", fresh).version(
            "referral_follow_up_days"
        )
        == fresh + 1
    )


def test_a_letterhead_saved_from_a_stale_form_is_refused_whole(services, admin, other_admin):
    services.settings.set_agency_details(admin, AgencyForm("Miami Valley", "1 Main St", ""))
    seen = services.settings.read(admin).agency_versions

    # Bilal changes only the phone; the admin's form still shows none and renames.
    services.settings.set_agency_details(
        other_admin, AgencyForm("Miami Valley", "1 Main St", "937 555 0100"), seen
    )
    with pytest.raises(ConflictError, match="The agency's letterhead was changed by bkhan"):
        services.settings.set_agency_details(
            admin, AgencyForm("Miami Valley Family Services", "1 Main St", ""), seen
        )

    agency = services.settings.read(admin).agency
    assert (agency.name, agency.phone) == ("Miami Valley", "(937) 555-0100")


def test_nothing_of_a_refused_letterhead_is_saved(services, admin, engine, clock):
    """Only the last key written is stale: the keys written before it are undone too."""
    services.settings.set_agency_details(admin, AgencyForm("Miami Valley", "1 Main St", ""))
    before = services.settings.read(admin)
    # The phone alone is saved meanwhile (never saved before), as a script would.
    with engine.begin() as connection:
        SqlSettingsRepository(connection).put(
            AGENCY_PHONE, "(937) 555-0199", expected_version=None, by="mlopez", at=clock.now
        )

    with pytest.raises(ConflictError, match="changed by mlopez"):
        services.settings.set_agency_details(
            admin, AgencyForm("Renamed Agency", "9 Other Road", ""), before.agency_versions
        )

    after = services.settings.read(admin)
    assert (after.agency.name, after.agency.address_lines) == ("Miami Valley", ("1 Main St",))
    assert after.agency.phone == "(937) 555-0199"
    assert after.versions == {**before.versions, AGENCY_PHONE: 1}  # the script's save
    assert settings_changes(services, admin) == ["agency_name,agency_address"]


def test_existing_settings_start_at_version_one(empty_database_url):
    engine = create_database_engine(empty_database_url)
    try:
        upgrade(engine, "0013")
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO settings (key, value, updated_at, updated_by) "
                "VALUES ('idle_lock_minutes', '25', CURRENT_TIMESTAMP, 'admin')"
            )
        upgrade(engine)
        with engine.connect() as connection:
            stored = connection.execute(select(settings.c.key, settings.c.version)).all()
    finally:
        engine.dispose()
    assert stored == [("idle_lock_minutes", 1)]
