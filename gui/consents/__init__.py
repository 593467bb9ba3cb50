"""Consents: to services, releases of information, revocation and the consent gate:
pages, tabs, dialogs and item models."""
