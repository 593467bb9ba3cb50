"""How every CaseDesk list looks and behaves: whole rows, one at a time, read-only,
compact, and Tab moves on to the next control rather than through the cells."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def record_list(
    parent: QWidget, model: QAbstractItemModel, name: str, *, stretch: int | None = None
) -> QTableView:
    """``stretch``: the column that takes what the others, sized to their contents,
    leave (by default the last column does)."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)  # one line per record: more of them in view
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def titled(parent: QWidget, title: str, view: QTableView, *extra: QWidget) -> QWidget:
    """A list under its caption (whose &mnemonic focuses the list), buttons below."""
    box = QWidget(parent)
    caption = QLabel(title, box)
    caption.setBuddy(view)
    caption.setStyleSheet("font-weight: bold;")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(caption)
    layout.addWidget(view, 1)
    if extra:
        buttons = QHBoxLayout()
        for widget in extra:
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
    return box
