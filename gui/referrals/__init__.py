"""Referrals and the community resource directory they draw on: pages, tabs, dialogs
and item models."""
