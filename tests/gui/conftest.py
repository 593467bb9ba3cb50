"""GUI fixtures: real services on an embedded database, and the background runner."""

from __future__ import annotations

import pytest

import main
from gui.runner import BackgroundRunner


@pytest.fixture
def gui_services(sqlite_engine, clock):
    return main.build_services(sqlite_engine, clock=clock)


@pytest.fixture
def runner(qapp):
    runner = BackgroundRunner()
    yield runner
    runner.shutdown()
    runner.deleteLater()
