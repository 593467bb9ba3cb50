"""Password rules, after NIST SP 800-63B: long, no composition rules, not common.

At least 12 characters, up to 256 (so pass phrases fit), none of the passwords
most often seen in breaches, and nothing built from the person's own name or
username or the product's name.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from domain.common.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn refuses to estimate more than 72 characters (its cost grows fast with
# length); a password whose first 72 are strong is strong.
_ESTIMATE_PREFIX = 72
_WEAKEST_ACCEPTED_SCORE = 3


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 passwords most often found in breach corpora.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def normalize_password(password: str) -> str:
    """The same pass phrase typed on two keyboards must match: NFC, as 800-63B asks."""
    return unicodedata.normalize("NFC", password)


def check_new_password(
    password: str, confirmation: str, *, username: str, display_name: str
) -> None:
    """Raise ``ValidationError`` on ``new_password``/``confirmation`` if unacceptable."""
    from zxcvbn import zxcvbn

    password = normalize_password(password)
    problem = None
    if len(password) < MIN_LENGTH:
        problem = (
            f"Use at least {MIN_LENGTH} characters; a few words together are easy to remember."
        )
    elif len(password) > MAX_LENGTH:
        problem = f"Use at most {MAX_LENGTH} characters."
    elif any(unicodedata.category(char) == "Cc" for char in password):
        problem = "A password cannot contain control characters."
    elif password.lower() in _common_passwords():
        problem = "This is one of the most common passwords; choose another."
    else:
        lowered = password.lower()
        personal = [username.lower(), *display_name.lower().split(), "casedesk"]
        if any(len(word) >= 3 and word in lowered for word in personal):
            problem = "Do not build the password from your name, username or 'CaseDesk'."
        else:
            estimate = zxcvbn(password[:_ESTIMATE_PREFIX], user_inputs=personal)
            if estimate["score"] < _WEAKEST_ACCEPTED_SCORE:
                warning = estimate["feedback"].get("warning") or "This password is easy to guess."
                problem = f"{warning.rstrip('.')}. Add another word or two."
    errors = {}
    if problem:
        errors["new_password"] = problem
    if normalize_password(confirmation) != password:
        errors["confirmation"] = "The two passwords do not match."
    if errors:
        raise ValidationError(errors)
