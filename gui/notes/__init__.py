"""Case notes: drafts that are never lost, signing, addenda and co-signing: pages,
tabs, dialogs and item models."""
