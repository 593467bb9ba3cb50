"""The shared server's backup and restore on a cluster that checks passwords:
pg_dump and pg_restore get the IT person's password from their environment, and
in the restored database each person's own password still opens their login,
and only theirs."""

from __future__ import annotations

import pytest

from domain.clients.record import ClientForm
from domain.common.errors import SignInFailed
from domain.common.policy import Role
from storage.backups.postgres_dump import dump_database, restore_archive
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.postgres


def test_a_restored_database_opens_to_each_persons_own_password(
    tmp_path, scram_office, scram_scratch
):
    office = scram_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Oksana", last_name="Kovalenko")
    )
    archive = tmp_path / "office.dump"

    dumped = dump_database(office.url, archive)  # the URL holds the IT person's password
    target = scram_scratch.create()
    restored = restore_archive(target, archive)

    assert dumped.tables == restored.tables
    assert restored.missing_logins == []
    auth = PostgresAuthenticator(target.set(username=None, password=None))
    try:
        again = auth.sign_in(supervisor.actor.username, TEST_PASSWORD, "WS-AFTER")
        assert [c.last_name for c in again.services.clients.search(again.actor, "Kovalenko")] == [
            "Kovalenko"
        ]
        with pytest.raises(SignInFailed):
            auth.sign_in(supervisor.actor.username, "not-the-password-at-all", "WS-AFTER")
    finally:
        auth.close()
    scram_scratch.drop(target)
