"""Clients: the record with its HMIS data elements, search, duplicate detection,
households, merges and intake: tables and repositories in SQL."""
