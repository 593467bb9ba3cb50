"""Clients: the record with its HMIS data elements, search, duplicate detection,
households, merges and intake: its forms as PDF."""
