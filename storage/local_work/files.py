"""Copies of unsaved work kept on the workstation: one encrypted file per copy
under <data folder>/drafts/<username>/, written atomically (a temporary file, then
a rename), so a crash mid-write leaves the previous copy whole.

Each file is sealed with AES-GCM under a key of that person's kept in the system
keyring (storage/notes/draft_cipher.py, draft_keys.py): a copied folder holds no
readable word. Case notes' drafts (storage/notes/draft_files.py) and every other
editor's copies (named ``<kind>-<record>``, domain/local_work/kept_work.py) share
the folder, the key and the file format. Files written before encryption (plain
JSON, ``*.json``) are read once and written again sealed. A file that cannot be
read is never removed here: the scan names it, and the person decides.

Nothing here logs what a copy says.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from domain.local_work.kept_work import (
    KeptWork,
    Unreadable,
    UnreadableDraft,
    WorkKind,
    kept_name,
    kind_of_name,
)
from storage.notes.draft_cipher import DraftUnreadable, seal, unseal
from storage.notes.draft_keys import DraftKeys, KeyUnavailable

log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
SUFFIX = ".draft"
PLAINTEXT_SUFFIX = ".json"  # copies written before they were encrypted
_TEMPORARY_PREFIX = ".draft-"
# A temporary file this old is left from a crash mid-write (the copy it was to
# replace is whole); early ones held plaintext, so they go.
_LEFTOVER_AFTER_SECONDS = 60
_DECODING_ERRORS = (ValueError, KeyError, TypeError)

T = TypeVar("T")


def safe_name(name: str) -> str:
    return _SAFE.sub("_", name) or "_"


class LocalWorkFiles:
    def __init__(self, folder: Path, keys: DraftKeys | None = None):
        self.folder = folder
        self.keys = keys if keys is not None else DraftKeys.beside(folder)

    def _user_folder(self, username: str) -> Path:
        return self.folder / safe_name(username)

    def path(self, username: str, name: str) -> Path:
        return self._user_folder(username) / f"{safe_name(name)}{SUFFIX}"

    # -- any copy, by name -------------------------------------------------------

    def write(self, username: str, name: str, data: dict[str, Any]) -> None:
        """Seals ``data`` into the copy ``name``. Raises OSError (KeyUnavailable among
        them) when no copy could be kept."""
        key = self.keys.key_for(username, create=True)
        plaintext = json.dumps(data, ensure_ascii=False).encode("utf-8")
        sealed = seal(key, plaintext, username=username, draft_name=safe_name(name))
        folder = self._user_folder(username)
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(sealed)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path(username, name))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._plaintext_path(username, name).unlink(missing_ok=True)

    def erase(self, username: str, name: str) -> None:
        self.path(username, name).unlink(missing_ok=True)
        self._plaintext_path(username, name).unlink(missing_ok=True)

    def read_data(self, username: str, name: str) -> dict[str, Any]:
        """One sealed copy's data; FileNotFoundError, DraftUnreadable (with the reason)
        or KeyUnavailable if not."""
        path = self.path(username, name)
        key = self.keys.key_for(username, create=False)
        try:
            return self._read_data(path, key, username)
        except DraftUnreadable as error:
            raise DraftUnreadable(error.reason, f"Local draft {path.name} {error}") from None

    def scan(
        self,
        username: str,
        belongs: Callable[[str], bool],
        decode: Callable[[str, dict[str, Any]], T],
    ) -> tuple[list[T], list[UnreadableDraft]]:
        """The copies of this person whose names ``belongs`` accepts: those that can
        be read (``decode``d; one it refuses counts as damaged), oldest name first,
        and those that cannot, with why."""
        folder = self._user_folder(username)
        if not folder.is_dir():
            return [], []
        self._remove_leftovers(folder)
        readable: dict[str, T] = {}
        unreadable: dict[str, UnreadableDraft] = {}
        sealed = [p for p in sorted(folder.glob(f"*{SUFFIX}")) if belongs(p.stem)]
        try:
            key = self.keys.key_for(username, create=False)
        except KeyUnavailable as error:
            log.warning("Local drafts of %s cannot be read now: %s", username, error)
            for path in sealed:
                unreadable[path.stem] = UnreadableDraft(
                    username, path.stem, Unreadable.KEY_UNREACHABLE
                )
        else:
            for path in sealed:
                try:
                    data = self._read_data(path, key, username)
                    try:
                        readable[path.stem] = decode(path.stem, data)
                    except _DECODING_ERRORS:
                        raise DraftUnreadable(Unreadable.DAMAGED, "holds no copy") from None
                except DraftUnreadable as error:
                    # The file's name only: its contents are a client's.
                    log.warning("Local draft %s %s; it is kept.", path.name, error)
                    unreadable[path.stem] = UnreadableDraft(username, path.stem, error.reason)
                except OSError as error:
                    log.warning("Local draft %s could not be read: %s", path.name, error)
        for path in sorted(folder.glob(f"*{PLAINTEXT_SUFFIX}")):
            name = path.stem
            if not belongs(name):
                continue
            if name in readable:
                path.unlink(missing_ok=True)  # sealed already; a crash came between
            elif name not in unreadable:
                self._take_plaintext(path, username, decode, readable, unreadable)
        return (
            [readable[name] for name in sorted(readable)],
            [unreadable[name] for name in sorted(unreadable)],
        )

    # -- the copies of editors other than the note's -----------------------------

    def keep(self, work: KeptWork) -> None:
        self.write(work.username, work.name, _work_data(work))

    def forget(self, username: str, kind: WorkKind, record: str) -> None:
        self.erase(username, kept_name(kind, record))

    def kept(self, username: str, kind: WorkKind, record: str) -> KeptWork | None:
        name = kept_name(kind, record)
        try:
            data = self.read_data(username, name)
        except FileNotFoundError:
            return None
        try:
            return _work(name, data, username)
        except _DECODING_ERRORS:
            raise DraftUnreadable(Unreadable.DAMAGED, "holds no copy of this work") from None

    def kept_of(self, username: str, kind: WorkKind | None = None) -> list[KeptWork]:
        def belongs(name: str) -> bool:
            found = kind_of_name(name)
            return found is not None and (kind is None or found is kind)

        readable, _unreadable = self.scan(
            username, belongs, lambda name, data: _work(name, data, username)
        )
        return sorted(readable, key=lambda work: work.saved_at)

    def unreadable_work_of(self, username: str) -> list[UnreadableDraft]:
        """This person's copies of other editors' work that cannot be read, and why."""
        return self.scan(
            username,
            lambda name: kind_of_name(name) is not None,
            lambda name, data: _work(name, data, username),
        )[1]

    # -- reading ---------------------------------------------------------------

    def _plaintext_path(self, username: str, name: str) -> Path:
        return self._user_folder(username) / f"{safe_name(name)}{PLAINTEXT_SUFFIX}"

    def _read_data(self, path: Path, key: bytes | None, username: str) -> dict[str, Any]:
        plaintext = unseal(key, path.read_bytes(), username=username, draft_name=path.stem)
        try:
            data = json.loads(plaintext.decode("utf-8"))
        except ValueError:
            raise DraftUnreadable(Unreadable.DAMAGED, "holds no copy") from None
        if not isinstance(data, dict):
            raise DraftUnreadable(Unreadable.DAMAGED, "holds no copy")
        return data

    def _take_plaintext(
        self,
        path: Path,
        username: str,
        decode: Callable[[str, dict[str, Any]], T],
        readable: dict[str, T],
        unreadable: dict[str, UnreadableDraft],
    ) -> None:
        """An unencrypted copy from before: offered as it is, and sealed in its place."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("username") != username:
                raise ValueError("another person's file")
            copy = decode(path.stem, data)
        except (OSError, *_DECODING_ERRORS):
            log.warning("A plaintext local draft could not be read: %s; it is kept.", path.name)
            unreadable[path.stem] = UnreadableDraft(username, path.stem, Unreadable.DAMAGED)
            return
        readable[path.stem] = copy
        try:
            self.write(username, path.stem, data)  # removes the plaintext file once sealed
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


def _work_data(work: KeptWork) -> dict[str, Any]:
    return {
        "username": work.username,
        "kind": work.kind.value,
        "record": work.record,
        "client_name": work.client_name,
        "saved_at": work.saved_at.isoformat(),
        "form": dict(work.form),
    }


def _work(name: str, data: dict[str, Any], username: str) -> KeptWork:
    work = KeptWork(
        username=str(data["username"]),
        kind=WorkKind(data["kind"]),
        record=str(data["record"]),
        client_name=str(data.get("client_name", "")),
        form=dict(data["form"]),
        saved_at=datetime.fromisoformat(data["saved_at"]),
    )
    if work.username != username or safe_name(work.name) != name:
        raise ValueError("another copy's file")
    return work
