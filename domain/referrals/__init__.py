"""Referrals and the community resource directory they draw on: entities, rules and use
cases."""
