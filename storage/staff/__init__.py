"""Staff accounts, signing in, passwords, sessions and throttling: tables and
repositories in SQL."""
