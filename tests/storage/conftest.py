"""Storage fixtures for tests of what a password opens: a scratch PostgreSQL
cluster that checks passwords (scram-sha-256), prepared like `db init`.

With CI=true a cluster that cannot be made fails the run; elsewhere those
tests skip, and the run ends with a warning that says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import (
    FixedClock,
    PostgresOffice,
    PostgresScratch,
    migrated_template,
    open_office,
)
from tests.storage.staff import scram_cluster
from tests.storage.staff.scram_cluster import ClusterUnavailable, ScramCluster

_not_made: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if _not_made:
        terminalreporter.section("PASSWORD LOGINS NOT TESTED", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"No scram-sha-256 PostgreSQL cluster could be made ({_not_made[0]}); "
            "the tests of what a password opens in psql were skipped.",
            red=True,
        )


@pytest.fixture(scope="session")
def scram_server() -> Iterator[ScramCluster]:
    """One password-checking cluster per test session, dropped at its end."""
    try:
        cluster = scram_cluster.create()
    except ClusterUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and no scram-sha-256 cluster: {error}", pytrace=False)
        _not_made.append(str(error))
        pytest.skip(f"No scram-sha-256 PostgreSQL cluster could be made: {error}")
    try:
        yield cluster
    finally:
        scram_cluster.drop(cluster)


@pytest.fixture(scope="session")
def scram_scratch(scram_server: ScramCluster) -> PostgresScratch:
    scratch = PostgresScratch()
    scratch.admin = scram_server.url()
    return scratch


@pytest.fixture(scope="session")
def scram_template(scram_scratch: PostgresScratch) -> str:
    """Prepared and migrated once per session, as `db init` does it."""
    return migrated_template(scram_scratch)


@pytest.fixture(scope="module")
def scram_office(scram_scratch, scram_template) -> Iterator[PostgresOffice]:
    """An office database where PostgreSQL checks every password, admin signed in.

    Shared by a module's tests (a copy takes a second): each hires its own staff.
    """
    yield from open_office(scram_scratch, scram_template, FixedClock())
