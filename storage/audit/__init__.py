"""The audit trail: who did what to which record, when, from where: tables and
repositories in SQL."""
