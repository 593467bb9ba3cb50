"""Backups of the embedded database: which copies to keep, when one is due, when
to warn the administrator, and the use cases around them."""
