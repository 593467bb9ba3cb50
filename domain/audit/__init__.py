"""The audit trail: who did what to which record, when, from where: entities, rules and
use cases."""
