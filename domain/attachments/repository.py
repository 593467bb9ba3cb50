"""What attachments need from storage. Lists never carry the bytes: the content
is read one attachment at a time, and thumbnails only for the rows asked for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.attachments.attachment import Attachment, AttachmentValues


class AttachmentRepository(Protocol):
    def add(
        self,
        client_id: int,
        values: AttachmentValues,
        content: bytes,
        thumbnail: bytes | None,
        *,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        """The attachment's row and its content; ``request_id`` stored with it, once."""
        ...

    def for_request(self, request_id: str) -> Attachment | None: ...

    def get(self, attachment_id: int) -> Attachment | None: ...

    def for_client(self, client_id: int) -> list[Attachment]:
        """Newest first, removed ones (tombstones) included."""
        ...

    def content(self, attachment_id: int) -> bytes | None:
        """None when the content is gone (removed) or not readable to this login."""
        ...

    def thumbnails(self, client_id: int, attachment_ids: Sequence[int]) -> dict[int, bytes]:
        """The stored thumbnails of those of the client's attachments that have one."""
        ...

    def remove(
        self, attachment_id: int, expected_version: int, reason: str, *, by: str, at: datetime
    ) -> Attachment:
        """Delete the content, keep the row with who, when and why; ConflictError if stale."""
        ...
