"""Who is acting, and from where: handed to every use case."""

from __future__ import annotations

from dataclasses import dataclass

from domain.common.policy import Permission, Role, allows


@dataclass(frozen=True)
class Actor:
    """The signed-in staff member on whose behalf a use case runs.

    ``role`` is what the person signed in with; services re-read the account on
    every call, so a changed role or a deactivation takes effect at the next
    action. ``workstation`` is the computer the request came from.
    """

    staff_id: int
    username: str
    display_name: str
    role: Role
    workstation: str

    def may(self, permission: Permission) -> bool:
        """For the GUI: whether to offer an action at all."""
        return allows(self.role, permission)
