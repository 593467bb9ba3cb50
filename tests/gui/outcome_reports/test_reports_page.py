"""The Reports page on the small office (tests/storage/outcome_reports/small_office.py):
the report shown as tables and charts, its inputs checked under their fields, the
caseworker's own caseload, and the copies saved and audited.

CASEDESK_SCREENSHOTS=shots keeps a picture of each section's tab."""

from __future__ import annotations

import csv
import io
import os
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from domain.audit.events import AuditFilter
from domain.printing.service import OutputKind
from gui.outcome_reports.chart_view import ChartView
from gui.outcome_reports.page import ReportsPage
from gui.outcome_reports.table_model import ReportTableModel
from tests.storage.outcome_reports.scene import embedded_scene

SHOTS = os.environ.get("CASEDESK_SCREENSHOTS")


@pytest.fixture
def scene(sqlite_engine, clock):
    return embedded_scene(sqlite_engine, clock)


def page_for(qtbot, runner, session) -> ReportsPage:
    page = ReportsPage(runner, session.services, session.actor)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    qtbot.waitUntil(lambda: page.program_combo.count() == 3)
    return page


def run(qtbot, page: ReportsPage, start="01/01/2026", end="06/30/2026") -> None:
    page.from_edit.setText(start)
    page.to_edit.setText(end)
    with qtbot.waitSignal(page.report_shown, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)


def table(page: ReportsPage, key: str) -> ReportTableModel:
    from PySide6.QtWidgets import QTableView

    view = page.tabs.findChild(QTableView, key)
    return view.model()


def shown(model: ReportTableModel) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_a_supervisor_sees_each_figure_as_a_table_and_a_chart(qtbot, runner, scene, qtmodeltester):
    page = page_for(qtbot, runner, scene.supervisor)
    assert page.scope_label.text() == "Whole office"
    assert page.from_edit.text() == "01/01/2026"  # this year, until today
    assert page.to_edit.text() == "11/23/2026"
    run(qtbot, page)
    assert page.tabs.count() == 8
    assert "Period: 01/01/2026 to 06/30/2026" in page.summary.text()
    lag = table(page, "documentation")
    qtmodeltester.check(lag)
    assert shown(lag)[0] == ["Ana Alvarez", "3", "2.0", "4.4", "1", "33.3%", "1"]
    assert lag.index(0, 2).data(Qt.ItemDataRole.UserRole) == 2.0
    assert shown(table(page, "clients"))[0] == ["Clients served", "5"]
    assert shown(table(page, "caseloads"))[0] == ["Ana Alvarez", "0", "1", "3", "2", "1", "1"]
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        tab = page.tabs.currentWidget()
        charts = tab.findChildren(ChartView)
        assert charts, page.tabs.tabText(index)
        qtbot.waitExposed(tab)
        for chart in charts:
            assert chart.renderer.isValid()
            assert chart.heightForWidth(500) > 30
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = page.tabs.tabText(index).lower().replace(" ", "-")
            page.grab().save(str(Path(SHOTS) / f"reports-{name}.png"))


def test_a_caseworker_sees_her_caseload_only(qtbot, runner, scene):
    page = page_for(qtbot, runner, scene.ana)
    assert page.scope_label.text() == "Caseload of Ana Alvarez"
    run(qtbot, page)
    assert [row[0] for row in shown(table(page, "documentation"))] == ["Ana Alvarez", "All notes"]
    assert [row[0] for row in shown(table(page, "consents"))] == ["Olivia One"]


def test_each_problem_shows_under_its_field(qtbot, runner, scene):
    page = page_for(qtbot, runner, scene.supervisor)
    page.from_edit.setText("02/30/2026")
    page.to_edit.setText("")
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    message = page.fields.messages
    qtbot.waitUntil(lambda: message["from_on"].isVisible() and message["to_on"].isVisible())
    assert "February" in message["from_on"].text()
    assert message["to_on"].text() == "Enter the last day of the period."
    assert page.preset_combo.currentData() != "This year" or page.report is None
    assert not page.pdf_button.isEnabled()


def test_the_copies_are_saved_and_audited(qtbot, runner, scene, tmp_path, monkeypatch):
    page = page_for(qtbot, runner, scene.supervisor)
    run(qtbot, page)
    asked = iter([tmp_path / "grant.xlsx", tmp_path / "grant"])
    monkeypatch.setattr(ReportsPage, "ask_path", staticmethod(lambda *_args: next(asked)))
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "grant.xlsx").exists() and "Saved" in page.status.text())
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "grant.csv").exists() and "Saved" in page.status.text())
    book = load_workbook(tmp_path / "grant.xlsx")
    assert "Documentation lag" in [sheet["A1"].value for sheet in book.worksheets]
    text = (tmp_path / "grant.csv").read_bytes().decode("utf-8-sig")
    assert ["Ana Alvarez", "3", "2.0", "4.4", "1", "33.3", "1"] in list(
        csv.reader(io.StringIO(text))
    )

    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None)
    assert page.preview.document.pageCount() >= 3
    page.preview.output_done.emit(OutputKind.PRINTED)

    def audited() -> list[str]:
        trail = scene.supervisor.services.audit.query(
            scene.supervisor.actor, AuditFilter(actor=scene.supervisor.actor.username)
        )
        return sorted(
            e.detail[e.detail.index("scope=") :] for e in trail if e.entity_type == "report"
        )

    qtbot.waitUntil(lambda: len(audited()) == 4)
    assert audited() == [
        "scope=office",
        "scope=office;format=csv;how=saved",
        "scope=office;format=pdf;how=printed",
        "scope=office;format=xlsx;how=saved",
    ]
    page.preview.close()


def test_a_report_can_be_cancelled(qtbot, runner, scene):
    page = page_for(qtbot, runner, scene.supervisor)
    gate = threading.Event()
    runner.submit(gate.wait)  # one worker: the report waits behind this
    page.from_edit.setText("01/01/2026")
    page.to_edit.setText("06/30/2026")
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.isVisible() and not page.show_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not page.busy)
    assert page.status.text() == "Cancelled: no report was made."
    assert page.report is None and page.tabs.isHidden()
    trail = scene.supervisor.services.audit.query(scene.supervisor.actor, AuditFilter())
    assert not [e for e in trail if e.entity_type == "report"]
