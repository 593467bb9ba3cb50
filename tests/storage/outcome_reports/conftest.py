"""The small office (small_office.py) on each database, with its people signed in."""

from __future__ import annotations

import pytest

from tests.storage.outcome_reports.scene import (
    EmbeddedOffice,
    Scene,
    make_scene,
    postgres_raw,
)


@pytest.fixture
def scene(backend, request, clock) -> Scene:
    if backend == "sqlite":
        office = EmbeddedOffice(request.getfixturevalue("sqlite_engine"), clock)
        return make_scene(office, office.raw)
    office = request.getfixturevalue("postgres_office")
    return make_scene(office, lambda: postgres_raw(office))
