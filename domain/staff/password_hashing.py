"""Password hashes for the embedded database: argon2id with argon2-cffi's defaults."""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.staff.passwords import normalize_password


class PasswordHashing:
    def __init__(self, hasher: PasswordHasher | None = None):
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(normalize_password(password))

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, normalize_password(password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """True when the hash was made with other parameters than today's defaults."""
        return self._hasher.check_needs_rehash(stored_hash)

    @cached_property
    def decoy_hash(self) -> str:
        """Verified against for unknown usernames, so they take as long as known ones."""
        return self._hasher.hash("no account has this password")
