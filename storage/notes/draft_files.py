"""Drafts kept on the workstation: one JSON file per draft under
<data folder>/drafts/<username>/, written atomically (a temporary file, then a
rename), so a crash mid-write leaves the previous copy whole.

The files hold what the person typed: their own private application data in
their user profile. Nothing here logs a draft's words.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from domain.notes.local_drafts import LocalDraft
from domain.notes.note import form_from_json, form_to_json

log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def _safe(name: str) -> str:
    return _SAFE.sub("_", name) or "_"


class DraftFiles:
    def __init__(self, folder: Path):
        self.folder = folder

    def _user_folder(self, username: str) -> Path:
        return self.folder / _safe(username)

    def path(self, username: str, key: str) -> Path:
        return self._user_folder(username) / f"{_safe(key)}.json"

    def save(self, draft: LocalDraft) -> None:
        folder = self._user_folder(draft.username)
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            "username": draft.username,
            "key": draft.key,
            "case_id": draft.case_id,
            "note_id": draft.note_id,
            "client_name": draft.client_name,
            "saved_at": draft.saved_at.isoformat(),
            "form": form_to_json(draft.form),
        }
        handle, temporary = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path(draft.username, draft.key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def remove(self, username: str, key: str) -> None:
        self.path(username, key).unlink(missing_ok=True)

    def drafts_of(self, username: str) -> list[LocalDraft]:
        folder = self._user_folder(username)
        if not folder.is_dir():
            return []
        drafts = []
        for path in sorted(folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                drafts.append(
                    LocalDraft(
                        username=data["username"],
                        key=data["key"],
                        case_id=int(data["case_id"]),
                        note_id=None if data["note_id"] is None else int(data["note_id"]),
                        client_name=str(data.get("client_name", "")),
                        form=form_from_json(data["form"]),
                        saved_at=datetime.fromisoformat(data["saved_at"]),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                # The file's name only: its contents are a client's note.
                log.warning("A local draft could not be read: %s", path.name)
        return drafts
