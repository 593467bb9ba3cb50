"""The error types every layer speaks. The GUI maps each to one presentation."""

from __future__ import annotations

from datetime import datetime


class CaseDeskError(Exception):
    """Base of every error a person may be shown."""


class ValidationError(CaseDeskError):
    """One or more fields hold values that cannot be saved.

    ``errors`` maps a field name to the message shown next to that field; all
    problems are reported at once so that a person fixes them in one pass.
    """

    def __init__(self, errors: dict[str, str]):
        if not errors:
            raise ValueError("ValidationError needs at least one field message")
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class PermissionDenied(CaseDeskError):
    """The acting staff member may not do this."""


class SessionEnded(PermissionDenied):
    """The account was deactivated (or removed) since it signed in."""

    def __init__(self) -> None:
        super().__init__(
            "Your account has been deactivated, so this session has ended. "
            "Ask your administrator if you think this is a mistake."
        )


class SignInFailed(CaseDeskError):
    """Wrong username, wrong password, locked or inactive: deliberately one message."""

    def __init__(self) -> None:
        super().__init__(
            "Sign-in failed: the username or password is incorrect, or the account is "
            "locked after repeated failures. Ask your administrator if this continues."
        )


class NotFound(CaseDeskError):
    """The record does not exist (or no longer exists)."""


class ConflictError(CaseDeskError):
    """Someone else saved the record after it was opened; nothing was overwritten."""

    def __init__(self, what: str, changed_by: str | None, changed_at: datetime | None):
        self.what = what
        self.changed_by = changed_by
        self.changed_at = changed_at
        who = changed_by or "someone else"
        when = f" at {changed_at:%Y-%m-%d %H:%M} UTC" if changed_at else ""
        super().__init__(
            f"{what} was changed by {who}{when} after you opened it. "
            "Your changes were not saved; reopen it to see the current version."
        )


class DatabaseUnavailable(CaseDeskError):
    """The database cannot be reached; nothing was saved."""


class ConsentRequired(CaseDeskError):
    """Sharing with a recipient needs a release of information in effect.

    ``overridable`` says whether the acting person may override it with a reason.
    """

    def __init__(self, message: str, *, overridable: bool):
        self.overridable = overridable
        super().__init__(message)
