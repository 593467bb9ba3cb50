"""The audit trail: who did what to which record, when, from where: pages, tabs,
dialogs and item models."""
