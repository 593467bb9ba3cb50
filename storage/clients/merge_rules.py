"""What a merge does with each column that refers to a client, table by table.

Every foreign key to ``clients.id`` must appear in exactly one of these; the
merge test walks the schema and fails on a new one without a rule, so a table
added later cannot silently strand a merged person's rows.
"""

from __future__ import annotations

# Rows that belong to the person: they move to the surviving record, and back on undo.
MOVED = {
    "cases": ("cases", "client_id"),
    "consents": ("consents", "client_id"),
    "assessments": ("assessments", "client_id"),
    "referrals": ("referrals", "client_id"),
    "attachments": ("attachments", "client_id"),
}

# Rewritten from the surviving record by the domain on merge and undo: its race
# answers (taken when it had none), its search words and duplicate keys (its
# own, and those of every record merged into it).
REWRITTEN = {
    ("client_race_ethnicity", "client_id"),
    ("client_search_words", "client_id"),
    ("client_match_keys", "client_id"),
}

# The merge's own bookkeeping: it is what says which record went where.
HISTORY = {
    ("client_merges", "survivor_id"),
    ("client_merges", "merged_id"),
    ("clients", "merged_into_id"),
}


def every_rule() -> set[tuple[str, str]]:
    return set(MOVED.values()) | REWRITTEN | HISTORY
