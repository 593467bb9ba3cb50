"""Case notes: drafts that are never lost, signing, addenda and co-signing: its forms
as PDF."""
