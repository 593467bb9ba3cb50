"""Attachments on the shared server, under each person's own login (a cluster that
checks passwords): what psql with a caseworker's credentials shows and allows, that
a removal leaves its tombstone in the server's words, that content matches its entry
and the office's limit, and that changes are announced with ids only."""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg import errors

from domain.attachments.attachment import AttachmentForm, Upload
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.common.policy import Role
from tests import attachment_files as files

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def scene(scram_office):
    office = scram_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    worker, colleague = office.hire(Role.CASEWORKER, "Maria"), office.hire(Role.CASEWORKER, "Jo")
    frontdesk = office.hire(Role.FRONTDESK, "Toni")
    s, a = supervisor.services, supervisor.actor
    mine = s.clients.register(a, ClientForm(first_name="Amara", last_name="Okafor")).id
    theirs = s.clients.register(a, ClientForm(first_name="Ben", last_name="Moss")).id
    s.cases.open_case(a, mine, worker.actor.staff_id)
    s.cases.open_case(a, theirs, colleague.actor.staff_id)

    def attach(person, client_id, content, title="Payslip"):
        form = AttachmentForm(title, "income_proof")
        return person.services.attachments.add(
            person.actor, client_id, form, Upload("payslip.pdf", content)
        )

    my_content = files.pdf(1, "Mine")
    return {
        "office": office,
        "my_content": my_content,
        "supervisor": supervisor,
        "worker": worker,
        "colleague": colleague,
        "frontdesk": frontdesk,
        "mine": mine,
        "theirs": theirs,
        "attach": attach,
        "my_file": attach(worker, mine, my_content),
        "their_file": attach(colleague, theirs, files.pdf(1, "Theirs")),
    }


def psql(scene, who: str) -> psycopg.Connection:
    return scene["office"].connect_as(scene[who].actor.username)


def test_a_caseworker_cannot_read_another_caseworkers_clients_attachment_on_the_server(scene):
    mine, theirs = scene["my_file"], scene["their_file"]
    worker = scene["worker"]
    with pytest.raises(PermissionDenied):
        worker.services.attachments.open(worker.actor, theirs.id)
    with psql(scene, "worker") as conn:
        seen = {row[0] for row in conn.execute("SELECT id FROM attachments")}
        contents = {row[0] for row in conn.execute("SELECT id FROM attachment_contents")}
        [(content,)] = conn.execute(
            "SELECT content FROM attachment_contents WHERE id = %s", (mine.id,)
        ).fetchall()
        nothing = conn.execute(
            "SELECT content FROM attachment_contents WHERE id = %s", (theirs.id,)
        ).fetchall()
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO attachments (client_id, title, document_type, file_type, "
                "byte_size, sha256, created_at, created_by, updated_at, updated_by) "
                "VALUES (%s, 'Planted', 'other', 'image/png', 10, repeat('0', 64), now(), "
                "current_user, now(), current_user)",
                (scene["theirs"],),
            )
    assert seen == contents == {mine.id}
    assert bytes(content) == scene["my_content"] and nothing == []
    # The front desk and supervisors read every record's; the administrator none.
    for who in ("frontdesk", "supervisor"):
        with psql(scene, who) as conn:
            readable = {row[0] for row in conn.execute("SELECT id FROM attachment_contents")}
        assert {mine.id, theirs.id} <= readable
    office = scene["office"]
    with (
        office.connect_as(office.admin.actor.username) as conn,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT id FROM attachments")


def test_a_removal_is_the_servers_word_and_stays(scene):
    doomed = scene["attach"](scene["worker"], scene["mine"], files.png(), "Wrong client")
    with psql(scene, "worker") as conn:
        for sql in (
            "DELETE FROM attachment_contents WHERE id = %s",
            "UPDATE attachments SET removed_at = now(), removed_by = current_user, "
            "removal_reason = 'mine to remove' WHERE id = %s",
            "UPDATE attachment_contents SET content = 'x' WHERE id = %s",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql, (doomed.id,))
    with psql(scene, "supervisor") as conn:
        # Not while its entry says it is kept.
        deleted = conn.execute("DELETE FROM attachment_contents WHERE id = %s", (doomed.id,))
        assert deleted.rowcount == 0
        conn.execute(
            "UPDATE attachments SET removed_at = '2001-01-01', removed_by = 'someone_else', "
            "removal_reason = 'Scanned on the wrong client' WHERE id = %s",
            (doomed.id,),
        )
        [(by, recent)] = conn.execute(
            "SELECT removed_by, removed_at > now() - interval '1 minute' FROM attachments "
            "WHERE id = %s",
            (doomed.id,),
        ).fetchall()
        assert (by, recent) == (scene["supervisor"].actor.username, True)
        assert (
            conn.execute("DELETE FROM attachment_contents WHERE id = %s", (doomed.id,)).rowcount
            == 1
        )
        with pytest.raises(errors.InsufficientPrivilege, match="stays removed"):
            conn.execute(
                "UPDATE attachments SET removed_at = NULL, removed_by = NULL WHERE id = %s",
                (doomed.id,),
            )
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO attachment_contents (id, content) VALUES (%s, 'back')", (doomed.id,)
            )
    worker = scene["worker"]
    [tombstone] = [
        a
        for a in worker.services.attachments.for_client(worker.actor, scene["mine"])
        if a.id == doomed.id
    ]
    assert tombstone.removed and tombstone.removal_reason == "Scanned on the wrong client"


