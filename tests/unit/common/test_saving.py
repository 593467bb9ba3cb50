"""One more try after a lost connection, for saves a repeat cannot double; and
what the person reads when that try fails too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.audit.events import AuditAction
from domain.clients.record import ClientForm
from domain.clients.service import ClientService
from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable
from domain.common.guard import Guard
from domain.common.policy import Role
from domain.common.saving import SaveRequest, new_request_id, once_more_if_lost
from domain.common.server_errors import (
    MAYBE_SAVED,
    MAYBE_SAVED_REPEATABLE,
    NOT_SAVED,
    SAVED,
    ConnectionLost,
    ServerTooSlow,
)
from domain.staff.accounts import StaffFields
from tests.unit.fakes import FakeDatabase, FakeUnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def attempts(*outcomes):
    """An attempt that raises or returns each of ``outcomes`` in turn; the ``again``
    flags it was called with."""
    seen: list[bool] = []

    def attempt(again: bool):
        seen.append(again)
        outcome = outcomes[len(seen) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return attempt, seen


def test_a_save_whose_connection_dropped_is_tried_once_more_as_a_repeat():
    attempt, seen = attempts(ConnectionLost(None), "saved")
    assert once_more_if_lost(attempt) == "saved"
    assert seen == [False, True]


def test_other_failures_are_not_tried_again():
    attempt, seen = attempts(ServerTooSlow())
    with pytest.raises(ServerTooSlow):
        once_more_if_lost(attempt)
    assert seen == [False]


@pytest.mark.parametrize(
    ("first", "second", "told"),
    [
        (ConnectionLost(False), ConnectionLost(False), NOT_SAVED),
        (ConnectionLost(False), ConnectionLost(None), MAYBE_SAVED_REPEATABLE),
        (ConnectionLost(None), ConnectionLost(False), MAYBE_SAVED_REPEATABLE),
        (ConnectionLost(None), ServerTooSlow(), MAYBE_SAVED_REPEATABLE),
        (ConnectionLost(True), ConnectionLost(False), SAVED),
        (ConnectionLost(False), ServerTooSlow(), ServerTooSlow().args[0]),
    ],
)
def test_when_the_second_try_fails_too_the_person_reads_what_is_known(first, second, told):
    attempt, seen = attempts(first, second)
    with pytest.raises(DatabaseUnavailable) as raised:
        once_more_if_lost(attempt)
    assert str(raised.value) == told
    assert "your work is kept" in told
    assert seen == [False, True]


def test_when_the_person_cannot_simply_save_again_they_are_told_to_look_first():
    attempt, _seen = attempts(ConnectionLost(None), ConnectionLost(False))
    with pytest.raises(ConnectionLost) as raised:
        once_more_if_lost(attempt, repeatable=False)
    assert str(raised.value) == MAYBE_SAVED
    assert "look whether it is there" in MAYBE_SAVED


def test_a_request_id_is_kept_across_the_tries_and_its_parts_are_its_own():
    request = SaveRequest.of(None)
    assert not request.maybe_made and request.attempt(True).maybe_made
    assert request.attempt(True).id == request.id
    given = new_request_id()
    assert SaveRequest.of(given.upper()) == SaveRequest(given, maybe_made=True, given=True)
    assert request.part("member-0").id == request.part("member-0").id != request.id
    with pytest.raises(ValueError):
        SaveRequest.of("not-a-uuid")


class AnswerLostOnce(FakeDatabase):
    """The first commit is made, and its answer lost on the way."""

    lost = False

    def __call__(self) -> FakeUnitOfWork:
        database = self
        work = FakeUnitOfWork(self)
        commit = work.commit

        def commit_then_lose() -> None:
            commit()
            if not database.lost:
                database.lost = True
                raise ConnectionLost(None)

        work.commit = commit_then_lose
        return work


def test_a_registration_whose_answer_was_lost_is_found_not_made_twice():
    database = AnswerLostOnce()
    staff = database.committed["staff"].add(
        StaffFields("tbrooks", "T Brooks", Role.FRONTDESK),
        password_hash=None,
        must_change_password=False,
        by="setup",
        at=NOW,
    )
    frontdesk = Actor(staff.id, "tbrooks", "T Brooks", Role.FRONTDESK, "WS-01")
    service = ClientService(Guard(database, lambda: NOW))

    client = service.register(frontdesk, ClientForm(first_name="Ada", last_name="Byron"))

    assert database.lost
    assert list(database.committed["clients"].rows) == [client.id]
    created = [
        e for e in database.committed["audit"].events if e.action == AuditAction.CLIENT_CREATED
    ]
    assert len(created) == 1
