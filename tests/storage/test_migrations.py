"""The schema: built by migrations from nothing, checked at start-up, never ambiguous."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage.common.engine import create_database_engine, sqlite_url
from storage.every_table import metadata
from storage.schema import (
    SchemaMismatch,
    SchemaStatus,
    ensure_current,
    head_revision,
    schema_state,
    script_directory,
    upgrade,
)


@pytest.fixture
def empty_engine(empty_database_url):
    engine = create_database_engine(empty_database_url)
    yield engine
    engine.dispose()


def test_an_empty_database_upgrades_to_head(empty_engine):
    assert schema_state(empty_engine).status is SchemaStatus.EMPTY

    upgrade(empty_engine)

    state = schema_state(empty_engine)
    assert state.status is SchemaStatus.CURRENT
    assert state.current == head_revision()
    assert {"clients", "audit_events"} <= set(inspect(empty_engine).get_table_names())


def test_migrated_schema_matches_the_table_definitions(empty_engine):
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_constraint_and_index_names_follow_the_convention(empty_engine):
    upgrade(empty_engine)
    inspector = inspect(empty_engine)
    assert inspector.get_pk_constraint("clients")["name"] in ("pk_clients", None)
    index_names = {index["name"] for index in inspector.get_indexes("clients")}
    assert "ix_clients_last_name_first_name_id" in index_names


def test_migrations_downgrade_to_nothing_and_back(empty_engine):
    from alembic import command

    from storage.schema import alembic_config

    upgrade(empty_engine)
    config = alembic_config()
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert "clients" not in inspect(empty_engine).get_table_names()
    upgrade(empty_engine)
    assert schema_state(empty_engine).status is SchemaStatus.CURRENT


def test_the_migration_chain_is_linear():
    scripts = script_directory()
    assert len(scripts.get_heads()) == 1, "two heads: merge or rebase the newer migration"
    revisions = list(scripts.walk_revisions())
    for script in revisions:
        assert not isinstance(script.down_revision, tuple | list), (
            f"{script.revision} merges branches; keep the history a single line"
        )
    bases = [script for script in revisions if script.down_revision is None]
    assert len(bases) == 1


def test_start_up_upgrades_the_embedded_database(tmp_path):
    engine = create_database_engine(sqlite_url(tmp_path / "new.sqlite3"))
    state = ensure_current(engine, may_upgrade=True, upgrade_command="unused")
    assert state.status is SchemaStatus.CURRENT
    engine.dispose()


def test_start_up_on_a_shared_server_tells_the_admin_the_command(empty_engine):
    command = 'python main.py --database-url "postgresql://server/casedesk" db upgrade'
    with pytest.raises(SchemaMismatch) as raised:
        ensure_current(empty_engine, may_upgrade=False, upgrade_command=command)
    assert command in str(raised.value)
    # Nothing was changed behind the administrator's back.
    assert schema_state(empty_engine).status is SchemaStatus.EMPTY


def test_a_database_from_a_newer_casedesk_is_refused(engine):
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))

    assert schema_state(engine).status is SchemaStatus.AHEAD
    for may_upgrade in (True, False):
        with pytest.raises(SchemaMismatch, match="newer version of CaseDesk"):
            ensure_current(engine, may_upgrade=may_upgrade, upgrade_command="unused")
    with pytest.raises(SchemaMismatch):
        upgrade(engine)


def test_an_embedded_office_with_signed_consents_upgrades(tmp_path, clock):
    """0028 rebuilds consents, which signatures refer to: SQLite's foreign keys must
    not stop the upgrade, nor be left broken by it."""
    from alembic import command

    from domain.clients.record import ClientForm
    from domain.common.policy import Role
    from domain.consents.consent import ConsentForm
    from storage.schema import alembic_config
    from tests.conftest import EmbeddedOffice
    from tests.storage.signatures.sample_strokes import drawn

    engine = create_database_engine(sqlite_url(tmp_path / "office.sqlite3"))
    upgrade(engine)
    dana = EmbeddedOffice(engine, clock).hire(Role.SUPERVISOR, "Dana Lee")
    s = dana.services
    client = s.clients.register(dana.actor, ClientForm(first_name="Amara", last_name="Okafor"))
    paper = ConsentForm(kind="services", method="paper", signed_on="11/20/2026")
    consent = s.consents.record(dana.actor, client.id, paper)
    s.signatures.sign_consent(dana.actor, consent.id, [("client", drawn(), "Amara Okafor")])
    with engine.connect() as connection:  # back to 0027, as an office on last release is
        sqlite = connection.connection.driver_connection
        sqlite.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0027")
        sqlite.execute("PRAGMA foreign_keys=ON")
    assert schema_state(engine).current == "0027"

    upgrade(engine)

    assert schema_state(engine).status is SchemaStatus.CURRENT
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    [kept] = s.signatures.for_consent(dana.actor, consent.id)
    assert kept.printed_name == "Amara Okafor"
    today = ConsentForm(kind="services", method="screen", signed_on=clock().date().isoformat())
    signed = s.consents.record(dana.actor, client.id, today, signers=[("client", drawn(), "A O")])
    assert signed.method.value == "screen"
    engine.dispose()
