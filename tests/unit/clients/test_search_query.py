"""What the search box understands."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clients.search import SearchQuery, name_search_words, read_query


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("C000042", SearchQuery(client_id=42)),
        ("c 42", SearchQuery(client_id=42)),
        ("03/04/1980", SearchQuery(birth_date=date(1980, 3, 4))),
        ("1980-03-04", SearchQuery(birth_date=date(1980, 3, 4))),
        ("555-20", SearchQuery(phone_digits="55520")),
        ("(555) 201-3344", SearchQuery(phone_digits="5552013344")),
        ("6789", SearchQuery(ssn_last4="6789", phone_digits="6789")),
        ("mar riv", SearchQuery(name_prefixes=("mar", "riv"))),
        ("José", SearchQuery(name_prefixes=("jose",))),
        ("Ната", SearchQuery(name_prefixes=("nata",))),
        ("O'Bri", SearchQuery(name_prefixes=("obri",))),
        ("", SearchQuery()),
        ("12", SearchQuery()),
    ],
)
def test_the_search_box_reads_what_people_type(typed, expected):
    assert read_query(typed) == expected


def test_an_empty_query_searches_nothing():
    assert read_query("   ").empty
    assert not read_query("ana").empty


def test_names_in_any_script_are_found_by_their_folded_words():
    assert name_search_words("Наталья", None, "Иванова") == {"natalya", "ivanova"}
    assert name_search_words("José María", "de la Cruz") == {"jose", "maria", "de", "la", "cruz"}
    assert "nata" in read_query("Ната").name_prefixes
