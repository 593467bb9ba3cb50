"""Which copies the backup folder keeps: 7 daily, 4 weekly, every copy made
before an upgrade; days and weeks are the office's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from domain.backups.copies import BackupCopy, BackupKind
from domain.backups.retention import copies_to_keep, copies_to_remove

OHIO = timezone(timedelta(hours=-5))


def copy(when: datetime, kind: BackupKind = BackupKind.DAILY) -> BackupCopy:
    return BackupCopy(f"copy-{when.isoformat()}-{kind}", when, kind, 1000, "0020")


def at(day: date, hour: int = 9, zone=UTC) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def test_a_daily_copy_for_two_months_keeps_a_week_of_days_and_a_month_of_weeks():
    today = date(2026, 12, 5)  # a Saturday
    copies = [copy(at(today - timedelta(days=n))) for n in range(60)]

    kept = copies_to_keep(copies, UTC)

    days = sorted((c.taken_at.date() for c in kept), reverse=True)
    # The last seven days, then the newest copy (a Sunday's) of each earlier week.
    assert days[:7] == [today - timedelta(days=n) for n in range(7)]
    assert days[7:] == [date(2026, 11, 22), date(2026, 11, 15)]
    assert len(kept) == 9
    assert {c.taken_at.isocalendar()[:2] for c in kept} == {
        (2026, 46),
        (2026, 47),
        (2026, 48),
        (2026, 49),
    }
    assert set(copies_to_remove(copies, UTC)) == set(copies) - kept


def test_of_several_copies_in_a_day_the_newest_is_the_days_copy():
    day = date(2026, 12, 5)
    morning, noon, evening = (copy(at(day, hour)) for hour in (8, 12, 18))
    yesterday = copy(at(day - timedelta(days=1), 8))

    assert copies_to_keep([morning, noon, evening, yesterday], UTC) == {evening, yesterday}
    assert copies_to_remove([morning, noon, evening, yesterday], UTC) == [morning, noon]


def test_days_without_a_copy_do_not_count_against_the_seven():
    # The office was closed for a fortnight: the seven days kept are days with copies.
    start = date(2026, 11, 2)  # a Monday
    worked = [start + timedelta(days=n) for n in range(5)] + [
        start + timedelta(days=19 + n) for n in range(3)
    ]
    copies = [copy(at(day)) for day in worked]

    kept_days = {c.taken_at.date() for c in copies_to_keep(copies, UTC)}

    assert kept_days == set(worked[1:])  # the oldest day goes; its week keeps its Friday


def test_copies_made_before_an_upgrade_are_always_kept():
    old = copy(at(date(2025, 1, 10)), BackupKind.BEFORE_UPGRADE)
    older = copy(at(date(2024, 3, 1)), BackupKind.BEFORE_UPGRADE)
    daily = [copy(at(date(2026, 12, 5) - timedelta(days=n))) for n in range(40)]

    kept = copies_to_keep([old, older, *daily], UTC)

    assert {old, older} <= kept
    assert old not in copies_to_remove([old, older, *daily], UTC)
    # They do not take an ordinary copy's place either.
    assert len(kept - {old, older}) == 9


def test_manual_copies_count_as_the_days_copies():
    day = date(2026, 12, 5)
    daily, manual = copy(at(day, 8)), copy(at(day, 15), BackupKind.MANUAL)

    assert copies_to_keep([daily, manual], UTC) == {manual}


def test_the_day_of_a_copy_is_the_offices_not_utcs():
    # 11 pm on Friday in Ohio is already Saturday in UTC: Friday's copy, in Ohio.
    friday_night = copy(datetime(2026, 12, 5, 4, 0, tzinfo=UTC))  # Fri 23:00 in Ohio
    friday_morning = copy(datetime(2026, 12, 4, 14, 0, tzinfo=UTC))  # Fri 09:00 in Ohio
    saturday = copy(datetime(2026, 12, 5, 14, 0, tzinfo=UTC))

    assert copies_to_keep([friday_morning, friday_night, saturday], OHIO) == {
        friday_night,
        saturday,
    }
    # In UTC the night copy is Saturday's, and Friday keeps its morning copy.
    assert copies_to_keep([friday_morning, friday_night, saturday], UTC) == {
        friday_morning,
        saturday,
    }


def test_nothing_to_remove_from_a_new_folder():
    assert copies_to_remove([], UTC) == []
    one = copy(at(date(2026, 12, 5)))
    assert copies_to_remove([one], UTC) == []
