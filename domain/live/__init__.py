"""Live updates: what changed elsewhere, so open views re-read it."""
