"""Writing notes as a caseworker does: a phone note from My day with the keyboard
alone, in one screen (key presses and screens counted); drafts that save
themselves; the Notes tab of the client's record with addenda and co-signing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from domain.cases.programs import ProgramForm
from domain.notes.note import NoteForm
from gui.clients.record_window import ClientWindow
from gui.notes.editor import NoteEditor
from gui.notes.tab import NotesTab
from storage.notes.draft_files import DraftFiles
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.cases.test_my_day import open_my_day
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import activate, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# A phone note from My day: the shortcut, the minutes, Tab to the narrative, then
# Ctrl+Enter and Ctrl+Enter again to confirm; everything else typed is the note itself.
KEY_BUDGET = 6
SCREEN_BUDGET = 1  # the editor: "signing is final" is said inside it


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case, office.maria)
    return office


@pytest.fixture
def drafts(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


class Keyboard:
    """Presses keys as a person would, counting each press (a chord is one)."""

    def __init__(self, qtbot):
        self.qtbot, self.presses = qtbot, 0

    def press(self, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(QApplication.focusWidget(), key, modifiers)
        self.presses += 1

    def type(self, text: str) -> None:
        type_text(QApplication.focusWidget(), text)
        self.presses += len(text)


def visible_windows() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if w.isVisible()}


def test_a_phone_note_is_written_and_signed_in_one_screen_with_the_keyboard_alone(
    qtbot, gui_services, office, runner, drafts
):
    page = open_my_day(qtbot, gui_services, office.maria, runner)
    page._drafts = drafts
    activate(qtbot, page)
    page.cases_view.setFocus()
    before = visible_windows()
    screens: set[QWidget] = set()
    keyboard = Keyboard(qtbot)
    words = "Rent arrears: landlord agreed to wait until Friday."

    keyboard.press(Qt.Key.Key_N, CTRL | SHIFT)
    qtbot.waitUntil(lambda: page.findChild(NoteEditor) is not None)
    editor = page.findChild(NoteEditor)
    qtbot.waitExposed(editor)
    activate(qtbot, editor)
    screens |= visible_windows() - before
    assert QApplication.focusWidget() is editor.duration  # date, time and type are filled in
    keyboard.type("15")
    keyboard.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.narrative
    keyboard.type(words)
    shot(editor, "note-editor")
    signed = []
    editor.signed.connect(signed.append)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    assert editor.confirm_bar.isVisible() and "Signing is final" in editor.confirm_bar.text()
    assert not signed  # asked, not yet signed
    shot(editor, "note-editor-confirm")
    screens |= visible_windows() - before
    keyboard.press(Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: bool(signed))
    (note,) = gui_services.notes.for_case(office.maria, office.case)
    assert note.values.narrative.startswith("Purpose of call: " + words)
    assert note.values.duration_minutes == 15 and note.values.contact_type.value == "phone"
    assert note.values.contact_on == gui_services.today()
    assert keyboard.presses - len(words) - len("15") <= KEY_BUDGET - 2
    assert keyboard.presses <= len(words) + KEY_BUDGET
    assert len(screens) <= SCREEN_BUDGET
    assert drafts.drafts_of(office.maria.username) == []  # signed: no local copy left


def test_a_draft_saves_itself_locally_and_to_the_database_as_one_types(
    qtbot, gui_services, office, runner, drafts
):
    editor = NoteEditor(
        runner, gui_services, office.maria, drafts, office.case, "Amara Okafor", autosave_ms=200
    )
    qtbot.addWidget(editor)
    editor.show()
    activate(qtbot, editor)
    saved = []  # listened to before typing: on a slow desk the save may come first
    editor.saved.connect(lambda note: saved.append(note.values.narrative))
    editor.narrative.setFocus()
    type_text(editor.narrative, "Home visit went well")
    # The copy's name changes once the database gives the note an id, so look
    # for whichever copy is there rather than under the name it had first.
    user = office.maria.username
    qtbot.waitUntil(lambda: len(drafts.drafts_of(user)) == 1)
    (kept,) = drafts.drafts_of(user)
    assert "Home visit went well" in kept.form.narrative
    written = [f.read_bytes() for f in drafts.path(user, kept.key).parent.iterdir()]
    assert written and not any(b"Home visit" in data for data in written)  # sealed

    def in_database():
        return saved

    qtbot.waitUntil(lambda: any("went well" in text for text in in_database()))
    # The local copy now carries the note's id, under its stable name.
    qtbot.waitUntil(lambda: drafts.drafts_of(office.maria.username)[0].note_id is not None)
    assert len(drafts.drafts_of(office.maria.username)) == 1
    # Leaving the window saves at once, without waiting for the timer.
    editor._autosave.setInterval(60_000)
    type_text(editor.narrative, ", rent paid")
    elsewhere = QLineEdit()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    activate(qtbot, elsewhere)
    elsewhere.setFocus()
    qtbot.waitUntil(lambda: any("rent paid" in text for text in in_database()), timeout=3000)


def test_the_notes_tab_lists_notes_with_addenda_in_order_and_supervisors_cosign(
    qtbot, gui_services, office, runner, drafts, admin, monkeypatch
):
    program = office.program
    gui_services.programs.change(
        admin, program.id, program.version, ProgramForm(program.name, "", "30", True, "90")
    )
    notes, maria = gui_services.notes, office.maria
    form = NoteForm(
        contact_date=gui_services.today().strftime("%m/%d/%Y"),
        contact_time="10:30",
        contact_type="home_visit",
        duration_minutes="45",
        location="Client's home",
        narrative="Who was present: Amara and her son.\nNext steps: apply for rental help.",
    )
    draft = notes.start_draft(maria, office.case, form)
    signed = notes.sign(maria, draft.id, draft.version, form)
    notes.add_addendum(maria, signed.id, "Correction: her daughter was present too.")
    notes.start_draft(maria, office.case, NoteForm(narrative="Unfinished thoughts"))

    client = gui_services.clients.open(office.supervisor, signed.client_id)
    window = ClientWindow(runner, gui_services, office.supervisor, client, drafts=drafts)
    qtbot.addWidget(window)
    window.resize(900, 640)
    window.show()
    window.tabs.setCurrentWidget(window.notes)
    tab = window.notes
    qtbot.waitUntil(lambda: tab.notes is not None and bool(tab.cases))
    assert [n.id for n in tab.notes] == [signed.id]  # Maria's draft is hers alone
    assert tab.model.item(0, 3).text() == "Signed, awaiting co-signature"
    assert tab.model.item(0).child(0, 1).text() == "Addendum 1"
    assert tab.cosign_button.isEnabled()

    monkeypatch.setattr(NotesTab, "ask_addendum", classmethod(lambda cls, parent: "Reviewed."))
    qtbot.mouseClick(tab.addendum_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(tab.notes[0].addenda) == 2)
    qtbot.mouseClick(tab.cosign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.notes[0].cosigned_at is not None)
    assert [a.text for a in tab.notes[0].addenda] == [
        "Correction: her daughter was present too.",
        "Reviewed.",
    ]
    assert tab.model.item(0).child(1, 1).text() == "Addendum 2"
    # People by the names they go by, not their sign-in names.
    assert "co-signed by Dana Lee" in tab.model.item(0, 3).text()
    assert "Addendum 2 — Dana Lee" in tab.detail.toPlainText()
    assert tab.model.item(0, 2).text() == "Maria Garcia"
    assert tab.model.item(0).child(0, 2).text() == "Maria Garcia"
    assert "By Maria Garcia" in tab.detail.toPlainText()
    shot(window, "notes-tab")


def test_a_draft_only_this_computer_kept_is_offered_back_and_reaches_the_database(
    qtbot, gui_services, office, runner, drafts
):
    from domain.notes.local_drafts import LocalDraft
    from gui.notes.draft_offer import DraftReturner, DraftsOfferDialog

    words = "Purpose of call: rent.\nWhat was discussed: written while the network was down."
    form = NoteForm(contact_date="11/23/2026", contact_type="phone", narrative=words)
    drafts.save(
        LocalDraft(
            "mgarcia",
            "case1-newabcd",
            office.case,
            None,
            "Amara Okafor",
            form,
            gui_services.clock(),
        )
    )
    home = QWidget()
    qtbot.addWidget(home)
    home.show()
    returner = DraftReturner(runner, gui_services, office.maria, drafts, home)
    returner.check()
    qtbot.waitUntil(lambda: returner.dialog is not None and returner.dialog.isVisible())
    dialog = returner.dialog
    assert isinstance(dialog, DraftsOfferDialog)
    assert dialog.message.text().startswith("You have an unsigned note for Amara Okafor.")
    assert "only on this computer" in dialog.list.item(0).text()
    shot(dialog, "drafts-offered")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    editor = home.findChild(NoteEditor)
    assert editor.narrative.toPlainText() == words
    saved = []
    editor.saved.connect(saved.append)
    editor.save_now()
    qtbot.waitUntil(lambda: bool(saved))
    assert saved[0].values.narrative == words
    (copy,) = drafts.drafts_of("mgarcia")  # renamed after the note it now is
    assert copy.note_id == saved[0].id and copy.key == f"case{office.case}-note{saved[0].id}"


def test_a_note_links_to_the_plan_goals_and_typing_on_cancels_signing(
    qtbot, gui_services, office, runner, drafts
):
    from domain.plans.plan import AgreementForm, GoalForm

    worker = office.maria
    plan = gui_services.plans.save_draft(
        worker,
        office.case,
        0,
        (
            GoalForm("Keep the flat past the first year", "housing", "06/30/2027"),
            GoalForm("Steady income from work", "employment", "06/30/2027"),
        ),
    )
    gui_services.plans.record_agreement(worker, plan.id, plan.version, AgreementForm("11/23/2026"))
    editor = NoteEditor(runner, gui_services, worker, drafts, office.case, "Amara Okafor")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.goals.isEnabled() and editor.goals.count() == 2)
    editor.goals.item(1).setCheckState(Qt.CheckState.Checked)
    editor.duration.setText("20")
    editor.narrative.setFocus()
    type_text(editor.narrative, "Talked through the job offer.")

    editor.ask_to_sign()
    assert editor.confirm_bar.isVisible()
    type_text(editor.narrative, " Start date Monday.")  # thought of one more thing
    assert not editor.confirm_bar.isVisible()  # so signing waits for a fresh request

    signed = []
    editor.signed.connect(signed.append)
    editor.ask_to_sign()
    editor.ask_to_sign()
    qtbot.waitUntil(lambda: bool(signed))
    (note,) = gui_services.notes.for_case(worker, office.case)
    goals = dict(gui_services.plans.goals_for_case(worker, office.case))
    assert [goals[g] for g in note.values.goal_ids] == ["Steady income from work"]
    assert "the job offer. Start date Monday." in note.values.narrative


def test_the_notes_tab_prints_a_range_of_notes(qtbot, gui_services, office, runner, drafts):
    from io import BytesIO

    from pypdf import PdfReader

    from gui.common.pdf_preview import PdfPreview
    from gui.notes.print_dialog import NotesPrintDialog

    worker = office.maria
    for day, words in (("11/02/2026", "First call about rent."), ("11/20/2026", "Visit booked.")):
        draft = gui_services.notes.start_draft(worker, office.case, NoteForm(narrative=words))
        form = NoteForm(contact_date=day, duration_minutes="10", narrative=words)
        gui_services.notes.sign(worker, draft.id, draft.version, form)
    client_id = gui_services.cases.get(worker, office.case).client_id
    window = ClientWindow(
        runner, gui_services, worker, gui_services.clients.open(worker, client_id), drafts=drafts
    )
    qtbot.addWidget(window)
    window.show()
    tab = window.notes
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: bool(tab.cases))
    dialog = tab.ask_to_print()
    assert isinstance(dialog, NotesPrintDialog)
    dialog.fields.inputs["from_on"].setText("11/30/2026")
    dialog.fields.inputs["to_on"].setText("11/01/2026")
    dialog.check_and_accept()
    assert "ends before it starts" in dialog.fields.messages["to_on"].text()
    dialog.fields.inputs["from_on"].setText("11/10/2026")
    dialog.fields.inputs["to_on"].clear()
    dialog.check_and_accept()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreview))
    preview = QApplication.activeModalWidget()
    text = " ".join(PdfReader(BytesIO(preview._pdf)).pages[0].extract_text().split())
    assert "Visit booked." in text and "First call about rent." not in text
    shot(preview, "case-notes-preview")
    preview.reject()
