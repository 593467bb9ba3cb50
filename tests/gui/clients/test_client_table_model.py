"""The client list model: a well-behaved Qt model that loads page by page."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QModelIndex, Qt

from domain.clients.record import ClientPage, ClientSummary
from gui.clients.table_model import ClientTableModel

WHEN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def summaries(ids):
    return tuple(
        ClientSummary(i, f"First{i}", f"Last{i}", date(1980, 1, i % 28 + 1), None, WHEN)
        for i in ids
    )


def test_the_model_passes_qt_model_checks(qtmodeltester):
    model = ClientTableModel()
    model.reset_to(ClientPage(rows=summaries(range(1, 6)), total=5))
    qtmodeltester.check(model, force_py=True)


def test_rows_show_the_client_number_names_and_formatted_date(qapp):
    model = ClientTableModel()
    model.reset_to(ClientPage(rows=summaries([7]), total=1))
    shown = [model.data(model.index(0, col)) for col in range(model.columnCount())]
    assert shown[:5] == ["C000007", "Last7", "First7", "01/08/1980", ""]
    assert model.data(model.index(0, 0), ClientTableModel.ClientIdRole) == 7
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Last name"


def test_scrolling_to_the_end_asks_for_the_next_page_once(qtbot):
    model = ClientTableModel()
    model.reset_to(ClientPage(rows=summaries(range(1, 4)), total=5))
    asked = []
    model.more_wanted.connect(asked.append)

    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # the view asks again before the page arrives
    assert asked == [3]

    model.append(ClientPage(rows=summaries([3, 4, 5]), total=5))  # 3 overlaps: kept once
    assert model.rowCount() == 5
    assert [model.client_id_at(r) for r in range(5)] == [1, 2, 3, 4, 5]
    assert not model.canFetchMore(QModelIndex())
