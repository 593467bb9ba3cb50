"""A client's record window: the face sheet up front, and a tab for each part of
the case work (filled in as CaseDesk grows)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.audit.events import AuditFilter
from domain.cases.case import CaseStatus, CaseSummary
from domain.clients.face_sheet import face_sheet
from domain.clients.ssn import formatted
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.consents.consent import Consent
from domain.consents.services_consent import check_services_consent
from domain.notes.repository import DraftKeeper
from domain.printing.service import FormKind
from domain.services import Services
from gui.assessments.tab import AssessmentsTab
from gui.attachments.tab import AttachmentsTab
from gui.audit.table_model import action_label
from gui.clients.household_tab import HouseholdTab
from gui.common.error_presenter import present_error
from gui.common.form_printer import FormPrinter
from gui.common.runner import BackgroundRunner
from gui.consents.release_print_dialog import ReleasePrintDialog
from gui.consents.tab import ConsentsTab
from gui.notes.tab import NotesTab
from gui.plans.tab import PlanTab
from gui.referrals.tab import ReferralsTab
from gui.timeline.tab import TimelineTab

FLAG_STYLE = (
    "background: #fff4e5; color: #7a4a00; border: 1px solid #f0c27b; border-radius: 9px;"
    "padding: 2px 8px;"
)
CONSENT_FLAG_STYLE = (
    "background: #fdecea; color: #7f1d1d; border: 1px solid #f5a3a3; border-radius: 9px;"
    "padding: 2px 8px;"
)
LATER_TABS: tuple[tuple[str, str], ...] = ()


def lead_aligned(label: QLabel) -> QLabel:
    """Text starts at the layout's leading edge, beside its caption, also when its
    own script runs right to left (Qt would otherwise align that text to the far edge)."""
    left_to_right = label.layoutDirection() == Qt.LayoutDirection.LeftToRight
    edge = Qt.AlignmentFlag.AlignLeft if left_to_right else Qt.AlignmentFlag.AlignRight
    label.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    return label


class ClientWindow(QWidget):
    """Opened with a record the service has already read (and audited)."""

    changed = Signal(object)  # the ClientRecord after an edit

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        client,
        parent: QWidget | None = None,
        drafts: DraftKeeper | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self._runner = runner
        self._services = services
        self._actor = actor
        self._kept = drafts  # unsaved work of this client's editors, kept on this computer
        self.client = client
        self.resize(860, 620)

        # The name, then the number, each a label of its own: a name in a right-to-left
        # script reads in its own direction without carrying the number before it.
        self.title = QLabel(self)
        self.title.setObjectName("client_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lead_aligned(self.title)
        self.number_label = QLabel(self)
        self.number_label.setObjectName("client_number")
        self.number_label.setFont(font)
        self.number_label.setStyleSheet("color: palette(placeholder-text);")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.client_consents: list[Consent] | None = None  # None until read
        self.flags_row = QHBoxLayout()
        self.flags_row.setSpacing(6)
        self.printer = FormPrinter(runner, services, actor, self)
        self.print_button = QPushButton(self.tr("&Print"), self)
        self.print_button.setObjectName("print")
        print_menu = QMenu(self.print_button)
        self.print_actions = {}
        for form in (FormKind.FACE_SHEET, FormKind.INTAKE_PACKET, FormKind.SERVICES_CONSENT):
            action = print_menu.addAction(self.tr(form.label) + "…")
            action.triggered.connect(partial(self.print_form, form))
            self.print_actions[form] = action
        print_menu.addSeparator()
        self.release_action = print_menu.addAction(self.tr("For a &recipient outside the agency…"))
        self.release_action.triggered.connect(self.print_for_recipient)
        self.print_button.setMenu(print_menu)
        self.print_button.setVisible(actor.may(Permission.FORM_PRINT))
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.edit_button.clicked.connect(self.edit)
        self.edit_button.setVisible(actor.may(Permission.CLIENT_EDIT))
        self.ssn_button = QPushButton(self.tr("Show &SSN"), self)
        self.ssn_button.setObjectName("show_ssn")
        self.ssn_button.clicked.connect(self.reveal_ssn)
        self.merge_button = QPushButton(self.tr("&Merge a duplicate…"), self)
        self.merge_button.setObjectName("merge")
        self.merge_button.clicked.connect(self.choose_duplicate)
        self.merge_button.setVisible(actor.may(Permission.CLIENT_MERGE))
        self.undo_button = QPushButton(self.tr("&Undo merge"), self)
        self.undo_button.setObjectName("undo_merge")
        self.undo_button.clicked.connect(self.undo_merge)
        self.undo_button.hide()
        self.merge_note = QLabel(self)
        self.merge_note.setObjectName("merge_note")
        self.last_merge = None
        self.merge_dialog = None
        self.lost_access = False
        # Who changed the record at another desk, or that the case was taken away.
        self.live_note = QLabel(self)
        self.live_note.setObjectName("live_note")
        self.live_note.setWordWrap(True)
        self.live_note.setStyleSheet("color: palette(dark);")
        self.live_note.hide()
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.number_label)
        header.addStretch(1)
        header.addWidget(self.ssn_button)
        header.addWidget(self.merge_button)
        header.addWidget(self.print_button)
        header.addWidget(self.edit_button)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_note, 1)
        merge_row.addWidget(self.undo_button)

        self.tabs = QTabWidget(self)
        self.sheet = QWidget()
        self.sheet.setObjectName("face_sheet")
        self.sheet_layout = QVBoxLayout(self.sheet)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sheet)
        self.tabs.addTab(scroll, self.tr("&Face sheet"))
        self.household = HouseholdTab(runner, services, actor, client, self)
        self.tabs.addTab(self.household, self.tr("H&ousehold"))
        self.assessments = AssessmentsTab(runner, services, actor, client, self, kept=drafts)
        self.tabs.addTab(self.assessments, self.tr("&Assessments"))
        self.plan = PlanTab(
            runner, services, actor, self, kept=drafts, client_name=client.display_name
        )
        self.tabs.addTab(self.plan, self.tr("P&lan"))
        self.notes = NotesTab(runner, services, actor, client, drafts, self)
        self.notes_index = self.tabs.addTab(self.notes, self.tr("&Notes"))
        self.tabs.setTabVisible(self.notes_index, actor.may(Permission.NOTE_READ))
        # Ctrl+Shift+N anywhere in the record: a phone note on the client's case.
        self.addAction(self.notes.phone_action)
        self.notes.phone_action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.notes))
        self.timeline = TimelineTab(runner, services, actor, client.id, self)
        self.tabs.addTab(self.timeline, self.tr("&Timeline"))
        for title, purpose in LATER_TABS:
            page = QLabel(self.tr("{0}\n\nNothing recorded here yet.").format(self.tr(purpose)))
            page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            page.setMargin(16)
            page.setWordWrap(True)
            self.tabs.addTab(page, self.tr(title))
        self.referrals = ReferralsTab(runner, services, actor, client.id, self)
        self.referrals.record_consent_requested.connect(self._record_consent_first)
        self.tabs.addTab(self.referrals, self.tr("&Referrals"))
        self.referrals.setEnabled(actor.may(Permission.CASE_WORK))
        self.consents = ConsentsTab(
            runner, services, actor, client.id, self, kept=drafts, client_name=client.display_name
        )
        self.consents.changed.connect(self._reload_consents)
        self.tabs.addTab(self.consents, self.tr("&Consents"))
        self.attachments = AttachmentsTab(runner, services, actor, client.id, self)
        self.tabs.addTab(self.attachments, self.tr("Attachments"))
        self.history = QLabel(self)
        self.history.setObjectName("history")
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history.setMargin(16)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.history, self.tr("&History"))
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(merge_row)
        layout.addWidget(self.live_note)
        layout.addLayout(self.flags_row)
        layout.addWidget(self.tabs)
        self.cases: list[CaseSummary] = []
        self.show_record(client)
        self._load_case_work()

    def _load_case_work(self) -> None:
        """Cases, assessments and consents: part of the view the opening audited."""
        self._runner.submit(
            self._services.records.case_work,
            self._actor,
            self.client.id,
            on_success=self._show_case_work,
            owner=self,
        )

    def _show_case_work(self, work) -> None:
        self._show_cases(work.cases)
        self.assessments.show_assessments(work.assessments)
        self._show_consents(work.consents)

    def _record_consent_first(self, organisation: str = "") -> None:
        """From a new referral the gate stopped: the Consents tab, recording a release
        for that organisation."""
        self.tabs.setCurrentWidget(self.consents)
        self.consents.record(recipient=organisation)

    def _reload_consents(self) -> None:
        self._runner.submit(
            self._services.records.consents,
            self._actor,
            self.client.id,
            on_success=self._show_consents,
            owner=self,
        )
        for banner in (self.plan.consent_banner, self.referrals.consent_banner):
            banner.recheck()

    def _show_consents(self, consents: list[Consent]) -> None:
        self.client_consents = consents
        self.consents.model.reset_to(consents)
        self._show_flags()

    def _show_cases(self, cases: list[CaseSummary]) -> None:
        self.cases = cases
        self.assessments.show_cases(cases)
        self.notes.set_cases(cases)
        self.show_record(self.client)
        self.plan.set_cases(cases)
        self.timeline.set_cases(cases)

    def show_record(self, client) -> None:
        self.client = client
        sheet = face_sheet(client, self._services.today())
        # "CaseDesk" sets the line left to right: a right-to-left name keeps the number after it.
        self.setWindowTitle(
            self.tr("CaseDesk — {0} · {1}").format(client.display_name, client.number)
        )
        self.title.setText(client.display_name)
        self.number_label.setText(client.number)
        self.ssn_button.setVisible(
            self._actor.may(Permission.CLIENT_SSN_VIEW) and client.ssn_last4 is not None
        )
        self._sheet_flags = sheet.flags
        self._show_flags()
        while self.sheet_layout.count():
            item = self.sheet_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.fact_labels: dict[str, QLabel] = {}
        for section, facts in sheet.facts:
            box = QGroupBox(self.tr(section), self.sheet)
            form = QFormLayout(box)
            for caption, value in facts:
                shown = QLabel(value or "—", box)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                shown.setWordWrap(True)
                lead_aligned(shown)  # beside its caption, in whatever script it is written
                form.addRow(self.tr(caption), shown)
                self.fact_labels[caption] = shown
            self.sheet_layout.addWidget(box)
        self.sheet_layout.addWidget(self._cases_box())
        self.sheet_layout.addStretch()

    def _show_flags(self) -> None:
        """The face sheet's flags, the case waiting, and a case going on without the
        client's consent to services (once the consents are read)."""
        while self.flags_row.count():
            item = self.flags_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        flags = [(flag, "") for flag in self._sheet_flags]
        cases = getattr(self, "cases", [])
        if any(case.status is CaseStatus.INTAKE for case in cases):
            flags.insert(0, (self.tr("Case waiting for assignment"), ""))
        if self.client_consents is not None:
            today = self._services.today()
            checks = [
                check_services_consent(self.client_consents, case.id, today)
                for case in cases
                if case.is_active
            ]
            failing = {c.flag: c.message for c in checks if not c.holds}
            flags[:0] = [(self.tr(flag), self.tr(why)) for flag, why in failing.items()]
        for flag, why in flags:
            chip = QLabel(flag, self)
            chip.setObjectName("flag")
            chip.setStyleSheet(CONSENT_FLAG_STYLE if why else FLAG_STYLE)
            chip.setToolTip(why)
            self.flags_row.addWidget(chip)
        self.flags_row.addStretch()

    def _cases_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Cases"), self.sheet)
        box.setObjectName("cases_box")
        form = QFormLayout(box)
        cases = getattr(self, "cases", [])
        if not cases:
            form.addRow(QLabel(self.tr("No case you may see."), box))
        for case in cases:
            who = case.assigned_name or (
                self.tr("a caseworker") if case.assigned_staff_id else self.tr("not assigned yet")
            )
            line = self.tr("{0} · opened {1} · {2}").format(
                self.tr(case.status.label), format_date(case.opened_on), who
            )
            if case.closed_on is not None:
                line += self.tr(" · closed {0}").format(format_date(case.closed_on))
            shown = QLabel(line, box)
            shown.setObjectName(f"case_{case.id}")
            row: QWidget = shown
            if case.status is CaseStatus.CLOSED and self._actor.may(Permission.CASE_CLOSE):
                reopen = QPushButton(self.tr("Reopen"), box)
                reopen.setObjectName(f"reopen_{case.id}")
                reopen.clicked.connect(partial(self.reopen_case, case))
                row = QWidget(box)
                line_layout = QHBoxLayout(row)
                line_layout.setContentsMargins(0, 0, 0, 0)
                line_layout.addWidget(shown, 1)
                line_layout.addWidget(reopen)
            form.addRow(case.program_name or self.tr("(no program)"), row)
        return box

    def reopen_case(self, case: CaseSummary) -> None:
        """Supervisors only: back to its caseworker, or to the queue."""
        self._runner.submit(
            self._services.cases.reopen,
            self._actor,
            case.id,
            case.version,
            on_success=lambda _case: self._load_case_work(),
            on_error=partial(present_error, self),
            owner=self,
        )

    # --- actions ---------------------------------------------------------------

    def print_form(self, form: FormKind) -> None:
        name = f"{self.client.number} {self.tr(form.label)}.pdf"
        self.printer.print_form(form, [self.client.id], name)

    def print_for_recipient(self) -> ReleasePrintDialog:
        dialog = ReleasePrintDialog(
            self._runner,
            self._services.consents,
            self._actor,
            self.client.id,
            self.consents.model.rows(),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._print_released, dialog))
        dialog.open()
        return dialog

    def _print_released(self, dialog: ReleasePrintDialog) -> None:
        form, recipient = dialog.chosen_form(), dialog.recipient_name()
        name = f"{self.client.number} {self.tr(form.label)} for {recipient}.pdf"
        self.printer.print_form(
            form,
            [self.client.id],
            name,
            recipient=recipient,
            override_reason=dialog.override_reason(),
        )

    def edit(self) -> None:
        from gui.clients.client_dialog import ClientDialog

        dialog = ClientDialog(
            self._runner,
            self._services.clients,
            self._actor,
            self.client,
            self,
            kept=self._kept,
            clock=self._services.clock,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, client) -> None:
        self.show_record(client)
        self.changed.emit(client)

    def reveal_ssn(self) -> None:
        self._runner.submit(
            self._services.clients.reveal_ssn,
            self._actor,
            self.client.id,
            on_success=self._show_ssn,
            on_error=partial(present_error, self),
            owner=self,
        )

    def _show_ssn(self, ssn: str | None) -> None:
        label = self.fact_labels.get("SSN")
        if label is not None and ssn:
            label.setText(formatted(ssn))
        self.ssn_button.setEnabled(False)  # shown (and audited) once per opening

    # --- merging a duplicate into this record (supervisors) -----------------------

    def choose_duplicate(self) -> None:
        from gui.clients.search_popup import SearchPopup

        popup = SearchPopup(self._runner, self._services.clients, self._actor, self)
        popup.setWindowTitle(self.tr("Find the duplicate record to merge into this one"))
        popup.open_client_requested.connect(self._merge)
        popup.open()

    def _merge(self, duplicate_id: int) -> None:
        """First the plan: nothing changes until the supervisor confirms it."""
        self._runner.submit(
            self._services.merges.plan,
            self._actor,
            self.client.id,
            duplicate_id,
            on_success=self._show_plan,
            on_error=partial(present_error, self),
            owner=self,
        )

    def _show_plan(self, plan) -> None:
        from gui.clients.merge_dialog import MergePlanDialog

        dialog = MergePlanDialog(plan, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirm_requested.connect(partial(self._confirm_merge, dialog))
        self.merge_dialog = dialog
        dialog.open()

    def _confirm_merge(self, dialog, reason: str) -> None:
        plan = dialog.plan
        self._runner.submit(
            partial(self._services.merges.merge, plan=plan),
            self._actor,
            plan.survivor_id,
            plan.merged_id,
            reason,
            on_success=lambda merge: (dialog.accept(), self._merged(merge)),
            on_error=partial(self._merge_failed, dialog),
            owner=self,
        )

    def _merge_failed(self, dialog, error: BaseException) -> None:
        from domain.common.errors import ValidationError

        if isinstance(error, ValidationError) and "reason" in error.errors:
            dialog.show_problem(error.errors["reason"])
            return
        dialog.reject()
        present_error(self, error)

    def _merged(self, merge) -> None:
        from domain.clients.record import client_number

        self.last_merge = merge
        self.merge_note.setText(
            self.tr(
                "{0} was merged into this record ({1} cases and {2} other records moved)."
            ).format(
                client_number(merge.merged_id),
                len(merge.moved_case_ids),
                merge.moved_count() - len(merge.moved_case_ids),
            )
        )
        self.undo_button.show()
        self.changed.emit(self.client)

    def undo_merge(self) -> None:
        if self.last_merge is None:
            return
        self._runner.submit(
            self._services.merges.undo,
            self._actor,
            self.last_merge.id,
            on_success=self._undone,
            on_error=partial(present_error, self),
            owner=self,
        )

    def _undone(self, merge) -> None:
        from domain.clients.record import client_number

        self.last_merge = None
        self.undo_button.hide()
        self.merge_note.setText(
            self.tr("The merge was undone: {0} is its own record again.").format(
                client_number(merge.merged_id)
            )
        )
        self.changed.emit(self.client)

    # --- changes made at other desks (gui/common/live_updates.py) ---------------------

    def changes_arrived(self, batch) -> None:
        if self.lost_access or not batch.touches_client(self.client.id, [c.id for c in self.cases]):
            return
        self._runner.submit(
            self._services.clients.reread,
            self._actor,
            self.client.id,
            on_success=self._reread,
            on_error=self._reread_failed,
            owner=self,
        )

    def _reread(self, client) -> None:
        if client.version != self.client.version and client.updated_by != self._actor.username:
            when = client.updated_at.astimezone() if client.updated_at else None
            self.live_note.setText(
                self.tr("Updated by {0} at {1}").format(
                    client.updated_by_name or client.updated_by, f"{when:%H:%M}" if when else "?"
                )
            )
            self.live_note.show()
            for dialog in self.findChildren(QWidget, "client_dialog"):
                changed_elsewhere = getattr(dialog, "changed_elsewhere", None)
                if changed_elsewhere is not None:
                    changed_elsewhere(client)
        self.client = client  # the case work read next shows it (one face sheet, not two)
        self._load_case_work()
        for tab in (self.notes, self.referrals, self.household, self.attachments):
            tab.refresh()

    def _reread_failed(self, error: BaseException) -> None:
        from domain.common.errors import PermissionDenied

        if not isinstance(error, PermissionDenied):
            return  # a passing fault: the next change or the person's Refresh reads again
        self.lost_access = True
        self.tabs.setEnabled(False)
        for button in self.findChildren(QPushButton):
            button.setEnabled(False)
        self.live_note.setText(
            self.tr(
                "This client's case is no longer yours: the record is read-only and will not "
                "update. An unsigned note you were writing stays on this computer, and CaseDesk "
                "offers it back when you next sign in: copy its text to the new caseworker "
                "or your supervisor."
            )
        )
        self.live_note.show()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history:
            self._load_history()
        elif self.tabs.widget(index) is self.notes:
            self.notes.refresh()  # read (and audited) when shown, not with every opening

    def _load_history(self) -> None:
        if not self._actor.may(Permission.AUDIT_READ):
            self.history.setText(self.tr("Only supervisors see who viewed or changed a record."))
            return
        where = AuditFilter(entity_type="client", entity_id=self.client.id)
        self._runner.submit(
            partial(self._services.audit.query, self._actor, where, limit=200),
            on_success=self._show_history,
            on_error=partial(present_error, self),
            owner=self,
        )

    def _show_history(self, entries) -> None:
        lines = [
            f"{entry.occurred_at.astimezone():%m/%d/%Y %H:%M}  {entry.actor:<12}  "
            f"{action_label(entry.action)}" + (f" ({entry.detail})" if entry.detail else "")
            for entry in entries
        ]
        self.history.setText("\n".join(lines) or self.tr("No events recorded."))
