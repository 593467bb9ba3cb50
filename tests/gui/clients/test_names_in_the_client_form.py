"""The client form with names as people have them: one name alone, and the
order a name is written in, chosen and shown as the person types."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from domain.clients.hmis import NameQuality
from domain.clients.record import ClientForm, ClientSummary
from gui.clients.finder import SearchResultsModel
from tests.gui.clients.test_client_dialog import choose, shown
from tests.gui.test_main_window import click_save, fill


def test_a_person_with_one_name_is_registered_with_a_partial_name(
    qtbot, gui_services, actor, runner
):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    fill(qtbot, dialog, first_name="Ahmad")
    click_save(qtbot, dialog)
    # "Full" is the default answer: the form says what to choose instead.
    qtbot.waitUntil(lambda: dialog.messages["last_name"].isVisible())
    assert "Partial" in dialog.messages["last_name"].text()
    assert gui_services.clients.search(actor, "ahmad") == []

    choose(dialog, "name_quality", NameQuality.PARTIAL)
    assert dialog.inputs["last_name"].placeholderText() == "One name is enough"
    with qtbot.waitSignal(dialog.saved) as saved:
        click_save(qtbot, dialog)
    client = saved.args[0]
    assert (client.first_name, client.last_name, client.name_quality) == ("Ahmad", "", 2)
    assert client.display_name == "Ahmad"


def test_the_name_order_is_chosen_and_the_form_shows_how_the_name_is_written(
    qtbot, gui_services, actor, runner
):
    dialog = shown(qtbot, runner, gui_services.clients, actor)
    fill(qtbot, dialog, first_name="秀英", last_name="王")
    assert dialog.pane.name_preview.text() == "Written: 王秀英"  # by the script
    order = dialog.inputs["name_order"]
    order.setCurrentIndex(order.findData("given_first"))
    assert dialog.pane.name_preview.text() == "Written: 秀英 王"
    order.setCurrentIndex(order.findData("family_first"))
    dialog.grab().save("/tmp/client_form_name_order.png")
    with qtbot.waitSignal(dialog.saved) as saved:
        click_save(qtbot, dialog)
    client = saved.args[0]
    assert (client.name_order, client.display_name) == ("family_first", "王秀英")

    again = shown(qtbot, runner, gui_services.clients, actor, client)
    assert again.inputs["name_order"].currentData() == "family_first"
    assert again.form().name_order == "family_first"


def test_search_results_write_each_name_as_its_culture_files_it(qtbot):
    model = SearchResultsModel()
    at = datetime(2026, 12, 1, tzinfo=UTC)
    rows = [
        ClientSummary(1, "Ana", "Diaz", None, None, at),
        ClientSummary(2, "秀英", "王", None, None, at),
        ClientSummary(3, "Ahmad", "", None, None, at),
        ClientSummary(4, "", "Sukarno", None, None, at, preferred_name="Bung"),
    ]
    model.reset_to(rows)
    shown_names = [
        model.data(model.index(row, SearchResultsModel.COL_NAME), Qt.ItemDataRole.DisplayRole)
        for row in range(len(rows))
    ]
    assert shown_names == ["Diaz, Ana", "王秀英", "Ahmad", "Sukarno (Bung)"]


def test_a_returning_search_typed_family_name_first_starts_the_form_that_way():
    from gui.clients.intake_window import _name_from

    assert _name_from("山田 太郎") == ("太郎", "山田")
    assert _name_from("Ana Diaz") == ("Ana", "Diaz")
    assert ClientForm().name_order == ""
