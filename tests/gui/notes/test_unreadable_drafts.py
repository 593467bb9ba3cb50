"""After signing in, local drafts that can no longer be read (their key gone with an
old Windows profile, or the file damaged) are named plainly and removed only when
the person says so; drafts that can be read are still offered back."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from domain.notes.local_drafts import LocalDraft
from domain.notes.note import NoteForm
from gui.notes.draft_offer import DraftReturner, UnreadableDraftsNotice
from storage.notes.draft_files import DraftFiles
from storage.notes.draft_keys import SERVICE
from tests.file_keyring import FileKeyring
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case, office.maria)
    return office


@pytest.fixture
def drafts(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


def keep(drafts, office, services, key: str, words: str) -> None:
    form = NoteForm(contact_date="11/23/2026", contact_type="phone", narrative=words)
    drafts.save(
        LocalDraft(
            office.maria.username, key, office.case, None, "Amara Okafor", form, services.clock()
        )
    )


def returned(qtbot, runner, services, office, drafts) -> DraftReturner:
    home = QWidget()
    qtbot.addWidget(home)
    home.show()
    returner = DraftReturner(runner, services, office.maria, drafts, home)
    returner.check()
    qtbot.waitUntil(lambda: returner.notice is not None and returner.notice.isVisible())
    return returner


def test_drafts_whose_key_is_gone_are_named_and_removed_only_when_asked(
    qtbot, gui_services, office, runner, drafts
):
    keep(drafts, office, gui_services, "case1-newaaaa", "Words of the first")
    keep(drafts, office, gui_services, "case1-newbbbb", "Words of the second")
    keyring.delete_password(SERVICE, drafts.keys.account(office.maria.username))
    keep(drafts, office, gui_services, "case1-newcccc", "Written under the new key")

    returner = returned(qtbot, runner, gui_services, office, drafts)
    notice = returner.notice
    assert isinstance(notice, UnreadableDraftsNotice)
    assert notice.text().startswith(
        "2 unsigned drafts on this computer can no longer be read: the key that "
        "protected them is gone (a new Windows profile?)."
    )
    assert "Whatever was saved to the database is not affected." in notice.text()
    shot(notice, "drafts-unreadable")
    # The draft that reads is offered back as ever.
    qtbot.waitUntil(lambda: returner.dialog is not None and returner.dialog.isVisible())
    assert [o.form.narrative for o in returner.dialog.offers] == ["Written under the new key"]

    notice.escapeButton().click()  # Keep them
    assert len(drafts.unreadable_of(office.maria.username)) == 2

    again = returned(qtbot, runner, gui_services, office, drafts).notice
    again.remove_button.click()
    assert drafts.unreadable_of(office.maria.username) == []
    assert sorted(p.name for p in drafts.path("mgarcia", "x").parent.iterdir()) == [
        "case1-newcccc.draft"
    ]


def test_a_damaged_draft_is_named_and_one_whose_key_would_not_come_is_only_kept(
    qtbot, gui_services, office, runner, drafts, keyring_in_a_file
):
    keep(drafts, office, gui_services, "case1-newaaaa", "Words")
    path = drafts.path(office.maria.username, "case1-newaaaa")
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 0xFF
    path.write_bytes(bytes(damaged))
    notice = returned(qtbot, runner, gui_services, office, drafts).notice
    assert notice.text().startswith(
        "1 unsigned draft on this computer is damaged or was altered, and cannot be read."
    )
    notice.escapeButton().click()

    class Locked(FileKeyring):
        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("locked")

    keyring.set_keyring(Locked(keyring_in_a_file))
    notice = returned(qtbot, runner, gui_services, office, drafts).notice
    assert notice.text().startswith(
        "1 unsigned draft on this computer cannot be read just now: the system keyring "
        "did not hand over its key. It is kept; sign in again later."
    )
    assert notice.remove_button is None
    assert notice.standardButtons() == QMessageBox.StandardButton.Ok
    shot(notice, "drafts-key-unreachable")
    notice.button(QMessageBox.StandardButton.Ok).click()
    assert path.read_bytes() == bytes(damaged)
