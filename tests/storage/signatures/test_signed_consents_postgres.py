"""On the shared server a signed consent never changes, whoever asks in psql: its
signatures cannot be updated or deleted, its content cannot be changed, and it
cannot be deleted; an unsigned consent is not held; the server's time is kept."""

from __future__ import annotations

import pytest
from psycopg import errors

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.settings.office_settings import AgencyForm
from tests.storage.signatures.sample_strokes import drawn

pytestmark = pytest.mark.postgres


def refused(psql, sql: str, *params) -> bool:
    """Refused outright, or no row the person may touch."""
    try:
        return psql.execute(sql, params).rowcount == 0
    except errors.InsufficientPrivilege:
        return True


def test_a_signed_consent_cannot_be_changed_in_psql_even_by_the_owner(postgres_office):
    office = postgres_office
    admin = office.admin
    admin.services.settings.set_agency_details(admin.actor, AgencyForm("Miami Valley"))
    dana = office.hire(Role.SUPERVISOR, "Dana Lee")
    s = dana.services
    client = s.clients.register(dana.actor, ClientForm(first_name="Ana", last_name="Ruiz"))
    form = ConsentForm(kind="services", method="paper", signed_on="11/20/2026")
    signed = s.consents.record(dana.actor, client.id, form)
    unsigned = s.consents.record(dana.actor, client.id, form)
    [signature] = s.signatures.sign_consent(dana.actor, signed.id, [("client", drawn(), "Ana")])
    assert signature.recorded_by == dana.actor.username
    with office.superuser() as psql:
        server_time = psql.execute("SELECT now()").fetchone()[0]
    assert abs((server_time - signature.signed_at).total_seconds()) < 120  # not the test clock

    changes = (
        "UPDATE consents SET purpose = 'other' WHERE id = %s",
        "UPDATE consents SET signed_on = signed_on - 1 WHERE id = %s",
        "DELETE FROM consents WHERE id = %s",
        "UPDATE signatures SET printed_name = 'Someone' WHERE consent_id = %s",
        "UPDATE signatures SET strokes = '{}' WHERE consent_id = %s",
        "DELETE FROM signatures WHERE consent_id = %s",
    )
    with office.connect_as(dana.actor.username) as psql:
        for sql in changes:
            assert refused(psql, sql, signed.id), sql
    with office.superuser() as psql:  # the owner's maintenance meets the triggers too
        for sql in changes:
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(sql, (signed.id,))
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("TRUNCATE signatures CASCADE")
        # The unsigned one is not held; the signed one may still be revoked.
        psql.execute("UPDATE consents SET purpose = 'x' WHERE id = %s", (unsigned.id,))
        psql.execute(
            "UPDATE consents SET revoked_on = signed_on, revoked_by = 'x', "
            "revocation_note = 'By phone' WHERE id = %s",
            (signed.id,),
        )
        assert psql.execute(
            "SELECT count(*) FROM signatures WHERE consent_id = %s", (signed.id,)
        ).fetchone() == (1,)
