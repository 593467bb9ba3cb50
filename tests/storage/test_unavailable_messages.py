""" "Nothing was saved" says what to check for the database in use: the network
and the server for PostgreSQL, the file for the embedded database."""

from __future__ import annotations

import pytest

import main
from domain.clients.record import ClientForm
from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable
from domain.common.policy import Role
from storage.common.engine import create_database_engine, sqlite_url

# Never reaches the database: the first connection fails.
FRONT_DESK = Actor(1, "mrivera", "Maria Rivera", Role.FRONTDESK, "FRONTDESK-01")


def unavailable_message(url) -> str:
    engine = create_database_engine(url)
    services = main.build_embedded(engine).services
    try:
        with pytest.raises(DatabaseUnavailable, match="nothing was saved") as raised:
            services.clients.register(FRONT_DESK, ClientForm(first_name="Ada", last_name="B"))
    finally:
        engine.dispose()
    return str(raised.value)


def test_an_unreachable_server_speaks_of_the_server_not_a_file():
    # Port 9 (discard) on loopback: nothing listens there.
    said = unavailable_message("postgresql://nobody@127.0.0.1:9/none")
    assert "server" in said and "network" in said
    assert "file" not in said and "another program" not in said


def test_an_unusable_database_file_speaks_of_the_file_not_the_network(tmp_path):
    folder = tmp_path / "not-a-file.sqlite3"
    folder.mkdir()  # SQLite cannot open a folder as its database
    said = unavailable_message(sqlite_url(folder))
    assert "file" in said and "try again" in said
    assert "network" not in said and "server" not in said
