"""Case notes: drafts that are never lost, signing, addenda and co-signing: tables and
repositories in SQL."""
