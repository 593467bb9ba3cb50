"""The record's Attachments tab, driven as a person would: files added by the button,
by dropping them and by pasting; bad files refused with what is wrong; a PNG and a
PDF previewed; printing and the system's viewer audited, its copy removed with the
window; a supervisor's removal; thumbnails read only for the rows on screen.

CASEDESK_SCREENSHOTS=shots keeps pictures of the tab, the dialogs and the viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from domain.attachments.attachment import AttachmentForm, Upload
from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.live.changes import ChangeBatch
from gui.attachments import rendering
from gui.attachments.tab import AttachmentsTab
from gui.attachments.table_model import AttachmentTableModel
from gui.attachments.viewer import AttachmentViewer
from gui.clients.record_window import ClientWindow
from tests import attachment_files as files
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import type_text

M = AttachmentTableModel


@pytest.fixture
def client(gui_services, actor):
    return gui_services.clients.register(
        actor, ClientForm(first_name="Amara", last_name="Okafor", date_of_birth="04/12/1990")
    )


def open_tab(
    qtbot, runner, services, who, client, *, closes_itself: bool = False
) -> tuple[ClientWindow, AttachmentsTab]:
    window = ClientWindow(runner, services, who, services.clients.open(who, client.id))
    if closes_itself:  # as the main window opens records: deleted when closed
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    else:
        qtbot.addWidget(window)
    window.resize(1040, 660)
    window.show()
    window.tabs.setCurrentWidget(window.attachments)
    tab = window.attachments
    qtbot.waitUntil(lambda: not tab._stale and not runner.busy)
    return window, tab


def attach(services, who, client, content, title, kind="other", name="file.pdf", **upload):
    return services.attachments.add(
        who, client.id, AttachmentForm(title, kind), Upload(name, content, **upload)
    )


def prepared_upload(content: bytes, name: str) -> Upload:
    return rendering.prepare(content, name, 25 * 1024 * 1024).upload


def cell(tab, row: int, column: int) -> str:
    return tab.model.index(row, column).data()


def audited(services, admin, action) -> list[str]:
    return [e.detail for e in services.audit.query(admin, AuditFilter(action=str(action)))]


def save_dialog(qtbot, tab, *, kind_index: int = 2) -> None:
    dialog = tab.dialog
    dialog.kind.setCurrentIndex(kind_index)
    with qtbot.waitSignal(dialog.finished_file):
        dialog.save_button.click()


def drop(tab, mime: QMimeData) -> None:
    point = QPointF(tab.rect().center())
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        point,
        actions,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(tab, event)


def test_a_file_is_added_by_the_button(
    qtbot, qtmodeltester, gui_services, actor, runner, client, tmp_path, monkeypatch
):
    scan = tmp_path / "Pay stub March.pdf"
    scan.write_bytes(files.pdf(2, "Pay stub"))
    monkeypatch.setattr(AttachmentsTab, "ask_files", staticmethod(lambda parent: [scan]))
    window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    assert tab.model.rowCount() == 0
    assert "up to 25 MB each" in tab.hint.text()
    tab.add_button.click()
    qtbot.waitUntil(lambda: tab.dialog is not None)
    dialog = tab.dialog
    assert dialog.title_edit.text() == "Pay stub March"
    assert "PDF, 2 pages" in dialog.about.text()
    assert dialog.picture.pixmap() is not None and not dialog.picture.pixmap().isNull()
    assert not dialog.no_preview.isVisibleTo(dialog)
    dialog.save_button.click()  # no kind of document chosen yet
    qtbot.waitUntil(lambda: dialog.fields.messages["document_type"].isVisible())
    assert "what kind of document" in dialog.fields.messages["document_type"].text()
    dialog.title_edit.clear()
    type_text(dialog.title_edit, "Pay stub, March")
    shot(dialog, "attachment-add")
    save_dialog(qtbot, tab, kind_index=2)  # income proof
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert [cell(tab, 0, c) for c in (M.COL_TITLE, M.COL_TYPE, M.COL_LINK, M.COL_FILE)] == [
        "Pay stub, March",
        "Income proof",
        "The record",
        f"PDF, 2 pages, {scan.stat().st_size / 1024:.0f} KB",
    ]
    [stored] = gui_services.attachments.for_client(actor, client.id)
    qtbot.waitUntil(lambda: tab.model.thumbnail_of(stored.id) is not None)
    qtmodeltester.check(tab.model)
    tab.table.selectRow(0)
    assert "from “Pay stub March.pdf”" in tab.details.text()
    shot(window, "attachments-tab")


def test_files_are_added_by_dropping_them_on_the_tab(
    qtbot, gui_services, actor, admin, runner, client, tmp_path
):
    photo, letter = tmp_path / "ID front.jpg", tmp_path / "letter.png"
    photo.write_bytes(files.jpeg(400, 260))
    letter.write_bytes(files.png(300, 400))
    _window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(letter))])
    drop(tab, mime)
    qtbot.waitUntil(lambda: tab.dialog is not None)
    assert tab.dialog.windowTitle() == "Attach a file (1 of 2)"
    assert tab.dialog.skip_button is not None
    save_dialog(qtbot, tab, kind_index=1)  # ID
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.windowTitle().endswith("2 of 2)"))
    save_dialog(qtbot, tab, kind_index=4)  # letter
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    kinds = {cell(tab, row, M.COL_TITLE): cell(tab, row, M.COL_TYPE) for row in range(2)}
    assert kinds == {"ID front": "ID", "letter": "Letter"}
    added = audited(gui_services, admin, AuditAction.ATTACHMENT_ADDED)
    assert {d.split(";")[2] for d in added} == {"file=jpeg", "file=png"}


def test_a_picture_is_added_by_pasting_it(qtbot, gui_services, actor, runner, client):
    _window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    picture = QImage(320, 200, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(picture)
    tab.paste()
    qtbot.waitUntil(lambda: tab.dialog is not None)
    assert tab.dialog.title_edit.text() == "Pasted picture"
    assert "PNG picture" in tab.dialog.about.text()
    save_dialog(qtbot, tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)


def test_bad_files_are_refused_each_with_what_is_wrong(
    qtbot, gui_services, actor, admin, runner, client, tmp_path, monkeypatch
):
    gui_services.attachments.set_size_limit(admin, "1", 0)
    bad = {
        "passport.pdf": files.windows_program(),
        "empty.png": b"",
        "cut off.jpg": files.cut_off(files.jpeg(500, 400)),
        "huge scan.pdf": files.scanned_pdf(2 * 1024 * 1024),
    }
    paths = []
    for name, content in bad.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(content)
    read = []
    real_read = rendering.read_file

    def reading(path, largest):
        read.append(path.name)
        return real_read(path, largest)

    monkeypatch.setattr(rendering, "read_file", reading)
    monkeypatch.setattr(AttachmentsTab, "ask_files", staticmethod(lambda parent: paths))
    window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    assert "up to 1 MB each" in tab.hint.text()
    tab.add_button.click()
    qtbot.waitUntil(lambda: tab.problems.text().count("\n") == 3 and not runner.busy)
    text = tab.problems.text()
    assert "“passport.pdf” is not a PDF: it is a Windows program" in text
    assert "“empty.png” is empty (0 bytes)" in text
    assert "“cut off.jpg” is a damaged or incomplete picture" in text
    assert "“huge scan.pdf” is 2.0 MB; an attachment may be at most 1 MB" in text
    # Too large: refused by its size on disk, before a byte of it was read.
    assert "huge scan.pdf" not in read and len(read) == 3
    assert tab.dialog is None and tab.model.rowCount() == 0
    shot(window, "attachments-refused")


def test_a_file_that_cannot_be_previewed_is_kept_and_says_why(
    qtbot, gui_services, actor, runner, client, tmp_path, monkeypatch
):
    page = tmp_path / "old fax.tif"
    page.write_bytes(files.undrawable_tiff())
    monkeypatch.setattr(AttachmentsTab, "ask_files", staticmethod(lambda parent: [page]))
    _window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    tab.add_button.click()
    qtbot.waitUntil(lambda: tab.dialog is not None)
    reason = tab.dialog.no_preview.text()
    assert tab.dialog.no_preview.isVisibleTo(tab.dialog)
    assert "cannot draw this TIFF picture" in reason and "kept as it is" in reason
    assert tab.dialog.picture.text() == "No preview"
    shot(tab.dialog, "attachment-add-no-preview")
    save_dialog(qtbot, tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    assert f"No preview: {reason}" in tab.details.text()
    assert not tab.print_button.isEnabled() and tab.view_button.isEnabled()
    tab.view_selected()
    qtbot.waitUntil(lambda: bool(tab.viewers))
    viewer = tab.viewers[-1]
    assert viewer.view.objectName() == "no_preview" and reason in viewer.view.text()


def test_a_png_and_a_pdf_are_previewed_inside_casedesk(
    qtbot, gui_services, actor, admin, runner, client
):
    pdf = attach(gui_services, actor, client, files.pdf(3, "Lease"), "Lease", "letter")
    png = attach(gui_services, actor, client, files.png(640, 400), "ID card", "id_document")
    _window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    tab.table.selectRow(tab.model.row_of(pdf.id))
    tab.view_selected()
    qtbot.waitUntil(lambda: len(tab.viewers) == 1)
    viewer = tab.viewers[0]
    assert viewer.view.objectName() == "pdf_view"
    assert viewer.document.status() == QPdfDocument.Status.Ready
    assert viewer.document.pageCount() == 3
    assert viewer.about.text() == f"PDF, 3 pages, {pdf.size_text}"
    shot(viewer, "attachment-viewer-pdf")
    tab.table.selectRow(tab.model.row_of(png.id))
    tab.view_selected()
    qtbot.waitUntil(lambda: len(tab.viewers) == 2)
    picture = tab.viewers[1]
    assert picture.view.objectName() == "picture_view"
    assert [page.size().toTuple() for page in picture.pages] == [(640, 400)]
    picture.resize(700, 600)
    shot(picture, "attachment-viewer-png")
    assert audited(gui_services, admin, AuditAction.ATTACHMENT_VIEWED) == [
        f"attachment={png.id}",
        f"attachment={pdf.id}",
    ]


def test_print_and_the_systems_viewer_are_audited_and_its_copy_removed(
    qtbot, gui_services, actor, admin, runner, client, tmp_path, monkeypatch
):
    pdf = attach(gui_services, actor, client, files.pdf(2, "Award letter"), "Award letter")
    printed = tmp_path / "printed.pdf"

    def printer(_parent):
        chosen = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        chosen.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        chosen.setOutputFileName(str(printed))
        return chosen

    launched: list[QUrl] = []
    monkeypatch.setattr(AttachmentViewer, "ask_printer", staticmethod(printer))
    monkeypatch.setattr(AttachmentsTab, "launch", staticmethod(launched.append))
    window, tab = open_tab(qtbot, runner, gui_services, actor, client, closes_itself=True)
    tab.table.selectRow(0)
    tab.print_selected()
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 0)
    tab.open_selected_outside()
    qtbot.waitUntil(lambda: len(launched) == 1)
    copy = Path(launched[0].toLocalFile())
    assert copy.read_bytes() == gui_services.attachments.open(actor, pdf.id).content
    assert copy.name == "Award letter.pdf"
    detail = [f"attachment={pdf.id}"]
    assert audited(gui_services, admin, AuditAction.ATTACHMENT_PRINTED) == detail
    assert audited(gui_services, admin, AuditAction.ATTACHMENT_DOWNLOADED) == detail
    folder = copy.parent
    window.close()
    qtbot.waitUntil(lambda: not folder.exists())


def test_a_supervisor_removes_an_attachment_with_a_reason(
    qtbot, gui_services, actor, make_staff, runner, client
):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    wrong = attach(gui_services, actor, client, files.png(), "Someone else's ID", "id_document")
    _window, mine = open_tab(qtbot, runner, gui_services, actor, client)
    assert not mine.remove_button.isVisible()
    window, tab = open_tab(qtbot, runner, gui_services, supervisor, client)
    tab.table.selectRow(0)
    dialog = tab.remove_selected()
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.fields.messages["reason"].isVisible())
    assert "Say why" in dialog.fields.messages["reason"].text()
    type_text(dialog.reason, "Scanned on the wrong client")
    shot(dialog, "attachment-remove")
    with qtbot.waitSignal(dialog.removed):
        dialog.remove_button.click()
    qtbot.waitUntil(lambda: cell(tab, 0, M.COL_TITLE) == "Someone else's ID (removed)")
    assert cell(tab, 0, M.COL_FILE) == "content removed"
    tab.table.selectRow(0)
    assert "Removed" in tab.details.text() and "Scanned on the wrong client" in tab.details.text()
    assert not tab.view_button.isEnabled() and not tab.remove_button.isEnabled()
    assert gui_services.attachments.for_client(actor, client.id)[0].id == wrong.id
    shot(window, "attachments-tombstone")


def test_thumbnails_are_read_only_for_the_rows_on_screen(
    qtbot, gui_services, actor, runner, client
):
    for number in range(30):
        content = files.png(60 + number, 40)
        attach(
            gui_services,
            actor,
            client,
            content,
            f"Receipt {number + 1}",
            name="receipt.png",
            thumbnail=prepared_upload(content, "receipt.png").thumbnail,
        )
    window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 30)

    def asked_are_drawn():  # the asks are gathered on a timer: wait for their answers
        asked = tab.model.asked()
        return bool(asked) and all(tab.model.thumbnail_of(i) is not None for i in asked)

    qtbot.waitUntil(asked_are_drawn)
    visible = {
        tab.model.row_at(row).id
        for row in range(30)
        if tab.table.visualRect(tab.model.index(row, 0)).intersects(tab.table.viewport().rect())
    }
    assert tab.model.asked() == visible and 3 < len(visible) < 30
    tab.table.scrollToBottom()
    oldest = tab.model.row_at(29).id
    qtbot.waitUntil(lambda: tab.model.thumbnail_of(oldest) is not None)
    shot(window, "attachments-thumbnails")


def test_an_attachment_added_at_another_desk_appears(
    qtbot, gui_services, actor, make_staff, runner, client
):
    window, tab = open_tab(qtbot, runner, gui_services, actor, client)
    colleague = make_staff(Role.FRONTDESK, "tbrooks", "Toni Brooks")
    attach(gui_services, colleague, client, files.jpeg(), "Utility bill", "income_proof")
    window.changes_arrived(ChangeBatch(resync=True))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert cell(tab, 0, M.COL_BY) == "Toni Brooks"


def test_the_administrator_sets_the_limit_in_settings(qtbot, gui_services, admin, runner):
    from gui.settings.page import SettingsPage

    page = SettingsPage(runner, gui_services, admin)
    qtbot.addWidget(page)
    page.show()
    section = page.attachments
    qtbot.waitUntil(lambda: section.megabytes.text() == "25")
    section.megabytes.setText("300")
    section.save_button.click()
    qtbot.waitUntil(lambda: section.fields.messages["attachment_max_mb"].isVisible())
    section.megabytes.setText("10")
    section.save_button.click()
    qtbot.waitUntil(lambda: "up to 10 MB" in section.confirmation.text())
    assert gui_services.attachments.size_limit(admin).megabytes == 10