def test_content_must_match_its_entry_and_the_offices_limit(scene):
    worker = scene["worker"]
    entry = (
        "INSERT INTO attachments (client_id, title, document_type, file_type, byte_size, "
        "sha256, created_at, created_by, updated_at, updated_by) VALUES (%s, 'Forged', "
        "'other', 'image/png', %s, %s, now(), current_user, now(), current_user) RETURNING id"
    )
    with psql(scene, "worker") as conn:
        conn.autocommit = False
        [(forged,)] = conn.execute(entry, (scene["mine"], 4, "0" * 64)).fetchall()
        with pytest.raises(errors.CheckViolation, match="does not match"):
            conn.execute(
                "INSERT INTO attachment_contents (id, content) VALUES (%s, 'abcd')", (forged,)
            )
        conn.rollback()
    admin = scene["office"].admin
    limit = admin.services.attachments.size_limit(admin.actor)
    admin.services.attachments.set_size_limit(admin.actor, "1", limit.version)
    try:
        with (
            psql(scene, "worker") as conn,
            pytest.raises(errors.CheckViolation, match="at most 1 MB"),
        ):
            conn.execute(entry, (scene["mine"], 2 * 1024 * 1024, "0" * 64))
        with pytest.raises(ValidationError, match="at most 1 MB"):
            scene["attach"](worker, scene["mine"], files.scanned_pdf(1_200_000))
    finally:
        limit = admin.services.attachments.size_limit(admin.actor)
        admin.services.attachments.set_size_limit(admin.actor, "25", limit.version)


def test_changes_are_announced_with_ids_only(scene):
    with psql(scene, "worker") as listener:
        listener.execute("LISTEN casedesk_changes")
        added = scene["attach"](
            scene["supervisor"], scene["mine"], files.jpeg(), "Lease signed by Amara"
        )
        payloads = [json.loads(n.payload) for n in listener.notifies(timeout=2, stop_after=1)]
    [payload] = [p for p in payloads if p["t"] == "attachments"]
    assert payload == {
        "t": "attachments",
        "op": "I",
        "id": added.id,
        "v": 1,
        "client": scene["mine"],
        "staff": [],
    }
    assert "Lease" not in json.dumps(payloads)


def test_the_server_audits_each_row_under_the_persons_login(scene):
    added = scene["attach"](scene["worker"], scene["mine"], files.jpeg(40, 30), "Utility bill")
    with scene["office"].superuser() as su:
        rows = set(
            su.execute(
                "SELECT action, entity_type, actor FROM audit_events WHERE entity_id = %s "
                "AND entity_type LIKE 'table:attachment%%'",
                (added.id,),
            )
        )
        app = su.execute(
            "SELECT actor, detail FROM audit_events WHERE action = 'attachment.added' "
            "AND detail LIKE %s",
            (f"attachment={added.id};%",),
        ).fetchall()
    me = scene["worker"].actor.username
    assert rows == {
        ("row.inserted", "table:attachments", me),
        ("row.inserted", "table:attachment_contents", me),
    }
    assert app == [(me, f"attachment={added.id};type=income_proof;file=jpeg")]
