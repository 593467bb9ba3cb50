"""Service plans: goals and action steps, versions, agreement and reviews: entities,
rules and use cases."""
