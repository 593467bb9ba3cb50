"""The bytes of one local draft file: AES-256-GCM from ``cryptography``.

    b"CDDRAFT" | format version (1 byte) | key id (8 bytes) | nonce (12 bytes)
    | ciphertext and its 16-byte tag

The whole header, the person's username and the draft's name are the associated
data: a file copied over another person's draft, or over another draft of the same
person, or with its header edited, fails to decrypt instead of being read as the
wrong note. The key id (storage/notes/draft_keys.py) tells "locked with a key we
no longer have" apart from "damaged", so the person is told the right thing.
"""

from __future__ import annotations

import json
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.local_work.kept_work import CopyUnreadable, Unreadable
from storage.notes.draft_keys import key_id

MAGIC = b"CDDRAFT"
VERSION = 1
NONCE_BYTES = 12  # GCM's own size; random per write (2^-32 collision bound is far off)
_HEADER = len(MAGIC) + 1 + 8 + NONCE_BYTES


class DraftUnreadable(CopyUnreadable):
    """The file cannot be read; ``reason`` says why (the GUI knows it as CopyUnreadable)."""


def looks_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _associated(header: bytes, username: str, draft_name: str) -> bytes:
    return header + json.dumps([username, draft_name]).encode("utf-8")


def seal(key: bytes, plaintext: bytes, *, username: str, draft_name: str) -> bytes:
    header = MAGIC + bytes([VERSION]) + key_id(key) + secrets.token_bytes(NONCE_BYTES)
    nonce = header[-NONCE_BYTES:]
    return header + AESGCM(key).encrypt(nonce, plaintext, _associated(header, username, draft_name))


def unseal(key: bytes | None, data: bytes, *, username: str, draft_name: str) -> bytes:
    """The plaintext, or DraftUnreadable saying why not. ``key`` None: this person
    has no key (any more)."""
    if not looks_sealed(data) or len(data) < _HEADER + 16:
        raise DraftUnreadable(Unreadable.DAMAGED, "is not a whole CaseDesk draft file")
    version = data[len(MAGIC)]
    if version != VERSION:
        raise DraftUnreadable(
            Unreadable.DAMAGED,
            f"is in draft format {version}; this CaseDesk reads format {VERSION}",
        )
    header, body = data[:_HEADER], data[_HEADER:]
    if key is None or header[len(MAGIC) + 1 : len(MAGIC) + 9] != key_id(key):
        raise DraftUnreadable(
            Unreadable.KEY_GONE, "was locked with a key this computer no longer has"
        )
    try:
        return AESGCM(key).decrypt(
            header[-NONCE_BYTES:], body, _associated(header, username, draft_name)
        )
    except InvalidTag:
        raise DraftUnreadable(
            Unreadable.DAMAGED,
            "fails its integrity check: altered, damaged, or taken from another draft",
        ) from None
