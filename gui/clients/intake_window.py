"""Intake as one guided flow: search first, then the client, their household, the
initial assessment, consent to services, and the program whose case will wait
for a supervisor to assign it.

Each step is checked by the domain as the person leaves it; nothing is saved
until "Finish intake", which saves everything in one transaction or nothing.

Your work is kept: while the intake is in progress a sealed copy of every step
is kept on this computer (gui/common/kept_work.py). An intake window opened
later offers an unfinished one back, on its first page; a finish the server does
not answer can be stopped, every step staying as filled in.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import SCORE_LABELS
from domain.cases.programs import Program
from domain.clients.intake import (
    HouseholdMode,
    IntakeForm,
    IntakeResult,
    IntakeStep,
    check_step,
    returning_client_form,
)
from domain.clients.name_order import full_name
from domain.clients.name_scripts import written_family_first
from domain.clients.record import ClientForm, ClientRecord, ClientSummary
from domain.clients.service import DuplicateCandidate
from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable, ValidationError
from domain.common.saving import new_request_id
from domain.local_work.form_json import from_json, to_json
from domain.local_work.kept_work import KeptWork, LocalWorkKeeper, WorkKind
from domain.services import Services
from gui.assessments.inputs import AssessmentInputs
from gui.clients.finder import ClientFinder
from gui.clients.form_pane import ClientFormPane
from gui.clients.intake_consent_step import ConsentStep
from gui.clients.intake_household_step import HouseholdStep
from gui.clients.search_popup import SearchPopup
from gui.common.busy_indicator import BusyIndicator
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR
from gui.common.kept_work import LocalCopy, WorkBar, kept_at, not_saved_text
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait

FIND = "find"
# The pages in order: the search, then the domain's steps.
PAGES = (FIND, *IntakeStep)
CLIENT_FIELDS = set(ClientForm.__dataclass_fields__) | {"duplicate_reason"}
STEP_OF_FIELD = {
    "head": IntakeStep.HOUSEHOLD,
    "relationship": IntakeStep.HOUSEHOLD,
    "members": IntakeStep.HOUSEHOLD,
    "scores": IntakeStep.ASSESSMENT,
    "strengths": IntakeStep.ASSESSMENT,
    "needs": IntakeStep.ASSESSMENT,
    "assessed_on": IntakeStep.ASSESSMENT,
    "given": IntakeStep.CONSENT,
    "method": IntakeStep.CONSENT,
    "signed_on": IntakeStep.CONSENT,
    "expires_on": IntakeStep.CONSENT,
    "program": IntakeStep.PROGRAM,
}


def step_of(field: str) -> IntakeStep:
    if field in CLIENT_FIELDS:
        return IntakeStep.CLIENT
    if field.startswith("member."):
        return IntakeStep.HOUSEHOLD
    if field.startswith(("score.", "note.")):
        return IntakeStep.ASSESSMENT
    return STEP_OF_FIELD.get(field, IntakeStep.PROGRAM)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    return area


class IntakeWindow(QDialog):
    completed = Signal(object)  # the IntakeResult

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        today: date,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._actor = actor
        self._today = today
        self._kept = kept
        self._returning: ClientRecord | None = None
        self.result: IntakeResult | None = None
        # Written by the background worker: a finish stopped waiting for that
        # reached the server is not made twice by finishing again.
        self._made: IntakeResult | None = None
        # This intake's id until it is confirmed: finishing again (after a finish
        # stopped waiting for, or resumed from the copy kept here) saves it once.
        self._request_id = new_request_id()
        self._program_wanted: int | None = None  # a resumed intake's, until programs load
        self.setWindowTitle(self.tr("Intake"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        titles = {
            FIND: self.tr("Search first"),
            IntakeStep.CLIENT: self.tr("Client"),
            IntakeStep.HOUSEHOLD: self.tr("Household"),
            IntakeStep.ASSESSMENT: self.tr("Needs and strengths"),
            IntakeStep.CONSENT: self.tr("Consent to services"),
            IntakeStep.PROGRAM: self.tr("Program and finish"),
        }
        self.step_labels = {page: QLabel(titles[page], self) for page in PAGES}
        self.titles = titles
        steps = QVBoxLayout()
        for label in self.step_labels.values():
            steps.addWidget(label)
        steps.addStretch(1)
        side = QWidget(self)
        side.setObjectName("intake_steps")
        side.setLayout(steps)
        side.setMinimumWidth(180)
        side.setStyleSheet("#intake_steps { background: palette(alternate-base); }")

        self.heading = QLabel(self)
        self.heading.setObjectName("intake_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        # Search first.
        self.finder = ClientFinder(runner, services.clients, actor, self)
        self.finder.enter_hint = self.tr("Enter starts an intake for the chosen client.")
        self.finder.chosen.connect(self.start_returning)
        self.new_client_button = QPushButton(self.tr("&New client — not found"), self)
        self.new_client_button.setObjectName("new_client")
        self.new_client_button.setAutoDefault(False)
        self.new_client_button.clicked.connect(self.start_new)
        find_page = QWidget(self)
        find_layout = QVBoxLayout(find_page)
        find_layout.addWidget(self.finder, 1)
        find_layout.addWidget(self.new_client_button, 0, Qt.AlignmentFlag.AlignLeft)

        # The client step is built when the person chooses new or returning.
        self.client_page = QWidget(self)
        QVBoxLayout(self.client_page).setContentsMargins(0, 0, 0, 0)
        self.pane: ClientFormPane | None = None

        self.household = HouseholdStep(self)
        self.household.find_member_requested.connect(self._find_member)
        self.household.find_head_requested.connect(self._find_head)
        self.assessment = AssessmentInputs(self)
        self.consent = ConsentStep(today, self)

        program_page = QWidget(self)
        self.program = QComboBox(self)
        self.program.setObjectName("program")
        self.program_message = QLabel(self)
        self.program_message.setObjectName("program_message")
        self.program_message.setStyleSheet("color: #b00020;")
        self.program_message.setWordWrap(True)
        self.program_message.hide()
        self.summary = QLabel(self)
        self.summary.setObjectName("intake_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        program_form = QFormLayout()
        caption = QLabel(self.tr("&Program"), self)
        caption.setBuddy(self.program)
        program_form.addRow(caption, self.program)
        program_form.addRow("", self.program_message)
        program_layout = QVBoxLayout(program_page)
        program_layout.addLayout(program_form)
        program_layout.addWidget(self.summary)
        program_layout.addStretch(1)

        self.pages = QStackedWidget(self)
        for page in (
            find_page,
            self.client_page,
            _scrolled(self.household),
            _scrolled(self.assessment),
            self.consent,
            program_page,
        ):
            self.pages.addWidget(page)

        self.back_button = QPushButton(self.tr("< &Back"), self)
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("&Next >"), self)
        self.next_button.setObjectName("next")
        self.next_button.clicked.connect(self.next)
        self.finish_button = QPushButton(self.tr("&Finish intake"), self)
        self.finish_button.setObjectName("finish")
        self.finish_button.clicked.connect(self.finish)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.back_button, self.next_button, self.finish_button):
            button.setAutoDefault(False)
        self.work_bar = WorkBar(self)
        self.message = QLabel(self)
        self.message.setObjectName("intake_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.busy = BusyIndicator(runner, self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 4)
        buttons.addStretch(1)  # the buttons keep their size while nothing is awaited
        for button in (self.back_button, self.next_button, self.finish_button, self.cancel_button):
            buttons.addWidget(button)
        # Ctrl+Enter goes on from anywhere, even from a field where Enter means something.
        forward = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self)
        forward.activated.connect(self._forward)

        main = QVBoxLayout()
        main.addWidget(self.heading)
        main.addWidget(self.hint)
        main.addWidget(self.work_bar)
        main.addWidget(self.pages, 1)
        main.addWidget(self.message)
        main.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addLayout(main, 1)
        self.resize(1180, 760)

        self._programs: list[Program] = []
        runner.submit(services.programs.list, actor, on_success=self._show_programs, owner=self)
        # Each intake window keeps its copy under a name of its own; one resumed
        # goes on under the name it was kept with.
        self.copy = LocalCopy(
            kept,
            actor,
            WorkKind.INTAKE,
            "new" + secrets.token_hex(4),
            "",
            self._snapshot,
            clock or (lambda: datetime.now(UTC)),
            self,
        )
        self.copy.problem.connect(self._say)
        self._unfinished: list[KeptWork] = []
        self._go(0)
        self.copy.start()
        if kept is not None:
            self._unfinished = [
                work
                for work in kept.kept_of(actor.username, WorkKind.INTAKE)
                if work.record != self.copy.record
            ]
            self._offer_unfinished()

    # --- moving between steps ------------------------------------------------------

    @property
    def page(self) -> str:
        return PAGES[self.pages.currentIndex()]

    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        page = PAGES[index]
        for number, (each, label) in enumerate(self.step_labels.items()):
            text = f"{number + 1}. {self.titles[each]}"
            if number < index:
                text = f"✓ {text}"
            label.setText(f"<b>{text}</b>" if number == index else text)
        self.heading.setText(self.titles[page])
        self.hint.setText(self._hint(page))
        self.back_button.setEnabled(index > 0)
        if index > 0 and self.work_bar.isVisible() and self._unfinished:
            self.work_bar.hide()  # offered again by the next intake window
        self.next_button.setVisible(0 < index < len(PAGES) - 1)
        self.finish_button.setVisible(index == len(PAGES) - 1)
        if page == FIND:
            self.finder.box.setFocus()
        elif page == IntakeStep.CLIENT and self.pane is not None:
            self.pane.inputs["first_name"].setFocus()
        elif page == IntakeStep.HOUSEHOLD:
            self.household.mode_group.checkedButton().setFocus()
        elif page == IntakeStep.ASSESSMENT:
            self.assessment.scores[next(iter(self.assessment.scores))].setFocus()
        elif page == IntakeStep.CONSENT:
            self.consent.given.setFocus()
        elif page == IntakeStep.PROGRAM:
            self.summary.setText(self._summary())
            self.program.setFocus()
        if page != FIND:
            self.next_button.setDefault(page != IntakeStep.PROGRAM)
            self.finish_button.setDefault(page == IntakeStep.PROGRAM)

    def _hint(self, page: str) -> str:
        return {
            FIND: self.tr(
                "Type a name, date of birth, phone or client number. A returning client "
                "keeps their record; only someone not found is registered anew."
            ),
            IntakeStep.CLIENT: self.tr(
                "People already registered who look like this client appear on the right."
            ),
            IntakeStep.HOUSEHOLD: self.tr("Who lives with the client?"),
            IntakeStep.ASSESSMENT: self.tr(
                "Score each domain you discussed, 1 (in crisis) to 5 (thriving); leave the "
                "others not assessed."
            ),
            IntakeStep.CONSENT: "",
            IntakeStep.PROGRAM: self.tr(
                "The case opens in this program and waits for a supervisor to assign it. "
                "Nothing is saved until you finish."
            ),
        }[page]

    def _forward(self) -> None:
        if self.page == IntakeStep.PROGRAM:
            self.finish()
        elif self.page != FIND:
            self.next()

    def back(self) -> None:
        if self.pages.currentIndex() > 0:
            self._go(self.pages.currentIndex() - 1)

    def next(self) -> None:
        page = self.page
        if page == FIND:
            return
        try:
            check_step(IntakeStep(page), self.form(), today=self._today)
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        self._show_errors({}, page)
        if page == IntakeStep.CLIENT and self._returning is None:
            self._check_duplicates_then_go_on()
            return
        self._go(self.pages.currentIndex() + 1)

    def _check_duplicates_then_go_on(self) -> None:
        """A likely duplicate needs a reason before the intake goes on (as on save)."""
        self.next_button.setEnabled(False)

        def checked(candidates: list[DuplicateCandidate]) -> None:
            self.next_button.setEnabled(True)
            likely = [c for c in candidates if c.likely]
            if likely and len(self.pane.reason().strip()) < 5:
                numbers = ", ".join(c.client.number for c in likely[:3])
                self.pane.show_errors(
                    {
                        "duplicate_reason": self.tr(
                            "This may be someone already registered ({0}). Choose their "
                            "record, or say why this is a different person."
                        ).format(numbers)
                    }
                )
                return
            self._go(self.pages.currentIndex() + 1)

        def failed(error: BaseException) -> None:
            self.next_button.setEnabled(True)
            present_error(self, error)

        self._runner.submit(
            self._services.clients.possible_duplicates,
            self._actor,
            self.pane.form(),
            on_success=checked,
            on_error=failed,
            owner=self,
        )

    # --- your work is kept -----------------------------------------------------------

    def _snapshot(self) -> dict:
        if self.pane is None:
            return {"page": 0}  # nothing typed yet
        form = self.form()
        if self._returning is None:  # the copy says whom it is about, as typed
            typed = form.client
            self.copy.client_name = full_name(typed.first_name, typed.last_name, typed.name_order)
        return {
            "request_id": self._request_id,
            "page": self.pages.currentIndex(),
            "returning_id": self._returning.id if self._returning else None,
            "form": to_json(form),
            "head": to_json(self.household.head),
            "registered": to_json(self.household.registered()),
        }

    def _offer_unfinished(self) -> None:
        if not self._unfinished:
            return
        work = self._unfinished[-1]  # the newest first
        who = work.client_name or self.tr("a new client")
        text = self.tr(
            "An intake you started for {0} at {1} was not finished; it was kept on this computer."
        ).format(who, kept_at(work))
        if len(self._unfinished) > 1:
            text += " " + self.tr("({0} more after it.)").format(len(self._unfinished) - 1)
        self.work_bar.say(
            text,
            (self.tr("&Resume it"), lambda: self.resume(work)),
            (self.tr("&Discard it"), lambda: self._discard_unfinished(work)),
        )

    def _discard_unfinished(self, work: KeptWork) -> None:
        self._unfinished.remove(work)
        if self._kept is not None:
            self._kept.forget(work.username, work.kind, work.record)
        self._offer_unfinished()

    def resume(self, work: KeptWork) -> None:
        """Every step as it was kept; for a returning client, their record read again."""
        try:
            form = from_json(IntakeForm, work.form["form"])
            page = from_json(int, work.form["page"])
            returning_id = from_json(int | None, work.form["returning_id"])
            head = from_json(ClientSummary | None, work.form["head"])
            registered = from_json(list[ClientSummary | None], work.form["registered"])
            request_id = from_json(str, work.form["request_id"])
        except (KeyError, TypeError, ValueError):
            self._unfinished.remove(work)
            self._say(self.tr("That intake's copy cannot be read; it is left as it is."))
            self._offer_unfinished()
            return

        def fill(pane: ClientFormPane) -> None:
            self._unfinished.remove(work)
            self._request_id = request_id
            self._set_pane(pane)
            pane.load_form(form.client)
            if form.not_a_duplicate_reason and pane.panel is not None:
                pane.panel.reason_box.show()
                pane.panel.reason_input.setText(form.not_a_duplicate_reason)
            self.household.load(form.household, head, registered)
            self.assessment.load(form.assessment)
            self.consent.load(form.consent)
            self._program_wanted = form.program_id
            self._choose_program()
            self.copy.set_record(work.record, work.client_name)
            self._go(max(1, min(page, len(PAGES) - 1)))

        if returning_id is None:
            self._returning = None
            fill(ClientFormPane(self._runner, self._services.clients, self._actor))
            return

        def opened(client: ClientRecord) -> None:
            self._returning = client
            fill(ClientFormPane(self._runner, self._services.clients, self._actor, client))

        self._runner.submit(
            self._services.clients.open,
            self._actor,
            returning_id,
            on_success=opened,
            on_error=lambda error: (present_error(self, error), self._offer_unfinished()),
            owner=self,
        )

    def _choose_program(self) -> None:
        index = self.program.findData(self._program_wanted)
        if self._program_wanted is not None and index >= 0:
            self.program.setCurrentIndex(index)
            self._program_wanted = None

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- new or returning ------------------------------------------------------------

    def start_new(self) -> None:
        self._returning = None
        self._set_pane(ClientFormPane(self._runner, self._services.clients, self._actor))
        first, last = _name_from(self.finder.box.text())
        self.pane.inputs["first_name"].setText(first)
        self.pane.inputs["last_name"].setText(last)
        self._go(1)
        if first or last:
            self.pane.check_duplicates()

    def start_returning(self, client_id: int) -> None:
        def opened(client: ClientRecord) -> None:
            self._returning = client
            pane = ClientFormPane(self._runner, self._services.clients, self._actor, client)
            self._set_pane(pane)
            self._go(1)

        self._runner.submit(
            self._services.clients.open, self._actor, client_id, on_success=opened, owner=self
        )

    def _set_pane(self, pane: ClientFormPane) -> None:
        if self.pane is not None:
            self.pane.stop()
            self.pane.deleteLater()
        self.pane = pane
        pane.setParent(self.client_page)
        pane.open_client_requested.connect(self.start_returning)
        self.client_page.layout().addWidget(pane)
        self.titles[IntakeStep.CLIENT] = (
            self.tr("Returning client") if self._returning else self.tr("New client")
        )
        self.copy.client_name = self._returning.display_name if self._returning else ""

    def _find_member(self) -> None:
        self._pick_registered(
            self.tr("Find a household member already registered"), self.household.add_member
        )

    def _find_head(self) -> None:
        self._pick_registered(self.tr("Find the head of household"), self.household.set_head)

    def _pick_registered(self, title: str, use) -> None:
        """Ctrl+K's search, handing the chosen client's summary to ``use``."""
        popup = SearchPopup(self._runner, self._services.clients, self._actor, self)
        popup.setWindowTitle(title)
        model = popup.model
        popup.open_client_requested.connect(
            lambda client_id: use(model.row_at(model.row_of(client_id)))
        )
        popup.open()

    # --- the form and its messages -----------------------------------------------------

    def form(self) -> IntakeForm:
        if self._returning is not None:
            base = returning_client_form(self._returning)
        else:
            base = IntakeForm()
        return IntakeForm(
            client=self.pane.form() if self.pane is not None else ClientForm(),
            existing_client_id=base.existing_client_id,
            existing_client_version=base.existing_client_version,
            not_a_duplicate_reason=self.pane.reason() if self.pane is not None else "",
            household=self.household.plan(),
            assessment=self.assessment.form(),
            consent=self.consent.form(),
            program_id=self.program.currentData(),
        )

    def _show_errors(self, errors: dict[str, str], page: str | None = None) -> None:
        """Messages beside their fields; with none, clears the page's messages."""
        by_step: dict[IntakeStep, dict[str, str]] = {}
        for name, text in errors.items():
            by_step.setdefault(step_of(name), {})[name] = text
        pages = [IntakeStep(page)] if page and page != FIND else list(by_step)
        for step in pages:
            mine = by_step.get(step, {})
            if step is IntakeStep.CLIENT and self.pane is not None:
                self.pane.show_errors(mine)
            elif step is IntakeStep.HOUSEHOLD:
                self._leftover(self.household.show_errors(mine))
            elif step is IntakeStep.ASSESSMENT:
                self._leftover(self.assessment.show_errors(mine))
            elif step is IntakeStep.CONSENT:
                self._leftover(self.consent.show_errors(mine))
            elif step is IntakeStep.PROGRAM:
                text = " ".join(mine.values())
                self.program_message.setText(text)
                self.program_message.setVisible(bool(text))

    def _leftover(self, errors: dict[str, str]) -> None:
        if errors:
            present_error(self, ValidationError(errors))

    def _show_programs(self, programs: list[Program]) -> None:
        self._programs = programs
        self.program.clear()
        for program in programs:
            self.program.addItem(program.name, program.id)
        self._choose_program()
        if not programs:
            self.program_message.setText(
                self.tr(
                    "No programs are offered yet: an administrator adds them on the "
                    "Programs page. The intake cannot be finished until then."
                )
            )
            self.program_message.show()

    def _summary(self) -> str:
        form = self.form()
        who = (
            self._returning.display_name
            if self._returning
            else full_name(form.client.first_name, form.client.last_name, form.client.name_order)
        )
        kind = self.tr("returning client") if self._returning else self.tr("new client")
        plan = form.household
        household = {
            HouseholdMode.ALONE: self.tr("lives alone"),
            HouseholdMode.HEAD: self.tr("heads a household of {0}").format(len(plan.members) + 1),
            HouseholdMode.JOINS: self.tr("joins {0}'s household").format(
                self.household.head.display_name if self.household.head else "?"
            ),
        }[plan.mode]
        scores = form.assessment.scores
        crisis = [d.label for d, s in scores.items() if s == 1]
        lines = [
            f"<b>{escape(who)}</b> ({kind}), {household}.",
            self.tr("{0} of 13 life domains scored").format(len(scores))
            + (self.tr("; in crisis: {0}").format(escape(", ".join(crisis))) if crisis else "")
            + ".",
            self.tr("Consent to services: {0}.").format(
                self.tr("given") if form.consent.given else self.tr("not recorded")
            ),
        ]
        if scores:
            lowest = min(scores.values())
            lines.append(
                self.tr("Lowest score: {0} ({1}).").format(lowest, self.tr(SCORE_LABELS[lowest]))
            )
        return "<br>".join(lines)

    # --- finishing --------------------------------------------------------------------

    def finish(self) -> None:
        if self.program.currentData() is None:
            self._show_errors({"program": self.tr("Choose the program this case is in.")})
            return
        if not self.finish_button.isEnabled():
            return
        self.finish_button.setEnabled(False)
        self._say("")
        self.copy.keep_now()
        self._runner.submit(
            self._finish_work,
            self.form(),
            on_success=self._finished,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE_KEPT if self.copy.enabled else Wait.SAVE,
            what=self.tr("Finishing the intake…"),
        )

    def _finish_work(self, form: IntakeForm) -> IntakeResult:
        """On the background worker."""
        if self._made is None:
            self._made = self._services.intake.complete(
                self._actor, form, request_id=self._request_id
            )
        return self._made

    def _finished(self, result: IntakeResult) -> None:
        self.copy.forget()
        self.result = result
        self.completed.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.finish_button.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return  # every step stays as filled in; the busy indicator says what it means
        if isinstance(error, DatabaseUnavailable):
            self._say(not_saved_text(error))
            return
        if not isinstance(error, ValidationError):
            present_error(self, error)
            return
        first = min((PAGES.index(step_of(name)) for name in error.errors), default=len(PAGES) - 1)
        self._go(first)
        self._show_errors(error.errors)

    def reject(self) -> None:
        if not self.finish_button.isEnabled():
            return  # finishing: the busy bar's Stop waiting ends the wait
        if self.pages.currentIndex() > 0:
            if not self.confirm_discard(self):
                return
            self.copy.forget()  # discarded, as the person said
        super().reject()

    def done(self, result: int) -> None:
        # Finished or cancelled, the window asks nothing more of the database.
        if self.pane is not None:
            self.pane.stop()
        self.finder.stop()
        self.copy.stop()  # a copy not discarded stays, to be offered again
        super().done(result)

    @staticmethod
    def confirm_discard(parent: QWidget) -> bool:
        """Asked before an intake in progress is dropped (tests replace it)."""
        answer = QMessageBox.question(
            parent,
            parent.tr("Discard this intake?"),
            parent.tr("Nothing of this intake has been saved. Discard what was typed?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


def _name_from(typed: str) -> tuple[str, str]:
    """What was searched, as a first guess at the new client's name."""
    text = " ".join(typed.split())
    if not text or any(char.isdigit() for char in text):
        return "", ""
    if "," in text:
        last, _, first = text.partition(",")
        return first.strip(), last.strip()
    first, _, last = text.rpartition(" ")
    if first and written_family_first(first):  # 王 秀英, 山田 太郎: the family name first
        last, _, first = text.partition(" ")
        return first, last
    return (first, last) if first else (last, "")
