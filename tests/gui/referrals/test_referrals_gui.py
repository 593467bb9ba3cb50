"""The resource directory and referrals on screen: finding a resource from a
client's need, sending the referral through the consent gate, moving it on, the
overview, and a spreadsheet import that names its bad line."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.referrals.referral import ReferralStatus
from domain.referrals.resource_csv import COLUMNS
from domain.referrals.resources import ResourceForm
from domain.settings.office_settings import AgencyForm
from gui.clients.record_window import ClientWindow
from gui.referrals.overview_page import ReferralOverviewPage
from gui.referrals.resources_page import ResourcesPage
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import type_text
from tests.storage.referrals.test_referrals import release

DIRECTORY = [
    ResourceForm(
        organisation="St. Vincent Food Pantry",
        service="Emergency groceries",
        categories=("food",),
        phone="937 555 0100",
        hours="Mon–Fri 9–4",
        languages="English, Spanish",
        address="120 Main Street\nDayton, OH 45402",
        eligibility="Montgomery County residents",
    ),
    ResourceForm(
        organisation="Dayton Legal Aid",
        service="Eviction defence",
        categories=("legal", "housing"),
        phone="937 555 0101",
        hours="Mon–Thu 9–5",
        languages="English, Arabic",
    ),
    ResourceForm(
        organisation="Valley Benefits Office",
        service="SNAP applications",
        categories=("benefits",),
        phone="937 555 0102",
        hours="Tue and Thu 10–3",
        languages="English",
    ),
    ResourceForm(
        organisation="Metro Housing Authority",
        service="Rapid rehousing",
        categories=("housing",),
        phone="937 555 0103",
        hours="Mon–Fri 8–4",
        languages="English, Spanish, Somali",
    ),
]


@pytest.fixture
def office(gui_services, admin, make_staff):
    s = gui_services
    s.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    for form in DIRECTORY:
        s.resources.create(admin, form)
    supervisor = make_staff(Role.SUPERVISOR, "ssup", "Sam Supervisor")
    worker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    client = s.clients.register(supervisor, ClientForm(first_name="Amara", last_name="Okafor"))
    case_id = s.cases.open_case(supervisor, client.id, worker.staff_id)
    s.assessments.record(
        worker, case_id, AssessmentForm(scores={LifeDomain.FOOD: 1, LifeDomain.HOUSING: 3})
    )
    return s, supervisor, worker, client


def open_referrals(qtbot, runner, services, who, client) -> ClientWindow:
    window = ClientWindow(runner, services, who, services.clients.open(who, client.id))
    qtbot.addWidget(window)
    window.resize(1000, 640)
    window.show()
    window.tabs.setCurrentWidget(window.referrals)
    return window


def names(finder) -> list[str]:
    return [r.organisation for r in finder.model.rows()]


def test_a_referral_starts_from_the_need_and_passes_the_consent_gate(qtbot, office, runner):
    services, _supervisor, worker, client = office
    window = open_referrals(qtbot, runner, services, worker, client)
    tab = window.referrals
    qtbot.waitUntil(tab.new_button.isEnabled)
    dialog = tab.new_referral()
    # The latest assessment scored food 1 (in crisis): food first, then benefits.
    assert dialog.chosen_need() is LifeDomain.FOOD
    finder = dialog.finder
    qtbot.waitUntil(lambda: finder.model.rowCount() == 4)
    assert names(finder)[:2] == ["St. Vincent Food Pantry", "Valley Benefits Office"]
    assert finder.hint.text() == "For food: Food, Benefits first."
    # Typing filters as one types.
    type_text(finder.search, "pant")
    qtbot.waitUntil(lambda: names(finder) == ["St. Vincent Food Pantry"])
    qtbot.waitUntil(lambda: dialog.check is not None)
    assert not dialog.check.allowed
    assert "no release of information for St. Vincent Food Pantry" in dialog.verdict.text()
    assert dialog.record_consent_button.isVisible()
    assert not dialog.fields.inputs["override_reason"].isVisible()  # a caseworker
    assert not dialog.send_button.isEnabled()
    shot(dialog, "referral-dialog-no-release")

    # A self-referral shares nothing, so it may be recorded.
    dialog.self_referral.setChecked(True)
    assert dialog.send_button.isEnabled()
    dialog.send_button.click()  # no reason typed
    qtbot.waitUntil(lambda: dialog.fields.messages["reason"].isVisible())
    dialog.reason.setPlainText("Family of four without groceries this week")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    referral = tab.model.row_at(0)
    assert (referral.self_referral, referral.status, referral.need) == (
        True,
        ReferralStatus.SENT,
        LifeDomain.FOOD,
    )

    # With a release recorded, sharing is allowed and says until when.
    services.consents.record(worker, client.id, release())
    dialog = tab.new_referral()
    type_text(dialog.finder.search, "pantry")
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.allowed)
    assert "is in effect until 05/20/2027" in dialog.verdict.text()
    assert dialog.send_button.isEnabled() and not dialog.record_consent_button.isVisible()
    dialog.reason.setPlainText("Groceries and a SNAP appointment")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    shared = next(r for r in tab.model.rows() if not r.self_referral)
    assert shared.consent_id is not None

    # The loop moves on from the tab; only the next steps are offered.
    tab.table.selectRow(tab.model.row_of(shared.id))
    status = tab.update_status(ReferralStatus.DECLINED)
    offered = [status.status.itemData(i) for i in range(status.status.count())]
    assert offered == ["acknowledged", "accepted", "declined", "no_response"]
    status.buttons.accepted.emit()
    qtbot.waitUntil(lambda: status.fields.messages["note"].isVisible())
    type_text(status.fields.inputs["note"], "Outside their service area")
    status.buttons.accepted.emit()
    qtbot.waitUntil(lambda: any(r.status is ReferralStatus.DECLINED for r in tab.model.rows()))
    shot(window, "referrals-tab")


def test_record_consent_first_opens_the_consents_tab(qtbot, office, runner):
    services, _supervisor, worker, client = office
    window = open_referrals(qtbot, runner, services, worker, client)
    qtbot.waitUntil(window.referrals.new_button.isEnabled)
    dialog = window.referrals.new_referral()
    type_text(dialog.finder.search, "pantry")
    qtbot.waitUntil(lambda: dialog.record_consent_button.isVisible())
    dialog.record_consent_button.click()
    assert window.tabs.currentWidget() is window.consents
    assert not dialog.isVisible()
    # The release to record is already for the resource's organisation.
    from gui.consents.dialogs import RecordConsentDialog

    qtbot.waitUntil(lambda: window.consents.findChild(RecordConsentDialog) is not None)
    record = window.consents.findChild(RecordConsentDialog)
    assert record.kind.currentData() == "release"
    assert record.fields.inputs["recipient"].text() == "St. Vincent Food Pantry"


def test_a_supervisor_overrides_with_a_reason(qtbot, office, runner):
    services, supervisor, _worker, client = office
    window = open_referrals(qtbot, runner, services, supervisor, client)
    qtbot.waitUntil(window.referrals.new_button.isEnabled)
    dialog = window.referrals.new_referral()
    type_text(dialog.finder.search, "pantry")
    qtbot.waitUntil(lambda: dialog.fields.inputs["override_reason"].isVisible())
    dialog.reason.setPlainText("Groceries tonight")
    assert not dialog.send_button.isEnabled()
    type_text(dialog.fields.inputs["override_reason"], "Eviction tomorrow; release on Monday")
    assert dialog.send_button.isEnabled()
    dialog.send_button.click()
    qtbot.waitUntil(lambda: window.referrals.model.rowCount() == 1)
    assert window.referrals.model.row_at(0).overridden


def test_the_directory_filters_as_one_types_and_imports_a_spreadsheet(
    qtbot, office, runner, admin, tmp_path, monkeypatch
):
    services = office[0]
    page = ResourcesPage(runner, services, admin)
    qtbot.addWidget(page)
    page.resize(1100, 560)
    page.show()
    finder = page.finder
    qtbot.waitUntil(lambda: finder.model.rowCount() == 4)
    finder.language.setEditText("Spanish")
    qtbot.waitUntil(lambda: finder.model.rowCount() == 2)
    finder.category.setCurrentIndex(finder.category.findData("housing"))
    qtbot.waitUntil(lambda: names(finder) == ["Metro Housing Authority"])
    finder.language.setEditText("")
    finder.category.setCurrentIndex(0)
    qtbot.waitUntil(lambda: finder.model.rowCount() == 4)
    finder.table.selectRow(names(finder).index("St. Vincent Food Pantry"))
    assert "Eligibility: Montgomery County residents" in page.details.text()
    shot(page, "resource-directory")

    bad = tmp_path / "bad.csv"
    bad.write_text(
        ",".join(COLUMNS) + "\nFood Bank,,food,,,not-an-email,,,,,,yes\n", encoding="utf-8-sig"
    )
    monkeypatch.setattr(ResourcesPage, "ask_open_path", staticmethod(lambda parent: bad))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    page.import_csv()
    qtbot.waitUntil(lambda: "Line 2, email" in page.notice.text())
    assert len(services.resources.search(admin)) == 4

    good = tmp_path / "good.csv"
    good.write_text(
        ",".join(COLUMNS) + '\nFood Bank,"Pantry, weekly",food,,,,,,,,French,yes\n',
        encoding="utf-8-sig",
    )
    monkeypatch.setattr(ResourcesPage, "ask_open_path", staticmethod(lambda parent: good))
    page.import_csv()
    qtbot.waitUntil(lambda: finder.model.rowCount() == 5)
    assert "1 resource(s) added" in page.notice.text()

    exported = tmp_path / "out.csv"
    monkeypatch.setattr(ResourcesPage, "ask_save_path", staticmethod(lambda parent, name: exported))
    page.export_csv()
    qtbot.waitUntil(exported.exists)
    assert "Pantry, weekly" in exported.read_text(encoding="utf-8-sig")


def test_the_overview_shows_what_waits_and_for_how_long(qtbot, office, runner, clock):
    from datetime import timedelta

    from domain.referrals.referral import ReferralForm

    services, supervisor, worker, client = office
    pantry = services.resources.search(worker, "pantry")[0]
    case_id = services.records.cases(worker, client.id)[0].id
    for sent in ("10/30/2026", "11/16/2026", "11/23/2026"):
        services.referrals.create(
            worker,
            case_id,
            ReferralForm(resource_id=pantry.id, reason="Food", sent_on=sent, self_referral=True),
        )
    clock.now += timedelta(hours=1)
    page = ReferralOverviewPage(runner, services, supervisor)
    qtbot.addWidget(page)
    page.resize(1000, 360)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.summary.text() == ("Open referrals: 3 — Sent: 3 — 1 waiting 10+ days for an answer")
    assert page.model.index(0, page.model.COL_AGE).data() == "24 days"
    assert page.model.index(0, page.model.COL_CASEWORKER).data() == "Jamie Chen"
    shot(page, "referral-overview")
    mine = ReferralOverviewPage(runner, services, worker)
    qtbot.addWidget(mine)
    qtbot.waitUntil(lambda: mine.model.rowCount() == 3)
    assert mine.table.isColumnHidden(mine.model.COL_CASEWORKER)
