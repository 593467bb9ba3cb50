"""Ctrl+K from anywhere: find a client and open their record."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from domain.clients.service import ClientService
from domain.common.actor import Actor
from gui.clients.finder import ClientFinder
from gui.common.runner import BackgroundRunner


class SearchPopup(QDialog):
    open_client_requested = Signal(int)

    def __init__(
        self,
        runner: BackgroundRunner,
        service: ClientService,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find a client"))
        self.resize(720, 420)
        self.finder = ClientFinder(runner, service, actor, self)
        self.finder.chosen.connect(self._open)
        self.box = self.finder.box
        self.model = self.finder.model
        self.results = self.finder.results
        self.status = self.finder.status
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)

    def _open(self, client_id: int) -> None:
        self.open_client_requested.emit(client_id)
        self.accept()

    def done(self, result: int) -> None:
        self.finder.stop()
        super().done(result)
