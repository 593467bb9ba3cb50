"""What a client is found by: search words and duplicate-detection keys.

Computed here from the validated record, written by storage beside it on every
save, so that search and duplicate checks are index look-ups on both databases.
"""

from __future__ import annotations

from domain.clients.duplicates import PersonKeys, stored_keys
from domain.clients.record import ClientFields
from domain.clients.search import name_search_words, unspaced_name_words

# Phone numbers are found by any run of three or more digits: each suffix is
# stored, and a run is the prefix of one of them.
PHONE_MARK = "#"
SHORTEST_PHONE_RUN = 3


def phone_words(digits: str | None) -> set[str]:
    if not digits:
        return set()
    return {PHONE_MARK + digits[start:] for start in range(len(digits) - SHORTEST_PHONE_RUN + 1)}


def search_words(values: ClientFields) -> set[str]:
    names = (values.first_name, values.middle_name, values.last_name, values.preferred_name)
    words = name_search_words(*names) | unspaced_name_words(*names)
    return {word[:64] for word in words} | phone_words(values.phone_digits)


def person_keys(values: ClientFields) -> PersonKeys:
    return PersonKeys(values.first_name, values.last_name, values.date_of_birth, values.ssn_last4)


def match_keys(values: ClientFields) -> set[str]:
    keys = stored_keys(person_keys(values))
    if values.preferred_name:  # "Bobby" at the desk, "Robert" on the record
        keys |= stored_keys(
            PersonKeys(values.preferred_name, values.last_name, values.date_of_birth)
        )
    return {key[:80] for key in keys}


def found_under(clients, client_id: int, values: ClientFields) -> tuple[set[str], set[str]]:
    """Search words and duplicate keys of a record and of every record merged into it.

    A person merged from "Bob Smyth" into "Robert Smith" is still found, and
    still flagged as a likely duplicate, under the merged record's name.
    ``clients`` is the unit of work's client repository.
    """
    words, keys = search_words(values), match_keys(values)
    for merged in clients.merged_into(client_id):
        more_words, more_keys = found_under(clients, merged.id, merged.as_fields())
        words |= more_words
        keys |= more_keys
    return words, keys
