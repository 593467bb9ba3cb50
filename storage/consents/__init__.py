"""Consents: to services, releases of information, revocation and the consent gate:
tables and repositories in SQL."""
