"""Service plans: goals and action steps, versions, agreement and reviews: its forms as
PDF."""
