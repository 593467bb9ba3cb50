"""Backups in the window: today's copy after sign-in, the administrator's warning,
and the Settings page's Backups section."""
