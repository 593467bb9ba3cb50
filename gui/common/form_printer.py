"""Printing a form from anywhere: build it on the background runner (a batch with
a progress bar that can be cancelled), preview it, and record each print or
saved copy in the audit trail."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from domain.common.actor import Actor
from domain.printing.service import FormKind, OutputKind
from domain.services import Services
from gui.common.error_presenter import present_error
from gui.common.form_building import build_form
from gui.common.pdf_preview import PdfPreview
from gui.common.runner import BackgroundRunner

# A batch this large shows its progress; smaller ones are done before a bar would help.
PROGRESS_FROM = 3
# The bar reads the worker's count this often (the worker itself never touches Qt).
PROGRESS_EVERY_MS = 100


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

    def print_form(
        self,
        form: FormKind,
        client_ids: list[int],
        file_name: str,
        *,
        recipient: str = "",
        override_reason: str = "",
        consent_id: int | None = None,
        plan_id: int | None = None,
        case_id: int | None = None,
        note_range: tuple[str, str] = ("", ""),
    ) -> None:
        cancel = threading.Event()
        done = [0]  # written by the worker, read on the UI thread
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
            poll = QTimer(bar)
            poll.setInterval(PROGRESS_EVERY_MS)
            poll.timeout.connect(lambda: bar.setValue(done[0]))
            poll.start()
            bar.show()

        def dismiss() -> None:
            if bar is not None:
                bar.setValue(done[0])
                bar.reset()
                bar.deleteLater()

        def finished(pdf: bytes | None) -> None:
            dismiss()
            if pdf is not None:  # None: cancelled
                self._preview(form, client_ids, pdf, file_name, recipient)

        def failed(error: BaseException) -> None:
            dismiss()
            present_error(self._parent, error)

        def report(count: int, _total: int) -> None:
            done[0] = count

        self._runner.submit(
            lambda: build_form(
                self._services.printing,
                self._actor,
                form,
                client_ids,
                progress=report,
                cancelled=cancel.is_set,
                recipient=recipient,
                override_reason=override_reason,
                consent_id=consent_id,
                plan_id=plan_id,
                case_id=case_id,
                note_range=note_range,
            ),
            on_success=finished,
            on_error=failed,
            owner=self,
        )

    def _preview(
        self, form: FormKind, client_ids: list[int], pdf: bytes, file_name: str, recipient: str
    ) -> None:
        preview = PdfPreview(pdf, self.tr(form.label), file_name, self._parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.output_done.connect(lambda how: self._record(form, client_ids, how, recipient))
        preview.open()
        self.preview_opened.emit(preview)

    def _record(
        self, form: FormKind, client_ids: list[int], how: OutputKind, recipient: str
    ) -> None:
        self._runner.submit(
            self._services.printing.record_output,
            self._actor,
            client_ids,
            form,
            how,
            recipient,
            owner=self,
        )
