"""The service plan's draft editor: goals, each with its action steps, all typed
in one window with the keyboard (Tab through, Alt+G adds a goal, Alt+P a step
(to each goal in turn), Ctrl+S saves). Each problem shows under its field.

Your work is kept: while the editor is open a sealed copy of the goals is kept
on this computer (gui/common/kept_work.py); opened again for the same case after
a crash or a lost connection, the editor puts them back. A save the server does
not answer can be stopped (the busy indicator's Cancel): the goals stay as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import LifeDomain
from domain.common.actor import Actor
from domain.common.errors import ConflictError, DatabaseUnavailable, ValidationError
from domain.local_work.form_json import from_json, to_json
from domain.local_work.kept_work import LocalWorkKeeper, WorkKind
from domain.plans.draft_compare import combined_goals, goal_differences, goal_key
from domain.plans.plan import (
    LONGEST_GOAL,
    LONGEST_STEP,
    GoalForm,
    GoalStatus,
    ServicePlan,
    StepForm,
    StepOwner,
)
from gui.common.busy_indicator import BusyIndicator
from gui.common.conflict_resolution import ConflictResolution, wrapped
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.kept_work import AsksBeforeDiscarding, LocalCopy, WorkBar, kept_at, not_saved_text
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait

DATE_HINT = "MM/DD/YYYY"


def _combo(parent: QWidget, items, current: str, blank: str = "") -> QComboBox:
    combo = QComboBox(parent)
    if blank:
        combo.addItem(blank, "")
    for item in items:
        combo.addItem(parent.tr(item.label), item.value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class StepRow:
    """One action step's inputs, placed in its goal's grid."""

    def __init__(self, owner: QWidget, form: StepForm):
        self.fields = FormFields(owner)
        self.what = QLineEdit(form.what, owner)
        self.what.setMaxLength(LONGEST_STEP + 50)
        self.what.setPlaceholderText(owner.tr("What is to be done"))
        self.who = _combo(owner, StepOwner, form.who)
        self.provider = QLineEdit(form.provider, owner)
        self.provider.setPlaceholderText(owner.tr("Provider's name"))
        self.due = QLineEdit(form.due_date, owner)
        self.due.setPlaceholderText(DATE_HINT)
        self.due.setMaximumWidth(owner.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.done = QCheckBox(owner)
        self.done.setChecked(form.done)
        self.done.setToolTip(owner.tr("Done"))
        self.remove = QPushButton("✕", owner)
        self.remove.setToolTip(owner.tr("Remove this step"))
        self.remove.setFixedWidth(owner.fontMetrics().height() + 12)
        self.columns = []
        for name, caption, widget in (
            ("what", owner.tr("Step"), self.what),
            ("who", owner.tr("Who"), self.who),
            ("provider", owner.tr("Provider"), self.provider),
            ("due_date", owner.tr("Due"), self.due),
        ):
            label, column = self.fields.make_field(name, caption, widget)
            label.hide()  # the grid's header names the column
            widget.setAccessibleName(caption)
            self.columns.append(column)
        self.who.currentIndexChanged.connect(self._who_changed)
        self._who_changed()
        edits = (("what", self.what), ("provider", self.provider), ("due_date", self.due))
        for name, edit in edits:
            edit.textEdited.connect(lambda _text, n=name: self.fields.show_message(n, ""))

    def _who_changed(self) -> None:
        by_provider = self.who.currentData() == StepOwner.PROVIDER.value
        self.provider.setEnabled(by_provider)
        if not by_provider:
            self.fields.show_message("provider", "")

    def widgets(self) -> list[QWidget]:
        return [self.what, self.who, self.provider, self.due, self.done, self.remove]

    def form(self) -> StepForm:
        return StepForm(
            self.what.text(),
            self.who.currentData(),
            self.provider.text() if self.provider.isEnabled() else "",
            self.due.text(),
            self.done.isChecked(),
        )

    def is_blank(self) -> bool:
        return not (self.what.text().strip() or self.provider.text().strip() or self.due.text())


class GoalEditor(QGroupBox):
    """One goal: what it is, its domain, target date and status, and its steps."""

    remove_requested = Signal(object)

    def __init__(self, form: GoalForm, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.goal_id = form.goal_id
        self.setTitle(self.tr("Goal {0}").format(number))
        self.fields = FormFields(self)
        self.description = QLineEdit(form.description, self)
        self.description.setMaxLength(LONGEST_GOAL + 50)
        self.description.setPlaceholderText(
            self.tr("Measurable: what will be true, e.g. “Signs a 12-month lease”")
        )
        self.domain = _combo(self, LifeDomain, form.domain, self.tr("Choose…"))
        self.target = QLineEdit(form.target_date, self)
        self.target.setPlaceholderText(DATE_HINT)
        self.status = _combo(self, GoalStatus, form.status)
        for name, edit in (("description", self.description), ("target_date", self.target)):
            edit.textEdited.connect(lambda _text, n=name: self.fields.show_message(n, ""))
        self.remove = QPushButton(self.tr("Remove goal"), self)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

        top = QGridLayout()
        top.setHorizontalSpacing(8)
        caption, column = self.fields.make_field("description", self.tr("&Goal"), self.description)
        _level_with(caption, self.description)
        top.addWidget(caption, 0, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(column, 0, 1, 1, 5)
        top.addWidget(self.remove, 0, 6, Qt.AlignmentFlag.AlignTop)
        for index, (name, label, widget) in enumerate(
            (
                ("domain", self.tr("Life &domain"), self.domain),
                ("target_date", self.tr("&Target date"), self.target),
                ("status", self.tr("Stat&us"), self.status),
            )
        ):
            caption, column = self.fields.make_field(name, label, widget)
            _level_with(caption, widget)
            top.addWidget(caption, 1, index * 2, Qt.AlignmentFlag.AlignTop)
            top.addLayout(column, 1, index * 2 + 1)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(3, 1)
        top.setColumnStretch(5, 1)

        self.steps_grid = QGridLayout()
        self.steps_grid.setHorizontalSpacing(6)
        self.steps_grid.setVerticalSpacing(2)
        self.steps_grid.setColumnStretch(0, 3)
        self.steps_grid.setColumnStretch(2, 2)
        self.no_steps = QLabel(self.tr("No action steps yet."), self)
        self.no_steps.setStyleSheet("color: palette(mid);")
        self.add_step_button = QPushButton(self.tr("Add ste&p"), self)
        self.add_step_button.clicked.connect(lambda: self.add_step(StepForm(), focus=True))
        steps_caption = QLabel(self.tr("Action steps — who does what by when"), self)
        steps_caption.setStyleSheet("font-weight: bold; margin-top: 6px;")
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_step_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(steps_caption)
        layout.addWidget(self.no_steps)
        layout.addLayout(self.steps_grid)
        layout.addLayout(add_row)
        self.steps: list[StepRow] = []
        self._set_steps(form.steps)

    def _set_steps(self, forms) -> None:
        while self.steps_grid.count():
            item = self.steps_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
            elif item.layout():
                _discard(item.layout())
        self.steps = []
        if forms:
            for column, text in enumerate(
                (self.tr("What"), self.tr("Who"), self.tr("Provider"), self.tr("Due"), "✓")
            ):
                header = QLabel(text, self)
                header.setStyleSheet("color: palette(dark); font-size: small;")
                self.steps_grid.addWidget(header, 0, column)
        for form in forms:
            self._place(StepRow(self, form))
        self.no_steps.setVisible(not forms)

    def _place(self, row: StepRow) -> None:
        grid_row = len(self.steps) + 1
        for column, layout in enumerate(row.columns):
            self.steps_grid.addLayout(layout, grid_row, column)
        row.done.setFixedHeight(row.what.sizeHint().height())
        self.steps_grid.addWidget(row.done, grid_row, 4, Qt.AlignmentFlag.AlignTop)
        self.steps_grid.addWidget(row.remove, grid_row, 5, Qt.AlignmentFlag.AlignTop)
        row.remove.clicked.connect(lambda: self._remove_step(row))
        self.steps.append(row)

    def add_step(self, form: StepForm, *, focus: bool = False) -> StepRow:
        if not self.steps:
            self._set_steps((form,))
        else:
            self._place(StepRow(self, form))
        self.no_steps.hide()
        row = self.steps[-1]
        if focus:
            _focus_soon(row.what)
        return row

    def _remove_step(self, row: StepRow) -> None:
        forms = [r.form() for r in self.steps if r is not row]
        self._set_steps(forms)
        _focus_soon(self.steps[-1].what if self.steps else self.add_step_button)

    def form(self) -> GoalForm:
        return GoalForm(
            self.description.text(),
            self.domain.currentData(),
            self.target.text(),
            self.status.currentData(),
            tuple(row.form() for row in self.steps if not row.is_blank()),
            self.goal_id,
        )

    def show_errors(self, errors: dict[str, str]) -> list[QWidget]:
        """Messages keyed as under ``goal.N.``; the inputs that have one."""
        bad = []
        for name, widget in self.fields.inputs.items():
            self.fields.show_message(name, errors.get(name, ""))
            if name in errors:
                bad.append(widget)
        kept = [row for row in self.steps if not row.is_blank()]
        for index, row in enumerate(kept):
            for name, widget in row.fields.inputs.items():
                text = errors.get(f"step.{index}.{name}", "")
                row.fields.show_message(name, text)
                if text:
                    bad.append(widget)
        return bad


def _level_with(caption: QLabel, widget: QWidget) -> None:
    """A caption as tall as its input and never squeezed, so its text sits level
    with the input's even when a message shows under the input."""
    caption.setMinimumWidth(caption.sizeHint().width())
    caption.setFixedHeight(widget.sizeHint().height())
    caption.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)


