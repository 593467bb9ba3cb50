"""Office settings: the agency's letterhead, the idle lock, referral follow-up: pages,
tabs, dialogs and item models."""
