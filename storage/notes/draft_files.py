"""Drafts kept on the workstation: one encrypted file per draft under
<data folder>/drafts/<username>/, written atomically (a temporary file, then a
rename), so a crash mid-write leaves the previous copy whole.

Each file is sealed with AES-GCM under a key of that person's kept in the
system keyring (storage/notes/draft_cipher.py, draft_keys.py): a copied drafts
folder holds no readable word. Drafts written before encryption (plain JSON,
``*.json``) are read once and written again sealed. A file that cannot be read is
never removed here: ``unreadable_of`` names it, and the person decides.

Nothing here logs a draft's words.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from datetime import datetime
from pathlib import Path

from domain.notes.local_drafts import LocalDraft, Unreadable, UnreadableDraft
from domain.notes.note import form_from_json, form_to_json
from storage.notes.draft_cipher import DraftUnreadable, seal, unseal
from storage.notes.draft_keys import DraftKeys, KeyUnavailable

log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
SUFFIX = ".draft"
PLAINTEXT_SUFFIX = ".json"  # drafts written before they were encrypted
_TEMPORARY_PREFIX = ".draft-"
# A temporary file this old is left from a crash mid-write (the copy it was to
# replace is whole); early ones held plaintext, so they go.
_LEFTOVER_AFTER_SECONDS = 60


def _safe(name: str) -> str:
    return _SAFE.sub("_", name) or "_"


class DraftFiles:
    def __init__(self, folder: Path, keys: DraftKeys | None = None):
        self.folder = folder
        self.keys = keys if keys is not None else DraftKeys.beside(folder)

    def _user_folder(self, username: str) -> Path:
        return self.folder / _safe(username)

    def path(self, username: str, key: str) -> Path:
        return self._user_folder(username) / f"{_safe(key)}{SUFFIX}"

    def save(self, draft: LocalDraft) -> None:
        """Raises OSError (KeyUnavailable among them) when no copy could be kept."""
        key = self.keys.key_for(draft.username, create=True)
        data = {
            "username": draft.username,
            "key": draft.key,
            "case_id": draft.case_id,
            "note_id": draft.note_id,
            "client_name": draft.client_name,
            "saved_at": draft.saved_at.isoformat(),
            "form": form_to_json(draft.form),
        }
        plaintext = json.dumps(data, ensure_ascii=False).encode("utf-8")
        sealed = seal(key, plaintext, username=draft.username, draft_name=_safe(draft.key))
        folder = self._user_folder(draft.username)
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(sealed)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path(draft.username, draft.key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._plaintext_path(draft.username, draft.key).unlink(missing_ok=True)

    def remove(self, username: str, key: str) -> None:
        self.path(username, key).unlink(missing_ok=True)
        self._plaintext_path(username, key).unlink(missing_ok=True)

    def read(self, username: str, key: str) -> LocalDraft:
        """One sealed draft; DraftUnreadable (with the reason) or KeyUnavailable if not."""
        path = self.path(username, key)
        try:
            return self._read(path, self.keys.key_for(username, create=False), username)
        except DraftUnreadable as error:
            raise DraftUnreadable(error.reason, f"Local draft {path.name} {error}") from None

    def drafts_of(self, username: str) -> list[LocalDraft]:
        """The drafts of this person that can be read, oldest name first."""
        return self._all_of(username)[0]

    def unreadable_of(self, username: str) -> list[UnreadableDraft]:
        """The files of this person's drafts that cannot be read, and why."""
        return self._all_of(username)[1]

    # -- reading ---------------------------------------------------------------

    def _plaintext_path(self, username: str, key: str) -> Path:
        return self._user_folder(username) / f"{_safe(key)}{PLAINTEXT_SUFFIX}"

    def _all_of(self, username: str) -> tuple[list[LocalDraft], list[UnreadableDraft]]:
        folder = self._user_folder(username)
        if not folder.is_dir():
            return [], []
        self._remove_leftovers(folder)
        readable: dict[str, LocalDraft] = {}
        unreadable: dict[str, UnreadableDraft] = {}
        try:
            key = self.keys.key_for(username, create=False)
        except KeyUnavailable as error:
            log.warning("Local drafts of %s cannot be read now: %s", username, error)
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                unreadable[path.stem] = UnreadableDraft(
                    username, path.stem, Unreadable.KEY_UNREACHABLE
                )
            key = None
        else:
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                try:
                    readable[path.stem] = self._read(path, key, username)
                except DraftUnreadable as error:
                    # The file's name only: its contents are a client's note.
                    log.warning("Local draft %s %s; it is kept.", path.name, error)
                    unreadable[path.stem] = UnreadableDraft(username, path.stem, error.reason)
                except OSError as error:
                    log.warning("Local draft %s could not be read: %s", path.name, error)
        for path in sorted(folder.glob(f"*{PLAINTEXT_SUFFIX}")):
            name = path.stem
            if name in readable:
                path.unlink(missing_ok=True)  # sealed already; a crash came between
            elif name not in unreadable:
                self._take_plaintext(path, username, readable, unreadable)
        return (
            [readable[name] for name in sorted(readable)],
            [unreadable[name] for name in sorted(unreadable)],
        )

    def _read(self, path: Path, key: bytes | None, username: str) -> LocalDraft:
        plaintext = unseal(key, path.read_bytes(), username=username, draft_name=path.stem)
        try:
            return _draft(json.loads(plaintext.decode("utf-8")))
        except (ValueError, KeyError, TypeError):
            raise DraftUnreadable(Unreadable.DAMAGED, "holds no draft") from None

    def _take_plaintext(
        self,
        path: Path,
        username: str,
        readable: dict[str, LocalDraft],
        unreadable: dict[str, UnreadableDraft],
    ) -> None:
        """An unencrypted draft from before: offered as it is, and sealed in its place."""
        try:
            draft = _draft(json.loads(path.read_text(encoding="utf-8")))
            if draft.username != username or _safe(draft.key) != path.stem:
                raise ValueError("another draft's file")
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("A plaintext local draft could not be read: %s; it is kept.", path.name)
            unreadable[path.stem] = UnreadableDraft(username, path.stem, Unreadable.DAMAGED)
            return
        readable[path.stem] = draft
        try:
            self.save(draft)  # removes the plaintext file once the sealed one is whole
        except OSError as error:
            log.warning("A plaintext local draft stays unencrypted for now (%s): %s", error, path)
        else:
            log.info("A plaintext local draft was encrypted: %s", path.name)

    def _remove_leftovers(self, folder: Path) -> None:
        cutoff = time.time() - _LEFTOVER_AFTER_SECONDS
        for path in folder.glob(f"{_TEMPORARY_PREFIX}*.tmp"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    log.info("A temporary file left by an interrupted save was removed.")
            except OSError:
                pass  # gone already, or not ours to remove: it harms nothing


def _draft(data: dict) -> LocalDraft:
    return LocalDraft(
        username=data["username"],
        key=data["key"],
        case_id=int(data["case_id"]),
        note_id=None if data["note_id"] is None else int(data["note_id"]),
        client_name=str(data.get("client_name", "")),
        form=form_from_json(data["form"]),
        saved_at=datetime.fromisoformat(data["saved_at"]),
    )
