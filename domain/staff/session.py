"""A signed-in session, and the sign-in port both deployments implement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.common.actor import Actor
from domain.live.changes import ChangeFeed
from domain.services import Services


@dataclass(frozen=True)
class FirstAdminForm:
    username: str = ""
    display_name: str = ""
    password: str = ""
    confirmation: str = ""


@dataclass(frozen=True)
class Session:
    actor: Actor
    services: Services
    must_change_password: bool
    # Where this desk hears of changes made elsewhere; None: it does not.
    changes: ChangeFeed | None = None


class Authenticator(Protocol):
    """Signs staff in. The embedded database checks argon2id hashes itself; a
    shared PostgreSQL server checks each person's own login role."""

    def needs_first_admin(self) -> bool:
        """True on an embedded database that has no staff account yet."""
        ...

    def create_first_admin(self, form: FirstAdminForm, workstation: str) -> Session: ...

    def sign_in(self, username: str, password: str, workstation: str) -> Session:
        """Raises ``SignInFailed`` (one message for every reason)."""
        ...

    def unlock(self, actor: Actor, password: str) -> None:
        """Re-check the password of an idle-locked session; ``SignInFailed`` if wrong."""
        ...

    def change_password(self, actor: Actor, current: str, new: str, confirmation: str) -> None: ...

    def lock(self, actor: Actor) -> None:
        """Record that an idle session hid its data."""
        ...

    def sign_out(self, actor: Actor) -> None: ...
