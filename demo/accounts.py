"""The demo office's accounts: shown on the demo's sign-in screen, so cheap to import
(no Faker: that loads only when the demo office is filled)."""

from __future__ import annotations

from domain.common.policy import Role

# The demo database is for trying CaseDesk out; its accounts share one password,
# printed on the sign-in screen and in the README. Never used outside --demo.
DEMO_PASSWORD = "purple-otter-tuesday"
DEMO_STAFF = (
    ("dlee", "Dana Lee", Role.SUPERVISOR),
    ("mrivera", "Maria Rivera", Role.CASEWORKER),
    ("jchen", "Jamie Chen", Role.CASEWORKER),
    ("tbrooks", "Taylor Brooks", Role.FRONTDESK),
)
DEMO_ADMIN = ("admin", "Office Administrator")


def sign_in_hint() -> str:
    """What the demo's sign-in screen says about its accounts."""
    people = ", ".join(f"{username} ({role.label.lower()})" for username, _, role in DEMO_STAFF)
    return (
        f"Demo accounts: {people}, {DEMO_ADMIN[0]} (administrator).\n"
        f"Password for all: {DEMO_PASSWORD}"
    )
