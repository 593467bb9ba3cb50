"""SCRAM-SHA-256 verifiers computed on the workstation are the ones PostgreSQL
would store, so a password set through CaseDesk signs in from anywhere."""

from __future__ import annotations

import base64
import hashlib
import hmac

import psycopg
import pytest
from psycopg import sql

from storage.staff import scram
from tests.conftest import _libpq, postgres_admin_url, unique_role_name


def test_the_rfc_7677_example_exchange_verifies_against_our_keys():
    # RFC 7677 section 3: user "user", password "pencil".
    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    keys = scram.compute("pencil", salt, 4096)
    nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    auth_message = (
        "n=user,r=rOprNGfwEbeRWgbNEkqO,"
        f"r={nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
        f"c=biws,r={nonce}"
    ).encode()
    client_proof = base64.b64decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    server_signature = base64.b64decode("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")

    # What a server holding only the verifier does to check the client...
    client_signature = hmac.new(keys.stored_key, auth_message, hashlib.sha256).digest()
    client_key = bytes(p ^ s for p, s in zip(client_proof, client_signature, strict=True))
    assert hashlib.sha256(client_key).digest() == keys.stored_key
    # ...and to prove itself to the client.
    assert hmac.new(keys.server_key, auth_message, hashlib.sha256).digest() == server_signature


def test_a_verifier_has_postgresqls_shape_and_a_fresh_salt_each_time():
    first, second = scram.verifier("pencil"), scram.verifier("pencil")
    assert scram.VERIFIER_PATTERN.match(first)
    assert first.startswith("SCRAM-SHA-256$4096:")
    assert first != second  # salted
    assert scram.matches(first, "pencil") and not scram.matches(first, "pencil2")
    assert str(scram.parse(first)) == first


def test_saslprep_maps_spaces_and_soft_hyphens_and_normalizes_like_postgresql():
    assert scram.saslprep("ascii stays") == b"ascii stays"
    assert scram.saslprep("no\u00a0break") == b"no break"  # non-ASCII space -> space
    assert scram.saslprep("soft\u00adhyphen") == b"softhyphen"  # mapped to nothing
    assert scram.saslprep("\uff21\uff22") == b"AB"  # NFKC
    # Prohibited (private use) or mixed-direction input: the raw bytes, as PostgreSQL does.
    assert scram.saslprep("private\ue000") == "private\ue000".encode()
    assert scram.saslprep("abc \u0645\u0631") == "abc \u0645\u0631".encode()


PASSWORDS = [
    "lantern-meadow-quartz-91",
    "café au lait\u00a0avec du sucre",
    "soft\u00adhyphen ﬁne print",
    "\uff21\uff22\uff23 full width letters",
    "مرحبا بكم في المكتب",
    "mixed direction مرحبا text",
    "private\ue000use area",
    "e\u0301 combining accents",
    "emoji \U0001f600 pass phrase",
]


@pytest.mark.postgres
def test_our_verifiers_equal_the_ones_postgresql_computes(postgres_server):
    """PostgreSQL hashes each password itself; we recompute from its salt and compare."""
    role = unique_role_name("scram")
    with psycopg.connect(_libpq(postgres_admin_url()), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        try:
            conn.execute("SET password_encryption = 'scram-sha-256'")
            for password in PASSWORDS:
                conn.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(password)
                    )
                )
                stored = conn.execute(
                    "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)
                ).fetchone()[0]
                ours = scram.compute(
                    password, scram.parse(stored).salt, scram.parse(stored).iterations
                )
                assert str(ours) == stored, password
        finally:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
