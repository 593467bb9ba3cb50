"""Local drafts encrypted at rest (issue 19, part 5): a copied drafts folder holds no
readable word; a damaged, altered or swapped file is refused and kept; drafts from
before encryption are sealed at the first read; a lost key makes drafts unreadable,
said plainly, never a crash; with no system keyring the key lives in a file beside
(not inside) the drafts folder.

Keys go to the per-test file keyring of tests/conftest.py, never the computer's own.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked

from domain.notes.local_drafts import LocalDraft, Unreadable, UnreadableDraft
from domain.notes.note import NoteForm, form_to_json
from storage.notes.draft_cipher import DraftUnreadable
from storage.notes.draft_files import DraftFiles
from storage.notes.draft_keys import SERVICE, DraftKeys, KeyUnavailable
from tests.file_keyring import FileKeyring

T0 = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
WORDS = (
    "Purpose of visit: Amara disclosed relapse on methadone; bruises from her partner. "
    "Safety plan made, shelter hotline given, ünïcode ✓"
)
CLIENT = "Amara Okafor"


def draft(key: str = "case7-note9", narrative: str = WORDS, username: str = "mgarcia"):
    form = NoteForm(contact_date="11/23/2026", contact_type="home_visit", narrative=narrative)
    return LocalDraft(username, key, 7, 9 if "note" in key else None, CLIENT, form, T0)


def words_of(text: str) -> set[str]:
    return {word for word in re.findall(r"\w{4,}", text)}


def every_byte_under(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())


def assert_reveals_nothing(folder: Path) -> None:
    everything = every_byte_under(folder)
    assert everything  # something was written
    for word in words_of(WORDS) | words_of(CLIENT):
        for encoding in ("utf-8", "utf-16-le"):
            assert word.encode(encoding) not in everything, word
        assert word.lower().encode() not in everything.lower(), word


@pytest.fixture
def files(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


def test_a_draft_comes_back_whole_and_its_file_reveals_not_a_word(files, tmp_path):
    second = draft("case7-newabcd", "Second note: court date for the custody hearing")
    files.save(draft())
    files.save(second)
    assert files.drafts_of("mgarcia") == [second, draft()]
    # A copy of the drafts folder, as a backup tool or a thief would take it.
    copied = tmp_path / "copied"
    shutil.copytree(tmp_path / "drafts", copied)
    assert_reveals_nothing(copied)
    assert b"custody" not in every_byte_under(copied)
    assert sorted(p.name for p in (copied / "mgarcia").iterdir()) == [
        "case7-newabcd.draft",
        "case7-note9.draft",
    ]
    # The key is in the keyring, not in any file beside the drafts.
    assert keyring.get_password(SERVICE, files.keys.account("mgarcia"))
    assert not (tmp_path / "drafts-keys").exists()
    assert list(tmp_path.rglob("*.tmp")) == []


def test_each_person_and_each_data_folder_has_a_key_of_its_own(tmp_path):
    office, demo = DraftFiles(tmp_path / "drafts"), DraftFiles(tmp_path / "drafts-demo")
    office.save(draft())
    office.save(draft(username="dlee"))
    demo.save(draft())
    keys = {
        office.keys.key_for("mgarcia", create=False),
        office.keys.key_for("dlee", create=False),
        demo.keys.key_for("mgarcia", create=False),
    }
    assert len(keys) == 3 and all(len(key) == 32 for key in keys)
    assert [d.form.narrative for d in demo.drafts_of("mgarcia")] == [WORDS]


def test_a_flipped_byte_is_refused_clearly_and_the_file_is_kept(files, caplog):
    files.save(draft())
    path = files.path("mgarcia", "case7-note9")
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    path.write_bytes(bytes(damaged))

    with pytest.raises(DraftUnreadable, match=r"case7-note9\.draft fails its integrity check"):
        files.read("mgarcia", "case7-note9")
    with caplog.at_level(logging.WARNING):
        assert files.drafts_of("mgarcia") == []
    assert files.unreadable_of("mgarcia") == [
        UnreadableDraft("mgarcia", "case7-note9", Unreadable.DAMAGED)
    ]
    assert path.read_bytes() == bytes(damaged)  # kept, for the person to decide
    assert "case7-note9.draft" in caplog.text and "Amara" not in caplog.text
    # A file cut short is refused the same way.
    path.write_bytes(bytes(damaged)[:20])
    assert files.unreadable_of("mgarcia")[0].reason is Unreadable.DAMAGED


def test_a_file_put_in_place_of_another_draft_or_another_persons_is_refused(files):
    files.save(draft("case7-note9"))
    files.save(draft("case8-note10", "Other words"))
    files.save(draft("case7-note9", username="dlee"))
    mine = files.path("mgarcia", "case7-note9")
    shutil.copyfile(mine, files.path("mgarcia", "case8-note10"))  # same key, other draft
    shutil.copyfile(mine, files.path("dlee", "case7-note9"))  # other person's key and name
    assert [d.key for d in files.drafts_of("mgarcia")] == ["case7-note9"]
    assert files.unreadable_of("mgarcia") == [
        UnreadableDraft("mgarcia", "case8-note10", Unreadable.DAMAGED)
    ]
    assert files.drafts_of("dlee") == []
    assert files.unreadable_of("dlee")[0].key == "case7-note9"


def test_a_plaintext_draft_from_before_is_read_once_and_sealed(files, tmp_path, caplog):
    folder = tmp_path / "drafts" / "mgarcia"
    folder.mkdir(parents=True)
    old = draft()
    plain = {
        "username": old.username,
        "key": old.key,
        "case_id": old.case_id,
        "note_id": old.note_id,
        "client_name": old.client_name,
        "saved_at": old.saved_at.isoformat(),
        "form": form_to_json(old.form),
    }
    (folder / "case7-note9.json").write_text(json.dumps(plain, ensure_ascii=False), "utf-8")
    # A temporary file an old version left when it was killed mid-write: plaintext too.
    leftover = folder / ".draft-k3j2.tmp"
    leftover.write_text(json.dumps(plain)[:60], "utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(leftover, (an_hour_ago, an_hour_ago))

    with caplog.at_level(logging.INFO):
        assert files.drafts_of("mgarcia") == [old]
    assert "plaintext local draft was encrypted: case7-note9.json" in caplog.text
    assert sorted(p.name for p in folder.iterdir()) == ["case7-note9.draft"]
    assert_reveals_nothing(tmp_path / "drafts")
    assert files.drafts_of("mgarcia") == [old]  # and reads back, sealed


def test_a_lost_key_leaves_the_drafts_unreadable_said_so_and_kept(files):
    files.save(draft())
    files.save(draft("case8-note10"))
    keyring.delete_password(SERVICE, files.keys.account("mgarcia"))  # a new Windows profile

    assert files.drafts_of("mgarcia") == []
    assert files.unreadable_of("mgarcia") == [
        UnreadableDraft("mgarcia", "case7-note9", Unreadable.KEY_GONE),
        UnreadableDraft("mgarcia", "case8-note10", Unreadable.KEY_GONE),
    ]
    with pytest.raises(DraftUnreadable, match="a key this computer no longer has"):
        files.read("mgarcia", "case7-note9")
    # New drafts go on being kept, under a new key; the old files stay until removed.
    files.save(draft("case9-new1", "Written after"))
    assert [d.key for d in files.drafts_of("mgarcia")] == ["case9-new1"]
    assert [u.reason for u in files.unreadable_of("mgarcia")] == [Unreadable.KEY_GONE] * 2
    files.remove("mgarcia", "case7-note9")
    assert [u.key for u in files.unreadable_of("mgarcia")] == ["case8-note10"]


def test_a_different_key_is_a_lost_key_too(files):
    files.save(draft())
    other = DraftFiles(files.folder.with_name("elsewhere"))
    other.save(draft())
    other_key = keyring.get_password(SERVICE, other.keys.account("mgarcia"))
    keyring.set_password(SERVICE, files.keys.account("mgarcia"), other_key)
    assert files.unreadable_of("mgarcia")[0].reason is Unreadable.KEY_GONE


def test_with_no_keyring_the_key_is_a_file_beside_the_drafts_and_said_so(
    files, tmp_path, caplog, keyring_in_a_file
):
    keyring.set_keyring(fail.Keyring())  # a Linux server: no Secret Service
    with caplog.at_level(logging.WARNING):
        files.save(draft())
        files.save(draft("case8-note10"))
    assert caplog.text.count("No system keyring is usable here") == 1
    key_file = tmp_path / "drafts-keys" / "mgarcia.key"
    assert key_file.is_file()
    if sys.platform != "win32":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert files.drafts_of("mgarcia")[0] == draft()
    assert_reveals_nothing(tmp_path / "drafts")  # the folder alone reveals nothing

    # A keyring usable later (say, a desktop session): the key moves into it.
    keyring.set_keyring(FileKeyring(keyring_in_a_file))
    assert files.drafts_of("mgarcia")[0] == draft()
    assert not key_file.exists()
    assert keyring.get_password(SERVICE, files.keys.account("mgarcia"))


class LockedKeyring(FileKeyring):
    def get_password(self, service, username):
        raise KeyringLocked("the keyring is locked")

    set_password = get_password


def test_a_keyring_that_will_not_answer_makes_no_new_key_and_loses_nothing(
    files, keyring_in_a_file
):
    files.save(draft())
    keyring.set_keyring(LockedKeyring(keyring_in_a_file))
    with pytest.raises(OSError, match="did not answer"):  # the editor's "could not keep a copy"
        files.save(draft("case8-new1"))
    assert files.drafts_of("mgarcia") == []
    assert files.unreadable_of("mgarcia") == [
        UnreadableDraft("mgarcia", "case7-note9", Unreadable.KEY_UNREACHABLE)
    ]
    assert not files.unreadable_of("mgarcia")[0].removable
    with pytest.raises(KeyUnavailable):
        files.keys.key_for("mgarcia", create=True)
    keyring.set_keyring(FileKeyring(keyring_in_a_file))  # unlocked again
    assert files.drafts_of("mgarcia") == [draft()]


def test_the_app_keeps_drafts_apart_for_the_demo_and_the_office(tmp_path, monkeypatch):
    import main

    monkeypatch.setenv("CASEDESK_DATA_DIR", str(tmp_path))
    main.local_drafts().save(draft())
    assert main.local_drafts(demo=True).unreadable_of("mgarcia") == []
    assert main.local_drafts().drafts_of("mgarcia") == [draft()]
    assert isinstance(main.local_drafts().keys, DraftKeys)
    assert_reveals_nothing(tmp_path / "drafts")
