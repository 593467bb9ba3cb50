"""The HMIS export page, the program editor's HMIS tab and the close-case dialog's
destination, driven as a person would. CASEDESK_SCREENSHOTS=shots keeps pictures."""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from domain.clients.record import ClientForm
from domain.hmis_export import service as export_service
from domain.hmis_export.fy2026_columns import FILES
from gui.hmis_export.page import ElementModel, HmisExportPage
from tests.storage.hmis_export.conftest import EmbeddedOffice
from tests.storage.hmis_export.hmis_office import register, set_up

SHOTS = os.environ.get("CASEDESK_SCREENSHOTS")


def shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def scene(sqlite_engine, clock):
    scene = set_up(EmbeddedOffice(sqlite_engine, clock))
    register(
        scene,
        ClientForm(first_name="Ana", last_name="Diaz", ssn="123-45-6789", sex=0, veteran_status=0),
    )
    register(scene, ClientForm(first_name="Rue", name_quality=2, race_ethnicity=frozenset({8})))
    register(scene, ClientForm(name_quality=9))
    return scene


def open_page(qtbot, runner, person) -> HmisExportPage:
    page = HmisExportPage(runner, person.services, person.actor)
    qtbot.addWidget(page)
    page.resize(1150, 760)
    page.show()
    qtbot.waitUntil(lambda: page.program_model.rowCount() == 3)
    qtbot.waitUntil(lambda: page.victim.currentData() == "0")
    return page


def checked(qtbot, page: HmisExportPage) -> None:
    page.check_button.click()
    form = page.form()
    qtbot.waitUntil(
        lambda: page.bar is None and page._checked is not None and page._checked[0] == form,
        timeout=10_000,
    )
    assert page.elements.rowCount() == 12


def test_a_supervisor_checks_sees_the_clients_to_fix_and_exports(
    qtbot, runner, scene, tmp_path, monkeypatch
):
    page = open_page(qtbot, runner, scene.supervisor)
    assert set(page.chosen_programs()) == {scene.rapid_rehousing, scene.family_support}
    assert not page.export_button.isEnabled()  # a check comes first
    checked(qtbot, page)
    assert "3 clients, 3 enrollments" in page.summary.text()
    assert "Ready to export" in page.summary.text()
    assert page.export_button.isEnabled()
    name = page.elements.index(0, ElementModel.COL_ISSUES).data()
    assert name == "1 (33.3%)"  # Rue's partial name
    page.element_view.selectRow(0)
    qtbot.waitUntil(lambda: page.problems.rowCount() == 2)
    nameless = next(client for name, client in scene.clients.items() if name.isdigit())
    assert {page.problems.row_at(r).client_id for r in range(2)} == {scene.clients["Rue"], nameless}
    shot(page, "hmis-export-check")
    with qtbot.waitSignal(page.client_opened) as opened:
        page.problem_view.activated.emit(page.problems.index(0, 0))
    assert opened.args[0] == page.problems.row_at(0).client_id

    page.start.setText("02/01/2026")
    page.start.textEdited.emit("02/01/2026")
    assert not page.export_button.isEnabled()  # other options need their own check
    checked(qtbot, page)
    out = tmp_path / "hmis.zip"
    monkeypatch.setattr(HmisExportPage, "ask_path", classmethod(lambda c, p, s: str(out)))
    page.export_button.click()
    qtbot.waitUntil(lambda: page.summary.text().startswith("Wrote"), timeout=10_000)
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == set(FILES)
    assert "Client 3" in page.summary.text()


def test_an_administrator_sees_counts_and_says_whether_the_agency_is_a_victim_service_provider(
    qtbot, runner, scene
):
    page = open_page(qtbot, runner, scene.admin)
    checked(qtbot, page)
    assert page.problem_view.isHidden()
    assert "counts only" in page.problem_caption.text()
    assert page.elements.row_at(0).problems == ()
    shot(page, "hmis-export-administrator")
    page.victim.setCurrentIndex(page.victim.findData("1"))
    page.victim_save.click()
    qtbot.waitUntil(
        lambda: (
            scene.admin.services.hmis_export.organization(scene.admin.actor).victim_service_provider
            == 1
        )
    )
    supervisor = open_page_after(qtbot, runner, scene.supervisor, "1")
    assert not supervisor.victim.isEnabled() and supervisor.victim_save.isHidden()


