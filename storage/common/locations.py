"""Where CaseDesk keeps its files on this computer. Cheap to import (no SQLAlchemy):
the command line's help names the data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "CaseDesk"
# Overrides the per-user data folder: portable installs, and tests that must not
# touch a real user's data.
DATA_DIR_VARIABLE = "CASEDESK_DATA_DIR"
SQLITE_FILE = "casedesk.sqlite3"
DEMO_SQLITE_FILE = "casedesk-demo.sqlite3"


def data_folder() -> Path:
    """The per-user data folder (%LOCALAPPDATA%\\CaseDesk on Windows)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        folder = Path(override)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return platformdirs.user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
