"""The caseload board: every caseworker's load and the unassigned queue, for the
supervisors who hand out cases. Select cases (one or many) and assign or
reassign them, with the mouse or the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.cases.caseload import CaseloadBoard, CaseRow, CaseworkerLoad, WaitingCase
from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.services import Services
from gui.cases.assign_dialog import AssignDialog
from gui.cases.caseload_table_models import CaseRowModel, CaseworkerLoadModel, WaitingCaseModel
from gui.cases.close_case_dialog import CloseCaseDialog
from gui.common.list_view import record_list, titled
from gui.common.runner import BackgroundRunner


def listed(names, shown: int = 5) -> str:
    names = list(names)
    text = ", ".join(names[:shown])
    return text + (f", … (+{len(names) - shown})" if len(names) > shown else "")


class CaseloadBoardPage(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self.board: CaseloadBoard | None = None
        self._shown_staff_id: int | None = None

        self.loads = CaseworkerLoadModel(self)
        self.loads_view = record_list(
            self, self.loads, "caseworker_table", stretch=CaseworkerLoadModel.COL_NAME
        )
        self.loads_view.selectionModel().currentRowChanged.connect(self._caseworker_chosen)

        self.queue = WaitingCaseModel(self)
        self.queue_view = self._case_list(self.queue, "queue_table", (150, 110, 100))
        self.assign_button = QPushButton(self.tr("&Assign to…"), self)
        self.assign_button.clicked.connect(self.assign_selected)

        self.caseload = CaseRowModel(parent=self)
        self.caseload_view = self._case_list(self.caseload, "caseload_table", (140, 110, 60, 90))
        self.reassign_button = QPushButton(self.tr("&Reassign to…"), self)
        self.reassign_button.clicked.connect(self.reassign_selected)
        self.close_button = QPushButton(self.tr("C&lose case…"), self)
        self.close_button.setObjectName("close_case")
        self.close_button.clicked.connect(self.close_selected)
        self.close_button.setVisible(actor.may(Permission.CASE_CLOSE))

        self.summary = QLabel(self)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        refresh_button = QPushButton(self.tr("Re&fresh"), self)
        refresh_button.clicked.connect(self.refresh)

        self.queue_box = titled(self, self.tr("&Unassigned queue"), self.queue_view)
        self.queue_box.layout().addWidget(self.assign_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.caseload_box = titled(self, self.tr("Their c&ases"), self.caseload_view)
        case_buttons = QHBoxLayout()
        case_buttons.addWidget(self.reassign_button)
        case_buttons.addWidget(self.close_button)
        case_buttons.addStretch(1)
        self.caseload_box.layout().addLayout(case_buttons)
        self.caseload_title = self.caseload_box.layout().itemAt(0).widget()
        # Enter or a double click on a case opens the dialog, as the button does.
        self.queue_view.activated.connect(lambda _index: self.assign_selected())
        self.caseload_view.activated.connect(lambda _index: self.reassign_selected())

        cases = QSplitter(Qt.Orientation.Horizontal, self)
        cases.addWidget(self.queue_box)
        cases.addWidget(self.caseload_box)
        cases.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(titled(self, self.tr("Case&workers"), self.loads_view))
        split.addWidget(cases)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._update_buttons()

    def _case_list(self, model, name: str, widths: tuple[int, ...]) -> QTableView:
        view = record_list(self, model, name)
        view.horizontalHeader().setDefaultSectionSize(70)  # the last column fills the rest
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
        view.selectionModel().selectionChanged.connect(self._update_buttons)
        return view

    # --- loading -------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self._runner.submit(
            self._services.caseloads.board, self._actor, on_success=self._show_board, owner=self
        )

    def _show_board(self, board: CaseloadBoard) -> None:
        self.board = board
        chosen = self._shown_staff_id
        self.loads.reset_to(board.caseworkers)
        self.queue.reset_to(board.unassigned)
        self.caseload.today = board.today
        open_cases = sum(load.open_cases for load in board.caseworkers)
        self.summary.setText(
            self.tr("{0} open cases with {1} caseworkers · {2} waiting for assignment").format(
                open_cases,
                sum(1 for load in board.caseworkers if load.active),
                len(board.unassigned),
            )
        )
        row = self.loads.row_of(chosen) if chosen is not None else None
        if row is None and self.loads.rowCount():
            row = 0
        if row is not None:
            self.loads_view.selectionModel().setCurrentIndex(
                self.loads.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._load_caseload(self.loads.row_at(row))
        else:
            self._load_caseload(None)
        self._update_buttons()

    def _caseworker_chosen(self, current, _previous) -> None:
        if current.isValid():
            self._load_caseload(self.loads.row_at(current.row()))

    def _load_caseload(self, load: CaseworkerLoad | None) -> None:
        self._shown_staff_id = load.staff_id if load is not None else None
        if load is None:
            self.caseload_title.setText(self.tr("Their c&ases"))
            self.caseload.reset_to([])
            return
        self.caseload_title.setText(self.tr("{0}'s c&ases").format(load.name.replace("&", "&&")))
        self._runner.submit(
            self._services.caseloads.caseload,
            self._actor,
            load.staff_id,
            on_success=lambda rows, staff_id=load.staff_id: self._show_caseload(staff_id, rows),
            owner=self,
        )

    def _show_caseload(self, staff_id: int, rows: list[CaseRow]) -> None:
        if staff_id == self._shown_staff_id:  # not a caseworker chosen before another
            self.caseload.reset_to(rows)
            self._update_buttons()

    # --- assigning -----------------------------------------------------------

    @staticmethod
    def _selected(view: QTableView, model) -> list:
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        return [model.row_at(row) for row in rows]

    def selected_waiting(self) -> list[WaitingCase]:
        return self._selected(self.queue_view, self.queue)

    def selected_cases(self) -> list[CaseRow]:
        return self._selected(self.caseload_view, self.caseload)

    def _update_buttons(self, *_args) -> None:
        self.assign_button.setEnabled(bool(self.queue_view.selectionModel().hasSelection()))
        chosen = self.caseload_view.selectionModel().selectedRows()
        self.reassign_button.setEnabled(bool(chosen))
        self.close_button.setEnabled(len(chosen) == 1)

    def _caseworkers(self, except_id: int | None = None) -> list[tuple[int, str]]:
        loads = self.board.caseworkers if self.board is not None else ()
        return [
            (load.staff_id, self.tr("{0} ({1} open)").format(load.name, load.open_cases))
            for load in loads
            if load.active and load.staff_id != except_id
        ]

    def assign_selected(self) -> AssignDialog | None:
        waiting = self.selected_waiting()
        if not waiting:
            return None
        cases = self._services.cases
        if len(waiting) == 1:
            case = waiting[0]

            def hand_over(staff_id: int, note: str):
                return cases.assign(self._actor, case.case_id, staff_id, case.version, note)

            summary = self.tr("{0}, {1} ({2})").format(
                case.client_name, case.program_name, case.number
            )
        else:
            ids = [case.case_id for case in waiting]

            def hand_over(staff_id: int, note: str):
                return cases.reassign_many(self._actor, ids, staff_id, note)

            summary = self.tr("{0} cases from the unassigned queue: {1}").format(
                len(waiting), listed(case.client_name for case in waiting)
            )
        return self._ask(self.tr("Assign to a caseworker"), summary, None, hand_over)

    def reassign_selected(self) -> AssignDialog | None:
        chosen = self.selected_cases()
        if not chosen:
            return None
        ids = [case.id for case in chosen]
        cases = self._services.cases

        def hand_over(staff_id: int, note: str):
            return cases.reassign_many(self._actor, ids, staff_id, note)

        if len(chosen) == 1:
            summary = self.tr("{0}, {1} ({2})").format(
                chosen[0].client_name, chosen[0].program_name, chosen[0].number
            )
        else:
            summary = self.tr("{0} cases: {1}").format(
                len(chosen), listed(case.client_name for case in chosen)
            )
        return self._ask(
            self.tr("Reassign to another caseworker"), summary, self._shown_staff_id, hand_over
        )

    def close_selected(self) -> CloseCaseDialog | None:
        chosen = self.selected_cases()
        if len(chosen) != 1:
            return None
        case = chosen[0]
        cases = self._services.cases

        def close(reason, outcome, note, complete_tasks, destination, subsidy, other):
            return cases.close(
                self._actor,
                case.id,
                case.version,
                reason,
                outcome,
                note,
                complete_open_tasks=complete_tasks,
                destination=destination,
                destination_subsidy=subsidy,
                destination_other=other,
            )

        summary = self.tr("{0}, {1} ({2})").format(case.client_name, case.program_name, case.number)
        dialog = CloseCaseDialog(self._runner, summary, close, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def _ask(self, title: str, summary: str, holder: int | None, hand_over) -> AssignDialog:
        dialog = AssignDialog(
            self._runner, title, summary, self._caseworkers(except_id=holder), hand_over, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog
