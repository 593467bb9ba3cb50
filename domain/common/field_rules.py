"""Rules for text a person types: names, dates, phone numbers.

Each ``clean_*`` function takes the raw text and returns the value to store, or
raises ``FieldProblem`` with the message shown next to the field.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

MAX_NAME_LENGTH = 100
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# Zero-width (non-)joiners are part of correct spelling in Persian, Urdu and Indic
# scripts; every other invisible format character (bidi overrides in particular)
# only serves to make a name look like something it is not.
_ALLOWED_FORMAT_CHARS = {"\u200c", "\u200d"}
_NAME_PUNCTUATION = set("-'’.‐‑")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_FORMAT_PROBLEM = "Enter the date as MM/DD/YYYY (or YYYY-MM-DD)."
# English, as every message here is; calendar.month_name follows the OS locale.
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PHONE_ALLOWED = re.compile(r"^[0-9 +().\-]*$")
_PHONE_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension)\s*(\d{1,6})\s*$", re.IGNORECASE)


class FieldProblem(ValueError):
    """The text of one field cannot be accepted; ``str(problem)`` is the message."""


def normalize_text(raw: str) -> str:
    """NFC-normalise, trim and collapse runs of whitespace to one space."""
    text = unicodedata.normalize("NFC", raw)
    return " ".join(text.split())


def reject_invisible_characters(raw: str) -> None:
    for char in raw:
        category = unicodedata.category(char)
        if char in "\t\n\r" or char in _ALLOWED_FORMAT_CHARS:
            continue
        if category in ("Cc", "Cs", "Co", "Cn") or category == "Cf":
            raise FieldProblem(
                f"Contains a hidden control character (U+{ord(char):04X}); "
                "retype it rather than pasting."
            )


def clean_name(raw: str, *, required: bool) -> str | None:
    """A person's name in any script: letters, marks, spaces, hyphens, apostrophes, periods."""
    reject_invisible_characters(raw)
    if any(char in "\t\n\r" for char in raw):
        raise FieldProblem("A name must be on one line.")
    text = normalize_text(raw)
    if not text:
        if required:
            raise FieldProblem("Required.")
        return None
    if len(text) > MAX_NAME_LENGTH:
        raise FieldProblem(f"Use at most {MAX_NAME_LENGTH} characters (this has {len(text)}).")
    if any(unicodedata.category(char) == "Nd" for char in text):
        raise FieldProblem("A name cannot contain digits.")
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LM" or char == " " or char in _NAME_PUNCTUATION:
            continue
        if char in _ALLOWED_FORMAT_CHARS:
            continue
        raise FieldProblem(
            f"“{char}” cannot be part of a name; use letters, spaces, hyphens, "
            "apostrophes and periods."
        )
    if not any(unicodedata.category(char)[0] == "L" for char in text):
        raise FieldProblem("A name needs at least one letter.")
    return text


def parse_date(raw: str) -> date | None:
    """A date typed as MM/DD/YYYY or YYYY-MM-DD; blank is None.

    A date written rightly that is not on the calendar (February 29 of a common
    year, April 31) is told as such: retyping it in another form would not help.
    """
    reject_invisible_characters(raw)
    text = raw.strip()
    if not text:
        return None
    if match := _US_DATE.fullmatch(text):
        month, day, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise FieldProblem(_DATE_FORMAT_PROBLEM)
    if not 1 <= month <= 12 or year < 1:
        raise FieldProblem(_DATE_FORMAT_PROBLEM)  # day and month swapped, most likely
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return date(year, month, day)
    name = _MONTH_NAMES[month - 1]
    if day == 0:
        raise FieldProblem(f"{name} has no day 0.")
    if month == 2 and day == 29:
        raise FieldProblem(f"{year} has no February 29: it is not a leap year.")
    if month == 2:
        raise FieldProblem(f"February {year} has {days} days.")
    raise FieldProblem(f"{name} has {days} days.")


def clean_birth_date(raw: str, *, today: date) -> date | None:
    born = parse_date(raw)
    if born is None:
        return None
    if born > today:
        raise FieldProblem("A date of birth cannot be in the future.")
    if born < EARLIEST_BIRTH_DATE:
        raise FieldProblem("A date of birth cannot be before 1900.")
    return born


def format_date(value: date | None) -> str:
    """The way dates are shown and typed back: MM/DD/YYYY."""
    return value.strftime("%m/%d/%Y") if value else ""


def clean_phone(raw: str) -> tuple[str, str] | None:
    """A phone number with an optional extension, as (display text, digits only).

    Ten-digit North American numbers are shown as (555) 123-4567; numbers typed
    with a leading + keep their international form.
    """
    reject_invisible_characters(raw)
    text = normalize_text(raw)
    if not text:
        return None
    extension = ""
    match = _PHONE_EXTENSION.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()].strip()
    if not _PHONE_ALLOWED.match(text) or text.count("+") > 1 or "+" in text[1:]:
        raise FieldProblem("Use digits, spaces, + ( ) - . and an optional extension (x123).")
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7:
        raise FieldProblem("A phone number needs at least 7 digits.")
    if len(digits) > 15:
        raise FieldProblem("A phone number has at most 15 digits.")
    if not text.startswith("+"):
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) == 10:
            text = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    if extension:
        text = f"{text} x{extension}"
    return text, digits


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI"
)
US_STATES = frozenset(_STATE_CODES.split())
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


def clean_text(raw: str, *, longest: int) -> str | None:
    """One line of free text (a street, a city, a language); blank is None."""
    reject_invisible_characters(raw)
    if any(char in "\t\n\r" for char in raw):
        raise FieldProblem("Keep this on one line.")
    text = normalize_text(raw)
    if len(text) > longest:
        raise FieldProblem(f"Use at most {longest} characters (this has {len(text)}).")
    return text or None


def clean_email(raw: str) -> str | None:
    text = clean_text(raw, longest=254)
    if text is None:
        return None
    if not _EMAIL.match(text):
        raise FieldProblem("Enter an email address such as name@example.org.")
    return text


def clean_state(raw: str) -> str | None:
    text = clean_text(raw, longest=20)
    if text is None:
        return None
    if text.upper() not in US_STATES:
        raise FieldProblem("Use the two-letter postal code, such as CA or NY.")
    return text.upper()


def clean_postal_code(raw: str) -> str | None:
    text = clean_text(raw, longest=10)
    if text is None:
        return None
    if not _ZIP.match(text):
        raise FieldProblem("Use a ZIP code: 12345 or 12345-6789.")
    return text
