"""Office settings: the agency's letterhead, the idle lock, referral follow-up: tables
and repositories in SQL."""
