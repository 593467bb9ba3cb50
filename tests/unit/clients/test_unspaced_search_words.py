"""Names in scripts written without spaces are found by any run of their characters."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clients._index import search_words
from domain.clients.record import ClientForm, validate_client_form
from domain.clients.search import read_query

TODAY = date(2026, 11, 23)


def words(first: str, last: str) -> set[str]:
    form = ClientForm(first_name=first, last_name=last)
    return search_words(validate_client_form(form, today=TODAY))


def found_by(typed: str, first: str, last: str) -> bool:
    """What storage does: every typed word begins one of the client's words."""
    stored = words(first, last)
    prefixes = read_query(typed).name_prefixes
    return bool(prefixes) and all(any(w.startswith(p) for w in stored) for p in prefixes)


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("王秀英", "秀英", "王"),
        ("秀英", "秀英", "王"),
        ("王秀", "秀英", "王"),
        ("英", "秀英", "王"),
        ("太郎", "太郎", "山田"),
        ("田太", "太郎", "山田"),
        ("山田 太郎", "太郎", "山田"),
        ("민준", "민준", "김"),
        ("김민준", "민준", "김"),
        ("ชาย", "สมชาย", "ใจดี"),  # Thai
        ("王 xiu", "秀英", "王"),  # the script and a romanisation together
        ("wang", "秀英", "王"),  # romanisation still finds it
    ],
)
def test_any_run_of_the_characters_finds_the_name(typed, first, last):
    assert found_by(typed, first, last)


def test_other_characters_do_not():
    assert not found_by("李", "秀英", "王")
    assert not found_by("민수", "민준", "김")


def test_typed_text_in_those_scripts_is_kept_whole():
    assert read_query("王秀英").name_prefixes == ("王秀英",)
    assert read_query("ｶﾀｶﾅ").name_prefixes == ("カタカナ",)  # half-width, as NFKC makes it
    assert read_query("ジョン・スミス").name_prefixes == ("ジョン", "スミス")
