"""Where live updates come from: PostgreSQL notifications, or SQLite's data version."""
