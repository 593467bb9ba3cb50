"""Case notes' drafts kept on the workstation: one encrypted file per draft under
<data folder>/drafts/<username>/, in the folder, under the key and in the format
every editor's local copies share (storage/local_work/files.py). A note's draft
is named ``case<id>-note<id>`` (``case<id>-new<token>`` before the database gave
it an id); any name that is not another editor's ``<kind>-<record>`` is a note's,
as every file there once was.

Drafts written before encryption (plain JSON, ``*.json``) are read once and
written again sealed. A file that cannot be read is never removed here:
``unreadable_of`` names it, and the person decides.

Nothing here logs a draft's words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.local_work.kept_work import kind_of_name
from domain.notes.local_drafts import LocalDraft, Unreadable, UnreadableDraft
from domain.notes.note import form_from_json, form_to_json
from storage.local_work.files import LocalWorkFiles, safe_name
from storage.notes.draft_cipher import DraftUnreadable


def is_note_draft(name: str) -> bool:
    return kind_of_name(name) is None


class DraftFiles(LocalWorkFiles):
    """The notes' drafts; and, as a LocalWorkFiles, every other editor's copies."""

    def save(self, draft: LocalDraft) -> None:
        """Raises OSError (KeyUnavailable among them) when no copy could be kept."""
        data = {
            "username": draft.username,
            "key": draft.key,
            "case_id": draft.case_id,
            "note_id": draft.note_id,
            "client_name": draft.client_name,
            "saved_at": draft.saved_at.isoformat(),
            "form": form_to_json(draft.form),
        }
        self.write(draft.username, draft.key, data)

    def remove(self, username: str, key: str) -> None:
        self.erase(username, key)

    def read(self, username: str, key: str) -> LocalDraft:
        """One sealed draft; DraftUnreadable (with the reason) or KeyUnavailable if not."""
        data = self.read_data(username, key)
        try:
            return _draft(data)
        except (ValueError, KeyError, TypeError):
            name = self.path(username, key).name
            message = f"Local draft {name} holds no draft"
            raise DraftUnreadable(Unreadable.DAMAGED, message) from None

    def drafts_of(self, username: str) -> list[LocalDraft]:
        """The drafts of this person that can be read, oldest name first."""
        return self._notes_of(username)[0]

    def unreadable_of(self, username: str) -> list[UnreadableDraft]:
        """The files of this person's drafts that cannot be read, and why."""
        return self._notes_of(username)[1]

    def _notes_of(self, username: str) -> tuple[list[LocalDraft], list[UnreadableDraft]]:
        def decode(name: str, data: dict[str, Any]) -> LocalDraft:
            draft = _draft(data)
            if draft.username != username or safe_name(draft.key) != name:
                raise ValueError("another draft's file")
            return draft

        return self.scan(username, is_note_draft, decode)


def _draft(data: dict) -> LocalDraft:
    return LocalDraft(
        username=data["username"],
        key=data["key"],
        case_id=int(data["case_id"]),
        note_id=None if data["note_id"] is None else int(data["note_id"]),
        client_name=str(data.get("client_name", "")),
        form=form_from_json(data["form"]),
        saved_at=datetime.fromisoformat(data["saved_at"]),
    )
