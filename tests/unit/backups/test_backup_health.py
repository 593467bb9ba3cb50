"""When a copy is due, and what the administrator is told when backups fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.backups.copies import BackupCopy, BackupKind
from domain.backups.health import backup_warning, daily_copy_due

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def copy(when: datetime, kind: BackupKind = BackupKind.DAILY) -> BackupCopy:
    return BackupCopy(f"E:\\Backups\\casedesk-{when:%Y%m%d}.sqlite3", when, kind, 1000, "0020")


def test_the_first_sign_in_of_the_day_is_due_a_copy():
    assert daily_copy_due([], NOW, UTC)
    assert daily_copy_due([copy(NOW - timedelta(days=1))], NOW, UTC)
    assert not daily_copy_due([copy(NOW - timedelta(hours=1))], NOW, UTC)
    # Any kind of copy made today will do.
    assert not daily_copy_due([copy(NOW - timedelta(hours=2), BackupKind.MANUAL)], NOW, UTC)


def test_no_warning_while_a_checked_copy_is_newer_than_seven_days():
    assert backup_warning("E:\\Backups", [copy(NOW - timedelta(days=6, hours=23))], NOW) is None


def test_a_week_without_a_good_copy_is_a_warning_with_the_last_ones_date_and_place():
    last = copy(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))

    warning = backup_warning("E:\\Backups", [last], NOW)

    assert warning is not None
    assert "newer than 7 days" in warning
    assert "27 November 2026" in warning
    assert last.location in warning


def test_an_unreachable_folder_is_a_warning_naming_it():
    warning = backup_warning("E:\\Backups", None, NOW)
    said = backup_warning("E:\\Backups", None, NOW, "E:\\Backups: permission denied.")

    assert warning is not None
    assert warning.startswith("CaseDesk cannot reach the backup folder E:\\Backups.")
    assert said is not None and said.startswith("E:\\Backups: permission denied. No backup")


def test_no_copy_at_all_is_a_warning():
    warning = backup_warning("E:\\Backups", [], NOW)
    assert warning is not None and "no checked backup" in warning
