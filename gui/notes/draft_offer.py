"""After signing in: the unsigned notes left from last time (in the database, or
only on this computer after a crash or a lost connection) are offered back; local
copies that can no longer be read are named, and removed only if the person says so."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable
from domain.notes.local_drafts import DraftOffer, Unreadable, UnreadableDraft, drafts_to_offer
from domain.notes.note import ContactType
from domain.notes.repository import DraftKeeper
from domain.services import Services
from gui.common.runner import BackgroundRunner


def offer_line(offer: DraftOffer) -> str:
    kind = ContactType(offer.form.contact_type).label if offer.form.contact_type else ""
    where = " (only on this computer)" if offer.from_local_copy else ""
    return (
        f"{offer.client_name or 'A client'} · {kind} · last saved "
        f"{offer.saved_at.astimezone():%m/%d/%Y %H:%M}{where}"
    )


class DraftsOfferDialog(QDialog):
    open_requested = Signal(object)  # a DraftOffer

    def __init__(self, offers: list[DraftOffer], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("drafts_offer")
        self.offers = list(offers)
        self.setWindowTitle(self.tr("Unsigned notes"))
        first = offers[0]
        text = (
            self.tr("You have an unsigned note for {0}.").format(first.client_name or "a client")
            if len(offers) == 1
            else self.tr("You have {0} unsigned notes.").format(len(offers))
        )
        self.message = QLabel(text + " " + self.tr("Open it now, or later from the client."), self)
        self.message.setWordWrap(True)
        self.list = QListWidget(self)
        for offer in offers:
            QListWidgetItem(offer_line(offer), self.list)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._open())
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def _open(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        offer = self.offers.pop(row)
        self.list.takeItem(row)
        self.open_requested.emit(offer)
        if not self.offers:
            self.accept()


class UnreadableDraftsNotice(QMessageBox):
    """Says which local copies cannot be read and why; offers to remove those that
    nothing will ever read. Never removes one unasked."""

    remove_requested = Signal(list)  # the removable UnreadableDrafts

    def __init__(self, unreadable: list[UnreadableDraft], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unreadable_drafts")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Unsigned notes that cannot be read"))
        self.removable = [draft for draft in unreadable if draft.removable]
        counts = {reason: 0 for reason in Unreadable}
        for draft in unreadable:
            counts[draft.reason] += 1
        lines = [self._line(reason, n) for reason, n in counts.items() if n]
        if self.removable:
            lines.append(
                self.tr(
                    "Whatever was saved to the database is not affected. Remove the "
                    "unreadable copies from this computer, or keep them?"
                )
            )
            self.remove_button = self.addButton(
                self.tr("&Remove them"), QMessageBox.ButtonRole.DestructiveRole
            )
            keep = self.addButton(self.tr("&Keep them"), QMessageBox.ButtonRole.RejectRole)
            self.setDefaultButton(keep)
            self.setEscapeButton(keep)
        else:
            self.remove_button = None
            self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setText("\n\n".join(lines))
        self.buttonClicked.connect(self._clicked)

    def _line(self, reason: Unreadable, n: int) -> str:
        if reason is Unreadable.KEY_GONE:
            if n == 1:
                return self.tr(
                    "1 unsigned draft on this computer can no longer be read: the key "
                    "that protected it is gone (a new Windows profile?)."
                )
            return self.tr(
                "{0} unsigned drafts on this computer can no longer be read: the key "
                "that protected them is gone (a new Windows profile?)."
            ).format(n)
        if reason is Unreadable.DAMAGED:
            if n == 1:
                return self.tr(
                    "1 unsigned draft on this computer is damaged or was altered, and "
                    "cannot be read."
                )
            return self.tr(
                "{0} unsigned drafts on this computer are damaged or were altered, and "
                "cannot be read."
            ).format(n)
        if n == 1:
            return self.tr(
                "1 unsigned draft on this computer cannot be read just now: the system "
                "keyring did not hand over its key. It is kept; sign in again later."
            )
        return self.tr(
            "{0} unsigned drafts on this computer cannot be read just now: the system "
            "keyring did not hand over their key. They are kept; sign in again later."
        ).format(n)

    def _clicked(self, button) -> None:
        if button is self.remove_button:
            self.remove_requested.emit(self.removable)


class DraftReturner:
    """Reads the drafts (database and local), offers them, opens the chosen ones."""

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        drafts: DraftKeeper | None,
        parent: QWidget,
    ):
        self._runner, self._services, self._actor = runner, services, actor
        self._drafts, self._parent = drafts, parent
        self.dialog: DraftsOfferDialog | None = None
        self.notice: UnreadableDraftsNotice | None = None

    def check(self) -> None:
        self._runner.submit(
            self._services.notes.my_drafts,
            self._actor,
            on_success=self._offer,
            on_error=self._offer_local_only,
            owner=self._parent,
        )

    def _local(self):
        return self._drafts.drafts_of(self._actor.username) if self._drafts else []

    def _offer_local_only(self, error: BaseException) -> None:
        if isinstance(error, DatabaseUnavailable):
            self._offer(None)

    def _offer(self, stored) -> None:
        offers, stale = drafts_to_offer(self._local(), stored)
        for copy in stale:  # signed or discarded since (on another computer, say)
            self._drafts.remove(copy.username, copy.key)
        unreadable = self._drafts.unreadable_of(self._actor.username) if self._drafts else []
        if unreadable:
            self.notice = UnreadableDraftsNotice(unreadable, self._parent)
            self.notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.notice.remove_requested.connect(self._remove_unreadable)
            self.notice.show()
        if not offers:
            return
        self.dialog = DraftsOfferDialog(offers, self._parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open_requested.connect(self.open)
        self.dialog.show()

    def _remove_unreadable(self, drafts: list[UnreadableDraft]) -> None:
        for draft in drafts:
            # One that cannot be removed (a read-only folder) is asked about again
            # at the next sign-in.
            with contextlib.suppress(OSError):
                self._drafts.remove(draft.username, draft.key)

    def open(self, offer: DraftOffer):
        from gui.notes.editor import NoteEditor

        editor = NoteEditor(
            self._runner,
            self._services,
            self._actor,
            self._drafts,
            offer.case_id,
            offer.client_name,
            note=offer.note,
            form=offer.form,
            local_key=offer.local_key,
            parent=self._parent,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        if offer.from_local_copy:
            editor._changed()  # words only this computer had: to the database soon
        return editor
