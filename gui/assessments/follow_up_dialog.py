"""A follow-up (review) assessment on one of the client's open cases.

The scores start at the last assessment's, so the caseworker changes only what
has changed; strengths and needs start empty because they describe today.

Your work is kept: a sealed copy of the form is kept on this computer while it
is filled (gui/common/kept_work.py) and put back when an assessment of the same
client is opened again; a save the server does not answer can be stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import Assessment, AssessmentForm
from domain.cases.case import CaseSummary, case_number
from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable, ValidationError
from domain.common.field_rules import format_date
from domain.common.saving import new_request_id
from domain.local_work.form_json import from_json, to_json
from domain.local_work.kept_work import KeptWork, LocalWorkKeeper, WorkKind
from gui.assessments.inputs import AssessmentInputs
from gui.common.busy_indicator import BusyIndicator
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.kept_work import AsksBeforeDiscarding, LocalCopy, WorkBar, kept_at, not_saved_text
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait


class FollowUpAssessmentDialog(AsksBeforeDiscarding, QDialog):
    recorded = Signal(object)  # the Assessment as saved

    def __init__(
        self,
        runner: BackgroundRunner,
        assessments_service,
        actor: Actor,
        cases: Sequence[CaseSummary],
        latest: Assessment | None,
        today: date,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        client_id: int | None = None,
        client_name: str = "",
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, assessments_service, actor
        # Written by the background worker: a save stopped waiting for that reached
        # the server is not recorded twice.
        self._recorded: Assessment | None = None
        # This assessment's request id, made when the form opens and kept (in the local
        # copy too) until the save is confirmed: saving again after a save whose answer
        # was lost cannot record it twice (domain/common/saving.py).
        self._request_id = new_request_id()
        self.setWindowTitle(self.tr("Follow-up assessment"))
        self.fields = FormFields(self)
        self.case = QComboBox(self)
        for case in cases:
            self.case.addItem(
                self.tr("{0} · {1} · opened {2}").format(
                    case.program_name or self.tr("(no program)"),
                    case_number(case.id),
                    format_date(case.opened_on),
                ),
                case.id,
            )
        self.fields.add("case_id", self.tr("&Case"), self.case)
        self.assessed_on = self.fields.add_line_edit(
            "assessed_on", self.tr("&Date"), placeholder=self.tr("MM/DD/YYYY")
        )
        self.assessed_on.setText(format_date(today))
        self.intro = QLabel(self)
        self.intro.setObjectName("follow_up_intro")
        self.intro.setWordWrap(True)
        self.inputs = AssessmentInputs(self)
        if latest is not None:
            for domain, score, _note in latest.scores:
                self.inputs.scores[domain].set_score(score)
            self.intro.setText(
                self.tr(
                    "The scores start at those of the {0} assessment of {1}: change what "
                    "has changed. Strengths and needs are for today."
                ).format(self.tr(latest.kind.value), format_date(latest.assessed_on))
            )
        else:
            self.intro.hide()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.inputs)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.work_bar = WorkBar(self)
        self.message = QLabel(self)
        self.message.setObjectName("assessment_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.busy = BusyIndicator(runner, self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.work_bar)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(760, 640)
        self.copy = LocalCopy(
            kept if client_id is not None else None,
            actor,
            WorkKind.ASSESSMENT,
            f"client{client_id}",
            client_name,
            self._snapshot,
            clock or (lambda: datetime.now(UTC)),
            self,
        )
        self.copy.problem.connect(self._say)
        as_opened = self._snapshot()
        restored = self._restore(self.copy.found())
        self.copy.start(baseline=as_opened, kept=restored)
        self.inputs.scores[next(iter(self.inputs.scores))].setFocus()

    # --- your work is kept ---------------------------------------------------------

    def _snapshot(self) -> dict:
        return {
            "case_id": self.case.currentData(),
            "form": to_json(self.form()),
            "request_id": self._request_id,
        }

    def _restore(self, work: KeptWork | None) -> bool:
        if work is None:
            return False
        try:
            form = from_json(AssessmentForm, work.form["form"])
            case_id = from_json(int | None, work.form["case_id"])
            # A copy kept before request ids were kept with it has none: a new one.
            request_id = from_json(str | None, work.form.get("request_id"))
        except (KeyError, TypeError, ValueError):
            return False  # not a copy this form can read: it is written over
        if request_id is not None:
            self._request_id = request_id
        self._as_opened = (self.case.currentIndex(), self.form())
        index = self.case.findData(case_id)
        if index >= 0:
            self.case.setCurrentIndex(index)
        self.assessed_on.setText(form.assessed_on)
        self.inputs.load(form)
        self.work_bar.say(
            self.tr(
                "The assessment you were filling in at {0} was kept on this computer and "
                "is back in the form. Save to record it."
            ).format(kept_at(work)),
            (self.tr("&Discard it"), self._discard_restored),
        )
        return True

    def _discard_restored(self) -> None:
        index, form = self._as_opened
        self.case.setCurrentIndex(index)
        self.assessed_on.setText(form.assessed_on)
        self.inputs.load(form)
        self._request_id = new_request_id()  # a new assessment, whatever became of that one
        self.copy.saved(baseline=self._snapshot())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def discard_question(self) -> str:
        return self.tr("Close without saving? The assessment filled in is discarded.")

    def form(self) -> AssessmentForm:
        return replace(self.inputs.form(), assessed_on=self.assessed_on.text())

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.work_bar.hide()
        self._say("")
        self.copy.keep_now()
        self._runner.submit(
            self._save_work,
            self.case.currentData(),
            self.form(),
            self._request_id,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE_KEPT if self.copy.enabled else Wait.SAVE,
            what=self.tr("Recording the assessment…"),
        )

    def _save_work(self, case_id: int, form: AssessmentForm, request_id: str) -> Assessment:
        """On the background worker."""
        if self._recorded is None:
            self._recorded = self._service.record(self._actor, case_id, form, request_id=request_id)
        return self._recorded

    def _saved(self, assessment: Assessment) -> None:
        self.copy.forget()
        self.recorded.emit(assessment)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return  # the form stays as filled in; the busy indicator says what it means
        if isinstance(error, DatabaseUnavailable):
            self._say(not_saved_text(error))
            return
        if not isinstance(error, ValidationError):
            present_error(self, error)
            return
        # The scores' messages beside their domains; then the date and case, focused first.
        leftover = self.inputs.show_errors(error.errors)
        leftover = self.fields.show_errors(leftover)
        if leftover:
            present_error(self, ValidationError(leftover))
