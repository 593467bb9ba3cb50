"""The outcome reports' SQL: figures counted by the database (no tables of their own)."""
