"""A follow-up (review) assessment on one of the client's open cases.

The scores start at the last assessment's, so the caseworker changes only what
has changed; strengths and needs start empty because they describe today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import Assessment, AssessmentForm
from domain.cases.case import CaseSummary, case_number
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from gui.assessments.inputs import AssessmentInputs
from gui.common.error_presenter import present_error
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner


class FollowUpAssessmentDialog(QDialog):
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
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, assessments_service, actor
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
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self.inputs.scores[next(iter(self.inputs.scores))].setFocus()

    def form(self) -> AssessmentForm:
        return replace(self.inputs.form(), assessed_on=self.assessed_on.text())

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self._runner.submit(
            self._service.record,
            self._actor,
            self.case.currentData(),
            self.form(),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, assessment: Assessment) -> None:
        self.recorded.emit(assessment)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, ValidationError):
            present_error(self, error)
            return
        # The scores' messages beside their domains; then the date and case, focused first.
        leftover = self.inputs.show_errors(error.errors)
        leftover = self.fields.show_errors(leftover)
        if leftover:
            present_error(self, ValidationError(leftover))
