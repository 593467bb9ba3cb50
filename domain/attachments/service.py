"""Attachments on a client's record: add, list, open (view, download, print), remove.

Access is the record's: whoever opens the client's record sees its
attachments (a caseworker only her caseload's clients; on the shared server
row-level security says the same), whoever may change the record adds them,
and only a supervisor removes one. Every view, download and print of a file's
content is in the audit trail; so is every addition and removal. A removal
deletes the bytes and keeps the entry with who removed it, when and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.attachments.attachment import (
    LARGEST_THUMBNAIL,
    LONGEST_PREVIEW_PROBLEM,
    Attachment,
    AttachmentFile,
    AttachmentForm,
    AttachmentUse,
    AttachmentValues,
    Link,
    LinkKind,
    LinkTarget,
    Upload,
    check_size,
    clean_file_name,
    content_hash,
    validate_form,
    validate_reason,
)
from domain.attachments.file_types import FILE, FileType, identify, inspect, tiff_pages
from domain.attachments.size_limit import ATTACHMENT_MAX_MB, SizeLimit, parse_max_mb
from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.field_rules import format_date
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.saving import SaveRequest, once_more_if_lost
from domain.common.unit_of_work import UnitOfWork

_USE_AUDITED = {
    AttachmentUse.VIEWED: AuditAction.ATTACHMENT_VIEWED,
    AttachmentUse.DOWNLOADED: AuditAction.ATTACHMENT_DOWNLOADED,
    AttachmentUse.PRINTED: AuditAction.ATTACHMENT_PRINTED,
}
_USE_NEEDS = {
    AttachmentUse.VIEWED: Permission.CLIENT_OPEN,
    AttachmentUse.DOWNLOADED: Permission.CLIENT_OPEN,
    AttachmentUse.PRINTED: Permission.FORM_PRINT,
}
LONGEST_PAGES = 100_000


def _limit(uow: UnitOfWork) -> SizeLimit:
    return SizeLimit.from_stored(uow.settings.all(), uow.settings.versions())


class AttachmentService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    # --- the office's limit -----------------------------------------------------------

    def size_limit(self, actor: Actor) -> SizeLimit:
        """How large a file may be: every desk checks it before reading a file."""
        with self._uow_factory() as uow:
            self._guard.current(uow, actor)
            return _limit(uow)

    def set_size_limit(
        self, actor: Actor, raw: str, expected_version: int | None = None
    ) -> SizeLimit:
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            megabytes = parse_max_mb(raw)
            uow.settings.put(
                ATTACHMENT_MAX_MB,
                str(megabytes),
                expected_version=expected_version,
                by=actor.username,
                at=self._clock(),
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.SETTINGS_CHANGED,
                    "settings",
                    None,
                    f"{ATTACHMENT_MAX_MB}={megabytes}",
                )
            )
            uow.commit()
            return _limit(uow)

    # --- the record's attachments -----------------------------------------------------

    def for_client(self, actor: Actor, client_id: int) -> list[Attachment]:
        """Newest first, without their bytes; removed ones stay listed as tombstones."""
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            labels = {t.link: t.label for t in self._targets(uow, actor, client_id)}
            return [self._labelled(a, labels) for a in uow.attachments.for_client(client_id)]

    def link_targets(self, actor: Actor, client_id: int) -> list[LinkTarget]:
        """What a new attachment may be linked to: the client's cases (a caseworker's
        own), consents, and referrals (for those who do case work)."""
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            return self._targets(uow, actor, client_id)

    def thumbnails(
        self, actor: Actor, client_id: int, attachment_ids: Sequence[int]
    ) -> dict[int, bytes]:
        """The small pictures of the rows a list shows (part of the record's view)."""
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return uow.attachments.thumbnails(client_id, list(attachment_ids))

    def add(
        self,
        actor: Actor,
        client_id: int,
        form: AttachmentForm,
        upload: Upload,
        request_id: str | None = None,
    ) -> Attachment:
        """``request_id``: the desk's id for this save, kept until it is confirmed; adding
        again with it answers with the attachment it made (domain/common/saving.py)."""
        now = self._clock()
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._add(actor, client_id, form, upload, request.attempt(again), now)
        )

    def _add(
        self,
        actor: Actor,
        client_id: int,
        form: AttachmentForm,
        upload: Upload,
        request: SaveRequest,
        now: datetime,
    ) -> Attachment:
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            if request.maybe_made:
                made = uow.attachments.for_request(request.id)
                if made is not None:
                    if made.client_id != client_id:
                        raise ValueError("This request id added another client's attachment.")
                    return self._labelled(made, self._labels(uow, actor, client_id))
            values = self._validate(uow, actor, client_id, form, upload)
            # A large file over a slow line may take longer than an ordinary statement.
            uow.allow_long_statements()
            attachment_id = uow.attachments.add(
                client_id,
                values,
                upload.content,
                _thumbnail(upload.thumbnail),
                by=actor.username,
                at=now,
                request_id=request.id,
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.ATTACHMENT_ADDED,
                    "client",
                    client_id,
                    f"attachment={attachment_id};type={values.document_type};"
                    f"file={values.file_type.name.lower()}",
                )
            )
            uow.commit()
            added = uow.attachments.get(attachment_id)
            return self._labelled(added, self._labels(uow, actor, client_id))

    def _validate(
        self, uow: UnitOfWork, actor: Actor, client_id: int, form: AttachmentForm, upload: Upload
    ) -> AttachmentValues:
        errors: dict[str, str] = {}
        title, document_type, link = "", None, None
        try:
            title, document_type, link = validate_form(form)
        except ValidationError as invalid:
            errors.update(invalid.errors)
        file_type: FileType | None = None
        try:
            check_size(len(upload.content), _limit(uow).largest, upload.file_name)
            file_type = inspect(upload.content, upload.file_name)
        except ValidationError as invalid:
            errors.update(invalid.errors)
        if link is not None and "link" not in errors:
            targets = {t.link for t in self._targets(uow, actor, client_id)}
            if link not in targets:
                errors["link"] = (
                    f"That {link.kind} is not one of this client's that you may link to; "
                    "choose another, or the client's record alone."
                )
        digest = content_hash(upload.content)
        if file_type is not None and FILE not in errors:
            same = next(
                (
                    a
                    for a in uow.attachments.for_client(client_id)
                    if a.sha256 == digest and not a.removed
                ),
                None,
            )
            if same is not None:
                errors[FILE] = (
                    f"This file is already on the record as “{same.title}”, added by "
                    f"{same.added_by_name or same.added_by} on {format_date(same.added_at.date())}."
                )
        if errors:
            raise ValidationError(errors)
        assert file_type is not None and document_type is not None
        pages = upload.pages
        if pages is None and file_type is FileType.TIFF:
            pages = tiff_pages(upload.content)
        if pages is not None and not 1 <= pages <= LONGEST_PAGES:
            pages = None
        return AttachmentValues(
            title=title,
            document_type=document_type,
            link=link,
            file_type=file_type,
            file_name=clean_file_name(upload.file_name),
            byte_size=len(upload.content),
            sha256=digest,
            pages=pages,
            preview_problem=" ".join(upload.preview_problem.split())[:LONGEST_PREVIEW_PROBLEM],
        )

    def open(
        self, actor: Actor, attachment_id: int, use: AttachmentUse = AttachmentUse.VIEWED
    ) -> AttachmentFile:
        """The content, for one use (shown, opened elsewhere or saved, printed): audited."""
        with self._uow_factory() as uow:
            actor, attachment = self._reach(uow, actor, attachment_id, _USE_NEEDS[use])
            self._not_removed(attachment)
            uow.allow_long_statements()
            content = uow.attachments.content(attachment_id)
            if content is None:
                raise NotFound("This attachment's content is no longer kept.")
            self._audit(uow, actor, attachment, use)
            uow.commit()
            labels = self._labels(uow, actor, attachment.client_id)
            return AttachmentFile(self._labelled(attachment, labels), content)

    def record_use(self, actor: Actor, attachment_id: int, use: AttachmentUse) -> None:
        """A use of content already on screen (printed, opened elsewhere, saved): audited."""
        with self._uow_factory() as uow:
            actor, attachment = self._reach(uow, actor, attachment_id, _USE_NEEDS[use])
            self._not_removed(attachment)
            self._audit(uow, actor, attachment, use)
            uow.commit()

    def remove(
        self, actor: Actor, attachment_id: int, expected_version: int, reason: str
    ) -> Attachment:
        """Supervisors: the bytes are deleted, the entry stays with who, when and why."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor, attachment = self._reach(uow, actor, attachment_id, Permission.ATTACHMENT_REMOVE)
            self._not_removed(attachment)
            why = validate_reason(reason)
            removed = uow.attachments.remove(
                attachment_id, expected_version, why, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.ATTACHMENT_REMOVED,
                    "client",
                    attachment.client_id,
                    f"attachment={attachment_id}",
                )
            )
            uow.commit()
            return self._labelled(removed, self._labels(uow, actor, attachment.client_id))

    # --- helpers ------------------------------------------------------------------------

    def _reach(
        self, uow: UnitOfWork, actor: Actor, attachment_id: int, permission: Permission
    ) -> tuple[Actor, Attachment]:
        """Through the client's record: a caseworker cannot tell an attachment of
        another caseload from one that does not exist."""
        attachment = uow.attachments.get(attachment_id)
        client_id = attachment.client_id if attachment else 0
        actor = self._guard.require(
            uow, actor, permission, entity_type="attachment", entity_id=attachment_id
        )
        actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
        if attachment is None:
            raise NotFound("That attachment does not exist.")
        return actor, attachment

    @staticmethod
    def _not_removed(attachment: Attachment) -> None:
        if attachment.removed:
            who = attachment.removed_by_name or attachment.removed_by or "a supervisor"
            when = format_date(attachment.removed_at.date()) if attachment.removed_at else ""
            raise NotFound(
                f"“{attachment.title}” was removed by {who} on {when} "
                f"({attachment.removal_reason}); its content is no longer kept."
            )

    def _audit(
        self, uow: UnitOfWork, actor: Actor, attachment: Attachment, use: AttachmentUse
    ) -> None:
        uow.audit.record(
            self._guard.event(
                actor,
                _USE_AUDITED[use],
                "client",
                attachment.client_id,
                f"attachment={attachment.id}",
            )
        )

    def _labels(self, uow: UnitOfWork, actor: Actor, client_id: int) -> dict[Link, str]:
        return {t.link: t.label for t in self._targets(uow, actor, client_id)}

    @staticmethod
    def _labelled(attachment: Attachment, labels: dict[Link, str]) -> Attachment:
        if attachment.link is None:
            return attachment
        fallback = f"A {attachment.link.kind} of the client"
        return replace(attachment, link_label=labels.get(attachment.link, fallback))

    @staticmethod
    def _targets(uow: UnitOfWork, actor: Actor, client_id: int) -> list[LinkTarget]:
        anywhere = allows(actor.role, Permission.CLIENT_ANY)
        targets = []
        for case in uow.cases.for_client(client_id):
            if anywhere or case.assigned_staff_id == actor.staff_id:
                program = case.program_name or "no program"
                targets.append(
                    LinkTarget(Link(LinkKind.CASE, case.id), f"Case {case.number} ({program})")
                )
        for consent in uow.consents.for_client(client_id):
            label = consent.kind.label
            if consent.recipient:
                label += f" for {consent.recipient}"
            label += f", signed {format_date(consent.signed_on)}"
            targets.append(LinkTarget(Link(LinkKind.CONSENT, consent.id), label))
        if allows(actor.role, Permission.CASE_WORK):
            for referral in uow.referrals.for_client(client_id):
                if anywhere or referral.caseworker_id == actor.staff_id:
                    label = f"Referral to {referral.resource_name}, {format_date(referral.sent_on)}"
                    targets.append(LinkTarget(Link(LinkKind.REFERRAL, referral.id), label))
        return targets


def _thumbnail(thumbnail: bytes | None) -> bytes | None:
    """A desk's thumbnail is kept only when it is a small picture."""
    if not thumbnail or len(thumbnail) > LARGEST_THUMBNAIL:
        return None
    try:
        kind = identify(thumbnail)
    except ValidationError:
        return None
    return thumbnail if kind in (FileType.PNG, FileType.JPEG) else None
