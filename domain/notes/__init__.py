"""Case notes: drafts that are never lost, signing, addenda and co-signing: entities,
rules and use cases."""
