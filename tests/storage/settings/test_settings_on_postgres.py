"""On the shared server the version check is the UPDATE's own condition, so it
holds while two administrators' saves overlap, and who saved is the server's word."""

from __future__ import annotations

import threading
import time

import pytest
from psycopg import errors

from domain.common.errors import ConflictError
from domain.common.policy import Role

pytestmark = pytest.mark.postgres


def wait_for_a_lock_wait(office) -> None:
    with office.superuser() as su:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            waiting = su.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError("the second save never waited for the first")


def test_a_save_overlapping_another_is_refused_with_the_servers_who(postgres_office):
    office = postgres_office
    other = office.hire(Role.ADMIN, "Bilal Khan", stem="bk")
    office.admin.services.settings.set_idle_lock_minutes(office.admin.actor, "20", 0)
    seen = office.admin.services.settings.read(office.admin.actor).version("idle_lock_minutes")
    outcome: list[BaseException | object] = []

    def save_from_the_app() -> None:
        try:
            outcome.append(
                office.admin.services.settings.set_idle_lock_minutes(office.admin.actor, "60", seen)
            )
        except BaseException as error:  # handed to the test thread
            outcome.append(error)

    with office.connect_as(other.actor.username) as psql:
        with psql.transaction():
            # Bilal's save is under way (not committed) when the app's starts; the
            # updated_by it claims is overridden by the server.
            changed = psql.execute(
                "UPDATE settings SET value = '5', version = version + 1, "
                "updated_by = 'someone.else', updated_at = now() "
                "WHERE key = 'idle_lock_minutes' AND version = %s",
                (seen,),
            )
            assert changed.rowcount == 1
            app = threading.Thread(target=save_from_the_app)
            app.start()
            wait_for_a_lock_wait(office)
        app.join(timeout=10)

    [result] = outcome
    assert isinstance(result, ConflictError), result
    assert result.changed_by == other.actor.username
    assert result.changed_at is not None
    assert office.admin.services.settings.read(office.admin.actor).idle_lock_minutes == 5


def test_only_administrators_write_settings_and_their_versions(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR)
    saved = office.admin.services.settings.set_referral_follow_up_days(office.admin.actor, "12", 0)
    assert saved.version("referral_follow_up_days") == 1
    with (
        office.connect_as(supervisor.actor.username) as psql,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        psql.execute("UPDATE settings SET version = 1 WHERE key = 'referral_follow_up_days'")
