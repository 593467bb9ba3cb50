"""Duplicate detection measured on a labelled set of realistic pairs.

The set is built here: fictional people (Faker), then near-duplicates the way
they happen at a front desk (typos, nicknames, missing accents, swapped date
parts, first and last name swapped, another script), and look-alikes that are
different people (same name with another birth date, relatives, same birthday).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from faker import Faker

from domain.clients.duplicates import PersonKeys, blocking_keys, score

NICKNAMES = {
    "William": "Bill",
    "Robert": "Bob",
    "Elizabeth": "Liz",
    "Richard": "Dick",
    "James": "Jim",
    "Margaret": "Peggy",
    "Katherine": "Kate",
    "Michael": "Mike",
    "Jennifer": "Jen",
    "Joseph": "Joe",
    "José": "Pepe",
    "Francisco": "Paco",
    "Guadalupe": "Lupe",
    "Jesús": "Chuy",
    "Christopher": "Chris",
    "Anthony": "Tony",
}
ACCENTED = [("José", "Muñoz"), ("Sofía", "Hernández"), ("Zoë", "Ødegård"), ("André", "Côté")]
SCRIPTS = [
    ("Наталья", "Иванова", "Natalya", "Ivanova"),
    ("Дмитрий", "Смирнов", "Dmitriy", "Smirnov"),
    ("Ελένη", "Παπαδοπούλου", "Eleni", "Papadopoulou"),
]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiouyrnst") + word[i + 1 :]  # one letter wrong


def strip_accents(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def labelled_pairs(seed: int = 11) -> list[tuple[PersonKeys, PersonKeys, bool, str]]:
    rng = random.Random(seed)
    fake = Faker(["en_US", "es_MX"])
    fake.seed_instance(seed)
    pairs = []

    def born() -> date:
        return date(1940, 1, 1) + timedelta(days=rng.randrange(0, 80 * 365))

    for _ in range(60):
        first, last, dob = fake.first_name(), fake.last_name(), born()
        known = PersonKeys(first, last, dob)
        pairs += [
            (PersonKeys(first, typo(last, rng), dob), known, True, "typo in last name"),
            (PersonKeys(typo(first, rng), last, dob), known, True, "typo in first name"),
            (PersonKeys(last, first, dob), known, True, "first and last swapped"),
            (PersonKeys(first.upper(), last.lower(), dob), known, True, "case"),
        ]
        if dob.day <= 12 and dob.day != dob.month:
            swapped = date(dob.year, dob.day, dob.month)
            pairs.append((PersonKeys(first, last, swapped), known, True, "day and month swapped"))
        # Not the same person: same name, another birth date (years apart).
        other = dob + timedelta(days=rng.randrange(400, 9000))
        pairs.append((PersonKeys(first, last, other), known, False, "same name, other birth date"))
        # A relative: same last name, other first name and birth date.
        pairs.append((PersonKeys(fake.first_name(), last, born()), known, False, "relative"))
        # Harder: two mistakes at once.
        pairs.append(
            (PersonKeys(typo(first, rng), typo(last, rng), dob), known, True, "typos in both names")
        )
        # Twins: same last name and birthday, another first name.
        twin = fake.first_name()
        if twin[:3] != first[:3]:
            pairs.append((PersonKeys(twin, last, dob), known, False, "twin"))
        # A stranger born the same day.
        pairs.append(
            (PersonKeys(fake.first_name(), fake.last_name(), dob), known, False, "same birthday")
        )
    for full, nick in NICKNAMES.items():
        last, dob = fake.last_name(), born()
        pairs.append((PersonKeys(nick, last, dob), PersonKeys(full, last, dob), True, "nickname"))
    for first, last in ACCENTED:
        dob = born()
        pairs.append(
            (
                PersonKeys(strip_accents(first), strip_accents(last), dob),
                PersonKeys(first, last, dob),
                True,
                "missing accents",
            )
        )
    for first, last, latin_first, latin_last in SCRIPTS:
        dob = born()
        pairs.append(
            (
                PersonKeys(latin_first, latin_last, dob),
                PersonKeys(first, last, dob),
                True,
                "another script",
            )
        )
    return pairs


@pytest.fixture(scope="module")
def results():
    return [
        (score(typed, known).likely, truth, kind, typed, known)
        for typed, known, truth, kind in labelled_pairs()
    ]


def test_precision_and_recall_on_the_labelled_set(results):
    true_pos = sum(1 for found, truth, *_ in results if found and truth)
    false_pos = sum(1 for found, truth, *_ in results if found and not truth)
    false_neg = sum(1 for found, truth, *_ in results if not found and truth)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(
        f"\nduplicate detection: precision {precision:.3f}, recall {recall:.3f}, "
        f"{len(results)} labelled pairs"
    )
    assert precision >= 0.95
    assert recall >= 0.95


@pytest.mark.parametrize(
    "kind",
    [
        "nickname",
        "missing accents",
        "another script",
        "day and month swapped",
        "first and last swapped",
    ],
)
def test_every_kind_of_near_duplicate_is_caught(results, kind):
    missed = [
        (typed, known)
        for found, truth, k, typed, known in results
        if k == kind and truth and not found
    ]
    assert missed == []


def test_the_same_name_with_another_birth_date_is_not_flagged(results):
    flagged = [
        (typed, known)
        for found, truth, kind, typed, known in results
        if kind == "same name, other birth date" and found
    ]
    assert flagged == []


def test_a_true_duplicate_shares_a_blocking_key_with_its_original():
    # Storage looks candidates up by these keys: a duplicate without a shared
    # key would never be scored at all.
    for typed, known, truth, kind in labelled_pairs():
        if truth:
            assert blocking_keys(typed) & blocking_keys(known), kind
