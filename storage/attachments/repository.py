"""Attachments in SQL. Lists read the entries only; bytes are read one file at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, true, update

from domain.attachments.attachment import (
    Attachment,
    AttachmentValues,
    DocumentType,
    Link,
    LinkKind,
)
from domain.attachments.file_types import FileType
from domain.common.errors import ConflictError, NotFound
from storage.attachments.tables import attachment_contents, attachments
from storage.common.save_requests import made_once
from storage.common.timestamps import as_utc, as_utc_or_none
from storage.staff.tables import staff

A = attachments.c
C = attachment_contents.c
adder = staff.alias("adder")
remover = staff.alias("remover")

_LINK_COLUMNS = {
    LinkKind.CASE: "linked_case_id",
    LinkKind.CONSENT: "linked_consent_id",
    LinkKind.REFERRAL: "linked_referral_id",
}

# Staff names where their rows are readable (a caseworker on PostgreSQL reads only
# her own): the outer joins leave the others blank, and the username shows.
_ROWS = select(
    attachments,
    adder.c.display_name.label("adder_name"),
    remover.c.display_name.label("remover_name"),
    select(true()).where(C.id == A.id, C.thumbnail.is_not(None)).exists().label("has_thumbnail"),
).select_from(
    attachments.outerjoin(adder, adder.c.username == A.created_by).outerjoin(
        remover, remover.c.username == A.removed_by
    )
)


def _link(row) -> Link | None:
    for kind, column in _LINK_COLUMNS.items():
        value = getattr(row, column)
        if value is not None:
            return Link(kind, value)
    return None


def _attachment(row) -> Attachment:
    return Attachment(
        id=row.id,
        version=row.version,
        client_id=row.client_id,
        title=row.title,
        document_type=DocumentType(row.document_type),
        file_type=FileType(row.file_type),
        file_name=row.file_name,
        byte_size=row.byte_size,
        sha256=row.sha256,
        pages=row.pages,
        preview_problem=row.preview_problem,
        link=_link(row),
        link_label="",
        added_by=row.created_by,
        added_by_name=row.adder_name or "",
        added_at=as_utc(row.created_at),
        has_thumbnail=bool(row.has_thumbnail),
        removed_at=as_utc_or_none(row.removed_at),
        removed_by=row.removed_by,
        removed_by_name=row.remover_name or "",
        removal_reason=row.removal_reason,
    )


class SqlAttachmentRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

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
        at = as_utc(at)
        links = dict.fromkeys(_LINK_COLUMNS.values())
        if values.link is not None:
            links[_LINK_COLUMNS[values.link.kind]] = values.link.id
        with made_once():
            attachment_id = self._conn.execute(
                insert(attachments)
                .values(
                    client_id=client_id,
                    **links,
                    title=values.title,
                    document_type=values.document_type.value,
                    file_type=values.file_type.value,
                    file_name=values.file_name,
                    byte_size=values.byte_size,
                    sha256=values.sha256,
                    pages=values.pages,
                    preview_problem=values.preview_problem,
                    version=1,
                    created_at=at,
                    created_by=by,
                    updated_at=at,
                    updated_by=by,
                    request_id=request_id,
                )
                .returning(A.id)
            ).scalar_one()
        self._conn.execute(
            insert(attachment_contents).values(
                id=attachment_id, thumbnail=thumbnail, content=content
            )
        )
        return attachment_id

    def for_request(self, request_id: str) -> Attachment | None:
        row = self._conn.execute(_ROWS.where(A.request_id == request_id)).one_or_none()
        return None if row is None else _attachment(row)

    def get(self, attachment_id: int) -> Attachment | None:
        row = self._conn.execute(_ROWS.where(A.id == attachment_id)).one_or_none()
        return None if row is None else _attachment(row)

    def for_client(self, client_id: int) -> list[Attachment]:
        rows = self._conn.execute(_ROWS.where(A.client_id == client_id).order_by(A.id.desc()))
        return [_attachment(row) for row in rows]

    def content(self, attachment_id: int) -> bytes | None:
        found = self._conn.execute(
            select(C.content).where(C.id == attachment_id)
        ).scalar_one_or_none()
        return None if found is None else bytes(found)

    def thumbnails(self, client_id: int, attachment_ids: Sequence[int]) -> dict[int, bytes]:
        if not attachment_ids:
            return {}
        rows = self._conn.execute(
            select(C.id, C.thumbnail)
            .join(attachments, A.id == C.id)
            .where(
                A.client_id == client_id,
                C.id.in_(sorted(set(attachment_ids))),
                C.thumbnail.is_not(None),
            )
        )
        return {row.id: bytes(row.thumbnail) for row in rows}

    def remove(
        self, attachment_id: int, expected_version: int, reason: str, *, by: str, at: datetime
    ) -> Attachment:
        at = as_utc(at)
        changed = self._conn.execute(
            update(attachments)
            .where(
                A.id == attachment_id,
                A.version == expected_version,
                A.removed_at.is_(None),
            )
            .values(
                removed_at=at,
                removed_by=by,
                removal_reason=reason,
                version=A.version + 1,
                updated_at=at,
                updated_by=by,
            )
            .returning(A.id)
        ).one_or_none()
        if changed is None:
            current = self._conn.execute(
                select(A.title, A.updated_by, A.updated_at).where(A.id == attachment_id)
            ).one_or_none()
            if current is None:
                raise NotFound("That attachment does not exist.")
            raise ConflictError(
                f"“{current.title}”", current.updated_by, as_utc(current.updated_at)
            )
        # After the entry says it is removed: the server lets the bytes go only then.
        self._conn.execute(delete(attachment_contents).where(C.id == attachment_id))
        removed = self.get(attachment_id)
        assert removed is not None
        return removed
