"""Printing: what each form shows, gathered with the same access checks as viewing it:
entities, rules and use cases."""
