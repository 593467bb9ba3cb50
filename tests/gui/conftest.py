"""GUI fixtures: real services on an embedded database, and the background runner."""

from __future__ import annotations

import pytest

from gui.common.runner import BackgroundRunner


@pytest.fixture
def engine(sqlite_engine):
    """GUI tests run on the embedded database only; storage tests cover PostgreSQL."""
    return sqlite_engine


@pytest.fixture
def gui_services(services):
    return services


@pytest.fixture
def runner(qapp):
    runner = BackgroundRunner()
    yield runner
    runner.shutdown()
    runner.deleteLater()
