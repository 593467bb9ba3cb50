"""A keyring backend for tests: one JSON file, named by $CASEDESK_TEST_KEYRING, so
that no test ever reads or writes the computer's own credential store, and a
subprocess (PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring) shares the
test's keys."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

VARIABLE = "CASEDESK_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # only ever chosen by name

    def __init__(self, path: Path | None = None):
        super().__init__()
        self.file = Path(path or os.environ[VARIABLE])

    def _all(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._all()
        entries.setdefault(service, {})[username] = password
        self.file.write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._all()
        if username not in entries.get(service, {}):
            raise PasswordDeleteError(username)
        del entries[service][username]
        self.file.write_text(json.dumps(entries), encoding="utf-8")
