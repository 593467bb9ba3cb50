"""Printing a form from anywhere: build it on the background runner (a batch with
a progress bar that can be cancelled), preview it, and record each print or
saved copy in the audit trail."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from domain.actor import Actor
from domain.print_service import FormKind, OutputKind
from domain.services import Services
from gui.error_presenter import present_error
from gui.form_building import build_form
from gui.pdf_preview import PdfPreview
from gui.runner import BackgroundRunner

# A batch this large shows its progress; smaller ones are done before a bar would help.
PROGRESS_FROM = 3


class _ProgressRelay(QObject):
    """Emitted from the worker thread; Qt delivers it on the UI thread."""

    moved = Signal(int)  # how many are done


class FormPrinter(QObject):
    preview_opened = Signal(object)  # the PdfPreview, for whoever wants to watch it

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._parent = parent

    def print_form(self, form: FormKind, client_ids: list[int], file_name: str) -> None:
        cancel = threading.Event()
        relay = _ProgressRelay(self)
        bar: QProgressDialog | None = None
        if len(client_ids) >= PROGRESS_FROM:
            bar = QProgressDialog(
                self.tr("Preparing {0} for {1} clients…").format(
                    self.tr(form.label).lower(), len(client_ids)
                ),
                self.tr("Cancel"),
                0,
                len(client_ids),
                self._parent,
            )
            bar.setObjectName("print_progress")
            bar.setWindowModality(Qt.WindowModality.WindowModal)
            bar.setMinimumDuration(0)
            bar.canceled.connect(cancel.set)
            # A slot of a widget (not a lambda), so that Qt queues the call to the UI thread.
            relay.moved.connect(bar.setValue)
            bar.show()

        def finished(pdf: bytes | None) -> None:
            if bar is not None:
                bar.reset()
                bar.deleteLater()
            relay.deleteLater()
            if pdf is not None:  # None: cancelled
                self._preview(form, client_ids, pdf, file_name)

        def failed(error: BaseException) -> None:
            if bar is not None:
                bar.reset()
                bar.deleteLater()
            relay.deleteLater()
            present_error(self._parent, error)

        self._runner.submit(
            lambda: build_form(
                self._services.printing,
                self._actor,
                form,
                client_ids,
                progress=lambda done, _total: relay.moved.emit(done),
                cancelled=cancel.is_set,
            ),
            on_success=finished,
            on_error=failed,
            owner=self,
        )

    def _preview(self, form: FormKind, client_ids: list[int], pdf: bytes, file_name: str) -> None:
        preview = PdfPreview(pdf, self.tr(form.label), file_name, self._parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.output_done.connect(lambda how: self._record(form, client_ids, how))
        preview.open()
        self.preview_opened.emit(preview)

    def _record(self, form: FormKind, client_ids: list[int], how: OutputKind) -> None:
        self._runner.submit(
            self._services.printing.record_output,
            self._actor,
            client_ids,
            form,
            how,
            owner=self,
        )
