"""Consents: to services, releases of information, revocation and the consent gate:
entities, rules and use cases."""
