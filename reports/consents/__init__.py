"""Consents: to services, releases of information, revocation and the consent gate: its
forms as PDF."""
