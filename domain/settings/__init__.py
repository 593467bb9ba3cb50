"""Office settings: the agency's letterhead, the idle lock, referral follow-up:
entities, rules and use cases."""
