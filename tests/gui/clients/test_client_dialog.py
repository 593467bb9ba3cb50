"""The full client form, driven as a person would, on a real (SQLite) database:
likely duplicates while typing, every message beside its field, the SSN."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.hmis import DobQuality, RaceEthnicity, Sex, SsnQuality, YesNo
from domain.clients.record import ClientForm
from domain.common.policy import Role
from gui.clients.client_dialog import ClientDialog
from tests.gui.test_main_window import (
    activate,
    click_save,
    fill,
    make_window,
    open_new_client_dialog,
    type_text,
)

R = RaceEthnicity


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee", "SUPER-01")


@pytest.fixture
def ana(gui_services, actor):
    """Someone already registered."""
    return gui_services.clients.register(
        actor,
        ClientForm(
            first_name="Ana", last_name="Diaz", date_of_birth="03/04/1980", ssn="123-45-6789"
        ),
    )


def shown(qtbot, runner, service, actor, client=None) -> ClientDialog:
    dialog = ClientDialog(runner, service, actor, client)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    return dialog


def choose(dialog: ClientDialog, name: str, code: int) -> None:
    combo = dialog.inputs[name]
    combo.setCurrentIndex(combo.findData(int(code)))


class Recording:
    """The client service, with the duplicate checks it was asked counted
    (and, when told to, the first one held until the test lets it go)."""

    def __init__(self, real, hold_first: bool = False):
        self._real = real
        self.asked: list[ClientForm] = []
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()

    def __getattr__(self, name):
        return getattr(self._real, name)

    def possible_duplicates(self, actor, form):
        self.asked.append(form)
        self.started.set()
        self.release.wait(timeout=10)
        return self._real.possible_duplicates(actor, form)


# --- duplicates while typing ------------------------------------------------------


def test_a_near_duplicate_appears_as_likely_while_the_person_types(
    qtbot, gui_services, actor, runner, ana
):
    gui_services.clients.register(actor, ClientForm(first_name="Bo", last_name="Chen"))
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    assert dialog.panel.cards == []
    assert "as you type" in dialog.panel.status.text()

    fill(qtbot, dialog, first_name="Anna", last_name="Díaz", date_of_birth="04/03/1980")

    qtbot.waitUntil(lambda: len(dialog.panel.cards) == 1)
    card = dialog.panel.cards[0]
    assert card.candidate.client.id == ana.id
    assert card.likely_label.objectName() == "likely"
    assert card.likely_label.text() == "Likely the same person"
    qtbot.waitUntil(card.isVisible)
    assert card.open_button.isVisible()
    texts = " ".join(label.text() for label in card.findChildren(type(card.likely_label)))
    assert ana.number in texts and "Ana Diaz" in texts
    assert card.born_label.text() == "Born 03/04/1980"
    assert "day and month swapped" in card.reasons_label.text()
    assert "name" in card.reasons_label.text()


def test_typing_asks_once_after_a_pause_not_at_every_key(qtbot, gui_services, actor, runner, ana):
    service = Recording(gui_services.clients)
    dialog = shown(qtbot, runner, service, actor)
    dialog.inputs["last_name"].setFocus()
    type_text(dialog.inputs["last_name"], "Diaz")  # four keys without a pause

    qtbot.waitUntil(lambda: len(dialog.panel.cards) == 1)
    assert [form.last_name for form in service.asked] == ["Diaz"]
    assert dialog.panel.cards[0].likely_label.objectName() == "possible"  # a last name only


def test_a_slow_older_answer_never_replaces_a_newer_one(qtbot, gui_services, actor, runner, ana):
    chen = gui_services.clients.register(actor, ClientForm(first_name="Bo", last_name="Chen"))
    service = Recording(gui_services.clients, hold_first=True)
    dialog = shown(qtbot, runner, service, actor)
    displayed = []
    real_show = dialog.panel.show_candidates
    dialog.panel.show_candidates = lambda found, **kw: (displayed.append(found), real_show(found))
    try:
        fill(qtbot, dialog, last_name="Diaz")
        dialog.check_duplicates()
        qtbot.waitUntil(service.started.is_set)  # the worker is busy with "Diaz"
        fill(qtbot, dialog, last_name="Chen")
        dialog.check_duplicates()  # typing goes on: the "Diaz" answer is no longer wanted
        assert dialog.inputs["last_name"].text() == "Chen"
    finally:
        service.release.set()

    qtbot.waitUntil(lambda: len(dialog.panel.cards) == 1)
    assert dialog.panel.cards[0].candidate.client.id == chen.id
    assert [[c.client.id for c in found] for found in displayed] == [[chen.id]]


def test_a_likely_duplicate_is_saved_only_with_a_reason(
    qtbot, gui_services, actor, runner, ana, supervisor
):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    assert not dialog.panel.reason_input.isVisible()  # asked only when needed
    fill(qtbot, dialog, first_name="Ana", last_name="Diaz", date_of_birth="03/04/1980")
    click_save(qtbot, dialog)

    message = dialog.messages["duplicate_reason"]
    qtbot.waitUntil(message.isVisible)
    assert ana.number in message.text()
    assert dialog.panel.reason_input.isVisible()
    assert dialog.panel.reason_input.hasFocus()
    assert dialog.isVisible()
    assert gui_services.clients.list_page(actor).total == 1  # nothing saved
    qtbot.waitUntil(lambda: [c.likely for c in dialog.panel.candidates] == [True])

    type_text(dialog.panel.reason_input, "Her twin sister, confirmed by ID")
    assert not message.isVisible()  # typing answers the question
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.panel.reason_input, Qt.Key.Key_Return)  # Enter saves

    assert saved.args[0].id != ana.id
    assert gui_services.clients.list_page(actor).total == 2
    [event] = gui_services.audit.query(
        supervisor, AuditFilter(action=AuditAction.DUPLICATE_OVERRIDDEN)
    )
    assert "twin sister" in event.detail and ana.number in event.detail


def test_open_shows_the_existing_record_instead_of_a_new_one(
    qtbot, gui_services, actor, runner, auth, ana
):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    dialog = open_new_client_dialog(qtbot, window)
    fill(qtbot, dialog, first_name="Ana", last_name="Diaz", date_of_birth="03/04/1980")
    qtbot.waitUntil(lambda: len(dialog.panel.cards) == 1)

    with qtbot.waitSignal(dialog.open_client_requested) as asked:
        qtbot.mouseClick(dialog.panel.cards[0].open_button, Qt.MouseButton.LeftButton)
    assert asked.args == [ana.id]

    from gui.clients.record_window import ClientWindow

    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    assert window.findChild(ClientWindow).client.id == ana.id  # the existing record
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # the new-client form is gone
    assert gui_services.clients.list_page(actor).total == 1


# --- messages beside their fields ---------------------------------------------------


def test_every_bad_field_shows_its_message_at_once(qtbot, gui_services, actor, runner):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    fill(
        qtbot,
        dialog,
        first_name="Ana",
        last_name="Smith",
        date_of_birth="01/01/2015",
        ssn="123-45",
        email="ana.example.org",
        state="ZZ",
        postal_code="1234",
    )
    choose(dialog, "dob_quality", DobQuality.DOESNT_KNOW)  # yet a date was typed
    choose(dialog, "veteran_status", YesNo.YES)  # at eleven years old
    click_save(qtbot, dialog)

    qtbot.waitUntil(dialog.buttons.isEnabled)  # the save was refused
    expected = {
        "ssn": "9 digits",
        "dob_quality": "“Client doesn't know”, yet a date of birth is typed",
        "veteran_status": "under 18",
        "email": "name@example.org",
        "state": "two-letter",
        "postal_code": "ZIP",
    }
    for name, words in expected.items():
        assert dialog.messages[name].isVisible(), name
        assert words in dialog.messages[name].text(), name
    shown_messages = {name for name, label in dialog.messages.items() if label.isVisible()}
    assert shown_messages == set(expected)
    assert dialog.inputs["dob_quality"].hasFocus()  # the first one, reading down the form
    assert gui_services.clients.list_page(actor).total == 0


def test_the_first_bad_field_is_scrolled_into_view(qtbot, gui_services, actor, runner):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    dialog.resize(900, 400)  # a small screen: the form scrolls
    fill(qtbot, dialog, first_name="Ana", last_name="Smith", emergency_phone="12")
    edit = dialog.inputs["emergency_phone"]
    viewport = dialog.scroll.viewport()

    def in_view() -> bool:
        message = dialog.messages["emergency_phone"]
        top_left = message.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(QRect(top_left, message.size()))

    dialog.inputs["first_name"].setFocus()
    dialog.scroll.verticalScrollBar().setValue(0)
    assert not in_view()
    click_save(qtbot, dialog)

    qtbot.waitUntil(dialog.buttons.isEnabled)  # the save was refused
    assert dialog.messages["emergency_phone"].isVisible()
    assert edit.hasFocus()
    qtbot.waitUntil(in_view)


def test_leaving_a_field_rechecks_the_fields_it_affects(qtbot, gui_services, actor, runner):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    choose(dialog, "dob_quality", DobQuality.PREFERS_NOT)
    fill(qtbot, dialog, date_of_birth="05/06/1990")
    qtbot.keyClick(dialog.inputs["date_of_birth"], Qt.Key.Key_Tab)

    assert "yet a date of birth is typed" in dialog.messages["dob_quality"].text()
    assert dialog.messages["dob_quality"].isVisible()
    assert not dialog.messages["first_name"].isVisible()  # untouched fields stay quiet

    dialog.inputs["dob_quality"].setFocus()
    qtbot.keyClick(dialog.inputs["dob_quality"], Qt.Key.Key_Home)  # "(from what is typed)"
    assert dialog.inputs["dob_quality"].code() is None
    assert not dialog.messages["dob_quality"].isVisible()


def test_tab_walks_the_form_in_reading_order(qtbot, gui_services, actor, runner):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    assert dialog.inputs["first_name"].hasFocus()  # ready to type
    expected = []
    for name, widget in dialog.fields.inputs.items():
        if name == "race_ethnicity":
            expected += [box.objectName() for box in widget.focus_widgets()]
        else:
            expected.append(name)
    walked = [QApplication.focusWidget().objectName()]
    for _ in expected[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget().objectName())
    assert walked == expected
    assert walked[:6] == [
        "first_name",
        "middle_name",
        "last_name",
        "suffix",
        "preferred_name",
        "name_quality",
    ]


# --- answers ------------------------------------------------------------------------


def test_a_new_client_starts_with_data_not_collected_and_qualities_from_typing(
    qtbot, gui_services, actor, runner
):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    form = dialog.form()
    assert form.race_ethnicity == {R.NOT_COLLECTED}
    assert (form.sex, form.veteran_status, form.disabling_condition) == (99, 99, 99)
    assert (form.dob_quality, form.ssn_quality) == (None, None)
    assert dialog.inputs["dob_quality"].currentText() == "(from what is typed)"


def test_race_answers_that_mean_no_answer_stand_alone(qtbot, gui_services, actor, runner):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    boxes = dialog.inputs["race_ethnicity"].boxes

    def tick(code):
        boxes[code].setFocus()
        qtbot.keyClick(boxes[code], Qt.Key.Key_Space)
        return dialog.form().race_ethnicity

    assert tick(R.WHITE) == {R.WHITE}  # "not collected" gives way to a real answer
    assert tick(R.HISPANIC_LATINE) == {R.WHITE, R.HISPANIC_LATINE}  # several apply
    assert tick(R.PREFERS_NOT) == {R.PREFERS_NOT}  # clears the real answers
    assert tick(R.DOESNT_KNOW) == {R.DOESNT_KNOW}  # and the other non-answers
    assert tick(R.ASIAN) == {R.ASIAN}
    assert tick(R.ASIAN) == frozenset()  # nothing ticked: stored as "not collected"

    fill(qtbot, dialog, first_name="Ana", last_name="Smith")
    with qtbot.waitSignal(dialog.saved) as saved:
        click_save(qtbot, dialog)
    assert saved.args[0].race_ethnicity == {R.NOT_COLLECTED}


def test_the_whole_record_goes_in_and_comes_back(qtbot, gui_services, actor, runner, supervisor):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    fill(
        qtbot,
        dialog,
        first_name="María José",
        middle_name="Luz",
        last_name="García López",
        suffix="Jr.",
        preferred_name="Majo",
        date_of_birth="07/14/1975",
        ssn="123-45-6789",
        phone="555 201 3344",
        email="majo@example.org",
        address_line1="12 Elm Street",
        address_line2="Apt 3",
        city="Springfield",
        state="il",
        postal_code="62701",
        language="Spanish",
        emergency_name="Rosa García",
        emergency_phone="555 201 9000",
        emergency_relationship="Sister",
    )
    dialog.inputs["race_ethnicity"].boxes[R.HISPANIC_LATINE].click()
    choose(dialog, "sex", Sex.FEMALE)
    choose(dialog, "veteran_status", YesNo.NO)
    choose(dialog, "disabling_condition", YesNo.YES)
    dialog.inputs["interpreter_needed"].click()
    with qtbot.waitSignal(dialog.saved) as saved:
        click_save(qtbot, dialog)

    record = gui_services.clients.open(actor, saved.args[0].id)
    assert (record.state, record.phone, record.interpreter_needed) == ("IL", "(555) 201-3344", True)
    assert (record.dob_quality, record.ssn_quality) == (DobQuality.FULL, SsnQuality.FULL)
    assert record.race_ethnicity == {R.HISPANIC_LATINE}
    assert gui_services.clients.reveal_ssn(supervisor, record.id) == "123456789"

    again = shown(qtbot, runner, gui_services.clients, actor, record)
    assert again.form() == record.as_form()  # every field shown as stored


# --- the SSN when editing -----------------------------------------------------------


def test_an_edit_that_leaves_the_ssn_blank_keeps_it(
    qtbot, gui_services, actor, runner, ana, supervisor
):
    record = gui_services.clients.open(actor, ana.id)
    dialog = shown(qtbot, runner, gui_services.clients, actor, record)
    ssn = dialog.inputs["ssn"]
    assert ssn.text() == ""
    assert ssn.placeholderText() == "•••-••-6789"
    assert dialog.inputs["ssn_quality"].currentText() == "(unchanged: Full SSN reported)"
    assert dialog.ssn_show_button is None  # the front desk sees only the last four
    assert dialog.findChild(QPushButton, "ssn_show") is None

    fill(qtbot, dialog, city="Springfield")
    with qtbot.waitSignal(dialog.saved):
        click_save(qtbot, dialog)

    stored = gui_services.clients.open(supervisor, ana.id)
    assert (stored.city, stored.ssn_last4, stored.ssn_quality) == ("Springfield", "6789", 1)
    assert gui_services.clients.reveal_ssn(supervisor, ana.id) == "123456789"


def test_typing_a_new_ssn_replaces_the_stored_one(
    qtbot, gui_services, actor, runner, ana, supervisor
):
    dialog = shown(
        qtbot, runner, gui_services.clients, actor, gui_services.clients.open(actor, ana.id)
    )
    fill(qtbot, dialog, ssn="4321")
    assert dialog.inputs["ssn_quality"].currentText() == "(from what is typed)"
    with qtbot.waitSignal(dialog.saved):
        click_save(qtbot, dialog)
    stored = gui_services.clients.open(supervisor, ana.id)
    assert (stored.ssn_last4, stored.ssn_quality) == ("4321", SsnQuality.PARTIAL)


def test_show_reveals_the_full_ssn_to_a_supervisor_and_is_audited(
    qtbot, gui_services, actor, runner, ana, supervisor
):
    record = gui_services.clients.open(supervisor, ana.id)
    dialog = shown(qtbot, runner, gui_services.clients, supervisor, record)
    assert dialog.ssn_show_button.isVisible()
    assert not dialog.ssn_revealed.isVisible()

    qtbot.mouseClick(dialog.ssn_show_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(dialog.ssn_revealed.isVisible)
    assert dialog.ssn_revealed.text() == "123-45-6789"
    assert dialog.ssn_revealed.isReadOnly()
    assert dialog.inputs["ssn"].text() == ""  # shown, not put in the form to be saved
    assert not dialog.ssn_show_button.isVisible()
    reveals = gui_services.audit.query(
        supervisor, AuditFilter(action=AuditAction.CLIENT_SSN_VIEWED)
    )
    assert [(e.actor, e.entity_id) for e in reveals] == [("dlee", ana.id)]

    dialog.reject()
    assert dialog.ssn_revealed.text() == ""  # a closed dialog keeps no full number


def test_no_show_button_without_a_stored_ssn(qtbot, gui_services, actor, runner, supervisor):
    saved = gui_services.clients.register(actor, ClientForm(first_name="Bo", last_name="Chen"))
    dialog = shown(
        qtbot,
        runner,
        gui_services.clients,
        supervisor,
        gui_services.clients.open(supervisor, saved.id),
    )
    assert dialog.ssn_show_button is None
    assert dialog.inputs["ssn"].placeholderText() == "123-45-6789 or last four"


def test_a_partial_ssn_without_its_last_four_is_on_file_and_shown_with_x(
    qtbot, gui_services, actor, runner, supervisor
):
    saved = gui_services.clients.register(
        actor,
        ClientForm(
            first_name="Bo", last_name="Chen", ssn="123-45-xxxx", ssn_quality=SsnQuality.PARTIAL
        ),
    )
    dialog = shown(
        qtbot,
        runner,
        gui_services.clients,
        supervisor,
        gui_services.clients.open(supervisor, saved.id),
    )
    assert dialog.inputs["ssn"].placeholderText() == "Partial SSN on file"
    assert dialog.inputs["ssn_quality"].currentText() == "(unchanged: Approximate or partial SSN)"
    qtbot.mouseClick(dialog.ssn_show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.ssn_revealed.isVisible)
    assert dialog.ssn_revealed.text() == "123-45-xxxx"
