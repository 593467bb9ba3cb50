"""Service plans: goals and action steps, versions, agreement and reviews: pages, tabs,
dialogs and item models."""