def open_page_after(qtbot, runner, person, answer: str) -> HmisExportPage:
    page = HmisExportPage(runner, person.services, person.actor)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.victim.currentData() == answer)
    return page


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, runner, scene, tmp_path, monkeypatch):
    monkeypatch.setattr(export_service, "CHECK_EVERY", 1)
    page = open_page(qtbot, runner, scene.supervisor)
    checked(qtbot, page)
    out = tmp_path / "hmis.zip"
    monkeypatch.setattr(HmisExportPage, "ask_path", classmethod(lambda c, p, s: str(out)))
    hold = threading.Event()
    runner.submit(hold.wait)  # the export waits behind this, so Cancel comes first
    try:
        page.export_button.click()
        assert page.bar is not None and page.bar.isVisible()
        shot(page.bar, "hmis-export-progress")
        page.bar.findChild(QPushButton).click()  # Cancel, as a person presses it
    finally:
        hold.set()
    qtbot.waitUntil(lambda: page.summary.text().startswith("Cancelled"), timeout=10_000)
    assert not out.exists() and not (tmp_path / "hmis.zip.partial").exists()
    assert page.check_button.isEnabled()


def test_the_program_editor_keeps_the_hmis_project_elements(qtbot, runner, scene):
    from gui.cases.programs_page import ProgramDialog

    service, admin = scene.admin.services.programs, scene.admin.actor
    program = service.get(admin, scene.not_set_up)
    dialog = ProgramDialog(runner, service, admin, program)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    tab = dialog.hmis
    combo = tab.fields.inputs["hmis_project_type"]
    combo.setCurrentIndex(combo.findData("13"))
    assert tab.fields.layout.isRowVisible(tab.fields._rows["hmis_rrh_subtype"])
    assert not tab.fields.layout.isRowVisible(tab.fields._rows["hmis_housing_type"])
    subtype = tab.fields.inputs["hmis_rrh_subtype"]
    subtype.setCurrentIndex(subtype.findData("2"))
    assert tab.fields.layout.isRowVisible(tab.fields._rows["hmis_housing_type"])
    tab.fields.inputs["hmis_coc_code"].setCurrentIndex(
        tab.fields.inputs["hmis_coc_code"].findData("OH-505")
    )
    tab.fields.inputs["hmis_grant_start"].setText("31/12/2025")
    qtbot.wait(20)  # the rows just shown, laid out
    shot(dialog, "program-hmis-tab")
    dialog.tabs.setCurrentIndex(0)
    dialog.save()
    qtbot.waitUntil(lambda: tab.fields.messages["hmis_grant_start"].isVisible())
    assert dialog.tabs.currentIndex() == 1  # the problem is on the HMIS tab
    tab.fields.inputs["hmis_grant_start"].setText("12/31/2025")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_program is not None)
    saved = service.get(admin, scene.not_set_up).hmis
    assert (saved.project_type, saved.rrh_subtype, saved.coc_code) == (13, 2, "OH-505")
    assert str(saved.grant_start) == "2025-12-31"


def test_the_close_case_dialog_asks_the_destination_and_its_subsidy(qtbot, runner, scene):
    from gui.cases.close_case_dialog import CloseCaseDialog

    s, me = scene.supervisor.services, scene.supervisor.actor
    case = s.cases.get(me, scene.cases["Ana"])

    def close(reason, outcome, note, complete, destination, subsidy, other):
        return s.cases.close(
            me,
            case.id,
            case.version,
            reason,
            outcome,
            note,
            complete_open_tasks=complete,
            destination=destination,
            destination_subsidy=subsidy,
            destination_other=other,
        )

    dialog = CloseCaseDialog(runner, "Ana Diaz, Rapid rehousing", close)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = dialog.fields.layout
    assert not rows.isRowVisible(dialog.fields._rows["destination_subsidy"])
    dialog.reason.setCurrentIndex(dialog.reason.findData("goals_met"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("achieved"))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.fields.messages["destination"].isVisible())
    assert "Choose where the client went" in dialog.fields.messages["destination"].text()
    dialog.destination.choose(435)
    assert rows.isRowVisible(dialog.fields._rows["destination_subsidy"])
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.fields.messages["destination_subsidy"].isVisible())
    subsidy = dialog.destination.subsidy
    subsidy.setCurrentIndex(subsidy.findData("419"))
    qtbot.wait(20)
    shot(dialog, "close-case-destination")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    closed = s.cases.get(me, case.id)
    assert (closed.exit_destination, closed.exit_destination_subsidy) == (435, 419)
    headings = [
        dialog.destination.combo.itemText(i)
        for i in range(dialog.destination.combo.count())
        if dialog.destination.combo.itemData(i) is None
    ]
    assert headings == [
        "Homeless situations",
        "Institutional situations",
        "Temporary housing situations",
        "Permanent housing situations",
        "Other",
    ]
