"""Copies of the embedded file made while the office works in it: nothing lost,
nothing blocked, every copy checked, and the folder kept to its rule."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.backups.copies import BackupKind
from domain.clients.record import ClientForm
from domain.common.policy import Role
from storage.backups.backup_files import SqliteBackups
from storage.backups.sqlite_copy import check_copy


def word(n: int) -> str:
    """A name of letters only, different for every n (names hold no digits)."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[rest]
        if n == 0:
            return letters.capitalize()


def clients_in(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM clients").fetchone()[0]
    finally:
        connection.close()


def database_of(engine) -> Path:
    return Path(engine.url.database)


def test_a_copy_made_while_someone_saves_loses_no_save_and_checks(engine, services, make_staff):
    desk = make_staff(Role.FRONTDESK)
    for n in range(40):  # a few hundred pages, so the copy takes many steps
        services.clients.register(desk, ClientForm(first_name="Base", last_name=f"Row{word(n)}"))
    # Small steps with pauses: the copy spans many of the writer's saves.
    store = SqliteBackups(database_of(engine), pages_per_step=4, pause=0.02)
    saved: list[tuple[float, int]] = []  # (when, client id)
    slowest = [0.0]
    failures: list[BaseException] = []
    stop = threading.Event()

    def keep_saving() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            started = time.perf_counter()
            try:
                client = services.clients.register(
                    desk, ClientForm(first_name="Writer", last_name=f"Typing{word(n)}")
                )
            except BaseException as error:  # the test reports any
                failures.append(error)
                return
            finished = time.perf_counter()
            slowest[0] = max(slowest[0], finished - started)
            saved.append((finished, client.id))

    writer = threading.Thread(target=keep_saving)
    writer.start()
    while len(saved) < 3:
        time.sleep(0.01)
    copy_started = time.perf_counter()
    copy = store.make_copy(
        str(database_of(engine).parent / "backups"), BackupKind.DAILY, services.clock()
    )
    copy_ended = time.perf_counter()
    time.sleep(0.1)
    stop.set()
    writer.join()

    assert failures == []
    during = [client_id for when, client_id in saved if copy_started < when < copy_ended]
    assert len(during) >= 3, "the copy was too quick to overlap the writer"
    assert slowest[0] < 1.0  # no save waited for the copy
    # Every save is in the database; the copy holds the database as of one moment.
    assert clients_in(database_of(engine)) == 40 + len(saved)
    check = check_copy(Path(copy.location))
    assert check.intact
    assert check.row_counts == copy.row_counts
    assert 40 + 3 <= copy.row_counts["clients"] < 40 + len(saved)
    assert store.copies(str(Path(copy.location).parent)) == [copy]


def test_the_first_sign_in_of_each_day_makes_the_days_copy(engine, services, admin, clock):
    first = services.backups.at_sign_in(admin)

    assert first.made is not None and first.warning is None
    assert first.made.kind is BackupKind.DAILY
    assert Path(first.made.location).parent == database_of(engine).parent / "backups"
    assert services.backups.at_sign_in(admin).made is None  # the day has its copy
    clock.now += timedelta(days=1)
    assert services.backups.at_sign_in(admin).made is not None
    made = services.audit.query(admin, AuditFilter(action=AuditAction.BACKUP_MADE))
    assert [event.actor for event in made] == ["admin", "admin"]
    assert all(event.detail.startswith("daily;file=") for event in made)


def test_five_weeks_of_sign_ins_leave_the_copies_the_rule_keeps(engine, services, admin, clock):
    first_day = clock.now.astimezone().date()
    for _day in range(35):  # a Monday to a Sunday, five weeks later
        services.backups.at_sign_in(admin)
        clock.now += timedelta(days=1)

    overview = services.backups.overview(admin)

    last_day = first_day + timedelta(days=34)
    kept = sorted(copy.taken_at.astimezone().date() for copy in _copies(services, admin))
    # The last seven days (one whole week), and the Sunday of each of three weeks before.
    assert kept == [last_day - timedelta(days=n) for n in (21, 14, 7, 6, 5, 4, 3, 2, 1, 0)]
    assert overview.copies == 10
    folder = database_of(engine).parent / "backups"
    assert len(list(folder.glob("*.sqlite3"))) == overview.copies
    assert len(list(folder.glob("*.sqlite3.json"))) == overview.copies


def _copies(services, admin):
    overview = services.backups.overview(admin)
    return SqliteBackups(Path(overview.default_folder).parent / "casedesk.sqlite3").copies(
        overview.folder
    )


def test_a_file_named_like_a_copy_but_never_checked_is_no_backup(engine, services, admin):
    folder = database_of(engine).parent / "backups"
    folder.mkdir()
    (folder / "casedesk-2026-11-20-090000-daily.sqlite3").write_bytes(b"half a copy")
    (folder / "casedesk-2026-11-21-090000-daily.sqlite3.partial").write_bytes(b"cut off")

    overview = services.backups.overview(admin)

    assert overview.newest is None and overview.copies == 0
    assert overview.warning is not None and "no checked backup" in overview.warning


def test_an_administrator_is_warned_when_the_backup_folder_is_out_of_reach(
    tmp_path, services, admin, make_staff
):
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    services.backups.set_folder(admin, str(usb), 0)
    usb.rmdir()  # the stick is unplugged
    caseworker = make_staff(Role.CASEWORKER)

    theirs = services.backups.at_sign_in(caseworker)
    mine = services.backups.at_sign_in(admin)

    assert theirs.made is None and theirs.warning is None  # not theirs to fix
    assert str(usb) in theirs.problem
    assert mine.made is None
    assert mine.warning is not None and f"cannot reach the backup folder {usb}" in mine.warning
    failed = services.audit.query(admin, AuditFilter(action=AuditAction.BACKUP_FAILED))
    assert {event.actor for event in failed} == {"admin", caseworker.username}


def test_an_administrator_is_warned_when_no_good_copy_is_newer_than_a_week(services, admin, clock):
    week_ago = clock.now
    services.backups.back_up_now(admin)
    clock.now += timedelta(days=6)
    assert services.backups.overview(admin).warning is None

    clock.now += timedelta(days=2)
    overview = services.backups.overview(admin)

    assert overview.newest is not None and overview.newest.taken_at == week_ago
    assert overview.warning is not None and "newer than 7 days" in overview.warning
    assert overview.newest.location in overview.warning
    # The next sign-in makes today's copy, and the warning is gone.
    assert services.backups.at_sign_in(admin).warning is None


def test_only_a_folder_that_can_be_written_is_saved(tmp_path, services, admin):
    from domain.common.errors import ValidationError

    with pytest.raises(ValidationError) as raised:
        services.backups.set_folder(admin, str(tmp_path / "not-there"), 0)
    assert "cannot reach the backup folder" in raised.value.errors["backup_folder"]
    with pytest.raises(ValidationError) as raised:
        services.backups.set_folder(admin, "backups", 0)
    assert "whole path" in raised.value.errors["backup_folder"]
    assert services.backups.overview(admin).chosen_folder == ""


def test_back_up_now_is_for_administrators(services, make_staff):
    from domain.common.errors import PermissionDenied

    supervisor = make_staff(Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        services.backups.back_up_now(supervisor)


def test_the_later_of_two_folder_saves_from_one_version_is_refused(
    tmp_path, services, admin, make_staff
):
    from domain.common.errors import ConflictError

    other = make_staff(Role.ADMIN, "bkhan", "Bilal Khan")
    usb, share = tmp_path / "usb", tmp_path / "share"
    usb.mkdir()
    share.mkdir()
    seen = services.backups.overview(admin).folder_version

    services.backups.set_folder(other, str(share), seen)
    with pytest.raises(ConflictError) as refused:
        services.backups.set_folder(admin, str(usb), seen)

    assert refused.value.changed_by == "bkhan"
    assert services.backups.overview(admin).folder == str(share)
