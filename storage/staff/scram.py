"""SCRAM-SHA-256 verifiers exactly as PostgreSQL stores them (RFC 5802, RFC 7677).

CaseDesk computes the verifier on the workstation and sends only that to the
server, so no plaintext password ever reaches PostgreSQL or its statement log:

    SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>   (base64 parts)

The password is prepared with SASLprep the way PostgreSQL's own pg_saslprep()
does it (src/common/saslprep.c), because libpq prepares the typed password the
same way when it signs in: if preparation fails, both sides use the raw bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import stringprep
import unicodedata
from dataclasses import dataclass

# PostgreSQL's own default (scram_iterations, PostgreSQL 16+).
ITERATIONS = 4096
SALT_BYTES = 16

_B64 = r"[A-Za-z0-9+/]+={0,2}"
VERIFIER_PATTERN = re.compile(
    rf"^SCRAM-SHA-256\$(?P<iterations>[0-9]+):(?P<salt>{_B64})"
    rf"\$(?P<stored_key>{_B64}):(?P<server_key>{_B64})$"
)


@dataclass(frozen=True)
class Verifier:
    iterations: int
    salt: bytes
    stored_key: bytes
    server_key: bytes

    def __str__(self) -> str:
        def b64(data: bytes) -> str:
            return base64.b64encode(data).decode("ascii")

        return (
            f"SCRAM-SHA-256${self.iterations}:{b64(self.salt)}"
            f"${b64(self.stored_key)}:{b64(self.server_key)}"
        )


def _prohibited(char: str) -> bool:
    """RFC 4013 section 2.3 (prohibited output) plus unassigned code points."""
    return (
        stringprep.in_table_c12(char)
        or stringprep.in_table_c21_c22(char)
        or stringprep.in_table_c3(char)
        or stringprep.in_table_c4(char)
        or stringprep.in_table_c5(char)
        or stringprep.in_table_c6(char)
        or stringprep.in_table_c7(char)
        or stringprep.in_table_c8(char)
        or stringprep.in_table_c9(char)
        or stringprep.in_table_a1(char)
    )


def saslprep(password: str) -> bytes:
    """The bytes PostgreSQL and libpq hash for ``password``.

    Mirrors pg_saslprep(): ASCII passes unchanged; otherwise map, check the
    mapped characters (prohibited, unassigned, bidi), then NFKC. On any failure
    the raw UTF-8 bytes are used, as PostgreSQL does.
    """
    raw = password.encode("utf-8")
    if password.isascii():
        return raw
    mapped = []
    for char in password:
        if stringprep.in_table_c12(char):
            mapped.append(" ")
        elif not stringprep.in_table_b1(char):
            mapped.append(char)
    if not mapped or any(_prohibited(char) for char in mapped):
        return raw
    if any(stringprep.in_table_d1(char) for char in mapped) and (
        any(stringprep.in_table_d2(char) for char in mapped)
        or not stringprep.in_table_d1(mapped[0])
        or not stringprep.in_table_d1(mapped[-1])
    ):
        return raw
    return unicodedata.normalize("NFKC", "".join(mapped)).encode("utf-8")


def _hmac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def salted_password(password: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", saslprep(password), salt, iterations)


def compute(password: str, salt: bytes, iterations: int = ITERATIONS) -> Verifier:
    salted = salted_password(password, salt, iterations)
    client_key = _hmac(salted, b"Client Key")
    return Verifier(
        iterations=iterations,
        salt=salt,
        stored_key=hashlib.sha256(client_key).digest(),
        server_key=_hmac(salted, b"Server Key"),
    )


def verifier(password: str) -> str:
    """A fresh verifier for ``password`` with a random salt, ready for ALTER ROLE."""
    return str(compute(password, os.urandom(SALT_BYTES)))


def parse(text: str) -> Verifier:
    match = VERIFIER_PATTERN.match(text)
    if match is None:
        raise ValueError("not a SCRAM-SHA-256 verifier")
    return Verifier(
        iterations=int(match["iterations"]),
        salt=base64.b64decode(match["salt"]),
        stored_key=base64.b64decode(match["stored_key"]),
        server_key=base64.b64decode(match["server_key"]),
    )


def matches(text: str, password: str) -> bool:
    """True when ``password`` produces the stored verifier ``text``."""
    stored = parse(text)
    mine = compute(password, stored.salt, stored.iterations)
    return hmac.compare_digest(str(mine), str(stored))
