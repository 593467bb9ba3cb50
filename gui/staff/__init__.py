"""Staff accounts, signing in, passwords, sessions and throttling: pages, tabs, dialogs
and item models."""