def _focus_soon(widget: QWidget, scroll: QScrollArea | None = None) -> None:
    """A widget just added is shown by its layout on the next turn of the event loop;
    only then can it take the focus."""

    def focus() -> None:
        widget.setFocus()
        if scroll is not None:
            scroll.ensureWidgetVisible(widget)

    QTimer.singleShot(0, widget, focus)


def _discard(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            _discard(item.layout())


class PlanEditor(AsksBeforeDiscarding, QDialog):
    """Writes version 1 of a case's plan, or edits the draft of a later version."""

    saved = Signal(object)  # the ServicePlan as saved

    def __init__(
        self,
        runner: BackgroundRunner,
        plans_service,
        actor: Actor,
        case_id: int,
        plan: ServicePlan | None,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        client_name: str = "",
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, plans_service, actor
        self._case_id = case_id
        # Written by the background worker after each save, read by the next one
        # there: a save stopped waiting for that reached the server still counts.
        self._expected_version = plan.version if plan else 0
        # The draft as opened (and its id): what a conflict compares my typing with.
        self._opened = plan.as_forms() if plan else ()
        self._plan_id = plan.id if plan else None
        self._as_opened = (self._expected_version, self._opened, self._plan_id)
        self.conflict = ConflictResolution(self, runner, self._goal_caption, self._goal_shown)
        number = plan.number if plan else 1
        self.setWindowTitle(self.tr("Service plan — draft of version {0}").format(number))
        intro = QLabel(
            self.tr(
                "Write each goal so that anyone can tell when it is met. The plan stays a "
                "draft until the client's agreement is recorded."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("plan_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.goals_box = QWidget(self)
        self.goals_layout = QVBoxLayout(self.goals_box)
        self.goals_layout.setContentsMargins(0, 0, 0, 0)
        self.add_goal_button = QPushButton(self.tr("Add &goal"), self)
        self.add_goal_button.clicked.connect(lambda: self.add_goal(GoalForm(), focus=True))
        container = QWidget(self)
        inner = QVBoxLayout(container)
        inner.addWidget(self.goals_box)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_goal_button)
        add_row.addStretch(1)
        inner.addLayout(add_row)
        inner.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(container)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.work_bar = WorkBar(self)
        self.busy = BusyIndicator(runner, self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.work_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self.goals: list[GoalEditor] = []
        self.load_forms(plan.as_forms() if plan else (GoalForm(),))
        self.resize(900, 640)
        self.copy = LocalCopy(
            kept,
            actor,
            WorkKind.PLAN,
            f"case{case_id}",
            client_name,
            self._snapshot,
            clock or (lambda: datetime.now(UTC)),
            self,
        )
        self.copy.problem.connect(self._say)
        as_opened = self._snapshot()
        restored = self._restore(self.copy.found())
        self.copy.start(baseline=as_opened, kept=restored)
        if self.goals:
            self.goals[0].description.setFocus()

    # --- your work is kept ---------------------------------------------------------

    def _snapshot(self) -> dict:
        return {
            "goals": to_json(self.forms()),
            "expected_version": self._expected_version,
            "plan_id": self._plan_id,
            "opened": to_json(self._opened),
        }

    def _restore(self, work) -> bool:
        """The goals kept on this computer, in place of the stored draft's."""
        if work is None:
            return False
        try:
            goals = from_json(tuple[GoalForm, ...], work.form["goals"])
            opened = from_json(tuple[GoalForm, ...], work.form["opened"])
            version = from_json(int, work.form["expected_version"])
            plan_id = from_json(int | None, work.form["plan_id"])
        except (KeyError, TypeError, ValueError):
            return False  # not a copy this editor can read: it is written over
        self._expected_version, self._opened, self._plan_id = version, opened, plan_id
        self.load_forms(goals or (GoalForm(),))
        self.work_bar.say(
            self.tr(
                "Your unsaved changes from {0} were kept on this computer and are back "
                "in the form. Save to keep them."
            ).format(kept_at(work)),
            (self.tr("&Discard them"), self._discard_restored),
        )
        return True

    def _discard_restored(self) -> None:
        """Back to the draft as stored; the copy goes."""
        self._expected_version, self._opened, self._plan_id = self._as_opened
        self.load_forms(self._opened or (GoalForm(),))
        self.copy.saved(baseline=self._snapshot())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def discard_question(self) -> str:
        return self.tr("Close without saving? The changes you typed are discarded.")

    def add_goal(self, form: GoalForm, *, focus: bool = False) -> GoalEditor:
        editor = GoalEditor(form, len(self.goals) + 1, self.goals_box)
        editor.remove_requested.connect(self._remove_goal)
        self.goals_layout.addWidget(editor)
        self.goals.append(editor)
        if focus:
            _focus_soon(editor.description, self.scroll)
        return editor

    def _remove_goal(self, editor: GoalEditor) -> None:
        self.goals.remove(editor)
        editor.deleteLater()
        for number, goal in enumerate(self.goals, start=1):
            goal.setTitle(self.tr("Goal {0}").format(number))
        (self.goals[-1].description if self.goals else self.add_goal_button).setFocus()

    def forms(self) -> tuple[GoalForm, ...]:
        return tuple(goal.form() for goal in self.goals)

    def load_forms(self, forms: tuple[GoalForm, ...]) -> None:
        """Show these goals in place of the ones in the editor."""
        for editor in self.goals:
            self.goals_layout.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
        self.goals = []
        for form in forms:
            self.add_goal(form)

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.work_bar.hide()
        self._say("")
        self.copy.keep_now()
        self._runner.submit(
            self._save_work,
            self.forms(),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE_KEPT if self.copy.enabled else Wait.SAVE,
            what=self.tr("Saving the service plan…"),
        )

    def _save_work(self, forms: tuple[GoalForm, ...]) -> ServicePlan:
        """On the background worker."""
        plan = self._service.save_draft(self._actor, self._case_id, self._expected_version, forms)
        self._expected_version, self._plan_id = plan.version, plan.id
        return plan

    def _saved(self, plan: ServicePlan) -> None:
        self.copy.forget()
        self.saved.emit(plan)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return  # the form stays as typed; the busy indicator says what it means
        if isinstance(error, DatabaseUnavailable):
            self._say(not_saved_text(error))
            return
        if isinstance(error, ConflictError):
            self.conflict.start(
                error,
                what=self.tr("the service plan"),
                read=partial(self._service.current, self._actor, self._case_id),
                form_of=ServicePlan.as_forms,
                original=self._opened,
                mine=self.forms(),
                save=self._save_over,
                compare=goal_differences,
                merge=combined_goals,
                stamp=lambda plan: (plan.updated_by, plan.updated_at),
                refuse=self._cannot_save_over,
            )
            return
        if not isinstance(error, ValidationError):
            present_error(self, error)
            return
        self.show_errors(error.errors)

    # --- after a stale save: goal by goal, mine against theirs -------------------

    def _cannot_save_over(self, current: ServicePlan | None) -> str:
        """Why the draft as stored now is no draft to save over, if it is not."""
        keep = self.tr(
            "Your goals stay in this window as you typed them: copy what you need, then "
            "close it and open the newest version."
        )
        if current is None:
            return self.tr("This case has no service plan any more.") + " " + keep
        if self._plan_id is not None and current.id != self._plan_id:
            text = self.tr("{0} started version {1} of the plan after you opened this draft.")
            return text.format(current.drafted_by, current.number) + " " + keep
        if current.is_agreed:
            text = self.tr(
                "The client's agreement to version {0} was recorded by {1} after you opened "
                "this draft, so it no longer changes."
            )
            return text.format(current.number, current.agreement_recorded_by) + " " + keep
        return ""

    def _save_over(self, current: ServicePlan, forms: tuple[GoalForm, ...]) -> None:
        """The goals picked, saved over the draft as stored now."""
        self._expected_version = current.version
        self._opened = current.as_forms()
        self._plan_id = current.id
        self.load_forms(forms)  # a problem on saving shows beside its field
        self.save()

    def _goal_caption(self, key: str) -> str:
        mine = [goal_key(position, goal) for position, goal in enumerate(self.forms())]
        if key in mine:
            return self.tr("Goal {0}").format(mine.index(key) + 1)
        return self.tr("A goal not in your draft")

    def _goal_shown(self, _key: str, goal: GoalForm | None) -> str:
        """A goal and its steps in a few lines, to tell two versions apart."""
        if goal is None:
            return self.tr("(not in this version)")
        lines = [wrapped(goal.description)]
        facts = [self.tr(LifeDomain(goal.domain).label) if goal.domain else ""]
        facts.append(self.tr(GoalStatus(goal.status).label) if goal.status else "")
        lines.append(" · ".join(fact for fact in facts if fact))
        if goal.target_date:
            lines.append(self.tr("Target {0}").format(goal.target_date))
        for step in goal.steps:
            who = step.provider if step.who == StepOwner.PROVIDER.value else ""
            parts = [step.what, who or self.tr(StepOwner(step.who).label)]
            if step.due_date:
                parts.append(self.tr("due {0}").format(step.due_date))
            if step.done:
                parts.append(self.tr("done"))
            lines.append(wrapped("• " + " · ".join(parts)))
        return "\n".join(lines)

    def show_errors(self, errors: dict[str, str]) -> None:
        bad: list[QWidget] = []
        for index, goal in enumerate(self.goals):
            prefix = f"goal.{index}."
            bad += goal.show_errors(
                {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
            )
        general = [v for k, v in errors.items() if not k.startswith("goal.")]
        self.message.setText("\n".join(general))
        self.message.setVisible(bool(general))
        if bad:
            bad[0].setFocus()
            self.scroll.ensureWidgetVisible(bad[0])
