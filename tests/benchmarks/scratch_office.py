"""A scratch office on the local PostgreSQL for the benchmarks and the fault table:
prepared as `db init` does, migrated, its first administrator signed in; the
database and the logins it hired (this process's prefix) are dropped when the
block ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storage import postgres_setup
from storage.schema import upgrade
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.conftest import (
    TEST_PASSWORD,
    PostgresOffice,
    PostgresScratch,
    prepare_like_db_init,
    unique_role_name,
)


@contextmanager
def scratch_office(clock=None) -> Iterator[PostgresOffice]:
    scratch = PostgresScratch()
    auth = None
    try:
        url = scratch.create()
        prepare_like_db_init(url)
        owner = postgres_setup.owner_engine(url)
        try:
            upgrade(owner)
            first = postgres_setup.FirstAdmin(unique_role_name("ad"), "Bench Admin", TEST_PASSWORD)
            with owner.begin() as connection:
                postgres_setup.create_first_admin(connection, first)
        finally:
            owner.dispose()
        auth = PostgresAuthenticator(url, clock=clock) if clock else PostgresAuthenticator(url)
        yield PostgresOffice(url, auth, auth.sign_in(first.username, TEST_PASSWORD, "ADMIN"))
    finally:
        if auth is not None:
            auth.close()
        scratch.drop_all()
        scratch.drop_test_roles()  # logins are the server's, not the database's
