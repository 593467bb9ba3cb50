"""The Settings page's Attachments row: how large a file staff may attach (administrators)."""

from __future__ import annotations

from functools import partial

from domain.attachments.size_limit import (
    ATTACHMENT_MAX_MB,
    MAX_MB_RANGE,
    SizeLimit,
    SizeLimitForm,
    size_limit_form,
)
from domain.common.actor import Actor
from gui.common.runner import BackgroundRunner
from gui.settings.number_section import NumberSection


class AttachmentSettings(NumberSection):
    def __init__(self, runner: BackgroundRunner, service, actor: Actor, parent=None):
        super().__init__(runner, actor, parent)
        self.setObjectName("attachment_settings")
        self._service = service
        low, high = MAX_MB_RANGE
        self._build(
            key=ATTACHMENT_MAX_MB,
            heading=self.tr("Attachments"),
            explanation=self.tr(
                "The largest file staff may attach to a client's record ({0} to {1} MB). A "
                "larger file is refused before it is sent; every file is kept in the "
                "database, so each one also adds to every backup."
            ).format(low, high),
            caption=self.tr("Largest file (&MB)"),
            max_length=3,
            button=self.tr("Save the lim&it"),
            status_name="attachment_confirmation",
            what=self.tr("the attachment size limit"),
            opened_form=SizeLimitForm(),
            read=partial(service.size_limit, actor),
            store=service.set_size_limit,
        )
        self.megabytes = self.number
        self._runner.submit(service.size_limit, actor, on_success=self.show_limit, owner=self)

    def show_limit(self, limit: SizeLimit) -> None:
        self.show_value(limit)

    form_of = staticmethod(size_limit_form)

    def version_of(self, limit: SizeLimit) -> int:
        return limit.version

    def shown(self, name: str, value: str) -> str:
        return self.tr("{0} MB").format(value) if value.strip() else ""

    def saved_message(self, limit: SizeLimit) -> str:
        return self.tr("Saved: attachments may be up to {0} MB each.").format(limit.megabytes)
