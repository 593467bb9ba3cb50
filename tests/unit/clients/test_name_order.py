"""Each client's name is written in the order their culture uses: chosen in the
form, or by the script of the family name when nobody chose."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clients.face_sheet import face_sheet
from domain.clients.hmis import NameQuality
from domain.clients.record import ClientForm, ClientRecord, ClientSummary, validate_client_form
from domain.common.errors import ValidationError

TODAY = date(2026, 11, 23)


def record(first: str, last: str, order: str = "", **more) -> ClientRecord:
    form = ClientForm(first_name=first, last_name=last, name_order=order, **more)
    values = validate_client_form(form, today=TODAY)
    return ClientRecord(**vars(values), id=42)


@pytest.mark.parametrize(
    ("first", "last", "written"),
    [
        ("秀英", "王", "王秀英"),  # Chinese: family first, no space
        ("太郎", "山田", "山田太郎"),  # Japanese kanji
        ("さくら", "佐藤", "佐藤さくら"),  # kanji and kana
        ("민준", "김", "김민준"),  # Korean, as Korean spelling rules write it
        ("Ana", "Diaz", "Ana Diaz"),  # Latin: given first
        ("Наталья", "Иванова", "Наталья Иванова"),
        ("Xiuying", "Wang", "Xiuying Wang"),  # romanised: the script says given first
    ],
)
def test_without_a_choice_the_family_names_script_decides(first, last, written):
    assert record(first, last).display_name == written


def test_a_chosen_order_wins_over_the_script():
    assert record("Xiuying", "Wang", "family_first").display_name == "Wang Xiuying"
    assert record("秀英", "王", "given_first").display_name == "秀英 王"
    assert record("Ánh", "Nguyễn", "family_first", middle_name="Thị").as_form().name_order == (
        "family_first"
    )


def test_the_face_sheet_writes_the_whole_name_in_that_order():
    def name(client: ClientRecord) -> str:
        return dict(face_sheet(client, TODAY).facts[0][1])["Name"]

    assert name(record("Ánh", "Nguyễn", "family_first", middle_name="Thị")) == "Nguyễn Thị Ánh"
    assert name(record("秀英", "王")) == "王秀英"
    assert name(record("Ana", "Diaz", middle_name="Luz", suffix="Jr.")) == "Ana Luz Diaz Jr."
    assert face_sheet(record("秀英", "王"), TODAY).title == "王秀英 · C000042"


def test_list_rows_carry_the_order_too():
    row = ClientSummary(42, "Xiuying", "Wang", None, None, None, name_order="family_first")
    assert row.display_name == "Wang Xiuying"


def test_an_unknown_order_is_refused():
    with pytest.raises(ValidationError) as raised:
        record("Ana", "Diaz", "backwards")
    assert raised.value.errors == {"name_order": "Choose one of the answers."}


def test_one_name_needs_no_order():
    alone = record("秀英", "", "family_first", name_quality=NameQuality.PARTIAL)
    assert alone.display_name == "秀英"
