"""A client's timeline: everything that happened in their cases, newest first:
entities, rules and use cases."""
