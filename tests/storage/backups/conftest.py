"""Backups of the embedded file run on SQLite alone; the shared server's are
tests/e2e/test_server_backup.py (the command line) and
test_server_copy_with_passwords.py (a cluster that checks passwords)."""

from __future__ import annotations

import pytest


@pytest.fixture
def engine(sqlite_engine):
    return sqlite_engine
