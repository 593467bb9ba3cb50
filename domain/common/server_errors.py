"""The shared server stopped answering in the middle of a call: what the person reads.

How far the call had gone decides what is true. Before the commit was asked
for, the server keeps nothing (a transaction never committed is rolled back
when its connection ends). While the commit's answer was awaited, the server
may have kept it or not, and nobody on this side can know until a fresh
connection looks. After the answer came, it is saved, whatever failed next.
The unit of work says which (``saved``); a save that can be repeated without
making a second copy (domain/common/saving.py) looks again once before the
person is told anything.

Every text says that the person's work is kept: the editors hold what was
typed (the note editor's local copy, the other editors' open forms) until it
is saved.
"""

from __future__ import annotations

from domain.common.errors import DatabaseUnavailable

NOT_SAVED = (
    "The server could not be reached; your work is kept, but nothing was saved. "
    "Check the network connection and try again; if this continues, ask your "
    "administrator whether the server is running."
)
MAYBE_SAVED = (
    "The server could not be reached just as it was saving, so CaseDesk cannot tell "
    "whether this was saved; your work is kept. Once the connection is back, look "
    "whether it is there before doing it again."
)
MAYBE_SAVED_REPEATABLE = (
    "The server could not be reached just as it was saving, so CaseDesk cannot tell "
    "yet whether this was saved; your work is kept. Save again once the connection is "
    "back: if the first save did arrive, it is not made twice."
)
SAVED = (
    "This was saved, but the server could not be reached afterwards to show it; your "
    "work is kept. Open it again once the connection is back."
)
TOO_SLOW = (
    "The server took too long to answer, so CaseDesk stopped waiting; your work is "
    "kept, but nothing was saved. Try again in a moment; if the server stays this "
    "slow, tell your administrator."
)


class ConnectionLost(DatabaseUnavailable):
    """The connection to the server failed during a call, or could not be made.

    ``saved``: False when the server surely kept nothing, None when it may have
    (the commit's answer was lost), True when it did (a read after the commit
    failed). ``repeatable``: the call can be made again without a second copy.
    """

    def __init__(self, saved: bool | None, *, repeatable: bool = False):
        self.saved = saved
        self.repeatable = repeatable
        if saved is None:
            message = MAYBE_SAVED_REPEATABLE if repeatable else MAYBE_SAVED
        else:
            message = SAVED if saved else NOT_SAVED
        super().__init__(message)


class ServerTooSlow(DatabaseUnavailable):
    """A statement ran past the session's statement timeout and the server stopped it;
    the transaction was rolled back."""

    def __init__(self) -> None:
        self.saved = False
        super().__init__(TOO_SLOW)
