"""Every editor's unsaved work is kept beside the notes' drafts, sealed the same
way: each copy comes back whole, the folder reveals nothing, the notes' drafts
and the other copies never mix, and a copy that cannot be read is named, never
read as the wrong work and never removed unasked."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import keyring
import pytest

from domain.local_work.kept_work import (
    CopyUnreadable,
    KeptWork,
    Unreadable,
    UnreadableDraft,
    WorkKind,
)
from domain.notes.local_drafts import LocalDraft
from domain.notes.note import NoteForm
from storage.notes.draft_files import DraftFiles
from storage.notes.draft_keys import SERVICE

T0 = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
GOAL = "Leave the partner's flat safely; shelter bed by Friday"


def plan_copy(record: str = "case12", goal: str = GOAL, username: str = "mgarcia") -> KeptWork:
    return KeptWork(
        username=username,
        kind=WorkKind.PLAN,
        record=record,
        client_name="Amara Okafor",
        form={"goals": [{"description": goal}], "expected_version": 3},
        saved_at=T0,
    )


@pytest.fixture
def files(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


def test_a_copy_comes_back_whole_and_its_file_reveals_nothing(files, tmp_path):
    files.keep(plan_copy())
    assert files.kept("mgarcia", WorkKind.PLAN, "case12") == plan_copy()
    everything = b"".join(p.read_bytes() for p in (tmp_path / "drafts").rglob("*") if p.is_file())
    for word in ("partner", "shelter", "Friday", "Amara", "Okafor", "goals"):
        assert word.encode() not in everything
    assert [p.name for p in (tmp_path / "drafts" / "mgarcia").iterdir()] == ["plan-case12.draft"]
    # Kept again: one file, the newest words.
    files.keep(plan_copy(goal="Shelter bed found"))
    assert files.kept("mgarcia", WorkKind.PLAN, "case12").form["goals"] == [
        {"description": "Shelter bed found"}
    ]
    files.forget("mgarcia", WorkKind.PLAN, "case12")
    assert files.kept("mgarcia", WorkKind.PLAN, "case12") is None
    files.forget("mgarcia", WorkKind.PLAN, "case12")  # gone already: nothing happens


def test_notes_drafts_and_other_copies_share_the_folder_and_never_mix(files):
    note = LocalDraft("mgarcia", "case12-note3", 12, 3, "Amara", NoteForm(narrative="Visit"), T0)
    files.save(note)
    files.keep(plan_copy())
    intake = KeptWork("mgarcia", WorkKind.INTAKE, "new1a2b3c4d", "", {"page": 2}, T0)
    files.keep(intake)
    assert files.drafts_of("mgarcia") == [note]
    assert files.unreadable_of("mgarcia") == []
    assert files.kept_of("mgarcia") == [intake, plan_copy()]  # oldest first; then by name
    assert files.kept_of("mgarcia", WorkKind.INTAKE) == [intake]
    assert files.kept_of("dlee") == []


def test_a_copy_put_in_place_of_another_is_refused_and_kept(files):
    files.keep(plan_copy("case12"))
    files.keep(plan_copy("case13", "Other goal"))
    files.keep(plan_copy("case12", username="dlee"))
    mine = files.path("mgarcia", "plan-case12")
    shutil.copyfile(mine, files.path("mgarcia", "plan-case13"))  # another record's
    shutil.copyfile(mine, files.path("dlee", "plan-case12"))  # another person's
    with pytest.raises(CopyUnreadable) as refused:
        files.kept("mgarcia", WorkKind.PLAN, "case13")
    assert refused.value.reason is Unreadable.DAMAGED
    assert [w.record for w in files.kept_of("mgarcia")] == ["case12"]
    with pytest.raises(CopyUnreadable):
        files.kept("dlee", WorkKind.PLAN, "case12")
    assert files.path("mgarcia", "plan-case13").exists()  # kept, for the person to decide


def test_a_lost_key_leaves_the_copies_unreadable_and_says_why(files):
    files.keep(plan_copy())
    keyring.delete_password(SERVICE, files.keys.account("mgarcia"))
    with pytest.raises(CopyUnreadable) as refused:
        files.kept("mgarcia", WorkKind.PLAN, "case12")
    assert refused.value.reason is Unreadable.KEY_GONE
    assert files.kept_of("mgarcia") == []
    # The notes' sign-in notice names only the notes' own files.
    assert files.unreadable_of("mgarcia") == []
    assert files.scan("mgarcia", lambda name: True, lambda name, data: data)[1] == [
        UnreadableDraft("mgarcia", "plan-case12", Unreadable.KEY_GONE)
    ]


def test_a_copy_holding_no_work_of_its_kind_is_refused(files):
    files.write("mgarcia", "plan-case12", {"username": "mgarcia", "kind": "plan"})
    with pytest.raises(CopyUnreadable):
        files.kept("mgarcia", WorkKind.PLAN, "case12")
    files.write(
        "mgarcia",
        "plan-case14",
        json.loads(json.dumps({**_data(plan_copy("case14")), "kind": "consent"})),
    )
    assert files.kept_of("mgarcia") == []


def _data(work: KeptWork) -> dict:
    return {
        "username": work.username,
        "kind": work.kind.value,
        "record": work.record,
        "client_name": work.client_name,
        "saved_at": work.saved_at.isoformat(),
        "form": dict(work.form),
    }
