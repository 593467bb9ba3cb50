"""After signing in: the unsigned notes left from last time (in the database, or
only on this computer after a crash or a lost connection) are offered back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable
from domain.notes.local_drafts import DraftOffer, drafts_to_offer
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
        if not offers:
            return
        self.dialog = DraftsOfferDialog(offers, self._parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open_requested.connect(self.open)
        self.dialog.show()

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
