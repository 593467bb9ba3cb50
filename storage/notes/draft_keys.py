"""The key of each person's local drafts: 32 random bytes, made on first use and
kept in the operating system's credential store through ``keyring`` (Windows
Credential Manager, macOS Keychain, the Secret Service on a Linux desktop).

Where no credential store is usable (a Linux server or CI has no Secret Service)
the key goes to a file of its own beside the drafts folder, never inside it, and
the log says so once: a copied drafts folder still reveals nothing, but whoever
can read the whole data folder can read the drafts (README, "Local drafts").
A key file found while a credential store works is moved into it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import secrets
from pathlib import Path

import keyring
from keyring.errors import NoKeyringError

log = logging.getLogger(__name__)

SERVICE = "CaseDesk drafts"
KEY_BYTES = 32  # AES-256
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class KeyUnavailable(OSError):
    """The credential store is there but would not hand over or keep the key just
    now (locked, refused, broken): nothing is created in its place, because a new
    key would strand the drafts written under the old one. An OSError, so that
    callers that cope with a full disk cope with this too."""


def key_id(key: bytes) -> bytes:
    """8 bytes that name a key without revealing it: a draft written under another
    key is told apart from a damaged one."""
    return hmac.new(key, b"CaseDesk draft key id", hashlib.sha256).digest()[:8]


class DraftKeys:
    def __init__(self, scope: Path, key_file_folder: Path):
        # The drafts folder names the keys too: the demo and the office, or two
        # data folders of one Windows account, have keys of their own.
        self._scope = str(scope.resolve())
        self._key_file_folder = key_file_folder
        self._said_no_keyring = False

    @classmethod
    def beside(cls, drafts_folder: Path) -> DraftKeys:
        """Key files (if ever needed) in <drafts folder>-keys, a sibling folder."""
        return cls(drafts_folder, drafts_folder.with_name(drafts_folder.name + "-keys"))

    def account(self, username: str) -> str:
        return f"{username} @ {self._scope}"

    def key_file(self, username: str) -> Path:
        return self._key_file_folder / f"{_SAFE.sub('_', username) or '_'}.key"

    def key_for(self, username: str, *, create: bool) -> bytes | None:
        """This person's key; a new one if they have none and ``create``, else None.
        Raises KeyUnavailable when the credential store fails."""
        account = self.account(username)
        try:
            stored = keyring.get_password(SERVICE, account)
        except NoKeyringError:
            return self._from_file(username, create=create)
        except Exception as error:  # a backend's own errors are of many kinds
            raise KeyUnavailable(f"The system keyring did not answer: {error}") from error
        if stored is not None:
            return _decoded(stored)
        left_in_a_file = self._read_file(username)
        if left_in_a_file is not None:
            self._store(account, left_in_a_file)
            self.key_file(username).unlink(missing_ok=True)
            log.info("The local drafts key of %s moved from a file into the keyring.", username)
            return left_in_a_file
        if not create:
            return None
        self._store(account, secrets.token_bytes(KEY_BYTES))
        # Read back: another CaseDesk window of the same person may have stored
        # its key a moment earlier, and the one stored is the one that counts.
        try:
            stored = keyring.get_password(SERVICE, account)
        except Exception as error:  # a backend's own errors are of many kinds
            raise KeyUnavailable(f"The system keyring did not answer: {error}") from error
        if stored is None:
            raise KeyUnavailable("The system keyring did not keep the drafts key.")
        return _decoded(stored)

    def _store(self, account: str, key: bytes) -> None:
        try:
            keyring.set_password(SERVICE, account, base64.b64encode(key).decode("ascii"))
        except Exception as error:  # a backend's own errors are of many kinds
            raise KeyUnavailable(f"The system keyring would not keep a key: {error}") from error

    # -- no credential store on this computer --------------------------------

    def _from_file(self, username: str, *, create: bool) -> bytes | None:
        if not self._said_no_keyring:
            self._said_no_keyring = True
            log.warning(
                "No system keyring is usable here: the key of local drafts is kept in "
                "%s. A copied drafts folder stays unreadable; a copied data folder does not.",
                self._key_file_folder,
            )
        key = self._read_file(username)
        if key is not None or not create:
            return key
        return self._write_file(username, secrets.token_bytes(KEY_BYTES))

    def _read_file(self, username: str) -> bytes | None:
        try:
            text = self.key_file(username).read_text(encoding="ascii")
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise KeyUnavailable(f"The drafts key file could not be read: {error}") from error
        return _decoded(text.strip())

    def _write_file(self, username: str, key: bytes) -> bytes:
        path = self.key_file(username)
        self._key_file_folder.mkdir(parents=True, exist_ok=True)
        try:
            # Created, never overwritten (O_EXCL), readable by this account only.
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            read = self._read_file(username)  # another window made it first
            if read is None:
                raise KeyUnavailable("The drafts key file vanished while being made.") from None
            return read
        try:
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(base64.b64encode(key).decode("ascii"))
                file.flush()
                os.fsync(file.fileno())
        except BaseException:
            path.unlink(missing_ok=True)  # no draft was written under it yet
            raise
        return key


def _decoded(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise KeyUnavailable("The stored drafts key is not a key.") from error
    if len(key) != KEY_BYTES:
        raise KeyUnavailable("The stored drafts key has the wrong length.")
    return key
