"""Backups: the embedded file copied while in use and checked, the folder of
copies, restoring a copy, and pg_dump/pg_restore for a shared server."""
