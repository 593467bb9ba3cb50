"""Service plans: goals and action steps, versions, agreement and reviews: tables and
repositories in SQL."""
