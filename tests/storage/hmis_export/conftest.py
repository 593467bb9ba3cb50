"""An office on each database, its first administrator signed in."""

from __future__ import annotations

import pytest

from tests.conftest import EmbeddedOffice
from tests.storage.hmis_export.hmis_office import HmisOffice, set_up


@pytest.fixture
def office(backend, request, clock):
    if backend == "sqlite":
        return EmbeddedOffice(request.getfixturevalue("sqlite_engine"), clock)
    return request.getfixturevalue("postgres_office")


@pytest.fixture
def scene(office) -> HmisOffice:
    return set_up(office)
