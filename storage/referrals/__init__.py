"""Referrals and the community resource directory they draw on: tables and repositories
in SQL."""
