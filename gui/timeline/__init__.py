"""A client's timeline: everything that happened in their cases, newest first: pages,
tabs, dialogs and item models."""
