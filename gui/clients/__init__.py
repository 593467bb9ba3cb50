"""Clients: the record with its HMIS data elements, search, duplicate detection,
households, merges and intake: pages, tabs, dialogs and item models."""
