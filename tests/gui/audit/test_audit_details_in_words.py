"""The audit trail shows a refusal's reason in words; the stored code stays in the
tooltip and in the export's own column."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from gui.audit.page import AuditPage
from tests.gui.test_main_window import activate

REFUSED = AuditFilter(action=AuditAction.ACCESS_REFUSED)


@pytest.fixture
def refused(gui_services, make_staff):
    """A caseworker opens a client who is on nobody's caseload of theirs."""
    desk = make_staff(Role.FRONTDESK, "mrivera", "Maria Rivera", "FRONTDESK-01")
    worker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen", "CASE-03")
    ana = gui_services.clients.register(desk, ClientForm(first_name="Ana", last_name="Diaz"))
    with pytest.raises(PermissionDenied):
        gui_services.clients.open(worker, ana.id)


def test_the_list_says_why_in_words_and_keeps_the_code_at_hand(
    qtbot, gui_services, admin, runner, refused, tmp_path
):
    page = AuditPage(runner, gui_services, admin)
    qtbot.addWidget(page)
    page.resize(1100, 360)
    page.show()
    activate(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)

    model = page.model
    (row,) = [
        r for r in range(model.rowCount()) if model.entry_at(r).action == AuditAction.ACCESS_REFUSED
    ]
    detail = model.index(row, model.COL_DETAIL)
    assert model.data(detail) == "Not on their caseload"
    assert model.data(detail, Qt.ItemDataRole.ToolTipRole) == "client.any"
    assert model.entry_at(row).detail == "client.any"  # stored as it was
    page.grab().save(str(tmp_path / "audit-refusal.png"))


def test_the_export_has_the_stored_code_and_the_words(gui_services, admin, refused):
    text = gui_services.audit.export_csv(admin, REFUSED)
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["action"], row["detail"], row["detail_in_words"]) == (
        "access.refused",
        "client.any",
        "Not on their caseload",
    )
