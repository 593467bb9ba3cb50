"""Staff accounts, signing in, passwords, sessions and throttling: entities, rules and
use cases."""
