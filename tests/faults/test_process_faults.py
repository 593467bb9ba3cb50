"""The processes on either side of a save die mid-way: PostgreSQL stopped in
immediate mode while a signing waits mid-transaction (and at a random moment of
more signings), and CaseDesk itself killed with SIGKILL at a random moment of
its autosaves and signings, on SQLite and on PostgreSQL. Nothing the person was
told is saved may be missing, nothing is stored half-signed, no draft file is
left torn, the person reads what happened, and the next save goes through
(tests/faults/process_scenarios.py).

The server that is crashed is a scratch cluster of this module's own, never the
shared one; it is dropped at the end, also after a failure.
"""

from __future__ import annotations

import os
import re
from contextlib import ExitStack

import pytest

from domain.common.clock import utc_now
from domain.notes.local_drafts import LocalDraft, Unreadable
from storage.notes.draft_files import DraftFiles
from tests.conftest import FAST_HASHING, require_postgres
from tests.faults import process_scenarios
from tests.faults.scenarios import note_form
from tests.storage.staff.scram_cluster import ClusterUnavailable

UNREACHABLE = re.compile(r"(cannot|could not) be reached")


@pytest.fixture(scope="module")
def crashable(request):
    """A scratch cluster to crash, with an office database on it."""
    require_postgres(request)
    stack = ExitStack()
    try:
        cluster = stack.enter_context(process_scenarios.crash_cluster())
    except ClusterUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and no scratch cluster to crash: {error}", pytrace=False)
        pytest.skip(f"No scratch PostgreSQL cluster could be made: {error}")
    with stack:
        yield cluster, stack.enter_context(process_scenarios.office_on(cluster))


@pytest.mark.postgres
def test_postgresql_stopped_mid_transaction_and_started_again_loses_nothing(crashable, tmp_path):
    cluster, office = crashable
    worker, case_id = process_scenarios.open_case(office)
    drafts = DraftFiles(tmp_path / "drafts")
    outcome = process_scenarios.server_stopped(office, cluster, worker, case_id, drafts, runs=1)
    assert outcome.lost == 0, "a note reported signed is not signed whole after the restart"
    assert outcome.half_saved == 0
    assert outcome.recovered, "with the server back, the notes kept here must sign"
    assert outcome.messages, "no call met the stopped server: the test proves nothing"
    for message in outcome.messages:
        assert UNREACHABLE.search(message), message
    # Every copy kept while the server was down was signed and then removed.
    assert drafts.drafts_of(worker.actor.username) == []
    assert drafts.unreadable_of(worker.actor.username) == []


@pytest.fixture
def desk(backend, request, tmp_path, sqlite_template):
    if backend == "sqlite":
        return process_scenarios.sqlite_desk(tmp_path, sqlite_template, FAST_HASHING)
    return process_scenarios.postgres_desk(request.getfixturevalue("postgres_office"), tmp_path)


def test_killed_mid_autosave_or_signing_loses_nothing_and_tears_no_draft(desk):
    outcome = process_scenarios.killed_mid_loop(desk, runs=3, seed=5)
    assert outcome.runs == 3
    assert outcome.lost == 0, "a save the desk reported done is missing"
    assert outcome.half_saved == 0, "a torn draft file, a damaged file or a note signed half"
    assert outcome.recovered, "after the kill the desk could not go on"
    assert set(outcome.messages) == {"the draft is offered back, newest words"}
    assert set(outcome.killed_during) - {"between steps"}, "no kill came mid-save"


def test_a_torn_draft_file_is_reported_unreadable_and_never_read_or_crashed_on(tmp_path):
    drafts = DraftFiles(tmp_path / "drafts")
    draft = LocalDraft("hnguyen", "case1-note2", 1, 2, "Mai", note_form(1), utc_now())
    drafts.save(draft)
    path = drafts.path("hnguyen", "case1-note2")
    whole = path.read_bytes()
    for cut in (0, 1, 7, 30, len(whole) // 2, len(whole) - 1):
        path.write_bytes(whole[:cut])
        assert drafts.drafts_of("hnguyen") == []
        [unreadable] = drafts.unreadable_of("hnguyen")
        assert unreadable.reason is Unreadable.DAMAGED
        with pytest.raises(Exception, match=r"not a whole CaseDesk draft|integrity check"):
            drafts.read("hnguyen", "case1-note2")
    # What a kill mid-write leaves is a temporary file beside the copy: never offered.
    path.write_bytes(whole)
    (path.parent / ".draft-x1y2z3.tmp").write_bytes(whole[:40])
    assert drafts.drafts_of("hnguyen") == [draft]
    assert drafts.unreadable_of("hnguyen") == []


def test_a_draft_save_that_fails_half_way_leaves_the_copy_before_whole(tmp_path, monkeypatch):
    """Written to a temporary file, flushed to disk, then renamed over the copy: a
    write that fails before the rename leaves no trace."""
    drafts = DraftFiles(tmp_path / "drafts")
    before = LocalDraft("hnguyen", "case1-note2", 1, 2, "Mai", note_form(1), utc_now())
    drafts.save(before)

    def refused(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched, pytest.raises(OSError):
        patched.setattr(os, "replace", refused)
        drafts.save(LocalDraft("hnguyen", "case1-note2", 1, 2, "Mai", note_form(2), utc_now()))
    assert drafts.read("hnguyen", "case1-note2") == before
    assert list(drafts.path("hnguyen", "x").parent.glob(".draft-*.tmp")) == []
